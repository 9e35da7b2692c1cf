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
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction
from functools import reduce
from typing import Any

import numpy as np

from jcm_mrv.formula import plan
from jcm_mrv.formula.symbols import Band
from jcm_mrv.numeric import as_written
from jcm_mrv.units import rational

ObjectArray = np.ndarray[Any, np.dtype[Any]]
Exact = Fraction | float | bool

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
    return a / b


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
    """A float array as an object array of the decimals its values were written as."""
    floats = np.asarray(values, dtype=np.float64)
    exact = np.empty(floats.shape, dtype=object)
    exact[...] = np.frompyfunc(lambda v: as_written(v) if math.isfinite(v) else math.nan, 1, 1)(
        floats
    )
    return exact


def evaluate_exact(
    step: plan.Step, env: Mapping[str, ObjectArray], axes: Mapping[str, int]
) -> ObjectArray:
    """Evaluate a plan on object arrays of exact values (see the module docstring).

    ``env`` maps every name the plan loads to an object array with one axis per entry
    of ``axes`` (size 1 on the axes it does not vary by), like the float kernels'.
    """
    ndim = len(axes)

    def run(current: plan.Step) -> ObjectArray:
        match current:
            case plan.Load(name=name):
                return np.asarray(env[name], dtype=object)
            case plan.Const(value=value):
                return _filled(as_written(value), ndim)
            case plan.Arithmetic(op=op, left=left, right=right):
                return np.asarray(_ARITHMETIC[op](run(left), run(right)), dtype=object)
            case plan.Negate(operand=operand):
                return np.negative(run(operand))
            case plan.Absolute(operand=operand):
                return np.abs(run(operand))
            case plan.Exponential(operand=operand):
                return np.asarray(_EXP(run(operand)), dtype=object)
            case plan.Rescale(operand=operand, scale=scale, offset=offset):
                scaled = np.asarray(run(operand) * rational(scale), dtype=object)
                return np.asarray(scaled + rational(offset), dtype=object) if offset else scaled
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
                return np.asarray(_lookup(bands)(run(key)), dtype=object)
        raise AssertionError(f"unexpected step {current!r}")  # pragma: no cover

    result = run(step)
    if result.ndim < ndim:  # a formula of constants only
        result = result.reshape((1,) * (ndim - result.ndim) + result.shape)
    return result


def _filled(value: Exact, ndim: int) -> ObjectArray:
    array = np.empty((1,) * ndim, dtype=object)
    array[...] = value
    return array


def _lookup(bands: tuple[Band, ...]) -> Callable[[ObjectArray], ObjectArray]:
    exact = [
        (
            None if b.lower is None else as_written(b.lower),
            None if b.upper is None else as_written(b.upper),
            as_written(b.value),
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
