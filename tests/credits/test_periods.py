"""Per-period allocations and their cumulative sums."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jcm_mrv.credits import (
    AllocationError,
    MoejFinancing,
    Participant,
    allocate,
    allocate_periods,
)
from jcm_mrv.credits.cumulative import allocation_report

from .strategies import participant_lists

JAPAN = "Government of Japan"
PARTNER = "Partner country government"
SOLE = [Participant("Company A", Fraction(1))]


def test_cumulative_is_the_sum_of_the_periods() -> None:
    periods = {"2022": 743, "2023": 7, "2024": 0}
    result = allocate_periods(periods, MoejFinancing(partner_share=Fraction(1, 10)), SOLE)
    # 2022: Japan ceil(371.5) = 372, partner ceil(74.3) = 75, A 296
    # 2023: Japan ceil(3.5) = 4,     partner ceil(0.7) = 1,   A 2
    # 2024: all 0
    assert [p.period for p in result.periods] == ["2022", "2023", "2024"]
    assert result.issued == 750
    assert [(c.party, c.credits) for c in result.cumulative] == [
        (JAPAN, 376),  # 372 + 4
        (PARTNER, 76),  # 75 + 1
        ("Company A", 298),  # 296 + 2
    ]


def test_per_period_rounding_differs_from_allocating_the_total() -> None:
    result = allocate_periods([("P1", 1), ("P2", 1), ("P3", 1)], MoejFinancing(), SOLE)
    # Each period: Japan ceil(1/2 × 1) = 1 → 1 + 1 + 1 = 3 over the three periods …
    assert {c.party: c.credits for c in result.cumulative} == {
        JAPAN: 3,
        PARTNER: 0,
        "Company A": 0,
    }
    # … whereas the total in one go gives Japan ceil(1/2 × 3) = 2.
    assert allocate(3, MoejFinancing(), SOLE).credits_of(JAPAN) == 2


def test_every_bad_period_is_reported_with_its_label() -> None:
    with pytest.raises(AllocationError) as caught:
        allocate_periods({"2022": -1, "2023": 5, "2024": 1.5}, MoejFinancing(), [])
    assert [(f.code, f.path) for f in caught.value.findings] == [
        ("JCM-A005", "participants"),
        ("JCM-A007", "periods[2022].issued"),
        ("JCM-A007", "periods[2024].issued"),
    ]


def test_capped_minimum_warnings_name_their_period() -> None:
    result = allocate_periods({"2022": 1}, MoejFinancing(partner_share="1/10"), SOLE)  # type: ignore[arg-type]
    assert [(f.code, f.path) for f in result.findings] == [("JCM-A009", "periods[2022]")]


def test_report() -> None:
    data = allocation_report(allocate_periods({"2023": 7}, MoejFinancing(), SOLE))
    assert data["periods"][0]["period"] == "2023"
    assert data["periods"][0]["issued"] == 7
    assert data["issued"] == 7
    # Japan ceil(1/2 × 7) = 4; partner share 0; the participant takes 7 - 4 = 3.
    assert [(a["party"], a["role"], a["credits"]) for a in data["allocations"]] == [
        (JAPAN, "japan-government", 4),
        (PARTNER, "partner-government", 0),
        ("Company A", "participant", 3),
    ]


@given(st.lists(st.integers(0, 10**5), max_size=6), participant_lists)
def test_cumulative_sums_to_the_total_issued(
    issued: list[int], participants: list[Participant]
) -> None:
    periods = [(f"P{i}", n) for i, n in enumerate(issued)]
    result = allocate_periods(periods, MoejFinancing(partner_share="1/10"), participants)  # type: ignore[arg-type]
    assert sum(c.credits for c in result.cumulative) == sum(issued)
    for line in result.cumulative:
        assert line.credits == sum(p.allocation.credits_of(line.party) for p in result.periods)
