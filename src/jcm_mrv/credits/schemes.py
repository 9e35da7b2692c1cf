"""Who receives which share of the credits issued: parties, participants and schemes.

A *scheme* says what the governments (and any other party with a fixed minimum) receive;
the *participants* share whatever is left. Three schemes (see ``docs/credit-allocation.md``):

* :class:`MoejFinancing` (``moej-financing``): the Ministry of the Environment's
  financing programme; the Government of Japan receives at least half of the credits
  issued [confirmed], and the partner government may have a declared share (e.g. 10 %).
* :class:`FgasSubsidy` (``fgas-subsidy``): fluorocarbon recovery/destruction; of the
  credits left after the partner country's allocation, Japan receives the larger of the
  subsidy's share of the eligible cost and one half [confirmed].
* :class:`Custom` (``custom``): declared minimums for any party: private JCM projects,
  eco-lease and the ADB's JFJCM, whose splits are [open].

Shares are exact :class:`fractions.Fraction` values. :func:`parse_share` reads them from
YAML or the command line: ``"1/3"``, ``"10%"``, ``"0.1"``, ``Decimal("0.1")``, ``0.1``
(a float through its shortest repr, so ``0.1`` is exactly 1/10). The dataclasses convert
what they are given with it, so a Decimal or a string also works at run time.

:func:`validate_scheme` collects every problem as findings (codes ``JCM-A0nn``);
:func:`jcm_mrv.credits.allocation.allocate` refuses settings with errors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from numbers import Integral
from typing import ClassVar

from jcm_mrv.findings import Finding, Severity, codes
from jcm_mrv.findings.errors import InputError

ShareLike = Fraction | Decimal | int | float | str
"""What :func:`parse_share` accepts."""

ONE_HALF = Fraction(1, 2)

_NOT_GIVEN = object()


class AllocationError(InputError):
    """Allocation settings (or a number of credits) that cannot be used; see ``findings``."""


class Role(StrEnum):
    """The role of a party receiving credits, as written in JSON output."""

    JAPAN_GOVERNMENT = "japan-government"
    PARTNER_GOVERNMENT = "partner-government"
    PARTICIPANT = "participant"


def parse_share(value: ShareLike, *, path: str | None = None) -> Fraction:
    """Read a share exactly: ``"1/3"``, ``"10%"``, ``"0.1"``, a Decimal, an int or a float.

    A float goes through its shortest repr (``0.1`` → 1/10, never the binary
    0.1000000000000000055…). Range is not checked here (see :func:`validate_scheme`).
    Raises :class:`AllocationError` (code ``JCM-A001``, at ``path``) for anything else.

    >>> parse_share("10%"), parse_share(0.1), parse_share("1/3")
    (Fraction(1, 10), Fraction(1, 10), Fraction(1, 3))
    """
    try:
        if isinstance(value, bool):
            raise TypeError
        if isinstance(value, Fraction):
            return value
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ValueError
            return Fraction(repr(value))
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise ValueError
            return Fraction(value)
        if isinstance(value, int):
            return Fraction(value)
        if isinstance(value, str):
            text = value.strip()
            if text.endswith("%"):
                return Fraction(text[:-1].strip()) / 100
            return Fraction(text)
        raise TypeError
    except (TypeError, ValueError, ZeroDivisionError):
        finding = codes.SHARE_NOT_A_NUMBER(
            f"share {value!r} is not a number, a fraction such as '1/3' or a percentage",
            path=path,
        )
        raise AllocationError(finding.message, [finding]) from None


def _share_field(instance: object, name: str) -> None:
    """Convert attribute ``name`` of a frozen dataclass to an exact Fraction in place."""
    object.__setattr__(instance, name, parse_share(getattr(instance, name), path=name))


@dataclass(frozen=True)
class Party:
    """A holder of credits: a government or a participant, with its role."""

    name: str
    role: Role

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "role", Role(self.role))
        except ValueError:
            roles = ", ".join(role.value for role in Role)
            finding = codes.SCHEMA_TYPE(
                f"party {self.name!r} has role {self.role!r}; use one of {roles}", path="role"
            )
            raise AllocationError(finding.message, [finding]) from None


@dataclass(frozen=True)
class Participant:
    """A project participant and its share of the credits left after the minimums."""

    name: str
    share: Fraction

    def __post_init__(self) -> None:
        _share_field(self, "share")

    @property
    def party(self) -> Party:
        """This participant as a :class:`Party` with the participant role."""
        return Party(self.name, Role.PARTICIPANT)


@dataclass(frozen=True)
class Minimum:
    """A party that receives at least ``share`` of the credits issued, rounded up."""

    party: Party
    share: Fraction

    def __post_init__(self) -> None:
        _share_field(self, "share")


@dataclass(frozen=True)
class MoejFinancing:
    """Ministry of the Environment (Japan) financing programme: Japan ≥ 1/2 of the credits.

    ``japan_minimum`` is the programme's "at least half" (a project may have agreed
    more); ``partner_share`` is the partner government's declared share of the credits
    issued (e.g. 1/10), 0 when none was agreed.
    """

    name: ClassVar[str] = "moej-financing"

    partner_share: Fraction = Fraction(0)
    japan_minimum: Fraction = ONE_HALF
    japan: str = "Government of Japan"
    partner: str = "Partner country government"

    def __post_init__(self) -> None:
        _share_field(self, "partner_share")
        _share_field(self, "japan_minimum")


@dataclass(frozen=True)
class FgasSubsidy:
    """Fluorocarbon recovery/destruction subsidy.

    The partner government receives ``partner_share`` of the credits issued; of the
    credits left, Japan receives the larger of ``subsidy_share`` (the subsidy's share of
    the eligible cost) and one half.
    """

    name: ClassVar[str] = "fgas-subsidy"

    partner_share: Fraction
    subsidy_share: Fraction
    japan: str = "Government of Japan"
    partner: str = "Partner country government"

    def __post_init__(self) -> None:
        _share_field(self, "partner_share")
        _share_field(self, "subsidy_share")


@dataclass(frozen=True)
class Custom:
    """Declared minimums for any party (private projects, eco-lease, JFJCM …).

    Each minimum is a share of the credits issued, rounded up to whole credits.
    """

    name: ClassVar[str] = "custom"

    minimums: tuple[Minimum, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "minimums", tuple(self.minimums))


Scheme = MoejFinancing | FgasSubsidy | Custom
"""Any allocation scheme."""

SCHEME_NAMES: tuple[str, ...] = (MoejFinancing.name, FgasSubsidy.name, Custom.name)


def scheme_parties(scheme: Scheme) -> list[tuple[Party, str]]:
    """The parties a scheme names before the participants, with each one's settings path."""
    if isinstance(scheme, Custom):
        return [(m.party, f"minimums[{i}].party") for i, m in enumerate(scheme.minimums)]
    return [
        (Party(scheme.japan, Role.JAPAN_GOVERNMENT), "japan"),
        (Party(scheme.partner, Role.PARTNER_GOVERNMENT), "partner"),
    ]


def _scheme_shares(scheme: Scheme) -> list[tuple[Fraction, str]]:
    if isinstance(scheme, MoejFinancing):
        return [(scheme.japan_minimum, "japan_minimum"), (scheme.partner_share, "partner_share")]
    if isinstance(scheme, FgasSubsidy):
        return [(scheme.partner_share, "partner_share"), (scheme.subsidy_share, "subsidy_share")]
    return [(m.share, f"minimums[{i}].share") for i, m in enumerate(scheme.minimums)]


def _percent(share: Fraction) -> str:
    return f"{float(share * 100):.6g} %"


def validate_issued(issued: object) -> list[Finding]:
    """Findings for a number of credits issued that is not a whole number ≥ 0."""
    if isinstance(issued, bool) or not isinstance(issued, Integral) or issued < 0:
        return [
            codes.ISSUED_INVALID(
                f"credits issued must be a whole number, zero or more, not {issued!r}",
                path="issued",
            )
        ]
    return []


def validate_scheme(
    scheme: Scheme, participants: Sequence[Participant], *, issued: object = _NOT_GIVEN
) -> list[Finding]:
    """Collect every problem of the allocation settings (and of ``issued`` when given).

    Checks: shares within [0, 1]; minimums adding up to at most 1; Japan's minimum under
    ``moej-financing`` at least 1/2; at least one participant; participant shares adding
    up to exactly 1; party names present and unique. Paths are relative to the
    allocation settings (``participants[1].share``) so a caller can prefix its own.
    """
    findings = [] if issued is _NOT_GIVEN else validate_issued(issued)
    shares = _scheme_shares(scheme)
    shares += [(p.share, f"participants[{i}].share") for i, p in enumerate(participants)]
    for share, path in shares:
        if not 0 <= share <= 1:
            findings.append(
                codes.SHARE_OUT_OF_RANGE(
                    f"share {share} ({_percent(share)}) is outside 0-100 %", path=path
                )
            )

    if isinstance(scheme, MoejFinancing):
        minimums_total = scheme.japan_minimum + scheme.partner_share
        if scheme.japan_minimum < ONE_HALF:
            findings.append(
                codes.JAPAN_MINIMUM_TOO_LOW(
                    f"moej-financing gives the Government of Japan at least 1/2 of the "
                    f"credits; {scheme.japan_minimum} was declared",
                    path="japan_minimum",
                )
            )
    elif isinstance(scheme, Custom):
        minimums_total = sum((m.share for m in scheme.minimums), Fraction(0))
    else:  # fgas-subsidy: Japan's share applies to what the partner leaves
        minimums_total = scheme.partner_share
    if minimums_total > 1:
        findings.append(
            codes.MINIMUMS_ABOVE_WHOLE(
                f"minimum shares add up to {minimums_total} ({_percent(minimums_total)})",
                path="minimums" if isinstance(scheme, Custom) else None,
            )
        )

    if not participants:
        findings.append(
            codes.NO_PARTICIPANTS(
                "no participants: name at least one to receive the remaining credits",
                path="participants",
            )
        )
    else:
        participant_total = sum((p.share for p in participants), Fraction(0))
        if participant_total != 1:
            findings.append(
                codes.PARTICIPANT_SHARES_NOT_WHOLE(
                    f"participant shares add up to {participant_total} "
                    f"({_percent(participant_total)}), not exactly 1",
                    path="participants",
                    hint="write repeating fractions exactly, e.g. '1/3'",
                )
            )

    named = scheme_parties(scheme)
    named += [(p.party, f"participants[{i}].name") for i, p in enumerate(participants)]
    seen: set[str] = set()
    for party, path in named:
        key = party.name.strip()
        if not key:
            findings.append(codes.PARTY_NAME("a party has no name", path=path))
        elif key in seen:
            findings.append(codes.PARTY_NAME(f"party name {party.name!r} is used twice", path=path))
        seen.add(key)
    return findings


def raise_for_errors(findings: Sequence[Finding], what: str) -> None:
    """Raise :class:`AllocationError` carrying ``findings`` when any of them is an error."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        detail = "; ".join(f.message for f in errors)
        raise AllocationError(f"{what}: {detail}", findings)
