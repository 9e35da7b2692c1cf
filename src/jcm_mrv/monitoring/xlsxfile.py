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
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from jcm_mrv import codes
from jcm_mrv.monitoring.collector import FindingCollector
from jcm_mrv.monitoring.columns import UNCACHED_FORMULA, Block, Column, ObjectColumn

BLOCK_ROWS = 50_000


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
            return self.header[column].strip()
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
        try:
            self._workbook = _load(self.path, data_only=True)
        except Exception as exc:  # openpyxl raises assorted errors for damaged workbooks
            self.collector.add(
                codes.DATA_UNREADABLE(
                    f"not a readable xlsx workbook ({type(exc).__name__}: {exc})", **where
                )
            )
            return False
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
        first = self.wanted_header_row or 1
        self._rows = worksheet.iter_rows(min_row=first, values_only=True)
        for row_number, values in enumerate(self._rows, start=first):
            if any(v is not None and str(v).strip() for v in values):
                self.header = ["" if v is None else str(v).strip() for v in values]
                self.header_row = row_number
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
        for row_number, values in enumerate(self._rows, start=self.header_row + 1):
            picked = [values[j] if j < len(values) else None for j in wanted]
            rows.append(row_number)
            for k, value in enumerate(picked):
                cells[k].append(value)
            if None in picked:
                with_none.append(len(rows) - 1)
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
                worksheet.iter_rows(min_row=first_row, max_row=last_row, values_only=True),
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


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _load(path: Path, *, data_only: bool) -> Any:
    import openpyxl

    with warnings.catch_warnings():
        # openpyxl warns about styles, data validation and the like: not the user's concern.
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while piece := stream.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()
