"""Parquet and Arrow IPC (Feather) data files, read a row group or record batch at a time.

Large data sets are often kept as Parquet or Arrow files rather than CSV. They go
through the same layouts and checks as a CSV file: the column names are the header
(``EG_i_p [kWh]`` declares the unit as in a CSV header), and rows are numbered as the
CSV the file would be: the column names are row 1, the first record row 2.

pyarrow is an optional dependency (``pip install 'jcm-mrv[parquet]'``), imported only
when such a file is read; without it the file gets a ``JCM-D055`` finding naming the
extra. Only the columns a layout asks for are read, a batch of rows at a time
(:data:`BATCH_ROWS`), so memory holds one batch of those columns, not the file.

Columns are turned into the cells the CSV and xlsx readers give:

* text (and dictionary-encoded text) as the CSV fast path gives it: raw UTF-8 bytes in
  a NUL-padded matrix, a null being an empty cell;
* numbers and booleans as Python values, as a workbook gives them (a null is empty);
* timestamps without a time zone and dates as ISO 8601 text (``2025-01-01T00:15:00``),
  parsed at numpy speed like a CSV file's; when the data file declares a
  ``date_format``, as ``datetime`` values instead, as a workbook's date cells (the
  declared format applies to text only). A timestamp with a time zone is an error
  naming the cell: write local time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from jcm_mrv.fileformats import limits
from jcm_mrv.fileformats.safepaths import open_regular
from jcm_mrv.findings import codes
from jcm_mrv.monitoring.collector import FindingCollector
from jcm_mrv.monitoring.columns import Block, Column, ObjectColumn, clipped
from jcm_mrv.monitoring.csvfile import GATHER_PADDING, RowLocations, gather_cells

PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
ARROW_SUFFIXES = frozenset({".arrow", ".feather", ".ipc", ".arrows"})
BATCH_ROWS = 65_536
_ISO_SECONDS = "%Y-%m-%dT%H:%M:%S"


def is_arrow_path(path: Path) -> bool:
    """True for a file read by this module (by its extension)."""
    return path.suffix.lower() in PARQUET_SUFFIXES | ARROW_SUFFIXES


class ArrowTable(RowLocations):
    """One Parquet or Arrow IPC file: its column names, then blocks of rows.

    Findings name the file, the row (as in a CSV) and the column name."""

    sheet: str | None = None

    def __init__(
        self, path: Path, display: str, collector: FindingCollector, typed_dates: bool = False
    ) -> None:
        self.path = path
        self.display = display
        self.collector = collector
        self.typed_dates = typed_dates
        self.header: list[str] = []
        self.header_row = 1
        self.rows_read = 0
        self.bytes_read = 0  # counted when the file is done
        self._digest = ""
        self._reader: Any = None

    # -- opening ---------------------------------------------------------------------
    def open(self) -> bool:
        """Hash the file, open it with pyarrow and read its schema; False with findings."""
        where: dict[str, Any] = {"file": self.display}
        try:
            self._digest = self._hash()
        except OSError as exc:
            self.collector.add(
                codes.DATA_UNREADABLE(f"cannot read data file: {exc.strerror or exc}", **where)
            )
            return False
        if not self._digest:
            return False
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            self.collector.add(
                codes.DATA_READER_MISSING(
                    "a Parquet or Arrow file is read with pyarrow, which is not installed: "
                    "pip install 'jcm-mrv[parquet]'",
                    **where,
                )
            )
            return False
        kind = "Parquet" if self.path.suffix.lower() in PARQUET_SUFFIXES else "Arrow IPC"
        try:
            names = self._open_parquet() if kind == "Parquet" else self._open_ipc()
        except Exception as exc:  # pyarrow raises assorted errors for damaged files
            self.collector.add(
                codes.DATA_UNREADABLE(
                    f"not a readable {kind} file ({type(exc).__name__}: {clipped(str(exc), 120)})",
                    **where,
                )
            )
            return False
        if len(names) > limits.COLUMNS.get():
            self._limit(limits.COLUMNS, f"the file has {len(names):,} columns")
            return False
        self.header = [str(name) for name in names]
        return True

    def _hash(self) -> str:
        digest = hashlib.sha256()
        with open_regular(self.path) as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > limits.DATA_FILE_BYTES.get():
                self._limit(limits.DATA_FILE_BYTES, f"the file is {size:,} bytes")
                return ""
            while piece := stream.read(1 << 20):
                digest.update(piece)
        return digest.hexdigest()

    def _limit(self, limit: limits.Limit, what: str) -> None:
        self.collector.add(
            codes.DATA_LIMIT(
                f"{what}; the limit is {limit.get():,} ({limit.description[0].lower()}"
                f"{limit.description[1:-1]}; raise it with {limit.variable})",
                file=self.display,
            )
        )

    def _open_parquet(self) -> list[str]:
        import pyarrow.parquet as pq

        # Unbuffered column chunks: pages are read as the batches need them.
        reader = pq.ParquetFile(str(self.path), buffer_size=1 << 20, pre_buffer=False)
        self._reader = reader
        return list(reader.schema_arrow.names)

    def _open_ipc(self) -> list[str]:
        import pyarrow as pa

        try:
            reader: Any = pa.ipc.open_file(pa.memory_map(str(self.path)))
        except pa.ArrowInvalid:  # not the file format: perhaps the stream format
            reader = pa.ipc.open_stream(pa.OSFile(str(self.path)))
        self._reader = reader
        return list(reader.schema.names)

    # -- reading ---------------------------------------------------------------------
    def blocks(self, wanted: Sequence[int]) -> Iterator[Block]:
        """Blocks of rows holding the ``wanted`` columns (0-based), one batch each."""
        names = [self.header[j] for j in wanted]
        first_row = self.header_row + 1
        most = limits.CSV_ROWS.get()
        try:
            for batch in self._record_batches(names):
                n = batch.num_rows
                if first_row - self.header_row - 1 + n > most:
                    self._limit(limits.CSV_ROWS, f"the file has more than {most:,} rows")
                    return
                columns = {
                    j: _column(batch.column(k), self.typed_dates) for k, j in enumerate(wanted)
                }
                rows = np.arange(first_row, first_row + n, dtype=np.int64)
                first_row += n
                self.rows_read += n
                if n:
                    yield Block(rows, columns)
        except Exception as exc:  # a damaged page or batch: pyarrow fails as it decodes
            self.collector.add(
                codes.DATA_MALFORMED(
                    f"the file cannot be read at or after row {first_row}: "
                    f"{type(exc).__name__}: {clipped(str(exc), 120)}",
                    file=self.display,
                    row=first_row,
                )
            )

    def _record_batches(self, names: list[str]) -> Iterator[Any]:
        reader = self._reader
        if hasattr(reader, "iter_batches"):  # Parquet
            yield from reader.iter_batches(batch_size=BATCH_ROWS, columns=names, use_threads=False)
            return
        indices = [reader.schema.get_field_index(name) for name in names]
        if hasattr(reader, "num_record_batches"):  # the IPC file format
            for i in range(reader.num_record_batches):
                yield reader.get_batch(i).select(indices)
        else:
            for batch in reader:
                yield batch.select(indices)

    def close(self) -> str:
        """Forget the reader; return the sha256 hex of the file's bytes."""
        reader, self._reader = self._reader, None
        if reader is not None and hasattr(reader, "close"):
            reader.close()
        return self._digest


def _column(array: Any, typed_dates: bool) -> Column:
    """One Arrow array as the cells a layout reads (see the module docstring)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = array.type
    if pa.types.is_dictionary(kind):
        array = array.dictionary_decode()
        kind = array.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return _text(array)
    if pa.types.is_string_view(kind):
        return _text(array.cast(pa.string()))
    if (pa.types.is_timestamp(kind) and kind.tz is None) or pa.types.is_date(kind):
        if typed_dates:
            return ObjectColumn(array.to_pylist())
        moments = array.cast(pa.timestamp(kind.unit if pa.types.is_timestamp(kind) else "s"))
        # Whole seconds give fixed-width text; otherwise %S writes the fraction too.
        with contextlib.suppress(pa.ArrowInvalid):  # a safe cast: refused if lossy
            moments = moments.cast(pa.timestamp("s"))
        return _text(pc.strftime(moments, format=_ISO_SECONDS))
    if pa.types.is_decimal(kind):  # as a workbook's number cells: floats
        array = array.cast(pa.float64())
        kind = array.type
    if (pa.types.is_integer(kind) or pa.types.is_floating(kind)) and array.null_count == 0:
        return ObjectColumn(array.to_numpy().tolist())
    return ObjectColumn(array.to_pylist())


def _text(array: Any) -> Column:
    """A string array as a NUL-padded byte matrix (nulls are empty cells)."""
    import pyarrow as pa

    if pa.types.is_large_string(array.type):
        offset_type: Any = np.int64
    else:
        offset_type = np.int32
    n = len(array)
    buffers = array.buffers()
    offsets = np.frombuffer(buffers[1], dtype=offset_type)[array.offset : array.offset + n + 1]
    data = buffers[2].to_pybytes() if buffers[2] is not None else b""
    padded = np.frombuffer(data + bytes(GATHER_PADDING), dtype=np.uint8)
    start = offsets[:-1].astype(np.int64)
    end = offsets[1:].astype(np.int64)
    if array.null_count:
        valid = np.asarray(array.is_valid())
        end = np.where(valid, end, start)
    return gather_cells(data, padded, start, end, "utf-8")
