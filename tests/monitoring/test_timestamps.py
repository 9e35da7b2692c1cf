"""Timestamps from cells: ISO, Japanese Excel style, xlsx dates; everything else named."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from jcm_mrv.monitoring.columns import BytesColumn, ObjectColumn
from jcm_mrv.monitoring.timestamps import parse_timestamp_cell, parse_timestamps

QUARTER_PAST = int(np.datetime64("2025-01-01T00:15", "ms").astype(np.int64))


def _bytes_column(cells: list[str]) -> BytesColumn:
    raw = [c.encode() for c in cells]
    width = max(1, *(len(c) for c in raw))
    matrix = np.array([c.ljust(width, b"\0") for c in raw], dtype=f"S{width}")
    return BytesColumn(matrix.view(np.uint8).reshape(len(raw), width), "utf-8")


@pytest.mark.parametrize(
    "cell",
    [
        "2025-01-01T00:15",
        "2025-01-01 00:15:00",
        "2025-01-01T00:15:00.000",
        "2025/01/01 0:15",
        "2025/1/1 0:15:00",
        "２０２５／０１／０１　０：１５",
        datetime.datetime(2025, 1, 1, 0, 15),
        datetime.datetime(2025, 1, 1, 0, 14, 59, 999_999),  # Excel float noise
    ],
)
def test_cells_that_are_timestamps(cell: object) -> None:
    assert parse_timestamp_cell(cell) == QUARTER_PAST


def test_a_date_is_midnight() -> None:
    midnight = int(np.datetime64("2025-03-01T00:00", "ms").astype(np.int64))
    assert parse_timestamp_cell("2025-03-01") == midnight
    assert parse_timestamp_cell(datetime.date(2025, 3, 1)) == midnight


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("2025", "not a timestamp"),
        ("01/02/2025 00:00", "not a timestamp"),
        ("2025-13-01", "not a valid date"),
        ("2025-01-01T24:00", "not a valid date"),
        ("2025-01-01T00:15Z", "time zone"),
        ("2025-01-01T00:15-05:00", "time zone"),
        (45658.0, "format the cell as a date"),
    ],
)
def test_cells_that_are_not_timestamps(cell: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_timestamp_cell(cell)


@pytest.mark.parametrize(
    "cells",
    [
        ["2025-01-01T00:15", "2025-01-01T00:30"],
        ["2025-01-01 00:15:00", "2025-01-01 00:30:00"],
        ["2025/01/01 0:15", "2025/01/01 0:30"],
        ["2025/1/1 0:15", "2025/1/1 0:30"],
    ],
)
def test_whole_columns_in_every_form(cells: list[str]) -> None:
    for column in (_bytes_column(cells), ObjectColumn(list(cells))):
        millis, empty, problems = parse_timestamps(column)
        assert problems == [] and not empty.any()
        assert millis.tolist() == [QUARTER_PAST, QUARTER_PAST + 15 * 60_000]


def test_a_column_with_one_bad_cell_names_it_and_reads_the_rest() -> None:
    millis, empty, problems = parse_timestamps(_bytes_column(["2025-01-01T00:15", "", "soon"]))
    assert millis[0] == QUARTER_PAST
    assert empty.tolist() == [False, True, False]
    assert [(p.index, p.text) for p in problems] == [(2, "soon")]


@pytest.mark.parametrize(
    "impossible",
    ["2025-02-30T00:15", "2025-02-29T00:15", "2025-13-01T00:15", "2025-01-01T25:00", "0000-01-01"],
)
def test_one_impossible_date_in_a_long_column_is_named(impossible: str) -> None:
    # numpy's string-to-datetime cast crashed the process on such a column (exit 139).
    cells = ["2025-01-01T00:15"] * 1000
    cells[700] = impossible
    for column in (_bytes_column(cells), ObjectColumn(list(cells))):
        millis, _, problems = parse_timestamps(column)
        assert [(p.index, p.text) for p in problems] == [(700, impossible)]
        assert millis[699] == QUARTER_PAST


@pytest.mark.parametrize(("unit", "width"), [("D", 10), ("m", 16), ("s", 19)])
def test_fixed_width_iso_columns_read_as_numpy_reads_them(unit: str, width: int) -> None:
    # Dates over five centuries, leap days included, in each fixed-width ISO layout.
    seconds = np.random.default_rng(7).integers(0, 500 * 365 * 86_400, 5000)
    moments = np.datetime64("1601-01-01T00:00:00", "s") + seconds
    cells = np.datetime_as_string(moments, unit=unit).astype(f"S{width}")
    millis, empty, problems = parse_timestamps(
        BytesColumn(cells.view(np.uint8).reshape(len(cells), width), "utf-8")
    )
    assert problems == [] and not empty.any()
    expected = moments.astype(f"datetime64[{unit}]").astype("datetime64[ms]").view(np.int64)
    assert (millis == expected).all()


@pytest.mark.parametrize(("unit", "width"), [("D", 10), ("m", 16), ("s", 19)])
def test_a_timestamp_repeated_for_each_point_is_read_once_for_all(unit: str, width: int) -> None:
    # one row per point and timestamp: runs of equal cells, each read once then repeated
    seconds = np.sort(np.random.default_rng(8).integers(0, 5 * 365 * 86_400, 2000))
    moments = np.repeat(np.datetime64("2021-01-01T00:00:00", "s") + seconds, 4)
    cells = np.datetime_as_string(moments, unit=unit).astype(f"S{width}")
    millis, _, problems = parse_timestamps(
        BytesColumn(cells.view(np.uint8).reshape(len(cells), width), "utf-8")
    )
    expected = moments.astype(f"datetime64[{unit}]").astype("datetime64[ms]").view(np.int64)
    assert problems == [] and (millis == expected).all()
