"""Codes of identifier columns: the distinct codes a block holds."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from jcm_mrv.monitoring.categories import EMPTY, UNCACHED, codes_present


@given(st.lists(st.integers(min_value=UNCACHED, max_value=40), max_size=200))
def test_the_codes_present_are_those_np_unique_gives(values: list[int]) -> None:
    codes = np.array(values, dtype=np.int32)
    assert codes_present(codes) == np.unique(codes).tolist()


def test_empty_and_uncached_cells_come_first() -> None:
    codes = np.array([3, EMPTY, 0, 3, UNCACHED, 0], dtype=np.int32)
    assert codes_present(codes) == [UNCACHED, EMPTY, 0, 3]
    assert codes_present(np.array([], dtype=np.int32)) == []
