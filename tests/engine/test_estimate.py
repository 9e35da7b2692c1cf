"""The ex-ante estimate and the programme screening (issue 13 item 4)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jcm_mrv
from jcm_mrv.cli import app
from jcm_mrv.outcome import Status

ROOT = Path(__file__).parent.parent.parent
SOLAR = ROOT / "examples" / "solar-pv-th"


def _copy(tmp_path: Path, old: str, new: str) -> Path:
    """The solar PV example in ``tmp_path`` with ``old`` replaced by ``new`` in its file."""
    target = tmp_path / "solar"
    shutil.copytree(SOLAR, target)
    project = target / "project.yaml"
    text = project.read_text(encoding="utf-8")
    assert old in text
    project.write_text(text.replace(old, new), encoding="utf-8")
    return project


def test_annual_er_and_cost_effectiveness_by_hand() -> None:
    # The example estimates 620.5 + 598.25 + 410 MWh a year at EF_RE 0.5 tCO2/MWh:
    # RE = 1628.75 × 0.5 = 814.375 t, PE = 0, ER = 814.375 t, floored: 814 credits.
    outcome = jcm_mrv.estimate(SOLAR / "project.yaml")
    assert outcome.status is Status.CLEAN
    estimate = outcome.result
    assert estimate is not None
    assert estimate.annual_emission_reductions == 814.375
    assert estimate.annual_credits == 814
    assert estimate.annual.periods[0].reference_emissions == 814.375
    assert estimate.annual.periods[0].project_emissions == 0
    # 10 crediting years and 17 durable years: exact figures times the years, and the
    # floored annual ER times the years as credits.
    assert estimate.crediting_period.emission_reductions == 8143.75
    assert estimate.crediting_period.credits == 8140
    assert estimate.durable_years.emission_reductions == 13844.375
    assert estimate.durable_years.credits == 814 * 17
    cost, payback = estimate.screening
    # 50,000,000 yen ÷ (814.375 t × 17 years) = 3,611.575… yen/tCO2, under 4,000.
    assert cost.value == pytest.approx(50_000_000 / (814.375 * 17), rel=1e-15)
    assert round(cost.value, 3) == 3611.575
    assert cost.passed and cost.threshold == 4000 and cost.formula_source == "likely"
    assert "subsidy ÷ (annual ER × durable years)" in cost.formula
    # (180,000,000 − 50,000,000) ÷ 21,000,000 = 6.19 years, at least 3.
    assert payback.value == pytest.approx(130 / 21)
    assert payback.passed and payback.threshold == 3
    assert payback.threshold_source == "confirmed"


def test_failed_screening_is_a_warning(tmp_path: Path) -> None:
    project = _copy(tmp_path, "subsidy: 50000000", "subsidy: 60000000")
    outcome = jcm_mrv.estimate(project)
    assert outcome.result is not None
    cost = outcome.result.screening[0]
    assert not cost.passed and cost.value == pytest.approx(60_000_000 / (814.375 * 17))
    assert [f.code for f in outcome.findings] == ["JCM-C007"]
    assert outcome.exit_code() == 0 and outcome.exit_code(strict=True) == 1


def test_missing_point_estimate_is_refused_with_its_location(tmp_path: Path) -> None:
    project = _copy(tmp_path, "      INV-03: 410\n", "      INV-99: 410\n")
    outcome = jcm_mrv.estimate(project)
    assert outcome.status is Status.UNUSABLE and outcome.result is None
    assert {f.code for f in outcome.findings} == {"JCM-C006"}
    messages = " ".join(f.message for f in outcome.findings)
    assert "INV-99" in messages and "no estimate at INV-03" in messages
    assert all(f.line for f in outcome.findings)


def test_project_without_estimates_is_unusable() -> None:
    outcome = jcm_mrv.estimate(ROOT / "examples" / "solar-pv-ke" / "project.yaml")
    assert outcome.status is Status.UNUSABLE
    assert [f.code for f in outcome.findings] == ["JCM-C006"]


def test_command_json_and_japanese_markdown() -> None:
    project = str(SOLAR / "project.yaml")
    result = CliRunner().invoke(app, ["estimate", project, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["result"]
    assert data["annual"]["emission_reductions_rounded"] == 814
    assert data["durable_years"]["credits"] == 13838
    assert data["screening"][0]["passed"] is True
    japanese = CliRunner().invoke(app, ["estimate", project, "-f", "markdown", "--lang", "ja"])
    assert japanese.exit_code == 0
    assert "排出削減量" in japanese.stdout and "費用対効果" in japanese.stdout
    assert "| 年間 | 814.375 | 0.000 | 814.375 | 814 |" in japanese.stdout
    assert "補助金額 ÷ (年間排出削減量 × 法定耐用年数)" in japanese.stdout
    english = CliRunner().invoke(app, ["estimate", project])
    assert english.exit_code == 0 and "3,611.6 yen/tCO2" in english.stdout
    # the JSON never changes with the language
    ja_json = CliRunner().invoke(app, ["estimate", project, "-f", "json", "--lang", "ja"])
    assert json.loads(ja_json.stdout) == json.loads(result.stdout)


def test_one_number_for_several_points_is_refused(tmp_path: Path) -> None:
    # 1628.75 could be each inverter's or all three's: the estimate does not guess.
    project = _copy(
        tmp_path,
        "    EG_i_p:  # MWh generated per year at each inverter\n"
        "      INV-01: 620.5\n      INV-02: 598.25\n      INV-03: 410\n",
        "    EG_i_p: 1628.75\n",
    )
    outcome = jcm_mrv.estimate(project)
    assert outcome.result is None
    assert [f.code for f in outcome.findings] == ["JCM-C006"]
    assert "one estimate per point" in outcome.findings[0].message
