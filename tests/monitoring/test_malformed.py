"""Malformed data files: each gives the expected finding, located, and never a traceback."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

from jcm_mrv.findings import Severity
from jcm_mrv.monitoring import ParameterSpec, PeriodSpec, SourceSpec

from .conftest import PERIODS, read, wide_csv_text, write_text

HEADER = "timestamp,point,EG_i_p [kWh]"


def _csv(
    text: str, name: str = "data.csv", layout: str = "wide", **spec: Any
) -> Callable[[Path], SourceSpec]:
    def build(tmp_path: Path) -> SourceSpec:
        return SourceSpec(write_text(tmp_path / name, text), layout, **spec)  # type: ignore[arg-type]

    return build


def _wide(*rows: str, header: str = HEADER) -> Callable[[Path], SourceSpec]:
    return _csv(header + "\n" + "".join(r + "\n" for r in rows))


FULL = (
    "2025-01-01T00:00,INV-01,1500",
    "2025-01-01T00:00,INV-02,1000",
    "2025-01-02T00:00,INV-01,4000",
    "2025-01-02T00:00,INV-02,125",
)


def _xlsx(
    rows: list[list[Any]], title: str = "Sheet1", layout: str = "wide", **spec: Any
) -> Callable[[Path], SourceSpec]:
    def build(tmp_path: Path) -> SourceSpec:
        workbook = openpyxl.Workbook()
        worksheet = workbook.active
        worksheet.title = title
        for row in rows:
            worksheet.append(row)
        path = tmp_path / "data.xlsx"
        workbook.save(path)
        return SourceSpec(path, layout, **spec)  # type: ignore[arg-type]

    return build


def _cp932_declared_utf8(tmp_path: Path) -> SourceSpec:
    text = "日時,point,発電量 EG_i_p [kWh]\n" + "".join(r + "\n" for r in FULL)
    return SourceSpec(write_text(tmp_path / "sjis.csv", text, "cp932"), "wide", encoding="utf-8")


def _missing_file(tmp_path: Path) -> SourceSpec:
    return SourceSpec(tmp_path / "nowhere.csv", "wide")


def _not_a_workbook(tmp_path: Path) -> SourceSpec:
    return SourceSpec(write_text(tmp_path / "fake.xlsx", "this is not a zip file"), "wide")


def _legacy_xls(tmp_path: Path) -> SourceSpec:
    return SourceSpec(write_text(tmp_path / "old.xls", "\xd0\xcf"), "wide")


def _directory(tmp_path: Path) -> SourceSpec:
    (tmp_path / "adir.csv").mkdir()
    return SourceSpec(tmp_path / "adir.csv", "wide")


@dataclass(frozen=True)
class Case:
    """A malformed input and the finding it must give."""

    build: Callable[[Path], SourceSpec]
    code: str
    where: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    severity: Severity = Severity.ERROR
    parameters: dict[str, ParameterSpec] | None = None
    periods: tuple[PeriodSpec, ...] = PERIODS


CASES: dict[str, Case] = {
    "text in a number cell": Case(
        _wide(FULL[0], "2025-01-01T00:00,INV-02,n/a", *FULL[2:]),
        "JCM-D009",
        {"row": 3, "field": "EG_i_p [kWh]"},
        "'n/a'",
    ),
    "dash for no data is not zero": Case(
        _wide(FULL[0], "2025-01-01T00:00,INV-02,-", *FULL[2:]), "JCM-D009", {"row": 3}
    ),
    "unit that does not convert": Case(
        _wide(*FULL, header="timestamp,point,EG_i_p [kW]"),
        "JCM-D008",
        {"row": 1, "field": "EG_i_p [kW]"},
        "does not convert",
    ),
    "unknown unit": Case(
        _wide(*FULL, header="timestamp,point,EG_i_p [kWhh]"),
        "JCM-D007",
        {"row": 1, "field": "EG_i_p [kWhh]"},
    ),
    "no unit in the header": Case(
        _wide(*FULL, header="timestamp,point,EG_i_p"),
        "JCM-D006",
        {"row": 1, "field": "EG_i_p"},
        "EG_i_p [MWh]",
    ),
    "missing point column": Case(
        _wide("2025-01-01T00:00,1500", header="timestamp,EG_i_p [kWh]"),
        "JCM-D005",
        {"row": 1},
        "'point'",
    ),
    "missing timestamp column": Case(
        _wide("INV-01,1500", header="point,EG_i_p [kWh]"), "JCM-D005", {"row": 1}, "timestamp"
    ),
    "negative reading where the minimum is 0": Case(
        _wide(*FULL[:3], "2025-01-02T00:00,INV-02,-125"),
        "JCM-D015",
        {"row": 5, "field": "EG_i_p [kWh]"},
        "negative",
    ),
    "duplicated timestamp": Case(
        _wide(*FULL, "2025-01-01T00:00,INV-01,1500"),
        "JCM-D016",
        {"row": 6},
        "also in row 2",
    ),
    "a period with no data": Case(_wide(*FULL[:2]), "JCM-D017", {}, "'P2'"),
    "readings outside every period": Case(
        _wide(*FULL, "2025-01-03T00:00,INV-01,7", "2025-01-04T00:00,INV-01,8"),
        "JCM-D018",
        {"row": 6},
        "2 reading(s)",
        Severity.WARNING,
    ),
    "blank value cell": Case(
        _wide(*FULL, "2025-01-01T12:00,INV-01,"),
        "JCM-D019",
        {"row": 6},
        "1 blank cell(s)",
        Severity.WARNING,
    ),
    "unknown point id": Case(
        _wide(*FULL, "2025-01-01T12:00,INV-99,5", "2025-01-02T12:00,INV-99,5"),
        "JCM-D011",
        {"row": 6, "field": "point"},
        "2 row(s) name point 'INV-99'",
    ),
    "bad timestamp text": Case(
        _wide(*FULL, "yesterday,INV-01,5"),
        "JCM-D010",
        {"row": 6, "field": "timestamp"},
        "'yesterday'",
    ),
    "impossible date": Case(_wide(*FULL, "2025-02-30T00:00,INV-01,5"), "JCM-D010", {"row": 6}),
    "timestamp with a time zone": Case(
        _wide(*FULL, "2025-01-01T12:00+07:00,INV-01,5"), "JCM-D010", {"row": 6}, "time zone"
    ),
    "a bare year is not a timestamp": Case(_wide(*FULL, "2025,INV-01,5"), "JCM-D010", {"row": 6}),
    "row with values but no timestamp": Case(
        _wide(*FULL, ",INV-01,5"), "JCM-D013", {"row": 6, "field": "timestamp"}
    ),
    "two columns for one parameter": Case(
        _wide("2025-01-01T00:00,INV-01,1,1", header=HEADER + ",EG_i_p [MWh]"),
        "JCM-D020",
        {"row": 1, "field": "EG_i_p [MWh]"},
    ),
    "no column for any parameter": Case(
        _wide("2025-01-01T00:00,INV-01,1", header="timestamp,point,output"),
        "JCM-D021",
        {"row": 1},
        "EG_i_p [MWh]",
        Severity.WARNING,
    ),
    "row longer than the header": Case(
        _wide(*FULL, "2025-01-01T12:00,INV-01,5,oops"), "JCM-D022", {"row": 6}, "", Severity.WARNING
    ),
    "data file that does not exist": Case(_missing_file, "JCM-D001", {}, "cannot read"),
    "a directory instead of a file": Case(_directory, "JCM-D001"),
    "not an xlsx workbook": Case(_not_a_workbook, "JCM-D001", {}, "not a readable xlsx"),
    "legacy xls workbook": Case(_legacy_xls, "JCM-D001", {}, ".xlsx"),
    "empty file": Case(_csv(""), "JCM-D003", {}, "empty"),
    "only blank lines": Case(_csv("\n\n,,\n"), "JCM-D003"),
    "header only": Case(_csv(HEADER + "\n"), "JCM-D003", {"row": 1}, "no data rows"),
    "wrong encoding declared": Case(
        _cp932_declared_utf8, "JCM-D002", {"row": 1}, "looks like cp932"
    ),
    "unknown encoding name": Case(
        _csv(wide_csv_text(), encoding="klingon"), "JCM-D002", {}, "klingon"
    ),
    "sheet that does not exist": Case(
        _xlsx([["timestamp", "point", "EG_i_p [kWh]"]], title="Data", sheet="Readings"),
        "JCM-D004",
        {"sheet": "Readings"},
        "'Data'",
    ),
    "uncached formula in xlsx": Case(
        _xlsx(
            [
                ["timestamp", "point", "EG_i_p [kWh]"],
                [datetime.datetime(2025, 1, 1), "INV-01", 1500],
                [datetime.datetime(2025, 1, 1), "INV-02", "=C2*2"],
                [datetime.datetime(2025, 1, 2), "INV-01", 4000],
                [datetime.datetime(2025, 1, 2), "INV-02", 125],
            ]
        ),
        "JCM-D014",
        {"sheet": "Sheet1", "cell": "C3", "row": 3},
        "formula without a stored value",
    ),
    "number where an xlsx timestamp is expected": Case(
        _xlsx([["timestamp", "point", "EG_i_p [kWh]"], [45658.5, "INV-01", 1]]),
        "JCM-D010",
        {"sheet": "Sheet1", "cell": "A2"},
        "format the cell as a date",
    ),
    "text in an xlsx number cell": Case(
        _xlsx(
            [
                ["timestamp", "point", "EG_i_p [kWh]"],
                [datetime.datetime(2025, 1, 1), "INV-01", "abc"],
            ]
        ),
        "JCM-D009",
        {"sheet": "Sheet1", "cell": "C2"},
    ),
    "unknown period id in long layout": Case(
        _csv(
            "period,point,parameter,value,unit\n"
            "P1,INV-01,EG_i_p,1,MWh\nP1,INV-02,EG_i_p,1,MWh\n"
            "P2,INV-01,EG_i_p,1,MWh\nP2,INV-02,EG_i_p,1,MWh\nP3,INV-01,EG_i_p,1,MWh\n",
            layout="long",
        ),
        "JCM-D012",
        {"row": 6, "field": "period"},
        "period 'P3'",
    ),
    "unit that does not convert in a long file": Case(
        _csv("period,point,parameter,value,unit\nP1,INV-01,EG_i_p,1,t/p\n", layout="long"),
        "JCM-D008",
        {"row": 2, "field": "unit"},
    ),
    "empty unit cell in a long file": Case(
        _csv("period,point,parameter,value,unit\nP1,INV-01,EG_i_p,1,\n", layout="long"),
        "JCM-D006",
        {"row": 2, "field": "unit"},
    ),
    "long file without a unit column": Case(
        _csv("period,point,parameter,value\nP1,INV-01,EG_i_p,1\n", layout="long"),
        "JCM-D005",
        {"row": 1},
        "'unit'",
    ),
    "per-period value above the maximum": Case(
        _csv("period,point,parameter,value,unit\nP1,INV-01,EG_i_p,5000,MWh\n", layout="long"),
        "JCM-D015",
        {"row": 2, "field": "value"},
        "above the maximum 1000",
        parameters={"EG_i_p": ParameterSpec("EG_i_p", "MWh", True, maximum=1000.0)},
    ),
    "duplicated period value in a long file": Case(
        _csv(
            "period,point,parameter,value,unit\nP1,INV-01,EG_i_p,1,MWh\nP1,INV-01,EG_i_p,2,MWh\n",
            layout="long",
        ),
        "JCM-D016",
        {"row": 3},
        "period 'P1'",
    ),
    "overlapping periods": Case(
        _wide(*FULL),
        "JCM-P009",
        {},
        "overlap",
        periods=(
            PeriodSpec("A", datetime.date(2025, 1, 1), datetime.date(2025, 1, 31)),
            PeriodSpec("B", datetime.date(2025, 1, 15), datetime.date(2025, 2, 28)),
        ),
    ),
    "source declares an unknown point": Case(
        _csv("timestamp,EG_i_p [kWh]\n2025-01-01T00:00,1\n", point="INV-7"), "JCM-D011"
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_input_gives_a_located_finding(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    source = case.build(tmp_path)
    data = read(source, parameters=case.parameters, periods=case.periods)
    matching = [f for f in data.findings if f.code == case.code]
    assert matching, [f.to_dict() for f in data.findings]
    finding = matching[0]
    assert finding.severity is case.severity
    assert case.message in finding.message
    if case.code not in {"JCM-D017", "JCM-P009"}:
        assert finding.file == str(source.path)
    for key, value in case.where.items():
        assert getattr(finding, key) == value, finding.to_dict()


def test_a_bad_cell_leaves_its_period_and_point_without_value(tmp_path: Path) -> None:
    source = _wide(FULL[0], "2025-01-01T00:00,INV-02,n/a", *FULL[2:])(tmp_path)
    values = read(source).values["EG_i_p"]
    assert np.isnan(values[0, 1])  # never a total that silently lacks the bad cell
    np.testing.assert_array_equal(values[[0, 1, 1], [0, 0, 1]], [1.5, 4.0, 0.125])


def test_duplicated_readings_leave_their_period_without_value(tmp_path: Path) -> None:
    source = _wide(*FULL, "2025-01-01T00:00,INV-01,1500")(tmp_path)
    values = read(source).values["EG_i_p"]
    assert np.isnan(values[0, 0])
    assert values[0, 1] == 1.0


def test_readings_outside_periods_are_left_out(tmp_path: Path) -> None:
    source = _wide(*FULL, "2025-01-03T00:00,INV-01,7")(tmp_path)
    data = read(source)
    np.testing.assert_array_equal(data.values["EG_i_p"], [[1.5, 1.0], [4.0, 0.125]])


def test_many_bad_cells_are_summarised(tmp_path: Path) -> None:
    rows = [f"2025-01-01T{h:02d}:00,INV-01,x" for h in range(24)]
    data = read(_wide(*rows, *FULL[1:])(tmp_path))
    not_numbers = [f for f in data.findings if f.code == "JCM-D009"]
    assert len(not_numbers) == 11  # ten listed, then one that counts the rest
    assert "14 more" in not_numbers[-1].message


def test_thousands_separators_and_full_width_digits_are_numbers(tmp_path: Path) -> None:
    text = (
        "timestamp,point,EG_i_p [kWh]\n"
        '2025-01-01T00:00,INV-01,"1,500"\n'
        "2025-01-01T00:00,INV-02,１０００\n"
        '2025-01-02T00:00,INV-01,"4,000.0"\n'
        "2025-01-02T00:00,INV-02, 125 \n"
    )
    # '1,500' reads two ways unless the file declares its thousands separator
    source = SourceSpec(write_text(tmp_path / "t.csv", text), "wide", thousands="comma")
    data = read(source)
    assert data.findings == []
    np.testing.assert_array_equal(data.values["EG_i_p"], [[1.5, 1.0], [4.0, 0.125]])


def test_malformed_thousands_separators_are_text(tmp_path: Path) -> None:
    text = 'timestamp,point,EG_i_p [kWh]\n2025-01-01T00:00,INV-01,"1,50"\n'
    data = read(SourceSpec(write_text(tmp_path / "t.csv", text), "wide"))
    finding = next(f for f in data.findings if f.code == "JCM-D009")
    assert finding.row == 2


def test_the_parameter_bounds_apply_to_a_mean_per_reading(tmp_path: Path) -> None:
    cop = ParameterSpec("COP_PJ_i", "dimensionless", True, "mean", minimum=0.5, maximum=10)
    text = (
        "timestamp,point,COP_PJ_i [-]\n"
        "2025-01-01T00:00,INV-01,5\n2025-01-01T01:00,INV-01,12\n2025-01-01T00:00,INV-02,4\n"
    )
    data = read(SourceSpec(write_text(tmp_path / "c.csv", text), "wide"), {"COP_PJ_i": cop})
    finding = next(f for f in data.findings if f.code == "JCM-D015")
    assert (finding.row, finding.field) == (3, "COP_PJ_i [-]")
    assert np.isnan(data.values["COP_PJ_i"][0, 0])
    assert data.values["COP_PJ_i"][0, 1] == 4.0


def test_a_period_total_above_the_maximum_is_an_error(tmp_path: Path) -> None:
    capped = ParameterSpec("EG_i_p", "MWh", True, minimum=0, maximum=5)
    data = read(_wide(*FULL, "2025-01-01T12:00,INV-01,4000")(tmp_path), {"EG_i_p": capped})
    finding = next(f for f in data.findings if f.code == "JCM-D015")
    assert "period 'P1' at point 'INV-01'" in finding.message  # 1.5 + 4 = 5.5 MWh > 5
    assert np.isnan(data.values["EG_i_p"][0, 0])


def test_period_values_and_timestamped_readings_do_not_mix(tmp_path: Path) -> None:
    periods = SourceSpec(
        write_text(tmp_path / "p.csv", "period,point,EG_i_p [MWh]\nP1,INV-01,1\n"), "wide"
    )
    data = read([_wide(*FULL)(tmp_path), periods])
    finding = next(f for f in data.findings if f.code == "JCM-D024")
    assert "'P1' at point 'INV-01'" in finding.message
    assert np.isnan(data.values["EG_i_p"][0, 0])


def test_duplicates_across_two_files_name_both(tmp_path: Path) -> None:
    first = SourceSpec(
        write_text(tmp_path / "a.csv", wide_csv_text(HEADER, [r.split(",") for r in FULL])), "wide"
    )
    second = SourceSpec(
        write_text(tmp_path / "b.csv", HEADER + "\n2025-01-02T00:00,INV-02,125\n"), "wide"
    )
    data = read([first, second])
    finding = next(f for f in data.findings if f.code == "JCM-D016")
    assert finding.file == str(second.path) and finding.row == 2
    assert f"row 5 of {first.path}" in finding.message


def test_timestamps_at_the_end_of_their_interval(tmp_path: Path) -> None:
    # A meter read at midnight closes the previous day: 2025-01-02T00:00 belongs to P1.
    text = (
        HEADER
        + "\n2025-01-01T12:00,INV-01,1\n2025-01-02T00:00,INV-01,2\n2025-01-03T00:00,INV-01,4\n"
    )
    source = SourceSpec(write_text(tmp_path / "e.csv", text), "wide", timestamps="end")
    data = read(source, {"EG_i_p": ParameterSpec("EG_i_p", "kWh", True)}, points=["INV-01"])
    assert data.findings == []
    np.testing.assert_array_equal(data.values["EG_i_p"], [[1 + 2], [4]])
