"""What a worksheet's XML holds, found before a reader parses it: its shape and odd cells.

python-calamine (:mod:`.xlsxfile`) loads a whole sheet into a rectangle of cells in
Rust: a sheet with one cell in A1 and one in XFD1048576 would make it allocate half a
terabyte and abort the process. So the sheet's XML is first streamed and looked at with
numpy, at a fraction of calamine's own cost: every cell reference (``r="C12"``) is
decoded, giving the used rectangle, row numbers beyond the limit, and references that
are not references at all. Cells without a reference are counted per row.

calamine also hides two kinds of cells that a reader must report: an error cell
(``#DIV/0!``) reads as empty, and a formula whose result was never stored (a file
written by a script and not opened in Excel since) is left out. :func:`odd_cells` finds
them in the XML, only when a wanted cell reads as empty.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import numpy as np

SCAN_BYTES = 4 << 20
"""The longest stretch of XML without the mark a piece is cut after (a tag or a cell)."""
READ_BYTES = 1 << 20
"""The XML is looked at in pieces of about this size: small enough that the several
passes of :func:`_scan_chunk` over a piece find it in the processor's cache (4 MiB
pieces were 10 to 30 % slower on a 2-core machine)."""
_QUOTE = 34
_TAG_END = np.zeros(256, dtype=bool)
_TAG_END[[9, 10, 13, 32, ord(">"), ord("/")]] = True
_MAX_DIGITS = 11  # a reference's row number, as the scan reads it
_WIDTH = 16  # bytes looked at from a reference's start: letters, digits, closing quote
_COLUMNS = np.arange(_WIDTH, dtype=np.uint8)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PART_BYTES = 16 << 20  # workbook.xml and its relationships: a few KiB in a real workbook
ARCHIVE_ERRORS = (
    OSError,
    EOFError,
    RuntimeError,  # an encrypted member
    NotImplementedError,  # a compression method zipfile does not know
    zipfile.BadZipFile,
    zlib.error,
)
"""What reading a member of a damaged archive raises."""


class ScanRefused(Exception):
    """The sheet cannot be read: ``kind`` is ``"limit"`` (with the limit's name) or
    ``"malformed"``; ``message`` says what."""

    def __init__(self, kind: str, message: str, limit: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.limit = limit


def sheet_parts(path: Path) -> dict[str, str | None] | None:
    """Each sheet's name and the archive member holding its XML, in workbook order
    (``None`` for a sheet that is not a worksheet: a chart sheet).

    ``None`` when the workbook's own parts do not say (a damaged or unusual workbook:
    the caller then leaves the file to a reader that does not need to know).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            workbook = _document(_relationships(archive, "_rels/.rels"))
            if workbook is None or workbook not in names:
                return None
            folder = posixpath.dirname(workbook)
            rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
            relations = _relationships(archive, rels_part)
            root = ElementTree.fromstring(_read_small(archive, workbook))
    except (*ARCHIVE_ERRORS, KeyError, ElementTree.ParseError, ValueError):
        return None
    parts: dict[str, str | None] = {}
    for sheet in root.iter(f"{_MAIN}sheet"):
        name, rid = sheet.get("name"), sheet.get(_DOC_REL)
        target = relations.get(rid or "")
        if name is None or target is None:
            return None
        member = _resolve(folder, target[0])
        parts[name] = member if target[1].endswith("/worksheet") and member in names else None
    return parts


def _read_small(archive: zipfile.ZipFile, member: str) -> bytes:
    with archive.open(member) as stream:
        data = stream.read(_PART_BYTES + 1)
    if len(data) > _PART_BYTES:
        raise ValueError(f"{member} is larger than a workbook's part of this kind can be")
    return data


def _relationships(archive: zipfile.ZipFile, member: str) -> dict[str, tuple[str, str]]:
    root = ElementTree.fromstring(_read_small(archive, member))
    return {
        r.get("Id", ""): (r.get("Target", ""), r.get("Type", ""))
        for r in root.iter(f"{_RELS}Relationship")
    }


def _document(relations: dict[str, tuple[str, str]]) -> str | None:
    for target, type_ in relations.values():
        if type_.endswith("/officeDocument"):
            return _resolve("", target)
    return None


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


@dataclass
class SheetShape:
    """The used rectangle of a sheet as its XML declares it (from A1; 1-based, inclusive)."""

    last_row: int = 0
    last_column: int = 0
    cells: int = 0
    """Cells with a reference."""
    unreferenced: bool = False
    """Some cells or rows carry no reference: they take the next position in order."""
    widest_run: int = 0
    """When some cells carry no reference: the most cells of one row, so that
    ``last_column + widest_run`` bounds the last column an unreferenced cell takes."""

    @property
    def area(self) -> int:
        """At least the cells of the rectangle a reader that loads the sheet whole
        allocates (from A1: a rectangle that starts further down is smaller)."""
        return self.last_row * (self.last_column + self.widest_run)


def scan_shape(path: Path, part: str, last_row: int, widest: int) -> SheetShape | None:
    """Stream a sheet's XML and return its used rectangle.

    Raises :class:`ScanRefused` for a row number beyond ``last_row``, a row with more
    than ``widest`` cells, a tag longer than 4 MiB, or a reference that is not one
    (``C!2``, ``ZZZZ2``). Returns ``None`` for XML this scan does not read (elements
    with a namespace prefix, ``<x:c>``): the caller then uses a streaming reader.
    """
    shape = SheetShape()
    row_cells = 0  # cells of the row that runs on past the current chunk
    prefixed: bool | None = None
    for data in _chunks(path, part, (b">",)):
        if prefixed is None and (b"<sheetData" in data or b":sheetData" in data):
            prefixed = b"<sheetData" not in data
            if prefixed:
                return None
        row_cells = _scan_chunk(data, shape, last_row, widest, row_cells)
    return None if prefixed else shape


def _chunks(path: Path, part: str, cut_after: tuple[bytes, ...]) -> Iterator[bytes]:
    """The member's bytes in pieces of about :data:`READ_BYTES`, each cut after the
    last of the ``cut_after`` marks it holds (the rest carried to the next piece)."""
    with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
        carry = b""
        while piece := stream.read(READ_BYTES):
            data = carry + piece
            cut = max(
                (found + len(mark) for mark in cut_after if (found := data.rfind(mark)) >= 0),
                default=0,
            )
            data, carry = data[:cut], data[cut:]
            if len(carry) > SCAN_BYTES:
                raise ScanRefused(
                    "limit", "the sheet holds a cell (or tag) of more than 4 MiB", "CELL_CHARS"
                )
            if data:
                yield data
        if carry:
            yield carry


def _positions(raw: np.ndarray, n: int, pattern: bytes) -> np.ndarray:
    """Where ``pattern`` (2 or 4 bytes) starts in the first ``n`` bytes, in no order.

    Compared as 2- or 4-byte words at each alignment: one pass over the bytes, and
    only the matches are gathered (a byte search would stop at every quote or ``<``).
    The words are taken with :func:`numpy.frombuffer` at each offset: a view of a slice
    of ``raw`` at an odd offset compares ten times slower.
    """
    width = len(pattern)
    word = np.frombuffer(pattern, dtype=f"<u{width}")[0]
    found = []
    for shift in range(width):
        count = (n - shift) // width
        words = np.frombuffer(raw, dtype=f"<u{width}", offset=shift, count=count)
        found.append(np.flatnonzero(words == word) * width + shift)
    return np.concatenate(found)


def _scan_chunk(data: bytes, shape: SheetShape, last_row: int, widest: int, row_cells: int) -> int:
    """Add one piece of the sheet's XML to ``shape``; return the cells of the row that
    runs on into the next piece (counted only where cells lack references)."""
    n = len(data)
    raw = np.frombuffer(data + bytes(_WIDTH), dtype=np.uint8)
    at = _positions(raw, n, b' r="') + 4  # references of cells and rows
    # Each reference and the bytes after it, copied as rows of a matrix (the bytes are
    # padded): byte arithmetic on it rather than gathers of single bytes.
    windows = np.lib.stride_tricks.sliding_window_view(raw, _WIDTH)
    window = windows[at]
    letter = window[:, :4] - np.uint8(65) < 26
    first, second, third = letter[:, 0], letter[:, 1], letter[:, 2]
    n_letters = first.view(np.uint8) + (first & second) + (first & second & third)
    if (first & second & third & letter[:, 3]).any():
        raise ScanRefused("malformed", "the sheet has a cell reference with 4 letters or more")
    if at.size:
        # The largest row number has the most digits: find each reference's closing
        # quote (1 to 11 bytes after its letters), then decode the longest.
        quote = (window == _QUOTE) & (n_letters[:, None] < _COLUMNS)
        end = quote.argmax(axis=1)
        length = end - n_letters
        if not quote[np.arange(len(end)), end].all() or int(length.max()) > _MAX_DIGITS:
            raise ScanRefused("malformed", "the sheet has a cell reference that is not one")
        count = int(length.max())
        longest = windows[(at + n_letters)[length == count], :count]
        digits = longest - np.uint8(48)
        if not (digits < 10).all():
            raise ScanRefused("malformed", "the sheet has a cell reference that is not one")
        number = digits[:, 0].astype(np.int64)
        for k in range(1, count):
            number = number * 10 + digits[:, k]
        highest = int(number.max())
        if highest > last_row:
            raise ScanRefused("limit", "the sheet has a row number beyond the limit", "XLSX_ROWS")
        shape.last_row = max(shape.last_row, highest)
        widest_ref = int(n_letters.max())
        if widest_ref:
            named = window[n_letters == widest_ref, :widest_ref].astype(np.int64) - 64
            columns = named @ (26 ** np.arange(widest_ref - 1, -1, -1))
            shape.last_column = max(shape.last_column, int(columns.max()))
    referenced = int(first.sum())
    shape.cells += referenced
    # Every cell tag must have been seen with its reference; cells without one take
    # the next column (and rows without one the next row): count cells per row then.
    tags = _positions(raw, n, b"<c")
    tags = tags[_TAG_END[raw[tags + 2]]]
    if len(tags) == referenced and b"<row>" not in data:
        return 0  # a row holds at most one cell per column
    shape.unreferenced = True
    cell_tags = np.sort(tags)
    row_tags = np.sort(_positions(raw, n, b"<row"))
    row_tags = row_tags[_TAG_END[raw[row_tags + 4]]]
    per_row = np.diff(np.searchsorted(cell_tags, row_tags), append=len(cell_tags))
    leading = int(np.searchsorted(cell_tags, row_tags[0])) if len(row_tags) else len(cell_tags)
    first_run = row_cells + leading
    widest_run = max([first_run, *per_row.tolist()[:-1]]) if len(row_tags) else first_run
    running = int(per_row[-1]) if len(row_tags) else first_run
    if max(widest_run, running) > widest:
        raise ScanRefused("limit", "a row of the sheet has more cells than the limit", "COLUMNS")
    # Unreferenced cells and rows follow the referenced ones: widen the rectangle enough
    # (a row's cells end at most its number of cells past the last referenced column).
    shape.last_row = max(shape.last_row, 1) + len(row_tags)
    shape.widest_run = max(shape.widest_run, widest_run, running)
    return running


_ODD_MARKS = (b"<f>", b"<f ", b"<f/", b' t="e"')
_REFERENCE = re.compile(rb'\sr="([A-Z]{1,3})(\d{1,10})"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")


def odd_cells(path: Path, part: str, columns: set[int]) -> dict[tuple[int, int], str | None]:
    """Cells of ``columns`` (0-based) that calamine reads as empty but that hold something.

    Keys are ``(row, column)`` (1-based row, 0-based column); the value is an error
    cell's text (``#DIV/0!``), or ``None`` for a formula without a stored result.
    """
    found: dict[tuple[int, int], str | None] = {}
    for data in _chunks(path, part, (b"</c>", b"</row>")):
        for start in sorted({at for mark in _ODD_MARKS for at in _all(data, mark)}):
            begin = data.rfind(b"<c ", 0, start)
            end = data.find(b"</c>", start)
            if begin < 0 or end < 0:
                continue
            cell = data[begin:end]
            head = cell[: cell.find(b">") + 1]
            reference = _REFERENCE.search(head)
            if reference is None or (column := _column_index(reference.group(1))) not in columns:
                continue
            key = (int(reference.group(2)), column)
            value = _VALUE.search(cell)
            text = value.group(1).decode("utf-8", "replace") if value else ""
            if b' t="e"' in head:
                found[key] = text or None
            elif not text:
                found[key] = None
    return found


def _all(data: bytes, mark: bytes) -> Iterator[int]:
    at = data.find(mark)
    while at >= 0:
        yield at
        at = data.find(mark, at + 1)


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1
