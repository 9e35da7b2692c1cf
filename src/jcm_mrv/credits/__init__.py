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
from jcm_mrv.credits.issued import issued_from_result, read_result_file
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

__all__ = [
    "SCHEME_NAMES",
    "Allocation",
    "AllocationError",
    "AllocationLine",
    "CumulativeLine",
    "Custom",
    "FgasSubsidy",
    "Minimum",
    "MoejFinancing",
    "Participant",
    "Party",
    "PeriodAllocation",
    "PeriodAllocations",
    "Role",
    "Scheme",
    "ShareLike",
    "allocate",
    "allocate_periods",
    "cumulative_allocation",
    "issued_from_result",
    "parse_share",
    "read_result_file",
    "split_largest_remainder",
    "validate_issued",
    "validate_scheme",
]
