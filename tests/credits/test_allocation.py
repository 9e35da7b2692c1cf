"""Splitting whole credits between governments and participants: worked cases and properties."""

from __future__ import annotations

import math
from fractions import Fraction
from random import Random

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from jcm_mrv.credits import (
    Allocation,
    Custom,
    FgasSubsidy,
    Minimum,
    MoejFinancing,
    Participant,
    Party,
    Role,
    Scheme,
    allocate,
    split_largest_remainder,
)

from .strategies import participant_lists, shares

JAPAN = "Government of Japan"
PARTNER = "Partner country government"
SOLE = [Participant("Company A", Fraction(1))]


def credits(allocation: Allocation) -> dict[str, int]:
    return {line.party: line.credits for line in allocation.lines}


def rules(allocation: Allocation) -> dict[str, str]:
    return {line.party: line.rule for line in allocation.lines}


# --- moej-financing ---------------------------------------------------------------


def test_moej_odd_issuance_with_partner_share_and_three_participants() -> None:
    participants = [
        Participant("A", Fraction(1, 2)),
        Participant("B", Fraction(3, 10)),
        Participant("C", Fraction(1, 5)),
    ]
    split = allocate(743, MoejFinancing(partner_share=Fraction(1, 10)), participants)
    # Japan:   ceil(1/2 × 743 = 371.5) = 372
    # Partner: ceil(1/10 × 743 = 74.3) = 75
    # Left for participants: 743 - 372 - 75 = 296
    #   A: 1/2 × 296 = 148     → 148
    #   B: 3/10 × 296 = 88.8   → 88, +1 (largest fractional part .8) = 89
    #   C: 1/5 × 296 = 59.2    → 59
    #   148 + 88 + 59 = 295, so 1 credit left over goes to B.
    assert credits(split) == {JAPAN: 372, PARTNER: 75, "A": 148, "B": 89, "C": 59}
    assert sum(credits(split).values()) == 743
    assert rules(split) == {
        JAPAN: "japan-minimum: ceil(1/2 × 743) = 372",
        PARTNER: "partner-minimum: ceil(1/10 × 743) = 75",
        "A": "remainder-split: floor(1/2 × 296) = 148",
        "B": "remainder-split: floor(3/10 × 296) = 88, +1 largest remainder",
        "C": "remainder-split: floor(1/5 × 296) = 59",
    }
    japan_line = split.lines[0]
    assert japan_line.role is Role.JAPAN_GOVERNMENT
    assert "1/2 × 743 = 371.5, rounded up to 372" in japan_line.explanation
    assert split.findings == ()


def test_moej_half_of_an_odd_number_goes_up_to_japan() -> None:
    # Japan ceil(1/2 × 7 = 3.5) = 4; no partner share → 0; Company A 7 - 4 = 3.
    split = allocate(7, MoejFinancing(), SOLE)
    assert credits(split) == {JAPAN: 4, PARTNER: 0, "Company A": 3}
    assert rules(split)[JAPAN] == "japan-minimum: ceil(1/2 × 7) = 4"


def test_moej_agreed_share_above_half() -> None:
    # A project agreed 3/5 for Japan: ceil(3/5 × 101 = 60.6) = 61; Company A 40.
    split = allocate(101, MoejFinancing(japan_minimum=Fraction(3, 5)), SOLE)
    assert credits(split) == {JAPAN: 61, PARTNER: 0, "Company A": 40}


def test_party_names_can_be_the_real_governments() -> None:
    scheme = MoejFinancing(
        partner_share=Fraction(1, 10), partner="Government of the Republic of Indonesia"
    )
    split = allocate(10, scheme, SOLE)
    # Japan ceil(5) = 5, Indonesia ceil(1) = 1, Company A 4.
    assert credits(split) == {
        JAPAN: 5,
        "Government of the Republic of Indonesia": 1,
        "Company A": 4,
    }


# --- fgas-subsidy -----------------------------------------------------------------


def test_fgas_subsidy_share_above_half() -> None:
    scheme = FgasSubsidy(partner_share=Fraction(1, 10), subsidy_share=Fraction(7, 10))
    split = allocate(743, scheme, SOLE)
    # Partner: ceil(1/10 × 743 = 74.3) = 75; left 743 - 75 = 668
    # Japan:   ceil(max(7/10, 1/2) × 668 = 467.6) = 468
    # Company A: 668 - 468 = 200
    assert credits(split) == {JAPAN: 468, PARTNER: 75, "Company A": 200}
    assert rules(split)[JAPAN] == "japan-minimum: ceil(max(7/10, 1/2) × 668) = 468"
    assert rules(split)[PARTNER] == "partner-minimum: ceil(1/10 × 743) = 75"


def test_fgas_subsidy_share_below_half_gives_japan_half() -> None:
    scheme = FgasSubsidy(partner_share=Fraction(1, 10), subsidy_share=Fraction(3, 10))
    split = allocate(101, scheme, SOLE)
    # Partner: ceil(1/10 × 101 = 10.1) = 11; left 90
    # Japan:   ceil(max(3/10, 1/2) × 90 = 45) = 45   (0.3 < 0.5: one half applies)
    # Company A: 90 - 45 = 45
    assert credits(split) == {JAPAN: 45, PARTNER: 11, "Company A": 45}
    assert rules(split)[JAPAN] == "japan-minimum: ceil(max(3/10, 1/2) × 90) = 45"


def test_fgas_odd_rest_rounds_up_for_japan() -> None:
    # No partner share: left 99; Japan ceil(1/2 × 99 = 49.5) = 50; Company A 49.
    split = allocate(99, FgasSubsidy(partner_share=0, subsidy_share="0.3"), SOLE)
    assert credits(split) == {JAPAN: 50, PARTNER: 0, "Company A": 49}


def test_fgas_one_credit_goes_to_the_partner_first() -> None:
    # Partner ceil(1/10 × 1) = 1 (its allocation comes first); left 0 → Japan 0.
    split = allocate(1, FgasSubsidy(partner_share="10%", subsidy_share="0.7"), SOLE)
    assert credits(split) == {JAPAN: 0, PARTNER: 1, "Company A": 0}
    assert split.findings == ()


# --- custom -----------------------------------------------------------------------


def test_custom_minimums_for_any_party() -> None:
    # A JFJCM-style split [open]: Japan at least 1/2, ADB's fund at least 1/5.
    scheme = Custom(
        (
            Minimum(Party("Government of Japan", Role.JAPAN_GOVERNMENT), Fraction(1, 2)),
            Minimum(Party("Japan Fund for the JCM", Role.PARTICIPANT), Fraction(1, 5)),
        )
    )
    split = allocate(33, scheme, SOLE)
    # Japan ceil(16.5) = 17; fund ceil(6.6) = 7; Company A 33 - 17 - 7 = 9.
    assert credits(split) == {JAPAN: 17, "Japan Fund for the JCM": 7, "Company A": 9}
    assert rules(split)["Japan Fund for the JCM"] == "participant-minimum: ceil(1/5 × 33) = 7"


def test_custom_without_minimums_gives_everything_to_participants() -> None:
    split = allocate(5, Custom(), [Participant("A", "1/2"), Participant("B", "1/2")])
    # 5/2 = 2.5 each: whole parts 2 + 2, 1 left over; tie → A (declared first).
    assert credits(split) == {"A": 3, "B": 2}


def test_float_shares_are_read_through_their_repr() -> None:
    assert Fraction(0.1) * 30 > 3  # the binary 0.1 would ask for ceil(3.0000…2) = 4
    scheme = Custom((Minimum(Party("Partner", Role.PARTNER_GOVERNMENT), 0.1),))  # type: ignore[arg-type]
    # 0.1 read as 1/10: ceil(1/10 × 30 = 3) = 3; Company A 27.
    assert credits(allocate(30, scheme, SOLE)) == {"Partner": 3, "Company A": 27}


# --- competing minimums, issued 0 and 1 ---------------------------------------------


def test_issued_zero_gives_everyone_zero() -> None:
    split = allocate(0, MoejFinancing(partner_share=Fraction(1, 10)), SOLE)
    assert credits(split) == {JAPAN: 0, PARTNER: 0, "Company A": 0}
    assert split.findings == ()


def test_issued_one_japan_first_and_the_cap_is_stated() -> None:
    split = allocate(1, MoejFinancing(partner_share=Fraction(1, 10)), SOLE)
    # Japan ceil(1/2 × 1 = 0.5) = 1; partner asks ceil(1/10 × 1 = 0.1) = 1 but 0 are left.
    assert credits(split) == {JAPAN: 1, PARTNER: 0, "Company A": 0}
    assert rules(split)[PARTNER] == "partner-minimum: ceil(1/10 × 1) = 1, capped at 0 left"
    assert [f.code for f in split.findings] == ["JCM-A009"]


def test_custom_precedence_is_by_role_not_declaration() -> None:
    scheme = Custom(
        (
            Minimum(Party("Partner", Role.PARTNER_GOVERNMENT), Fraction(1, 2)),
            Minimum(Party("Japan", Role.JAPAN_GOVERNMENT), Fraction(1, 2)),
        )
    )
    split = allocate(3, scheme, SOLE)
    # Japan first: ceil(1/2 × 3 = 1.5) = 2; partner ceil(1.5) = 2, capped at the 1 left.
    assert credits(split) == {"Japan": 2, "Partner": 1, "Company A": 0}
    assert [line.party for line in split.lines] == ["Japan", "Partner", "Company A"]
    assert rules(split)["Partner"].endswith("capped at 1 left")


# --- participants -----------------------------------------------------------------


def test_tie_in_the_remainder_goes_by_declared_order() -> None:
    thirds = [Participant(name, "1/3") for name in ("A", "B", "C")]
    split = allocate(743, MoejFinancing(partner_share=Fraction(1, 10)), thirds)
    # 296 left: 296/3 = 98 2/3 each; whole parts 98 × 3 = 294; 2 left over.
    # All fractional parts tie at 2/3 → the first two declared get +1.
    assert credits(split) == {JAPAN: 372, PARTNER: 75, "A": 99, "B": 99, "C": 98}
    reordered = [thirds[2], thirds[0], thirds[1]]
    split = allocate(743, MoejFinancing(partner_share=Fraction(1, 10)), reordered)
    assert credits(split) == {JAPAN: 372, PARTNER: 75, "C": 99, "A": 99, "B": 98}


def test_split_largest_remainder_by_hand() -> None:
    # 10 × (1/2, 1/3, 1/6) = 5, 3.33…, 1.66…: whole parts 5 + 3 + 1 = 9; the one left
    # over goes to the largest fractional part, 2/3 (the third share).
    assert split_largest_remainder(10, [Fraction(1, 2), Fraction(1, 3), Fraction(1, 6)]) == [
        5,
        3,
        2,
    ]
    assert split_largest_remainder(0, [Fraction(1, 2), Fraction(1, 2)]) == [0, 0]


def test_to_dict_has_the_documented_keys() -> None:
    data = allocate(7, MoejFinancing(), SOLE).to_dict()
    assert data["issued"] == 7
    assert data["scheme"] == "moej-financing"
    assert data["allocations"][0] == {
        "party": JAPAN,
        "role": "japan-government",
        "credits": 4,
        "rule": "japan-minimum: ceil(1/2 × 7) = 4",
        "explanation": "Government of Japan receives at least 1/2 of the credits issued "
        "(7): 1/2 × 7 = 3.5, rounded up to 4.",
    }


def test_credits_of() -> None:
    split = allocate(7, MoejFinancing(), SOLE)
    assert split.credits_of("Company A") == 3
    with pytest.raises(KeyError):
        split.credits_of("nobody")


# --- properties -------------------------------------------------------------------

issued_counts = st.integers(0, 10**6)


@st.composite
def moej_schemes(draw: st.DrawFn) -> MoejFinancing:
    japan = draw(st.integers(100, 200))  # in 1/200ths: 1/2 … 1
    partner = draw(st.integers(0, 200 - japan))
    return MoejFinancing(partner_share=Fraction(partner, 200), japan_minimum=Fraction(japan, 200))


fgas_schemes = st.builds(FgasSubsidy, partner_share=shares, subsidy_share=shares)


@st.composite
def custom_schemes(draw: st.DrawFn) -> Custom:
    roles = draw(st.lists(st.sampled_from(list(Role)), max_size=3))
    left = 200  # in 1/200ths, so the minimums add up to at most 1
    minimums = []
    for i, role in enumerate(roles):
        share = draw(st.integers(0, left))
        left -= share
        minimums.append(Minimum(Party(f"M{i}", role), Fraction(share, 200)))
    return Custom(tuple(minimums))


any_scheme: st.SearchStrategy[Scheme] = st.one_of(moej_schemes(), fgas_schemes, custom_schemes())


@given(issued_counts, any_scheme, participant_lists)
def test_parts_are_whole_non_negative_and_sum_to_issued(
    issued: int, scheme: Scheme, participants: list[Participant]
) -> None:
    split = allocate(issued, scheme, participants)
    assert all(isinstance(line.credits, int) and line.credits >= 0 for line in split.lines)
    assert sum(line.credits for line in split.lines) == issued


@given(issued_counts, moej_schemes(), participant_lists)
def test_moej_japan_receives_at_least_half_rounded_up(
    issued: int, scheme: MoejFinancing, participants: list[Participant]
) -> None:
    split = allocate(issued, scheme, participants)
    assert split.credits_of(JAPAN) >= math.ceil(Fraction(issued, 2))
    assert split.credits_of(JAPAN) == math.ceil(scheme.japan_minimum * issued)


@given(issued_counts, st.integers(1, 1000), st.one_of(moej_schemes(), fgas_schemes))
def test_more_credits_never_lower_a_government_part(
    issued: int, more: int, scheme: MoejFinancing | FgasSubsidy
) -> None:
    smaller = allocate(issued, scheme, SOLE)
    larger = allocate(issued + more, scheme, SOLE)
    for party in (JAPAN, PARTNER):
        assert larger.credits_of(party) >= smaller.credits_of(party)


@given(issued_counts, st.integers(1, 1000), custom_schemes())
def test_more_credits_never_lower_an_uncapped_custom_minimum(
    issued: int, more: int, scheme: Custom
) -> None:
    smaller = allocate(issued, scheme, SOLE)
    larger = allocate(issued + more, scheme, SOLE)
    assume(not smaller.findings and not larger.findings)  # no cap bit
    for minimum in scheme.minimums:
        name = minimum.party.name
        assert larger.credits_of(name) >= smaller.credits_of(name)


def test_a_capped_third_minimum_can_drop_when_issuance_grows() -> None:
    # Documented limitation: three minimums that add up to 1.
    scheme = Custom(
        (
            Minimum(Party("J", Role.JAPAN_GOVERNMENT), Fraction(1, 10)),
            Minimum(Party("P", Role.PARTNER_GOVERNMENT), Fraction(1, 10)),
            Minimum(Party("X", Role.PARTICIPANT), Fraction(4, 5)),
        )
    )
    # 10: J ceil(1) = 1, P ceil(1) = 1, X ceil(8) = 8 → 8.
    # 11: J ceil(1.1) = 2, P ceil(1.1) = 2, X ceil(8.8) = 9 but only 7 left → 7.
    assert allocate(10, scheme, SOLE).credits_of("X") == 8
    assert allocate(11, scheme, SOLE).credits_of("X") == 7


@given(st.integers(0, 10**6), participant_lists)
def test_participant_split_is_deterministic_and_close_to_the_quota(
    left: int, participants: list[Participant]
) -> None:
    split = allocate(left, Custom(), participants)
    again = allocate(left, Custom(), participants)
    assert split == again
    for participant, line in zip(participants, split.lines, strict=True):
        quota = participant.share * left
        assert math.floor(quota) <= line.credits <= math.ceil(quota)


@given(st.integers(0, 10**6), st.integers(2, 6))
def test_equal_shares_favour_the_earlier_participant(left: int, count: int) -> None:
    participants = [Participant(f"P{i}", Fraction(1, count)) for i in range(count)]
    parts = [line.credits for line in allocate(left, Custom(), participants).lines]
    assert parts == sorted(parts, reverse=True)
    assert max(parts) - min(parts) <= 1


@given(st.integers(0, 10**4), participant_lists, st.randoms())
def test_reordering_participants_moves_only_tie_breaks(
    left: int, participants: list[Participant], random: Random
) -> None:
    shuffled = list(participants)
    random.shuffle(shuffled)
    before = credits(allocate(left, Custom(), participants))
    after = credits(allocate(left, Custom(), shuffled))
    for participant in participants:
        # Only a participant whose fractional part ties with another's can change, by 1.
        assert abs(before[participant.name] - after[participant.name]) <= 1
    assert sum(after.values()) == left
