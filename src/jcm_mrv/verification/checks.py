"""The checks a verifier makes beyond arithmetic, each a finding with a code.

- meters whose calibration records do not cover a monitoring period (``JCM-V020``);
- monitoring options that differ from the registered monitoring plan (``JCM-V022``);
- eligibility criteria that need an attestation and have none recorded (``JCM-V023``);
- values and texts the methodology marks ``[likely]`` or ``[open]`` (``JCM-V025``).

Data completeness per period comes from the calculation itself: a period without data
stops it, and its warnings (readings outside every period, blank cells) are passed on.
"""

from __future__ import annotations

from pathlib import Path

from jcm_mrv.engine.results import CalculationResult
from jcm_mrv.fileformats.paths import portable_path
from jcm_mrv.findings import Finding, codes
from jcm_mrv.methodology.model import UNCONFIRMED, DefaultParameter, Methodology
from jcm_mrv.monitoring.calibration import uncovered, validity_spans
from jcm_mrv.project.loader import LoadedProject
from jcm_mrv.project.model import MonitoringPoint, Period, Project


def verifier_checks(loaded: LoadedProject, result: CalculationResult) -> list[Finding]:
    """Every finding of the checks beyond arithmetic for a calculated project."""
    project = loaded.project
    assert project is not None
    periods = [p for p in project.periods if p.id in {r.id for r in result.periods}]
    findings: list[Finding] = []
    for n, point in enumerate(project.monitoring_points):
        where = loaded.document.locate(("monitoring_points", n))
        findings += calibration_findings(point, periods, where)
    findings += _monitoring_plan(loaded, project)
    findings += _attestations(loaded, project, result)
    if loaded.methodology is not None and loaded.methodology.methodology is not None:
        shown = portable_path(loaded.methodology.file, Path.cwd())
        findings += unconfirmed_values(loaded.methodology.methodology, shown)
    return findings


def calibration_findings(
    point: MonitoringPoint, periods: list[Period], where: dict[str, object]
) -> list[Finding]:
    """Periods (or parts) that no calibration of the point's meter covers.

    The validity rule is the calculation's (:func:`~jcm_mrv.monitoring.calibration.validity_spans`);
    the calculation corrects late spans and reports readings no calibration covers.
    """
    meter = f"meter {point.meter} of {point.id}" if point.meter else f"the meter of {point.id}"
    covered = validity_spans(point.calibrations)
    findings = []
    for period in periods:
        gaps = list(uncovered(period.start, period.end, covered))
        if not gaps:
            continue
        if not point.calibrations:
            text = "no calibration is recorded"
        else:
            text = "no calibration covers " + ", ".join(
                str(a) if a == b else f"{a} to {b}" for a, b in gaps
            )
        findings.append(
            codes.CALIBRATION_GAP(
                f"period {period.id}: {meter}: {text}",
                hint="add the calibration records (date, certificate, valid_until) to the point",
                **where,  # type: ignore[arg-type]
            )
        )
    last = max(point.calibrations, key=lambda c: c.date, default=None)
    if last is not None and last.valid_until is None:
        findings.append(
            codes.CALIBRATION_VALIDITY_UNSTATED(
                f"{meter}: the calibration of {last.date} states no valid_until, so it is "
                "taken to cover every later day",
                **where,  # type: ignore[arg-type]
            )
        )
    return findings


def _monitoring_plan(loaded: LoadedProject, project: Project) -> list[Finding]:
    plan = project.monitoring_plan
    if plan is None:
        return []
    findings = []
    for name in sorted(set(plan.options) | set(project.monitoring_options)):
        registered = plan.options.get(name)
        used = project.monitoring_options.get(name)
        if registered != used:
            place = ("monitoring_options", name) if used is not None else ("monitoring_plan",)
            findings.append(
                codes.MONITORING_PLAN_DEVIATION(
                    f"{name} is monitored with option {used or '(none)'}, but the registered "
                    f"plan ({plan.document}) fixes option {registered or '(none)'}",
                    **loaded.document.locate(place),
                )
            )
    return findings


def _attestations(
    loaded: LoadedProject, project: Project, result: CalculationResult
) -> list[Finding]:
    findings = []
    known = {e.id for e in result.eligibility}
    for criterion in result.eligibility:
        if criterion.status == "attestation-needed" and criterion.id not in project.attestations:
            findings.append(
                codes.ATTESTATION_MISSING(
                    f"eligibility criterion {criterion.id} needs an attestation and none is "
                    f"recorded ({criterion.detail or criterion.text})",
                    hint=f"add 'attestations: {{{criterion.id}: {{document: …, date: …}}}}'",
                    **loaded.document.locate(("attestations",) if project.attestations else ()),
                )
            )
    for name in project.attestations:
        if name not in known:
            findings.append(
                codes.ATTESTATION_UNKNOWN(
                    f"attestation for {name}, which is not an eligibility criterion of "
                    f"{project.methodology.id} (it has {', '.join(sorted(known)) or 'none'})",
                    **loaded.document.locate(("attestations", name), key=True),
                )
            )
    return findings


def unconfirmed_values(methodology: Methodology, file: str) -> list[Finding]:
    """A finding for every parameter value or criterion the methodology marks unconfirmed."""
    findings = []
    for name, param in methodology.parameters.items():
        if isinstance(param, DefaultParameter) and UNCONFIRMED.search(param.source):
            value = f" = {param.value:g} {param.unit}" if param.value is not None else ""
            findings.append(
                codes.UNCONFIRMED_VALUE(
                    f"default value {name}{value} is marked unconfirmed: {param.source}",
                    file=file,
                    path=f"parameters.{name}.source",
                )
            )
    for n, criterion in enumerate(methodology.eligibility):
        if UNCONFIRMED.search(criterion.text):
            findings.append(
                codes.UNCONFIRMED_VALUE(
                    f"eligibility criterion {criterion.id} is worded from an unconfirmed "
                    f"source: {criterion.text}",
                    file=file,
                    path=f"eligibility[{n}].text",
                )
            )
    return findings
