"""The checks beyond arithmetic: calibration, monitoring plan, attestations, marks."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from jcm_mrv.findings import codes
from jcm_mrv.project.model import MonitoringPoint, Period
from jcm_mrv.verification.checks import calibration_findings

from .conftest import verified

D = datetime.date
H1 = Period(id="H1", start=D(2025, 1, 1), end=D(2025, 6, 30))
H2 = Period(id="H2", start=D(2025, 7, 1), end=D(2025, 12, 31))


def point_with(*calibrations: dict[str, str], meter: str | None = "M1") -> MonitoringPoint:
    """A monitoring point whose calibrations are given with ISO dates."""
    records = [{k: D.fromisoformat(v) for k, v in c.items()} for c in calibrations]
    return MonitoringPoint.model_validate({"id": "P1", "meter": meter, "calibrations": records})


def gaps(*calibrations: dict[str, str]) -> list[str]:
    point = point_with(*calibrations)
    findings = calibration_findings(point, [H1, H2], {"file": "project.yaml"})
    return [f.message for f in findings if f.code == codes.CALIBRATION_GAP.code]


def test_no_calibration_leaves_every_period_uncovered() -> None:
    assert gaps() == [
        "period H1: meter M1 of P1: no calibration is recorded",
        "period H2: meter M1 of P1: no calibration is recorded",
    ]


def test_calibrations_that_cover_everything() -> None:
    assert gaps({"date": "2024-12-01", "valid_until": "2026-11-30"}) == []
    # without valid_until a calibration lasts until the next one (the last: for ever)
    assert gaps({"date": "2024-12-01"}, {"date": "2025-08-01"}) == []


def test_a_calibration_after_the_start_leaves_the_first_days_uncovered() -> None:
    assert gaps({"date": "2025-01-10", "valid_until": "2026-01-09"}) == [
        "period H1: meter M1 of P1: no calibration covers 2025-01-01 to 2025-01-09"
    ]


def test_gaps_between_and_after_calibrations() -> None:
    messages = gaps(
        {"date": "2024-12-01", "valid_until": "2025-03-31"},
        {"date": "2025-04-02", "valid_until": "2025-10-31"},
    )
    assert messages == [
        "period H1: meter M1 of P1: no calibration covers 2025-04-01",
        "period H2: meter M1 of P1: no calibration covers 2025-11-01 to 2025-12-31",
    ]


def test_the_last_calibration_without_validity_is_noted() -> None:
    point = point_with({"date": "2024-12-01"}, meter=None)
    findings = calibration_findings(point, [H1], {"file": "project.yaml"})
    assert [f.code for f in findings] == [codes.CALIBRATION_VALIDITY_UNSTATED.code]


def edit(project: Path, old: str, new: str) -> None:
    text = project.read_text(encoding="utf-8")
    assert old in text
    project.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def claim(project: Path) -> Path:
    return project.parent / "claimed.csv"


def test_a_monitoring_option_that_differs_from_the_registered_plan(
    project: Path, claim: Path
) -> None:
    edit(project, "  options:\n    EC_PJ_i_p: C", "  options:\n    EC_PJ_i_p: B")
    report = verified(project, claim)
    deviations = [f for f in report.findings if f.code == codes.MONITORING_PLAN_DEVIATION.code]
    assert len(deviations) == 1
    assert "option C" in deviations[0].message and "option B" in deviations[0].message
    assert deviations[0].line is not None  # points at the project file's monitoring_options


def test_missing_and_unknown_attestations(project: Path, claim: Path) -> None:
    edit(project, "  C3: {document: Refrigerant", "  C9: {document: Refrigerant")
    report = verified(project, claim)
    missing = [f.message for f in report.findings if f.code == codes.ATTESTATION_MISSING.code]
    unknown = [f.message for f in report.findings if f.code == codes.ATTESTATION_UNKNOWN.code]
    assert len(missing) == 1 and missing[0].startswith("eligibility criterion C3 needs")
    assert len(unknown) == 1 and "C9" in unknown[0]


def test_values_marked_likely_or_open_are_listed(project: Path, claim: Path) -> None:
    report = verified(project, claim)
    marked = [f for f in report.findings if f.code == codes.UNCONFIRMED_VALUE.code]
    paths = {f.path for f in marked}
    assert "parameters.TD_chill.source" in paths
    assert "eligibility[0].text" in paths
    assert all(not Path(f.file or "").is_absolute() for f in marked)
