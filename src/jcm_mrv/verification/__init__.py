"""Verification: recompute a project and compare it with what was claimed.

:func:`recompute_and_compare` reads a claim (a jcm-mrv result JSON, or a table of the
figures claimed per period), checks a result's integrity (its content hash, rounding,
versions and the SHA-256 of every input), recomputes the project, compares RE, PE, ER
and the rounded ER per period (and, for a result with an explanation, every parameter and equation
value), applies the materiality threshold, and adds the checks a verifier makes
beyond arithmetic. It returns a :class:`VerificationReport` (and the recomputed
result); it never prints or exits. Input that cannot be used raises
:class:`~jcm_mrv.findings.errors.InputError` with findings. :func:`jcm_mrv.verify` does the same
job and returns an :class:`~jcm_mrv.outcome.Outcome` instead of raising.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jcm_mrv.engine.calculation import Override, calculate_loaded
from jcm_mrv.engine.provenance import CONTENT_HASH_KEY
from jcm_mrv.engine.results import CalculationResult
from jcm_mrv.fileformats.paths import portable_path
from jcm_mrv.findings import Finding, codes
from jcm_mrv.findings.errors import InputError
from jcm_mrv.project.loader import LoadedProject
from jcm_mrv.verification.report import ComparisonRow, ValueRow, VerificationReport

__all__ = [
    "DEFAULT_MATERIALITY",
    "ComparisonRow",
    "ValueRow",
    "Verification",
    "VerificationReport",
    "recompute_and_compare",
]

DEFAULT_MATERIALITY = 0.05
"""5 % of a period's ER. Not a JCM figure: see docs/verification.md for its basis."""


@dataclass(frozen=True)
class Verification:
    """A verification report and the recomputed result it was made from."""

    report: VerificationReport
    result: CalculationResult


def recompute_and_compare(
    project: Path | str,
    claimed: Path | str,
    *,
    materiality: float = DEFAULT_MATERIALITY,
    overrides: Sequence[Override | str] = (),
) -> Verification:
    """Recompute ``project`` and compare it with the claim in the file ``claimed``.

    ``materiality`` is a share of each period's recomputed ER: a discrepancy above it
    is an error finding, one at or below it a warning. A result claim is recomputed
    with the ``--set`` overrides it records (reported as a warning); ``overrides``
    adds or replaces some. Raises :class:`~jcm_mrv.findings.errors.InputError` when the claim
    or the project cannot be used.
    """
    from jcm_mrv.project.loader import load_project
    from jcm_mrv.verification.checks import verifier_checks
    from jcm_mrv.verification.claims import read_claim
    from jcm_mrv.verification.compare import compare_periods, compare_values
    from jcm_mrv.verification.integrity import check_result

    if not 0 <= materiality < 1:
        raise InputError(
            f"materiality {materiality!r} must be a share of the ER from 0 up to (not "
            "including) 1, e.g. 0.05",
            [
                codes.CLAIM_INVALID(
                    f"materiality {materiality!r} is not in [0, 1)", file="--materiality"
                )
            ],
        )
    project = Path(project)
    claim = read_claim(claimed)
    loaded = load_project(project)
    findings: list[Finding] = []
    applied: list[Override | str] = []
    explain = False
    recorded_hash = None
    if claim.result is not None:
        _same_project(claim.result, claim.file, loaded)
        findings += check_result(claim.result, file=claim.file, project=project, loaded=loaded)
        provenance = claim.result.get("provenance")
        provenance = provenance if isinstance(provenance, dict) else {}
        hash_value = provenance.get(CONTENT_HASH_KEY)
        recorded_hash = hash_value if isinstance(hash_value, str) else None
        recorded = provenance.get("overrides")
        if isinstance(recorded, dict) and recorded:
            applied = [f"{name}={value}" for name, value in sorted(recorded.items())]
            findings.append(
                codes.CLAIM_OVERRIDES(
                    "the claim was computed with --set "
                    + ", ".join(f"{name}={value}" for name, value in sorted(recorded.items()))
                    + "; the recomputation applies them too",
                    file=claim.file,
                    path="provenance.overrides",
                )
            )
        explain = isinstance(claim.result.get("explanation"), list)
    applied += list(overrides)
    result = calculate_loaded(loaded, overrides=applied, explain=explain)
    comparison = compare_periods(claim, result, materiality)
    findings += result.findings
    findings += comparison.findings
    values = None
    if explain and claim.result is not None:
        values = compare_values(claim.result["explanation"], result.explanation)
        if values.first is not None:
            first = values.first
            findings.append(
                codes.CALCULATIONS_PART(
                    f"the calculations first part at {first.kind} {first.place}: claimed "
                    f"{first.claimed!r}, recomputed {first.recomputed!r} {first.unit}",
                    file=claim.file,
                    path="explanation",
                )
            )
    findings += verifier_checks(loaded, result)
    report = VerificationReport(
        project_id=result.project.id,
        project_title=result.project.title,
        project_file=project.name,
        claim_file=portable_path(claim.file, project.parent),
        claim_kind=claim.kind,
        claim_sha256=claim.sha256,
        claim_result_sha256=recorded_hash,
        recomputed_sha256=str(result.to_dict()["provenance"][CONTENT_HASH_KEY]),
        materiality=materiality,
        periods=comparison.periods,
        rows=comparison.rows,
        findings=findings,
        values=values.rows if values is not None else [],
        values_compared=values.compared if values is not None else 0,
        first_difference=values.first if values is not None else None,
    )
    return Verification(report, result)


def _same_project(result: dict[str, object], file: str, loaded: LoadedProject) -> None:
    """Refuse a result claim of another project (a mix-up, not a discrepancy)."""
    claimed = result.get("project")
    claimed_id = claimed.get("id") if isinstance(claimed, dict) else None
    if loaded.project is None or claimed_id in (None, loaded.project.id):
        return
    message = f"the claim is a result of project {claimed_id}, not of {loaded.project.id}"
    raise InputError(
        f"{file}: {message}", [codes.CLAIM_INVALID(message, file=file, path="project.id")]
    )
