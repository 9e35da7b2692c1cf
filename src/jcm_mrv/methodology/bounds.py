"""The one bounds check: is a value within a parameter's declared minimum and maximum.

Project-specific values, ``--set`` overrides and monitoring readings are all checked
here, after conversion into the methodology's unit, and described the same way.

A monitored parameter's bound may also be an **expression** over project-specific and
default parameters and :data:`DURATION`, the length of the interval a value covers (a
reading's interval, a period, a day), a time in hours: ``max: P_rated_i * duration``.
:mod:`jcm_mrv.methodology.checks` parses and unit-checks it against the parameter's unit
(:func:`bound_symbols` is what it may use); the engine evaluates it per monitoring point
with the project's values, and the monitoring reader checks every reading and every
period's value against it (:mod:`jcm_mrv.monitoring.plausibility`).
"""

from __future__ import annotations

from collections.abc import Mapping

from jcm_mrv.formula.symbols import SymbolInfo
from jcm_mrv.methodology.model import PERIOD_INDEX
from jcm_mrv.numeric import shown_apart

DURATION = "duration"
"""The name a bound expression uses for the length of the interval a value covers."""
DURATION_UNIT = "h"
"""The unit ``duration`` is given in: a quantity of time, so ``kW * duration`` is energy."""


def bound_symbols(fixed: Mapping[str, SymbolInfo]) -> dict[str, SymbolInfo]:
    """What a bound expression may use: ``fixed`` (project and default) and ``duration``.

    ``duration`` varies along the period axis, the axis along which the engine lays
    out the durations a bound is evaluated for.
    """
    return {**fixed, DURATION: SymbolInfo(DURATION, DURATION_UNIT, frozenset({PERIOD_INDEX}))}


def bounds_violation(
    name: str, value: float, unit: str, minimum: float | None, maximum: float | None
) -> str | None:
    """Why ``value`` (in ``unit``) lies outside ``[minimum, maximum]``, or ``None``.

    >>> bounds_violation("EF_elec", 8.0, "tCO2/MWh", 0.0, 1.5)
    "EF_elec = 8 tCO2/MWh is above the maximum 1.5 (the methodology's bounds: [0, 1.5])"
    """
    if minimum is not None and value < minimum:
        written, limit = shown_apart(value, minimum)
        side = f"below the minimum {limit}"
    elif maximum is not None and value > maximum:
        written, limit = shown_apart(value, maximum)
        side = f"above the maximum {limit}"
    else:
        return None
    low = "-inf" if minimum is None else f"{minimum:g}"
    high = "inf" if maximum is None else f"{maximum:g}"
    shown = f" {unit}" if unit and unit != "dimensionless" else ""
    return f"{name} = {written}{shown} is {side} (the methodology's bounds: [{low}, {high}])"
