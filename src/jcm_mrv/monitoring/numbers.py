"""Reading numbers from cells: vectorised for plain decimals, exact and strict for the rest.

Plain decimals (``-12.345``: a sign, at most 15 digits, one point) are parsed for a
whole column at once from the raw bytes: the digits form an exact integer mantissa and
one division by an exact power of ten gives the correctly rounded double, the same
value ``float()`` gives (the "fast path" of every strtod). Every other cell goes through
:func:`parse_number_cell`, which accepts thousands separators (``1,234.5``), full-width
digits, exponents and surrounding blanks, and refuses everything else with a reason:
text is never read as zero, and NaN or infinity is never a reading.

**Declared formats.** A data source may declare its decimal mark and thousands separator
(:class:`NumberFormat`); every text cell is then read strictly in that format. Without a
declaration the point is the decimal mark, and a comma is accepted only where it cannot
be a decimal comma (``1,234.5``, ``1,234,567``): a cell such as ``66,201`` or ``0,250``
has two readings (66.201 or 66201) and is refused with both named, never guessed.
A number is parsed from its normalised decimal text, so its digits as written reach the
exact sums (:func:`jcm_mrv.numeric.as_written`).
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from jcm_mrv.monitoring.columns import (
    UNCACHED_FORMULA,
    BytesColumn,
    CellProblem,
    Column,
    ObjectColumn,
    excerpt,
    is_empty_cell,
)

_MAX_DIGITS = 15  # a 15-digit integer mantissa is exact in a double
_POWERS_OF_TEN = np.array([10.0**k for k in range(_MAX_DIGITS + 1)])
_DIGIT, _POINT, _MINUS, _PLUS = 48, 46, 45, 43

_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋ｅＥ−",
    "0123456789.,-+eE-",
)
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")

UNCACHED_REASON = "formula without a stored value"

DecimalMark = Literal["point", "comma"]
ThousandsSeparator = Literal["none", "comma", "point", "space", "apostrophe"]
_MARKS = {"point": ".", "comma": ","}
_SEPARATORS = {
    "none": "",
    "comma": ",",
    "point": ".",
    "space": " \u00a0\u202f",  # a space, a no-break space, a narrow no-break space
    "apostrophe": "'\u2019",
}


@dataclass(frozen=True)
class NumberFormat:
    """How a data source writes numbers in text cells; ``None`` fields are undeclared.

    Declaring either field declares the format: the other defaults to ``point`` (decimal)
    or ``none`` (thousands). The two must differ (checked where the project is loaded).
    """

    decimal: DecimalMark | None = None
    thousands: ThousandsSeparator | None = None

    @property
    def declared(self) -> bool:
        """Whether the source declares its number format."""
        return self.decimal is not None or self.thousands is not None

    @property
    def mark(self) -> str:
        """The decimal mark as a character."""
        return _MARKS[self.decimal or "point"]

    @property
    def separators(self) -> str:
        """The characters accepted as thousands separators (none: empty)."""
        return _SEPARATORS[self.thousands or "none"]

    def describe(self) -> str:
        """``decimal: comma, thousands: point``, as the project file declares it."""
        return f"decimal: {self.decimal or 'point'}, thousands: {self.thousands or 'none'}"


UNDECLARED = NumberFormat()


@functools.lru_cache(maxsize=32)
def _declared_pattern(number_format: NumberFormat) -> re.Pattern[str]:
    mark = re.escape(number_format.mark)
    separators = number_format.separators
    integer = r"\d+"
    if separators:
        group = f"[{re.escape(separators)}]"
        integer = rf"(?:\d{{1,3}}(?:{group}\d{{3}})+|\d+)"
    return re.compile(rf"[+-]?(?:{integer}(?:{mark}\d*)?|{mark}\d+)(?:[eE][+-]?\d+)?")


def _read_declared(text: str, number_format: NumberFormat, shown: str) -> str:
    """The cell as a plain decimal (``1234.5``), read in its declared format."""
    if not _declared_pattern(number_format).fullmatch(text):
        raise ValueError(
            f"{shown} is not a number as this file declares them ({number_format.describe()})"
        )
    for separator in number_format.separators:
        text = text.replace(separator, "")
    return text.replace(number_format.mark, ".")


def _read_undeclared(text: str, shown: str) -> str:
    """The cell as a plain decimal when nothing is declared; an ambiguous cell is refused."""
    text = text.replace(" ", "")
    if "," not in text:
        return text
    if _THOUSANDS.fullmatch(text) and ("." in text or text.count(",") > 1):
        return text.replace(",", "")
    if text.count(",") == 1 and "." not in text:
        as_decimal = text.replace(",", ".")
        if _DECIMAL.fullmatch(as_decimal):
            if _THOUSANDS.fullmatch(text):
                raise ValueError(
                    f"{shown} is ambiguous: {_plain(as_decimal)} with a decimal comma, or "
                    f"{int(text.replace(',', ''))} with a thousands comma; declare the "
                    "data file's 'decimal' (point or comma) and 'thousands' separator"
                )
            raise ValueError(
                f"{shown} has a decimal comma ({_plain(as_decimal)}), which this file does "
                "not declare; add 'decimal: comma' to the data file in the project"
            )
    return text


def _plain(text: str) -> str:
    """A decimal as a reader would write it (no plus sign)."""
    return text.lstrip("+")


_LONGEST_NUMBER = 100  # a longer cell is text, whatever its digits (float() would be slow)


def parse_number_cell(value: object, number_format: NumberFormat = UNDECLARED) -> float | None:
    """Read one cell as a finite number; ``None`` for an empty cell.

    Text cells are read in ``number_format`` (see the module docstring); numeric cells
    (from a workbook) are numbers whatever the format. Raises :class:`ValueError` whose
    message says why the cell is not a number.
    """
    if value is None:
        return None
    if value is UNCACHED_FORMULA:
        raise ValueError(UNCACHED_REASON)
    if isinstance(value, bool):
        raise ValueError(f"{value} is not a number")
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an integer beyond the largest float
            raise ValueError(f"{excerpt(str(value))} is too large a number") from None
    elif isinstance(value, datetime.date | datetime.time):
        raise ValueError(f"a date or time ({value}) where a number is expected")
    elif isinstance(value, str):
        text = value.strip().translate(_FULL_WIDTH)
        if not text:
            return None
        if len(text) > _LONGEST_NUMBER:
            raise ValueError(f"text {excerpt(value.strip())} where a number is expected")
        shown = excerpt(value.strip())
        if number_format.declared:
            text = _read_declared(text, number_format, shown)
        else:
            text = _read_undeclared(text, shown)
        if len(text) > _LONGEST_NUMBER or not _DECIMAL.fullmatch(text):
            raise ValueError(f"text {excerpt(value.strip())} where a number is expected")
        number = float(text)
    else:
        raise ValueError(
            f"{type(value).__name__} {excerpt(repr(value))} where a number is expected"
        )
    if not math.isfinite(number):
        raise ValueError(f"{excerpt(str(value))} is not a finite number")
    return number


def parse_numbers(
    column: Column, number_format: NumberFormat = UNDECLARED
) -> tuple[np.ndarray, np.ndarray, list[CellProblem]]:
    """Parse a column of numbers, text cells in ``number_format``.

    Returns ``(values, empty, problems)``: float64 values (NaN for empty and bad cells),
    a mask of empty cells, and the cells that are not numbers.
    """
    if isinstance(column, BytesColumn):
        values, ok = parse_decimal_matrix(_with_decimal_point(column.matrix, number_format))
        empty = column.empty()
        retry = np.flatnonzero(~ok & ~empty)
    else:
        values, ok, empty = _parse_plain_objects(column)
        if number_format.declared and any(isinstance(c, str) for c in column.values):
            ok &= np.fromiter((not isinstance(c, str) for c in column.values), bool, len(column))
        retry = np.flatnonzero(~ok)
    problems: list[CellProblem] = []
    for index, cell in zip(retry.tolist(), column.cells(retry), strict=True):
        try:
            number = parse_number_cell(cell, number_format)
        except ValueError as exc:
            problems.append(CellProblem(index, column.text(index), str(exc)))
            values[index] = np.nan
            continue
        if number is None:
            empty[index] = True
            values[index] = np.nan
        else:
            values[index] = number
    return values, empty, problems


def _with_decimal_point(matrix: np.ndarray, number_format: NumberFormat) -> np.ndarray:
    """The byte matrix as the fast path reads it: a declared decimal comma becomes a point.

    A point in a decimal-comma file (a thousands point, or a mistake) becomes a byte
    the fast path refuses, so that the cell is read by :func:`parse_number_cell`.
    """
    if number_format.mark == ".":
        return matrix
    converted = matrix.copy()
    converted[matrix == _POINT] = ord("?")
    converted[matrix == ord(",")] = _POINT
    return converted


def _parse_plain_objects(column: ObjectColumn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Try numpy's own conversion on the whole list; mark what needs a closer look."""
    n = len(column)
    cells = column.values
    empty = np.fromiter((is_empty_cell(c) for c in cells), dtype=bool, count=n)
    try:
        if empty.any() or any(isinstance(c, bool) for c in cells):
            raise ValueError("needs a closer look")
        values = np.array(cells, dtype=np.float64)
        if values.shape != (n,):
            raise ValueError("not a flat column")
    except (ValueError, TypeError, OverflowError):
        return np.full(n, np.nan), np.zeros(n, dtype=bool), empty
    # numpy accepts 'nan', 'inf' and '1_000' as Python's float() does: look closer.
    ok = np.isfinite(values)
    if any(isinstance(c, str) and "_" in c for c in cells):
        ok &= np.fromiter((not (isinstance(c, str) and "_" in c) for c in cells), bool, n)
    return values, ok, empty


def parse_decimal_matrix(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Parse plain decimals from an ``(n, width)`` NUL-padded byte matrix at numpy speed.

    Returns ``(values, ok)``; ``ok`` is False for cells that are not of the form
    ``[+-]digits[.digits]`` with 1 to 15 digits (empty cells included): those need
    :func:`parse_number_cell`. Where ``ok`` the value equals ``float(cell)`` exactly.
    """
    n, width = matrix.shape
    by_position = np.ascontiguousarray(matrix.T)  # contiguous rows: faster vector ops
    mantissa = np.zeros(n, dtype=np.int64)
    fraction_digits = np.zeros(n, dtype=np.int64)
    digits = np.zeros(n, dtype=np.int64)
    seen_point = np.zeros(n, dtype=bool)
    ended = np.zeros(n, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    negative = np.zeros(n, dtype=bool)
    for j in range(width):
        byte = by_position[j]
        digit = byte - np.uint8(_DIGIT)  # wraps around for bytes below '0'
        is_digit = digit < 10
        is_point = byte == _POINT
        is_end = byte == 0
        allowed = is_digit | is_point | is_end
        if j == 0:
            negative = byte == _MINUS
            allowed |= negative | (byte == _PLUS)
        bad |= ~allowed | (ended & ~is_end) | (is_point & seen_point)
        ended |= is_end
        np.multiply(mantissa, 10, out=mantissa, where=is_digit)
        np.add(mantissa, digit, out=mantissa, where=is_digit, casting="unsafe")
        fraction_digits += is_digit & seen_point
        digits += is_digit
        seen_point |= is_point
    bad |= (digits == 0) | (digits > _MAX_DIGITS)
    ok = ~bad
    np.minimum(fraction_digits, _MAX_DIGITS, out=fraction_digits)
    values = mantissa.astype(np.float64)
    values /= _POWERS_OF_TEN[fraction_digits]
    np.negative(values, out=values, where=negative)
    values[bad] = np.nan
    return values, ok
