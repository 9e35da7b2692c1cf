"""Reading a worksheet of an xlsx workbook, read-only, cached values only.

openpyxl opens the workbook with ``read_only=True, data_only=True``: cells give the
values Excel stored when it last calculated. A formula cell whose value was never
stored (a file written by a script and not opened in Excel since) then reads as
``None``, like an empty cell. To tell them apart cheaply, the rows in which a wanted
cell is ``None`` are read a second time with ``data_only=False``, where formula cells
give their formula text: a cell empty in the first pass but not in the second is an
uncached formula, and is marked :data:`~jcm_mrv.monitoring.columns.UNCACHED_FORMULA`,
which every parser reports as an error naming the cell. The second pass reads only the
rows from the first to the last such row, and only when there are any.
"""

from __future__ import annotations

import hashlib
import os
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from jcm_mrv.fileformats import limits
from jcm_mrv.fileformats.safepaths import open_regular
from jcm_mrv.findings import Finding, codes
from jcm_mrv.monitoring.collector import FindingCollector
from jcm_mrv.monitoring.columns import UNCACHED_FORMULA, Block, Column, ObjectColumn, clipped

BLOCK_ROWS = 50_000
_MAX_MEMBERS = 10_000  # parts of one workbook (a real one has a few dozen)


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
        self._rows: Iterator[tuple[Any, ...]] = iter(())
        self._worksheet: Any = None
        self._last_row = 0
        self._digest = ""

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
            self._workbook = _load(self.path, data_only=True)
        except _Refused as exc:
            self.collector.add(exc.finding(self.display))
            return False
        except Exception as exc:  # openpyxl raises assorted errors for damaged workbooks
            self.collector.add(
                codes.DATA_UNREADABLE(
                    f"not a readable xlsx workbook ({type(exc).__name__}: "
                    f"{clipped(str(exc), 120)})",
                    **where,
                )
            )
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
        names = list(self._workbook.sheetnames)
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
                header = [_header_cell(v) for v in values]
                while header and not header[-1]:
                    header.pop()
                self.header = header
                self.header_row = row_number
                self._worksheet = worksheet
                return True
            if self.wanted_header_row is not None:
                self.collector.add(
                    codes.DATA_EMPTY(
                        f"row {row_number}, declared as the header row, is empty",
                        file=self.display,
                        sheet=self.sheet,
                        row=row_number,
                    )
                )
                return False
        self.collector.add(
            codes.DATA_EMPTY("the sheet is empty", file=self.display, sheet=self.sheet)
        )
        return False

    # -- reading ---------------------------------------------------------------------
    def blocks(self, wanted: Sequence[int]) -> Iterator[Block]:
        """Blocks of data rows holding the ``wanted`` columns (0-based indices)."""
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
        blank = [all(_blank(cells[k][i]) for k in range(len(wanted))) for i in range(len(rows))]
        keep = [i for i, is_blank in enumerate(blank) if not is_blank]
        self.rows_read = len(keep)
        for first in range(0, len(keep), BLOCK_ROWS):
            part = keep[first : first + BLOCK_ROWS]
            columns: dict[int, Column] = {
                j: ObjectColumn([cells[k][i] for i in part]) for k, j in enumerate(wanted)
            }
            yield Block(np.array([rows[i] for i in part], dtype=np.int64), columns)

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
