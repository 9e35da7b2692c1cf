"""The calculation engine: a project and its monitoring data in, a period's ER out.

Steps: load and check the project and its methodology; read the monitoring data into
per-period, per-point (and, for parameters indexed by the day index ``d``, per-day)
arrays in the methodology's units; compile every equation once; evaluate them in
dependency order on whole arrays (periods × monitoring points [× days], never a
Python loop per row); round each period's emission reductions once through
``decimal``; evaluate the eligibility criteria. Problems that make a number
untrustworthy stop the calculation with an :class:`~jcm_mrv.errors.InputError` that
carries the findings; problems that leave the numbers sound (a failed eligibility
criterion) are returned as error findings alongside them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from jcm_mrv import codes
from jcm_mrv._version import __version__
from jcm_mrv.engine.evaluation import DAY_AXIS, CompiledMethodology
from jcm_mrv.engine.results import (
    CalculationResult,
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
from jcm_mrv.engine.rounding import RoundingRule, round_emission_reductions
from jcm_mrv.errors import InputError
from jcm_mrv.findings import Finding, Severity, has_errors
from jcm_mrv.formula import render
from jcm_mrv.methodology.model import (
    DAY_INDEX,
    PERIOD_INDEX,
    DefaultParameter,
    Methodology,
    MonitoredParameter,
    ProjectParameter,
)
from jcm_mrv.project.loader import LoadedProject, load_project

if TYPE_CHECKING:
    from jcm_mrv.methodology.checks import CheckedMethodology
    from jcm_mrv.project.model import Project

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
    """A ``--set NAME=VALUE`` override of a project-specific or default value."""

    name: str
    value: float
    unit: str | None = None


def parse_override(text: str) -> Override:
    """Parse ``NAME=VALUE`` or ``NAME=VALUE UNIT``; raise :class:`InputError` if malformed."""
    name, sep, rest = text.partition("=")
    parts = rest.strip().split(maxsplit=1)
    try:
        if not sep or not name.strip() or not parts:
            raise ValueError
        value = float(parts[0])
        if not math.isfinite(value):
            raise ValueError
    except ValueError:
        raise InputError(
            f"--set {text!r}: expected NAME=VALUE, e.g. EF_RE=0.5 or EG_max=1.2 MWh",
            [codes.OVERRIDE_INVALID(f"cannot read override {text!r}", file="--set")],
        ) from None
    return Override(name.strip(), value, parts[1] if len(parts) > 1 else None)


def calculate(
    project: Path | str,
    *,
    periods: Sequence[str] | None = None,
    overrides: Sequence[Override | str] = (),
    explain: bool = False,
    progress: Progress | None = None,
) -> CalculationResult:
    """Calculate a project's emission reductions for its monitoring periods.

    ``periods`` selects periods by id (default: all). ``overrides`` replace
    project-specific or default values (``"EF_RE=0.5"``); they are recorded in the
    result. With ``explain`` the result keeps every equation's values per period and
    monitoring point. Raises :class:`~jcm_mrv.errors.InputError` (with findings) when
    the input cannot give trustworthy numbers.
    """
    note = progress or NoProgress()
    note.phase("checking project and methodology")
    loaded = load_project(project)
    if not loaded.usable:
        raise InputError(f"{project}: the project cannot be calculated", _errors_first(loaded))
    assert loaded.project is not None and loaded.methodology is not None
    checked = loaded.methodology.checked
    assert checked is not None
    engine = _Engine(loaded, loaded.project, checked, note)
    return engine.run(
        periods=periods,
        overrides=[parse_override(o) if isinstance(o, str) else o for o in overrides],
        explain=explain,
    )


def _errors_first(loaded: LoadedProject) -> list[Finding]:
    return sorted(loaded.findings, key=lambda f: f.severity is not Severity.ERROR)


@dataclass
class _Engine:
    loaded: LoadedProject
    project: Project
    checked: CheckedMethodology
    note: Progress
    findings: list[Finding] = field(default_factory=list)

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
        outputs = self.methodology.outputs
        re_p = values[outputs.reference_emissions][:, 0]
        pe_p = values[outputs.project_emissions][:, 0]
        er_p = values[outputs.emission_reductions][:, 0]
        self._check_finite({"RE": re_p, "PE": pe_p, "ER": er_p})
        rule = RoundingRule.from_settings(self.methodology.rounding)
        period_results = []
        for n in selected:
            period = self.project.periods[n]
            rounded = round_emission_reductions(float(er_p[n]), rule)
            if rounded.negative:
                self.findings.append(
                    codes.NEGATIVE_ER(
                        f"period {period.id}: emission reductions are negative "
                        f"({er_p[n]:.6f} tCO2), so 0 credits are issued",
                        file=self.loaded.document.file,
                    )
                )
            if rounded.near_boundary:
                self.findings.append(
                    codes.NEAR_BOUNDARY(
                        f"period {period.id}: ER {float(er_p[n])!r} tCO2 lies within the tolerance "
                        f"({rule.tolerance} t) of a rounding boundary; rounded to "
                        f"{rounded.rounded}",
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
                    near_boundary=rounded.near_boundary,
                    negative=rounded.negative,
                )
            )
        totals = Totals(
            reference_emissions=math.fsum(p.reference_emissions for p in period_results),
            project_emissions=math.fsum(p.project_emissions for p in period_results),
            emission_reductions=math.fsum(p.emission_reductions for p in period_results),
            emission_reductions_rounded=sum(p.emission_reductions_rounded for p in period_results),
        )
        eligibility = self._eligibility(env)
        result = CalculationResult(
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
            ),
            periods=period_results,
            totals=totals,
            eligibility=eligibility,
            findings=self.findings,
            provenance=Provenance(
                tool_version=__version__,
                project_sha256=self.loaded.document.sha256,
                data_files=data_hashes,
                overrides={o.name: _override_text(o) for o in overrides},
                rounding=rule.to_dict(),
            ),
            explanation=self._explain(values, selected) if explain else [],
        )
        if self.project.allocation is not None:
            from jcm_mrv.credits.issued import allocation_for_result

            result.allocation = allocation_for_result(result, self.project.allocation)
        return result

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
        """Project-specific and default values shaped (1, points or 1[, 1 day])."""
        env: dict[str, Array] = {}
        for name, param in self.methodology.parameters.items():
            if isinstance(param, ProjectParameter) and param.table is None:
                given = self.loaded.values[name]
                if isinstance(given, dict):
                    env[name] = np.array([[given[p] for p in self.points]], dtype=np.float64)
                else:
                    env[name] = np.full((1, 1), given, dtype=np.float64)
            elif isinstance(param, DefaultParameter) and param.value is not None:
                env[name] = np.full((1, 1), param.value, dtype=np.float64)
        for override in overrides:
            env[override.name] = self._override(override)
        return {name: self.compiled.lift(array) for name, array in env.items()}

    def _override(self, override: Override) -> Array:
        from jcm_mrv.units import UnitError, factor, parse_unit

        param = self.methodology.parameters.get(override.name)
        usable = isinstance(param, ProjectParameter | DefaultParameter) and param.table is None
        if param is None or not usable:
            raise InputError(
                f"--set {override.name}: not a project-specific or default value of "
                f"{self.methodology.id}",
                [
                    codes.OVERRIDE_INVALID(
                        f"{override.name} cannot be overridden (only project-specific and "
                        "default values without a table can)",
                        file="--set",
                    )
                ],
            )
        scale = 1.0
        if override.unit is not None:
            try:
                scale = factor(parse_unit(override.unit), parse_unit(param.unit))
            except UnitError as exc:
                raise InputError(
                    f"--set {override.name}: {exc}",
                    [codes.OVERRIDE_INVALID(str(exc), file="--set")],
                ) from None
        per_point = bool(set(param.index) - {PERIOD_INDEX})
        return np.full(self._shape(per_point), override.value * scale, dtype=np.float64)

    def _monitored_values(self, env: dict[str, Array]) -> dict[str, str]:
        from jcm_mrv.monitoring import (
            ParameterSpec,
            PeriodSpec,
            SourceSpec,
            read_monitoring_data,
        )

        specs = {
            name: ParameterSpec(
                symbol=name,
                unit=param.unit,
                per_point=bool(set(param.index) - {PERIOD_INDEX, DAY_INDEX}),
                aggregation=param.aggregation,
                minimum=param.bounds.min if param.bounds else None,
                maximum=param.bounds.max if param.bounds else None,
                per_day=DAY_INDEX in param.index,
                printed=param.symbol,
            )
            for name, param in self.methodology.parameters.items()
            if isinstance(param, MonitoredParameter)
        }
        sources = [
            SourceSpec(
                path=self.loaded.data_path(d.path),
                layout=d.layout,
                sheet=d.sheet,
                encoding=d.encoding,
                point=d.point,
                timestamps=d.timestamps,
                header_row=d.header_row,
            )
            for d in self.project.data
        ]
        periods = [PeriodSpec(p.id, p.start, p.end) for p in self.project.periods]
        data = read_monitoring_data(sources, specs, periods, self.points, self.note.advance)
        # A finding about no file in particular ("no data in any readable file") points
        # at the project's list of data files.
        where = self.loaded.document.locate(("data",))
        findings = [f if f.file else f.with_location(**where) for f in data.findings]
        if has_errors(findings):
            raise InputError(
                "the monitoring data cannot be used",
                sorted(findings, key=lambda f: f.severity is not Severity.ERROR),
            )
        self.findings.extend(findings)
        for name, spec in specs.items():
            array = np.asarray(data.values[name], dtype=np.float64)
            env[name] = self.compiled.lift(array if spec.per_point else array[:, :1])
        return {
            declared.path: data.file_hashes.get(str(source.path), "")
            for source, declared in zip(sources, self.project.data, strict=True)
        }

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
        for name, param in self.methodology.parameters.items():
            if name in values:
                explained.append(
                    self._explained(name, param.kind, param.unit, None, [], values[name], selected)
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


def _override_text(override: Override) -> str:
    return f"{override.value!r}" + (f" {override.unit}" if override.unit else "")
