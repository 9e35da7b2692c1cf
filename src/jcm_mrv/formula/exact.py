"""Evaluate a plan exactly, in rational arithmetic, for the figures that become credits.

The compiled kernels (:mod:`jcm_mrv.formula.compiler`) compute in binary floating point,
fast, for display; the credits of a period come from this exact evaluation instead.
Values are numpy object arrays shaped like the float ones, holding
:class:`fractions.Fraction` wherever the result is exact. Everything the formula
language offers is rational (+ − × ÷, sums, ``min``, ``max``, ``abs``, ``where``,
comparisons, lookups, powers with a whole exponent) except a power with a non-whole
exponent and ``exp`` (exact only for ``exp(0) = 1``): they give a Python ``float``,
and a float is contagious (``Fraction + float``
is a float), so a result that is still a ``Fraction`` is exact, one that is a ``float``
is not. NaN (a float) stands for "no value": a division by zero, a key outside every
band, an invalid power; it propagates like in the float kernels.

Unit conversions (:class:`~jcm_mrv.formula.plan.Rescale`) and constants are taken as
the exact rationals their floats stand for (``0.001`` → 1/1000, ``5/9`` from
``0.5555555555555556``; see :func:`jcm_mrv.units.rational` and
:func:`jcm_mrv.numeric.as_written`).

Exact inputs are :class:`~fractions.Fraction` or :class:`~decimal.Decimal` values (both
exact rationals; :func:`exact_array` gives decimals). Most data are decimals, and so are
their sums, differences and products: the evaluation runs first in decimal arithmetic
under a context that *traps* every inexact result (:data:`EXACT_DECIMALS`: 100 digits,
unbounded exponents), so a result it completes is the exact value, at a fraction of the
cost of rational arithmetic (a C type, no normalising gcd per operation). A step whose
result would not be a decimal of at most 100 digits (1/3, a conversion by 5/9), a
power, ``exp``, a missing value or a mix of types abandons that run, and the plan is
evaluated again in rational arithmetic from the start: the result is the same exact
value either way, returned as a ``Fraction``.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import reduce
from typing import Any, cast

import numpy as np

from jcm_mrv.formula import plan
from jcm_mrv.formula.symbols import Band
from jcm_mrv.numeric import as_written
from jcm_mrv.units import rational

ObjectArray = np.ndarray[Any, np.dtype[Any]]
Exact = Fraction | Decimal | float | bool

EXACT_DECIMALS = decimal.Context(
    prec=100,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[
        decimal.Inexact,  # a result that needed rounding: not exact, so not used
        decimal.InvalidOperation,
        decimal.DivisionByZero,
        decimal.FloatOperation,  # a float (a missing value) compared with a decimal
    ],
)
"""The decimal context of the first, fast run: it raises instead of rounding."""


class _NotDecimal(Exception):
    """The decimal run cannot go on (a non-decimal rational, a power, a missing value)."""


_MAX_EXPONENT = 64
"""Whole exponents up to this are computed exactly; larger ones in floating point."""


def is_missing(value: object) -> bool:
    """True for the float NaN that stands for "no value"."""
    return isinstance(value, float) and math.isnan(value)


def _divide(a: Exact, b: Exact) -> Exact:
    if is_missing(a) or is_missing(b):
        return math.nan
    if b == 0:
        return math.nan  # the float kernels give inf or NaN: reported as not finite
    # two decimals (the decimal run) or two rationals; a mix raises TypeError, which
    # sends the decimal run back to rationals
    quotient: Exact = cast(Any, a) / b
    return quotient


def _power(a: Exact, b: Exact) -> Exact:
    if is_missing(a) or is_missing(b):
        return math.nan
    whole = isinstance(b, Fraction) and b.denominator == 1 and abs(b) <= _MAX_EXPONENT
    if whole and isinstance(a, Fraction) and not (a == 0 and b < 0):
        return a ** int(b)
    try:
        result = float(a) ** float(b)
    except (OverflowError, ZeroDivisionError):
        return math.nan
    return result if isinstance(result, float) else math.nan  # negative ** fraction: complex


def _exponential(a: Exact) -> Exact:
    if is_missing(a):
        return math.nan
    if a == 0:
        return Fraction(1)  # a batch of age 0 decays by exactly exp(0) = 1
    try:
        return math.exp(float(a))
    except OverflowError:
        return math.nan  # the float kernels give inf: reported as not finite


def _minimum(a: Exact, b: Exact) -> Exact:
    if is_missing(a) or is_missing(b):
        return math.nan
    return a if a <= b else b


def _maximum(a: Exact, b: Exact) -> Exact:
    if is_missing(a) or is_missing(b):
        return math.nan
    return a if a >= b else b


_ARITHMETIC: dict[str, Callable[[ObjectArray, ObjectArray], ObjectArray]] = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.frompyfunc(_divide, 2, 1),
    "**": np.frompyfunc(_power, 2, 1),
}
_COMPARISON: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: bool(a < b),
    "<=": lambda a, b: bool(a <= b),
    ">": lambda a, b: bool(a > b),
    ">=": lambda a, b: bool(a >= b),
    "==": lambda a, b: bool(a == b),
    "!=": lambda a, b: bool(a != b),
}
_EXP = np.frompyfunc(_exponential, 1, 1)
_EXTREMUM = {"min": np.frompyfunc(_minimum, 2, 1), "max": np.frompyfunc(_maximum, 2, 1)}


def exact_array(values: Any) -> ObjectArray:
    """A float array as an object array of the decimals its values were written as.

    Each finite float becomes the :class:`~decimal.Decimal` of its shortest repr (the
    value :func:`~jcm_mrv.numeric.as_written` gives); NaN and ±inf become ``math.nan``.
    """
    floats = np.asarray(values, dtype=np.float64)
    exact = np.empty(floats.shape, dtype=object)
    exact[...] = _WRITTEN(floats)
    return exact


def _written(value: float) -> Decimal | float:
    return Decimal(repr(value)) if math.isfinite(value) else math.nan


_WRITTEN = np.frompyfunc(_written, 1, 1)


def _to_decimal(value: Any) -> Any:
    """An exact value as a decimal, or :class:`_NotDecimal` (bools and ints stay)."""
    if type(value) is Decimal or type(value) is bool or type(value) is int:
        return value
    if type(value) is Fraction:
        denominator = value.denominator
        if denominator == 1:
            return Decimal(value.numerator)
        # a decimal's denominator has no prime factor but 2 and 5; the division is
        # then exact (or traps if it needs more than 100 digits)
        return Decimal(value.numerator) / Decimal(denominator)
    raise _NotDecimal


def _to_fraction(value: Any) -> Any:
    """A decimal as the same exact ``Fraction``; anything else unchanged."""
    return Fraction(value) if type(value) is Decimal else value


_DECIMAL = np.frompyfunc(_to_decimal, 1, 1)
_FRACTION = np.frompyfunc(_to_fraction, 1, 1)


def evaluate_exact(
    step: plan.Step,
    env: Mapping[str, ObjectArray],
    axes: Mapping[str, int],
    *,
    decimals: bool = True,
) -> ObjectArray:
    """Evaluate a plan on object arrays of exact values (see the module docstring).

    ``env`` maps every name the plan loads to an object array with one axis per entry
    of ``axes`` (size 1 on the axes it does not vary by), like the float kernels'.
    ``decimals=False`` skips the decimal run (the rational one alone: for tests that
    compare the two).
    """
    return evaluate_chain([("", step)], env, axes, [""], decimals=decimals)[""]


def evaluate_chain(
    plans: Sequence[tuple[str, plan.Step]],
    env: Mapping[str, ObjectArray],
    axes: Mapping[str, int],
    outputs: Sequence[str],
    *,
    decimals: bool = True,
) -> dict[str, ObjectArray]:
    """Evaluate named plans in order, each reading ``env`` and the results before it.

    Returns the results named in ``outputs``, exact values as ``Fraction`` (a
    ``float`` where a result is not rational). The whole chain runs in decimals first
    and, if any step leaves them, again in rational arithmetic (module docstring).
    """
    if decimals:
        try:
            with decimal.localcontext(EXACT_DECIMALS):
                found = _chain(plans, env, axes, _DECIMAL)
            return {name: _objects(_FRACTION(found[name])) for name in outputs}
        except (_NotDecimal, decimal.DecimalException, TypeError):
            pass  # not decimals all the way: the rational run below decides
    found = _chain(plans, env, axes, _FRACTION)
    return {name: found[name] for name in outputs}


def _chain(
    plans: Sequence[tuple[str, plan.Step]],
    env: Mapping[str, ObjectArray],
    axes: Mapping[str, int],
    number: Callable[[Any], Any],
) -> dict[str, ObjectArray]:
    """Every plan's result, computed with the exact numbers ``number`` makes."""
    values = dict(env)
    for name, step in plans:
        values[name] = _run(step, values, axes, number)
    return values


def _run(
    step: plan.Step,
    env: Mapping[str, ObjectArray],
    axes: Mapping[str, int],
    number: Callable[[Any], Any],
) -> ObjectArray:
    """One plan, on values made decimals (``_DECIMAL``) or fractions (``_FRACTION``)."""
    ndim = len(axes)
    in_decimals = number is _DECIMAL

    def run(current: plan.Step) -> ObjectArray:
        match current:
            case plan.Load(name=name):
                return _objects(number(np.asarray(env[name], dtype=object)))
            case plan.Const(value=value):
                return _filled(number(as_written(value)), ndim)
            case plan.Arithmetic(op=op, left=left, right=right):
                if in_decimals and op == "**":
                    raise _NotDecimal  # the rational run decides which powers are exact
                return np.asarray(_ARITHMETIC[op](run(left), run(right)), dtype=object)
            case plan.Negate(operand=operand):
                return np.negative(run(operand))
            case plan.Absolute(operand=operand):
                return np.abs(run(operand))
            case plan.Exponential(operand=operand):
                if in_decimals:
                    raise _NotDecimal
                return np.asarray(_EXP(run(operand)), dtype=object)
            case plan.Rescale(operand=operand, scale=scale, offset=offset):
                scaled = np.asarray(run(operand) * number(rational(scale)), dtype=object)
                if not offset:
                    return scaled
                return np.asarray(scaled + number(rational(offset)), dtype=object)
            case plan.Comparison(ops=ops, operands=operands):
                values = [run(o) for o in operands]
                tests = [
                    np.frompyfunc(_COMPARISON[op], 2, 1)(values[k], values[k + 1]).astype(bool)
                    for k, op in enumerate(ops)
                ]
                return np.asarray(reduce(np.logical_and, tests), dtype=object)
            case plan.Logic(op=op, operands=operands):
                combine = np.logical_and if op == "and" else np.logical_or
                conditions = [run(o).astype(bool) for o in operands]
                return np.asarray(reduce(combine, conditions), dtype=object)
            case plan.LogicalNot(operand=operand):
                return np.asarray(np.logical_not(run(operand).astype(bool)), dtype=object)
            case plan.Extremum(func=func, operands=operands):
                pick = _EXTREMUM[func]
                return np.asarray(reduce(pick, [run(o) for o in operands]), dtype=object)
            case plan.Choose(condition=condition, then=then, otherwise=otherwise):
                test = run(condition).astype(bool)
                return np.asarray(np.where(test, run(then), run(otherwise)), dtype=object)
            case plan.Total(operand=operand, index=index):
                summed = run(operand)
                return np.asarray(np.add.reduce(summed, axis=axes[index], keepdims=True))
            case plan.TableLookup(bands=bands, key=key):
                return np.asarray(_lookup(bands, number)(run(key)), dtype=object)
        raise AssertionError(f"unexpected step {current!r}")  # pragma: no cover

    result = run(step)
    if result.ndim < ndim:  # a formula of constants only
        result = result.reshape((1,) * (ndim - result.ndim) + result.shape)
    return result


def _objects(values: Any) -> ObjectArray:
    """What a ``frompyfunc`` gave, as an object array (it gives a bare object for 0-d)."""
    return np.asarray(values, dtype=object)


def _filled(value: Exact, ndim: int) -> ObjectArray:
    array = np.empty((1,) * ndim, dtype=object)
    array[...] = value
    return array


def _lookup(
    bands: tuple[Band, ...], number: Callable[[Any], Any]
) -> Callable[[ObjectArray], ObjectArray]:
    exact: list[tuple[Exact | None, Exact | None, Exact]] = [
        (
            None if b.lower is None else number(as_written(b.lower)),
            None if b.upper is None else number(as_written(b.upper)),
            number(as_written(b.value)),
        )
        for b in bands
    ]

    def one(key: Exact) -> Exact:
        if is_missing(key):
            return math.nan
        for lower, upper, value in exact:
            if (lower is None or key >= lower) and (upper is None or key < upper):
                return value
        return math.nan

    return np.frompyfunc(one, 1, 1)
