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
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from jcm_mrv.fileformats import limits
from jcm_mrv.fileformats.safepaths import open_regular
from jcm_mrv.findings import codes
from jcm_mrv.monitoring.collector import FindingCollector
from jcm_mrv.monitoring.columns import Block, BytesColumn, Column, ObjectColumn, clipped, excerpt

CHUNK_BYTES = 1 << 20
"""A CSV file is read and split in chunks of whole lines of about this size. Each chunk
makes a few arrays of its size; at 4 MiB glibc served them from the heap (its mmap
threshold rises to the largest block freed), which fragmented as the reading went on
and took peak memory 25 to 40 MiB higher, at the same CPU time (docs/performance.md)."""
_MAX_GATHER_WIDTH = 48  # wider cells (comments) are decoded instead of gathered
GATHER_PADDING = _MAX_GATHER_WIDTH + 1
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_FALLBACK_ENCODING = "cp932"
TRANSCODE_BYTES = 256 << 20  # UTF-16 files are transcoded whole, in memory


class RowLocations:
    """Finding locations of a table without sheets: the file, the row and the column."""

    display: str
    header: list[str]

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
            return clipped(self.header[column].strip())
        return f"column {column + 1}"


class CsvTable(RowLocations):
    """One CSV file: its header, then blocks of data rows (see module docstring)."""

    sheet: str | None = None

    def __init__(
        self,
        path: Path,
        display: str,
        encoding: str | None,
        collector: FindingCollector,
        header_row: int | None = None,
        delimiter: str | None = None,
    ) -> None:
        self.path = path
        self.declared_delimiter = delimiter
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
        self.size = 0
        self._hasher = hashlib.sha256()
        self._stream: IO[bytes] | None = None
        self._next_row = 0
        self._seen_non_ascii = False
        self._hashing = True
        self._opened = False
        self._abandoned = False
        self._pushback = b""
        self._chunk_iter: Iterator[bytes] = iter(())

    # -- opening ---------------------------------------------------------------------
    def open(self) -> bool:
        """Open the file and read its header; False (with findings) when that fails."""
        where: dict[str, Any] = {"file": self.display}
        if self.declared_encoding is not None and not _text_encoding(self.declared_encoding):
            self.collector.add(
                codes.DATA_ENCODING(
                    f"{excerpt(self.declared_encoding)} is not a text encoding Python knows; "
                    "use e.g. utf-8 or cp932",
                    **where,
                )
            )
            return False
        try:
            self._stream = open_regular(self.path)
            self._opened = True
            self.size = os.fstat(self._stream.fileno()).st_size
            if self.size > limits.DATA_FILE_BYTES.get():
                self._limit(limits.DATA_FILE_BYTES, f"the file is {self.size:,} bytes", None)
                return False
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
        try:
            return self._read_header()
        except _Malformed as exc:
            self._report(exc)
            return False

    def _limit(self, limit: limits.Limit, what: str, row: int | None) -> None:
        """Report a limit exceeded (reading the file stops there)."""
        self._abandoned = True
        where = self.location(row, None) if row is not None else {"file": self.display}
        self.collector.add(
            codes.DATA_LIMIT(
                f"{what}; the limit is {limit.get():,} ({limit.description[0].lower()}"
                f"{limit.description[1:-1]}; raise it with {limit.variable})",
                **where,
            )
        )

    def _report(self, exc: _Malformed) -> None:
        self._abandoned = True  # the rest is not read, not even for the hash
        if exc.limit is not None:
            self._limit(exc.limit, exc.message, exc.row)
        else:
            self.collector.add(
                codes.DATA_MALFORMED(exc.message, **self.location(exc.row, None)),
            )

    def _prepare_encoding(self, head: bytes) -> bool:
        """Handle BOMs and encodings that are not ASCII-compatible (by transcoding)."""
        assert self._stream is not None
        declared = self.declared_encoding
        utf16_bom = head[:2] in _UTF16_BOMS
        ascii_compatible = declared is None or _ascii_compatible(declared)
        if (declared is None and utf16_bom) or not ascii_compatible:
            if self.size > TRANSCODE_BYTES:
                self._limit(
                    limits.DATA_FILE_BYTES,
                    f"the file is {self.size:,} bytes in an encoding that is read whole "
                    f"(UTF-16 and the like: at most {TRANSCODE_BYTES:,} bytes); save it as UTF-8",
                    None,
                )
                return False
            rest = self._stream.read(TRANSCODE_BYTES)
            self._hasher.update(rest)
            self._stream.close()
            self._hashing = False
            encoding = declared or "utf-16"
            try:
                text = (head + rest).decode(encoding)
            except UnicodeError as exc:
                self._stream = None
                reason = exc.reason if isinstance(exc, UnicodeDecodeError) else str(exc)
                self.collector.add(
                    codes.DATA_ENCODING(
                        f"cannot decode the file as {encoding}: {clipped(reason, 80)}",
                        file=self.display,
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
                if "\r" in text:
                    raise _Malformed(
                        "the line endings are a bare CR (old Mac style); save the file with "
                        "LF or CRLF line endings",
                        row,
                    )
                self.delimiter = self.declared_delimiter or _sniff_delimiter(text)
                try:
                    self.header = next(csv.reader([text], delimiter=self.delimiter))
                except csv.Error as exc:
                    raise _Malformed(f"the header row cannot be read as CSV ({exc})", row) from None
                if len(self.header) > limits.COLUMNS.get():
                    raise _Malformed(
                        f"the header has {len(self.header):,} columns", row, limits.COLUMNS
                    )
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
        """Blocks of data rows holding the ``wanted`` columns (0-based header indices).

        A file that breaks a limit or is malformed (a quote never closed, NUL bytes)
        ends in a finding at the row where that shows; no block is read after it.
        """
        try:
            yield from self._blocks(wanted)
        except _Malformed as exc:
            self._report(exc)

    def _blocks(self, wanted: Sequence[int]) -> Iterator[Block]:
        ncols = len(self.header)
        max_rows = limits.CSV_ROWS.get()
        pending = [self._pushback] if self._pushback else []
        self._pushback = b""
        for chunk in itertools.chain(pending, self._chunk_iter):
            first_row = self._next_row
            text = None if chunk.isascii() else self._decode(chunk, first_row)
            if text is None and not chunk.isascii():
                return
            if self._next_row - self.header_row > max_rows:
                raise _Malformed(
                    f"the file has more than {max_rows:,} rows", first_row, limits.CSV_ROWS
                )
            if b'"' not in chunk:
                fast = _fast_columns(chunk, wanted, ncols, self.delimiter, self.encoding)
                if fast is not None:
                    n_lines, columns = fast
                    _check_cell_lengths(columns, first_row)
                    self._next_row += n_lines
                    self.rows_read += n_lines
                    rows = np.arange(first_row, first_row + n_lines, dtype=np.int64)
                    yield Block(rows, columns)
                    continue
            if text is None:
                text = chunk.decode("ascii")
            block = self._slow_block(chunk, text, wanted, ncols, first_row)
            if len(block):
                yield block

    def _slow_block(
        self, chunk: bytes, text: str, wanted: Sequence[int], ncols: int, first_row: int
    ) -> Block:
        cells: list[list[object]] = [[] for _ in wanted]
        rows: list[int] = []
        lines = text.split("\n")
        if text.endswith("\n"):
            lines.pop()
        # Blank lines (a whitespace bomb may hold millions) are dropped at numpy speed:
        # only lines with content, or inside a quoted field, are looked at one by one.
        kept = _lines_to_read(chunk, self.delimiter).tolist()
        texts = [lines[i] for i in kept]
        records: Iterator[tuple[int, list[str]]]
        if '"' in text:
            records = _quoted_records(texts, kept, self.delimiter)
        else:
            split = (line.rstrip("\r").split(self.delimiter) for line in texts)
            records = zip(kept, split, strict=True)
        row = first_row - 1
        longest = limits.CELL_CHARS.get()
        while True:
            try:
                line, record = next(records, (-1, []))
            except csv.Error as exc:
                raise _Malformed(f"row cannot be read as CSV ({exc})", row + 1) from None
            if line < 0:
                break
            row = first_row + line
            if len(record) > limits.COLUMNS.get():
                raise _Malformed(f"the row has {len(record):,} fields", row, limits.COLUMNS)
            if any(len(record[j]) > longest for j in wanted if j < len(record)):
                raise _Malformed("a cell is longer than the limit", row, limits.CELL_CHARS)
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
        self._next_row = first_row + len(lines)
        self.rows_read += len(rows)
        columns: dict[int, Column] = {j: ObjectColumn(cells[k]) for k, j in enumerate(wanted)}
        return Block(np.array(rows, dtype=np.int64), columns)

    def close(self) -> str:
        """Read what is left (for the hash), close the file, return the sha256 hex.

        Returns ``""`` when the file could not be opened or reading it was given up
        (a limit or a malformed line): its rest is then not read at all.
        """
        if not self._opened:
            return ""
        if self._stream is not None:
            while not self._abandoned and (piece := self._stream.read(CHUNK_BYTES)):
                if self._hashing:
                    self._hasher.update(piece)
            self._stream.close()
            self._stream = None
        return "" if self._abandoned else self._hasher.hexdigest()

    def _chunks(self, carry: bytes) -> Iterator[bytes]:
        """Chunks of whole lines (never splitting a quoted field), hashing as it reads.

        Raises :class:`_Malformed` at the first NUL byte, and when a line (or a quoted
        field) runs longer than the line limit without ending: what is buffered never
        exceeds one chunk plus that limit.
        """
        stream = self._stream
        assert stream is not None
        longest = limits.LINE_BYTES.get()
        buffer = carry
        first_row = 1  # the row of the buffer's first line
        while True:
            piece = stream.read(CHUNK_BYTES)
            if piece and self._hashing:
                self._hasher.update(piece)
            self.bytes_read += len(piece)
            buffer += piece
            nul = buffer.find(b"\x00")
            if nul >= 0:
                raise _Malformed(
                    "the file holds NUL bytes: it is not a text file (or is UTF-16 without "
                    "a BOM: declare the encoding)",
                    first_row + buffer.count(b"\n", 0, nul),
                )
            if not piece:
                if buffer:
                    if b'"' in buffer and _cut_outside_quotes(buffer, len(buffer)) == 0:
                        raise _Malformed(_UNCLOSED_QUOTE, first_row)
                    if len(buffer) > longest:
                        _refuse_long_lines(buffer, first_row, longest)
                    yield buffer
                return
            cut = buffer.rfind(b"\n") + 1
            if cut and b'"' in buffer:
                cut = _cut_outside_quotes(buffer, cut)
            if cut == 0:
                if len(buffer) > longest:
                    _refuse_long_line(buffer, first_row, longest)
                continue
            chunk, buffer = buffer[:cut], buffer[cut:]
            if len(chunk) > longest:
                _refuse_long_lines(chunk, first_row, longest)
            first_row += chunk.count(b"\n")
            if len(buffer) > longest:
                _refuse_long_line(buffer, first_row, longest)
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
    padded = np.frombuffer(chunk + bytes(GATHER_PADDING), dtype=np.uint8)
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
        columns[j] = gather_cells(chunk, padded, start, end, encoding)
    return n, columns


def _extra_fields_empty(grid: np.ndarray, ends: np.ndarray, ncols: int) -> bool:
    """True when every field beyond the header's width is empty (``a,b,c,,``)."""
    extra = grid[:, ncols - 1 :]
    consecutive = (np.diff(extra, axis=1) == 1).all() if extra.shape[1] > 1 else True
    return bool(consecutive and (extra[:, -1] + 1 == ends).all())


def gather_cells(
    chunk: bytes, padded: np.ndarray, start: np.ndarray, end: np.ndarray, encoding: str
) -> Column:
    """Copy each cell's bytes into a row of a NUL-padded ``(n, width)`` matrix.

    ``chunk[start[i]:end[i]]`` is cell ``i``; ``padded`` is ``chunk`` as ``uint8`` followed
    by at least :data:`GATHER_PADDING` zero bytes. Cells wider than that are decoded
    into an :class:`ObjectColumn` instead.
    """
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
    """The last line end before ``cut`` with an even number of quotes before it (or 0).

    One pass over the buffer: the quotes before ``cut`` are counted once, then each
    step back subtracts those of one line.
    """
    odd = buffer.count(b'"', 0, cut) % 2
    while cut > 0:
        if not odd:
            return cut
        before = buffer.rfind(b"\n", 0, cut - 1) + 1
        odd ^= buffer.count(b'"', before, cut) % 2
        cut = before
    return 0


_BLANK = np.zeros(256, dtype=bool)
_BLANK[list(b" \t\r\n")] = True


def _lines_to_read(chunk: bytes, delimiter: str) -> np.ndarray:
    """Indices of the chunk's lines that hold more than blanks and delimiters, or that
    begin inside a quoted field (where a blank line is part of a cell)."""
    data = np.frombuffer(chunk, dtype=np.uint8)
    newlines = np.flatnonzero(data == 10)
    n_lines = len(newlines) + (0 if chunk.endswith(b"\n") else 1)
    blank = _BLANK.copy()
    blank[ord(delimiter)] = True
    content = np.flatnonzero(~blank[data])
    keep = np.unique(np.searchsorted(newlines, content, side="left"))
    quotes = np.flatnonzero(data == ord('"'))
    if quotes.size:
        starts = np.concatenate(([0], newlines + 1))[:n_lines]
        inside = np.searchsorted(quotes, starts, side="left") % 2 == 1
        keep = np.union1d(keep, np.flatnonzero(inside))
    return keep[keep < n_lines]


def _quoted_records(
    texts: list[str], lines: list[int], delimiter: str
) -> Iterator[tuple[int, list[str]]]:
    """CSV records of the kept lines, each with the index of the line it starts on."""
    reader = csv.reader((text + "\n" for text in texts), delimiter=delimiter)
    while True:
        start = reader.line_num
        record = next(reader, None)
        if record is None:
            return
        yield lines[start], record


def _check_cell_lengths(columns: dict[int, Column], first_row: int) -> None:
    """Raise :class:`_Malformed` when a gathered cell is longer than the cell limit."""
    longest = limits.CELL_CHARS.get()
    for column in columns.values():
        if isinstance(column, ObjectColumn):
            for index, value in enumerate(column.values):
                if isinstance(value, str) and len(value) > longest:
                    raise _Malformed(
                        "a cell is longer than the limit", first_row + index, limits.CELL_CHARS
                    )


def _sniff_delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (",", "\t", ";")}
    if counts[","]:
        return ","
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class _Malformed(Exception):
    """Reading cannot go on: the message, the row, and the limit broken (if one was)."""

    def __init__(self, message: str, row: int | None, limit: limits.Limit | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.limit = limit


_UNCLOSED_QUOTE = (
    'a quote (") opens a field that is never closed; a quote inside a field must be '
    'doubled ("") and the field quoted'
)


def _refuse_long_line(buffer: bytes, first_row: int, longest: int) -> None:
    """Raise :class:`_Malformed` for a buffer that holds no line end within the limit."""
    if b'"' in buffer:
        raise _Malformed(_UNCLOSED_QUOTE, first_row)
    raise _Malformed(f"a line runs longer than {longest:,} bytes", first_row, limits.LINE_BYTES)


def _refuse_long_lines(chunk: bytes, first_row: int, longest: int) -> None:
    """Raise :class:`_Malformed` at the first line of ``chunk`` longer than ``longest``."""
    ends = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
    if not chunk.endswith(b"\n"):
        ends = np.append(ends, len(chunk))
    too_long = np.flatnonzero(np.diff(ends, prepend=-1) - 1 > longest)
    if too_long.size:
        raise _Malformed(
            f"a line runs longer than {longest:,} bytes",
            first_row + int(too_long[0]),
            limits.LINE_BYTES,
        )


def _text_encoding(name: str) -> bool:
    """True for an encoding that turns bytes into text (not rot13, base64, zlib)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return False
    return bool(getattr(info, "_is_text_encoding", True))


def _ascii_compatible(encoding: str) -> bool:
    try:
        return "a,\n;\t\r".encode(encoding) == b"a,\n;\t\r"
    except (UnicodeError, LookupError):
        return False


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
