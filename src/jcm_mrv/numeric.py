"""Exact-as-fsum sums of float arrays: one routine for the whole package.

Both the formula compiler (a ``sum over i`` along an array axis) and the monitoring
reader (readings folded into their period × point groups) add up floats through
:func:`grouped_sum_parts`, without a Python loop per group.

Every value is split into a high part (truncated towards zero) on a power-of-two grid
chosen per group so coarse that the group's high parts add up *exactly* in a double (the
grid is 2**-52 of the group's sum of absolute values, and never finer than the smallest
subnormal, 2**-1074, on which every double lies), and a low remainder below that grid
(exactly representable), summed naively. The result differs from :func:`math.fsum`'s by
at most one ulp plus ``n**2 * 2**-104`` times the group's sum of absolute values: only a
cancellation to almost nothing could tell them apart. A group holding an infinity or
NaN, or whose sum of absolute values overflows, gets numpy's plain sum: the same inf or
NaN that fsum's arithmetic gives (where fsum raises ``OverflowError`` on an intermediate
overflow, the plain sum is ±inf or NaN, which the engine reports as not finite).

numpy is imported by the callers; this module only uses it on arrays they pass.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

Array = np.ndarray[Any, np.dtype[Any]]


def grouped_sum_parts(groups: Array, values: Array, n_groups: int) -> tuple[Array, Array]:
    """High-part and low-part sums of ``values`` by ``groups`` (ints in ``[0, n_groups)``).

    ``high + low`` is the group total as accurately as fsum's (see the module
    docstring); ``high`` is exact for finite groups. NaN values propagate: remove them
    beforehand where they mean "no reading".
    """
    values = np.asarray(values, dtype=np.float64)
    with np.errstate(all="ignore"):
        absolute = np.bincount(groups, weights=np.abs(values), minlength=n_groups)
        finite = np.isfinite(absolute)
        _, exponent = np.frexp(np.where(finite, absolute, 1.0))  # absolute < 2**exponent
        # multiples of the quantum below 2**(exponent+1) add up exactly; every double is
        # a multiple of 2**-1074, so a group of subnormals needs no finer grid
        quantum = np.ldexp(1.0, np.maximum(exponent - 52, -1074))
        step = quantum[groups]
        high = values / step
        np.trunc(high, out=high)  # |high| <= |value|: no overflow at the top of the range
        high *= step
        low = np.subtract(values, high, out=step)
        high_sum = np.bincount(groups, weights=high, minlength=n_groups)
        low_sum = np.bincount(groups, weights=low, minlength=n_groups)
        if not finite.all():
            plain = np.bincount(groups, weights=values, minlength=n_groups)
            high_sum = np.where(finite, high_sum, plain)
            low_sum = np.where(finite, low_sum, 0.0)
    return high_sum, low_sum


def grouped_sum(groups: Array, values: Array, n_groups: int) -> Array:
    """Sum ``values`` by ``groups`` (ints in ``[0, n_groups)``), as accurately as fsum."""
    high, low = grouped_sum_parts(groups, values, n_groups)
    total: Array = high + low
    return total


def accurate_sum(values: Array, axis: int) -> Array:
    """Sum along one axis (keeping it, with size 1) as accurately as :func:`math.fsum`.

    Each run along ``axis`` is one group of :func:`grouped_sum`.
    """
    values = np.asarray(values, dtype=np.float64)
    if values.shape[axis] <= 1 or values.size == 0:  # nothing to add up: already exact
        single: Array = values.sum(axis=axis, keepdims=True)
        return single
    runs = np.moveaxis(values, axis, -1)
    length = runs.shape[-1]
    n_runs = runs.size // length
    groups = np.repeat(np.arange(n_runs), length)
    total = grouped_sum(groups, runs.reshape(-1), n_runs)
    result: Array = np.expand_dims(total.reshape(runs.shape[:-1]), axis)
    return result


# --- exact decimal arithmetic -------------------------------------------------------
# Monitoring readings and project values are decimals as written; a float parsed from a
# decimal of at most 15 significant digits maps back to it (its shortest repr), and
# distinct such decimals are distinct floats. Sums are formed on those decimals exactly.

_MAX_PLACES = 9
_MAX_SCALED = 10.0**15  # up to 15 significant digits: the float identifies the decimal
_HALF = 2**25  # split of a scaled integer into two parts that bincount adds exactly


def as_written(value: float) -> Fraction:
    """The decimal a float was read from, exactly (``0.1`` → 1/10, ``742.5`` → 1485/2).

    Exact for every float parsed from a decimal of at most 15 significant digits (the
    float's shortest repr is that decimal); for other floats, a decimal within half an
    ulp. Raises ``ValueError`` for NaN and ±inf.
    """
    if value != value or value in (math.inf, -math.inf):
        raise ValueError(f"{value!r} is not a finite number")
    # the shortest repr's digits as integers: Fraction(str) parses the same text with a
    # regular expression, five times slower on the exact path's inputs
    mantissa, _, exponent = repr(float(value)).partition("e")
    whole, _, places = mantissa.partition(".")
    digits = int(whole + places)
    power = int(exponent or 0) - len(places)
    return Fraction(digits * 10**power) if power >= 0 else Fraction(digits, 10**-power)


def decimal_places(values: Array) -> int | None:
    """The smallest ``k <= 9`` such that every value is a decimal with ``k`` places.

    ``None`` when there is none, or when a value scaled by ``10**k`` reaches 10**15
    (then the float no longer identifies one decimal).
    """
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return 0
    with np.errstate(all="ignore"):
        for places in range(_MAX_PLACES + 1):
            scale = 10.0**places
            scaled = np.rint(values * scale)
            if not bool((np.abs(scaled) < _MAX_SCALED).all()):
                return None
            if bool((scaled / scale == values).all()):
                return places
    return None


def exact_grouped_sum(groups: Array, values: Array, n_groups: int) -> dict[int, Fraction]:
    """The exact decimal sum of ``values`` (as written) of each group that has values.

    Vectorised: the values are scaled to integers by ``10**k``
    (:func:`decimal_places`), split into two parts of at most 26 bits each, and each
    part summed per group with ``bincount``, exactly (a group of fewer than 2**27
    values stays below 2**53). Falls back to :func:`as_written`, value by value, when no
    ``k <= 9`` fits. NaN values must be removed beforehand.
    """
    totals: dict[int, Fraction] = {}
    groups = np.asarray(groups, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    places = decimal_places(values)
    if places is None or values.size >= 2**27:
        for group, value in zip(groups.tolist(), values.tolist(), strict=True):
            totals[group] = totals.get(group, Fraction(0)) + as_written(value)
        return totals
    scaled = np.rint(values * 10.0**places).astype(np.int64)
    high, low = np.divmod(scaled, _HALF)
    high_sums = np.bincount(groups, weights=high.astype(np.float64), minlength=n_groups)
    low_sums = np.bincount(groups, weights=low.astype(np.float64), minlength=n_groups)
    denominator = 10**places
    for group in np.flatnonzero(np.bincount(groups, minlength=n_groups)).tolist():
        whole = int(high_sums[group]) * _HALF + int(low_sums[group])
        totals[group] = Fraction(whole, denominator)
    return totals


def shown_apart(value: float, limit: float) -> tuple[str, str]:
    """``value`` and ``limit`` as short texts that differ wherever the numbers differ.

    Six significant digits (``:g``) unless that shows two different numbers alike; then
    each in full (the shortest text that reads back as the same float).

    >>> shown_apart(1000.000001, 1000.0)
    ('1000.000001', '1000.0')
    >>> shown_apart(8.0, 1.5)
    ('8', '1.5')
    """
    short = f"{value:g}", f"{limit:g}"
    if short[0] == short[1] and value != limit:
        return repr(float(value)), repr(float(limit))
    return short
