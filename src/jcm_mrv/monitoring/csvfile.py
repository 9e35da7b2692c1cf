"""Streaming CSV reader: whole blocks of rows at numpy speed, with exact row numbers.

The file is read in chunks of complete lines (a few MiB), hashed as it is read, and
never held whole in memory. For each chunk:

* **Fast path** (no quotes, every line the same number of fields): the positions of
  delimiters and newlines are found with numpy in the raw bytes, and each wanted column
  is gathered into a NUL-padded byte matrix (:class:`~jcm_mrv.monitoring.columns.BytesColumn`)
  that the number and timestamp parsers read a column at a time. ASCII chunks are not
  even decoded.
* **Slow path** (quoted fields, ragged or blank lines): the chunk is decoded and split
  with :mod:`csv`, row by row.

Encodings: a declared encoding wins. Otherwise UTF-8 (with or without BOM) is assumed
until a chunk does not decode; if nothing but ASCII came before, the file is then read
as CP932, the superset of Shift-JIS that Japanese Excel writes. UTF-16 files (Excel's
"Unicode text") are recognised by their BOM and transcoded. CP932 and UTF-8 never use
the bytes of ``,`` ``;`` TAB, CR or LF inside a multi-byte character, which is what
makes splitting raw bytes safe.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from jcm_mrv import codes
from jcm_mrv.monitoring.collector import FindingCollector
from jcm_mrv.monitoring.columns import Block, BytesColumn, Column, ObjectColumn

CHUNK_BYTES = 4 << 20
_MAX_GATHER_WIDTH = 48  # wider cells (comments) are decoded instead of gathered
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_FALLBACK_ENCODING = "cp932"


class CsvTable:
    """One CSV file: its header, then blocks of data rows (see module docstring)."""

    sheet: str | None = None

    def __init__(
        self,
        path: Path,
        display: str,
        encoding: str | None,
        collector: FindingCollector,
        header_row: int | None = None,
    ) -> None:
        self.path = path
        self.wanted_header_row = header_row
        self.display = display
        self.declared_encoding = encoding
        self.encoding = encoding or "utf-8"
        self.collector = collector
        self.header: list[str] = []
        self.header_row = 0
        self.delimiter = ","
        self.rows_read = 0
        self.bytes_read = 0
        self._hasher = hashlib.sha256()
        self._stream: IO[bytes] | None = None
        self._next_row = 0
        self._seen_non_ascii = False
        self._hashing = True
        self._opened = False
        self._pushback = b""
        self._chunk_iter: Iterator[bytes] = iter(())

    # -- locations -------------------------------------------------------------------
    def location(self, row: int | None, column: int | None) -> dict[str, Any]:
        """Finding location fields for a cell (row is the spreadsheet row number)."""
        where: dict[str, Any] = {"file": self.display}
        if row is not None:
            where["row"] = row
        if column is not None:
            where["field"] = self.column_name(column)
        return where

    def column_name(self, column: int) -> str:
        """The header text of a column (or its 1-based number when the header is blank)."""
        if column < len(self.header) and self.header[column].strip():
            return self.header[column].strip()
        return f"column {column + 1}"

    # -- opening ---------------------------------------------------------------------
    def open(self) -> bool:
        """Open the file and read its header; False (with findings) when that fails."""
        where: dict[str, Any] = {"file": self.display}
        if self.declared_encoding is not None:
            try:
                codecs.lookup(self.declared_encoding)
            except LookupError:
                self.collector.add(
                    codes.DATA_ENCODING(
                        f"unknown encoding {self.declared_encoding!r}; use e.g. utf-8 or cp932",
                        **where,
                    )
                )
                return False
        try:
            self._stream = self.path.open("rb")
            self._opened = True
            head = self._stream.read(4)
        except OSError as exc:
            self.collector.add(
                codes.DATA_UNREADABLE(f"cannot read data file: {exc.strerror or exc}", **where)
            )
            return False
        self._hasher.update(head)
        if not self._prepare_encoding(head):
            return False
        self._chunk_iter = self._chunks(self._pushback)
        self._pushback = b""
        return self._read_header()

    def _prepare_encoding(self, head: bytes) -> bool:
        """Handle BOMs and encodings that are not ASCII-compatible (by transcoding)."""
        assert self._stream is not None
        declared = self.declared_encoding
        utf16_bom = head[:2] in _UTF16_BOMS
        ascii_compatible = declared is None or "a,\n;\t\r".encode(declared) == b"a,\n;\t\r"
        if (declared is None and utf16_bom) or not ascii_compatible:
            rest = self._stream.read()
            self._hasher.update(rest)
            self._stream.close()
            self._hashing = False
            encoding = declared or "utf-16"
            try:
                text = (head + rest).decode(encoding)
            except UnicodeDecodeError as exc:
                self._stream = None
                self.collector.add(
                    codes.DATA_ENCODING(
                        f"cannot decode the file as {encoding}: {exc.reason}", file=self.display
                    )
                )
                return False
            self._stream = io.BytesIO(text.lstrip("\ufeff").encode("utf-8"))
            self.encoding = "utf-8"
            return True
        if head.startswith(_UTF8_BOM) and (declared is None or _is_utf8(declared)):
            head = head[len(_UTF8_BOM) :]
            self.encoding = "utf-8"
        self._pushback = head
        return True

    def _read_header(self) -> bool:
        row = 0
        for chunk in self._chunk_iter:
            position = 0
            while position < len(chunk):
                end = chunk.find(b"\n", position)
                end = len(chunk) if end < 0 else end + 1
                line = chunk[position:end]
                row += 1
                text = self._decode(line, row)
                if text is None:
                    return False
                position = end
                wanted = self.wanted_header_row
                if wanted is not None and row < wanted:
                    continue  # the title block above the table
                if not text.strip().strip(",;\t").strip():
                    if wanted is not None:
                        self.collector.add(
                            codes.DATA_EMPTY(
                                f"row {row}, declared as the header row, is empty",
                                file=self.display,
                                row=row,
                            )
                        )
                        return False
                    continue
                text = text.rstrip("\r\n")
                self.delimiter = _sniff_delimiter(text)
                self.header = next(csv.reader([text], delimiter=self.delimiter))
                self.header_row = row
                self._next_row = row + 1
                self._pushback = chunk[position:]
                return True
        message = (
            "the file is empty"
            if self.wanted_header_row is None
            else f"the file ends before row {self.wanted_header_row}, declared as the header row"
        )
        self.collector.add(codes.DATA_EMPTY(message, file=self.display, row=row or 1))
        return False

    # -- reading ---------------------------------------------------------------------
    def blocks(self, wanted: Sequence[int]) -> Iterator[Block]:
        """Blocks of data rows holding the ``wanted`` columns (0-based header indices)."""
        ncols = len(self.header)
        pending = [self._pushback] if self._pushback else []
        self._pushback = b""
        for chunk in itertools.chain(pending, self._chunk_iter):
            first_row = self._next_row
            text = None if chunk.isascii() else self._decode(chunk, first_row)
            if text is None and not chunk.isascii():
                return
            if b'"' not in chunk:
                fast = _fast_columns(chunk, wanted, ncols, self.delimiter, self.encoding)
                if fast is not None:
                    n_lines, columns = fast
                    self._next_row += n_lines
                    self.rows_read += n_lines
                    rows = np.arange(first_row, first_row + n_lines, dtype=np.int64)
                    yield Block(rows, columns)
                    continue
            if text is None:
                text = chunk.decode("ascii")
            block = self._slow_block(text, wanted, ncols, first_row)
            if len(block):
                yield block

    def _slow_block(self, text: str, wanted: Sequence[int], ncols: int, first_row: int) -> Block:
        cells: list[list[object]] = [[] for _ in wanted]
        rows: list[int] = []
        row = first_row - 1
        records: Iterator[list[str]]
        if '"' in text:
            records = csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter)
        else:
            lines = text.split("\n")
            if text.endswith("\n"):
                lines.pop()
            records = (line.rstrip("\r").split(self.delimiter) for line in lines)
        for record in records:
            row += 1
            if len(record) > ncols and any(field.strip() for field in record[ncols:]):
                self.collector.add(
                    codes.DATA_EXTRA_FIELDS(
                        f"row has {len(record)} fields but the header has {ncols}; "
                        "the extra fields are ignored",
                        file=self.display,
                        row=row,
                    ),
                    key=(self.display, "extra"),
                )
            if not any(field.strip() for field in record):
                continue
            rows.append(row)
            for k, j in enumerate(wanted):
                cells[k].append(record[j] if j < len(record) else "")
        self._next_row = row + 1
        self.rows_read += len(rows)
        columns: dict[int, Column] = {j: ObjectColumn(cells[k]) for k, j in enumerate(wanted)}
        return Block(np.array(rows, dtype=np.int64), columns)

    def close(self) -> str:
        """Read what is left (for the hash), close the file, return the sha256 hex.

        Returns ``""`` when the file could not be opened.
        """
        if not self._opened:
            return ""
        if self._stream is not None:
            while piece := self._stream.read(CHUNK_BYTES):
                if self._hashing:
                    self._hasher.update(piece)
            self._stream.close()
            self._stream = None
        return self._hasher.hexdigest()

    def _chunks(self, carry: bytes) -> Iterator[bytes]:
        """Chunks of whole lines (never splitting a quoted field), hashing as it reads."""
        stream = self._stream
        assert stream is not None
        buffer = carry
        while True:
            piece = stream.read(CHUNK_BYTES)
            if not piece:
                if buffer:
                    yield buffer
                return
            if self._hashing:
                self._hasher.update(piece)
            self.bytes_read += len(piece)
            buffer += piece
            cut = buffer.rfind(b"\n") + 1
            if cut and b'"' in buffer:
                cut = _cut_outside_quotes(buffer, cut)
            if cut == 0:
                continue
            chunk, buffer = buffer[:cut], buffer[cut:]
            yield chunk

    def _decode(self, chunk: bytes, first_row: int) -> str | None:
        """Decode a chunk, switching UTF-8 → CP932 when allowed; None after a finding."""
        if chunk.isascii():
            return chunk.decode("ascii")
        try:
            text = chunk.decode(self.encoding)
        except UnicodeDecodeError as exc:
            utf8_before_error = not chunk[: exc.start].isascii()
            if (
                self.declared_encoding is None
                and _is_utf8(self.encoding)
                and not self._seen_non_ascii
                and not utf8_before_error
            ):
                self.encoding = _FALLBACK_ENCODING
                return self._decode(chunk, first_row)
            self._report_decode_error(chunk, first_row, exc)
            return None
        self._seen_non_ascii = True
        return text

    def _report_decode_error(self, chunk: bytes, first_row: int, exc: UnicodeDecodeError) -> None:
        row = first_row + chunk.count(b"\n", 0, exc.start)
        if self.declared_encoding is not None:
            hint = _guess_encoding(chunk)
            detail = f"the file is not {self.declared_encoding}" + (
                f" (it looks like {hint}: declare that encoding or leave it out)" if hint else ""
            )
        elif self.encoding == _FALLBACK_ENCODING:
            detail = "the file is neither UTF-8 nor CP932 (Shift-JIS); save it as UTF-8"
        else:
            detail = "the file is UTF-8 up to here but not from here on (mixed encodings?)"
        self.collector.add(
            codes.DATA_ENCODING(
                f"cannot decode row {row} as {self.encoding}: {detail}", file=self.display, row=row
            )
        )


def _fast_columns(
    chunk: bytes, wanted: Sequence[int], ncols: int, delimiter: str, encoding: str
) -> tuple[int, dict[int, Column]] | None:
    """Split a chunk with numpy when every line has the same number of fields."""
    if b"\x00" in chunk:  # NUL bytes would be taken for the padding of a cell
        return None
    # Padding lets every cell's window of up to _MAX_GATHER_WIDTH bytes exist.
    padded = np.frombuffer(chunk + bytes(_MAX_GATHER_WIDTH + 1), dtype=np.uint8)
    data = padded[: len(chunk)]
    newlines = np.flatnonzero(data == 10)
    if not chunk.endswith(b"\n"):
        newlines = np.append(newlines, len(data))
    n = len(newlines)
    if n == 0:
        return None
    delimiters = np.flatnonzero(data == ord(delimiter))
    per_line = np.diff(np.searchsorted(delimiters, newlines), prepend=0)
    n_fields = int(per_line[0]) + 1
    if (per_line != n_fields - 1).any():
        return None
    if n_fields < ncols and max(wanted, default=0) >= n_fields:
        return None
    starts = np.empty(n, dtype=np.int64)
    starts[0] = 0
    starts[1:] = newlines[:-1] + 1
    ends = newlines.copy()
    if b"\r" in chunk:
        ends -= (data[np.maximum(ends - 1, 0)] == 13) & (ends > starts)
    grid = delimiters.reshape(n, n_fields - 1)
    if n_fields > ncols and not _extra_fields_empty(grid, ends, ncols):
        return None

    def bounds(j: int) -> tuple[np.ndarray, np.ndarray]:
        start = starts if j == 0 else grid[:, j - 1] + 1
        end = ends if j == n_fields - 1 else grid[:, j]
        return start, end

    columns: dict[int, Column] = {}
    for j in wanted:
        start, end = bounds(j)
        columns[j] = _gather(chunk, padded, start, end, encoding)
    return n, columns


def _extra_fields_empty(grid: np.ndarray, ends: np.ndarray, ncols: int) -> bool:
    """True when every field beyond the header's width is empty (``a,b,c,,``)."""
    extra = grid[:, ncols - 1 :]
    consecutive = (np.diff(extra, axis=1) == 1).all() if extra.shape[1] > 1 else True
    return bool(consecutive and (extra[:, -1] + 1 == ends).all())


def _gather(
    chunk: bytes, padded: np.ndarray, start: np.ndarray, end: np.ndarray, encoding: str
) -> Column:
    """Copy each cell's bytes into a row of a NUL-padded ``(n, width)`` matrix."""
    lengths = end - start
    width = int(lengths.max()) if lengths.size else 0
    if width > _MAX_GATHER_WIDTH:
        values: list[object] = [
            chunk[s:e].decode(encoding, errors="replace")
            for s, e in zip(start.tolist(), end.tolist(), strict=True)
        ]
        return ObjectColumn(values)
    width = max(width, 1)
    # Overlapping fixed-width strings, one starting at every byte: taking those at the
    # cells' starts copies each cell with one memcpy, much faster than byte by byte.
    windows = np.ndarray(
        shape=(padded.shape[0] - width + 1,), dtype=f"S{width}", buffer=padded, strides=(1,)
    )
    matrix = windows[start].view(np.uint8).reshape(-1, width)
    if int(lengths.min()) < width:
        matrix *= np.arange(width) < lengths[:, None]
    return BytesColumn(matrix, encoding)


def _cut_outside_quotes(buffer: bytes, cut: int) -> int:
    """The last line end before ``cut`` with an even number of quotes before it (or 0)."""
    while cut > 0:
        if buffer.count(b'"', 0, cut) % 2 == 0:
            return cut
        cut = buffer.rfind(b"\n", 0, cut - 1) + 1
    return 0


def _sniff_delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (",", "\t", ";")}
    if counts[","]:
        return ","
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _is_utf8(encoding: str) -> bool:
    return codecs.lookup(encoding).name in {"utf-8", "utf-8-sig"}


def _guess_encoding(chunk: bytes) -> str | None:
    for candidate in ("utf-8", _FALLBACK_ENCODING):
        try:
            chunk.decode(candidate)
        except UnicodeDecodeError:
            continue
        return candidate
    return None
