"""Rounding a period's emission reductions to whole credits, without losing one to float noise.

Credits are whole units of 1 tCO2e, and a period's emission reductions (ER) are rounded
down to a whole tonne once, at the end; reference and project emissions are carried
unrounded (primer §5, [likely]). The rule is a declared setting (:class:`RoundingRule`)
whose default is "floor to whole tonnes".

Binary floats make a naive floor lose a credit: ``30 * (1.0 - 0.9)`` is
``2.999999999999999`` and ``math.floor`` gives 2. So a value is

1. converted to :class:`decimal.Decimal` *exactly* (every float is a finite binary
   fraction, hence an exact decimal),
2. snapped to the nearest multiple of the rule's ``tolerance`` (1e-6 t by default;
   ties to even), which absorbs the noise of float arithmetic,
3. rounded to a multiple of ``step`` with the rule's mode, and never below zero.

Choices worth knowing:

* ``near_boundary`` is set when the raw value lies within ``tolerance`` of a point where
  the result changes (a multiple of ``step`` for floor and ceil, a half step for the
  half modes) *without sitting exactly on it*. The tolerance then decided the result,
  and float noise could have changed it; a report should say so. A value exactly on a
  boundary (``1000.0 - 258.0``) is what exact arithmetic on whole tonnes gives and is
  not flagged.
* ``negative`` is set when the *snapped* value is below zero: such a period issues 0.
  A raw ``-1e-12`` (RE equal to PE up to noise) snaps to 0 and is not negative, but it
  is ``near_boundary``.
* ``step`` must be a whole number of tonnes, because the result is a number of credits.
* The tolerance only helps while it exceeds the float resolution at the value's
  magnitude: 1e-6 t covers values up to 2**33 t (about 8.6 billion tonnes).
* Sum the terms of an ER with :func:`accurate_sum` (``math.fsum``) before rounding.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Decimal,
    localcontext,
)
from typing import Any, Literal, Protocol, SupportsFloat, get_args

from jcm_mrv.errors import InputError

RoundingMode = Literal["floor", "ceil", "half_up", "half_even"]
ROUNDING_MODES: tuple[str, ...] = get_args(RoundingMode)

_DECIMAL_ROUNDING: dict[str, str] = {
    "floor": ROUND_FLOOR,
    "ceil": ROUND_CEILING,
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
}

# Enough digits for any float divided by a small tolerance to keep its integer part exact
# (the largest float has 309 integer digits; 1e-6 adds 6 more).
_PRECISION = 800


class RoundingError(InputError):
    """A rounding rule that cannot be used, or a value that cannot be rounded (NaN, ±inf)."""


def _as_decimal(value: Any, what: str) -> Decimal:
    """Turn a rule setting (Decimal, int, str, or float via its shortest repr) into a Decimal."""
    if isinstance(value, bool):
        raise RoundingError(f"rounding {what} must be a number, not {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        try:
            result = Decimal(value)
        except ArithmeticError:
            raise RoundingError(f"rounding {what} {value!r} is not a number") from None
    elif isinstance(value, float):
        result = Decimal(repr(value))
    else:
        raise RoundingError(f"rounding {what} must be a number, not {type(value).__name__}")
    if not result.is_finite():
        raise RoundingError(f"rounding {what} must be finite, not {value!r}")
    return result


class RoundingSettings(Protocol):
    """What a methodology's ``rounding:`` section holds (its model in methodology.model)."""

    @property
    def mode(self) -> RoundingMode: ...  # pragma: no cover - a protocol
    @property
    def step(self) -> int: ...  # pragma: no cover - a protocol
    @property
    def tolerance(self) -> float: ...  # pragma: no cover - a protocol


@dataclass(frozen=True)
class RoundingRule:
    """How a period's emission reductions become whole credits.

    ``mode`` is one of ``floor`` (the default, primer §5), ``ceil``, ``half_up`` or
    ``half_even``; ``step`` is the whole number of tCO2 to round to; ``tolerance`` (tCO2)
    is the grid values are snapped to first, to absorb float noise. Settings given as
    int, str or float are converted (floats through their shortest repr). Raises
    :class:`RoundingError` for an unknown mode, ``step <= 0``, a step that is not a
    whole number, ``tolerance < 0`` or ``tolerance >= step``.

    >>> RoundingRule().mode
    'floor'
    """

    mode: RoundingMode = "floor"
    step: Decimal = Decimal(1)
    tolerance: Decimal = Decimal("0.000001")

    def __post_init__(self) -> None:
        if self.mode not in ROUNDING_MODES:
            raise RoundingError(
                f"unknown rounding mode {self.mode!r}; use one of {', '.join(ROUNDING_MODES)}"
            )
        step = _as_decimal(self.step, "step")
        tolerance = _as_decimal(self.tolerance, "tolerance")
        if step <= 0:
            raise RoundingError(f"rounding step must be above 0 tCO2, not {step}")
        if step != step.to_integral_value():
            raise RoundingError(
                f"rounding step must be a whole number of tCO2 (credits are whole units), "
                f"not {step}"
            )
        if tolerance < 0:
            raise RoundingError(f"rounding tolerance must be 0 or more, not {tolerance}")
        if tolerance >= step:
            raise RoundingError(
                f"rounding tolerance ({tolerance}) must be smaller than the step ({step})"
            )
        object.__setattr__(self, "step", step)
        object.__setattr__(self, "tolerance", tolerance)

    @classmethod
    def from_settings(cls, settings: RoundingSettings) -> RoundingRule:
        """The rule a methodology declares (its ``rounding:`` section)."""
        return cls(
            mode=settings.mode,
            step=Decimal(settings.step),
            tolerance=Decimal(repr(settings.tolerance)),
        )

    def to_dict(self) -> dict[str, str]:
        """Serialise to plain strings (exact decimals), e.g. for a report's header."""
        return {"mode": self.mode, "step": str(self.step), "tolerance": str(self.tolerance)}


@dataclass(frozen=True)
class RoundedValue:
    """One period's emission reductions before and after rounding."""

    unrounded: float
    """The value as computed, in tCO2."""
    quantized: Decimal
    """The value snapped to the rule's tolerance: what the rounding mode was applied to."""
    rounded: int
    """Whole tCO2 (credits), never negative."""
    near_boundary: bool
    """The value lay within the tolerance of a point where the result changes."""
    negative: bool
    """The (snapped) value was below zero, so 0 is issued."""

    def to_dict(self) -> dict[str, Any]:
        """Serialise for JSON output; ``quantized`` as an exact decimal string."""
        return {
            "unrounded": self.unrounded,
            "quantized": str(self.quantized),
            "rounded": self.rounded,
            "near_boundary": self.near_boundary,
            "negative": self.negative,
        }


def _to_integral(value: Decimal, mode: str) -> Decimal:
    return value.to_integral_value(rounding=mode)


def _distance_to_boundary(exact: Decimal, rule: RoundingRule) -> Decimal:
    """Distance from ``exact`` to the nearest point where the rounded result changes."""
    in_steps = exact / rule.step
    if rule.mode in ("floor", "ceil"):
        nearest = _to_integral(in_steps, ROUND_HALF_EVEN)
    else:
        nearest = _to_integral(in_steps, ROUND_FLOOR) + Decimal("0.5")
    return abs(in_steps - nearest) * rule.step


def round_emission_reductions(value: SupportsFloat, rule: RoundingRule) -> RoundedValue:
    """Round one period's emission reductions (tCO2) to whole credits under ``rule``.

    Raises :class:`RoundingError` for NaN or an infinite value.

    >>> round_emission_reductions(3058.5 - 2316.2, RoundingRule()).rounded
    742
    >>> round_emission_reductions(30 * (1.0 - 0.9), RoundingRule()).rounded
    3
    """
    raw = float(value)
    if not math.isfinite(raw):
        raise RoundingError(f"emission reductions must be a finite number, not {raw!r}")
    with localcontext() as context:
        context.prec = _PRECISION
        exact = Decimal(raw)  # exact: every float is a finite binary fraction
        if rule.tolerance:
            # Decimal(int) keeps the tolerance's exponent: 742.000000, not 742E+6 × 1E-6.
            grid_points = int(_to_integral(exact / rule.tolerance, ROUND_HALF_EVEN))
            quantized = Decimal(grid_points) * rule.tolerance
        else:
            quantized = exact
        in_steps = _to_integral(quantized / rule.step, _DECIMAL_ROUNDING[rule.mode])
        rounded = max(int(in_steps * rule.step), 0)
        distance = _distance_to_boundary(exact, rule)
    if not quantized:
        quantized = quantized.copy_abs()  # no "-0.000000" in reports
    return RoundedValue(
        unrounded=raw,
        quantized=quantized,
        rounded=rounded,
        near_boundary=bool(0 < distance <= rule.tolerance),
        negative=quantized < 0,
    )


def round_emission_reductions_series(
    values: Iterable[SupportsFloat], rule: RoundingRule
) -> list[RoundedValue]:
    """Round each value of a sequence (a list, a numpy array, one value per period)."""
    return [round_emission_reductions(value, rule) for value in values]


def accurate_sum(values: Iterable[SupportsFloat]) -> float:
    """Sum floats without accumulating rounding error (:func:`math.fsum`).

    >>> accurate_sum([0.1] * 10)
    1.0
    """
    return math.fsum(float(value) for value in values)
