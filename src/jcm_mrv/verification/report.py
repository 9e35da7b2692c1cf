"""The records a verification returns: the comparison, the findings and a conclusion.

Every renderer (table, JSON, Markdown; findings also as GitHub annotations and SARIF)
works from a :class:`VerificationReport`. Its ``to_dict`` is the documented JSON form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from jcm_mrv.findings import Finding, Severity, codes, has_errors

RowStatus = Literal["agrees", "differs", "material"]


@dataclass(frozen=True)
class ComparisonRow:
    """One headline figure of one period: claimed, recomputed and how far apart.

    ``difference`` is claimed minus recomputed (tCO2); ``share`` is the difference as a
    share of the period's recomputed ER (``None`` when that ER is 0).
    """

    period: str
    quantity: str
    claimed: float
    recomputed: float
    difference: float
    share: float | None
    status: RowStatus

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "period": self.period,
            "quantity": self.quantity,
            "claimed": self.claimed,
            "recomputed": self.recomputed,
            "difference": self.difference,
            "share_of_er": self.share,
            "status": self.status,
        }


@dataclass(frozen=True)
class ValueRow:
    """One parameter or equation value (per period, point and day) of both calculations."""

    symbol: str
    kind: str
    unit: str
    period: str | None
    point: str | None
    day: int | None
    claimed: float | None
    recomputed: float | None
    agrees: bool

    @property
    def place(self) -> str:
        """Where the value sits: ``EG_i_p (period 2025-H1, point INV-01)``."""
        parts = [
            f"{label} {value}"
            for label, value in (("period", self.period), ("point", self.point), ("day", self.day))
            if value is not None
        ]
        return self.symbol + (f" ({', '.join(parts)})" if parts else "")

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        difference = (
            self.claimed - self.recomputed
            if self.claimed is not None and self.recomputed is not None
            else None
        )
        return {
            "symbol": self.symbol,
            "kind": self.kind,
            "unit": self.unit,
            "period": self.period,
            "point": self.point,
            "day": self.day,
            "claimed": self.claimed,
            "recomputed": self.recomputed,
            "difference": difference,
            "agrees": self.agrees,
        }


@dataclass(frozen=True)
class VerificationReport:
    """Everything a verification found.

    ``rows`` compares RE, PE, ER and the rounded ER per period; ``values`` every
    parameter and equation value, when the claim is a jcm-mrv result with an
    explanation (``values_compared`` counts them; day-by-day values appear only where
    they differ). ``first_difference`` is the first value, in evaluation order, where
    the two calculations part.
    """

    project_id: str
    project_title: str
    project_file: str
    claim_file: str
    claim_kind: str
    claim_sha256: str
    claim_result_sha256: str | None
    recomputed_sha256: str
    materiality: float
    periods: list[str]
    rows: list[ComparisonRow]
    findings: list[Finding]
    values: list[ValueRow] = field(default_factory=list)
    values_compared: int = 0
    first_difference: ValueRow | None = None

    @property
    def material_periods(self) -> list[str]:
        """Periods with a discrepancy above the materiality threshold, in order."""
        seen: list[str] = []
        for row in self.rows:
            if row.status == "material" and row.period not in seen:
                seen.append(row.period)
        return seen

    @property
    def failed(self) -> bool:
        """True when an error finding was made (the exit code is then 1)."""
        return has_errors(self.findings)

    @property
    def conclusion(self) -> str:
        """A one-line conclusion of the verification."""
        percent = f"{self.materiality * 100:.4g} % of each period's ER"
        material = self.material_periods
        if material:
            return (
                f"Material discrepancy in period(s) {', '.join(material)} (materiality {percent})."
            )
        discrepancies = sum(f.code == codes.DISCREPANCY.code for f in self.findings)
        errors = sum(f.severity is Severity.ERROR for f in self.findings)
        if errors:
            return (
                "No material discrepancy in the figures, but "
                f"{errors} error finding(s) need attention (see the findings)."
            )
        if discrepancies:
            return (
                f"No material discrepancy: {discrepancies} discrepancy(ies) below the "
                f"materiality of {percent}, listed for correction."
            )
        return "No discrepancy: the claimed figures agree with the recomputation."

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON structure of a verification."""
        data: dict[str, Any] = {
            "project": {
                "id": self.project_id,
                "title": self.project_title,
                "file": self.project_file,
            },
            "claim": {
                "file": self.claim_file,
                "kind": self.claim_kind,
                "sha256": self.claim_sha256,
                "result_sha256": self.claim_result_sha256,
            },
            "recomputed_sha256": self.recomputed_sha256,
            "materiality": self.materiality,
            "periods": self.periods,
            "comparison": [row.to_dict() for row in self.rows],
            "values_compared": self.values_compared,
            "first_difference": (
                self.first_difference.to_dict() if self.first_difference is not None else None
            ),
            "values": [row.to_dict() for row in self.values],
            "findings": [f.to_dict() for f in self.findings],
            "conclusion": self.conclusion,
            "material_periods": self.material_periods,
        }
        return data
