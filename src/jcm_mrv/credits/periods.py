"""Allocating several monitoring periods and adding up what each party received.

Each issuance is its own Joint Committee decision, split when it is made; credits once
issued are never re-split. So the cumulative allocation is **the sum of the per-period
allocations**, party by party. It can differ from allocating the cumulative total in
one go, because each period rounds its minimums up: three periods of 1 credit under
``moej-financing`` give Japan 1 + 1 + 1 = 3, whereas ceil(1/2 × 3) = 2. Whoever wants
the other figure (e.g. an ex-ante estimate) calls :func:`~jcm_mrv.credits.allocation.allocate`
with the total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jcm_mrv.credits.allocation import Allocation, allocate
from jcm_mrv.credits.schemes import (
    Participant,
    Role,
    Scheme,
    raise_for_errors,
    validate_issued,
    validate_scheme,
)
from jcm_mrv.findings import Finding


@dataclass(frozen=True)
class PeriodAllocation:
    """The allocation of one monitoring period's issuance."""

    period: str
    allocation: Allocation

    def to_dict(self) -> dict[str, Any]:
        """Serialise as the allocation's dict with a leading ``period`` key."""
        return {"period": self.period, **self.allocation.to_dict()}


@dataclass(frozen=True)
class CumulativeLine:
    """What one party received over all periods."""

    party: str
    role: Role
    credits: int

    def to_dict(self) -> dict[str, Any]:
        """Serialise as one item of the cumulative ``allocations`` list."""
        return {"party": self.party, "role": self.role.value, "credits": self.credits}


@dataclass(frozen=True)
class PeriodAllocations:
    """Per-period allocations and their party-by-party sums."""

    periods: tuple[PeriodAllocation, ...]

    @property
    def issued(self) -> int:
        """Credits issued over all periods."""
        return sum(period.allocation.issued for period in self.periods)

    @property
    def cumulative(self) -> tuple[CumulativeLine, ...]:
        """Each party's credits summed over the periods, in the order of the lines."""
        totals: dict[tuple[str, Role], int] = {}
        for period in self.periods:
            for line in period.allocation.lines:
                key = (line.party, line.role)
                totals[key] = totals.get(key, 0) + line.credits
        return tuple(
            CumulativeLine(name, role, credits) for (name, role), credits in totals.items()
        )

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Warnings of every period, their path naming the period."""
        return tuple(
            finding.with_location(path=f"periods[{period.period}]")
            for period in self.periods
            for finding in period.allocation.findings
        )


def allocate_periods(
    issued_by_period: Mapping[str, int] | Sequence[tuple[str, int]],
    scheme: Scheme,
    participants: Sequence[Participant],
) -> PeriodAllocations:
    """Allocate each period's issuance under the same settings; sums in ``.cumulative``.

    ``issued_by_period`` maps a period label (e.g. ``"2023-01-01/2023-12-31"``) to the
    credits issued for it, in chronological order. Every problem of the settings and of
    every period's number is collected before :class:`AllocationError` is raised.
    """
    items = list(
        issued_by_period.items() if isinstance(issued_by_period, Mapping) else issued_by_period
    )
    findings = validate_scheme(scheme, participants)
    for label, issued in items:
        findings += [
            finding.with_location(path=f"periods[{label}].issued")
            for finding in validate_issued(issued)
        ]
    raise_for_errors(findings, "cannot allocate credits")
    return PeriodAllocations(
        tuple(
            PeriodAllocation(label, allocate(issued, scheme, participants))
            for label, issued in items
        )
    )
