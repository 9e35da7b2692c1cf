"""Blocks of rows as the file readers hand them to the layouts.

A block holds the cells of the columns a layout asked for, for a run of data rows, plus
the spreadsheet row number of each. A column comes in one of two forms:

* :class:`BytesColumn`: the CSV fast path. The cells' raw bytes, NUL-padded into an
  ``(n, width)`` ``uint8`` matrix, so that numbers and timestamps can be parsed for a
  whole column at once with numpy. Cells are decoded only when one needs a closer look.
* :class:`ObjectColumn`: a list of Python values: ``str`` from the CSV slow path, or
  what openpyxl gives for xlsx cells (``float``, ``int``, ``datetime``, ``str``, ``None``
  and :data:`UNCACHED_FORMULA`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_BLANK_BYTES = np.zeros(256, dtype=bool)
_BLANK_BYTES[[0, 9, 13, 32]] = True  # NUL is the padding


class _UncachedFormula:
    """Marker for an xlsx formula cell whose result was never stored."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNCACHED_FORMULA"


UNCACHED_FORMULA = _UncachedFormula()


@dataclass(frozen=True)
class CellProblem:
    """A cell that could not be read: its index within the block and why."""

    index: int
    text: str
    reason: str


@dataclass(frozen=True)
class BytesColumn:
    """Raw cell bytes of one column, NUL-padded into an ``(n, width)`` matrix."""

    matrix: np.ndarray
    encoding: str

    def __len__(self) -> int:
        return int(self.matrix.shape[0])

    @property
    def strings(self) -> np.ndarray:
        """The cells as a numpy ``S<width>`` array (trailing NULs are not part of a value)."""
        width = self.matrix.shape[1]
        return self.matrix.view(f"S{width}").reshape(-1)

    def empty(self) -> np.ndarray:
        """True for cells with no bytes but blanks (spaces, tabs, CR), as :func:`is_empty_cell`."""
        if self.matrix.shape[1] == 0:
            return np.ones(self.matrix.shape[0], dtype=bool)
        # a cell whose first byte is not blank is not empty: only the others are read whole
        found: np.ndarray = _BLANK_BYTES[self.matrix[:, 0]]
        candidates = np.flatnonzero(found)
        if candidates.size:
            found[candidates] = _BLANK_BYTES[self.matrix[candidates]].all(axis=1)
        return found

    def text(self, index: int) -> str:
        """One cell decoded (undecodable bytes are replaced, for messages only)."""
        raw = bytes(self.strings[index])
        return raw.decode(self.encoding, errors="replace")

    def cells(self, indices: Sequence[int] | np.ndarray) -> list[object]:
        """Decoded cells at ``indices``, as ``str``."""
        return [self.text(int(i)) for i in indices]


@dataclass(frozen=True)
class ObjectColumn:
    """Cells of one column as Python values."""

    values: list[object]

    def __len__(self) -> int:
        return len(self.values)

    def text(self, index: int) -> str:
        """One cell as text, for messages."""
        value = self.values[index]
        return "" if value is None else str(value)

    def cells(self, indices: Sequence[int] | np.ndarray) -> list[object]:
        """The cells at ``indices``."""
        return [self.values[int(i)] for i in indices]


Column = BytesColumn | ObjectColumn


@dataclass(frozen=True)
class Block:
    """Data rows of one file: the wanted columns (by 0-based index) and row numbers."""

    rows: np.ndarray
    columns: dict[int, Column]

    def __len__(self) -> int:
        return int(self.rows.shape[0])


EXCERPT_CHARS = 40


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A cell's text as findings quote it: at most ``limit`` characters, escaped, in quotes.

    Control characters (terminal escape sequences among them) are escaped as Python
    does in a ``repr``, and a longer text is cut with ``…`` and its length, so that a
    finding never carries more than a short, harmless excerpt of what a file holds.

    >>> excerpt("abc"), excerpt("x" * 50, 5)
    ("'abc'", "'xxxxx'… (50 characters)")
    """
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"


def clipped(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Like :func:`excerpt` without the quotes: for names (a column's header) in findings."""
    inner = repr(text[:limit])[1:-1]
    return inner + ("…" if len(text) > limit else "")


def is_empty_cell(value: object) -> bool:
    """True for a cell that holds nothing (``None`` or only blanks)."""
    if value is None:
        return True
    return isinstance(value, str) and not value.strip()
