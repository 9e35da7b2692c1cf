"""The cumulative allocation of several periods, as an :class:`Allocation` with rules.

:attr:`PeriodAllocations.cumulative <jcm_mrv.credits.periods.PeriodAllocations.cumulative>`
gives each party's sum; reports also want to say how the sum was made. With one period
the cumulative allocation *is* that period's, rules and all; with several, every line
is the sum of the party's per-period parts (rule ``sum-of-periods: 186 + 186 = 372``),
never a re-split of the total (see ``docs/credit-allocation.md``).
"""

from __future__ import annotations

from typing import Any

from jcm_mrv.credits.allocation import Allocation, AllocationLine
from jcm_mrv.credits.periods import PeriodAllocations


def cumulative_allocation(allocations: PeriodAllocations) -> Allocation:
    """All periods' credits party by party, each line explaining its sum.

    Its ``scheme`` is the periods' scheme (all periods are allocated under one), or
    ``""`` when there is no period.
    """
    periods = allocations.periods
    if len(periods) == 1:
        return periods[0].allocation
    scheme = periods[0].allocation.scheme if periods else ""
    lines = []
    for total in allocations.cumulative:
        parts = [
            (period.period, line.credits)
            for period in periods
            for line in period.allocation.lines
            if (line.party, line.role) == (total.party, total.role)
        ]
        sums = " + ".join(str(credits) for _, credits in parts)
        listed = ", ".join(f"{label} {credits}" for label, credits in parts)
        lines.append(
            AllocationLine(
                party=total.party,
                role=total.role,
                credits=total.credits,
                rule=f"sum-of-periods: {sums} = {total.credits}",
                explanation=(
                    f"{total.party} receives the sum of its parts of each period's issuance "
                    f"({listed}): {total.credits}. Each issuance is split when it is made."
                ),
            )
        )
    findings = allocations.findings
    return Allocation(allocations.issued, scheme, tuple(lines), findings)


def allocation_report(allocations: PeriodAllocations) -> dict[str, Any]:
    """The documented JSON structure: the cumulative ``issued`` and ``allocations``
    (each with ``party``, ``role``, ``credits``, ``rule``), then every period and the
    findings."""
    total = cumulative_allocation(allocations)
    return {
        **total.to_dict(),
        "periods": [period.to_dict() for period in allocations.periods],
        "findings": [finding.to_dict() for finding in allocations.findings],
    }
