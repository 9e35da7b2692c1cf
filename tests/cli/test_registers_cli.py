"""Register (cumulative) meter readings through ``jcm-mrv calculate`` and ``validate``.

examples/solar-pv-mn-registers, hand-worked: a PV system on Mongolia's grid
(JCM_MN_AM003: ER = EG x EF_grid, EF_grid 0.797 tCO2/MWh) read monthly off a four-digit
register (rolls over at 10000 kWh). Meter A-1 is replaced by B-2 on 15 March at 10:00
(A-1's final reading 9800, B-2's initial 0).

    Q1: 9000 -> 9900 = 900; 9900 -> 500 over the rollover = 10000 - 9900 + 500 = 600;
        500 -> 9800 (A-1's final reading) = 9300; 0 (B-2's initial) -> 250 = 250.
        EG = 11050 kWh = 11.05 MWh; ER = 11.05 x 0.797 = 8.80685 t: 8 credits.
    Q2: 250 -> 1000 = 750 kWh; ER = 0.75 x 0.797 = 0.59775 t: 0 credits.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from tests.cli.conftest import ROOT, Invoke

EXAMPLE = ROOT / "examples" / "solar-pv-mn-registers"
PROJECT = (EXAMPLE / "project.yaml").read_text(encoding="utf-8")
READINGS = (EXAMPLE / "registers.csv").read_text(encoding="utf-8")


def _project(tmp_path: Path, project: str = PROJECT, readings: str = READINGS) -> Path:
    """A copy of examples/solar-pv-mn-registers, its files changed as given."""
    (tmp_path / "registers.csv").write_text(readings, encoding="utf-8")
    path = tmp_path / "project.yaml"
    path.write_text(project, encoding="utf-8")
    return path


def test_credits_from_register_readings(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke("calculate", _project(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    periods = json.loads(result.stdout)["result"]["periods"]
    assert [p["emission_reductions_exact"] for p in periods] == ["176137/20000", "2391/4000"]
    assert [p["emission_reductions_rounded"] for p in periods] == [8, 0]
    registers = periods[0]["coverage"][0]["registers"]
    assert registers["meters"] == ["A-1", "B-2"]
    assert registers["rollovers"] == 1
    assert (registers["first"], registers["last"]) == ("2025-01-01", "2025-04-01")


def test_explain_names_register_differences(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke("calculate", _project(tmp_path), "--explain")
    assert result.exit_code == 0, result.output
    assert "differences of register readings" in result.stdout


def test_a_decreasing_reading_stops_the_calculation(tmp_path: Path, invoke: Invoke) -> None:
    project = PROJECT.replace("        rollover: 10000\n", "")
    result = invoke("calculate", _project(tmp_path, project), "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document.get("result") is None
    decrease = [f for f in document["findings"] if f["code"] == "JCM-D040"]
    assert decrease and decrease[0]["row"] == 4
    assert decrease[0]["file"].endswith("registers.csv")


def test_a_reading_on_no_boundary_gives_no_credit_for_the_gap(
    tmp_path: Path, invoke: Invoke
) -> None:
    # The reading of 1 April taken on 3 April instead: B-2's [15 March 10:00, 3 April)
    # = 250 kWh crosses the boundary, and EG raises ER, so it counts in neither quarter.
    readings = READINGS.replace("2025-04-01,250", "2025-04-03,250")
    result = invoke("calculate", _project(tmp_path, readings=readings), "--format", "json")
    assert result.exit_code == 0, result.output  # warnings only: the figures are conservative
    document = json.loads(result.stdout)
    codes = {f["code"] for f in document["findings"]}
    assert {"JCM-D042", "JCM-D032"} <= codes
    periods = document["result"]["periods"]
    # Q1 = 900 + 600 + 9300 = 10800 kWh: 10.8 x 0.797 = 8.6076 t
    assert periods[0]["emission_reductions_exact"] == "21519/2500"
    # Q2 = 1000 - 250 = 750 kWh, as before (3 April to 1 July)
    assert periods[1]["emission_reductions_exact"] == "2391/4000"


def test_validate_reports_the_meter_history_in_the_project_file(
    tmp_path: Path, invoke: Invoke
) -> None:
    project = PROJECT.replace(
        "installed: 2025-03-15T10:00:00", "installed: 2025-03-10T10:00:00"
    ).replace("        final_reading: 9800\n", "")
    project = project.replace("registers: [EG_i_p]", "registers: [EG_ip]")
    result = invoke("validate", _project(tmp_path, project), "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    located = {(f["code"], f.get("line")) for f in findings}
    # (final_reading removed) line 17: meter A-1, without a final reading; line 22:
    # B-2's 'installed', before A-1 is removed; line 42: the misspelt register
    assert ("JCM-P021", 17) in located
    assert ("JCM-P020", 22) in located
    assert ("JCM-P021", 42) in located


def test_validate_refuses_a_history_reading_beyond_the_register(
    tmp_path: Path, invoke: Invoke
) -> None:
    project = PROJECT.replace("initial_reading: 0", "initial_reading: 10000")
    result = invoke("validate", _project(tmp_path, project), "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    beyond = [f for f in findings if f["code"] == "JCM-P021"]
    assert beyond and beyond[0]["line"] == 24  # B-2's initial_reading
    assert "rolls over at 10000" in beyond[0]["message"]


def test_validate_passes_the_worked_project(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke("validate", _project(tmp_path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("removed", range(1, len(READINGS.splitlines())))
def test_removing_any_reading_never_raises_the_credits(
    tmp_path: Path, invoke: Invoke, removed: int
) -> None:
    lines = READINGS.splitlines(keepends=True)
    fewer = "".join(lines[:removed] + lines[removed + 1 :])
    result = invoke("calculate", _project(tmp_path, readings=fewer), "--format", "json")
    document = json.loads(result.stdout)
    if result.exit_code == 2:  # no result: an error finding says why
        assert any(f["severity"] == "error" for f in document["findings"])
        return
    exact = [Fraction(p["emission_reductions_exact"]) for p in document["result"]["periods"]]
    assert exact[0] <= Fraction("8.80685") and exact[1] <= Fraction("0.59775")


def test_a_calibration_corrects_the_differences_never_the_index(
    tmp_path: Path, invoke: Invoke
) -> None:
    """A calibration error corrects the amounts between readings, not the meter's index.

    PV-01's meter is calibrated on 1 January (no error, valid to 31 March) and on
    31 March, which finds it reading 2 % high (permissible 0.5 %). The readings from
    1 January to 31 March, both days included, are corrected down by 2 % (EG raises ER):

        Q1: EG = 11050 kWh x 0.98 = 10829 kWh (the four differences 900, 600, 9300 and
            250, each x 0.98); ER = 10.829 x 0.797 = 8.630713 t: 8 credits.
        Q2: [1 April, 1 May) starts after the span: 750 kWh, uncorrected (ER 0.59775 t).

    Scaling the index instead (9000 -> 8820, 9900 -> 9702, 500 -> 490 ...) would read a
    different rollover and give other differences altogether.
    """
    calibrated = PROJECT.replace(
        "    meters:\n",
        "    permissible_error: 0.005\n"
        "    calibrations:\n"
        "      - {date: 2025-01-01, error: 0.0, valid_until: 2025-03-31}\n"
        "      - {date: 2025-03-31, error: 0.02, valid_until: 2025-12-31}\n"
        "    meters:\n",
    )
    assert calibrated != PROJECT
    result = invoke("calculate", _project(tmp_path, calibrated), "--format", "json")
    document = json.loads(result.stdout)
    periods = document["result"]["periods"]
    assert [p["emission_reductions_exact"] for p in periods] == ["8630713/1000000", "2391/4000"]
    assert [p["emission_reductions_rounded"] for p in periods] == [8, 0]
    (correction,) = periods[0]["calibration_corrections"]
    assert Fraction(correction["factor_exact"]) == Fraction(49, 50)
    assert Fraction(correction["amount_exact"]) == Fraction(-221, 1000)  # MWh: 11.05 x 0.02
    assert periods[1]["calibration_corrections"] == []
    codes = {f["code"] for f in document["findings"]}
    assert "JCM-D050" in codes
    assert not [f for f in document["findings"] if f["severity"] == "error"]
