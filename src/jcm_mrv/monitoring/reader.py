"""The entry point: read every data file a project declares into per-period arrays."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import numpy as np

from jcm_mrv.fileformats import limits
from jcm_mrv.fileformats.safepaths import open_regular
from jcm_mrv.findings import Finding, codes
from jcm_mrv.monitoring.aggregate import ParameterAccumulator, PeriodGrid
from jcm_mrv.monitoring.arrowfile import ArrowTable, is_arrow_path
from jcm_mrv.monitoring.collector import FindingCollector
from jcm_mrv.monitoring.csvfile import CsvTable
from jcm_mrv.monitoring.layouts import LayoutReader, LongReader, ReadContext, Readings, WideReader
from jcm_mrv.monitoring.sources import (
    MeterSpec,
    MonitoringData,
    ParameterSpec,
    PeriodSpec,
    SourceSpec,
)
from jcm_mrv.units import UnitError, parse_unit

if TYPE_CHECKING:
    from jcm_mrv.monitoring.calibration import MeterCalibration
    from jcm_mrv.monitoring.xlsxfile import XlsxTable

_XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_ZIP_MAGIC = b"PK\x03\x04"


def read_monitoring_data(
    sources: Sequence[SourceSpec],
    parameters: Mapping[str, ParameterSpec],
    periods: Sequence[PeriodSpec],
    points: Sequence[str],
    progress: Callable[[int, int], None] | None = None,
    *,
    calibrations: Sequence[MeterCalibration] = (),
    meters: Mapping[str, Sequence[MeterSpec]] | None = None,
) -> MonitoringData:
    """Read the data files into per-period, per-point arrays in the methodology's units.

    Only ``parameters`` are read (other columns and rows are ignored). Every problem is
    a finding that names the file and the sheet, row, column or cell; a value with an
    error (missing, unreadable, out of bounds, duplicated) is NaN in ``values``. Input
    files are only read, never modified.

    Example::

        data = read_monitoring_data(
            [SourceSpec(Path("pv.csv"), layout="wide")],
            {"EG_i_p": ParameterSpec("EG_i_p", "MWh", per_point=True, minimum=0)},
            [PeriodSpec("2025", date(2025, 1, 1), date(2025, 12, 31))],
            ["INV-01", "INV-02"],
        )
        data.values["EG_i_p"]  # shape (1, 2), MWh

    A parameter with ``per_day=True`` comes back shaped ``(periods, points or 1, days)``
    (see :class:`MonitoringData`); each day inside a period must have readings.

    ``calibrations``, the points' meters and calibration records, correct the readings
    (:mod:`jcm_mrv.monitoring.calibration`; the records are in ``corrections``).

    ``progress``, if given, is called as reading goes on with the bytes read so far and
    the total size of the files (for a progress bar). ``meters`` gives each point's
    meter history, for the columns a source declares as ``registers`` (cumulative
    readings, see :mod:`jcm_mrv.monitoring.registers`).
    """
    collector = FindingCollector()
    too_large = _size_problems(parameters, periods, points)
    if too_large:
        return MonitoringData(
            values={},
            counts={},
            findings=too_large,
            period_ids=tuple(p.id for p in periods),
            point_ids=tuple(points),
        )
    grid, period_problems = PeriodGrid.build(periods)
    collector.add_many(period_problems)
    point_ids = list(dict.fromkeys(points))
    if len(point_ids) != len(points):
        collector.add(
            codes.DUPLICATE_POINT(
                "a monitoring point id is declared twice; each point is used once",
                path="points",
            )
        )
    usable = _usable_parameters(parameters, collector)
    shapes = {
        symbol: (len(periods), len(point_ids) if p.per_point else 1)
        + ((grid.n_days,) if p.per_day else ())
        for symbol, p in parameters.items()
    }
    data = MonitoringData(
        values={symbol: np.full(shape, np.nan) for symbol, shape in shapes.items()},
        counts={symbol: np.zeros(shape, np.int64) for symbol, shape in shapes.items()},
        exact={symbol: np.full(shape, np.nan, dtype=object) for symbol, shape in shapes.items()},
        period_ids=tuple(p.id for p in periods),
        point_ids=tuple(point_ids),
    )
    if period_problems:
        data.findings = collector.results()
        return data
    accumulators = {
        symbol: ParameterAccumulator(spec, grid, point_ids, collector, meters or {})
        for symbol, spec in usable.items()
    }

    corrector = None
    if any(meter.records for meter in calibrations):
        # imported for calibration records only (most projects have none): a meter
        # without records corrects nothing, and the module's classes cost time to build
        from jcm_mrv.monitoring.calibration import CalibrationCorrector

        corrector = CalibrationCorrector(calibrations, usable, periods, point_ids, collector)

    def sink(readings: Readings) -> None:
        for part in [readings] if corrector is None else corrector.split(readings):
            accumulators[readings.symbol].add(part)

    context = ReadContext(usable, grid.ids, point_ids, collector, sink)
    meter = _ByteMeter(sources, progress)
    for source in sources:
        if source.layout == "mrs":
            from jcm_mrv.monitoring.mrs import read_mrs_source

            read_mrs_source(source, context, periods, data)
        else:
            _read_source(source, context, data, meter)
        meter.file_done(source)
    for accumulator in accumulators.values():
        accumulator.difference_registers(sink)
    for symbol, accumulator in accumulators.items():
        data.values[symbol], data.counts[symbol], data.exact[symbol] = accumulator.finish()
        data.coverage.extend(accumulator.coverage)
        data.substitutions.extend(accumulator.substitutions)
        data.gaps.extend(accumulator.gaps)
    if corrector is not None:
        data.corrections, data.pending = corrector.finish()
    data.findings = collector.results()
    return data


def _size_problems(
    parameters: Mapping[str, ParameterSpec], periods: Sequence[PeriodSpec], points: Sequence[str]
) -> list[Finding]:
    """Findings for a project too large to read: checked before any array is allocated."""
    problems: list[Finding] = []

    def exceeded(limit: limits.Limit, what: str, where: str) -> None:
        problems.append(
            codes.DATA_LIMIT(
                f"{what}; the limit is {limit.get():,} (raise it with {limit.variable})",
                path=where,
            )
        )

    if len(points) > limits.POINTS.get():
        exceeded(limits.POINTS, f"the project declares {len(points):,} monitoring points", "points")
    if len(periods) > limits.PERIODS.get():
        exceeded(limits.PERIODS, f"the project declares {len(periods):,} periods", "periods")
    per_day = [p for p in parameters.values() if p.per_day]
    if per_day and periods and not problems:
        days = max((p.end - p.start).days + 1 for p in periods)
        width = len(points) if any(p.per_point for p in per_day) else 1
        cells = len(periods) * max(width, 1) * days
        if cells > limits.DAY_CELLS.get():
            exceeded(
                limits.DAY_CELLS,
                f"{per_day[0].symbol} is read per day: {len(periods):,} period(s) x "
                f"{width:,} point(s) x {days:,} days (the longest period) make {cells:,} values",
                "periods",
            )
    return problems


def _usable_parameters(
    parameters: Mapping[str, ParameterSpec], collector: FindingCollector
) -> dict[str, ParameterSpec]:
    """Parameters whose declared unit pint understands (others get a finding)."""
    usable: dict[str, ParameterSpec] = {}
    for symbol, spec in parameters.items():
        try:
            parse_unit(spec.unit)
        except UnitError as exc:
            collector.add(
                codes.DATA_UNIT_UNKNOWN(
                    f"the methodology's unit of {symbol} cannot be used: {exc}",
                    path=f"parameters.{symbol}.unit",
                )
            )
            continue
        usable[symbol] = spec
    return usable


class _ByteMeter:
    """Reports bytes read across all files to a progress callback."""

    def __init__(
        self, sources: Sequence[SourceSpec], report: Callable[[int, int], None] | None
    ) -> None:
        self.report = report
        self.sizes = {source.path: _size(source.path) for source in sources}
        self.total = sum(self.sizes.values())
        self.done = 0

    def reading(self, bytes_read: int) -> None:
        """Bytes read of the current file so far."""
        if self.report is not None:
            self.report(min(self.done + bytes_read, self.total), self.total)

    def file_done(self, source: SourceSpec) -> None:
        """A file has been read to its end (or given up on)."""
        self.done += self.sizes[source.path]
        self.reading(0)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_source(
    source: SourceSpec, context: ReadContext, data: MonitoringData, meter: _ByteMeter
) -> None:
    """Read one file, sending its readings to the context's sink."""
    display = str(source.path)
    collector = context.collector
    table: CsvTable | XlsxTable | ArrowTable
    if is_arrow_path(source.path):
        table = ArrowTable(source.path, display, collector, source.date_format is not None)
    elif _is_xlsx(source):
        from jcm_mrv.monitoring.xlsxfile import XlsxTable  # only for workbooks

        table = XlsxTable(source.path, display, source.sheet, collector, source.header_row)
    elif source.path.suffix.lower() == ".xls":
        collector.add(
            codes.DATA_UNREADABLE(
                "legacy .xls workbooks are not read; save the file as .xlsx or CSV",
                file=display,
            )
        )
        return
    else:
        table = CsvTable(
            source.path, display, source.encoding, collector, source.header_row, source.delimiter
        )
    try:
        if not table.open():
            return
        reader: LayoutReader
        if source.layout == "wide":
            reader = WideReader(table, source, context)
        else:
            reader = LongReader(table, source, context)
        if not reader.ok:
            return
        try:
            for block in table.blocks(reader.wanted):
                reader.consume(block)
                meter.reading(table.bytes_read)
        except (OSError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
            collector.add(
                codes.DATA_UNREADABLE(
                    f"reading the file failed part way: {type(exc).__name__}: {exc}",
                    file=display,
                )
            )
        reader.finish()
        data.rows_read[display] = table.rows_read
        if table.rows_read == 0 and not _has_error_for(collector, display):
            collector.add(
                codes.DATA_EMPTY(
                    "the file has a header but no data rows",
                    **table.location(table.header_row, None),
                )
            )
    finally:
        digest = table.close()
        if digest:
            data.file_hashes[display] = digest


def _is_xlsx(source: SourceSpec) -> bool:
    if source.path.suffix.lower() in _XLSX_SUFFIXES:
        return True
    try:
        with open_regular(source.path) as stream:  # a FIFO must not block here
            return stream.read(4) == _ZIP_MAGIC
    except OSError:
        return False


def _has_error_for(collector: FindingCollector, display: str) -> bool:
    return any(
        f.file == display and f.code == codes.DATA_ENCODING.code for f in collector.results()
    )
