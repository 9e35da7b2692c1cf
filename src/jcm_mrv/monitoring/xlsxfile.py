"""Reading a worksheet of an xlsx workbook, read-only, cached values only.

Workbooks are read with python-calamine, a Rust reader about ten times faster than
openpyxl (whose XML parsing was most of the time of reading a large sheet). Before
calamine loads a sheet, which it does whole, into a rectangle of cells, the sheet's XML
is streamed once (:mod:`.xlsxscan`): row numbers beyond the limit, rows with too many
cells and references that are not references are refused there, and the rectangle's
size is known. calamine gives the values Excel stored when it last calculated; two
kinds of cells it reads as empty are looked up in the XML, only when a wanted cell is
empty: an error cell gives its text (``#DIV/0!``) as openpyxl did, and a formula whose
value was never stored (a file written by a script and not opened in Excel since) is
marked :data:`~jcm_mrv.monitoring.columns.UNCACHED_FORMULA`, which every parser reports
as an error naming the cell. calamine's values are made what openpyxl gave: an empty
cell is ``None``, a whole number an ``int``, a date a ``datetime`` at midnight.

openpyxl (``read_only=True``, streaming row by row) still reads what calamine should
not: a sparse sheet whose rectangle is larger than :data:`CALAMINE_CELLS` (one cell in
A1 and one in XFD1048576 would make calamine allocate half a terabyte), XML whose
elements carry a namespace prefix (``<x:c>``), and workbooks whose parts do not say
which member holds a sheet. There the rows in which a wanted cell is ``None`` are read
a second time with ``data_only=False`` to find formulas without a stored value.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import hashlib
import itertools
import operator
import os
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from jcm_mrv.fileformats import limits
from jcm_mrv.fileformats.safepaths import open_regular
from jcm_mrv.findings import Finding, codes
from jcm_mrv.monitoring.collector import FindingCollector
from jcm_mrv.monitoring.columns import UNCACHED_FORMULA, Block, ObjectColumn, clipped
from jcm_mrv.monitoring.xlsxscan import (
    ARCHIVE_ERRORS,
    ScanRefused,
    odd_cells,
    scan_shape,
    sheet_parts,
)

BLOCK_ROWS = 50_000
_BATCH_ROWS = 4096
_MAX_MEMBERS = 10_000  # parts of one workbook (a real one has a few dozen)
CALAMINE_CELLS = 8_000_000
"""Largest rectangle of cells (rows x columns from A1) read with calamine: it holds
32 bytes a cell, so 256 MiB. A larger sheet (a sparse one, or more than a million rows
of eight columns) is streamed by openpyxl instead."""
_EXACT_INTEGERS = 2.0**53


def column_letter(column: int) -> str:
    """Spreadsheet letters of a 0-based column index (0 → ``A``, 27 → ``AB``)."""
    letters = ""
    n = column + 1
    while n:
        n, remainder = divmod(n - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class XlsxTable:
    """One worksheet: its header, then blocks of data rows (see module docstring)."""

    def __init__(
        self,
        path: Path,
        display: str,
        sheet: str | None,
        collector: FindingCollector,
        header_row: int | None = None,
    ) -> None:
        self.path = path
        self.wanted_header_row = header_row
        self.display = display
        self.requested_sheet = sheet
        self.sheet: str | None = sheet
        self.collector = collector
        self.header: list[str] = []
        self.header_row = 0
        self.rows_read = 0
        self.bytes_read = 0  # a workbook is unzipped as a whole: counted when it is done
        self._workbook: Any = None
        self._rows: Iterator[Sequence[Any]] = iter(())
        self._worksheet: Any = None
        self._last_row = 0
        self._digest = ""
        self._calamine = False
        self._part = ""
        self._first_column = 0  # calamine's rows start at the sheet's first used column
        self._xml_last_row = 0

    # -- locations -------------------------------------------------------------------
    def location(self, row: int | None, column: int | None) -> dict[str, Any]:
        """Finding location fields: file, sheet, row, column header and A1 cell."""
        where: dict[str, Any] = {"file": self.display, "sheet": self.sheet}
        if row is not None:
            where["row"] = row
        if column is not None:
            where["field"] = self.column_name(column)
            if row is not None:
                where["cell"] = f"{column_letter(column)}{row}"
        return where

    def column_name(self, column: int) -> str:
        """The header text of a column (or its letter when the header is blank)."""
        if column < len(self.header) and self.header[column].strip():
            return clipped(self.header[column].strip())
        return f"column {column_letter(column)}"

    # -- opening ---------------------------------------------------------------------
    def open(self) -> bool:
        """Hash the file, open the workbook and sheet, read the header."""
        where: dict[str, Any] = {"file": self.display}
        try:
            self._digest = _sha256(self.path)
        except OSError as exc:
            self.collector.add(
                codes.DATA_UNREADABLE(f"cannot read data file: {exc.strerror or exc}", **where)
            )
            return False
        except _Refused as exc:
            self.collector.add(exc.finding(self.display))
            return False
        try:
            _check_archive(self.path)
        except _Refused as exc:
            self.collector.add(exc.finding(self.display))
            return False
        except Exception as exc:  # zipfile raises assorted errors for damaged archives
            self._unreadable(exc)
            return False
        parts = sheet_parts(self.path)
        if parts is not None:
            if not self._choose_sheet(list(parts), where):
                return False
            part = parts[self.sheet or ""]
            if part is not None:
                try:
                    return self._open_calamine(part)
                except _Fallback:
                    pass
        return self._open_openpyxl(where)

    def _unreadable(self, exc: Exception) -> None:
        self.collector.add(
            codes.DATA_UNREADABLE(
                f"not a readable xlsx workbook ({type(exc).__name__}: {clipped(str(exc), 120)})",
                file=self.display,
            )
        )

    def _choose_sheet(self, names: list[str], where: dict[str, Any]) -> bool:
        """Settle which sheet is read (the first by default); False with a finding."""
        if self.requested_sheet is None:
            if not names:
                self.collector.add(codes.DATA_EMPTY("the workbook has no sheets", **where))
                return False
            self.sheet = names[0]
        elif self.requested_sheet not in names:
            listed = ", ".join(repr(n) for n in names)
            self.collector.add(
                codes.DATA_SHEET_MISSING(
                    f"the workbook has no sheet {self.requested_sheet!r}; its sheets are {listed}",
                    **where,
                    sheet=self.requested_sheet,
                )
            )
            return False
        return True

    # -- calamine ----------------------------------------------------------------------
    def _open_calamine(self, part: str) -> bool:
        """Scan the sheet's XML, load it with calamine and read the header.

        Raises :class:`_Fallback` when openpyxl should read the sheet instead.
        """
        last_row = limits.XLSX_ROWS.get()
        first = self.wanted_header_row or 1
        try:
            if first > last_row:
                raise _Refused(
                    f"the header row {first:,} is beyond the row limit", limits.XLSX_ROWS
                )
            shape = scan_shape(self.path, part, last_row, limits.COLUMNS.get())
        except _Refused as exc:
            self.collector.add(exc.finding(self.display, self.sheet))
            return False
        except ScanRefused as exc:
            self._scan_refused(exc)
            return False
        except ARCHIVE_ERRORS as exc:
            self._unreadable(exc)
            return False
        if shape is None or shape.area > CALAMINE_CELLS:
            raise _Fallback
        import python_calamine

        try:
            workbook = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except Exception as exc:  # calamine raises its own errors for damaged workbooks
            self._unreadable(exc)
            return False
        self._workbook = workbook
        try:
            sheet = workbook.get_sheet_by_name(self.sheet or "")
        except Exception as exc:  # a damaged cell: calamine fails as it parses the sheet
            self._malformed(exc, first)
            return False
        self._part = part
        self._xml_last_row = shape.last_row
        start = sheet.start
        self._first_column = start[1] if start is not None and sheet.height else 0
        self._rows = iter(sheet.iter_rows())
        try:
            return self._read_header(first)
        except _Refused as exc:
            self.collector.add(exc.finding(self.display, self.sheet))
            return False

    def _scan_refused(self, exc: ScanRefused) -> None:
        if exc.kind == "limit":
            refused = _Refused(exc.message, limits.LIMITS[exc.limit])
            self.collector.add(refused.finding(self.display, self.sheet))
        else:
            self.collector.add(
                codes.DATA_MALFORMED(
                    f"the sheet cannot be read: {exc.message}", file=self.display, sheet=self.sheet
                )
            )

    def _read_header(self, first: int) -> bool:
        """Find the header row (the first row with content, or the declared one)."""
        widest = limits.COLUMNS.get()
        for row_number, values in enumerate(self._rows, start=1):
            if row_number < first:
                continue
            if any(v != "" and not _blank(v) for v in values):
                cells = [None] * self._first_column + _plain_cells(list(values))[0]
                self.header = _header(cells[:widest])
                self.header_row = row_number
                self._calamine = True
                return True
            if self.wanted_header_row is not None:
                break
        self._no_header(first if self.wanted_header_row is not None else None)
        return False

    def _no_header(self, declared: int | None) -> None:
        """Report the declared header row as empty, or (``None``) the sheet as empty."""
        if declared is not None:
            message = f"row {declared}, declared as the header row, is empty"
        else:
            message = "the sheet is empty"
        self.collector.add(
            codes.DATA_EMPTY(message, file=self.display, sheet=self.sheet, row=declared)
        )

    def _calamine_blocks(self, wanted: Sequence[int]) -> Iterator[Block]:
        """Blocks of up to :data:`BLOCK_ROWS` data rows, read from calamine's rows.

        Each batch of :data:`_BATCH_ROWS` rows is converted and checked (cell lengths,
        blank rows) while its cells are still in the processor's cache; a block is
        then put together from its batches.
        """
        longest = limits.CELL_CHARS.get()
        odd: dict[tuple[int, int], str | None] | None = None
        row_number = self.header_row + 1
        offsets = [j - self._first_column for j in wanted]
        while True:
            gathered = _Gathered(len(wanted), row_number)
            with _collector_paused():
                while len(gathered) < BLOCK_ROWS:
                    batch = list(itertools.islice(self._rows, _BATCH_ROWS))
                    if not batch:
                        break
                    picked, kinds = _picked(batch, offsets)
                    rows = range(row_number, row_number + len(batch))
                    row_number = rows.stop
                    del batch
                    if any(_NONE in found for found in kinds):
                        if odd is None:
                            odd = self._odd_cells(wanted)
                        if odd:
                            _mark_odd(odd, wanted, picked, rows)
                            kinds = [set(map(type, column)) for column in picked]
                    gathered.add(picked, kinds, rows, longest)
            if not len(gathered):
                break
            block = gathered.block(wanted)
            self.rows_read += len(block)
            if len(block):
                yield block
        if self._xml_last_row >= row_number:  # rows calamine left out: formulas, errors only
            if odd is None:
                odd = self._odd_cells(wanted)
            late = sorted({r for r, _ in odd if r >= row_number})
            extra: list[list[object]] = [[None] * len(late) for _ in wanted]
            _mark_odd(odd, wanted, extra, late)
            block = _block(wanted, extra, late, longest)
            self.rows_read += len(block)
            if len(block):
                yield block

    def _odd_cells(self, wanted: Sequence[int]) -> dict[tuple[int, int], str | None]:
        return odd_cells(self.path, self._part, set(wanted))

    # -- openpyxl ----------------------------------------------------------------------
    def _open_openpyxl(self, where: dict[str, Any]) -> bool:
        try:
            self._workbook = _load(self.path, data_only=True)
        except _Refused as exc:
            self.collector.add(exc.finding(self.display))
            return False
        except Exception as exc:  # openpyxl raises assorted errors for damaged workbooks
            self._unreadable(exc)
            return False
        try:
            return self._open_sheet(where)
        except _Refused as exc:
            self.collector.add(exc.finding(self.display, self.sheet))
            return False
        except Exception as exc:  # a damaged sheet: openpyxl fails as it parses
            self._malformed(exc, self.wanted_header_row or 1)
            return False

    def _malformed(self, exc: Exception, row: int) -> None:
        """Report a sheet that openpyxl cannot parse at (or just after) ``row``."""
        self.collector.add(
            codes.DATA_MALFORMED(
                f"the sheet cannot be read at or after row {row}: a cell's stored value or "
                f"reference is invalid ({type(exc).__name__}: {clipped(str(exc), 120)})",
                file=self.display,
                sheet=self.sheet,
                row=row,
            )
        )

    def _open_sheet(self, where: dict[str, Any]) -> bool:
        if not self._choose_sheet(list(self._workbook.sheetnames), where):
            return False
        worksheet = self._workbook[self.sheet]
        _check_sheet(self.path, worksheet)
        first = self.wanted_header_row or 1
        self._last_row = limits.XLSX_ROWS.get()
        if first > self._last_row:
            raise _Refused(f"the header row {first:,} is beyond the row limit", limits.XLSX_ROWS)
        # Explicit bounds: openpyxl would otherwise trust the sheet's declared dimension,
        # and fill every missing row up to a row number such as 99999999999.
        self._rows = worksheet.iter_rows(
            min_row=first, max_row=self._last_row, max_col=limits.COLUMNS.get(), values_only=True
        )
        for row_number, values in enumerate(self._rows, start=first):
            if any(v is not None and str(v).strip() for v in values):
                self.header = _header(values)
                self.header_row = row_number
                self._worksheet = worksheet
                return True
            if self.wanted_header_row is not None:
                self._no_header(row_number)
                return False
        self._no_header(None)
        return False

    # -- reading ---------------------------------------------------------------------
    def blocks(self, wanted: Sequence[int]) -> Iterator[Block]:
        """Blocks of data rows holding the ``wanted`` columns (0-based indices)."""
        if not self._calamine:
            yield from self._openpyxl_blocks(wanted)
            return
        try:
            yield from self._calamine_blocks(wanted)
        except _Refused as exc:
            self.collector.add(exc.finding(self.display, self.sheet))
        except ScanRefused as exc:
            self._scan_refused(exc)
        except ARCHIVE_ERRORS as exc:
            self.collector.add(
                codes.DATA_UNREADABLE(
                    f"reading the file failed part way: {type(exc).__name__}: {exc}",
                    file=self.display,
                )
            )
        finally:
            self._close_workbook()

    def _openpyxl_blocks(self, wanted: Sequence[int]) -> Iterator[Block]:
        cells: list[list[object]] = [[] for _ in wanted]
        rows: list[int] = []
        with_none: list[int] = []  # positions (in ``rows``) of rows with an empty wanted cell
        longest = limits.CELL_CHARS.get()
        row_number = self.header_row
        if self._worksheet is not None and wanted and self.header_row < self._last_row:
            self._rows = self._worksheet.iter_rows(
                min_row=self.header_row + 1,
                max_row=self._last_row,
                max_col=max(wanted) + 1,
                values_only=True,
            )
        try:
            for row_number, values in enumerate(self._rows, start=self.header_row + 1):
                picked = [values[j] if j < len(values) else None for j in wanted]
                if any(isinstance(v, str) and len(v) > longest for v in picked):
                    raise _Refused(
                        f"row {row_number:,} has a cell longer than the limit", limits.CELL_CHARS
                    )
                rows.append(row_number)
                for k, value in enumerate(picked):
                    cells[k].append(value)
                if None in picked:
                    with_none.append(len(rows) - 1)
        except _Refused as exc:
            self.collector.add(exc.finding(self.display, self.sheet))
            self._close_workbook()
            return
        except Exception as exc:  # a damaged cell: openpyxl fails as it parses the row
            self._malformed(exc, row_number + 1)
            self._close_workbook()
            return
        self._close_workbook()
        if with_none:
            self._mark_uncached(wanted, cells, rows, with_none)
        for first in range(0, len(rows), BLOCK_ROWS):
            part = slice(first, first + BLOCK_ROWS)
            block = _block(wanted, [c[part] for c in cells], rows[part], longest)
            self.rows_read += len(block)
            if len(block):
                yield block

    def _mark_uncached(
        self,
        wanted: Sequence[int],
        cells: list[list[object]],
        rows: list[int],
        with_none: list[int],
    ) -> None:
        """Second pass with formulas: mark wanted cells that are formulas without a value."""
        first_row, last_row = rows[with_none[0]], rows[with_none[-1]]
        position = {rows[i]: i for i in with_none}
        workbook = _load(self.path, data_only=False)
        try:
            worksheet = workbook[self.sheet]
            for row_number, values in enumerate(
                worksheet.iter_rows(
                    min_row=first_row,
                    max_row=last_row,
                    max_col=max(wanted) + 1,
                    values_only=True,
                ),
                start=first_row,
            ):
                i = position.get(row_number)
                if i is None:
                    continue
                for k, j in enumerate(wanted):
                    if cells[k][i] is None and j < len(values) and values[j] is not None:
                        cells[k][i] = UNCACHED_FORMULA
        finally:
            workbook.close()

    def close(self) -> str:
        """Close the workbook; return the sha256 hex of the file's bytes."""
        self._close_workbook()
        return self._digest

    def _close_workbook(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None


class _Fallback(Exception):
    """The sheet is read by openpyxl rather than calamine (see the module docstring)."""


def _picked(batch: list[Any], offsets: list[int]) -> tuple[list[list[object]], list[set[type]]]:
    """The wanted columns of a batch of calamine's rows, as openpyxl gave the cells, and
    the types of the cells in each. Rows start at the sheet's first used column:
    ``offsets`` are the wanted columns' positions in them (negative or too large: empty).
    calamine's rows all have the same width (the sheet's rectangle)."""
    width = len(batch[0])
    inside = [k for k in offsets if 0 <= k < width]
    if len(inside) * 2 >= width:  # a narrow sheet: transposing it whole costs least
        transposed = list(zip(*batch, strict=True))
        taken = {k: transposed[k] for k in inside}
    else:
        taken = {k: tuple(map(operator.itemgetter(k), batch)) for k in inside}
    columns: list[list[object]] = []
    kinds: list[set[type]] = []
    for k in offsets:
        if k in taken:
            column, found = _plain_cells(list(taken[k]))
        else:
            column, found = [None] * len(batch), {_NONE}
        columns.append(column)
        kinds.append(found)
    return columns, kinds


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while rows are gathered.

    Hundreds of thousands of cells stay alive until their block is made, and each pass
    of the collector walks them all: a third of the reading time. Gathering creates
    no reference cycles, so nothing is left for the collector to find afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _plain_cells(values: list[object]) -> tuple[list[object], set[type]]:
    """calamine's cells as openpyxl gave them: empty ``None``, whole numbers ``int``,
    dates ``datetime`` at midnight (time and duration cells stay as they are); and the
    types of the cells then (a superset when it is cheaper: ``{str, None}`` for text
    with an empty cell)."""
    types = list(map(type, values))
    n = len(types)
    if not n:
        return values, set()
    # Comparing types by identity (list.count) is three times faster than a set.
    if types.count(types[0]) == n:
        kinds = {types[0]}
    elif types.count(datetime.datetime) + types.count(datetime.date) == n:
        kinds = {datetime.datetime, datetime.date}
    else:
        kinds = set(types)
    if kinds.isdisjoint(_TO_MAP):
        return values, kinds
    if kinds == {float}:
        numbers = np.fromiter(values, dtype=float, count=n)
        whole = np.flatnonzero((numbers == np.trunc(numbers)) & (np.abs(numbers) < _EXACT_INTEGERS))
        for i in whole.tolist():
            values[i] = int(numbers[i])
        return values, {float, int} if whole.size else kinds
    if kinds == {str}:
        if "" in values:
            return [v or None for v in values], {str, _NONE}
        return values, kinds
    if kinds == {datetime.datetime, datetime.date}:  # calamine gives midnight as a date
        at = -1
        for _ in range(types.count(datetime.date)):  # list.index finds them in C
            at = types.index(datetime.date, at + 1)
            values[at] = _plain(values[at])
        return values, {datetime.datetime}
    plain = [_plain(v) for v in values]
    return plain, set(map(type, plain))


_NONE = type(None)
_TO_MAP = frozenset({str, float, datetime.date})


def _plain(value: object) -> object:
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        number: float = value  # type: ignore[assignment]
        if number.is_integer() and abs(number) < _EXACT_INTEGERS:
            return int(number)
    elif kind is datetime.date:
        day: datetime.date = value  # type: ignore[assignment]
        return datetime.datetime(day.year, day.month, day.day)
    return value


def _mark_odd(
    odd: dict[tuple[int, int], str | None],
    wanted: Sequence[int],
    cells: list[list[object]],
    rows: Sequence[int],
) -> None:
    """Put error texts and uncached-formula marks into empty cells (see the module)."""
    for k, j in enumerate(wanted):
        column = cells[k]
        for i, row in enumerate(rows):
            if column[i] is None and (row, j) in odd:
                text = odd[row, j]
                column[i] = UNCACHED_FORMULA if text is None else text


class _Gathered:
    """The batches of one block: cells by column, the first over-long cell of each
    column, and which rows are blank (see :func:`_block`)."""

    def __init__(self, width: int, first_row: int) -> None:
        self.cells: list[list[object]] = [[] for _ in range(width)]
        self.first_row = first_row
        self.long_rows: list[int | None] = [None] * width
        self.kept: list[np.ndarray] = []  # positions of the non-blank rows, by batch
        self.any_blank = False
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def add(
        self, picked: list[list[object]], kinds: list[set[type]], rows: range, longest: int
    ) -> None:
        """Add a batch of converted cells (``kinds``: the types in each column)."""
        start = self.count
        self.count += len(rows)
        for k, (column, found) in enumerate(zip(picked, kinds, strict=True)):
            if self.long_rows[k] is None:
                self.long_rows[k] = _long_row(column, found, rows, longest)
            self.cells[k].extend(column)
        blank = _blank_rows(picked, kinds, len(rows))
        if blank is None:
            self.kept.append(np.arange(start, start + len(rows)))
        else:
            self.any_blank = True
            self.kept.append(np.flatnonzero(~blank) + start)

    def block(self, wanted: Sequence[int]) -> Block:
        """The block: refuses a cell beyond the length limit, as :func:`_block` does."""
        _refuse_long(self.long_rows)
        rows = range(self.first_row, self.first_row + len(self))
        if not self.any_blank:
            return _whole_block(wanted, self.cells, rows)
        return _kept_block(wanted, self.cells, rows, np.concatenate(self.kept))


def _long_row(
    column: list[object], found: set[type], rows: Sequence[int], longest: int
) -> int | None:
    """The row of the column's first text longer than ``longest`` characters, if any."""
    if found == {str}:
        if max(map(len, column), default=0) <= longest:  # type: ignore[arg-type]
            return None
    elif str not in found:
        return None
    return next(
        (rows[i] for i, v in enumerate(column) if isinstance(v, str) and len(v) > longest), None
    )


def _refuse_long(long_rows: Iterable[int | None]) -> None:
    """Refuse the block at the first column's row with an over-long cell, if any."""
    for row in long_rows:
        if row is not None:
            raise _Refused(f"row {row:,} has a cell longer than the limit", limits.CELL_CHARS)


def _blank_rows(cells: list[list[object]], kinds: list[set[type]], n: int) -> np.ndarray | None:
    """Which rows have every cell blank (``None`` or only blanks); ``None`` when no row is
    blank for sure: a column without text and empty cells has no blank cell."""
    if any(found.isdisjoint(_MAYBE_BLANK) for found in kinds):
        return None
    blank = np.ones(n, dtype=bool)
    for column, found in zip(cells, kinds, strict=True):
        if found == {str}:
            texts: list[str] = column  # type: ignore[assignment]
            if any(map(str.isspace, texts)):
                blank &= np.fromiter(map(str.isspace, texts), dtype=bool, count=n)
            else:
                blank[:] = False
        else:
            blank &= np.fromiter(map(_blank, column), dtype=bool, count=n)
    return blank


_MAYBE_BLANK = frozenset({str, _NONE})


def _block(
    wanted: Sequence[int], cells: list[list[object]], rows: Sequence[int], longest: int
) -> Block:
    """The rows with something in a wanted cell; refuses a cell beyond the length limit."""
    kinds = [set(map(type, column)) for column in cells]
    _refuse_long(
        _long_row(column, found, rows, longest) for column, found in zip(cells, kinds, strict=True)
    )
    blank = _blank_rows(cells, kinds, len(rows))
    if blank is None or not blank.any():
        return _whole_block(wanted, cells, rows)
    return _kept_block(wanted, cells, rows, np.flatnonzero(~blank))


def _whole_block(wanted: Sequence[int], cells: list[list[object]], rows: Sequence[int]) -> Block:
    numbers = (
        np.arange(rows.start, rows.stop, dtype=np.int64)
        if isinstance(rows, range)
        else np.array(rows, dtype=np.int64)
    )
    columns = dict(zip(wanted, map(ObjectColumn, cells), strict=True))
    return Block(numbers, columns)  # type: ignore[arg-type]


def _kept_block(
    wanted: Sequence[int], cells: list[list[object]], rows: Sequence[int], keep: np.ndarray
) -> Block:
    if len(keep) == len(rows):
        return _whole_block(wanted, cells, rows)
    picked = keep.tolist()
    return Block(
        np.array([rows[i] for i in picked], dtype=np.int64),
        {j: ObjectColumn([c[i] for i in picked]) for j, c in zip(wanted, cells, strict=True)},
    )


class _Refused(Exception):
    """A workbook beyond a limit: the message and the limit (for a ``JCM-D025``)."""

    def __init__(self, message: str, limit: limits.Limit) -> None:
        super().__init__(message)
        self.message = message
        self.limit = limit

    def finding(self, file: str, sheet: str | None = None) -> Finding:
        """The finding that reports it."""
        limit = self.limit
        return codes.DATA_LIMIT(
            f"{self.message}; the limit is {limit.get():,} ({limit.description[0].lower()}"
            f"{limit.description[1:-1]}; raise it with {limit.variable})",
            file=file,
            sheet=sheet,
        )


def _header(values: Sequence[object]) -> list[str]:
    """The header row's texts, without the blank cells at its end."""
    header = [_header_cell(v) for v in values]
    while header and not header[-1]:
        header.pop()
    return header


def _header_cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    if len(text) > limits.CELL_CHARS.get():
        raise _Refused("a header cell is longer than the limit", limits.CELL_CHARS)
    return text


def _check_archive(path: Path) -> None:
    """Refuse a workbook whose parts would decompress beyond the limits (a zip bomb).

    The sizes checked are those the archive declares; :mod:`zipfile` never
    decompresses a part beyond its declared size, so they bound what openpyxl reads.
    """
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    if len(members) > _MAX_MEMBERS:
        raise _Refused(f"the workbook has {len(members):,} parts", limits.XLSX_TOTAL_BYTES)
    largest = max(members, key=lambda m: m.file_size, default=None)
    if largest is not None and largest.file_size > limits.XLSX_MEMBER_BYTES.get():
        raise _Refused(
            f"part {clipped(largest.filename)} of the workbook decompresses to "
            f"{largest.file_size:,} bytes",
            limits.XLSX_MEMBER_BYTES,
        )
    total = sum(m.file_size for m in members)
    if total > limits.XLSX_TOTAL_BYTES.get():
        raise _Refused(f"the workbook decompresses to {total:,} bytes", limits.XLSX_TOTAL_BYTES)


_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d+)\"")
_ROW_START = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_SCAN_BYTES = 4 << 20


def _check_sheet(path: Path, worksheet: Any) -> None:
    """Refuse a sheet with row numbers beyond the limit or rows with too many cells.

    A streaming pass over the sheet's XML, before openpyxl parses it: openpyxl builds
    each row whole (a row of millions of ``<c/>`` would take gigabytes) and fills every
    row missing before a row number such as 99999999999.
    """
    part = getattr(worksheet, "_worksheet_path", None)
    if part is None:  # pragma: no cover - openpyxl's read-only sheets always have one
        return
    last_row = limits.XLSX_ROWS.get()
    widest = limits.COLUMNS.get()
    cells_in_row = 0
    with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
        carry = b""
        while piece := stream.read(_SCAN_BYTES):
            data = carry + piece
            cut = data.rfind(b">") + 1
            data, carry = data[:cut], data[cut:]
            if len(carry) > _SCAN_BYTES:
                raise _Refused(
                    "the sheet holds a cell (or tag) of more than 4 MiB", limits.CELL_CHARS
                )
            numbers = _ROW_NUMBER.findall(data)
            digits = len(str(last_row))
            if any(len(n) > digits or int(n) > last_row for n in numbers):
                raise _Refused("the sheet has a row number beyond the limit", limits.XLSX_ROWS)
            # Cells per row, cheaply: a row may not run on with more cells than the
            # limit, and a chunk may not hold more than the limit per row started in it.
            rows = len(_ROW_START.findall(data))
            cells = len(_CELL.findall(data))
            if rows:
                last = max(data.rfind(b"<row"), data.rfind(b":row"))
                cells_in_row = len(_CELL.findall(data, max(last, 0)))
            else:
                cells_in_row += cells
            if cells_in_row > widest or cells > widest * (rows + 1):
                raise _Refused("a row of the sheet has more cells than the limit", limits.COLUMNS)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _load(path: Path, *, data_only: bool) -> Any:
    import openpyxl
    from openpyxl.worksheet import _reader

    # openpyxl raises for a number cell whose stored text is not a number (<v>NaN</v>,
    # <v>abc</v>), which would end the whole sheet; the text is passed on instead, and
    # the number parser names the cell.
    _reader._cast_number = _cast_number_or_text

    with warnings.catch_warnings():
        # openpyxl warns about styles, data validation and the like: not the user's concern.
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)


def _cast_number_or_text(value: str) -> object:
    """openpyxl's number cast, keeping text that is not a number (long or malformed)."""
    if len(value) > 100:
        return value
    try:
        if "." in value or "E" in value or "e" in value:
            return float(value)
        return int(value)
    except ValueError:
        return value


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open_regular(path) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > limits.DATA_FILE_BYTES.get():
            raise _Refused(f"the file is {size:,} bytes", limits.DATA_FILE_BYTES)
        while piece := stream.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()
