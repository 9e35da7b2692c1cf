"""Bound expressions made ready for the monitoring reader, with one project's values.

A methodology may bound a monitored parameter by an expression over project-specific
and default parameters and ``duration`` (see :mod:`jcm_mrv.methodology.bounds`). Here
each such expression is compiled once and closed over the project's values (as the
project file gives them: a ``--set`` override does not loosen the check of the data),
giving an :class:`~jcm_mrv.monitoring.sources.ExpressionBound` whose ``limits`` maps
durations in hours to the bound per monitoring point.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from jcm_mrv.formula import Analysis, compile_formula, render
from jcm_mrv.methodology.bounds import DURATION
from jcm_mrv.methodology.checks import CheckedMethodology
from jcm_mrv.methodology.model import (
    DAY_INDEX,
    PERIOD_INDEX,
    DefaultParameter,
    ProjectParameter,
)
from jcm_mrv.monitoring.sources import ExpressionBound

PointValues = Mapping[str, float]

_NO_INDEX = "_point"


def expression_bounds(
    checked: CheckedMethodology,
    values: Mapping[str, float | PointValues],
    points: Sequence[str],
) -> dict[str, dict[str, ExpressionBound]]:
    """Every bound expression of ``checked``: parameter → side (min, max) → bound.

    ``values`` are the project-specific values in the methodology's units (a number,
    or a number per point), ``points`` the project's monitoring points in order.
    """
    methodology = checked.methodology
    point_indices = [name for name in methodology.indices if name != DAY_INDEX]
    axes = {PERIOD_INDEX: 0, (point_indices[0] if point_indices else _NO_INDEX): 1}
    env: dict[str, np.ndarray] = {}
    for name, param in methodology.parameters.items():
        if isinstance(param, ProjectParameter) and param.table is None and name in values:
            given = values[name]
            if isinstance(given, Mapping):
                env[name] = np.array([[given.get(p, np.nan) for p in points]], dtype=np.float64)
            else:
                env[name] = np.full((1, 1), given, dtype=np.float64)
        elif isinstance(param, DefaultParameter) and param.value is not None:
            env[name] = np.full((1, 1), param.value, dtype=np.float64)
    result: dict[str, dict[str, ExpressionBound]] = {}
    for name, sides in checked.bounds.items():
        per_point = bool(set(methodology.parameters[name].index) - {PERIOD_INDEX, DAY_INDEX})
        width = len(points) if per_point else 1
        for side, analysis in sides.items():
            result.setdefault(name, {})[side] = _bound(analysis, axes, env, width)
    return result


def _bound(
    analysis: Analysis, axes: Mapping[str, int], env: Mapping[str, np.ndarray], width: int
) -> ExpressionBound:
    formula = compile_formula(analysis, axes)
    text = render(analysis.expr)
    readable = all(name in env or name == DURATION for name in formula.names)

    def limits(hours: np.ndarray) -> np.ndarray:
        shape = (hours.shape[0], width)
        if not readable:  # a value it needs is not in the project (a table, say)
            return np.full(shape, np.nan)
        values = formula({**env, DURATION: hours.reshape(-1, 1).astype(np.float64)})
        return np.broadcast_to(values, shape).copy()

    return ExpressionBound(text, DURATION in analysis.names, limits)
