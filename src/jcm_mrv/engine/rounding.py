"""Rounding a period's emission reductions to whole credits, from the exact figure.

Credits are whole units of 1 tCO2e, and a period's emission reductions (ER) are rounded
down to a whole tonne once, at the end; reference and project emissions are carried
unrounded (primer §5, [likely]). The rule is a declared setting (:class:`RoundingRule`)
whose default is "floor to whole tonnes".

The value rounded is the *exact* ER (a :class:`fractions.Fraction`, from the inputs as
written, see :mod:`jcm_mrv.formula.exact`), never a float snapped to a grid: snapping
turns a real 742.9999995 t into 743 credits. So ``30 * (1 - 0.9)`` from inputs is
exactly 3 and gives 3 credits; 742.9999995 gives 742; 10**16 + 1 gives 10**16 + 1.

Where the equations are not rational (a power with a non-whole exponent), the ER is a
float known to within an ``error_bound``; if a rounding boundary lies within that bound
the result cannot be decided, ``undecided`` is set (a finding), and the *lower* of the
two candidates is issued: never snapped up.

* A float passed without an error bound is taken at its exact binary value
  (``2.999999999999999`` floors to 2): pass the exact figure instead.
* ``negative`` is set when the value is below zero: such a period issues 0.
* ``step`` must be a whole number of tonnes, because the result is a number of credits.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, Protocol, SupportsFloat, get_args

from jcm_mrv.findings.errors import InputError

RoundingMode = Literal["floor", "ceil", "half_up", "half_even"]
ROUNDING_MODES: tuple[str, ...] = get_args(RoundingMode)


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


@dataclass(frozen=True)
class RoundingRule:
    """How a period's emission reductions become whole credits.

    ``mode`` is one of ``floor`` (the default, primer §5), ``ceil``, ``half_up`` or
    ``half_even``; ``step`` is the whole number of tCO2 to round to. A step given as
    int, str or float is converted (a float through its shortest repr). Raises
    :class:`RoundingError` for an unknown mode, ``step <= 0`` or a step that is not a
    whole number.

    >>> RoundingRule().mode
    'floor'
    """

    mode: RoundingMode = "floor"
    step: Decimal = Decimal(1)

    def __post_init__(self) -> None:
        if self.mode not in ROUNDING_MODES:
            raise RoundingError(
                f"unknown rounding mode {self.mode!r}; use one of {', '.join(ROUNDING_MODES)}"
            )
        step = _as_decimal(self.step, "step")
        if step <= 0:
            raise RoundingError(f"rounding step must be above 0 tCO2, not {step}")
        if step != step.to_integral_value():
            raise RoundingError(
                f"rounding step must be a whole number of tCO2 (credits are whole units), "
                f"not {step}"
            )
        object.__setattr__(self, "step", step)

    @classmethod
    def from_settings(cls, settings: RoundingSettings) -> RoundingRule:
        """The rule a methodology declares (its ``rounding:`` section)."""
        return cls(mode=settings.mode, step=Decimal(settings.step))

    def to_dict(self) -> dict[str, str]:
        """Serialise to plain strings (exact decimals), e.g. for a report's header."""
        return {"mode": self.mode, "step": str(self.step)}

    def apply(self, value: Fraction) -> int:
        """``value`` (tCO2, exact) rounded to a multiple of the step under the mode."""
        step = int(self.step)
        in_steps = value / step
        if self.mode == "floor":
            whole = math.floor(in_steps)
        elif self.mode == "ceil":
            whole = math.ceil(in_steps)
        elif self.mode == "half_even":
            whole = round(in_steps)  # Fraction rounds half to even, exactly
        else:  # half_up: halves away from zero
            whole = math.floor(abs(in_steps) + Fraction(1, 2)) * (1 if in_steps >= 0 else -1)
        return int(whole) * step


@dataclass(frozen=True)
class RoundedValue:
    """One period's emission reductions before and after rounding."""

    unrounded: float
    """The value as a float, in tCO2 (for display)."""
    exact: Fraction | None
    """The exact value, or ``None`` when it is a float known only to ``error_bound``."""
    rounded: int
    """Whole tCO2 (credits), never negative."""
    undecided: bool
    """A rounding boundary lay within the error bound: the lower result was issued."""
    negative: bool
    """The value was below zero, so 0 is issued."""

    def to_dict(self) -> dict[str, Any]:
        """Serialise for JSON output; ``exact`` as ``numerator/denominator`` text."""
        return {
            "unrounded": self.unrounded,
            "exact": None if self.exact is None else str(self.exact),
            "rounded": self.rounded,
            "undecided": self.undecided,
            "negative": self.negative,
        }


def round_emission_reductions(
    value: Fraction | SupportsFloat, rule: RoundingRule, *, error_bound: float = 0.0
) -> RoundedValue:
    """Round one period's emission reductions (tCO2) to whole credits under ``rule``.

    ``value`` is the exact ER (a :class:`~fractions.Fraction`), or a float known to
    within ``error_bound`` tCO2 (a float without a bound is taken at its exact binary
    value). Raises :class:`RoundingError` for NaN or an infinite value.

    >>> round_emission_reductions(Fraction("3058.5") - Fraction("2316.2"), RoundingRule()).rounded
    742
    >>> round_emission_reductions(30 * (1 - Fraction("0.9")), RoundingRule()).rounded
    3
    """
    if isinstance(value, Fraction):
        exact: Fraction | None = value
        raw = float(value)
        low = high = value
    else:
        raw = float(value)
        if not math.isfinite(raw):
            raise RoundingError(f"emission reductions must be a finite number, not {raw!r}")
        if error_bound < 0 or not math.isfinite(error_bound):
            raise RoundingError(f"error bound must be a finite number >= 0, not {error_bound}")
        exact = None if error_bound else Fraction(raw)
        bound = Fraction(error_bound)
        low, high = Fraction(raw) - bound, Fraction(raw) + bound
    lower = rule.apply(low)
    upper = lower if high is low else rule.apply(high)
    return RoundedValue(
        unrounded=raw,
        exact=exact,
        rounded=max(lower, 0),
        undecided=lower != upper and upper > 0,
        negative=(Fraction(raw) if exact is None else exact) < 0,
    )


@dataclass(frozen=True)
class Decisions:
    """Credits decided from float values and error bounds, one entry per period.

    Where ``decided`` is set, ``rounded`` and ``negative`` are what
    :func:`round_emission_reductions` gives for *every* exact value within the bound
    (so for the exact ER itself); elsewhere they mean nothing and the exact value must
    decide.
    """

    rounded: Any
    """Whole tCO2 (credits, never negative) per period, an int64 array."""
    negative: Any
    """Whether the value is below zero, a bool array."""
    decided: Any
    """Whether the bound decides both, a bool array."""


_DECIDABLE = 2.0**50
"""Largest magnitude (in steps) decided in floating point: its fraction is exact."""
_SLACK = 2.0**-50
"""Covers the rounding of ``1 - fraction`` and ``fraction - 1/2`` (below 2**-53)."""
_GROW = 1.0 + 2.0**-40


def decide_rounding(values: Any, bounds: Any, rule: RoundingRule) -> Decisions:
    """Round many periods' ER (tCO2, floats known to within ``bounds``) where that is certain.

    A period is decided when no rounding boundary of ``rule`` (a multiple of the step
    for ``floor`` and ``ceil``, an odd multiple of half a step for ``half_up`` and
    ``half_even``) lies within its bound, and the bound decides the sign. Vectorised: the
    cost is a few numpy passes over the periods, whatever their number.

    >>> import numpy as np
    >>> found = decide_rounding(np.array([742.6, 742.0]), np.array([1e-9, 1e-9]), RoundingRule())
    >>> found.rounded.tolist(), found.decided.tolist()
    ([742, 742], [True, False])
    """
    import numpy as np

    values = np.asarray(values, dtype=np.float64)
    bounds = np.asarray(bounds, dtype=np.float64)
    step = int(rule.step)
    with np.errstate(all="ignore"):
        if step == 1:
            in_steps, margin = values, bounds * _GROW
        else:  # the division rounds once more (u|y|); the bound scales with it
            in_steps = values / step
            margin = (bounds / step * (1.0 + 2.0**-52) + 2.0**-53 * np.abs(in_steps)) * _GROW
        whole = np.floor(in_steps)
        fraction = in_steps - whole  # exact for |in_steps| < 2**52
        if rule.mode in ("floor", "ceil"):
            distance = np.minimum(fraction, 1.0 - fraction)
        else:
            distance = np.abs(fraction - 0.5)
        if rule.mode == "floor":
            result = whole
        elif rule.mode == "ceil":
            result = whole + (fraction > 0.0)
        else:
            result = whole + (fraction > 0.5)
        negative = -values > bounds
        # a NaN or infinite value or bound leaves ``distance`` or ``margin`` NaN or
        # infinite, and the comparison False: such a period is never decided
        decided = distance > margin + _SLACK
        decided &= np.abs(in_steps) < _DECIDABLE
        decided &= (values >= bounds) | negative
        rounded = np.where(decided, result, 0.0).astype(np.int64)
        if step != 1:
            rounded *= step
    return Decisions(np.maximum(rounded, 0), negative & decided, decided)


def round_emission_reductions_series(
    values: Iterable[Fraction | SupportsFloat], rule: RoundingRule
) -> list[RoundedValue]:
    """Round each value of a sequence (a list, a numpy array, one value per period)."""
    return [round_emission_reductions(value, rule) for value in values]
