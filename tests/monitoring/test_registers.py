"""Cumulative register readings (issue 11, item 3): differences, rollover, replacement,
decreases and the conservative rule at period boundaries.

The worked cases use one meter read at the first of each month (kWh) and two quarters:
Q1 = 2025-01-01 to 2025-03-31, Q2 = 2025-04-01 to 2025-06-30. The methodology's unit
is MWh, so an amount of 1600.25 kWh is 1.60025 MWh.
"""

from __future__ import annotations

import datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jcm_mrv.findings import Severity
from jcm_mrv.monitoring import (
    MeterSpec,
    MonitoringData,
    ParameterSpec,
    PeriodSpec,
    SourceSpec,
    read_monitoring_data,
)
from jcm_mrv.monitoring.sources import ErDirection

QUARTERS = (
    PeriodSpec("Q1", datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)),
    PeriodSpec("Q2", datetime.date(2025, 4, 1), datetime.date(2025, 6, 30)),
)
HEADER = "timestamp,point,EG_i_p [kWh]"


def _ms(moment: datetime.datetime) -> int:
    return (moment - datetime.datetime(1970, 1, 1)) // datetime.timedelta(milliseconds=1)


def _csv(path: Path, rows: list[tuple[str, str]], point: str = "PV-01") -> Path:
    path.write_text(
        HEADER + "\n" + "".join(f"{when},{point},{value}\n" for when, value in rows),
        encoding="utf-8",
    )
    return path


def _read(
    path: Path,
    direction: ErDirection = "raises",
    meters: list[MeterSpec] | None = None,
    **source: Any,
) -> MonitoringData:
    spec = ParameterSpec("EG_i_p", "MWh", per_point=True, minimum=0, direction=direction)
    return read_monitoring_data(
        [SourceSpec(path, "wide", registers=("EG_i_p",), **source)],
        {"EG_i_p": spec},
        QUARTERS,
        ["PV-01"],
        meters={"PV-01": meters} if meters else None,
    )


def _exact(data: MonitoringData) -> list[Fraction | float]:
    return list(data.exact["EG_i_p"][:, 0])


def _codes(data: MonitoringData) -> list[str]:
    return [f.code for f in data.findings]


def _finding(data: MonitoringData, code: str) -> Any:
    found = [f for f in data.findings if f.code == code]
    assert found, [f.to_dict() for f in data.findings]
    return found[0]


MONTHLY = [
    ("2025-01-01", "1000"),
    ("2025-02-01", "1500.5"),
    ("2025-03-01", "2100"),
    ("2025-04-01", "2600.25"),
    ("2025-05-01", "3000"),
    ("2025-06-01", "3800"),
    ("2025-07-01", "4000"),
]


def test_a_period_is_the_difference_of_the_readings_at_its_boundaries(tmp_path: Path) -> None:
    # Q1: 2600.25 - 1000 = 1600.25 kWh; Q2: 4000 - 2600.25 = 1399.75 kWh.
    data = _read(_csv(tmp_path / "r.csv", MONTHLY))
    assert _exact(data) == [Fraction("1.60025"), Fraction("1.39975")]
    assert data.values["EG_i_p"][:, 0].tolist() == [1.60025, 1.39975]
    assert not data.findings
    q1 = data.coverage[0]
    assert (q1.period, q1.expected, q1.present) == ("Q1", 3, 3)
    assert q1.registers is not None
    assert q1.to_dict()["registers"] == {
        "first": "2025-01-01",
        "first_reading": "1",
        "last": "2025-04-01",
        "last_reading": "2.60025",
        "unit": "MWh",
        "intervals": 3,
        "rollovers": 0,
        "meters": [],
        "boundaries": [],
    }


def test_a_missing_reading_inside_a_period_loses_nothing(tmp_path: Path) -> None:
    # Without February's reading, Q1 is still 2600.25 - 1000: the differences telescope.
    rows = [row for row in MONTHLY if row[0] != "2025-02-01"]
    data = _read(_csv(tmp_path / "r.csv", rows), direction="lowers")
    assert _exact(data)[0] == Fraction("1.60025")
    assert not data.findings
    assert data.coverage[0].present == data.coverage[0].expected == 3


def test_registers_in_an_xlsx_workbook(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["timestamp", "point", "EG_i_p [kWh]"])
    for when, value in MONTHLY:
        sheet.append([datetime.datetime.fromisoformat(when), "PV-01", float(value)])
    workbook.save(tmp_path / "r.xlsx")
    data = _read(tmp_path / "r.xlsx")
    assert _exact(data) == [Fraction("1.60025"), Fraction("1.39975")]
    assert not data.findings


def test_registers_in_a_long_file(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(
        "timestamp,point,parameter,value,unit\n"
        + "".join(f"{when},PV-01,EG_i_p,{value},kWh\n" for when, value in MONTHLY),
        encoding="utf-8",
    )
    spec = ParameterSpec("EG_i_p", "MWh", per_point=True, minimum=0, direction="raises")
    data = read_monitoring_data(
        [SourceSpec(path, "long", registers=("EG_i_p",))], {"EG_i_p": spec}, QUARTERS, ["PV-01"]
    )
    assert [data.exact["EG_i_p"][n, 0] for n in (0, 1)] == [
        Fraction("1.60025"),
        Fraction("1.39975"),
    ]


def test_rollover_at_the_declared_modulus(tmp_path: Path) -> None:
    # A four-digit register (rolls over at 10000): 9000 -> 9500.5 -> 100 -> 600.25.
    # Q1 = 500.5 + (10000 - 9500.5 + 100) + 500.25 = 500.5 + 599.5 + 500.25 = 1600.25 kWh.
    rows = [
        ("2025-01-01", "9000"),
        ("2025-02-01", "9500.5"),
        ("2025-03-01", "100"),
        ("2025-04-01", "600.25"),
    ]
    data = _read(_csv(tmp_path / "r.csv", rows), meters=[MeterSpec("M-1", rollover=10000)])
    assert _exact(data)[0] == Fraction("1.60025")
    registers = data.coverage[0].registers
    assert registers is not None and registers.rollovers == 1 and registers.meters == ("M-1",)


def test_a_decrease_without_rollover_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    rows = [("2025-01-01", "9000"), ("2025-02-01", "9500.5"), ("2025-03-01", "100")]
    data = _read(_csv(tmp_path / "r.csv", rows))
    finding = _finding(data, "JCM-D040")
    assert finding.severity is Severity.ERROR
    assert (finding.file, finding.row, finding.field) == (
        str(tmp_path / "r.csv"),
        4,
        "EG_i_p [kWh]",
    )
    assert "100 at 2025-03-01" in finding.message and "9500.5 at 2025-02-01" in finding.message
    assert _exact(data)[0] != _exact(data)[0]  # NaN: no value for Q1


def test_an_implausible_rollover_is_an_error(tmp_path: Path) -> None:
    # 600.25 -> 500 as a rollover at 10000 would be 9899.75 kWh: half the register or more.
    rows = [("2025-04-01", "600.25"), ("2025-05-01", "500"), ("2025-07-01", "800")]
    data = _read(_csv(tmp_path / "r.csv", rows), meters=[MeterSpec("M-1", rollover=10000)])
    assert _finding(data, "JCM-D041").row == 3
    assert _exact(data)[1] != _exact(data)[1]


def test_a_reading_beyond_the_register_is_an_error(tmp_path: Path) -> None:
    rows = [("2025-04-01", "600.25"), ("2025-07-01", "10000")]
    data = _read(_csv(tmp_path / "r.csv", rows), meters=[MeterSpec("M-1", rollover=10000)])
    finding = _finding(data, "JCM-D041")
    assert finding.row == 3 and "rolls over at 10000" in finding.message
    assert _exact(data)[1] != _exact(data)[1]


def test_meter_replacement(tmp_path: Path) -> None:
    # Meter A is replaced by B on 15 March at 10:00; A's final reading 9800, B's initial 0.
    # Q1 = (9600 - 9000) + (9800 - 9600) + (250 - 0) = 600 + 200 + 250 = 1050 kWh;
    # Q2 = 1000 - 250 = 750 kWh.
    swap = _ms(datetime.datetime(2025, 3, 15, 10))
    meters = [
        MeterSpec("A", removed=swap, final_reading=9800),
        MeterSpec("B", installed=swap, initial_reading=0),
    ]
    rows = [
        ("2025-01-01", "9000"),
        ("2025-02-01", "9300"),
        ("2025-03-01", "9600"),
        ("2025-04-01", "250"),
        ("2025-07-01", "1000"),
    ]
    data = _read(_csv(tmp_path / "r.csv", rows), meters=meters)
    assert _exact(data) == [Fraction("1.05"), Fraction("0.75")]
    assert not data.findings
    registers = data.coverage[0].registers
    assert registers is not None and registers.meters == ("A", "B")


def test_time_without_a_meter_is_a_gap(tmp_path: Path) -> None:
    # A removed on 10 March, B installed on 20 March: ten days are not metered. EG raises
    # ER, so the gap counts as zero: Q1 = (9800 - 9000) + (250 - 0) = 1050 kWh.
    meters = [
        MeterSpec("A", removed=_ms(datetime.datetime(2025, 3, 10)), final_reading=9800),
        MeterSpec("B", installed=_ms(datetime.datetime(2025, 3, 20)), initial_reading=0),
    ]
    rows = [("2025-01-01", "9000"), ("2025-04-01", "250")]
    data = _read(_csv(tmp_path / "r.csv", rows), meters=meters)
    assert _exact(data)[0] == Fraction("1.05")
    gap = _finding(data, "JCM-D032")
    assert "2025-03-10 to 2025-03-20" in gap.message


def test_a_reading_at_the_replacement_instant_is_refused(tmp_path: Path) -> None:
    swap = _ms(datetime.datetime(2025, 3, 15))
    meters = [
        MeterSpec("A", removed=swap, final_reading=9800),
        MeterSpec("B", installed=swap, initial_reading=0),
    ]
    rows = [("2025-01-01", "9000"), ("2025-03-15", "9800"), ("2025-04-01", "250")]
    data = _read(_csv(tmp_path / "r.csv", rows), meters=meters)
    finding = _finding(data, "JCM-D044")
    assert finding.row == 3 and "exchanged" in finding.message


def test_a_new_meter_below_its_initial_reading_is_a_decrease(tmp_path: Path) -> None:
    swap = _ms(datetime.datetime(2025, 3, 15))
    meters = [
        MeterSpec("A", removed=swap, final_reading=9800),
        MeterSpec("B", installed=swap, initial_reading=500),
    ]
    rows = [("2025-01-01", "9000"), ("2025-04-01", "250")]
    data = _read(_csv(tmp_path / "r.csv", rows), meters=meters)
    finding = _finding(data, "JCM-D040")
    assert "initial reading 500" in finding.message and finding.row == 3


# A reading on 3 April instead of 1 April: [1 March, 3 April) crosses the boundary.
STRADDLING = [
    ("2025-01-01", "1000"),
    ("2025-02-01", "1500.5"),
    ("2025-03-01", "2100"),
    ("2025-04-03", "2600.25"),
    ("2025-05-01", "3000"),
    ("2025-06-01", "3800"),
    ("2025-07-01", "4000"),
]


def test_boundary_straddle_raising_er_counts_in_neither_period(tmp_path: Path) -> None:
    # Q1 = 2100 - 1000 = 1100 kWh (March is a gap); Q2 = 4000 - 2600.25 = 1399.75 kWh
    # (1-3 April is a gap); the 500.25 kWh in between count nowhere.
    data = _read(_csv(tmp_path / "r.csv", STRADDLING), interval="1mo")
    assert _exact(data) == [Fraction("1.1"), Fraction("1.39975")]
    assert _finding(data, "JCM-D042").row == 5
    gaps = [f.message for f in data.findings if f.code == "JCM-D032"]
    assert any("2025-03-01 to 2025-04-01" in m for m in gaps)
    assert any("2025-04-01 to 2025-04-03" in m for m in gaps)
    assert not [f for f in data.findings if f.severity is Severity.ERROR]


def test_boundary_straddle_lowering_er_counts_in_full_in_both(tmp_path: Path) -> None:
    # Q1 = 1100 + 500.25 = 1600.25 kWh; Q2 = 500.25 + 1399.75 = 1900 kWh.
    data = _read(_csv(tmp_path / "r.csv", STRADDLING), direction="lowers", interval="1mo")
    assert _exact(data) == [Fraction("1.60025"), Fraction("1.9")]
    assert _finding(data, "JCM-D043").severity is Severity.WARNING
    assert not [f for f in data.findings if f.severity is Severity.ERROR]
    registers = data.coverage[1].registers
    assert registers is not None
    assert registers.boundaries == (
        "2025-03-01 to 2025-04-03: counted in full in each period it touches",
    )


def test_boundary_straddle_where_the_direction_depends_is_an_error(tmp_path: Path) -> None:
    data = _read(_csv(tmp_path / "r.csv", STRADDLING), direction="depends")
    assert _finding(data, "JCM-D044").severity is Severity.ERROR
    assert all(v != v for v in _exact(data))


def test_a_register_needs_a_summed_parameter(tmp_path: Path) -> None:
    spec = ParameterSpec("EG_i_p", "MWh", per_point=True, aggregation="mean")
    data = read_monitoring_data(
        [SourceSpec(_csv(tmp_path / "r.csv", MONTHLY), "wide", registers=("EG_i_p",))],
        {"EG_i_p": spec},
        QUARTERS,
        ["PV-01"],
    )
    assert "aggregated by mean" in _finding(data, "JCM-D044").message


# -- properties ----------------------------------------------------------------------
_DAYS = [datetime.date(2025, 1, 1) + datetime.timedelta(days=7 * k) for k in range(27)]
_BOUNDARY = datetime.date(2025, 4, 1)
_AMOUNTS = st.decimals(min_value=0, max_value=99999, places=3, allow_nan=False)


def _reading_days() -> list[datetime.date]:
    # weekly readings, and one on each quarter boundary (1 April, 1 July)
    return sorted({*_DAYS[:-1], _BOUNDARY, datetime.date(2025, 7, 1)})


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amounts=st.lists(
        _AMOUNTS, min_size=len(_reading_days()) - 1, max_size=len(_reading_days()) - 1
    ),
    start=_AMOUNTS,
)
def test_differenced_registers_equal_the_interval_readings(
    tmp_path: Path, amounts: list[Any], start: Any
) -> None:
    days = _reading_days()
    registers, total = [start], start
    for amount in amounts:
        total += amount
        registers.append(total)
    register_file = _csv(
        tmp_path / "registers.csv",
        [(d.isoformat(), str(r)) for d, r in zip(days, registers, strict=True)],
    )
    interval_file = tmp_path / "intervals.csv"
    interval_file.write_text(
        HEADER
        + "\n"
        + "".join(f"{d.isoformat()},PV-01,{a}\n" for d, a in zip(days, amounts, strict=False)),
        encoding="utf-8",
    )
    spec = ParameterSpec("EG_i_p", "MWh", per_point=True, minimum=0, direction="raises")
    intervals = read_monitoring_data(
        [SourceSpec(interval_file, "wide")], {"EG_i_p": spec}, QUARTERS, ["PV-01"]
    )
    differenced = _read(register_file)
    assert list(differenced.exact["EG_i_p"][:, 0]) == list(intervals.exact["EG_i_p"][:, 0])
    expected = [
        sum(
            (Fraction(a) for d, a in zip(days, amounts, strict=False) if d < _BOUNDARY), Fraction(0)
        ),
        sum(
            (Fraction(a) for d, a in zip(days, amounts, strict=False) if d >= _BOUNDARY),
            Fraction(0),
        ),
    ]
    assert _exact(differenced) == [e / 1000 for e in expected]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amounts=st.lists(
        _AMOUNTS, min_size=len(_reading_days()) - 1, max_size=len(_reading_days()) - 1
    ),
    # the reading on a period boundary often: the case where the rule matters
    removed=st.one_of(
        st.sampled_from([_reading_days().index(_BOUNDARY), len(_reading_days()) - 1]),
        st.integers(min_value=0, max_value=len(_reading_days()) - 1),
    ),
    direction=st.sampled_from(["raises", "lowers"]),
)
def test_removing_a_reading_never_moves_a_period_against_the_credits(
    tmp_path: Path, amounts: list[Any], removed: int, direction: ErDirection
) -> None:
    """Without any one reading, each period's value moves only in the conservative
    direction (down where an increase raises ER, up where it lowers ER), or the period
    gets no value with an error finding: the credited ER never rises."""
    days = _reading_days()
    registers, total = [Fraction(0)], Fraction(0)
    for amount in amounts:
        total += Fraction(amount)
        registers.append(total)
    rows = [(d.isoformat(), str(float(r))) for d, r in zip(days, registers, strict=True)]
    full = _read(_csv(tmp_path / "full.csv", rows), direction=direction, interval="7d")
    fewer = _read(
        _csv(tmp_path / "fewer.csv", rows[:removed] + rows[removed + 1 :]),
        direction=direction,
        interval="7d",
    )
    errors = [f for f in fewer.findings if f.severity is Severity.ERROR]
    for before, after in zip(_exact(full), _exact(fewer), strict=True):
        if after != after:  # NaN: no value, and an error says why
            assert errors
        elif direction == "raises":
            assert after <= before
        else:
            assert after >= before


@pytest.mark.parametrize("direction", ["raises", "lowers"])
def test_the_first_reading_after_the_start_leaves_a_gap(tmp_path: Path, direction: str) -> None:
    # Readings from 3 January only: 1-3 January is not covered; the gap is handled as
    # any gap (zero where EG raises ER; an error where it lowers it).
    rows = [("2025-01-03", "1000"), ("2025-04-01", "2000")]
    data = _read(_csv(tmp_path / "r.csv", rows), direction=direction)  # type: ignore[arg-type]
    code = "JCM-D032" if direction == "raises" else "JCM-D033"
    assert "2025-01-01 to 2025-01-03" in _finding(data, code).message


def test_files_in_different_units_are_differenced_exactly(tmp_path: Path) -> None:
    # Q1's readings in kWh, Q2's in MWh: [1 March, 1 April) spans both files.
    # Q1 = 2600.25 - 1000 = 1600.25 kWh; Q2 = 4 MWh - 2600.25 kWh = 1399.75 kWh.
    first = _csv(tmp_path / "q1.csv", MONTHLY[:4])
    second = tmp_path / "q2.csv"
    second.write_text(
        "timestamp,point,EG_i_p [MWh]\n2025-05-01,PV-01,3\n2025-07-01,PV-01,4\n",
        encoding="utf-8",
    )
    spec = ParameterSpec("EG_i_p", "MWh", per_point=True, minimum=0, direction="raises")
    data = read_monitoring_data(
        [SourceSpec(path, "wide", registers=("EG_i_p",)) for path in (first, second)],
        {"EG_i_p": spec},
        QUARTERS,
        ["PV-01"],
    )
    assert _exact(data) == [Fraction("1.60025"), Fraction("1.39975")]
    assert not data.findings


def test_readings_with_many_decimals_stay_exact(tmp_path: Path) -> None:
    # 10 decimal places: more than the fast integer path takes; Fractions instead.
    rows = [("2025-01-01", "0.0000000001"), ("2025-04-01", "1.0000000003")]
    data = _read(_csv(tmp_path / "r.csv", rows))
    assert _exact(data)[0] == Fraction("1.0000000002") / 1000


def test_a_meter_history_in_its_own_unit(tmp_path: Path) -> None:
    # The history in MWh, the column in kWh: A's final 9.8 MWh = 9800 kWh, B's initial
    # 0.0005 MWh = 0.5 kWh. Q1 = (9800 - 9000) + (250 - 0.5) = 1049.5 kWh.
    swap = _ms(datetime.datetime(2025, 3, 15))
    meters = [
        MeterSpec("A", removed=swap, final_reading=9.8, unit="MWh"),
        MeterSpec("B", installed=swap, initial_reading=0.0005, unit="MWh"),
    ]
    rows = [("2025-01-01", "9000"), ("2025-04-01", "250")]
    data = _read(_csv(tmp_path / "r.csv", rows), meters=meters)
    assert _exact(data)[0] == Fraction("1.0495")


def test_registers_and_amounts_for_one_period_are_refused(tmp_path: Path) -> None:
    registers = _csv(tmp_path / "registers.csv", MONTHLY)
    amounts = tmp_path / "amounts.csv"
    amounts.write_text(HEADER + "\n2025-03-15,PV-01,500.25\n", encoding="utf-8")
    spec = ParameterSpec("EG_i_p", "MWh", per_point=True, minimum=0, direction="raises")
    data = read_monitoring_data(
        [SourceSpec(registers, "wide", registers=("EG_i_p",)), SourceSpec(amounts, "wide")],
        {"EG_i_p": spec},
        QUARTERS,
        ["PV-01"],
    )
    assert "both register readings and amounts" in _finding(data, "JCM-D044").message
    assert _exact(data)[0] != _exact(data)[0]  # no value for Q1, rather than 500.25 twice
    assert _exact(data)[1] == Fraction("1.39975")


def test_many_decreases_are_listed_a_few_then_counted(tmp_path: Path) -> None:
    start = datetime.datetime(2025, 1, 1)
    rows = [
        ((start + datetime.timedelta(hours=k)).isoformat(), str(100_000 - k)) for k in range(1000)
    ]
    data = _read(_csv(tmp_path / "r.csv", rows))
    decreases = [f for f in data.findings if f.code == "JCM-D040"]
    assert len(decreases) == 11
    assert decreases[-1].message.startswith("989 more register reading(s) of EG_i_p")
    assert _exact(data)[0] != _exact(data)[0]
