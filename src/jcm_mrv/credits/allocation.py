"""Splitting the credits issued for a period between governments and participants, exactly.

:func:`allocate` turns a number of whole credits, a scheme
(:mod:`jcm_mrv.credits.schemes`) and the participants into an :class:`Allocation`:
one line per party, whole credits ≥ 0 that add up to the credits issued, each with a
short stable ``rule`` text and an ``explanation`` that shows the arithmetic.

The choices (see ``docs/credit-allocation.md``):

* **Exact arithmetic.** Shares are :class:`fractions.Fraction`; no float enters.
* **Minimums round up** to whole credits ("at least half" of 743 is 372) [likely:
  observed in issuance records]. The partner government's share is treated as a
  minimum too (10 % of 743 is 75).
* **Precedence when minimums compete.** Rounding up can ask for more than was issued
  (1 credit, Japan ≥ 1/2, partner 10 %: 1 + 1 > 1). Minimums are then served in a fixed
  order, each capped by what is left: the Government of Japan's minimum first, then the
  partner government's, then any other party's, in declared order within a role. A cap
  that bites is stated in the line's rule (``capped at 0 left``) and reported as a
  ``JCM-A009`` warning. Under ``fgas-subsidy`` the partner comes first by definition
  (Japan's share is of what the partner leaves), and no cap can bite.
* **Participants share the rest** by their declared shares with the largest-remainder
  method: each takes the whole part of its quota, and the credits left over go one each
  to the largest fractional parts, ties broken by declared order (earlier first).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from jcm_mrv.credits.schemes import (
    ONE_HALF,
    Custom,
    FgasSubsidy,
    MoejFinancing,
    Participant,
    Party,
    Role,
    Scheme,
    raise_for_errors,
    validate_scheme,
)
from jcm_mrv.findings import Finding, codes

_ROLE_ORDER = {Role.JAPAN_GOVERNMENT: 0, Role.PARTNER_GOVERNMENT: 1, Role.PARTICIPANT: 2}
_RULE_PREFIX = {
    Role.JAPAN_GOVERNMENT: "japan-minimum",
    Role.PARTNER_GOVERNMENT: "partner-minimum",
    Role.PARTICIPANT: "participant-minimum",
}


@dataclass(frozen=True)
class AllocationLine:
    """The credits one party receives, with the rule applied and its arithmetic."""

    party: str
    role: Role
    credits: int
    rule: str
    """Short, stable text such as ``japan-minimum: ceil(1/2 × 7) = 4``."""
    explanation: str
    """A sentence a reader can check by hand."""

    def to_dict(self) -> dict[str, Any]:
        """Serialise as one item of the JSON ``allocations`` list."""
        return {
            "party": self.party,
            "role": self.role.value,
            "credits": self.credits,
            "rule": self.rule,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Allocation:
    """The split of one issuance: governments first, then participants in declared order."""

    issued: int
    scheme: str
    lines: tuple[AllocationLine, ...]
    findings: tuple[Finding, ...] = ()
    """Warnings met while allocating (a capped minimum, ``JCM-A009``)."""

    def credits_of(self, party: str) -> int:
        """The credits of the party named ``party`` (KeyError when it has no line)."""
        for line in self.lines:
            if line.party == party:
                return line.credits
        raise KeyError(party)

    def to_dict(self) -> dict[str, Any]:
        """Serialise: ``{"issued", "scheme", "allocations": [...]}`` (findings apart)."""
        return {
            "issued": self.issued,
            "scheme": self.scheme,
            "allocations": [line.to_dict() for line in self.lines],
        }


def show_number(value: Fraction) -> str:
    """Show an exact value: a decimal when it terminates (``371.5``), else ``296/3 ≈ 98.67``."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        digits = 0
        scaled = value
        while scaled.denominator != 1:
            scaled *= 10
            digits += 1
        whole = str(abs(scaled.numerator)).rjust(digits + 1, "0")
        sign = "-" if value < 0 else ""
        return sign + (f"{whole[:-digits]}.{whole[-digits:]}" if digits else whole)
    return f"{value} ≈ {float(value):.2f}"


def split_largest_remainder(total: int, shares: Sequence[Fraction]) -> list[int]:
    """Split ``total`` whole units by ``shares`` (summing to 1) with the largest remainder.

    Each share takes the whole part of ``share × total``; the units left over go one
    each to the largest fractional parts, ties to the earlier share.

    >>> split_largest_remainder(10, [Fraction(1, 3)] * 3)
    [4, 3, 3]
    """
    quotas = [share * total for share in shares]
    parts = [math.floor(quota) for quota in quotas]
    left_over = total - sum(parts)
    by_remainder = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for index in by_remainder[:left_over]:
        parts[index] += 1
    return parts


@dataclass(frozen=True)
class _Claim:
    """A minimum to serve: ``share`` of ``base`` credits, rounded up."""

    party: Party
    share: Fraction
    share_text: str  # how the rule shows the share, e.g. "max(7/10, 1/2)"
    base_text: str  # what the base is, for the explanation


def _serve_claim(
    claim: _Claim, base: int, left: int, issued: int
) -> tuple[AllocationLine, Finding | None]:
    wanted = math.ceil(claim.share * base)
    credits = min(wanted, left)
    calculation = f"ceil({claim.share_text} × {base}) = {wanted}"
    rule = f"{_RULE_PREFIX[claim.party.role]}: {calculation}"
    explanation = (
        f"{claim.party.name} receives at least {claim.share_text} of {claim.base_text} "
        f"({base}): {claim.share} × {base} = {show_number(claim.share * base)}, "
        f"rounded up to {wanted}"
    )
    finding = None
    if credits < wanted:
        rule += f", capped at {left} left"
        explanation += (
            f"; only {left} of the {issued} credits issued were left after the parties "
            f"served before it, so it receives {left}"
        )
        finding = codes.MINIMUM_CAPPED(
            f"{claim.party.name}: {calculation} credits asked, but only {left} of the "
            f"{issued} issued were left after the parties served before it"
        )
    explanation += "."
    return AllocationLine(claim.party.name, claim.party.role, credits, rule, explanation), finding


def _minimum_lines(issued: int, scheme: Scheme) -> tuple[list[AllocationLine], list[Finding], int]:
    """Serve the scheme's minimums in precedence order; return lines, warnings, credits left."""
    issued_text = "the credits issued"
    if isinstance(scheme, FgasSubsidy):
        partner = Party(scheme.partner, Role.PARTNER_GOVERNMENT)
        japan = Party(scheme.japan, Role.JAPAN_GOVERNMENT)
        partner_claim = _Claim(
            partner, scheme.partner_share, str(scheme.partner_share), issued_text
        )
        partner_line, _ = _serve_claim(partner_claim, issued, issued, issued)
        rest = issued - partner_line.credits
        japan_share = max(scheme.subsidy_share, ONE_HALF)
        japan_claim = _Claim(
            japan,
            japan_share,
            f"max({scheme.subsidy_share}, 1/2)",
            "the credits left after the partner country's allocation",
        )
        japan_line, _ = _serve_claim(japan_claim, rest, rest, issued)
        return [japan_line, partner_line], [], rest - japan_line.credits

    if isinstance(scheme, MoejFinancing):
        claims = [
            _Claim(
                Party(scheme.japan, Role.JAPAN_GOVERNMENT),
                scheme.japan_minimum,
                str(scheme.japan_minimum),
                issued_text,
            ),
            _Claim(
                Party(scheme.partner, Role.PARTNER_GOVERNMENT),
                scheme.partner_share,
                str(scheme.partner_share),
                issued_text,
            ),
        ]
    else:
        assert isinstance(scheme, Custom)
        claims = [_Claim(m.party, m.share, str(m.share), issued_text) for m in scheme.minimums]
        claims.sort(key=lambda claim: _ROLE_ORDER[claim.party.role])  # stable: declared order
    lines: list[AllocationLine] = []
    findings: list[Finding] = []
    left = issued
    for claim in claims:
        line, finding = _serve_claim(claim, issued, left, issued)
        lines.append(line)
        left -= line.credits
        if finding is not None:
            findings.append(finding)
    return lines, findings, left


def _participant_lines(left: int, participants: Sequence[Participant]) -> list[AllocationLine]:
    parts = split_largest_remainder(left, [p.share for p in participants])
    left_over = left - sum(math.floor(p.share * left) for p in participants)
    lines = []
    for participant, credits in zip(participants, parts, strict=True):
        quota = participant.share * left
        whole = math.floor(quota)
        rule = f"remainder-split: floor({participant.share} × {left}) = {whole}"
        explanation = (
            f"{participant.name} has {participant.share} of the {left} credits left after "
            f"the minimums: {participant.share} × {left} = {show_number(quota)}, whole part "
            f"{whole}"
        )
        if credits > whole:
            rule += ", +1 largest remainder"
            explanation += (
                f", plus 1 of the {left_over} credit(s) left over after the whole parts, "
                f"which go to the largest fractional parts (ties to the earlier participant)"
            )
        lines.append(
            AllocationLine(participant.name, Role.PARTICIPANT, credits, rule, explanation + ".")
        )
    return lines


def allocate(issued: int, scheme: Scheme, participants: Sequence[Participant]) -> Allocation:
    """Split ``issued`` whole credits under ``scheme`` between governments and participants.

    Raises :class:`~jcm_mrv.credits.schemes.AllocationError` (with findings) when the
    settings or ``issued`` have errors (see
    :func:`~jcm_mrv.credits.schemes.validate_scheme`).

    >>> from jcm_mrv.credits.schemes import Participant, MoejFinancing
    >>> split = allocate(7, MoejFinancing(), [Participant("A", Fraction(1))])
    >>> [(line.party, line.credits) for line in split.lines]
    [('Government of Japan', 4), ('Partner country government', 0), ('A', 3)]
    """
    findings = validate_scheme(scheme, participants, issued=issued)
    raise_for_errors(findings, "cannot allocate credits")
    issued = int(issued)
    lines, warnings, left = _minimum_lines(issued, scheme)
    lines.sort(key=lambda line: _ROLE_ORDER[line.role])  # stable: declared order in a role
    lines += _participant_lines(left, participants)
    return Allocation(issued, scheme.name, tuple(lines), tuple([*findings, *warnings]))
