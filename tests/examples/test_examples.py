"""The bundled examples give the numbers worked out by hand (so the docs cannot rot).

examples/solar-pv-th (make_data.py): three inverters, 15-minute readings for 2025, a
constant amount per daylight interval (06:00 to 17:45, 48 intervals a day), nothing at
night; EF_RE = 0.5 tCO2/MWh.

examples/solar-pv-th-xlsx (make_workbook.py): two PV systems, one reading per month in
the long layout of an MRS(input) sheet, PV-A in kWh and PV-B in MWh; EF_RE = 0.6.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import jcm_mrv
from jcm_mrv.api import Calculation
from jcm_mrv.cli import app
from jcm_mrv.engine.results import CalculationResult
from jcm_mrv.exitcodes import ExitCode

EXAMPLES = Path(__file__).parents[2] / "examples"
CSV_EXAMPLE = EXAMPLES / "solar-pv-th" / "project.yaml"
XLSX_EXAMPLE = EXAMPLES / "solar-pv-th-xlsx" / "project.yaml"


def calculated(project: Path, **options: Any) -> CalculationResult:
    """A project calculated through the public API; the test fails if it is unusable."""
    outcome = jcm_mrv.calculate(project, **options)
    assert outcome.result is not None, (outcome.message, outcome.findings)
    return outcome.result.result


@pytest.fixture(scope="module")
def csv_result() -> CalculationResult:
    """The 15-minute example, calculated once (about a second)."""
    return calculated(CSV_EXAMPLE)


@pytest.fixture(scope="module")
def xlsx_result() -> CalculationResult:
    """The monthly workbook example, calculated once."""
    return calculated(XLSX_EXAMPLE)


def test_solar_pv_th_by_hand(csv_result: CalculationResult) -> None:
    # Energy per daylight day: 48 intervals × (10.25 + 12.50 + 7.75) kWh = 48 × 30.5 = 1,464 kWh.
    # INV-01 alone, 2025-H1: 181 days × 48 × 10.25 kWh = 89,052 kWh = 89.052 MWh.
    # 2025-H1: Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 = 181 days;
    #   181 × 1,464 = 264,984 kWh = 264.984 MWh; RE = 264.984 × 0.5 = 132.492 t → 132.
    # 2025-H2: Jul 31 + Aug 31 + Sep 30 + Oct 31 + Nov 30 + Dec 31 = 184 days;
    #   184 × 1,464 = 269,376 kWh = 269.376 MWh; RE = 134.688 t → 134.
    h1, h2 = csv_result.periods
    assert (h1.id, str(h1.start), str(h1.end)) == ("2025-H1", "2025-01-01", "2025-06-30")
    assert (h2.id, str(h2.start), str(h2.end)) == ("2025-H2", "2025-07-01", "2025-12-31")
    assert h1.reference_emissions == pytest.approx(132.492, rel=1e-12)
    assert h2.reference_emissions == pytest.approx(134.688, rel=1e-12)
    assert (h1.project_emissions, h2.project_emissions) == (0.0, 0.0)
    assert h1.emission_reductions == pytest.approx(132.492, rel=1e-12)
    assert (h1.emission_reductions_rounded, h2.emission_reductions_rounded) == (132, 134)
    # credits sum the floored periods: 132 + 134 = 266, not floor(267.18) = 267
    assert csv_result.totals.emission_reductions_rounded == 266
    assert csv_result.totals.emission_reductions == pytest.approx(267.18, rel=1e-12)
    assert csv_result.findings == []


def test_solar_pv_th_explained_per_inverter() -> None:
    result = calculated(CSV_EXAMPLE, periods=["2025-H1"], explain=True)
    eg = next(e for e in result.explanation if e.symbol == "EG_i_p")
    assert eg.points == ["INV-01", "INV-02", "INV-03"]
    # 181 days × 48 intervals × 10.25 / 12.50 / 7.75 kWh
    # = 89,052 / 108,600 / 67,332 kWh = 89.052 / 108.6 / 67.332 MWh
    assert eg.values[0] == pytest.approx([89.052, 108.6, 67.332], rel=1e-12)
    assert eg.periods == ["2025-H1"]


def test_solar_pv_th_xlsx_by_hand(xlsx_result: CalculationResult) -> None:
    # PV-A, month m: 10,000 + 100 m kWh; PV-B: 8.5 + 0.25 m MWh.
    # 2025-H1 (m = 1..6, Σm = 21): PV-A 60,000 + 2,100 = 62,100 kWh = 62.1 MWh;
    #   PV-B 6 × 8.5 + 0.25 × 21 = 51 + 5.25 = 56.25 MWh; 118.35 MWh × 0.6 = 71.01 t → 71.
    # 2025-H2 (m = 7..12, Σm = 57): PV-A 60,000 + 5,700 = 65,700 kWh = 65.7 MWh;
    #   PV-B 51 + 14.25 = 65.25 MWh; 130.95 MWh × 0.6 = 78.57 t → 78.
    h1, h2 = xlsx_result.periods
    assert h1.reference_emissions == pytest.approx(71.01, rel=1e-12)
    assert h2.reference_emissions == pytest.approx(78.57, rel=1e-12)
    assert (h1.emission_reductions_rounded, h2.emission_reductions_rounded) == (71, 78)
    assert xlsx_result.totals.emission_reductions_rounded == 149  # 71 + 78
    assert xlsx_result.findings == []


def test_examples_are_reproducible_and_hashed(xlsx_result: CalculationResult) -> None:
    workbook = EXAMPLES / "solar-pv-th-xlsx" / "monitoring-report.xlsx"
    assert xlsx_result.provenance.data_files == {
        "monitoring-report.xlsx": hashlib.sha256(workbook.read_bytes()).hexdigest()
    }
    assert xlsx_result.provenance.project_sha256 == (
        hashlib.sha256(XLSX_EXAMPLE.read_bytes()).hexdigest()
    )


def test_cli_json_equals_the_python_api() -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["calculate", str(XLSX_EXAMPLE), "--format", "json"])
    second = runner.invoke(app, ["calculate", str(XLSX_EXAMPLE), "--format", "json"])
    assert first.exit_code == ExitCode.OK, first.output
    assert first.stdout_bytes == second.stdout_bytes
    outcome = jcm_mrv.calculate(XLSX_EXAMPLE)
    assert json.loads(first.stdout) == outcome.to_dict(Calculation.to_dict)


def test_cli_table_of_the_example(xlsx_result: CalculationResult) -> None:
    result = CliRunner().invoke(app, ["calculate", str(XLSX_EXAMPLE)])
    assert result.exit_code == ExitCode.OK, result.output
    assert "71.010" in result.stdout
    assert "78.570" in result.stdout
    assert "149" in result.stdout
    assert "attestation-needed" in result.stdout
    # criterion texts are shown as written, "[likely]" included (it is not markup)
    assert "[likely]" in result.stdout
