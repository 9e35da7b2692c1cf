"""The calculation engine: a project and its monitoring data in, a period's ER out.

Steps: load and check the project and its methodology; read the monitoring data into
per-period, per-point (and, for parameters indexed by the day index ``d``, per-day)
arrays in the methodology's units; compile every equation once; evaluate them in
dependency order on whole arrays (periods × monitoring points [× days], never a
Python loop per row), in floating point for display; evaluate RE, PE and ER once more
exactly (rational arithmetic on the inputs as written, :mod:`jcm_mrv.formula.exact`),
convert them to tCO2 and round each period's exact ER once; evaluate the eligibility
criteria. Problems that make a number
untrustworthy stop the calculation with an :class:`~jcm_mrv.findings.errors.InputError` that
carries the findings; problems that leave the numbers sound (a failed eligibility
criterion) are returned as error findings alongside them.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np

from jcm_mrv._version import __version__
from jcm_mrv.engine.bounds import expression_bounds
from jcm_mrv.engine.evaluation import DAY_AXIS, CompiledMethodology
from jcm_mrv.engine.provenance import (
    InputFile,
    input_file,
    library_versions,
)
from jcm_mrv.engine.results import (
    CalculationResult,
    Deferred,
    EligibilityResult,
    EligibilityStatus,
    ExplainedValue,
    ExplainedValues,
    MethodologyInfo,
    PeriodResult,
    ProjectInfo,
    Provenance,
    Totals,
)
from jcm_mrv.engine.rounding import (
    RoundedValue,
    RoundingRule,
    decide_rounding,
    round_emission_reductions,
)
from jcm_mrv.fileformats.paths import declared_path
from jcm_mrv.findings import Finding, Severity, codes, has_errors
from jcm_mrv.findings.errors import InputError
from jcm_mrv.findings.suggest import did_you_mean
from jcm_mrv.formula import render
from jcm_mrv.methodology.direction import directions
from jcm_mrv.methodology.model import (
    DAY_INDEX,
    PERIOD_INDEX,
    DefaultParameter,
    Methodology,
    MonitoredParameter,
    ProjectParameter,
)
from jcm_mrv.monitoring.sources import (
    CalibrationCorrection,
    Coverage,
    ErDirection,
    MeterSpec,
    Substitution,
)
from jcm_mrv.monitoring.timestamps import moment_ms
from jcm_mrv.numeric import as_written
from jcm_mrv.project.loader import (
    LoadedProject,
    bounds_finding,
    parameter_conversion,
)
from jcm_mrv.units import Conversion, UnitError, conversion

if TYPE_CHECKING:
    from jcm_mrv.methodology.checks import CheckedMethodology
    from jcm_mrv.monitoring import MonitoringData, ParameterSpec, PeriodSpec
    from jcm_mrv.monitoring.calibration import MeterCalibration
    from jcm_mrv.monitoring.sources import ExpressionBound
    from jcm_mrv.project.model import Meter, Project

Array = np.ndarray[Any, np.dtype[Any]]


class Progress(Protocol):
    """Where a calculation reports how far it has got (a CLI draws a progress bar)."""

    def phase(self, message: str) -> None:
        """A new step begins (``"reading monitoring data"``)."""

    def advance(self, done: int, total: int) -> None:
        """Bytes of monitoring data read so far, of ``total``."""


class NoProgress:
    """Reports nothing: the default, and what a CLI uses when stderr is not a terminal."""

    def phase(self, message: str) -> None:
        """Ignore the step."""

    def advance(self, done: int, total: int) -> None:
        """Ignore the bytes read."""


@dataclass(frozen=True)
class Override:
    """A ``--set NAME=VALUE [UNIT]`` or ``--set NAME[POINT]=VALUE [UNIT]`` override.

    Replaces a project-specific or default value (at every monitoring point, or at
    ``point`` only); ``unit`` is the unit the value is written in (default: the
    methodology's).
    """

    name: str
    value: float
    unit: str | None = None
    point: str | None = None

    @property
    def target(self) -> str:
        """What is overridden, as written: ``EF_RE`` or ``COP_PJ_i[CH-01]``."""
        return self.name if self.point is None else f"{self.name}[{self.point}]"


_OVERRIDE_TARGET = re.compile(r"^\s*([^\s=\[\]]+)\s*(?:\[\s*([^\[\]]*?)\s*\])?\s*$")


def parse_override(text: str) -> Override:
    """Parse ``NAME=VALUE [UNIT]`` or ``NAME[POINT]=VALUE [UNIT]``.

    Raises :class:`InputError` if the text is malformed.
    """
    target, sep, rest = text.partition("=")
    parts = rest.strip().split(maxsplit=1)
    matched = _OVERRIDE_TARGET.match(target)
    try:
        if not sep or matched is None or not parts or matched.group(2) == "":
            raise ValueError
        value = float(parts[0])
        if not math.isfinite(value):
            raise ValueError
    except ValueError:
        raise InputError(
            f"--set {text!r}: expected NAME=VALUE [UNIT] or NAME[POINT]=VALUE [UNIT], e.g. "
            "EF_RE=0.5 or EG_max=1.2 MWh",
            [codes.OVERRIDE_INVALID(f"cannot read override {text!r}", file="--set")],
        ) from None
    assert matched is not None
    return Override(matched.group(1), value, parts[1] if len(parts) > 1 else None, matched.group(2))


def calculate_loaded(
    loaded: LoadedProject,
    *,
    periods: Sequence[str] | None = None,
    overrides: Sequence[Override | str] = (),
    explain: bool = False,
    progress: Progress | None = None,
    monitored: MonitoringData | None = None,
) -> CalculationResult:
    """Calculate the emission reductions of a project read by ``load_project``.

    ``periods`` selects periods by id (default: all). ``overrides`` replace
    project-specific or default values (``"EF_RE=0.5"``); they are recorded in the
    result. With ``explain`` the result keeps every equation's values per period and
    monitoring point. Raises :class:`~jcm_mrv.findings.errors.InputError` (with findings) when
    the input cannot give trustworthy numbers. :func:`jcm_mrv.calculate` does the same
    job from a path, returning an outcome instead of raising. ``monitored`` gives the
    monitored values instead of the project's data files (an ex-ante estimate's).
    """
    if not loaded.usable:
        raise InputError(f"{loaded.path}: the project cannot be calculated", _errors_first(loaded))
    assert loaded.project is not None and loaded.methodology is not None
    checked = loaded.methodology.checked
    assert checked is not None
    engine = _Engine(loaded, loaded.project, checked, progress or NoProgress(), monitored)
    return engine.run(
        periods=periods,
        overrides=[parse_override(o) if isinstance(o, str) else o for o in overrides],
        explain=explain,
    )


def check_monitoring_data(loaded: LoadedProject) -> list[Finding]:
    """Read a usable project's monitoring data and return what is wrong in it.

    The same reading as a calculation's (every cell converted and checked against the
    methodology's bounds), but nothing is calculated: what ``jcm-mrv validate`` runs on
    a project file. Findings without a file point at the project's ``data:`` list.
    """
    assert loaded.project is not None and loaded.methodology is not None
    assert loaded.methodology.checked is not None
    data, findings = _read_data(loaded, loaded.methodology.checked.methodology, None)
    return findings + [
        gap.noted(
            f"whether they count as zero or are filled is decided per monitoring point and "
            f"period when ER is calculated, as the effect of {gap.parameter} on ER depends "
            "on the values"
        )
        for gap in data.gaps
    ]


def read_over(loaded: LoadedProject, periods: Sequence[PeriodSpec]) -> MonitoringData:
    """A usable project's monitoring data read as a calculation reads it, but over
    ``periods`` instead of the project's monitoring periods.

    The same files, units, bounds and gap handling: the report draws the monitored values
    over calendar days or months with it. The findings are in the data's ``findings``.
    """
    assert loaded.project is not None and loaded.methodology is not None
    assert loaded.methodology.checked is not None
    data, _ = _read_data(loaded, loaded.methodology.checked.methodology, None, periods)
    return data


def _parameter_specs(
    methodology: Methodology,
    effects: Mapping[str, str] | None = None,
    expressions: Mapping[str, Mapping[str, ExpressionBound]] | None = None,
) -> dict[str, ParameterSpec]:
    """What the monitoring readers need to know of each monitored parameter.

    ``effects`` maps a parameter to how ER responds to its increase (see
    :func:`jcm_mrv.methodology.direction.directions`); unknown is ``depends``.
    ``expressions`` gives the bounds declared as expressions, ready to evaluate
    (:func:`jcm_mrv.engine.bounds.expression_bounds`).
    """
    from jcm_mrv.monitoring import ParameterSpec

    effects = effects or {}
    expressions = expressions or {}

    return {
        name: ParameterSpec(
            symbol=name,
            unit=param.unit,
            per_point=bool(set(param.index) - {PERIOD_INDEX, DAY_INDEX}),
            aggregation=param.aggregation,
            minimum=param.bounds.low if param.bounds else None,
            maximum=param.bounds.high if param.bounds else None,
            lower=expressions.get(name, {}).get("min"),
            upper=expressions.get(name, {}).get("max"),
            per_day=DAY_INDEX in param.index,
            printed=param.symbol,
            direction=_DIRECTIONS.get(effects.get(name, "depends"), "depends"),
        )
        for name, param in methodology.parameters.items()
        if isinstance(param, MonitoredParameter)
    }


_DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}
_DIRECTIONS: dict[str, ErDirection] = {
    "raises": "raises",
    "lowers": "lowers",
    "unchanged": "unchanged",
    "depends": "depends",
}


def _read_data(
    loaded: LoadedProject,
    methodology: Methodology,
    advance: Callable[[int, int], None] | None,
    over: Sequence[PeriodSpec] | None = None,
) -> tuple[MonitoringData, list[Finding]]:
    """Read a project's monitoring data (over its periods, or ``over``); the data and
    its findings (located)."""
    from jcm_mrv.monitoring import PeriodSpec, SourceSpec, read_monitoring_data

    project = loaded.project
    assert project is not None
    sources = [
        SourceSpec(
            path=loaded.data_path(d.path),
            layout=d.layout,
            sheet=d.sheet,
            encoding=d.encoding,
            point=d.point,
            timestamps=d.timestamps,
            header_row=d.header_row,
            decimal=d.decimal,
            thousands=d.thousands,
            delimiter=_DELIMITERS[d.delimiter] if d.delimiter else None,
            date_format=d.date_format,
            interval=d.interval,
            substitute=d.substitute,
            registers=tuple(d.registers),
        )
        for d in project.data
    ]
    periods = (
        list(over)
        if over is not None
        else [PeriodSpec(p.id, p.start, p.end) for p in project.periods]
    )
    points = [p.id for p in project.monitoring_points]
    checked = loaded.methodology.checked if loaded.methodology is not None else None
    effects = {} if checked is None else {k: str(v) for k, v in directions(checked).items()}
    bounds = {} if checked is None else expression_bounds(checked, loaded.values, points)
    specs = _parameter_specs(methodology, effects, bounds)
    meters = {p.id: [_meter_spec(m) for m in p.meters] for p in project.monitoring_points}
    data = read_monitoring_data(
        sources,
        specs,
        periods,
        points,
        advance,
        calibrations=_meter_calibrations(loaded, project),
        meters=meters,
    )
    # A finding about no file in particular ("no data in any readable file") points
    # at the project's list of data files.
    where = loaded.document.locate(("data",))
    return data, [f if f.file else f.with_location(**where) for f in data.findings]


def _meter_calibrations(loaded: LoadedProject, project: Project) -> list[MeterCalibration]:
    """Each monitoring point's meter and calibrations, located in the project file
    (none when no point has a calibration record: a meter without records corrects
    nothing, and monitoring/calibration.py is then not even imported)."""
    if not any(point.calibrations for point in project.monitoring_points):
        return []
    from jcm_mrv.monitoring.calibration import MeterCalibration

    locate = loaded.document.locate
    return [
        MeterCalibration.of_point(
            point,
            locate(("monitoring_points", n)),
            [
                locate(("monitoring_points", n, "calibrations", k))
                for k in range(len(point.calibrations))
            ],
        )
        for n, point in enumerate(project.monitoring_points)
    ]


def _stop_on_errors(findings: list[Finding]) -> None:
    """Monitoring data with an error finding cannot be used: stop, errors first."""
    if has_errors(findings):
        raise InputError(
            "the monitoring data cannot be used",
            sorted(findings, key=lambda f: f.severity is not Severity.ERROR),
        )


def _meter_spec(meter: Meter) -> MeterSpec:
    """A meter of the project file's history as the monitoring reader takes it."""

    def millis(moment: datetime.datetime | None) -> int | None:
        return None if moment is None else moment_ms(moment)

    return MeterSpec(
        serial=meter.serial,
        installed=millis(meter.installed),
        removed=millis(meter.removed),
        initial_reading=meter.initial_reading,
        final_reading=meter.final_reading,
        rollover=meter.rollover,
        unit=meter.unit,
    )


def _errors_first(loaded: LoadedProject) -> list[Finding]:
    return sorted(loaded.findings, key=lambda f: f.severity is not Severity.ERROR)


@dataclass
class _Engine:
    """One calculation of a loaded project, step by step (see :func:`calculate_loaded`)."""

    loaded: LoadedProject
    project: Project
    checked: CheckedMethodology
    note: Progress
    monitored: MonitoringData | None = None
    """Monitored values given, instead of read from the project's data files."""
    findings: list[Finding] = field(default_factory=list)
    exact_env: dict[str, Array] = field(default_factory=dict)
    """Every input as an object array of exact values (see :mod:`jcm_mrv.formula.exact`)."""
    coverage: list[Coverage] = field(default_factory=list)
    substitutions: list[Substitution] = field(default_factory=list)
    corrections: list[CalibrationCorrection] = field(default_factory=list)

    @property
    def methodology(self) -> Methodology:
        return self.checked.methodology

    @cached_property
    def compiled(self) -> CompiledMethodology:
        return CompiledMethodology.build(self.checked, self.loaded.tables)

    @property
    def points(self) -> list[str]:
        return [p.id for p in self.project.monitoring_points]

    def run(
        self, *, periods: Sequence[str] | None, overrides: Sequence[Override], explain: bool
    ) -> CalculationResult:
        self.findings.extend(f for f in self.loaded.findings if f.severity is not Severity.ERROR)
        selected = self._select_periods(periods)
        env = self._fixed_values(overrides)
        self.note.phase("reading monitoring data")
        data_hashes = self._monitored_values(env)
        self.note.phase("evaluating equations")
        values = self.compiled.evaluate(env, len(self.project.periods))
        re_p, pe_p, er_p = self._in_tonnes(values)
        self._check_finite({"RE": re_p, "PE": pe_p, "ER": er_p})
        rule = RoundingRule.from_settings(self.methodology.rounding)
        credits = self._credits(env, rule, selected)
        coverage = _by_period(self.coverage)
        substitutions = _by_period(self.substitutions)
        corrections = _by_period(self.corrections)
        period_results = []
        for n in selected:
            period = self.project.periods[n]
            rounded, bound, exact_text = credits[n]
            if rounded.negative:
                self.findings.append(
                    codes.NEGATIVE_ER(
                        f"period {period.id}: emission reductions are negative "
                        f"({er_p[n]:.6f} tCO2), so 0 credits are issued",
                        file=self.loaded.document.file,
                    )
                )
            if rounded.undecided:
                self.findings.append(
                    codes.ER_UNDECIDED(
                        f"period {period.id}: ER {rounded.unrounded!r} tCO2 comes from a "
                        f"non-rational equation (a non-integer power) and lies within its error "
                        f"bound ({bound:.3g} t) of a rounding boundary; the lower figure, "
                        f"{rounded.rounded}, is issued",
                        file=self.loaded.document.file,
                    )
                )
            period_results.append(
                PeriodResult(
                    id=period.id,
                    start=period.start,
                    end=period.end,
                    reference_emissions=float(re_p[n]),
                    project_emissions=float(pe_p[n]),
                    emission_reductions=float(er_p[n]),
                    emission_reductions_rounded=rounded.rounded,
                    near_boundary=rounded.undecided,
                    negative=rounded.negative,
                    exact_source=exact_text,
                    coverage=coverage.get(period.id, ()),
                    substitutions=substitutions.get(period.id, ()),
                    calibration_corrections=corrections.get(period.id, ()),
                )
            )
        totals = Totals(
            reference_emissions=math.fsum(p.reference_emissions for p in period_results),
            project_emissions=math.fsum(p.project_emissions for p in period_results),
            emission_reductions=math.fsum(p.emission_reductions for p in period_results),
            emission_reductions_rounded=sum(p.emission_reductions_rounded for p in period_results),
        )
        eligibility = self._eligibility(env)
        return CalculationResult(
            project=ProjectInfo(
                id=self.project.id,
                title=self.project.title,
                country=self.project.country,
                file=self.loaded.document.file,
            ),
            methodology=MethodologyInfo(
                id=self.methodology.id,
                version=self.methodology.version,
                title=self.methodology.title,
                sha256=self.loaded.methodology.sha256 if self.loaded.methodology else "",
                status=self.methodology.status,
                unconfirmed=tuple(self.methodology.unconfirmed_notes()),
            ),
            periods=period_results,
            totals=totals,
            eligibility=eligibility,
            findings=self.findings,
            provenance=Provenance(
                tool_version=__version__,
                project_sha256=self.loaded.document.sha256,
                data_files={
                    declared_path(name, self.loaded.path.parent): digest
                    for name, digest in data_hashes.items()
                },
                overrides={o.target: _override_text(o) for o in overrides},
                rounding=rule.to_dict(),
                inputs=self._inputs(data_hashes),
                dependencies=library_versions(),
            ),
            explanation=self._explain(values, selected) if explain else [],
        )

    # --- inputs -----------------------------------------------------------------
    def _select_periods(self, wanted: Sequence[str] | None) -> list[int]:
        ids = [p.id for p in self.project.periods]
        if not wanted:
            return list(range(len(ids)))
        unknown = [w for w in wanted if w not in ids]
        if unknown:
            raise InputError(
                f"unknown period(s) {', '.join(unknown)}; the project has {', '.join(ids)}",
                [
                    codes.OVERRIDE_INVALID(
                        f"--period {u!r} is not a period of the project", file="--period"
                    )
                    for u in unknown
                ],
            )
        return [n for n, i in enumerate(ids) if i in wanted]

    def _shape(self, per_point: bool) -> tuple[int, int]:
        return (1, len(self.points) if per_point else 1)

    def _fixed_values(self, overrides: Sequence[Override]) -> dict[str, Array]:
        """Project-specific and default values shaped (1, points or 1[, 1 day]).

        Overrides are applied in order (``X=1`` then ``X[A]=2`` gives 2 at A, 1
        elsewhere); every problem with them is collected before the calculation stops.
        """
        env: dict[str, Array] = {}
        exact: dict[str, Array] = {}
        for name, param in self.methodology.parameters.items():
            if isinstance(param, ProjectParameter) and param.table is None and param.required:
                given = self.loaded.values[name]  # optional values serve only the bounds
                given_exact = self.loaded.exact_values[name]
                if isinstance(given, dict) and isinstance(given_exact, dict):
                    env[name] = np.array([[given[p] for p in self.points]], dtype=np.float64)
                    exact[name] = _objects([[given_exact[p] for p in self.points]])
                else:
                    env[name] = np.full((1, 1), given, dtype=np.float64)
                    exact[name] = _objects([[given_exact]])
            elif isinstance(param, DefaultParameter) and param.value is not None:
                env[name] = np.full((1, 1), param.value, dtype=np.float64)
                exact[name] = _objects([[as_written(param.value)]])
        problems: list[Finding] = []
        for override in overrides:
            problems.extend(self._override(override, env, exact))
        if problems:
            raise InputError(f"--set {problems[0].message}", problems)
        self.exact_env.update({name: self.compiled.lift(array) for name, array in exact.items()})
        return {name: self.compiled.lift(array) for name, array in env.items()}

    def _override(
        self, override: Override, env: dict[str, Array], exact: dict[str, Array]
    ) -> list[Finding]:
        """Apply one override to ``env`` (and ``exact``); the findings that prevent it.

        The value goes through the project file's conversion and bounds check
        (:func:`~jcm_mrv.project.loader.parameter_conversion`,
        :func:`~jcm_mrv.project.loader.bounds_finding`).
        """
        name = override.name
        param = self.methodology.parameters.get(name)
        if not isinstance(param, ProjectParameter | DefaultParameter) or param.table is not None:
            usable = [
                n
                for n, p in self.methodology.parameters.items()
                if isinstance(p, ProjectParameter | DefaultParameter) and p.table is None
            ]
            why = (
                f"is a {param.kind} parameter"
                + (" with a table" if param.kind != "monitored" else "")
                if param is not None
                else f"is not a parameter of {self.methodology.id}"
            )
            return [
                codes.OVERRIDE_INVALID(
                    f"{name} cannot be overridden: it {why} (only project-specific and "
                    "default values without a table can)",
                    hint=did_you_mean(name, usable) if param is None else None,
                    file="--set",
                )
            ]
        if isinstance(param, ProjectParameter) and not param.required:
            return [
                codes.OVERRIDE_INVALID(
                    f"{name} is optional and serves only to check the monitoring data (a "
                    "bound), which --set does not change: give it in the project file",
                    file="--set",
                )
            ]
        choices = param.choices if isinstance(param, ProjectParameter) else None
        if choices is not None and override.value not in range(1, len(choices) + 1):
            # a number that is no option would silently take a where()'s else-branch
            numbered = ", ".join(f"{n}={c}" for n, c in enumerate(choices, 1))
            return [
                codes.OVERRIDE_INVALID(
                    f"{name} is a choice: --set takes an option's number ({numbered})",
                    file="--set",
                )
            ]
        per_point = bool(set(param.index) - {PERIOD_INDEX})
        if override.point is not None and not per_point:
            return [
                codes.OVERRIDE_INVALID(
                    f"{name} does not vary by monitoring point: give {name}=VALUE",
                    file="--set",
                )
            ]
        if override.point is not None and override.point not in self.points:
            return [
                codes.OVERRIDE_INVALID(
                    f"{override.target}: {override.point!r} is not a monitoring point of the "
                    f"project ({', '.join(self.points)})",
                    hint=did_you_mean(override.point, self.points),
                    file="--set",
                )
            ]
        try:
            conversion = parameter_conversion(name, override.unit, param.unit)
        except UnitError as exc:
            return [codes.OVERRIDE_INVALID(str(exc), file="--set")]
        value = conversion(override.value)
        out_of_bounds = bounds_finding(override.target, value, param, file="--set")
        if out_of_bounds is not None:
            return [out_of_bounds]
        exact_value = conversion.exact(as_written(override.value))
        if override.point is None:
            env[name] = np.full(self._shape(per_point), value, dtype=np.float64)
            exact[name] = np.full(self._shape(per_point), exact_value, dtype=object)
        else:
            shape = self._shape(True)
            changed = np.array(np.broadcast_to(env.get(name, np.nan), shape), dtype=np.float64)
            missing = exact.get(name, math.nan)
            changed_exact = np.array(np.broadcast_to(missing, shape), dtype=object)
            at = self.points.index(override.point)
            changed[0, at], changed_exact[0, at] = value, exact_value
            env[name], exact[name] = changed, changed_exact
        return []

    def _monitored_values(self, env: dict[str, Array]) -> dict[str, str]:
        if self.monitored is not None:
            data, findings = self.monitored, list(self.monitored.findings)
        else:
            data, findings = _read_data(self.loaded, self.methodology, self.note.advance)
        _stop_on_errors(findings)
        self.findings.extend(findings)
        self.coverage, self.substitutions = data.coverage, data.substitutions
        self.corrections = data.corrections
        for name, spec in _parameter_specs(self.methodology).items():
            array = np.asarray(data.values[name], dtype=np.float64)
            env[name] = self.compiled.lift(array if spec.per_point else array[:, :1])
            exact = np.asarray(data.exact[name], dtype=object)
            self.exact_env[name] = self.compiled.lift(exact if spec.per_point else exact[:, :1])
        if data.pending or data.gaps:
            self._decide(env, data, findings)
        return {
            declared.path: data.file_hashes.get(str(self.loaded.data_path(declared.path)), "")
            for declared in self.project.data
        }

    def _decide(self, env: dict[str, Array], data: MonitoringData, read: list[Finding]) -> None:
        """Calibration corrections and gaps whose direction depends on the values: decided
        here, per point and period (:mod:`jcm_mrv.engine.decisions`); an error stops the
        calculation with the reader's findings too."""
        # imported here: complete data without pending corrections never need the
        # per-point directions (engine/decisions.py, engine/direction.py)
        from jcm_mrv.engine.decisions import decide

        decided = decide(
            self.compiled,
            env,
            self.exact_env,
            data.pending,
            data.gaps,
            self.loaded.tables,
            len(self.project.periods),
        )
        _stop_on_errors([*read, *decided.findings])
        self.findings.extend(decided.findings)
        self.corrections = [*self.corrections, *decided.corrections]
        self.substitutions = [*self.substitutions, *decided.substitutions]

    def _inputs(self, data_hashes: Mapping[str, str]) -> tuple[InputFile, ...]:
        """Every input file, by path relative to the project file's folder."""
        base = self.loaded.path.parent
        files = [input_file("project", self.loaded.path, base, self.loaded.document.sha256)]
        methodology = self.loaded.methodology
        if self.project.methodology.path is not None and methodology is not None:
            named = self.project.methodology.path
            target = self.loaded.data_path(named)
            files.append(input_file("methodology", target, base, methodology.sha256, named))
        for data in self.project.data:
            files.append(
                input_file(
                    "data",
                    self.loaded.data_path(data.path),
                    base,
                    data_hashes.get(data.path) or None,
                    data.path,
                )
            )
        return tuple(files)

    # --- evaluation -------------------------------------------------------------
    def _check_finite(self, arrays: Mapping[str, Array]) -> None:
        bad = []
        for label, array in arrays.items():
            for n in np.flatnonzero(~np.isfinite(array)):
                bad.append(
                    codes.NOT_FINITE(
                        f"period {self.project.periods[n].id}: {label} is not a finite number "
                        "(a division by zero, a value outside a lookup table, or an overflow)",
                        file=self.loaded.document.file,
                    )
                )
        if bad:
            raise InputError("the equations give no finite result", bad)

    def _in_tonnes(self, values: Mapping[str, Array]) -> tuple[Array, Array, Array]:
        """RE, PE and ER per period in tCO2, whatever unit the methodology declares."""
        converted = []
        for name in self._output_names:
            conversion = _to_tonnes(self.methodology.equations[name].unit)
            converted.append(conversion.apply(np.array(values[name][:, 0], dtype=np.float64)))
        return converted[0], converted[1], converted[2]

    @property
    def _output_names(self) -> tuple[str, str, str]:
        outputs = self.methodology.outputs
        return (
            outputs.reference_emissions,
            outputs.project_emissions,
            outputs.emission_reductions,
        )

    def _credits(
        self, env: Mapping[str, Array], rule: RoundingRule, selected: Sequence[int]
    ) -> dict[int, tuple[RoundedValue, float, str | Deferred | None]]:
        """Each selected period's rounded ER, its error bound and its exact ER's text.

        The credits are those of the exact ER. They are decided in floating point with a
        rigorous error bound (:mod:`jcm_mrv.formula.bounded`) wherever no rounding
        boundary lies within the bound; only the other periods are evaluated exactly
        here. The exact text of the decided ones is computed when first asked for (the
        JSON output), and checked against the decision then.
        """
        from jcm_mrv.formula.bounded import converted, input_bound

        er_name = self._output_names[2]
        periods = len(self.project.periods)
        bounds = {
            name: input_bound(values, self.exact_env[name])
            if name in self.exact_env
            else np.full(np.shape(values), math.inf)
            for name, values in env.items()
        }
        value, bound = self.compiled.evaluate_bounded(env, bounds, er_name, periods)
        to_tonnes = _to_tonnes(self.methodology.equations[er_name].unit)
        if to_tonnes.offset:  # pragma: no cover - emission units have no offset
            bound = np.full(periods, math.inf)
        value, bound = converted(value, bound, to_tonnes.scale, to_tonnes.apply)
        decisions = decide_rounding(value, bound, rule)
        decided = [n for n in selected if decisions.decided[n]]
        found: dict[int, tuple[RoundedValue, float, str | Deferred | None]] = {}
        undecided = [n for n in selected if not decisions.decided[n]]
        for n, (er, error_bound) in zip(
            undecided, self._exact_emission_reductions(undecided), strict=True
        ):
            rounded = round_emission_reductions(er, rule, error_bound=error_bound)
            text = None if rounded.exact is None else str(rounded.exact)
            found[n] = (rounded, error_bound, text)
        texts = _ExactTexts(self, decided, decisions.rounded, decisions.negative, rule)
        for n in decided:
            rounded = RoundedValue(
                unrounded=float(value[n]),
                exact=None,
                rounded=int(decisions.rounded[n]),
                undecided=False,
                negative=bool(decisions.negative[n]),
            )
            found[n] = (rounded, float(bound[n]), Deferred(partial(texts.text, n)))
        return found

    def _exact_emission_reductions(
        self, chosen: Sequence[int]
    ) -> list[tuple[Fraction | float, float]]:
        """The ER of the ``chosen`` periods in tCO2, exactly, with an error bound (0 when exact).

        Evaluated from the inputs as written (:mod:`jcm_mrv.formula.exact`). Where a
        non-rational operation made it a float, the bound is 2**-30 of the largest of
        |RE|, |PE| and 1 t: far above the rounding error of any equation the formula
        language can express in double precision, far below a credit.
        """
        if not chosen:
            return []
        rows = np.asarray(chosen)
        env = {
            name: array[rows] if array.shape[0] > 1 else array
            for name, array in self.exact_env.items()
        }
        exact = self.compiled.evaluate_exact(env, len(chosen))
        re_name, pe_name, er_name = self._output_names
        units = self.methodology.equations
        found: list[tuple[Fraction | float, float]] = []
        for k, n in enumerate(chosen):
            figures = [
                _to_tonnes(units[name].unit).exact(exact[name][k, 0])
                if isinstance(exact[name][k, 0], Fraction)
                else float(exact[name][k, 0]) * float(_to_tonnes(units[name].unit).scale)
                for name in (re_name, pe_name, er_name)
            ]
            er = figures[2]
            if isinstance(er, Fraction):
                found.append((er, 0.0))
            elif math.isfinite(er):
                largest = max(1.0, *(abs(float(f)) for f in figures[:2]))
                found.append((er, largest * 2.0**-30))
            else:  # e.g. a key exactly on a band's edge that the float kernel missed
                raise InputError(
                    "the equations give no finite result",
                    [
                        codes.NOT_FINITE(
                            f"period {self.project.periods[n].id}: ER evaluated exactly is not "
                            "a finite number (a division by zero or a key outside every band "
                            "of a lookup table)",
                            file=self.loaded.document.file,
                        )
                    ],
                )
        return found

    def _eligibility(self, env: Mapping[str, Array]) -> list[EligibilityResult]:
        results = []
        for criterion in self.methodology.eligibility:
            if criterion.condition is None or criterion.id not in self.compiled.conditions:
                results.append(
                    EligibilityResult(
                        id=criterion.id,
                        text=criterion.text,
                        status="attestation-needed",
                        detail=criterion.attestation or "",
                    )
                )
                continue
            holds = np.broadcast_to(self.compiled.holds(criterion.id, env), (len(self.points),))
            failing = [point for point, ok in zip(self.points, holds, strict=True) if not ok]
            status: EligibilityStatus = "fail" if failing else "pass"
            detail = criterion.condition
            if failing and len(self.points) > 1:
                detail += f" (fails for {', '.join(failing)})"
            results.append(
                EligibilityResult(
                    id=criterion.id, text=criterion.text, status=status, detail=detail
                )
            )
            if failing:
                self.findings.append(
                    codes.ELIGIBILITY_FAILED(
                        f"eligibility criterion {criterion.id} does not hold: {detail}",
                        file=self.loaded.document.file,
                    )
                )
        return results

    def _explain(self, values: Mapping[str, Array], selected: list[int]) -> list[ExplainedValue]:
        explained = []
        # a monitored value from register readings says so where an equation shows its formula
        registers = {c.parameter for c in self.coverage if c.registers is not None}
        for name, param in self.methodology.parameters.items():
            if name in values:
                source = "differences of register readings" if name in registers else None
                explained.append(
                    self._explained(
                        name, param.kind, param.unit, source, [], values[name], selected
                    )
                )
        for name in self.checked.order:
            analysis = self.checked.analyses[name]
            explained.append(
                self._explained(
                    name,
                    "equation",
                    self.methodology.equations[name].unit,
                    render(analysis.expr),
                    list(analysis.names),
                    values[name],
                    selected,
                )
            )
        return explained

    def _explained(
        self,
        name: str,
        kind: str,
        unit: str,
        expression: str | None,
        inputs: list[str],
        array: Array,
        selected: list[int],
    ) -> ExplainedValue:
        # What a value varies by comes from its symbol, not from its array's shape: with
        # one period (or one point) the shapes alone cannot tell.
        indices = self.checked.symbols[name].indices
        by_period = PERIOD_INDEX in indices
        by_point = self.compiled.index in indices
        by_day = DAY_INDEX in indices
        rows = array[selected] if by_period else array[:1]
        if not by_point:
            rows = rows[:, :1]
        if rows.ndim > DAY_AXIS and not by_day:
            rows = rows[..., 0]
        values: ExplainedValues
        if by_day:
            lengths = [self._days(n) for n in selected] if by_period else [rows.shape[DAY_AXIS]]
            values = [
                [[float(v) for v in days[:length]] for days in row]
                for row, length in zip(rows, lengths, strict=True)
            ]
        else:
            values = [[float(v) for v in row] for row in rows]
        return ExplainedValue(
            symbol=name,
            kind=kind,
            unit=unit,
            expression=expression,
            inputs=inputs,
            periods=[self.project.periods[n].id for n in selected] if by_period else [],
            points=self.points if by_point else [],
            values=values,
            days=rows.shape[DAY_AXIS] if by_day else 0,
        )

    def _days(self, period: int) -> int:
        """The number of days of a period (the rest of a day axis is padding)."""
        chosen = self.project.periods[period]
        return (chosen.end - chosen.start).days + 1


class _ExactTexts:
    """The exact ER of the periods decided in floating point, computed once when asked for.

    Each is checked against the decision: a mismatch would mean a wrong error bound, and
    is an internal error (exit 3), never a wrong number.
    """

    def __init__(
        self,
        engine: _Engine,
        periods: Sequence[int],
        rounded: Array,
        negative: Array,
        rule: RoundingRule,
    ) -> None:
        self.engine, self.periods, self.rule = engine, list(periods), rule
        self.rounded, self.negative = rounded, negative
        self.texts: dict[int, str] | None = None

    def text(self, period: int) -> str:
        """The exact ER of one of the periods, as ``numerator/denominator`` text."""
        if self.texts is None:
            found = self.engine._exact_emission_reductions(self.periods)
            self.texts = {}
            for n, (er, _) in zip(self.periods, found, strict=True):
                exact = round_emission_reductions(er, self.rule)
                if not isinstance(er, Fraction) or (exact.rounded, exact.negative) != (
                    int(self.rounded[n]),
                    bool(self.negative[n]),
                ):
                    raise AssertionError(
                        f"period {self.engine.project.periods[n].id}: the credits decided "
                        f"in floating point ({int(self.rounded[n])}) differ from the exact "
                        f"ER's ({er})"
                    )
                self.texts[n] = str(er)
        return self.texts[period]


def _objects(rows: list[list[Any]]) -> Array:
    """A 2-D object array of exact values (numpy would turn Fractions into floats)."""
    array = np.empty((len(rows), len(rows[0])), dtype=object)
    for n, row in enumerate(rows):
        array[n, :] = row
    return array


def _to_tonnes(unit: str) -> Conversion:
    """The conversion of an emission figure in ``unit`` into tCO2 (checked: it converts)."""
    return conversion(unit, "tCO2")


def _override_text(override: Override) -> str:
    return f"{override.value!r}" + (f" {override.unit}" if override.unit else "")


class _InPeriod(Protocol):
    @property
    def period(self) -> str: ...  # pragma: no cover - a protocol


_Item = TypeVar("_Item", bound=_InPeriod)


def _by_period(items: Iterable[_Item]) -> dict[str, tuple[_Item, ...]]:
    """Items grouped by their period's id, in their order (one pass, not one per period)."""
    grouped: dict[str, list[_Item]] = {}
    for item in items:
        grouped.setdefault(item.period, []).append(item)
    return {period: tuple(found) for period, found in grouped.items()}
