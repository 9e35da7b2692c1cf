"""Reading timestamps from cells into ``datetime64[ms]`` (as int64 milliseconds).

Two tiers, fastest first:

1. ISO 8601 (``2025-01-01T00:15``, ``2025-01-01 00:15:00``, ``2025-01-01``) and Japanese
   Excel style (``2025/1/1 0:15``, unpadded fields): the digits of each field are
   accumulated column by column over the byte matrix with numpy, the fields
   range-checked and combined into a date with numpy's calendar arithmetic.
2. Cell by cell with an exact parser, to name each cell that is not a timestamp.

numpy's own string-to-``datetime64`` cast is not used: on a column of more than a few
hundred cells holding one impossible date (``2025-02-30``) it crashes the process
(a segmentation fault in numpy 2.x) instead of raising.

Time zones are refused: monitoring data are in the project's local time, and a UTC
offset would need a conversion that the project file does not declare.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import numpy as np

from jcm_mrv.fileformats.dateformats import SAMPLE, Span, format_span, span_end, span_start
from jcm_mrv.monitoring.columns import (
    UNCACHED_FORMULA,
    BytesColumn,
    CellProblem,
    Column,
    ObjectColumn,
    excerpt,
    is_empty_cell,
)
from jcm_mrv.monitoring.numbers import UNCACHED_REASON

_FULL_WIDTH = str.maketrans("０１２３４５６７８９／－：．　", "0123456789/-:. ")
_EXACT = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?"
)
_ZONE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)
_EPOCH = datetime.datetime(1970, 1, 1)
_MS = datetime.timedelta(milliseconds=1)
_MAX_FIELD_WIDTH = 32  # longer cells are not timestamps: tier 2 names them


def moment_ms(moment: datetime.datetime) -> int:
    """``moment`` (local time, no zone) as milliseconds since 1970-01-01."""
    return (moment - _EPOCH) // _MS


def parse_timestamp_cell(value: object) -> int | None:
    """Read one cell as milliseconds since 1970-01-01 (local time); ``None`` if empty.

    Raises :class:`ValueError` with the reason when the cell is not a timestamp.
    """
    if value is None:
        return None
    if value is UNCACHED_FORMULA:
        raise ValueError(UNCACHED_REASON)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            raise ValueError("timestamp with a time zone; write local time")
        # Excel stores times as fractions of a day: round to the nearest second.
        seconds = round((value - _EPOCH).total_seconds())
        return seconds * 1000
    if isinstance(value, datetime.date):
        return (datetime.datetime(value.year, value.month, value.day) - _EPOCH) // _MS
    if isinstance(value, bool | int | float):
        raise ValueError(
            f"a number ({value}) where a timestamp is expected; format the cell as a date"
        )
    if not isinstance(value, str):
        raise ValueError(f"{type(value).__name__} where a timestamp is expected")
    text = value.translate(_FULL_WIDTH).strip()
    if not text:
        return None
    if _ZONE.search(text) and ":" in text:
        raise ValueError(f"{excerpt(text)} has a time zone; write local time without an offset")
    match = _EXACT.fullmatch(text) if len(text) <= _MAX_FIELD_WIDTH else None
    if match is None:
        raise ValueError(
            f"{excerpt(text)} is not a timestamp (expected e.g. 2025-01-01T00:15 or "
            "2025/01/01 0:15)"
        )
    year, month, day, hour, minute, second, fraction = match.groups()
    try:
        moment = datetime.datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")),
        )
    except ValueError as exc:
        raise ValueError(f"{excerpt(text)} is not a valid date or time ({exc})") from None
    return moment_ms(moment)


def parse_timestamps(column: Column) -> tuple[np.ndarray, np.ndarray, list[CellProblem]]:
    """Parse a column of timestamps.

    Returns ``(milliseconds, empty, problems)``: int64 milliseconds since the epoch
    (0 where empty or bad), a mask of empty cells, and the cells that are not timestamps.
    """
    n = len(column)
    if isinstance(column, BytesColumn):
        fixed = _parse_repeated(column.matrix)
        if fixed is not None:
            return fixed, np.zeros(n, dtype=bool), []
        empty = column.empty()
        if empty.all():
            return np.zeros(n, dtype=np.int64), empty, []
        if empty.any():  # blank cells are empty, not cells to look at one by one
            fast = _parse_by_fields(column.matrix[~empty])
            if fast is not None:
                millis = np.zeros(n, dtype=np.int64)
                millis[~empty] = fast
                return millis, empty, []
        else:
            fast = _parse_by_fields(column.matrix)
            if fast is not None:
                return fast, empty, []
    elif n and all(isinstance(c, str) and len(c) <= _MAX_FIELD_WIDTH for c in column.values):
        texts = [c for c in column.values if isinstance(c, str)]
        strings = np.array([c.encode("utf-8", "replace") for c in texts], dtype="S")
        fast = _parse_by_fields(strings.view(np.uint8).reshape(strings.size, -1))
        if fast is not None:
            return fast, np.zeros(n, dtype=bool), []
    return _parse_cell_by_cell(column)


_REPEATS_WORTH = 0.5  # parse distinct runs only when they are at most half of the cells


def _parse_repeated(matrix: np.ndarray) -> np.ndarray | None:
    """:func:`_parse_fixed_iso`, reading each run of equal consecutive cells once.

    A file of many points repeats each timestamp on consecutive rows (one per point):
    comparing neighbouring cells is much cheaper than reading the fields of each.
    """
    n, width = matrix.shape
    if n < 2 or width == 0:
        return _parse_fixed_iso(matrix)
    starts = np.flatnonzero(np.concatenate(([True], _differs_from_previous(matrix))))
    if starts.size > _REPEATS_WORTH * n:
        return _parse_fixed_iso(matrix)
    distinct = _parse_fixed_iso(matrix[starts])
    if distinct is None:
        return None
    repeated: np.ndarray = np.repeat(distinct, np.diff(np.append(starts, n)))
    return repeated


def _differs_from_previous(matrix: np.ndarray) -> np.ndarray:
    """For rows 1.., whether each differs from the row before (compared in words)."""
    width = matrix.shape[1]
    size = next(k for k in (8, 4, 2, 1) if width % k == 0)
    words = np.ascontiguousarray(matrix).view(f"u{size}")
    differs: np.ndarray = words[1:, 0] != words[:-1, 0]
    for k in range(1, words.shape[1]):
        differs |= words[1:, k] != words[:-1, k]
    return differs


def _parse_cell_by_cell(
    column: Column, parse: Callable[[object], int | None] = parse_timestamp_cell
) -> tuple[np.ndarray, np.ndarray, list[CellProblem]]:
    n = len(column)
    millis = np.zeros(n, dtype=np.int64)
    empty = np.zeros(n, dtype=bool)
    problems: list[CellProblem] = []
    cells = column.values if isinstance(column, ObjectColumn) else column.cells(range(n))
    for index, cell in enumerate(cells):
        if is_empty_cell(cell):
            empty[index] = True
            continue
        try:
            value = parse(cell)
        except ValueError as exc:
            problems.append(CellProblem(index, column.text(index), str(exc)))
            continue
        if value is None:
            empty[index] = True
        else:
            millis[index] = value
    return millis, empty, problems


def _parse_by_fields(matrix: np.ndarray) -> np.ndarray | None:
    """``Y/M/D[ H:MM[:SS]]`` (or ``-``, or ``T``) from a NUL-padded byte matrix, or None.

    Returns ``None`` when any cell does not have that shape or a field is out of range
    (tier 3 then names the cells).
    """
    n, width = matrix.shape
    if width < 8:
        return None
    by_position = np.ascontiguousarray(matrix.T)
    date_separator = by_position[4]
    if not ((date_separator == ord("/")) | (date_separator == ord("-"))).all():
        return None
    fields = np.zeros((6, n), dtype=np.int64)
    digits = np.zeros((6, n), dtype=np.int64)
    field = np.zeros(n, dtype=np.int64)
    ended = np.zeros(n, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    for j in range(width):
        byte = by_position[j]
        digit = (byte - np.uint8(48)).astype(np.int64)
        is_digit = digit < 10
        is_end = byte == 0
        is_separator = ~is_digit & ~is_end
        expected = np.where(
            field < 2,
            byte == date_separator,
            np.where(field == 2, (byte == ord(" ")) | (byte == ord("T")), byte == ord(":")),
        )
        bad |= (is_separator & (~expected | (field >= 5))) | (ended & ~is_end)
        ended |= is_end
        field += is_separator & ~bad
        where = np.flatnonzero(is_digit)
        flat = field[where] * n + where  # position in the flattened (6, n) arrays
        fields.flat[flat] = fields.flat[flat] * 10 + digit[where]
        digits.flat[flat] += 1
    used = field + 1  # 3: date only, 5: with H:MM, 6: with seconds
    bad |= (used != 3) & (used != 5) & (used != 6)
    bad |= digits[0] != 4
    bad |= (digits[1] < 1) | (digits[1] > 2) | (digits[2] < 1) | (digits[2] > 2)
    with_time = used >= 5
    bad |= with_time & ((digits[3] < 1) | (digits[3] > 2) | (digits[4] != 2))
    bad |= (used == 6) & (digits[5] != 2)
    if bad.any():
        return None
    return _combine(*fields)


_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)

# ISO layouts of fixed width: the positions of digits and of separators (as allowed bytes).
_ISO_LAYOUTS: dict[int, tuple[tuple[int, ...], dict[int, bytes]]] = {
    10: ((0, 1, 2, 3, 5, 6, 8, 9), {4: b"-", 7: b"-"}),
    16: ((0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15), {4: b"-", 7: b"-", 10: b"T ", 13: b":"}),
    19: (
        (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18),
        {4: b"-", 7: b"-", 10: b"T ", 13: b":", 16: b":"},
    ),
}


def _parse_fixed_iso(matrix: np.ndarray) -> np.ndarray | None:
    """``YYYY-MM-DD[THH:MM[:SS]]`` when every cell has the same one of these layouts.

    The common case of a large file, read from fixed byte positions with a few vector
    operations; ``None`` when any cell differs (:func:`_parse_by_fields` then reads it).
    """
    n, width = matrix.shape
    layout = _ISO_LAYOUTS.get(width)
    if layout is None or n == 0 or not (matrix[:, width - 1] != 0).all():
        return None
    digit_positions, separators = layout
    for position, allowed in separators.items():
        column = matrix[:, position]
        ok = column == allowed[0]
        for other in allowed[1:]:
            ok |= column == other
        if not ok.all():
            return None
    digits = matrix[:, digit_positions] - np.uint8(48)  # bytes below '0' wrap around
    if (digits > 9).any():
        return None
    wide = digits.astype(np.int64)
    two = wide[:, 4::2] * 10 + wide[:, 5::2]
    year = wide[:, 0] * 1000 + wide[:, 1] * 100 + wide[:, 2] * 10 + wide[:, 3]
    zero = np.zeros(n, dtype=np.int64)
    clock = [two[:, k] if k < two.shape[1] else zero for k in range(2, 5)]
    return _combine(year, two[:, 0], two[:, 1], *clock)


def _combine(
    year: np.ndarray,
    month: np.ndarray,
    day: np.ndarray,
    hour: np.ndarray,
    minute: np.ndarray,
    second: np.ndarray,
) -> np.ndarray | None:
    """Milliseconds since 1970 from fields, or ``None`` when any field is out of range."""
    bad = year < 1  # year 0 exists for numpy, not for Python's datetime (nor in the data)
    bad |= (month < 1) | (month > 12) | (day < 1)
    bad |= (hour > 23) | (minute > 59) | (second > 59)
    if bad.any():
        return None
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    if (day > _DAYS_IN_MONTH[month] + (leap & (month == 2))).any():  # 30 February and the like
        return None
    # Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    shifted = year - (month <= 2)
    era = shifted // 400
    year_of_era = shifted - era * 400
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    days = era * 146_097 + day_of_era - 719_468
    millis: np.ndarray = days * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000
    return millis


# --- declared date formats ------------------------------------------------------------
# A data source may declare how its timestamps are written (a strftime format such as
# ``%d/%m/%Y`` or ``%Y-%m``). A format without a time of day names an interval: a
# day (``%d/%m/%Y``), a month (``%Y-%m``) or a year (``%Y``); a reading so keyed is the
# amount of that whole interval, which must lie inside one monitoring period.


def parse_formatted_timestamps(
    column: Column, date_format: str
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, list[CellProblem]]:
    """Parse a column written in a declared ``date_format``.

    Returns ``(starts, ends, empty, problems)``: int64 milliseconds of each value (the
    start of the interval it names), the exclusive end of that interval (``None`` when
    the format has a time of day: each value is an instant), a mask of empty cells and
    the cells that do not match the format. A workbook date cell is accepted when it is
    the start of the interval the format names (``2025-01-01`` for ``%Y-%m``).
    """
    span = format_span(date_format)

    def parse(cell: object) -> int | None:
        moment = _formatted_cell(cell, date_format, span)
        return None if moment is None else moment_ms(moment)

    starts, empty, problems = _parse_cell_by_cell(column, parse)
    if span == "instant":
        return starts, None, empty, problems
    ok = ~empty
    ok[[p.index for p in problems]] = False
    ends = np.zeros(len(column), dtype=np.int64)
    for index in np.flatnonzero(ok).tolist():
        start = _EPOCH + int(starts[index]) * _MS
        ends[index] = (span_end(start, span) - _EPOCH) // _MS
    return starts, ends, empty, problems


def _formatted_cell(cell: object, date_format: str, span: Span) -> datetime.datetime | None:
    if cell is UNCACHED_FORMULA:
        raise ValueError(UNCACHED_REASON)
    if isinstance(cell, datetime.date):  # a workbook's date cell: no text to match
        millis = parse_timestamp_cell(cell)
        assert millis is not None
        moment = _EPOCH + millis * _MS
        if span != "instant" and moment != span_start(moment, span, date_format):
            raise ValueError(
                f"{moment.isoformat(sep=' ')} is not the first moment of a {span}, which "
                f"the declared format {date_format!r} names"
            )
        return moment
    if not isinstance(cell, str):
        raise ValueError(
            f"{excerpt(str(cell))} where a date written as {date_format!r} is expected"
        )
    text = cell.translate(_FULL_WIDTH).strip()
    if not text:
        return None
    if len(text) > _MAX_FIELD_WIDTH * 2:
        raise ValueError(f"{excerpt(text)} is not a date")
    try:
        return datetime.datetime.strptime(text, date_format)
    except ValueError:
        raise ValueError(
            f"{excerpt(text)} does not match the declared date format {date_format!r} "
            f"(which writes {SAMPLE.strftime(date_format)!r})"
        ) from None
