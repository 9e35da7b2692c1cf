"""The one exact-as-fsum sum of the package: ``sum(x, i)`` and per-period readings."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from jcm_mrv.numeric import (
    accurate_sum,
    as_written,
    decimal_places,
    exact_grouped_sum,
    grouped_sum,
)

finite = st.floats(
    allow_nan=False, allow_infinity=False, width=64, min_value=-1e300, max_value=1e300
)
# every finite double: subnormals, the smallest and the largest magnitudes included
any_finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
tiny = st.floats(min_value=-1e-300, max_value=1e-300, allow_nan=False, width=64)


def _fsum_or_overflow(row: list[float]) -> float | None:
    """fsum, or None where fsum raises on an intermediate overflow."""
    try:
        return math.fsum(row)
    except OverflowError:
        return None


def _assert_close_to_fsum(row: list[float], total: float) -> None:
    expected = _fsum_or_overflow(row)
    if expected is None:  # no finite exact double: the sum must not pretend to be one
        assert not math.isfinite(total) or abs(total) >= 2.0**1023, (row, total)
        return
    n = len(row)
    absolute = math.fsum(abs(v) for v in row) if all(abs(v) < 1e300 for v in row) else math.inf
    bound = math.ulp(expected) + n * n * 2.0**-104 * absolute
    if math.isfinite(absolute):
        assert abs(total - expected) <= bound, (row, total, expected)
    else:  # the absolute sum overflows: numpy's plain sum, finite or ±inf, never NaN
        assert not math.isnan(total), (row, total)


@settings(max_examples=300, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 40)), elements=finite))
def test_accurate_sum_matches_fsum_to_within_one_ulp(values: np.ndarray) -> None:
    result = accurate_sum(values, axis=1)
    assert result.shape == (values.shape[0], 1)
    for row, total in zip(values, result[:, 0], strict=True):
        _assert_close_to_fsum(row.tolist(), float(total))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(tiny, min_size=1, max_size=30), min_size=1, max_size=4))
def test_tiny_values_sum_like_fsum(rows: list[list[float]]) -> None:
    # subnormals and values near them: the grid must not go below 2**-1074 (no NaN)
    for row in rows:
        total = float(accurate_sum(np.array([row]), axis=1)[0, 0])
        assert total == math.fsum(row), row
        grouped = grouped_sum(np.zeros(len(row), dtype=np.int64), np.array(row), 1)
        assert float(grouped[0]) == math.fsum(row), row


@settings(max_examples=300, deadline=None)
@given(st.lists(any_finite, min_size=1, max_size=20))
def test_huge_values_and_overflow(row: list[float]) -> None:
    total = float(accurate_sum(np.array([row]), axis=1)[0, 0])
    _assert_close_to_fsum(row, total)
    grouped = float(grouped_sum(np.zeros(len(row), dtype=np.int64), np.array(row), 1)[0])
    _assert_close_to_fsum(row, grouped)


def test_overflowing_absolute_sum_is_not_nan() -> None:
    # |1e308| + |1e308| overflows, yet the sum is exactly 0 and then 1e308
    assert accurate_sum(np.array([[1e308, -1e308]]), axis=1)[0, 0] == 0.0
    assert grouped_sum(np.array([0, 0, 0]), np.array([1e308, 1e308, -1e308]), 1)[0] == np.inf
    assert grouped_sum(np.array([0, 1]), np.array([5e-324, 5e-324]), 2).tolist() == [
        5e-324,
        5e-324,
    ]


def test_cancellation_that_a_plain_sum_gets_wrong() -> None:
    # 1e16 + 1 - 1e16: a plain left-to-right float sum loses the 1; fsum keeps it.
    values = np.array([[1e16, 1.0, -1e16]])
    assert accurate_sum(values, axis=1)[0, 0] == 1.0


def test_ten_tenths_make_one() -> None:
    assert accurate_sum(np.full((1, 10), 0.1), axis=1)[0, 0] == 1.0


def test_infinities_and_nan_propagate_as_in_float_arithmetic() -> None:
    values = np.array([[np.inf, 1.0], [np.inf, -np.inf], [np.nan, 1.0]])
    result = accurate_sum(values, axis=1)[:, 0]
    assert result[0] == np.inf
    assert np.isnan(result[1]) and np.isnan(result[2])


def test_sum_over_a_middle_axis_keeps_the_others_apart() -> None:
    values = np.arange(24, dtype=np.float64).reshape(2, 3, 4)
    np.testing.assert_array_equal(accurate_sum(values, 1), values.sum(axis=1, keepdims=True))


def test_grouped_sum_beats_naive_summation() -> None:
    # Naively 1e16 + 1 - 1e16 is 0; the exact sum of group 0 is 1, of group 1 is 0.3.
    groups = np.array([0, 0, 0, 1, 1, 1])
    values = np.array([1e16, 1.0, -1e16, 0.1, 0.1, 0.1])
    assert grouped_sum(groups, values, 2).tolist() == [1.0, math.fsum([0.1, 0.1, 0.1])]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),
            st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False, allow_subnormal=False),
        ),
        max_size=200,
    )
)
def test_grouped_sum_is_within_one_ulp_of_fsum(pairs: list[tuple[int, float]]) -> None:
    # fsum rounds the exact sum once (half an ulp); grouped_sum may differ from it by one
    # ulp when the exact sum sits on a rounding tie that a tiny remainder breaks.
    groups = np.array([g for g, _ in pairs], dtype=np.int64)
    values = np.array([v for _, v in pairs], dtype=np.float64)
    expected = np.array([math.fsum(v for g, v in pairs if g == k) for k in range(4)])
    got = grouped_sum(groups, values, 4)
    assert (np.abs(got - expected) <= np.spacing(np.abs(expected))).all()


@given(
    st.lists(st.tuples(st.integers(0, 2), st.decimals(0, 10**6, places=3).map(float)), max_size=300)
)
def test_grouped_sum_of_metered_decimals_equals_fsum(pairs: list[tuple[int, float]]) -> None:
    groups = np.array([g for g, _ in pairs], dtype=np.int64)
    values = np.array([v for _, v in pairs], dtype=np.float64)
    expected = [math.fsum(v for g, v in pairs if g == k) for k in range(3)]
    assert grouped_sum(groups, values, 3).tolist() == expected


# --- exact decimal sums -------------------------------------------------------------

written = st.one_of(
    st.decimals(-(10**6), 10**6, places=3, allow_nan=False, allow_infinity=False),
    st.decimals(-1, 1, places=12, allow_nan=False, allow_infinity=False),  # > 9 places
    st.integers(-(10**17), 10**17).map(Decimal),  # beyond 15 digits as scaled integers
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), written), max_size=60))
def test_exact_grouped_sum_is_the_sum_of_the_decimals_as_written(
    pairs: list[tuple[int, Decimal]],
) -> None:
    # floats parsed from decimals of at most 15 significant digits identify them
    pairs = [(g, d) for g, d in pairs if len(d.normalize().as_tuple().digits) <= 15]
    groups = np.array([g for g, _ in pairs], dtype=np.int64)
    values = np.array([float(d) for _, d in pairs], dtype=np.float64)
    got = exact_grouped_sum(groups, values, 3)
    for group in range(3):
        expected = sum((Fraction(d) for g, d in pairs if g == group), Fraction(0))
        assert got.get(group, Fraction(0)) == expected


def test_exact_sums_of_readings_that_floats_get_wrong() -> None:
    values = np.array([742999.999, 743000.0, 0.1, 0.2])
    got = exact_grouped_sum(np.array([0, 0, 1, 1]), values, 2)
    assert got == {0: Fraction("1485999.999"), 1: Fraction("0.3")}
    assert decimal_places(values) == 3
    assert decimal_places(np.array([1e-12])) is None  # more than 9 places: value by value
    assert as_written(0.1) == Fraction(1, 10)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_as_written_is_the_decimal_of_the_shortest_repr(value: float) -> None:
    # Decimal(repr) parses the text independently of the digit arithmetic as_written does
    assert as_written(value) == Fraction(Decimal(repr(value)))


def test_as_written_of_the_shapes_repr_takes() -> None:
    assert as_written(742.5) == Fraction(1485, 2)
    assert as_written(1e-05) == Fraction(1, 100_000)  # repr '1e-05'
    assert as_written(1.5e16) == 15 * 10**15  # repr '1.5e+16'
    assert as_written(-0.0) == 0
    assert as_written(-3.25) == Fraction(-13, 4)
    assert as_written(5e-324) == Fraction(5, 10**324)  # the least subnormal, as printed
