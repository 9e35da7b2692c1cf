"""The ``allocation:`` section of a project file: schema, scheme building, located findings."""

from __future__ import annotations

import datetime
import json
from fractions import Fraction
from pathlib import Path
from textwrap import dedent

import pytest
from pydantic import ValidationError

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
    allocate_periods,
    cumulative_allocation,
    read_result_file,
)
from jcm_mrv.engine.results import (
    CalculationResult,
    MethodologyInfo,
    PeriodResult,
    ProjectInfo,
    Provenance,
    Totals,
)
from jcm_mrv.fileformats.yamlfile import YamlDocument, parse_yaml_bytes
from jcm_mrv.findings.errors import InputError
from jcm_mrv.project.allocation import (
    AllocationSettings,
    allocation_for_result,
    resolve_allocation,
    scheme_from_settings,
)

TWO_COMPANIES = """\
  participants:
    - name: Company A
      share: 0.6
    - name: Company B
      share: 0.4
"""


def read(text: str) -> tuple[AllocationSettings, YamlDocument]:
    """The settings of a YAML text holding an ``allocation:`` section, and the document."""
    document = parse_yaml_bytes(dedent(text).encode("utf-8"), file="project.yaml")
    assert not document.findings
    return AllocationSettings.model_validate(document.data["allocation"]), document


def located(text: str) -> list[tuple[str, int | None, str | None]]:
    """(code, line, path) of every finding of the section in ``text``."""
    settings, document = read(text)
    resolved = resolve_allocation(settings, document=document)
    assert resolved.scheme is None and not resolved.usable
    assert all(f.file == "project.yaml" for f in resolved.findings)
    return [(f.code, f.line, f.path) for f in resolved.findings]


# --- schemes built from the section ----------------------------------------------------


def test_moej_financing_section_allocates_the_worked_example() -> None:
    settings, document = read(
        "allocation:\n  scheme: moej-financing\n  partner_share: 10%\n" + TWO_COMPANIES
    )
    scheme, participants = scheme_from_settings(settings, document=document)
    assert scheme == MoejFinancing(partner_share=Fraction(1, 10))
    assert participants == (
        Participant("Company A", Fraction(3, 5)),
        Participant("Company B", Fraction(2, 5)),
    )
    split = allocate(743, scheme, participants)
    # Japan ceil(1/2 × 743 = 371.5) = 372; partner ceil(74.3) = 75; 743 − 447 = 296 left;
    # A 3/5 × 296 = 177.6, B 2/5 × 296 = 118.4: whole parts 295, the last credit to A (.6)
    assert [line.credits for line in split.lines] == [372, 75, 178, 118]


@pytest.mark.parametrize("written", ["0.1", "10%", "'1/10'", "1/10", "'10 %'"])
def test_a_share_may_be_written_as_decimal_fraction_or_percentage(written: str) -> None:
    settings, _ = read(
        f"allocation:\n  scheme: moej-financing\n  partner_share: {written}\n" + TWO_COMPANIES
    )
    scheme, _ = scheme_from_settings(settings)
    assert isinstance(scheme, MoejFinancing)
    assert scheme.partner_share == Fraction(1, 10)


def test_moej_financing_defaults_no_partner_share_and_japan_half() -> None:
    settings, _ = read(
        "allocation:\n  scheme: moej-financing\n  participants:\n"
        "    - {name: Company A, share: 1}\n"
    )
    scheme, _ = scheme_from_settings(settings)
    assert scheme == MoejFinancing(partner_share=Fraction(0), japan_minimum=Fraction(1, 2))


def test_government_names_are_used_in_the_lines() -> None:
    settings, _ = read(
        "allocation:\n  scheme: moej-financing\n  partner_share: 10%\n"
        "  japan_name: Japan\n  partner_name: Government of Thailand\n" + TWO_COMPANIES
    )
    scheme, participants = scheme_from_settings(settings)
    parties = [line.party for line in allocate(10, scheme, participants).lines]
    assert parties == ["Japan", "Government of Thailand", "Company A", "Company B"]


def test_fgas_subsidy_section() -> None:
    settings, _ = read(
        "allocation:\n  scheme: fgas-subsidy\n  partner_share: 0.1\n  subsidy_share: 0.7\n"
        + TWO_COMPANIES
    )
    scheme, participants = scheme_from_settings(settings)
    assert scheme == FgasSubsidy(partner_share=Fraction(1, 10), subsidy_share=Fraction(7, 10))
    # partner ceil(74.3) = 75; 668 left; Japan ceil(max(0.7, 1/2) × 668 = 467.6) = 468;
    # 200 for the participants: A 120, B 80
    assert [line.credits for line in allocate(743, scheme, participants).lines] == [
        468,
        75,
        120,
        80,
    ]


def test_custom_section_declares_minimums_for_parties_with_a_role() -> None:
    settings, _ = read("""\
        allocation:
          scheme: custom
          minimums:
            - {name: Government of Japan, role: japan-government, share: 1/2}
            - {name: Fund, role: participant, share: 20%}
          participants:
            - {name: Company A, share: 1}
        """)
    scheme, participants = scheme_from_settings(settings)
    assert scheme == Custom(
        (
            Minimum(Party("Government of Japan", Role.JAPAN_GOVERNMENT), Fraction(1, 2)),
            Minimum(Party("Fund", Role.PARTICIPANT), Fraction(1, 5)),
        )
    )
    # the docs' example: Japan ceil(16.5) = 17, fund ceil(6.6) = 7, Company A 33 − 24 = 9
    assert [line.credits for line in allocate(33, scheme, participants).lines] == [17, 7, 9]


def test_custom_without_minimums_gives_everything_to_the_participants() -> None:
    settings, _ = read("allocation:\n  scheme: custom\n" + TWO_COMPANIES)
    scheme, participants = scheme_from_settings(settings)
    # 10 credits: A 6, B 4
    assert [line.credits for line in allocate(10, scheme, participants).lines] == [6, 4]


# --- inconsistent settings: every problem, located ------------------------------------


def test_shares_above_100_percent_and_negative_numbers_are_located() -> None:
    text = """\
        allocation:
          scheme: moej-financing
          partner_share: 60%
          participants:
            - name: Company A
              share: 1.5
            - name: Company B
              share: -0.5
        """
    assert located(text) == [
        ("JCM-A002", 6, "allocation.participants[0].share"),  # 150 %
        ("JCM-A002", 8, "allocation.participants[1].share"),  # -50 %
        ("JCM-A003", 3, "allocation.partner_share"),  # Japan 1/2 + partner 60 % = 110 %
    ]


def test_participant_shares_must_add_up_to_exactly_one() -> None:
    text = """\
        allocation:
          scheme: moej-financing
          participants:
            - {name: Company A, share: 0.333}
            - {name: Company B, share: 0.333}
            - {name: Company C, share: 0.333}
        """
    settings, document = read(text)
    (finding,) = resolve_allocation(settings, document=document).findings
    assert (finding.code, finding.line, finding.path) == (
        "JCM-A004",
        4,
        "allocation.participants",
    )
    assert "999/1000" in finding.message and "1/3" in (finding.hint or "")


def test_a_missing_participant_share_is_a_schema_error() -> None:
    settings_data = {
        "scheme": "moej-financing",
        "participants": [{"name": "Company A", "share": 0.5}, {"name": "Company B"}],
    }
    with pytest.raises(ValidationError) as caught:
        AllocationSettings.model_validate(settings_data)
    (error,) = caught.value.errors()
    assert (error["type"], error["loc"]) == ("missing", ("participants", 1, "share"))


def test_keys_of_another_scheme_and_missing_keys_are_located() -> None:
    text = """\
        allocation:
          scheme: fgas-subsidy
          japan_minimum: 0.6
          participants:
            - {name: Company A, share: 1}
        """
    assert located(text) == [
        ("JCM-S002", 3, "allocation.japan_minimum"),
        ("JCM-S001", 2, "allocation.scheme"),  # partner_share
        ("JCM-S001", 2, "allocation.scheme"),  # subsidy_share
    ]
    assert located(
        "allocation:\n  scheme: custom\n  partner_share: 10%\n"
        "  participants:\n    - {name: A, share: 1}\n"
    ) == [("JCM-S002", 3, "allocation.partner_share")]


def test_text_that_is_not_a_share_is_located() -> None:
    text = """\
        allocation:
          scheme: moej-financing
          partner_share: ten percent
          participants:
            - {name: Company A, share: 1}
            - {name: Company B, share: .nan}
        """
    assert located(text) == [
        ("JCM-A001", 6, "allocation.participants[1].share"),
        ("JCM-A001", 3, "allocation.partner_share"),
    ]


def test_japan_below_half_and_duplicate_names_are_located() -> None:
    text = """\
        allocation:
          scheme: moej-financing
          japan_minimum: 0.4
          partner_name: Company A
          participants:
            - {name: Company A, share: 1}
        """
    assert located(text) == [
        ("JCM-A008", 3, "allocation.japan_minimum"),
        ("JCM-A006", 6, "allocation.participants[0].name"),
    ]


def test_without_a_document_findings_carry_the_path_only() -> None:
    settings = AllocationSettings.model_validate(
        {"scheme": "custom", "participants": [{"name": "A", "share": "1/2"}]}
    )
    resolved = resolve_allocation(settings)
    assert [(f.code, f.file, f.line, f.path) for f in resolved.findings] == [
        ("JCM-A004", None, None, "allocation.participants")
    ]
    with pytest.raises(AllocationError) as caught:
        scheme_from_settings(settings)
    assert [f.code for f in caught.value.findings] == ["JCM-A004"]


def test_the_model_is_strict_and_refuses_unknown_keys() -> None:
    base = {"scheme": "custom", "participants": [{"name": "A", "share": 1}]}
    for bad in (
        {**base, "scheme": "private"},
        {**base, "partner_shares": 0.1},
        {**base, "participants": [{"name": "A", "share": True}]},
        {**base, "participants": [{"name": "", "share": 1}]},
        {**base, "minimums": [{"name": "X", "role": "fund", "share": 0.1}]},
    ):
        with pytest.raises(ValidationError):
            AllocationSettings.model_validate(bad)


def test_every_field_has_a_title_and_a_description() -> None:
    schema = AllocationSettings.model_json_schema()
    models = [schema, *schema["$defs"].values()]
    for model in models:
        for name, field in model["properties"].items():
            assert field.get("title") and field.get("description"), (model["title"], name)


# --- from a calculation ------------------------------------------------------------------


def _result(*periods: tuple[str, int]) -> CalculationResult:
    day = datetime.date(2025, 1, 1)
    return CalculationResult(
        project=ProjectInfo("TH901", "Example", "TH", "project.yaml"),
        methodology=MethodologyInfo("JCM_TH_AM001", "01.0", "Solar PV", "0" * 64),
        periods=[
            PeriodResult(label, day, day, float(er), 0.0, float(er), er) for label, er in periods
        ],
        totals=Totals(0.0, 0.0, 0.0, sum(er for _, er in periods)),
        eligibility=[],
        findings=[],
        provenance=Provenance("0", "0" * 64, {}, {}, {}),
    )


def test_allocation_for_result_splits_each_period_rounded_er() -> None:
    settings, _ = read(
        "allocation:\n  scheme: moej-financing\n  partner_share: 10%\n" + TWO_COMPANIES
    )
    allocations = allocation_for_result(_result(("2025-H1", 132), ("2025-H2", 7)), settings)
    # H1: Japan 66, partner ceil(13.2) = 14, 52 left: A 31.2 → 31, B 20.8 → 20 + 1 = 21
    # H2: Japan ceil(3.5) = 4, partner ceil(0.7) = 1, 2 left: A 1.2 → 1, B 0.8 → 0 + 1 = 1
    assert [[line.credits for line in p.allocation.lines] for p in allocations.periods] == [
        [66, 14, 31, 21],
        [4, 1, 1, 1],
    ]
    assert [c.credits for c in allocations.cumulative] == [70, 15, 32, 22]


def test_cumulative_allocation_explains_its_sums() -> None:
    scheme = MoejFinancing()
    people = [Participant("A", Fraction(1))]
    one = allocate_periods([("2025", 7)], scheme, people)
    assert cumulative_allocation(one) == one.periods[0].allocation  # rules and all
    two = cumulative_allocation(allocate_periods([("H1", 7), ("H2", 1)], scheme, people))
    # Japan: ceil(3.5) = 4 and ceil(0.5) = 1; A: 3 and 0
    assert (two.issued, two.scheme) == (8, "moej-financing")
    assert [(line.party, line.credits, line.rule) for line in two.lines] == [
        ("Government of Japan", 5, "sum-of-periods: 4 + 1 = 5"),
        ("Partner country government", 0, "sum-of-periods: 0 + 0 = 0"),
        ("A", 3, "sum-of-periods: 3 + 0 = 3"),
    ]
    assert "H1 4, H2 1" in two.lines[0].explanation


# --- a saved calculation ----------------------------------------------------------------


def test_read_result_file(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text(
        json.dumps(
            {
                "project": {"id": "TH901"},
                "periods": [
                    {"id": "2025-H1", "emission_reductions_rounded": 132},
                    {"id": "2025-H2", "emission_reductions_rounded": 0},
                ],
            }
        ),
        encoding="utf-8",
    )
    assert read_result_file(path) == ([("2025-H1", 132), ("2025-H2", 0)], "TH901")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "expected a JSON object"),
        ("{}", "no 'periods' list"),
        ('{"periods": []}', "'periods' is empty"),
        ('{"periods": [{"emission_reductions_rounded": 1}]}', "periods[0] has no key 'id'"),
        ('{"periods": [{"id": "P"}]}', "periods[0] has no key 'emission_reductions_rounded'"),
        (
            '{"periods": [{"id": "P", "emission_reductions_rounded": 1.5}]}',
            "periods[0].emission_reductions_rounded must be a whole number",
        ),
        (
            '{"periods": [{"id": "P", "emission_reductions_rounded": -1}]}',
            "periods[0].emission_reductions_rounded must be a whole number",
        ),
    ],
)
def test_read_result_file_names_the_file_and_the_key(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "result.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_result_file(path)
    assert str(path) in caught.value.message
    assert expected in caught.value.message


def test_read_result_file_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_result_file(tmp_path / "absent.json")
