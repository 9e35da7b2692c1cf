"""The one bounds check: is a value within a parameter's declared minimum and maximum.

Project-specific values, ``--set`` overrides and monitoring readings are all checked
here, after conversion into the methodology's unit, and described the same way.
"""

from __future__ import annotations


def bounds_violation(
    name: str, value: float, unit: str, minimum: float | None, maximum: float | None
) -> str | None:
    """Why ``value`` (in ``unit``) lies outside ``[minimum, maximum]``, or ``None``.

    >>> bounds_violation("EF_elec", 8.0, "tCO2/MWh", 0.0, 1.5)
    "EF_elec = 8 tCO2/MWh is above the maximum 1.5 (the methodology's bounds: [0, 1.5])"
    """
    if minimum is not None and value < minimum:
        side = f"below the minimum {minimum:g}"
    elif maximum is not None and value > maximum:
        side = f"above the maximum {maximum:g}"
    else:
        return None
    low = "-inf" if minimum is None else f"{minimum:g}"
    high = "inf" if maximum is None else f"{maximum:g}"
    shown = f" {unit}" if unit and unit != "dimensionless" else ""
    return f"{name} = {value:g}{shown} is {side} (the methodology's bounds: [{low}, {high}])"
