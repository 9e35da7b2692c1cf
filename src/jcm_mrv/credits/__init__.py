"""Credit allocation: splitting whole credits between governments and participants.

A pure library (no I/O): build a scheme and participants, then call :func:`allocate`
for one issuance or :func:`allocate_periods` for several. See
``docs/credit-allocation.md``.

>>> from fractions import Fraction
>>> split = allocate(
...     743,
...     MoejFinancing(partner_share=Fraction(1, 10)),
...     [Participant("Company A", Fraction(1))],
... )
>>> [line.credits for line in split.lines]
[372, 75, 296]
"""

from jcm_mrv.credits.allocation import (
    Allocation,
    AllocationLine,
    allocate,
    split_largest_remainder,
)
from jcm_mrv.credits.cumulative import cumulative_allocation
from jcm_mrv.credits.issued import allocation_for_result, issued_from_result, read_result_file
from jcm_mrv.credits.periods import (
    CumulativeLine,
    PeriodAllocation,
    PeriodAllocations,
    allocate_periods,
)
from jcm_mrv.credits.schemes import (
    SCHEME_NAMES,
    AllocationError,
    Custom,
    FgasSubsidy,
    Minimum,
    MoejFinancing,
    Participant,
    Party,
    Role,
    Scheme,
    ShareLike,
    parse_share,
    validate_issued,
    validate_scheme,
)
from jcm_mrv.credits.settings import (
    AllocationSettings,
    MinimumSettings,
    ParticipantSettings,
    ResolvedAllocation,
    allocation_findings,
    resolve_allocation,
    scheme_from_settings,
)

__all__ = [
    "SCHEME_NAMES",
    "Allocation",
    "AllocationError",
    "AllocationLine",
    "AllocationSettings",
    "CumulativeLine",
    "Custom",
    "FgasSubsidy",
    "Minimum",
    "MinimumSettings",
    "MoejFinancing",
    "Participant",
    "ParticipantSettings",
    "Party",
    "PeriodAllocation",
    "PeriodAllocations",
    "ResolvedAllocation",
    "Role",
    "Scheme",
    "ShareLike",
    "allocate",
    "allocate_periods",
    "allocation_findings",
    "allocation_for_result",
    "cumulative_allocation",
    "issued_from_result",
    "parse_share",
    "read_result_file",
    "resolve_allocation",
    "scheme_from_settings",
    "split_largest_remainder",
    "validate_issued",
    "validate_scheme",
]
