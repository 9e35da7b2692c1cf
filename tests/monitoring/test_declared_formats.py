"""Declared number and date formats: read exactly as declared, ambiguity refused (issue 11)."""

from __future__ import annotations

import datetime
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jcm_mrv.fileformats.dateformats import date_format_problem, format_span
from jcm_mrv.monitoring.columns import BytesColumn, ObjectColumn
from jcm_mrv.monitoring.numbers import NumberFormat, parse_number_cell, parse_numbers
from jcm_mrv.monitoring.timestamps import parse_formatted_timestamps
from jcm_mrv.numeric import as_written

COMMA = NumberFormat(decimal="comma")


def _bytes_column(cells: list[str]) -> BytesColumn:
    encoded = [c.encode() for c in cells]
    width = max(1, *(len(c) for c in encoded))
    matrix = (
        np.array([c.ljust(width, b"\0") for c in encoded], dtype=f"S{width}")
        .view(np.uint8)
        .reshape(len(cells), width)
    )
    return BytesColumn(matrix, "utf-8")


@pytest.mark.parametrize(
    ("cell", "as_decimal", "as_thousands"),
    [("66,201", "66.201", "66201"), ("0,250", "0.250", "250"), ("12,500", "12.500", "12500")],
)
def test_a_cell_with_two_readings_is_refused_naming_both(
    cell: str, as_decimal: str, as_thousands: str
) -> None:
    with pytest.raises(ValueError, match="ambiguous") as caught:
        parse_number_cell(cell)
    assert f"{as_decimal} with a decimal comma" in str(caught.value)
    assert f"{as_thousands} with a thousands comma" in str(caught.value)


def test_undeclared_decimal_comma_is_refused_and_unambiguous_thousands_kept() -> None:
    with pytest.raises(ValueError, match="decimal: comma"):
        parse_number_cell("1,5")
    assert parse_number_cell("1,234.5") == 1234.5
    assert parse_number_cell("1,234,567") == 1234567.0


@pytest.mark.parametrize(
    ("cell", "declared", "expected"),
    [
        ("66,201", COMMA, "66.201"),
        ("-0,25", COMMA, "-0.25"),
        ("1.234,5", NumberFormat("comma", "point"), "1234.5"),
        ("1 234,5", NumberFormat("comma", "space"), "1234.5"),
        ("1\u00a0234,5", NumberFormat("comma", "space"), "1234.5"),
        ("1'234.5", NumberFormat("point", "apostrophe"), "1234.5"),
        ("1,234.5", NumberFormat("point", "comma"), "1234.5"),
        ("66,201", NumberFormat(thousands="comma"), "66201"),
    ],
)
def test_declared_formats_read_the_digits_as_written(
    cell: str, declared: NumberFormat, expected: str
) -> None:
    number = parse_number_cell(cell, declared)
    assert number is not None and as_written(number) == Fraction(expected)


@pytest.mark.parametrize(
    ("cell", "declared"),
    [
        ("1,234", NumberFormat("point", "none")),  # a comma nobody declared
        ("12,34", NumberFormat("point", "comma")),  # not groups of three
        ("1.5", COMMA),  # a point in a decimal-comma file
        ("1.234,5", COMMA),  # a thousands point not declared
        ("1,2,3", COMMA),
    ],
)
def test_cells_outside_the_declared_format_are_refused(cell: str, declared: NumberFormat) -> None:
    with pytest.raises(ValueError, match="as this file declares them"):
        parse_number_cell(cell, declared)


def test_the_fast_path_reads_decimal_commas_and_hands_points_to_the_strict_parser() -> None:
    values, empty, problems = parse_numbers(_bytes_column(["66,201", "", "1.5", "7"]), COMMA)
    assert values[0] == 66.201 and values[3] == 7.0
    assert empty.tolist() == [False, True, False, False]
    assert [p.index for p in problems] == [2]


def test_workbook_text_is_read_in_the_declared_format_and_numbers_stay_numbers() -> None:
    values, _, problems = parse_numbers(ObjectColumn(["1.5", 1.5, "2,5"]), COMMA)
    assert [p.index for p in problems] == [0]  # '1.5' as text in a decimal-comma sheet
    assert values[1] == 1.5 and values[2] == 2.5


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False))
def test_a_decimal_comma_keeps_every_digit_for_the_exact_sums(value: object) -> None:
    text = f"{value:f}"
    number = parse_number_cell(text.replace(".", ","), COMMA)
    assert number is not None and as_written(number) == Fraction(text)


def test_date_formats_name_their_interval() -> None:
    assert format_span("%Y-%m") == "month"
    assert format_span("%d/%m/%Y") == "day"
    assert format_span("%Y") == "year"
    assert format_span("%d/%m/%Y %H:%M") == "instant"
    assert date_format_problem("%d/%m/%Y") is None
    assert date_format_problem("%d/%m") == "no year (%Y)"
    assert "time zone" in (date_format_problem("%Y-%m-%dT%H:%M%z") or "")


def _ms(*fields: int) -> int:
    return int((datetime.datetime(*fields) - datetime.datetime(1970, 1, 1)).total_seconds() * 1000)


def test_month_and_day_values_are_read_as_the_interval_they_name() -> None:
    starts, ends, empty, problems = parse_formatted_timestamps(
        ObjectColumn(["2025-12", "2025-02", "", "2025-13", datetime.datetime(2025, 3, 1)]),
        "%Y-%m",
    )
    assert ends is not None
    assert (starts[0], ends[0]) == (_ms(2025, 12, 1), _ms(2026, 1, 1))
    assert (starts[1], ends[1]) == (_ms(2025, 2, 1), _ms(2025, 3, 1))
    assert (starts[4], ends[4]) == (_ms(2025, 3, 1), _ms(2025, 4, 1))
    assert empty.tolist() == [False, False, True, False, False]
    assert [p.index for p in problems] == [3]
    starts, ends, _, problems = parse_formatted_timestamps(ObjectColumn(["15/01/2025"]), "%d/%m/%Y")
    assert not problems and ends is not None
    assert (starts[0], ends[0]) == (_ms(2025, 1, 15), _ms(2025, 1, 16))


def test_a_workbook_date_inside_a_month_is_not_a_month() -> None:
    _, _, _, problems = parse_formatted_timestamps(
        ObjectColumn([datetime.datetime(2025, 3, 15)]), "%Y-%m"
    )
    assert len(problems) == 1 and "first moment of a month" in problems[0].reason
