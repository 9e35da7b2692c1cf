"""The records a calculation returns, and their plain-data form (the JSON output).

Every renderer (table, JSON, CSV, Markdown) works from these records. ``to_dict``
gives the documented JSON structure; it holds no timestamp and no absolute path, so
that re-running a calculation on the same inputs gives byte-identical output from any
working directory, and it ends with the SHA-256 of its own canonical content.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from jcm_mrv.engine.provenance import (
    CONTENT_HASH_KEY,
    RESULT_FORMAT_VERSION,
    InputFile,
    content_sha256,
)
from jcm_mrv.fileformats.paths import portable_path
from jcm_mrv.findings import Finding

if TYPE_CHECKING:  # the monitoring package imports numpy: not on the --help path
    from jcm_mrv.monitoring.sources import CalibrationCorrection, Coverage, Substitution

EligibilityStatus = Literal["pass", "fail", "attestation-needed"]
ExplainedValues = list[list[float]] | list[list[list[float]]]
"""Values by period and point, and by day for a value that varies by day."""


@dataclass(frozen=True)
class ProjectInfo:
    """Which project was calculated."""

    id: str
    title: str
    country: str
    file: str


@dataclass(frozen=True)
class MethodologyInfo:
    """Which methodology was applied (with the SHA-256 of its file)."""

    id: str
    version: str
    title: str
    sha256: str
    status: str = ""
    unconfirmed: tuple[str, ...] = ()
    """What the figures rest on that is not confirmed from a public JCM source
    (:meth:`~jcm_mrv.methodology.model.Methodology.unconfirmed_notes`)."""


class Deferred:
    """Text computed on first use, then kept: an exact figure nobody may ask for."""

    def __init__(self, compute: Callable[[], str | None]) -> None:
        self._compute: Callable[[], str | None] | None = compute
        self._value: str | None = None

    def get(self) -> str | None:
        """The text (computed now if it has not been yet)."""
        if self._compute is not None:
            self._value, self._compute = self._compute(), None
        return self._value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Deferred):
            return self.get() == other.get()
        if other is None or isinstance(other, str):
            return self.get() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.get())

    def __repr__(self) -> str:
        return f"Deferred({self.get()!r})"


@dataclass(frozen=True)
class PeriodResult:
    """RE, PE and ER of one monitoring period (tCO2), and the rounded ER."""

    id: str
    start: datetime.date
    end: datetime.date
    reference_emissions: float
    project_emissions: float
    emission_reductions: float
    emission_reductions_rounded: int
    near_boundary: bool = False
    negative: bool = False
    exact_source: str | Deferred | None = field(default=None, repr=False)
    """The exact ER's text, or how to compute it when first asked for
    (:attr:`emission_reductions_exact`)."""
    coverage: tuple[Coverage, ...] = ()
    """Expected and present readings of each timestamped parameter and point."""
    substitutions: tuple[Substitution, ...] = ()
    """Gaps filled with a conservative substitute."""
    calibration_corrections: tuple[CalibrationCorrection, ...] = ()
    """Readings corrected after a calibration (docs/calibration.md)."""

    @property
    def emission_reductions_exact(self) -> str | None:
        """The exact ER the credits come from, as ``numerator/denominator`` text (``"742"``,
        ``"7429999995/10000000"``); ``None`` when a non-rational equation made it a float.

        Computed on first use when the credits were decided without it (the exact
        rational evaluation costs a Python object per value: only what is printed pays).
        """
        source = self.exact_source
        return source.get() if isinstance(source, Deferred) else source

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "id": self.id,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "reference_emissions": self.reference_emissions,
            "project_emissions": self.project_emissions,
            "emission_reductions": self.emission_reductions,
            "emission_reductions_exact": self.emission_reductions_exact,
            "emission_reductions_rounded": self.emission_reductions_rounded,
            "near_boundary": self.near_boundary,
            "negative": self.negative,
            "coverage": [c.to_dict() for c in self.coverage],
            "substitutions": [s.to_dict() for s in self.substitutions],
            "calibration_corrections": [c.to_dict() for c in self.calibration_corrections],
        }


@dataclass(frozen=True)
class Totals:
    """Sums over the calculated periods (the rounded total sums the rounded periods)."""

    reference_emissions: float
    project_emissions: float
    emission_reductions: float
    emission_reductions_rounded: int

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "reference_emissions": self.reference_emissions,
            "project_emissions": self.project_emissions,
            "emission_reductions": self.emission_reductions,
            "emission_reductions_rounded": self.emission_reductions_rounded,
        }


@dataclass(frozen=True)
class EligibilityResult:
    """The outcome of one eligibility criterion."""

    id: str
    text: str
    status: EligibilityStatus
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"id": self.id, "text": self.text, "status": self.status, "detail": self.detail}


@dataclass(frozen=True)
class ExplainedValue:
    """One parameter or equation with its values, as a calc_process sheet shows it.

    ``values`` has a row per entry of ``periods`` (one row when the value does not vary
    by period) and a column per entry of ``points`` (one column when it does not vary
    by monitoring point).

    A value that varies by the day index ``d`` has ``days`` > 0 (the size of the day
    axis: the number of days of the project's longest period) and one more level:
    ``values[period][point]`` is the list of that period's daily values, its first
    entry the period's first day, one entry per day of the period (a shorter period's
    list is shorter; the padding days are left out). ``days`` is 0 otherwise, and then
    the JSON has no ``days`` key.
    """

    symbol: str
    kind: str
    unit: str
    expression: str | None
    inputs: list[str]
    periods: list[str]
    points: list[str]
    values: ExplainedValues
    days: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        data: dict[str, Any] = {
            "symbol": self.symbol,
            "kind": self.kind,
            "unit": self.unit,
            "expression": self.expression,
            "inputs": self.inputs,
            "periods": self.periods,
            "points": self.points,
            "values": self.values,
        }
        if self.days:
            data["days"] = self.days
        return data


@dataclass(frozen=True)
class Provenance:
    """What a verifier needs to reproduce the result, and to see that it is unchanged.

    ``inputs`` lists every file the result was computed from (project file, a
    methodology file the project names, data files) with its path relative to the
    project file's folder, its size and SHA-256. ``dependencies`` holds the versions of
    Python and of the libraries that can change a figure. The JSON form adds the result
    format version and, under ``result_sha256``, the SHA-256 of the result's canonical
    content (:mod:`jcm_mrv.engine.provenance`).
    """

    tool_version: str
    project_sha256: str
    data_files: dict[str, str]
    overrides: dict[str, str]
    rounding: dict[str, str]
    inputs: tuple[InputFile, ...] = ()
    dependencies: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (without the content hash, which covers the whole result)."""
        return {
            "format_version": RESULT_FORMAT_VERSION,
            "tool": "jcm-mrv",
            "tool_version": self.tool_version,
            "dependencies": dict(sorted(self.dependencies.items())),
            "inputs": [i.to_dict() for i in self.inputs],
            "project_sha256": self.project_sha256,
            "data_files": dict(sorted(self.data_files.items())),
            "overrides": dict(sorted(self.overrides.items())),
            "rounding": self.rounding,
        }


@dataclass(frozen=True)
class CalculationResult:
    """Everything a calculation found: numbers, eligibility, findings and provenance.

    Immutable: how the credits split (a project's ``allocation:``) is computed after
    the calculation and kept beside it (:class:`jcm_mrv.api.Calculation`).
    """

    project: ProjectInfo
    methodology: MethodologyInfo
    periods: list[PeriodResult]
    totals: Totals
    eligibility: list[EligibilityResult]
    findings: list[Finding]
    provenance: Provenance
    explanation: list[ExplainedValue] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON structure of a calculation."""
        data: dict[str, Any] = {
            "project": {
                "id": self.project.id,
                "title": self.project.title,
                "country": self.project.country,
            },
            "methodology": {
                "id": self.methodology.id,
                "version": self.methodology.version,
                "title": self.methodology.title,
                "sha256": self.methodology.sha256,
                "status": self.methodology.status,
                "unconfirmed": list(self.methodology.unconfirmed),
            },
            "periods": [p.to_dict() for p in self.periods],
            "totals": self.totals.to_dict(),
            "eligibility": [e.to_dict() for e in self.eligibility],
            "findings": [self._portable(f).to_dict() for f in self.findings],
            "provenance": self.provenance.to_dict(),
        }
        if self.explanation:
            data["explanation"] = [e.to_dict() for e in self.explanation]
        data["provenance"][CONTENT_HASH_KEY] = content_sha256(data)
        return data

    def _portable(self, finding: Finding) -> Finding:
        """The finding with its file relative to the project file's folder."""
        if finding.file is None:
            return finding
        base = Path(self.project.file).parent
        return finding.with_location(file=portable_path(finding.file, base))
