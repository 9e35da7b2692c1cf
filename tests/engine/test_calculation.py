"""The calculation engine (``jcm_mrv.engine.calculation``): rounding, overrides, periods, explain.

Most tests use the fixture methodology JCM_TH_AM098 (tests/project/pv-with-consumption.yaml):
``RE_p = sum(EG_i_p × EF_RE, i)``, ``PE_p = EC_p × EF_RE``, ``ER_p = RE_p - PE_p``, with
EF_RE = 1 tCO2/MWh and readings chosen by hand:

- P1: EG = 3 MWh (A) + 1.1 MWh (B), EC = 1.1 MWh. In floats 4.1 - 1.1 is
  2.9999999999999996, one ulp below 3: a naive floor loses a credit; exactly it is 3.
- P2: EG = 10 + 5 MWh, EC = 20 MWh: ER = 15 - 20 = -5 t, so 0 credits.
"""

from __future__ import annotations

import codecs
import datetime
import hashlib
import math
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from jcm_mrv.engine.calculation import Override, calculate_loaded, parse_override
from jcm_mrv.engine.results import CalculationResult
from jcm_mrv.findings import Severity
from jcm_mrv.findings.errors import InputError
from jcm_mrv.project.loader import load_project


def calculate(project: Path | str, **options: Any) -> CalculationResult:
    """The engine on a project file (raises :class:`InputError` like the engine)."""
    return calculate_loaded(load_project(project), **options)


FIXTURE_METHODOLOGY = Path(__file__).parents[1] / "project" / "pv-with-consumption.yaml"

PROJECT = f"""\
kind: project
id: TH991
title: PV with plant consumption (test)
country: TH
methodology:
  id: JCM_TH_AM098
  version: "01.0"
  path: {FIXTURE_METHODOLOGY}
monitoring_points:
  - id: A
  - id: B
parameters:
  EF_RE: 1.0
  CAP_i:
    values: {{A: 20, B: 30}}
    unit: kW
monitoring_options:
  EG_i_p: C
data:
  - path: generation.csv
  - path: consumption.csv
periods:
  - id: P1
    start: 2025-01-01
    end: 2025-01-31
  - id: P2
    start: 2025-02-01
    end: 2025-02-28
"""
GENERATION = "period,point,EG_i_p [MWh]\nP1,A,3\nP1,B,1.1\nP2,A,10\nP2,B,5\n"
CONSUMPTION = "period,EC_p [MWh]\nP1,1.1\nP2,20\n"


@pytest.fixture(scope="module")
def project_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project in a directory of its own."""
    directory = tmp_path_factory.mktemp("consumption")
    (directory / "generation.csv").write_text(GENERATION, encoding="utf-8")
    (directory / "consumption.csv").write_text(CONSUMPTION, encoding="utf-8")
    path = directory / "project.yaml"
    path.write_text(PROJECT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def result(project_file: Path) -> CalculationResult:
    """The fixture project calculated once, with the explanation."""
    return calculate(project_file, explain=True)


def codes_of(result: CalculationResult) -> list[str]:
    """The finding codes of a result, in order."""
    return [f.code for f in result.findings]


# --- rounding ------------------------------------------------------------------------------


def test_one_ulp_below_a_whole_tonne_is_exactly_a_whole_tonne(
    result: CalculationResult,
) -> None:
    assert 4.1 - 1.1 == 2.9999999999999996  # the premise: float noise below 3
    assert math.floor(4.1 - 1.1) == 2  # what a naive floor would issue
    p1 = result.periods[0]
    assert p1.emission_reductions == 2.9999999999999996  # the float figure, for display
    assert p1.emission_reductions_rounded == 3  # from the exact 4.1 - 1.1 = 3
    assert not p1.near_boundary  # exact: nothing was decided by noise, nothing to report


def test_negative_emission_reductions_issue_zero(result: CalculationResult) -> None:
    p2 = result.periods[1]
    assert p2.emission_reductions == -5.0  # 15 - 20
    assert p2.emission_reductions_rounded == 0
    assert p2.negative
    warning = next(f for f in result.findings if f.code == "JCM-C001")
    assert warning.severity is Severity.WARNING
    assert "period P2" in warning.message
    # the total of credits sums the rounded periods: 3 + 0, not floor(3 - 5)
    assert result.totals.emission_reductions_rounded == 3
    assert codes_of(result) == ["JCM-C001"]  # a warning only


def test_rounding_rule_is_recorded(result: CalculationResult) -> None:
    assert result.provenance.rounding == {"mode": "floor", "step": "1"}


# --- the JSON structure --------------------------------------------------------------------


def test_json_has_the_documented_keys_and_no_timestamp(
    result: CalculationResult, project_file: Path
) -> None:
    data = result.to_dict()
    assert list(data) == [
        "project",
        "methodology",
        "periods",
        "totals",
        "eligibility",
        "findings",
        "provenance",
        "explanation",
    ]
    assert data["project"] == {
        "id": "TH991",
        "title": "PV with plant consumption (test)",
        "country": "TH",
    }
    assert data["methodology"]["id"] == "JCM_TH_AM098"
    assert data["methodology"]["version"] == "01.0"
    assert data["methodology"]["sha256"] == sha256(FIXTURE_METHODOLOGY)
    period_keys = {
        "id",
        "start",
        "end",
        "reference_emissions",
        "project_emissions",
        "emission_reductions",
        "emission_reductions_rounded",
    }
    assert all(period_keys <= set(p) for p in data["periods"])
    assert (data["periods"][0]["start"], data["periods"][0]["end"]) == ("2025-01-01", "2025-01-31")
    assert set(data["totals"]) == period_keys - {"id", "start", "end"}
    provenance = data["provenance"]
    assert {"tool_version", "project_sha256", "data_files", "overrides", "rounding"} <= set(
        provenance
    )
    assert provenance["project_sha256"] == sha256(project_file)
    assert provenance["data_files"] == {
        name: sha256(project_file.parent / name) for name in ("consumption.csv", "generation.csv")
    }
    assert provenance["overrides"] == {}
    assert not any("time" in key for key in all_keys(data))


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def all_keys(value: Any) -> list[str]:
    """Every key of a nested JSON value."""
    if isinstance(value, dict):
        return [k for key, item in value.items() for k in [key, *all_keys(item)]]
    if isinstance(value, list):
        return [k for item in value for k in all_keys(item)]
    return []


def test_explanation_has_every_parameter_and_equation_per_period_and_point(
    result: CalculationResult,
) -> None:
    explained = {e.symbol: e for e in result.explanation}
    assert set(explained) == {"EG_i_p", "EC_p", "EF_RE", "CAP_i", "CAP_MIN", "RE_p", "PE_p", "ER_p"}
    eg = explained["EG_i_p"]
    assert (eg.kind, eg.unit, eg.periods, eg.points) == (
        "monitored",
        "MWh",
        ["P1", "P2"],
        ["A", "B"],
    )
    assert eg.values == [[3.0, 1.1], [10.0, 5.0]]
    assert explained["EC_p"].values == [[1.1], [20.0]]
    assert explained["EC_p"].points == []
    cap = explained["CAP_i"]
    assert (cap.kind, cap.periods, cap.points, cap.values) == (
        "project",
        [],
        ["A", "B"],
        [[20, 30]],
    )
    assert explained["CAP_MIN"].values == [[10.0]]
    assert explained["EF_RE"].values == [[1.0]]
    re_p = explained["RE_p"]
    assert re_p.kind == "equation"
    assert re_p.expression is not None and "EG_i_p" in re_p.expression
    assert set(re_p.inputs) == {"EG_i_p", "EF_RE"}
    assert re_p.values == [[4.1], [15.0]]  # 3 + 1.1; 10 + 5
    assert explained["PE_p"].values == [[1.1], [20.0]]
    assert explained["ER_p"].values == [[2.9999999999999996], [-5.0]]


def test_explanation_is_left_out_unless_asked(project_file: Path) -> None:
    assert "explanation" not in calculate(project_file).to_dict()


# --- period selection and overrides --------------------------------------------------------


def test_selected_period_only(project_file: Path) -> None:
    only_p2 = calculate(project_file, periods=["P2"], explain=True)
    assert [p.id for p in only_p2.periods] == ["P2"]
    assert only_p2.totals.emission_reductions == -5.0
    assert codes_of(only_p2) == ["JCM-C001"]  # P1's boundary warning is not P2's business
    eg = next(e for e in only_p2.explanation if e.symbol == "EG_i_p")
    assert (eg.periods, eg.values) == (["P2"], [[10.0, 5.0]])


def test_unknown_period_is_an_input_error(project_file: Path) -> None:
    with pytest.raises(InputError) as raised:
        calculate(project_file, periods=["P9"])
    assert [f.code for f in raised.value.findings] == ["JCM-P014"]
    assert "P9" in raised.value.message


def test_override_changes_the_result_by_the_hand_computed_amount(project_file: Path) -> None:
    # EF_RE 1.0 → 0.8: P2's RE = 15 × 0.8 = 12 t, PE = 20 × 0.8 = 16 t, ER = -4 t;
    # P1's ER = 4.1 × 0.8 - 1.1 × 0.8 = 2.4 t (up to float noise), floored to 2.
    changed = calculate(project_file, overrides=["EF_RE=0.8"])
    assert changed.provenance.overrides == {"EF_RE": "0.8"}
    assert changed.periods[1].reference_emissions == pytest.approx(12.0)
    assert changed.periods[1].emission_reductions == pytest.approx(-4.0)
    assert changed.periods[0].emission_reductions == pytest.approx(2.4)
    assert changed.totals.emission_reductions_rounded == 2


def test_override_with_a_unit_is_converted(project_file: Path) -> None:
    # 450 kgCO2/MWh = 0.45 tCO2/MWh: P2's RE = 15 × 0.45 = 6.75 t.
    changed = calculate(project_file, overrides=[Override("EF_RE", 450, "kgCO2/MWh")])
    assert changed.periods[1].reference_emissions == pytest.approx(6.75)
    assert changed.provenance.overrides == {"EF_RE": "450 kgCO2/MWh"}


def test_override_of_a_per_point_value_can_fail_eligibility(project_file: Path) -> None:
    # CAP_i = 5 kW at every point, below CAP_MIN = 10 kW: C1 fails (an error finding).
    changed = calculate(project_file, overrides=["CAP_i=5"])
    c1 = next(e for e in changed.eligibility if e.id == "C1")
    assert c1.status == "fail"
    assert "A, B" in c1.detail
    failed = next(f for f in changed.findings if f.code == "JCM-C004")
    assert failed.severity is Severity.ERROR
    # the numbers are still computed
    assert [p.emission_reductions_rounded for p in changed.periods] == [3, 0]


def test_eligibility_holds_at_the_boundary(project_file: Path) -> None:
    changed = calculate(project_file, overrides=["CAP_i=10 kW"])  # 10 >= 10
    assert next(e for e in changed.eligibility if e.id == "C1").status == "pass"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EF_RE=0.5", Override("EF_RE", 0.5)),
        ("EF_RE = 450 kgCO2/MWh", Override("EF_RE", 450.0, "kgCO2/MWh")),
        ("CAP_i=1e3", Override("CAP_i", 1000.0)),
    ],
)
def test_parse_override(text: str, expected: Override) -> None:
    assert parse_override(text) == expected


@pytest.mark.parametrize("text", ["EF_RE", "=0.5", "EF_RE=", "EF_RE=half", "EF_RE=nan", "X=inf"])
def test_parse_override_rejects_malformed_text(text: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_override(text)
    assert [f.code for f in raised.value.findings] == ["JCM-P014"]


# --- the same data in every file format ----------------------------------------------------

# Two PV systems, two periods of a month; readings in kWh (EF_RE = 0.5 tCO2/MWh):
# P1: 12,500.5 + 11,000.25 (PV-A) + 9,800.75 + 10,200 (PV-B) = 43,501.5 kWh = 43.5015 MWh;
#     RE = 43.5015 × 0.5 = 21.75075 t → 21.
# P2: 14,000.125 + 9,000.5 = 23,000.625 kWh = 23.000625 MWh; RE = 11.5003125 t → 11.
READINGS = (
    ("2025-01-05T10:00", "PV-A", 12500.5),
    ("2025-01-05T10:00", "PV-B", 9800.75),
    ("2025-01-20T10:00", "PV-A", 11000.25),
    ("2025-01-20T10:00", "PV-B", 10200.0),
    ("2025-02-10T10:00", "PV-A", 14000.125),
    ("2025-02-10T10:00", "PV-B", 9000.5),
)

SMALL_PROJECT = """\
kind: project
id: TH990
title: A small PV project (test)
country: TH
methodology:
  id: JCM_TH_AM001
  version: "01.0"
monitoring_points:
  - id: PV-A
  - id: PV-B
parameters:
  EF_RE: 0.5
  P_out_i: {{unit: kW, values: {{PV-A: 100, PV-B: 100}}}}  # the readings are checked
monitoring_options:
  EG_i_p: C
data:
  - {data}
periods:
  - id: P1
    start: 2025-01-01
    end: 2025-01-31
  - id: P2
    start: 2025-02-01
    end: 2025-02-28
"""


def _wide_csv(directory: Path) -> str:
    lines = ["timestamp,point,EG_i_p [kWh]"] + [f"{t},{p},{v}" for t, p, v in READINGS]
    (directory / "readings.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "{path: readings.csv, layout: wide}"


def _long_csv(directory: Path) -> str:
    lines = ["timestamp,point,parameter,value,unit"]
    lines += [f"{t},{p},EG_i_p,{v / 1000!r},MWh" for t, p, v in READINGS]  # MWh this time
    (directory / "readings.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "{path: readings.csv, layout: long}"


def _cp932_csv(directory: Path) -> str:
    # As Japanese Excel saves it: Shift-JIS, CRLF, Japanese headers and slashed dates.
    lines = ["日時,モニタリングポイント,発電量 EG_i_p [kWh],備考"]
    for t, p, v in READINGS:
        moment = datetime.datetime.fromisoformat(t)
        lines.append(f"{moment:%Y/%m/%d %H:%M},{p},{v},点検済み")
    (directory / "readings.csv").write_bytes(codecs.encode("\r\n".join(lines) + "\r\n", "cp932"))
    return "{path: readings.csv, layout: wide}"


def _xlsx(directory: Path) -> str:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "MRS(input)"
    sheet.append(["timestamp", "point", "parameter", "value", "unit", "monitoring option"])
    for t, p, v in READINGS:
        sheet.append([datetime.datetime.fromisoformat(t), p, "EG_i_p", v, "kWh", "C"])
    workbook.save(directory / "readings.xlsx")
    return "{path: readings.xlsx, layout: long, sheet: MRS(input)}"


WRITERS = {"wide CSV": _wide_csv, "long CSV": _long_csv, "CP932 CSV": _cp932_csv, "xlsx": _xlsx}


@pytest.fixture(scope="module")
def by_format(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The small project calculated from each file format, as JSON data."""
    results = {}
    for name, write in WRITERS.items():
        directory = tmp_path_factory.mktemp(name.replace(" ", "-"))
        data = write(directory)
        (directory / "project.yaml").write_text(SMALL_PROJECT.format(data=data), encoding="utf-8")
        results[name] = calculate(directory / "project.yaml").to_dict()
    return results


def test_every_file_format_gives_the_hand_computed_numbers(
    by_format: dict[str, dict[str, Any]],
) -> None:
    for name, data in by_format.items():
        assert [p["emission_reductions_rounded"] for p in data["periods"]] == [21, 11], name
        assert [p["reference_emissions"] for p in data["periods"]] == pytest.approx(
            [21.75075, 11.5003125], rel=1e-12
        ), name
        assert data["findings"] == [], name


def test_every_file_format_gives_identical_json_but_for_the_hashes(
    by_format: dict[str, dict[str, Any]],
) -> None:
    def without_hashes(data: dict[str, Any]) -> dict[str, Any]:
        hashes = ("data_files", "project_sha256", "inputs", "result_sha256")
        provenance = {k: v for k, v in data["provenance"].items() if k not in hashes}
        return {**data, "provenance": provenance}

    reference = without_hashes(by_format["wide CSV"])
    for name, data in by_format.items():
        assert without_hashes(data) == reference, name
    # and the hashes do differ: the files are not the same bytes
    assert len({str(d["provenance"]["data_files"]) for d in by_format.values()}) == len(WRITERS)
