"""Reading shares exactly and validating allocation settings (codes JCM-A0nn)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import pytest

from jcm_mrv.credits import (
    AllocationError,
    Custom,
    FgasSubsidy,
    Minimum,
    MoejFinancing,
    Participant,
    Party,
    Role,
    allocate,
    parse_share,
    validate_scheme,
)
from jcm_mrv.findings import Finding, Severity
from jcm_mrv.findings.errors import InputError

SOLE = [Participant("Company A", Fraction(1))]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1/3", Fraction(1, 3)),
        ("10%", Fraction(1, 10)),
        ("12.5 %", Fraction(1, 8)),
        ("0.1", Fraction(1, 10)),
        (0.1, Fraction(1, 10)),  # shortest repr, not the binary 0.1000000000000000055…
        (Decimal("0.7"), Fraction(7, 10)),
        (1, Fraction(1)),
        (Fraction(2, 3), Fraction(2, 3)),
        ("-0.1", Fraction(-1, 10)),  # range is validate_scheme's job
    ],
)
def test_parse_share(value: object, expected: Fraction) -> None:
    assert parse_share(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value", ["abc", "", "1/0", float("nan"), float("inf"), Decimal("NaN"), True, None]
)
def test_parse_share_refuses_what_is_not_a_number(value: object) -> None:
    with pytest.raises(AllocationError) as caught:
        parse_share(value, path="participants[0].share")  # type: ignore[arg-type]
    assert isinstance(caught.value, InputError)
    [finding] = caught.value.findings
    assert finding.code == "JCM-A001"
    assert finding.path == "participants[0].share"


def test_dataclasses_convert_their_shares() -> None:
    assert Participant("A", "1/4").share == Fraction(1, 4)  # type: ignore[arg-type]
    assert MoejFinancing(partner_share="10%").partner_share == Fraction(1, 10)  # type: ignore[arg-type]
    assert Party("X", "partner-government").role is Role.PARTNER_GOVERNMENT  # type: ignore[arg-type]


def test_an_unknown_role_is_refused() -> None:
    with pytest.raises(AllocationError, match="japan-government, partner-government"):
        Party("X", "ministry")  # type: ignore[arg-type]


def codes_of(findings: Sequence[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_valid_settings_have_no_findings() -> None:
    assert validate_scheme(MoejFinancing(partner_share=Fraction(1, 10)), SOLE, issued=5) == []


def test_share_outside_zero_to_one() -> None:
    findings = validate_scheme(FgasSubsidy(partner_share="-1/10", subsidy_share="1.2"), SOLE)
    assert codes_of(findings) == ["JCM-A002", "JCM-A002"]
    assert [f.path for f in findings] == ["partner_share", "subsidy_share"]


def test_minimums_above_the_whole() -> None:
    scheme = Custom(
        (
            Minimum(Party("J", Role.JAPAN_GOVERNMENT), Fraction(3, 5)),
            Minimum(Party("P", Role.PARTNER_GOVERNMENT), Fraction(1, 2)),
        )
    )
    # 3/5 + 1/2 = 11/10 > 1
    [finding] = validate_scheme(scheme, SOLE)
    assert finding.code == "JCM-A003"
    assert "11/10 (110 %)" in finding.message


def test_moej_minimums_above_the_whole() -> None:
    # 1/2 + 3/5 = 11/10
    findings = validate_scheme(MoejFinancing(partner_share=Fraction(3, 5)), SOLE)
    assert codes_of(findings) == ["JCM-A003"]


def test_moej_japan_below_half() -> None:
    findings = validate_scheme(MoejFinancing(japan_minimum=Fraction(2, 5)), SOLE)
    assert codes_of(findings) == ["JCM-A008"]


def test_participant_shares_written_as_decimals_do_not_make_a_whole() -> None:
    thirds = [Participant(name, "0.333") for name in "ABC"]
    [finding] = validate_scheme(MoejFinancing(), thirds)
    # 0.333 × 3 = 0.999
    assert finding.code == "JCM-A004"
    assert "999/1000" in finding.message
    assert finding.hint is not None and "1/3" in finding.hint


def test_participant_shares_that_leave_a_gap() -> None:
    # Two participants declared, but only 1/2 given out: shares add up to 1/2.
    participants = [Participant("A", "1/2"), Participant("B", 0)]
    assert codes_of(validate_scheme(MoejFinancing(), participants)) == ["JCM-A004"]


def test_no_participants() -> None:
    assert codes_of(validate_scheme(MoejFinancing(), [])) == ["JCM-A005"]


def test_duplicate_and_empty_names() -> None:
    participants = [
        Participant("Government of Japan", "1/2"),
        Participant(" ", "1/2"),
    ]
    findings = validate_scheme(MoejFinancing(), participants)
    assert codes_of(findings) == ["JCM-A006", "JCM-A006"]
    assert [f.path for f in findings] == ["participants[0].name", "participants[1].name"]


@pytest.mark.parametrize("issued", [-1, 2.5, True, "7", None])
def test_issued_must_be_a_whole_number(issued: object) -> None:
    with pytest.raises(AllocationError) as caught:
        allocate(issued, MoejFinancing(), SOLE)  # type: ignore[arg-type]
    assert codes_of(caught.value.findings) == ["JCM-A007"]


def test_every_problem_is_reported_at_once() -> None:
    # 2/5 < 1/2 (A008) and 2/5 + 7/10 = 11/10 > 1 (A003)
    scheme = MoejFinancing(partner_share="7/10", japan_minimum="2/5")  # type: ignore[arg-type]
    with pytest.raises(AllocationError) as caught:
        allocate(-3, scheme, [Participant("A", "1/2"), Participant("A", "1/3")])
    assert sorted(codes_of(caught.value.findings)) == [
        "JCM-A003",
        "JCM-A004",
        "JCM-A006",
        "JCM-A007",
        "JCM-A008",
    ]
    assert all(f.severity is Severity.ERROR for f in caught.value.findings)
    assert "cannot allocate credits" in str(caught.value)
