"""The ``allocation:`` section of a project file, and how it becomes a scheme.

The section names the financing scheme, its parameters and the participants::

    allocation:
      scheme: moej-financing        # or fgas-subsidy, custom
      partner_share: 10%            # 0.1, "1/10" and "10%" are the same share
      participants:
        - {name: Company A, share: 0.6}
        - {name: Company B, share: 0.4}

:class:`AllocationSettings` is the strict pydantic model of the section (it checks
types and unknown keys). :func:`resolve_allocation` checks the rest (which keys each
scheme takes, the shares, their sums, the names) and returns the
:class:`~jcm_mrv.credits.schemes.Scheme` and participants of the library, or findings
located in the YAML file when a document is given. Every problem is reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from jcm_mrv.fileformats import limits
from jcm_mrv.fileformats.filemodel import FileModel
from jcm_mrv.fileformats.yamlfile import YamlDocument, YamlPath, dotted
from jcm_mrv.findings import Finding, Severity, codes

if TYPE_CHECKING:
    from jcm_mrv.credits.periods import PeriodAllocations
    from jcm_mrv.credits.schemes import Participant, Scheme
    from jcm_mrv.engine.results import CalculationResult

# The credits package (schemes, the split, about 0.02 s to import) is imported where
# settings are resolved, not with this module: the project file's model needs the
# settings model below, and most projects have no allocation section.

SchemeName = Literal["moej-financing", "fgas-subsidy", "custom"]
RoleName = Literal["japan-government", "partner-government", "participant"]

Share = Annotated[
    int | float | str,
    Field(
        title="Share",
        description=(
            "A share written as a decimal (0.1), a fraction ('1/3') or a percentage "
            "('10%'); read exactly, so 0.1 is exactly one tenth."
        ),
    ),
]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class ParticipantSettings(FileModel):
    """A project participant and its share of the credits left after the minimums."""

    name: Name = Field(title="Name", description="The participant's name as it appears in reports.")
    share: Share = Field(
        title="Share of the rest",
        description=(
            "Its share of the credits left after the governments' (and other minimum) "
            "parts; the participants' shares add up to exactly 1."
        ),
    )


class MinimumSettings(FileModel):
    """A party of a ``custom`` scheme that receives at least a share of the credits issued."""

    name: Name = Field(title="Name", description="The party's name, e.g. 'Government of Japan'.")
    role: RoleName = Field(
        title="Role",
        description=(
            "japan-government, partner-government or participant (e.g. a fund that "
            "finances the project)."
        ),
    )
    share: Share = Field(
        title="Minimum share",
        description="Its minimum share of the credits issued, rounded up to whole credits.",
    )


class AllocationSettings(FileModel):
    """How the credits issued are split between governments and participants."""

    scheme: SchemeName = Field(
        title="Scheme",
        description=(
            "moej-financing (Ministry of the Environment financing: Japan at least 1/2), "
            "fgas-subsidy (fluorocarbon subsidy: of the credits left after the partner "
            "country's allocation, Japan receives the larger of the subsidy's share and "
            "1/2) or custom (declared minimums for any party)."
        ),
    )
    partner_share: Share | None = Field(
        default=None,
        title="Partner country's share",
        description=(
            "moej-financing and fgas-subsidy: the partner government's share of the "
            "credits issued, rounded up (default 0 under moej-financing; required under "
            "fgas-subsidy)."
        ),
    )
    japan_minimum: Share | None = Field(
        default=None,
        title="Japan's minimum",
        description=(
            "moej-financing only: the Government of Japan's minimum share of the credits "
            "issued (default 1/2; a project may have agreed more, never less)."
        ),
    )
    subsidy_share: Share | None = Field(
        default=None,
        title="Subsidy's share of eligible cost",
        description=(
            "fgas-subsidy only (required): the subsidy divided by the eligible cost; "
            "Japan receives the larger of this and 1/2 of the credits left after the "
            "partner country's allocation."
        ),
    )
    japan_name: Name | None = Field(
        default=None,
        title="Name of Japan's government",
        description="moej-financing and fgas-subsidy: default 'Government of Japan'.",
    )
    partner_name: Name | None = Field(
        default=None,
        title="Name of the partner government",
        description=(
            "moej-financing and fgas-subsidy: e.g. 'Government of Thailand' "
            "(default 'Partner country government')."
        ),
    )
    minimums: list[MinimumSettings] | None = Field(
        default=None,
        title="Minimums",
        description=(
            "custom only: parties with a minimum share of the credits issued, served in "
            "the order Japan, partner, others (declared order within a role)."
        ),
    )
    participants: list[ParticipantSettings] = Field(
        title="Participants",
        description=(
            "The project participants, who share the credits left after the minimums by "
            "their shares (largest remainder, ties to the one declared first)."
        ),
    )


_SCHEME_KEYS: dict[str, tuple[set[str], set[str]]] = {
    # scheme: (keys it requires, keys it allows besides scheme and participants)
    "moej-financing": (set(), {"partner_share", "japan_minimum", "japan_name", "partner_name"}),
    "fgas-subsidy": (
        {"partner_share", "subsidy_share"},
        {"partner_share", "subsidy_share", "japan_name", "partner_name"},
    ),
    "custom": (set(), {"minimums"}),
}

# validate_scheme names the library's attributes; the file names some differently
_RENAMED = {"japan": "japan_name", "partner": "partner_name", "party": "name"}
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class ResolvedAllocation:
    """Allocation settings turned into the library's scheme and participants.

    ``scheme`` is ``None`` when the settings have errors; ``findings`` says why.
    """

    scheme: Scheme | None
    participants: tuple[Participant, ...]
    findings: tuple[Finding, ...]

    @property
    def usable(self) -> bool:
        """True when a scheme could be built and no finding is an error."""
        return self.scheme is not None and not any(
            f.severity is Severity.ERROR for f in self.findings
        )


class _Locator:
    """Locates findings of the settings: in the YAML document when there is one."""

    def __init__(self, document: YamlDocument | None, base: YamlPath) -> None:
        self.document = document
        self.base = base

    def where(self, relative: YamlPath, *, key: bool = False) -> dict[str, Any]:
        path = (*self.base, *relative)
        if self.document is None:
            return {"path": dotted(path) or None}
        return self.document.locate(path, key=key)

    def relocate(self, finding: Finding) -> Finding:
        """Place a finding whose path is relative to the settings (``participants[1].share``)."""
        relative: list[str | int] = []
        for name, index in _PATH_PART.findall(finding.path or ""):
            relative.append(int(index) if index else _RENAMED.get(name, name))
        return finding.with_location(**self.where(tuple(relative)))


def resolve_allocation(
    settings: AllocationSettings,
    *,
    document: YamlDocument | None = None,
    base: YamlPath = ("allocation",),
) -> ResolvedAllocation:
    """Check allocation settings and build the scheme and participants they declare.

    Every problem is collected: keys that do not belong to the scheme (``JCM-S002``) or
    that it needs (``JCM-S001``), shares that are not numbers (``JCM-A001``), and what
    :func:`~jcm_mrv.credits.schemes.validate_scheme` finds (shares outside 0-100 %,
    minimums above 100 %, participant shares not adding up to 1, names missing or used
    twice). With ``document`` (the project file read by
    :func:`~jcm_mrv.fileformats.yamlfile.read_yaml_file`), findings carry its file, line and column;
    ``base`` is where the settings sit in it.
    """
    from jcm_mrv.credits.schemes import Participant, validate_scheme

    locator = _Locator(document, base)
    findings = _scheme_key_findings(settings, locator)
    shares = _Shares(locator)
    participants = tuple(
        Participant(p.name, shares.read(p.share, ("participants", n, "share")))
        for n, p in enumerate(settings.participants)
    )
    scheme = _build_scheme(settings, shares)
    if shares.findings:  # placeholders stand for the unreadable shares: no sums to check
        return ResolvedAllocation(None, participants, (*findings, *shares.findings))
    for finding in validate_scheme(scheme, participants):
        if finding.code == codes.MINIMUMS_ABOVE_WHOLE.code and finding.path is None:
            # a government's minimum plus the partner's share: point at the latter
            finding = finding.with_location(path="partner_share")
        findings.append(locator.relocate(finding))
    usable = not any(f.severity is Severity.ERROR for f in findings)
    return ResolvedAllocation(scheme if usable else None, participants, tuple(findings))


def allocation_findings(
    settings: AllocationSettings,
    document: YamlDocument | None = None,
    *,
    base: YamlPath = ("allocation",),
) -> list[Finding]:
    """Every problem of the settings, located in ``document`` when given (for ``validate``)."""
    return list(resolve_allocation(settings, document=document, base=base).findings)


def scheme_from_settings(
    settings: AllocationSettings,
    *,
    document: YamlDocument | None = None,
    base: YamlPath = ("allocation",),
) -> tuple[Scheme, tuple[Participant, ...]]:
    """The scheme and participants the settings declare.

    Raises :class:`~jcm_mrv.credits.schemes.AllocationError` carrying every finding
    when the settings have errors.
    """
    from jcm_mrv.credits.schemes import raise_for_errors

    resolved = resolve_allocation(settings, document=document, base=base)
    raise_for_errors(resolved.findings, "invalid allocation settings")
    assert resolved.scheme is not None  # no errors, so a scheme was built
    return resolved.scheme, resolved.participants


class _Shares:
    """Reads shares exactly, collecting a located ``JCM-A001`` for each one it cannot read."""

    def __init__(self, locator: _Locator) -> None:
        self.locator = locator
        self.findings: list[Finding] = []

    def read(self, value: int | float | str, path: YamlPath) -> Fraction:
        from jcm_mrv.credits.schemes import AllocationError, parse_share

        refusal = _unreadable_share(value)
        if refusal is not None:
            finding = codes.SHARE_NOT_A_NUMBER(refusal, **self.locator.where(path))
            self.findings.append(finding)
            return Fraction(0)
        try:
            return parse_share(value)
        except AllocationError as exc:
            self.findings += [f.with_location(**self.locator.where(path)) for f in exc.findings]
            return Fraction(0)  # a placeholder: the settings are refused anyway


_EXPONENT = re.compile(r"[eE]\s*([+-]?\d+)")
_LARGEST_EXPONENT = 100  # a share is between 0 and 1: 1e-100 is already absurd


def _unreadable_share(value: object) -> str | None:
    """Why a share is refused before it is converted, or ``None``.

    ``Fraction("1e-999999999")`` computes ten to the billionth power (it never ends),
    and a fraction of two 5,000-digit numbers costs seconds: the length and the exponent
    of a written share are bounded first.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    longest = limits.NUMBER_CHARS.get()
    if len(text) > longest:
        return (
            f"a share of {len(text):,} characters; shares longer than {longest} characters "
            f"are refused ({limits.NUMBER_CHARS.variable})"
        )
    exponent = _EXPONENT.search(text)
    if exponent is not None and abs(int(exponent.group(1))) > _LARGEST_EXPONENT:
        return (
            f"share {text!r} has an exponent beyond ±{_LARGEST_EXPONENT}; write it as a "
            "decimal, a fraction such as '1/3' or a percentage"
        )
    return None


def _build_scheme(settings: AllocationSettings, shares: _Shares) -> Scheme:
    from jcm_mrv.credits.schemes import Custom, FgasSubsidy, Minimum, MoejFinancing, Party, Role

    def share(name: str, default: Fraction) -> Fraction:
        value = getattr(settings, name)
        return default if value is None else shares.read(value, (name,))

    names: dict[str, str] = {}
    if settings.japan_name is not None:
        names["japan"] = settings.japan_name
    if settings.partner_name is not None:
        names["partner"] = settings.partner_name
    if settings.scheme == "moej-financing":
        return MoejFinancing(
            partner_share=share("partner_share", Fraction(0)),
            japan_minimum=share("japan_minimum", Fraction(1, 2)),
            **names,
        )
    if settings.scheme == "fgas-subsidy":
        return FgasSubsidy(
            partner_share=share("partner_share", Fraction(0)),
            subsidy_share=share("subsidy_share", Fraction(0)),
            **names,
        )
    return Custom(
        tuple(
            Minimum(
                Party(m.name, Role(m.role)),
                shares.read(m.share, ("minimums", n, "share")),
            )
            for n, m in enumerate(settings.minimums or ())
        )
    )


def _scheme_key_findings(settings: AllocationSettings, locator: _Locator) -> list[Finding]:
    required, allowed = _SCHEME_KEYS[settings.scheme]
    given = {name for name in _OPTIONAL_KEYS if getattr(settings, name) is not None}
    findings = []
    for name in sorted(given - allowed):
        users = sorted(scheme for scheme, (_, keys) in _SCHEME_KEYS.items() if name in keys)
        findings.append(
            codes.SCHEMA_UNKNOWN(
                f"{name} does not apply to scheme {settings.scheme} "
                f"(it belongs to {' and '.join(users)})",
                **locator.where((name,), key=True),
            )
        )
    for name in sorted(required - given):
        findings.append(
            codes.SCHEMA_MISSING(
                f"scheme {settings.scheme} needs {name}",
                hint=_MISSING_HINTS.get(name),
                **locator.where(("scheme",)),
            )
        )
    return findings


_OPTIONAL_KEYS: Sequence[str] = (
    "partner_share",
    "japan_minimum",
    "subsidy_share",
    "japan_name",
    "partner_name",
    "minimums",
)
_MISSING_HINTS = {
    "partner_share": "the partner country's share of the credits issued, e.g. 10% (0 if none)",
    "subsidy_share": "the subsidy divided by the eligible cost, e.g. 0.7",
}


def allocation_for_result(
    result: CalculationResult,
    settings: AllocationSettings,
    *,
    document: YamlDocument | None = None,
) -> PeriodAllocations:
    """Allocate the credits of every calculated period under the project's settings.

    The credits of a period are its ``emission_reductions_rounded``. Raises
    :class:`~jcm_mrv.credits.schemes.AllocationError` (with findings, located in the
    project file ``document`` when given) when the settings have errors; a project
    that passed ``jcm-mrv validate`` has none.
    """
    from jcm_mrv.credits.issued import issued_from_result
    from jcm_mrv.credits.periods import allocate_periods

    scheme, participants = scheme_from_settings(settings, document=document)
    return allocate_periods(issued_from_result(result), scheme, participants)
