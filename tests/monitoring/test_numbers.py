"""Numbers from cells: the vectorised decimal parser agrees with float(); text is refused."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jcm_mrv.monitoring.columns import UNCACHED_FORMULA, BytesColumn, ObjectColumn
from jcm_mrv.monitoring.numbers import parse_decimal_matrix, parse_number_cell, parse_numbers


def _matrix(cells: list[bytes]) -> np.ndarray:
    width = max(1, *(len(c) for c in cells))
    return (
        np.array([c.ljust(width, b"\0") for c in cells], dtype=f"S{width}")
        .view(np.uint8)
        .reshape(len(cells), width)
    )


decimals = st.from_regex(r"\A[+-]?[0-9]{1,15}(\.[0-9]{0,8})?\Z", fullmatch=True).filter(
    lambda s: sum(c.isdigit() for c in s) <= 15
)


@given(st.lists(decimals, min_size=1, max_size=30))
def test_vectorised_decimals_equal_float_exactly(cells: list[str]) -> None:
    values, ok = parse_decimal_matrix(_matrix([c.encode() for c in cells]))
    assert ok.all()
    assert values.tolist() == [float(c) for c in cells]
    assert (
        np.signbit(values) == [float(c) < 0 or (c.startswith("-") and float(c) == 0) for c in cells]
    ).all()


@pytest.mark.parametrize(
    "cell",
    [b"", b"-", b".", b"1.2.3", b"1e3", b" 1", b"1,000", b"12345678901234567", b"1-2", b"abc"],
)
def test_vectorised_parser_leaves_anything_else_to_the_exact_parser(cell: bytes) -> None:
    _, ok = parse_decimal_matrix(_matrix([b"1.5", cell]))
    assert ok.tolist() == [True, False]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567.0),
        ("  42  ", 42.0),
        ("１２３．５", 123.5),
        ("−3", -3.0),
        ("1e3", 1000.0),
        ("", None),
        ("\u3000", None),
        (None, None),
        (7, 7.0),
        (2.5, 2.5),
    ],
)
def test_cells_that_are_numbers(cell: object, expected: float | None) -> None:
    assert parse_number_cell(cell) == expected


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("n/a", "text 'n/a'"),
        ("nan", "text 'nan'"),
        ("inf", "text 'inf'"),
        ("1,23", "'1,23' has a decimal comma"),
        ("12,34,567", "text"),
        ("1_000", "text"),
        (True, "not a number"),
        (float("nan"), "not a finite number"),
        (UNCACHED_FORMULA, "formula without a stored value"),
    ],
)
def test_cells_that_are_not_numbers(cell: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_number_cell(cell)


def test_column_parsing_reports_each_bad_cell_and_marks_empty_cells() -> None:
    for column in (
        BytesColumn(_matrix([b"1", b"", b"x", b"2,000.5"]), "ascii"),
        ObjectColumn(["1", "", "x", "2,000.5"]),
    ):
        values, empty, problems = parse_numbers(column)
        assert values[0] == 1.0 and np.isnan(values[1]) and np.isnan(values[2])
        assert values[3] == 2000.5  # a thousands comma, since the point is the decimal mark
        assert empty.tolist() == [False, True, False, False]
        assert [(p.index, p.text) for p in problems] == [(2, "x")]


def test_numpy_leniency_does_not_leak_through_object_columns() -> None:
    # numpy's float() accepts these; a monitoring cell must not.
    _, _, problems = parse_numbers(ObjectColumn(["1", "nan", "1_000", "inf"]))
    assert [p.index for p in problems] == [1, 2, 3]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(b"\x00\t\r 0.7-x\xe3"), min_size=1, max_size=6),
        min_size=1,
        max_size=40,
    )
)
def test_a_bytes_cell_is_empty_exactly_when_every_byte_is_blank(cells: list[list[int]]) -> None:
    width = max(len(cell) for cell in cells)
    matrix = np.array([cell + [0] * (width - len(cell)) for cell in cells], dtype=np.uint8)
    expected = [all(byte in b"\x00\t\r " for byte in cell) for cell in cells]
    assert BytesColumn(matrix, "utf-8").empty().tolist() == expected
