"""The exact sum along an index axis: what sum(x, i) computes."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from jcm_mrv.formula.compiler import accurate_sum

finite = st.floats(
    allow_nan=False, allow_infinity=False, width=64, min_value=-1e300, max_value=1e300
)


@settings(max_examples=300, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 40)), elements=finite))
def test_matches_fsum_to_within_one_ulp(values: np.ndarray) -> None:
    result = accurate_sum(values, axis=1)
    assert result.shape == (values.shape[0], 1)
    n = values.shape[1]
    for row, total in zip(values, result[:, 0], strict=True):
        expected = math.fsum(row.tolist())
        # the documented bound: one ulp, plus n² 2**-105 of the sum of absolute values
        bound = np.spacing(abs(expected)) + n * n * 2.0**-105 * math.fsum(np.abs(row).tolist())
        assert abs(total - expected) <= bound, (row, total, expected)


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
