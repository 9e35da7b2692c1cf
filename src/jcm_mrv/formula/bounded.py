"""Evaluate a plan in floating point with a rigorous bound on its distance to the exact value.

The credits of a period are its exact emission reductions rounded once
(:mod:`jcm_mrv.engine.rounding`). The exact value comes from rational arithmetic on the
inputs as written (:mod:`jcm_mrv.formula.exact`), which costs a Python object per value.
This module gives the same decision at numpy speed: every step computes its float value
*and* a bound ``e`` such that ``|value - exact| <= e`` elementwise, where ``exact`` is what
:func:`~jcm_mrv.formula.exact.evaluate_exact` gives on the exact inputs. A period whose
float ER lies farther than its bound from every rounding boundary rounds exactly as the
exact ER does; only the others need the exact evaluation.

A bound takes one of two forms:

* :class:`Relative` ``r``: ``|value - exact| <= r * |value|`` in every cell, with a scalar
  ``r`` and scalar facts about the cells (their sign, the range of their nonzero
  magnitudes). Products, quotients, unit conversions and sums of same-signed values keep
  this form at the cost of one scalar formula, no array work: the common case (readings
  times factors, summed over the monitoring points) costs what plain numpy costs.
* an array ``e`` (absolute, per cell), where a relative bound does not hold: a difference
  of values of mixed sign, a minimum, a lookup. Its rules are the textbook ones
  (Higham, *Accuracy and Stability of Numerical Algorithms*, ch. 2-4), with ``u = 2**-53``
  the unit roundoff of round-to-nearest doubles:

  - ``a ± b``: ``e_a + e_b + u|v|``;  ``a × b``: ``|a|e_b + |b|e_a + e_a e_b + u|v|``;
  - ``a / b``: ``(e_a + |v| e_b) / (|b| - e_b) + u|v|``, unbounded where ``|b| <= e_b``;
  - ``a ** n`` (whole ``0 <= n <= 64``): ``n e_a (|a| + e_a)**(n-1) + 2u|v|``;
  - a sum of ``n`` values in any order: ``Σe + γ(n-1) Σ|v|`` with ``γ(k) = ku/(1-ku)``;
  - ``min``/``max``: the larger operand bound (no rounding);
  - a comparison is *certain* where the operands are farther apart than their bounds
    (or both exact); ``where`` with an uncertain condition, a lookup key within its bound
    of a band edge, and every step the exact evaluator does not do in rational arithmetic
    (a power with another exponent, ``exp`` of anything but an exact 0) are unbounded.

Every bound is multiplied by ``1 + 2**-40`` and increased by ``2**-1000`` at each step:
that absorbs the rounding of the bound arithmetic itself (a few roundings of nonnegative
terms, relative error below ``2**-49``) and any underflow (below ``2**-1074`` per step).
Relative bounds are used only while the nonzero magnitudes stay within ``[2**-900,
2**900]``, so that no cell underflows or overflows under them.

An unbounded cell (``inf``) or a non-finite value simply means "ask the exact path".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import reduce
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from jcm_mrv.formula import plan
from jcm_mrv.formula.symbols import Band
from jcm_mrv.numeric import as_written
from jcm_mrv.units import rational

Array = npt.NDArray[Any]

U = 2.0**-53
"""Unit roundoff of IEEE double precision, round to nearest."""
GROW = 1.0 + 2.0**-40
"""Factor applied to every bound: covers the rounding of the bound's own arithmetic."""
TINY = 2.0**-1000
"""Added to every absolute bound: covers underflow (at most 2**-1074 per operation)."""
_SAFE_LOW, _SAFE_HIGH = 2.0**-900, 2.0**900
_MAX_EXPONENT = 64  # as in jcm_mrv.formula.exact
_CHECKED_EXACTLY = 1024
"""Inputs up to this many values are checked for being exactly their floats."""


@dataclass(frozen=True, slots=True)
class Relative:
    """``|value - exact| <= r * |value|`` in every cell.

    ``sign`` is 1 when every cell is >= 0, -1 when every cell is <= 0, 0 otherwise;
    ``low`` and ``high`` bound the magnitudes of the nonzero cells (a zero cell is exact);
    ``high == 0`` when every cell is 0.
    """

    r: float
    sign: int
    low: float
    high: float


Bound = Relative | Array
"""A step's bound: relative (scalar facts) or absolute (an array of per-cell bounds)."""

_ZERO = Relative(0.0, 1, math.inf, 0.0)
"""The bound of an array of exact zeros."""


def relative_input(values: Array, r: float = U) -> Bound:
    """The bound of an input whose cells are within ``r`` relative of their exact values.

    ``r = u`` (the default) is the bound of a float read from a decimal with correct
    rounding (``|x - float(x)| <= u|x|``). Falls back to an absolute bound when some
    cell is subnormal, huge or not finite (NaN marks a missing value, exact NaN too).
    """
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return _ZERO
    lowest, highest = float(values.min()), float(values.max())
    if not (math.isfinite(lowest) and math.isfinite(highest)):  # NaN or inf somewhere
        with np.errstate(all="ignore"):
            return _as_absolute(values, np.abs(values) * (r * GROW) + TINY)
    if lowest >= 0.0:
        sign, high, magnitude = 1, highest, values
    else:
        magnitude = np.abs(values)
        sign, high = -1 if highest <= 0.0 else 0, max(-lowest, highest)
    low = lowest if lowest > 0.0 else -highest if highest < 0.0 else _smallest_nonzero(magnitude)
    if low == 0.0:
        return _ZERO
    if low < _SAFE_LOW or high > _SAFE_HIGH:
        return np.abs(values) * (r * GROW) + TINY
    return Relative(r, sign, low, high)


def _smallest_nonzero(magnitudes: Array) -> float:
    """The smallest nonzero value of an array of magnitudes (0.0 when all are zero).

    On the bit patterns, one below each: a positive double becomes the double just
    below it (nonnegative doubles order like their bits), while +0.0 and -0.0 become
    NaN patterns, which ``fmin`` skips. An integer subtraction and a float minimum per
    block that stays in the cache, instead of a masked minimum over the whole array.
    """
    bits = np.ascontiguousarray(magnitudes).reshape(-1).view(np.uint64)
    block = np.empty(min(bits.size, _BLOCK), dtype=np.uint64)
    below = block.view(np.float64)
    smallest = math.inf
    for start in range(0, bits.size, _BLOCK):
        n = min(_BLOCK, bits.size - start)
        np.subtract(bits[start : start + n], _ONE, out=block[:n])
        found = float(np.fmin.reduce(below[:n]))
        if found < smallest:  # False for NaN: a block of zeros only
            smallest = found
    return 0.0 if smallest == math.inf else math.nextafter(smallest, math.inf)


_BLOCK = 1 << 15
_ONE = np.uint64(1)


def absolute_input(values: Array, exact: Array) -> Array:
    """An absolute bound of each float from its exact value (an object array, NaN = missing).

    ``|value - float(exact)| + u|float(exact)|``: ``float(exact)`` is correctly rounded.
    Cells missing in both are exact (0); a cell missing in only one is unbounded.
    """
    values = np.asarray(values, dtype=np.float64)
    nearest = np.asarray(np.frompyfunc(float, 1, 1)(exact), dtype=np.float64)
    with np.errstate(all="ignore"):
        bound = (np.abs(values - nearest) + U * np.abs(nearest)) * GROW + TINY
        missing = np.isnan(values), np.isnan(nearest)
    bound = np.where(missing[0] & missing[1], 0.0, bound)
    return np.where(missing[0] ^ missing[1], math.inf, bound)


def input_bound(values: Array, exact: Array) -> Bound:
    """The tightest cheap bound of an input given as floats and as exact values.

    Relative ``u`` when every float is the correctly rounded exact value (what a reader
    of decimals gives), the absolute per-cell bound otherwise.
    """
    values = np.asarray(values, dtype=np.float64)
    nearest = np.asarray(np.frompyfunc(float, 1, 1)(exact), dtype=np.float64)
    if nearest.shape == values.shape and np.array_equal(values, nearest, equal_nan=True):
        if values.size <= _CHECKED_EXACTLY and all(
            isinstance(x, Fraction | Decimal) and Fraction(v) == Fraction(x)
            for v, x in zip(values.ravel().tolist(), np.ravel(exact).tolist(), strict=True)
            if v == v
        ):
            # every float is its exact value (whole numbers, choices, 0.5): comparisons
            # with it, such as a choice's test, are then certain
            return relative_input(values, 0.0)
        return relative_input(values)
    return absolute_input(values, np.broadcast_to(exact, values.shape))


def absolute(value: Array, bound: Bound) -> Array:
    """A bound in its absolute form (per cell)."""
    if isinstance(bound, Relative):
        # an exact zero stays exact; a nonzero cell is at least ``low`` (no underflow
        # unless r * low is tiny, then TINY covers it)
        slack = TINY if bound.r * bound.low < 2.0**-1000 and bound.r > 0.0 else 0.0
        found: Array = np.abs(value) * (bound.r * GROW) + slack  # no overflow: r < 1
        return found
    return bound


def _as_absolute(value: Array, bound: Array) -> Array:
    """Unbounded where a value is not finite (an overflow, a division by zero)."""
    return np.where(np.isfinite(value), bound, np.where(np.isnan(value), bound, math.inf))


def _gamma(n: int) -> float:
    """γ(n) = nu / (1 - nu): the relative error bound of n roundings."""
    return n * U / (1.0 - n * U)


def _exact_gap(value: float) -> float:
    """``|value - as_written(value)|``, rounded up: how far a constant's float is off."""
    if not math.isfinite(value):
        return math.inf
    gap = abs(Fraction(value) - as_written(value))
    return 0.0 if gap == 0 else float(gap) * GROW + TINY


def _rescale_gap(scale: float) -> float:
    """``|scale - rational(scale)|``, rounded up (the exact path uses the rational)."""
    gap = abs(Fraction(scale) - rational(scale))
    return 0.0 if gap == 0 else float(gap) * GROW + TINY


Kernel = Callable[[Mapping[str, Array], Mapping[str, Bound]], tuple[Array, Bound]]


class BoundedBuilder:
    """Turns plan steps into closures giving ``(value, bound)`` (built once, run many times).

    Values are computed like :mod:`jcm_mrv.formula.compiler`'s, except that a sum is a
    plain numpy sum: its bound accounts for its rounding, so no compensated sum is needed.
    """

    def __init__(self, axes: Mapping[str, int]) -> None:
        self.axes, self.ndim = axes, len(axes)

    def build(self, step: plan.Step) -> Kernel:
        """The closure evaluating ``step`` and bounding its error."""
        match step:
            case plan.Load(name=name):
                return lambda env, bounds: (env[name], bounds[name])
            case plan.Const(value=value):
                return self.constant(value)
            case plan.Arithmetic(op=op, left=left, right=right):
                return _ARITHMETIC[op](self, self.build(left), self.build(right), right)
            case plan.Negate(operand=operand):
                return _negate(self.build(operand))
            case plan.Absolute(operand=operand):
                return _absolute(self.build(operand))
            case plan.Exponential(operand=operand):
                return _exponential(self.build(operand))
            case plan.Rescale(operand=operand, scale=scale, offset=offset):
                return _rescale(self.build(operand), scale, offset)
            case plan.Comparison(ops=ops, operands=operands):
                return _comparison(ops, [self.build(o) for o in operands])
            case plan.Logic(op=op, operands=operands):
                combine = np.logical_and if op == "and" else np.logical_or
                return _fold(combine, [self.build(o) for o in operands])
            case plan.LogicalNot(operand=operand):
                inner = self.build(operand)
                return lambda env, bounds: _apply_not(*inner(env, bounds))
            case plan.Extremum(func=func, operands=operands):
                pick = np.minimum if func == "min" else np.maximum
                return _fold(pick, [self.build(o) for o in operands])
            case plan.Choose(condition=condition, then=then, otherwise=otherwise):
                return _choose(self.build(condition), self.build(then), self.build(otherwise))
            case plan.Total(
                operand=plan.Arithmetic(op="*", left=left, right=right), index=index
            ) if self.axes[index] == self.ndim - 1:
                return _total_of_product(self.build(left), self.build(right), self.axes[index])
            case plan.Total(operand=operand, index=index):
                return _total(self.build(operand), self.axes[index])
            case plan.TableLookup(bands=bands, key=key):
                return _lookup(bands, self.build(key))
        raise AssertionError(f"unexpected step {step!r}")  # pragma: no cover

    def constant(self, value: float) -> Kernel:
        """A constant: exact when its float is the decimal it was written as."""
        array = np.full((1,) * self.ndim, value, dtype=np.float64)
        gap = _exact_gap(value)
        magnitude = abs(value)
        if magnitude == 0.0:
            bound: Bound = _ZERO
        elif _SAFE_LOW <= magnitude <= _SAFE_HIGH:
            bound = Relative(gap / magnitude * GROW, 1 if value > 0 else -1, magnitude, magnitude)
        else:
            bound = np.full(array.shape, gap)
        return lambda env, bounds: (array, bound)


def _negate(inner: Kernel) -> Kernel:
    def negate(env: Mapping[str, Array], bounds: Mapping[str, Bound]) -> tuple[Array, Bound]:
        value, bound = inner(env, bounds)
        if isinstance(bound, Relative):
            bound = Relative(bound.r, -bound.sign, bound.low, bound.high)
        return np.negative(value), bound

    return negate


def _absolute(inner: Kernel) -> Kernel:
    def absolute_value(
        env: Mapping[str, Array], bounds: Mapping[str, Bound]
    ) -> tuple[Array, Bound]:
        value, bound = inner(env, bounds)
        if isinstance(bound, Relative):
            bound = Relative(bound.r, 1, bound.low, bound.high)
        return np.abs(value), bound  # | |a| - |b| | <= |a - b|

    return absolute_value


def _exponential(inner: Kernel) -> Kernel:
    def exponential(env: Mapping[str, Array], bounds: Mapping[str, Bound]) -> tuple[Array, Bound]:
        value, bound = inner(env, bounds)
        exact_zero = (value == 0.0) & (absolute(value, bound) <= TINY)
        if isinstance(bound, Relative):
            exact_zero = value == 0.0
        # exp is rational only at an exact 0 (exp(0) = 1, also in floating point)
        return np.exp(value), np.where(exact_zero, 0.0, math.inf)

    return exponential


def _add_or_subtract(
    builder: BoundedBuilder, left: Kernel, right: Kernel, step: plan.Step, subtract: bool
) -> Kernel:
    operation = np.subtract if subtract else np.add

    def combine(env: Mapping[str, Array], bounds: Mapping[str, Bound]) -> tuple[Array, Bound]:
        a, bound_a, b, bound_b = _operands(left, right, env, bounds)
        value = operation(a, b)
        if isinstance(bound_b, Relative) and bound_b.high == 0.0 and value.shape == a.shape:
            return value, bound_a  # a ± 0 is a, exactly
        if isinstance(bound_a, Relative) and isinstance(bound_b, Relative):
            sign_b = -bound_b.sign if subtract else bound_b.sign
            if bound_a.sign != 0 and bound_a.sign == sign_b:
                # same signs: no cancellation, |a| + |b| = |a ± b|
                return value, Relative(
                    (max(bound_a.r, bound_b.r) + U) * GROW,
                    bound_a.sign,
                    min(bound_a.low, bound_b.low) * (1.0 - U),
                    (bound_a.high + bound_b.high) * (1.0 + U),
                )
        error = absolute(a, bound_a) + absolute(b, bound_b) + U * np.abs(value)
        return value, _as_absolute(value, error * GROW + TINY)

    return combine


def _operands(
    left: Kernel, right: Kernel, env: Mapping[str, Array], bounds: Mapping[str, Bound]
) -> tuple[Array, Bound, Array, Bound]:
    a, bound_a = left(env, bounds)
    b, bound_b = right(env, bounds)
    return a, bound_a, b, bound_b


def _multiply(builder: BoundedBuilder, left: Kernel, right: Kernel, step: plan.Step) -> Kernel:
    def multiply(env: Mapping[str, Array], bounds: Mapping[str, Bound]) -> tuple[Array, Bound]:
        return _multiplied(*_operands(left, right, env, bounds))

    return multiply


def _multiplied(a: Array, bound_a: Bound, b: Array, bound_b: Bound) -> tuple[Array, Bound]:
    """``a × b`` and its bound."""
    value = np.multiply(a, b)
    relative = _product_relative(bound_a, bound_b)
    if relative is not None:
        return value, relative
    e_a, e_b = absolute(a, bound_a), absolute(b, bound_b)
    error = np.abs(a) * e_b + np.abs(b) * e_a + e_a * e_b + U * np.abs(value)
    return value, _as_absolute(value, error * GROW + TINY)


def _product_relative(bound_a: Bound, bound_b: Bound) -> Relative | None:
    """The relative bound of a product of two relatively bounded factors, if it is safe."""
    if isinstance(bound_a, Relative) and isinstance(bound_b, Relative):
        low, high = bound_a.low * bound_b.low, bound_a.high * bound_b.high
        if low >= _SAFE_LOW and high <= _SAFE_HIGH:
            r = (bound_a.r + bound_b.r + bound_a.r * bound_b.r + U) / (1.0 - U)
            sign = bound_a.sign * bound_b.sign
            return Relative(r * GROW, sign, low * (1.0 - U), high * (1.0 + U))
    return None


def _divide(builder: BoundedBuilder, left: Kernel, right: Kernel, step: plan.Step) -> Kernel:
    def divide(env: Mapping[str, Array], bounds: Mapping[str, Bound]) -> tuple[Array, Bound]:
        a, bound_a, b, bound_b = _operands(left, right, env, bounds)
        value = np.divide(a, b)
        if (
            isinstance(bound_a, Relative)
            and isinstance(bound_b, Relative)
            and bound_b.r < 0.5
            and bool(np.all(b != 0.0))
        ):
            low, high = bound_a.low / bound_b.high, bound_a.high / bound_b.low
            if low >= _SAFE_LOW and high <= _SAFE_HIGH:
                r = (bound_a.r + bound_b.r + U) / ((1.0 - bound_b.r) * (1.0 - U))
                sign = bound_a.sign * bound_b.sign
                return value, Relative(r * GROW, sign, low * (1.0 - U), high * (1.0 + U))
        e_a, e_b = absolute(a, bound_a), absolute(b, bound_b)
        margin = np.abs(b) - e_b
        magnitude = np.abs(value)
        error = (e_a + magnitude * (1.0 + 2 * U) * e_b) / margin + U * magnitude
        error = np.where(margin > 0.0, error * GROW + TINY, math.inf)
        return value, _as_absolute(value, error)

    return divide


def _power(builder: BoundedBuilder, left: Kernel, right: Kernel, step: plan.Step) -> Kernel:
    exponent = step.value if isinstance(step, plan.Const) else None
    whole = (
        exponent is not None
        and float(exponent).is_integer()
        and 0 <= exponent <= _MAX_EXPONENT
        and _exact_gap(exponent) == 0.0
    )

    def power(env: Mapping[str, Array], bounds: Mapping[str, Bound]) -> tuple[Array, Bound]:
        a, bound_a = left(env, bounds)
        b, _ = right(env, bounds)
        value = np.power(a, b)
        if not whole or exponent is None:  # the exact path leaves rational arithmetic
            return value, np.full(value.shape, math.inf)
        n = int(exponent)
        if n == 0:
            return value, Relative(0.0, 1, 1.0, 1.0)  # x ** 0 = 1 exactly, in both
        if isinstance(bound_a, Relative) and n * bound_a.r < 2.0**-20:
            try:
                low, high = bound_a.low**n, bound_a.high**n
            except OverflowError:  # Python's float power raises where numpy gives inf
                low, high = 0.0, math.inf
            if low >= _SAFE_LOW and high <= _SAFE_HIGH:
                # (1 + r)**n - 1 <= n r (1 + 2**-19) for n r < 2**-20; pow is within 1 ulp
                r = (n * bound_a.r * (1.0 + 2.0**-19) + 2 * U) / (1.0 - 2 * U)
                sign = 1 if n % 2 == 0 else bound_a.sign
                return value, Relative(r * GROW, sign, low * (1.0 - U), high * (1.0 + U))
        e_a = absolute(a, bound_a)
        error = n * e_a * (np.abs(a) + e_a) ** (n - 1) + 2 * U * np.abs(value)
        return value, _as_absolute(value, error * GROW + TINY)

    return power


def _subtract(builder: BoundedBuilder, left: Kernel, right: Kernel, step: plan.Step) -> Kernel:
    return _add_or_subtract(builder, left, right, step, subtract=True)


def _add(builder: BoundedBuilder, left: Kernel, right: Kernel, step: plan.Step) -> Kernel:
    return _add_or_subtract(builder, left, right, step, subtract=False)


_ARITHMETIC: dict[str, Callable[[BoundedBuilder, Kernel, Kernel, plan.Step], Kernel]] = {
    "+": _add,
    "-": _subtract,
    "*": _multiply,
    "/": _divide,
    "**": _power,
}


def _rescale(inner: Kernel, scale: float, offset: float) -> Kernel:
    scale_gap = _rescale_gap(scale) / abs(scale) * GROW if scale else 0.0
    offset_gap = _rescale_gap(offset) if offset else 0.0

    def rescale(env: Mapping[str, Array], bounds: Mapping[str, Bound]) -> tuple[Array, Bound]:
        a, bound_a = inner(env, bounds)
        scaled = a * scale
        bound: Bound
        if isinstance(bound_a, Relative) and scale != 0.0:
            low, high = bound_a.low * abs(scale), bound_a.high * abs(scale)
            if low >= _SAFE_LOW and high <= _SAFE_HIGH:
                r = (bound_a.r + scale_gap + bound_a.r * scale_gap + U) / (1.0 - U)
                sign = bound_a.sign * (1 if scale > 0 else -1)
                bound = Relative(r * GROW, sign, low * (1.0 - U), high * (1.0 + U))
            else:
                bound = _scaled_absolute(a, bound_a, scale, scale_gap, scaled)
        else:
            bound = _scaled_absolute(a, bound_a, scale, scale_gap, scaled)
        if offset == 0.0:
            return scaled, bound
        value = scaled + offset
        error = absolute(scaled, bound) + offset_gap + U * np.abs(value)
        return value, _as_absolute(value, error * GROW + TINY)

    return rescale


def _scaled_absolute(a: Array, bound: Bound, scale: float, gap: float, scaled: Array) -> Array:
    """``|a·S - exact|`` for the float scale and its exact rational ``S`` (gap relative)."""
    e_a = absolute(a, bound)
    magnitude = abs(scale)
    error = e_a * magnitude * (1.0 + gap) + np.abs(a) * magnitude * gap + U * np.abs(scaled)
    return _as_absolute(scaled, error * GROW + TINY)


def _comparison(ops: tuple[str, ...], kernels: list[Kernel]) -> Kernel:
    tests = [COMPARISON[op] for op in ops]

    def compare(env: Mapping[str, Array], bounds: Mapping[str, Bound]) -> tuple[Array, Bound]:
        pairs = [kernel(env, bounds) for kernel in kernels]
        values = [value for value, _ in pairs]
        errors = [absolute(value, bound) for value, bound in pairs]
        results, uncertain = [], []
        for k, test in enumerate(tests):
            left, right = values[k], values[k + 1]
            results.append(test(left, right))
            gap = np.abs(left - right)
            margin = (errors[k] + errors[k + 1]) * GROW
            finite = np.isfinite(left) & np.isfinite(right)
            certain = finite & ((gap > margin + TINY) | (margin == 0.0))
            uncertain.append(~certain)
        value = reduce(np.logical_and, results)
        return value, np.where(reduce(np.logical_or, uncertain), math.inf, 0.0)

    return compare


COMPARISON: dict[str, Callable[[Array, Array], Array]] = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "!=": np.not_equal,
}
"""The comparisons of the formula language on arrays (the compiler's too)."""


def _fold(func: Callable[[Array, Array], Array], kernels: list[Kernel]) -> Kernel:
    """``and``/``or`` of conditions, ``min``/``max`` of numbers: the larger operand bound.

    A condition's bound is 0 (certain) or inf; ``min`` and ``max`` move no value by more
    than the larger of their operands' bounds, and round nothing.
    """

    def fold(env: Mapping[str, Array], bounds: Mapping[str, Bound]) -> tuple[Array, Bound]:
        pairs = [kernel(env, bounds) for kernel in kernels]
        value = reduce(func, (v for v, _ in pairs))
        error = reduce(np.maximum, (absolute(v, b) for v, b in pairs))
        return value, error

    return fold


def _apply_not(value: Array, bound: Bound) -> tuple[Array, Bound]:
    return np.logical_not(value), bound


def _choose(condition: Kernel, then: Kernel, otherwise: Kernel) -> Kernel:
    def choose(env: Mapping[str, Array], bounds: Mapping[str, Bound]) -> tuple[Array, Bound]:
        test, test_bound = condition(env, bounds)
        a, bound_a = then(env, bounds)
        b, bound_b = otherwise(env, bounds)
        value = np.where(test, a, b)
        error = np.where(test, absolute(a, bound_a), absolute(b, bound_b))
        return value, np.where(absolute(test, test_bound) > 0.0, math.inf, error)

    return choose


def _total(inner: Kernel, axis: int) -> Kernel:
    def total(env: Mapping[str, Array], bounds: Mapping[str, Bound]) -> tuple[Array, Bound]:
        return _summed(*inner(env, bounds), axis)

    return total


def _total_of_product(left: Kernel, right: Kernel, axis: int) -> Kernel:
    """``Σ a × b`` along the last axis (readings times factors, summed over the points).

    Where the relative bounds hold for the product and for its sum, ``einsum`` sums
    the products without making an array of them (one pass instead of three); its
    value is the same sum of the same products, each rounded at most once (a fused
    multiply-add rounds less), and the additions in some order: the bound of the
    product followed by that of the sum covers it. Otherwise the product, then the sum.
    """

    def total(env: Mapping[str, Array], bounds: Mapping[str, Bound]) -> tuple[Array, Bound]:
        a, bound_a, b, bound_b = _operands(left, right, env, bounds)
        a, b = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
        product = _product_relative(bound_a, bound_b)
        relative = None if product is None else _sum_relative(product, a.shape[axis])
        if relative is None or a.size < _EINSUM_FROM:
            return _summed(*_multiplied(a, bound_a, b, bound_b), axis)
        return np.expand_dims(np.einsum("...i,...i->...", a, b), axis), relative

    return total


def _summed(values: Array, bound: Bound, axis: int) -> tuple[Array, Bound]:
    """The sum along ``axis`` and its bound."""
    values = np.asarray(values, dtype=np.float64)
    n = values.shape[axis]
    value = _sum(values, axis)
    relative = _sum_relative(bound, n)
    if relative is not None:
        return value, relative
    gamma = _gamma(max(n - 1, 0))
    errors = np.add.reduce(absolute(values, bound), axis=axis, keepdims=True)
    magnitude = np.add.reduce(np.abs(values), axis=axis, keepdims=True)
    error = (errors + gamma * magnitude) * GROW + TINY * max(n, 1)
    return value, _as_absolute(value, error)


def _sum_relative(bound: Bound, n: int) -> Relative | None:
    """The relative bound of a sum of ``n`` same-signed, relatively bounded terms, if safe."""
    gamma = _gamma(max(n - 1, 0))
    if isinstance(bound, Relative) and bound.sign != 0 and n * U < 2.0**-20:
        high = bound.high * n * (1.0 + gamma)
        if high <= _SAFE_HIGH:  # same signs: no cancellation, Σ|v| = |Σv|
            r = (bound.r + gamma) / (1.0 - gamma)
            return Relative(r * GROW, bound.sign, bound.low * (1.0 - gamma), high)
    return None


def _sum(values: Array, axis: int) -> Array:
    """The sum along ``axis`` (kept, size 1), in any order of its ``n - 1`` additions.

    A large array summed along its last axis goes through ``einsum``: numpy's
    ``add.reduce`` loops row by row over a short last axis (10 points: 2.5 times
    slower). einsum adds the terms in another order, each addition rounded once; the
    ``γ(n-1)`` bound of :func:`_total` holds for every order. (A matrix product with
    ones would be faster still, but BLAS threads spin and cost more CPU time than they
    save.) A NaN or an infinity spreads as in ``add.reduce``; a zero sum may lose the
    sign of ``-0.0``, which no decision reads.
    """
    if axis != values.ndim - 1 or values.size < _EINSUM_FROM:
        found: Array = np.add.reduce(values, axis=axis, keepdims=True)
        return found
    return np.expand_dims(np.einsum("...i->...", values), axis)


_EINSUM_FROM = 4096
"""Below this many cells, einsum's set-up costs more than ``add.reduce``'s loop."""


def _lookup(bands: tuple[Band, ...], key: Kernel) -> Kernel:
    ordered = sorted(bands, key=lambda b: -math.inf if b.lower is None else b.lower)
    lowers = np.array([-math.inf if b.lower is None else b.lower for b in ordered])
    uppers = np.array([math.inf if b.upper is None else b.upper for b in ordered])
    values = np.array([b.value for b in ordered], dtype=np.float64)
    value_gaps = np.array([_exact_gap(b.value) for b in ordered], dtype=np.float64)
    edges = sorted({e for b in ordered for e in (b.lower, b.upper) if e is not None})
    edge_gap = max((_exact_gap(e) for e in edges), default=0.0)
    edge_array = np.array(edges, dtype=np.float64)
    # bands that overlap (in exact arithmetic) may pick differently in the two paths
    overlapping = any(
        (b.upper is None or c.lower is None or as_written(c.lower) < as_written(b.upper))
        for b, c in pairwise(ordered)
    )

    def lookup(env: Mapping[str, Array], bounds: Mapping[str, Bound]) -> tuple[Array, Bound]:
        keys, bound = key(env, bounds)
        if not ordered:
            return np.full_like(keys, np.nan), np.zeros_like(keys)
        position = np.searchsorted(lowers, keys, side="right") - 1
        safe = np.clip(position, 0, len(values) - 1)
        inside = (position >= 0) & (keys < uppers[safe])
        value = np.where(inside, values[safe], np.nan)
        if overlapping:
            return value, np.full(value.shape, math.inf)
        margin = (absolute(keys, bound) + edge_gap) * GROW + TINY
        certain = np.isfinite(keys)
        if len(edges):
            slot = np.clip(np.searchsorted(edge_array, keys), 1, len(edges)) - 1
            nearest = np.minimum(
                np.abs(keys - edge_array[slot]),
                np.abs(keys - edge_array[np.minimum(slot + 1, len(edges) - 1)]),
            )
            certain &= nearest > margin
        error = np.where(inside, value_gaps[safe], 0.0)
        return value, np.where(certain, error, math.inf)

    return lookup


def build_bounded(step: plan.Step, axes: Mapping[str, int]) -> Kernel:
    """The ``(value, bound)`` closure of a plan (see the module docstring)."""
    return BoundedBuilder(axes).build(step)


def converted(
    value: Array, bound: Array, scale: Fraction, convert: Callable[[Array], Array]
) -> tuple[Array, Array]:
    """A value and its absolute bound after a unit conversion without offset.

    ``convert`` is the float conversion (:meth:`jcm_mrv.units.Conversion.apply`, at most a
    multiplication by ``float(scale)`` and a division by an exact whole number, two
    roundings); the exact path multiplies by ``scale`` itself.
    """
    if scale == 1:
        return np.asarray(value, dtype=np.float64), np.asarray(bound, dtype=np.float64)
    factor = float(scale)
    with np.errstate(all="ignore"):
        result = convert(np.array(value, dtype=np.float64))
        error = (
            np.asarray(bound) * abs(factor) * (1.0 + 4 * U)
            + np.abs(value) * abs(factor) * 2 * U
            + 2 * U * np.abs(result)
        ) * GROW + TINY
    return result, _as_absolute(result, error)
