"""Calibration corrections through ``jcm-mrv calculate`` (issue 11 item 7, docs/calibration.md).

Hand-worked, solar-pv-th (INV-01: 48 daylight readings a day of 10.25 kWh, EF_RE 0.5
tCO2/MWh; 2025-H1 264.984 MWh → 132.492 t, 2025-H2 269.376 MWh → 134.688 t):

- a calibration on 2025-04-01 finds 1 % (class 0.5S: 0.5 % permissible): 1 January to
  1 April, 91 days × 48 × 10.25 kWh = 44.772 MWh, × 0.99: -0.44772 MWh, -0.22386 t;
  2025-H1 ER 132.26814 t → 132 credits;
- the next one, on 2025-10-20, comes after the validity ended on 2025-09-30: 1 to 20
  October, 20 × 48 × 10.25 kWh = 9.84 MWh, × 0.995: -0.0492 MWh, -0.0246 t; 2025-H2
  ER 134.6634 t → 134 credits.

cogeneration-th (GE-1's gas, FC_i_p, lowers ER: PE = FC × NCV 0.036 GJ/m³ × EF 56.1
tCO2/TJ): a calibration of the gas meter on 2025-04-01 finds 2 %; the readings stamped
1 January to 1 April (the calibration day counts) are 302,000 + 304,000 + 306,000 +
308,000 = 1,220,000 m³, × 1.02: +24,400 m³, PE +24,400 × 0.036 × 56.1 / 1000 =
+49.27824 t; 2025-H1 ER 6,076.5168 - 49.27824 = 6,027.23856 t → 6,027 credits.
"""

from __future__ import annotations

import datetime
import json
import shutil
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.cli.conftest import ROOT, Invoke

import jcm_mrv
from jcm_mrv.engine.results import CalculationResult


def _copy(tmp_path: Path, example: str) -> Path:
    target = tmp_path / example
    shutil.copytree(ROOT / "examples" / example, target, ignore=shutil.ignore_patterns("*.py"))
    return target


class _NoAliases(yaml.SafeDumper):
    """Writes a value shared twice in full: project files refuse YAML anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _with_calibrations(project: Path, records: dict[str, list[dict[str, Any]]]) -> Path:
    """The project file with these calibration records per point (others removed)."""
    document = yaml.safe_load(project.read_text(encoding="utf-8"))
    for point in document["monitoring_points"]:
        point.pop("calibrations", None)
        if records.get(point["id"]):
            point["calibrations"] = records[point["id"]]
    target = project.with_name("calibrated.yaml")
    text = yaml.dump(document, Dumper=_NoAliases, sort_keys=False)
    target.write_text(text, encoding="utf-8")
    return target


def _exact(result: CalculationResult) -> list[Fraction]:
    return [Fraction(p.emission_reductions_exact or p.emission_reductions) for p in result.periods]


def _calculated(project: Path) -> CalculationResult:
    outcome = jcm_mrv.calculate(project)
    assert outcome.result is not None, [f.message for f in outcome.findings]
    return outcome.result.result


D = datetime.date
SOLAR_RECORDS = {
    "INV-01": [
        {"date": D(2024, 12, 15), "certificate": "CAL-2024-0001"},
        {"date": D(2025, 4, 1), "error": 0.01, "valid_until": D(2025, 9, 30)},
        {"date": D(2025, 10, 20)},
    ]
}


def test_the_worked_example_of_the_docs(tmp_path: Path, invoke: Invoke) -> None:
    project = _with_calibrations(_copy(tmp_path, "solar-pv-th") / "project.yaml", SOLAR_RECORDS)
    result = invoke("calculate", project, "--format", "json")
    assert result.exit_code == 0, result.output  # corrections are warnings
    document = json.loads(result.stdout)
    h1, h2 = document["result"]["periods"]
    assert (h1["emission_reductions_rounded"], h2["emission_reductions_rounded"]) == (132, 134)
    assert Fraction(h1["emission_reductions_exact"]) == Fraction("132.26814")
    assert Fraction(h2["emission_reductions_exact"]) == Fraction("134.6634")
    (error_found,) = h1["calibration_corrections"]
    assert error_found == {
        "parameter": "EG_i_p",
        "point": "INV-01",
        "span": "2024-12-15 to 2025-04-01",
        "rule": "error-found",
        "calibration": "2025-04-01",
        "error": 0.01,
        "factor": 0.99,
        "factor_exact": "99/100",
        "readings": 8736,  # 91 days × 96 quarter hours, the night's zeros included
        "amount": -0.44772,
        "amount_exact": "-11193/25000",
        "unit": "MWh",
    }
    (late,) = h2["calibration_corrections"]
    assert (late["rule"], late["span"], late["factor_exact"], late["amount_exact"]) == (
        "late",
        "2025-10-01 to 2025-10-20",
        "199/200",
        "-123/2500",
    )
    findings = {f["code"]: f for f in document["findings"]}
    assert set(findings) == {"JCM-D050", "JCM-D051"}
    lines = project.read_text(encoding="utf-8").splitlines()
    # each finding points at its calibration record in the project file
    assert "2025-04-01" in lines[findings["JCM-D050"]["line"] - 1]
    assert "2025-10-20" in lines[findings["JCM-D051"]["line"] - 1]
    assert invoke("calculate", project, "--strict").exit_code == 1


def test_explain_lists_the_corrections(tmp_path: Path, invoke: Invoke) -> None:
    project = _with_calibrations(_copy(tmp_path, "solar-pv-th") / "project.yaml", SOLAR_RECORDS)
    result = invoke("calculate", project, "--explain")
    assert result.exit_code == 0
    table = result.stdout[result.stdout.index("Calibration corrections") :]
    assert "error-found (2025-04-01)" in table and "-0.447720 MWh" in table
    assert "late (2025-10-20)" in table and "-0.049200 MWh" in table


def test_a_parameter_that_lowers_er_is_corrected_upward(tmp_path: Path) -> None:
    records = {
        "GE-1": [
            {"date": D(2024, 12, 1)},
            {"date": D(2025, 4, 1), "error": -0.02, "parameters": ["FC_i_p"]},
        ]
    }
    project = _with_calibrations(_copy(tmp_path, "cogeneration-th") / "project.yaml", records)
    result = _calculated(project)
    assert _exact(result)[0] == Fraction("6027.23856")
    assert result.periods[0].emission_reductions_rounded == 6027
    (correction,) = result.periods[0].calibration_corrections
    assert (correction.parameter, correction.readings, correction.amount) == ("FC_i_p", 4, 24400)


def test_a_direction_that_depends_on_the_values_is_decided_per_point(
    tmp_path: Path, invoke: Invoke
) -> None:
    """chiller-id: CH-2's consumption raises ER (its corrected COP 6.5 exceeds the
    reference 5.2: each MWh adds 0.8 × (6.5 / 5.2 - 1) = 0.2 t). Recalibrated late, on
    15 December, its December reading (51,000 kWh, stamped 2025-12-01) is lowered by
    0.5 %: -0.255 MWh, -0.051 t; 2025-H2 ER 90.036 - 0.051 = 89.985 t → 89 credits."""
    folder = _copy(tmp_path, "chiller-id")
    text = (folder / "project.yaml").read_text(encoding="utf-8")
    late = text.replace("{date: 2025-12-01, certificate: CAL-2025-1004", "{date: 2025-12-15")
    assert late != text
    (folder / "project.yaml").write_text(late, encoding="utf-8")
    result = invoke("calculate", folder / "project.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    h1, h2 = document["result"]["periods"]
    assert (h1["emission_reductions_rounded"], h2["emission_reductions_rounded"]) == (81, 89)
    assert Fraction(h2["emission_reductions_exact"]) == Fraction("89.985")
    (correction,) = h2["calibration_corrections"]
    assert (correction["point"], correction["rule"], correction["factor_exact"]) == (
        "CH-2",
        "late",
        "199/200",
    )
    assert Fraction(correction["amount_exact"]) == Fraction("-0.255")
    assert [f["code"] for f in document["findings"]] == ["JCM-D051"]


@pytest.mark.parametrize("example", ["chiller-id", "solar-pv-th", "whr-cement-id"])
def test_the_bundled_examples_figures_do_not_move(tmp_path: Path, example: str) -> None:
    """The examples that record calibrations give the figures they give without them."""
    folder = _copy(tmp_path, example)
    recorded = _calculated(folder / "project.yaml")
    assert all(not p.calibration_corrections for p in recorded.periods)
    assert not [f for f in recorded.findings if f.code.startswith("JCM-D05")]
    without = _calculated(_with_calibrations(folder / "project.yaml", {}))
    assert _exact(recorded) == _exact(without)


# -- property: a correction never raises the credits -------------------------------

CASES = {  # example: its points and the monitored parameters that vary by point
    "cogeneration-th": (("GE-1", "GE-2"), ["EG_i_p", "HG_i_p", "FC_i_p"]),
    "chiller-id": (("CH-1", "CH-2"), ["EC_PJ_i_p"]),  # its direction depends on the values
}


@st.composite
def calibrations(draw: st.DrawFn, parameters: list[str]) -> list[dict[str, Any]]:
    """Up to four calibration records of one point, on distinct days around 2025."""
    days = draw(st.lists(st.integers(0, 540), max_size=4, unique=True))
    records = []
    for day in sorted(days):
        date = D(2024, 10, 1) + datetime.timedelta(days=day)
        record: dict[str, Any] = {"date": date}
        if draw(st.booleans()):
            record["error"] = draw(st.integers(-60, 60)) / 1000  # up to ± 6 %
        if draw(st.booleans()):
            record["valid_until"] = date + datetime.timedelta(days=draw(st.integers(0, 400)))
        if draw(st.booleans()):
            record["parameters"] = draw(
                st.lists(st.sampled_from(parameters), min_size=1, max_size=3, unique=True)
            )
        records.append(record)
    return records


@pytest.fixture(scope="module", params=sorted(CASES))
def case(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[Fraction], tuple[str, str], list[str]]:
    """A copy of an example, its exact ER per period without calibrations, its points."""
    example: str = request.param
    folder = tmp_path_factory.mktemp("calibration") / example
    shutil.copytree(ROOT / "examples" / example, folder, ignore=shutil.ignore_patterns("*.py"))
    uncorrected = _exact(_calculated(_with_calibrations(folder / "project.yaml", {})))
    points, parameters = CASES[example]
    return folder / "project.yaml", uncorrected, points, parameters


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_calibration_correction_never_raises_the_credits(
    case: tuple[Path, list[Fraction], tuple[str, str], list[str]], data: st.DataObject
) -> None:
    project, uncorrected, points, parameters = case
    records = {point: data.draw(calibrations(parameters), label=point) for point in points}
    outcome = jcm_mrv.calculate(_with_calibrations(project, records))
    if outcome.result is None:  # only a correction whose direction is not certain stops it
        codes = {f.code for f in outcome.findings if f.severity == "error"}
        assert codes == {"JCM-D052"}, [f.message for f in outcome.findings]
        return
    result = outcome.result.result
    for before, after, period in zip(uncorrected, _exact(result), result.periods, strict=True):
        assert after <= before, period.id
        assert period.emission_reductions_rounded <= max(int(before), 0)
        if not period.calibration_corrections:
            assert after == before, period.id


def test_a_late_calibration_of_both_kinds_lowers_the_credits(
    case: tuple[Path, list[Fraction], tuple[str, str], list[str]],
) -> None:
    """The property test's fixed case: corrections happen, and lower ER."""
    project, uncorrected, points, _ = case
    late = [{"date": D(2024, 12, 1), "valid_until": D(2025, 2, 1)}, {"date": D(2025, 8, 1)}]
    result = _calculated(_with_calibrations(project, dict.fromkeys(points, late)))
    assert all(p.calibration_corrections for p in result.periods)
    assert all(a < b for a, b in zip(_exact(result), uncorrected, strict=True))
