"""jcm_mrv.verify: a claim against a recomputation, with integrity and materiality."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jcm_mrv
from jcm_mrv.engine.provenance import content_sha256
from jcm_mrv.findings import Severity, codes
from jcm_mrv.findings.errors import InputError
from jcm_mrv.verification import VerificationReport
from jcm_mrv.verification.integrity import check_result

from .conftest import change_reading, result_json, verified


def save_result(project: Path, name: str = "result.json", *, explain: bool = False) -> Path:
    """Calculate the project and save its result JSON next to it."""
    path = project.parent / name
    path.write_text(result_json(project, explain=explain), encoding="utf-8")
    return path


def found(report: VerificationReport, code: codes.Code) -> list[str]:
    """The messages of the report's findings with this code."""
    return [f.message for f in report.findings if f.code == code.code]


def test_an_untouched_result_verifies_cleanly(project: Path) -> None:
    claim = save_result(project)
    report = verified(project, claim)
    assert not report.failed
    assert report.periods == ["2025-H1", "2025-H2"]
    assert {row.status for row in report.rows} == {"agrees"}
    assert len(report.rows) == 8  # RE, PE, ER, rounded ER for two periods
    assert report.claim_result_sha256 == report.recomputed_sha256
    assert report.conclusion.startswith("No discrepancy")


def test_a_changed_monitoring_value_names_the_file_and_the_period(project: Path) -> None:
    claim = save_result(project, explain=True)
    change_reading(project)  # CH-1, January 2025: 31,000 kWh → 124,000 kWh
    report = verified(project, claim)
    assert report.failed
    changed = [f for f in report.findings if f.code == codes.INPUT_CHANGED.code]
    assert len(changed) == 1 and "chiller-power.csv" in changed[0].message
    assert report.material_periods == ["2025-H1"]
    er = next(r for r in report.rows if (r.period, r.quantity) == ("2025-H1", "ER"))
    # 93 MWh more of project consumption at 0.8 t/MWh raises PE by 74.4 t; RE rises
    # by the reference chiller's share of that consumption. ER moves, and by how much:
    assert er.difference == pytest.approx(er.claimed - er.recomputed)
    assert abs(er.difference) > 1.0
    assert er.share == pytest.approx(er.difference / er.recomputed)
    assert next(r for r in report.rows if r.period == "2025-H2").status == "agrees"
    # and where the two calculations part: the monitored value of CH-1 in 2025-H1
    first = report.first_difference
    assert first is not None
    assert (first.symbol, first.period, first.point) == ("EC_PJ_i_p", "2025-H1", "CH-1")
    assert first.recomputed - (first.claimed or 0) == pytest.approx(93.0)
    assert found(report, codes.CALCULATIONS_PART)


def test_a_hand_edited_rounded_er_is_reported_as_such(project: Path) -> None:
    claim = save_result(project)
    document = json.loads(claim.read_text(encoding="utf-8"))
    document["result"]["periods"][0]["emission_reductions_rounded"] = 810
    data = document
    claim.write_text(json.dumps(data, indent=2), encoding="utf-8")
    report = verified(project, claim)
    assert found(report, codes.RESULT_HASH_MISMATCH)
    assert any("810" in m for m in found(report, codes.ROUNDING_INCONSISTENT))
    assert report.material_periods == ["2025-H1"]
    assert report.failed


def test_a_re_hashed_edit_is_still_caught_by_the_rounding_check(project: Path) -> None:
    claim = save_result(project)
    data = json.loads(claim.read_text(encoding="utf-8"))["result"]
    data["periods"][1]["emission_reductions_rounded"] = 300
    data["totals"]["emission_reductions_rounded"] = 381
    data["provenance"]["result_sha256"] = content_sha256(data)
    findings = check_result(data, file="r.json")
    assert [f.code for f in findings] == [codes.ROUNDING_INCONSISTENT.code]
    assert "300" in findings[0].message and "90" in findings[0].message


def test_other_tool_and_methodology_versions_are_reported(project: Path) -> None:
    claim = save_result(project)
    data = json.loads(claim.read_text(encoding="utf-8"))["result"]
    data["provenance"]["tool_version"] = "0.0.1"
    data["methodology"]["sha256"] = "0" * 64
    data["provenance"]["result_sha256"] = content_sha256(data)
    found_codes = {f.code for f in check_result(data, file="r.json", project=project)}
    assert found_codes == {codes.TOOL_VERSION_DIFFERS.code, codes.METHODOLOGY_DIFFERS.code}


def test_a_missing_input_is_reported(project: Path) -> None:
    claim = save_result(project)
    data = json.loads(claim.read_text(encoding="utf-8"))["result"]
    (project.parent / "chiller-power.csv").rename(project.parent / "moved.csv")
    findings = check_result(data, file=str(claim), project=project)
    assert [f.code for f in findings] == [codes.INPUT_MISSING.code]
    assert "chiller-power.csv" in findings[0].message


def write_claim(project: Path, er_h1: str, er_h2: str = "90.036") -> Path:
    claim = project.parent / "claim.csv"
    claim.write_text(f"Period,ER (tCO2)\n2025-H1,{er_h1}\n2025-H2,{er_h2}\n", encoding="utf-8")
    return claim


def test_a_difference_below_materiality_is_a_warning(project: Path) -> None:
    report = verified(project, write_claim(project, "83.5"))  # +1.672 t, 2 % of 81.828
    assert not report.failed
    warnings = [f for f in report.findings if f.code == codes.DISCREPANCY.code]
    assert len(warnings) == 1 and warnings[0].severity is Severity.WARNING
    assert "+1.672" in warnings[0].message and "2025-H1" in warnings[0].message
    assert warnings[0].row == 2
    assert report.conclusion.startswith("No material discrepancy: 1 discrepancy")


def test_a_difference_above_materiality_is_an_error(project: Path) -> None:
    report = verified(project, write_claim(project, "90.0"))  # +8.172 t, 10 %
    assert report.failed
    assert report.material_periods == ["2025-H1"]
    # the same difference is below a materiality of 15 %
    assert not verified(project, write_claim(project, "90.0"), materiality=0.15).failed


def test_figures_agree_within_the_claims_stated_precision(project: Path) -> None:
    # 81.83 states ER to two decimals: 81.828 agrees; 81.84 does not
    assert not found(verified(project, write_claim(project, "81.83")), codes.DISCREPANCY)
    assert found(verified(project, write_claim(project, "81.84")), codes.DISCREPANCY)


def test_the_bundled_example_claim_has_a_material_error_in_2025_h2() -> None:
    from .conftest import EXAMPLE

    report = verified(EXAMPLE / "project.yaml", EXAMPLE / "claimed.csv")
    assert report.material_periods == ["2025-H2"]
    statuses = {(r.period, r.quantity): r.status for r in report.rows}
    assert statuses[("2025-H1", "ER")] == "agrees"
    assert statuses[("2025-H2", "PE")] == statuses[("2025-H2", "ER")] == "material"
    assert not found(report, codes.CALIBRATION_GAP)  # both meters' records cover 2025
    assert found(report, codes.UNCONFIRMED_VALUE)
    assert not found(report, codes.ATTESTATION_MISSING)


def test_claims_by_dates_and_unknown_periods(project: Path) -> None:
    claim = project.parent / "claim.csv"
    claim.write_text(
        "start,end,credits\n2025-01-01,2025-06-30,81\n2026-01-01,2026-06-30,5\n",
        encoding="utf-8",
    )
    report = verified(project, claim)
    assert report.periods == ["2025-H1"]
    assert found(report, codes.CLAIM_PERIOD_UNKNOWN)
    assert found(report, codes.PERIOD_NOT_CLAIMED) == [
        "period 2025-H2 has no claimed figures; it was not compared"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("period,remark\n2025-H1,fine\n", "no figure column"),
        ("ER\n81\n", "no period column"),
        ("period,ER [MWh]\n2025-H1,81\n", "tCO2"),
        ("period,ER\n2025-H1,eighty\n", "eighty"),
        ("period,ER\n", "no period rows"),
    ],
)
def test_unusable_claim_tables_are_refused(project: Path, text: str, message: str) -> None:
    claim = project.parent / "claim.csv"
    claim.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        verified(project, claim)
    assert message in raised.value.message
    assert [f.code for f in raised.value.findings] == [codes.CLAIM_INVALID.code]


def test_an_xlsx_claim(project: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Period ID", "Reference emissions (tCO2)", "Credits"])
    sheet.append(["2025-H1", 467.028, 81])
    sheet.append(["2025-H2", 518.436, 95])
    path = project.parent / "claim.xlsx"
    book.save(path)
    report = verified(project, path)
    assert [(r.period, r.quantity, r.status) for r in report.rows] == [
        ("2025-H1", "RE", "agrees"),
        ("2025-H1", "ER rounded", "agrees"),
        ("2025-H2", "RE", "agrees"),
        ("2025-H2", "ER rounded", "material"),
    ]


def test_a_claim_with_overrides_is_recomputed_with_them(project: Path) -> None:
    claim = project.parent / "result.json"
    claim.write_text(result_json(project, overrides=["EF_elec=0.7"]), "utf-8")
    report = verified(project, claim)
    assert found(report, codes.CLAIM_OVERRIDES)
    assert {row.status for row in report.rows} == {"agrees"}


def test_report_json_has_the_comparison_and_conclusion(project: Path) -> None:
    data = verified(project, write_claim(project, "90.0")).to_dict()
    assert data["conclusion"].startswith("Material discrepancy in period(s) 2025-H1")
    row = next(r for r in data["comparison"] if r["period"] == "2025-H1")
    assert row == {
        "period": "2025-H1",
        "quantity": "ER",
        "claimed": 90.0,
        "recomputed": pytest.approx(81.828),
        "difference": pytest.approx(8.172),
        "share_of_er": pytest.approx(8.172 / 81.828),
        "status": "material",
    }
    assert data["claim"]["kind"] == "table" and len(data["claim"]["sha256"]) == 64


def test_materiality_out_of_range_is_refused(project: Path) -> None:
    with pytest.raises(InputError):
        verified(project, write_claim(project, "81.83"), materiality=1.5)


def test_a_result_of_another_project_is_refused(project: Path) -> None:
    claim = save_result(project)
    data = json.loads(claim.read_text(encoding="utf-8"))
    data["result"]["project"]["id"] = "ID999"
    claim.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="ID999"):
        verified(project, claim)


def test_verify_is_exported_even_after_the_package_is_imported() -> None:
    # importing a submodule sets an attribute of its package: it must not shadow verify()
    import jcm_mrv.verification.bundle

    assert callable(jcm_mrv.verify)
    assert jcm_mrv.verify.__module__ == "jcm_mrv.api"


def test_the_library_verify_returns_an_outcome(project: Path) -> None:
    outcome = jcm_mrv.verify(project, write_claim(project, "90.0"))
    assert outcome.result is not None
    assert outcome.exit_code() == 1  # 90.0 claimed against 81.828 recomputed: 10 %
    assert {f.code for f in outcome.findings} >= {codes.DISCREPANCY_MATERIAL.code}
    unusable = jcm_mrv.verify(project, project.parent / "missing.csv")
    assert unusable.result is None and unusable.exit_code() == 2


def test_a_data_file_outside_the_project_folder_is_refused(project: Path, tmp_path: Path) -> None:
    # Data stays inside the project's folder (docs/security.md): a result can never
    # rest on a file the verifier cannot be given with the project.
    (project.parent / "chiller-power.csv").rename(tmp_path / "shared.csv")
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("path: chiller-power.csv", "path: ../shared.csv"), "utf-8")
    outcome = jcm_mrv.calculate(project)
    assert outcome.result is None
    assert "JCM-P017" in {f.code for f in outcome.findings}
