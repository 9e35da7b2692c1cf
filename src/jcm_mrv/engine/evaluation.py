"""A checked methodology compiled once, evaluated on whole arrays.

Arrays have one axis per index: axis 0 is the monitoring period ``p``, axis 1 the
methodology's index of monitoring points (``i``). Every value is shaped so that numpy
broadcasting does the rest: a monitored value per period and point is
``(periods, points)``, a project-specific value per point ``(1, points)``, a default
value ``(1, 1)``.

A methodology that declares the reserved day index ``d`` (day of the monitoring period)
gets a third axis, and every array has three: a monitored value per day is
``(periods, points or 1, days)`` with ``days`` the longest period's length (day ``k``
of a period is its start plus ``k`` days; days after a shorter period's end are padding,
0.0); every other value has size 1 on that axis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from jcm_mrv.formula import Analysis, Band, CompiledFormula, analyse, compile_formula
from jcm_mrv.formula.bounded import Bound, absolute
from jcm_mrv.methodology.model import DAY_INDEX, PERIOD_INDEX

if TYPE_CHECKING:
    from jcm_mrv.methodology.checks import CheckedMethodology

Array = np.ndarray[Any, np.dtype[Any]]

POINT_AXIS = 1
"""Axis of the monitoring points (the methodology's index) in every array."""

DAY_AXIS = 2
"""Axis of the days of a period, when the methodology declares the day index."""

"""The reserved index of days within a monitoring period."""

NO_INDEX = "_point"
"""Name of the point axis for a methodology without an index (it stays of length 1)."""


@dataclass(frozen=True)
class CompiledMethodology:
    """The equations and eligibility conditions of a methodology, ready to run."""

    checked: CheckedMethodology
    axes: Mapping[str, int]
    equations: Mapping[str, CompiledFormula]
    conditions: Mapping[str, CompiledFormula]

    @classmethod
    def build(
        cls,
        checked: CheckedMethodology,
        tables: Mapping[str, tuple[Band, ...]] | None = None,
    ) -> CompiledMethodology:
        """Compile every equation (in dependency order) and condition of a methodology.

        ``tables`` gives the bands of lookup tables that the project supplies (a
        project-specific parameter with a ``table``); the formulas that read them are
        analysed again with those bands, so that the compiled lookup uses them.
        """
        declared = checked.methodology.indices
        points = [name for name in declared if name != DAY_INDEX]
        axes = {PERIOD_INDEX: 0, (points[0] if points else NO_INDEX): POINT_AXIS}
        if DAY_INDEX in declared:
            axes[DAY_INDEX] = DAY_AXIS
        analyses = {name: checked.analyses[name] for name in checked.order}
        conditions = dict(checked.conditions)
        if tables:
            analyses, conditions = _with_tables(checked, analyses, conditions, tables)
        return cls(
            checked,
            axes,
            {name: compile_formula(analysis, axes) for name, analysis in analyses.items()},
            {ident: compile_formula(analysis, axes) for ident, analysis in conditions.items()},
        )

    @property
    def index(self) -> str:
        """The name of the point axis's index (``i``)."""
        return next(name for name, axis in self.axes.items() if axis == POINT_AXIS)

    @property
    def by_day(self) -> bool:
        """Whether arrays have a day axis (the methodology declares ``d``)."""
        return DAY_INDEX in self.axes

    def lift(self, array: Array) -> Array:
        """A ``(periods, points)`` array with the size-1 day axis every array needs."""
        return array[..., np.newaxis] if self.by_day and array.ndim == 2 else array

    def evaluate(self, env: Mapping[str, Array], periods: int) -> dict[str, Array]:
        """Evaluate every equation; the three outputs come back shaped ``(periods, 1)``.

        ``env`` holds every parameter the equations read, in the methodology's units.
        """
        values = dict(env)
        for name, formula in self.equations.items():
            values[name] = formula(values)
        outputs = self.checked.methodology.outputs
        for name in (
            outputs.reference_emissions,
            outputs.project_emissions,
            outputs.emission_reductions,
        ):
            # outputs vary by period only (checked): drop the size-1 point and day axes
            result = values[name]
            values[name] = np.broadcast_to(result.reshape(result.shape[0], 1), (periods, 1))
        return values

    def needed(self, *outputs: str) -> list[str]:
        """The equations ``outputs`` depend on (themselves included), in evaluation order."""
        if outputs not in self._orders:
            self._orders[outputs] = self._dependencies(outputs)
        return self._orders[outputs]

    @cached_property
    def _orders(self) -> dict[tuple[str, ...], list[str]]:
        """What :meth:`needed` found, by outputs (computed once per methodology)."""
        return {}

    def _dependencies(self, outputs: tuple[str, ...]) -> list[str]:
        wanted = set(outputs)
        stack = list(wanted)
        while stack:
            for name in self.equations[stack.pop()].names:
                if name in self.equations and name not in wanted:
                    wanted.add(name)
                    stack.append(name)
        return [name for name in self.equations if name in wanted]

    def evaluate_bounded(
        self, env: Mapping[str, Array], bounds: Mapping[str, Bound], output: str, periods: int
    ) -> tuple[Array, Array]:
        """One output per period, in floating point, with a rigorous bound of its error.

        Returns ``(value, bound)``, both shaped ``(periods,)``: ``|value - exact| <=
        bound``, where ``exact`` is what :meth:`evaluate_exact` gives when the inputs'
        exact values are within ``bounds`` of ``env`` (:mod:`jcm_mrv.formula.bounded`).
        A bound of ``inf`` (or a value that is not finite) means "not decided here".
        """
        values, errors = dict(env), dict(bounds)
        with np.errstate(all="ignore"):
            for name in self.needed(output):
                values[name], errors[name] = self.equations[name].bounded(values, errors)
            value = values[output]
            bound = absolute(value, errors[output])
            if bound.shape != value.shape:
                value, bound = np.broadcast_arrays(value, bound)
        # outputs vary by period only (checked): drop the size-1 point and day axes
        return (
            np.broadcast_to(value.reshape(value.shape[0], -1)[:, 0], (periods,)),
            np.broadcast_to(bound.reshape(bound.shape[0], -1)[:, 0], (periods,)),
        )

    def evaluate_exact(self, env: Mapping[str, Array], periods: int) -> dict[str, Array]:
        """The three outputs, exactly: object arrays shaped ``(periods, 1)``.

        ``env`` holds object arrays of exact values (:mod:`jcm_mrv.formula.exact`); only
        the equations the outputs depend on are evaluated.
        """
        from jcm_mrv.formula.exact import evaluate_chain

        outputs = self.checked.methodology.outputs
        names = (
            outputs.reference_emissions,
            outputs.project_emissions,
            outputs.emission_reductions,
        )
        plans = [(name, self.equations[name].plan) for name in self.needed(*names)]
        values = evaluate_chain(plans, env, self.axes, names)
        return {
            name: np.broadcast_to(values[name].reshape(values[name].shape[0], 1), (periods, 1))
            for name in names
        }

    def holds(self, criterion: str, env: Mapping[str, Array]) -> Array:
        """Whether an eligibility condition holds, per monitoring point (a bool row)."""
        result: Array = self.conditions[criterion](env)[0]
        return result.reshape(result.shape[0])  # conditions never vary by day


def _with_tables(
    checked: CheckedMethodology,
    analyses: Mapping[str, Analysis],
    conditions: Mapping[str, Analysis],
    tables: Mapping[str, tuple[Band, ...]],
) -> tuple[dict[str, Analysis], dict[str, Analysis]]:
    """The analyses again, with the project's bands in the symbol table."""
    symbols = dict(checked.symbols)
    for name, bands in tables.items():
        symbols[name] = replace(symbols[name], table=bands)
    equations = checked.methodology.equations

    def again(analysis: Analysis, **options: Any) -> Analysis:
        if not set(analysis.names) & set(tables):
            return analysis
        redone = analyse(analysis.expr, symbols, checked.index_names, **options)
        if redone.problems:  # the same formula with bands instead of none: cannot differ
            raise redone.problems[0]
        return redone

    return (
        {
            name: again(
                analysis,
                expect="number",
                declared_unit=equations[name].unit,
                declared_indices=equations[name].index,
            )
            for name, analysis in analyses.items()
        },
        {ident: again(analysis, expect="condition") for ident, analysis in conditions.items()},
    )
