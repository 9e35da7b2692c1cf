"""The monitored values over time: per monitoring point, per calendar day or month.

A calculation gives one value per monitoring period; a report also shows how each
monitored parameter ran *within* the periods. :func:`monitored_series` reads the
project's data once more with the same reader (:func:`jcm_mrv.engine.calculation.read_over`:
the same files, units, bounds and gap handling), but against sub-periods: the calendar
days, or the calendar months, that lie inside the monitoring periods (a month that a
period cuts is cut too). There is no second parser.

**Daily or monthly.** Daily when the monitoring periods span at most
:data:`DAILY_LIMIT` days (first start to last end), monthly otherwise. A parameter read
less often than that (monthly readings in a daily report) is drawn monthly; one read less
often than monthly, or whose data are not timestamped (a value per period, as a
Monitoring Spreadsheet gives them), has no series: the report keeps its per-period
values only.

A sub-period whose value cannot be computed (no reading, or a reading with an error)
is ``None``: a break in the line, never a zero.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from jcm_mrv.engine.results import CalculationResult
    from jcm_mrv.monitoring import MonitoringData, PeriodSpec
    from jcm_mrv.project.loader import LoadedProject

Resolution = Literal["day", "month"]

DAILY_LIMIT = 400
"""The longest span of the monitoring periods, in days, still drawn day by day."""

_DAY_MS = 86_400_000


@dataclass(frozen=True)
class Series:
    """One monitored parameter over time: a line per monitoring point.

    ``starts`` holds the first day of each sub-period (a day, or a calendar month cut
    by the monitoring periods), ``values`` per point one value per sub-period in the
    methodology's ``unit`` (``None``: no value).
    """

    symbol: str
    unit: str
    resolution: Resolution
    starts: tuple[datetime.date, ...]
    points: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]


def resolution_of(result: CalculationResult) -> Resolution:
    """Daily when the monitoring periods span at most :data:`DAILY_LIMIT` days."""
    if not result.periods:
        return "day"
    first = min(p.start for p in result.periods)
    last = max(p.end for p in result.periods)
    return "day" if (last - first).days + 1 <= DAILY_LIMIT else "month"


def sub_periods(
    periods: Sequence[tuple[datetime.date, datetime.date]], resolution: Resolution
) -> list[tuple[datetime.date, datetime.date]]:
    """The calendar days or months inside ``periods`` (inclusive start and end days),
    each cut at the periods' ends, in order."""
    found: list[tuple[datetime.date, datetime.date]] = []
    for start, end in sorted(periods):
        day = start
        while day <= end:
            if resolution == "day":
                last = day
            else:
                following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
                last = min(end, following - datetime.timedelta(days=1))
            found.append((day, last))
            day = last + datetime.timedelta(days=1)
    return found


def monitored_series(project: Path | str, result: CalculationResult) -> list[Series]:
    """The series of every monitored parameter that has one (see the module's text).

    ``result`` is the project's calculation; its coverage records give each
    parameter's reading interval. Returns ``[]`` when the project cannot be read.
    """
    from jcm_mrv.findings.errors import InputError
    from jcm_mrv.project.loader import load_project

    try:
        loaded = load_project(project)
    except InputError:
        return []
    if not loaded.usable:
        return []
    wanted = _resolutions(loaded, result)
    series: list[Series] = []
    for resolution in ("day", "month"):
        symbols = [name for name, chosen in wanted.items() if chosen == resolution]
        if symbols:
            series += _read(loaded, result, resolution, symbols)
    order = list(wanted)
    return sorted(series, key=lambda s: order.index(s.symbol))


def _resolutions(loaded: LoadedProject, result: CalculationResult) -> dict[str, Resolution]:
    """The resolution each monitored parameter is drawn at (none: left out)."""
    from jcm_mrv.methodology.model import DAY_INDEX, MonitoredParameter
    from jcm_mrv.monitoring.completeness import parse_interval

    assert loaded.methodology is not None and loaded.methodology.checked is not None
    methodology = loaded.methodology.checked.methodology
    report = resolution_of(result)
    intervals: dict[str, set[str]] = {}
    for period in result.periods:
        for coverage in period.coverage:
            intervals.setdefault(coverage.parameter, set()).add(coverage.interval)
    chosen: dict[str, Resolution] = {}
    for name, param in methodology.parameters.items():
        if not isinstance(param, MonitoredParameter):
            continue
        if DAY_INDEX in param.index:  # read per day: readings at least daily
            chosen[name] = report
            continue
        parsed = [parse_interval(text) for text in intervals.get(name, ())]
        if not parsed or any(i is None for i in parsed):
            continue  # not timestamped, or irregular: no series
        if all(i is not None and not i.months and i.millis <= _DAY_MS for i in parsed):
            chosen[name] = report
        elif all(i is not None and (i.months == 1 or i.millis <= _DAY_MS) for i in parsed):
            chosen[name] = "month"
    return chosen


def _read(
    loaded: LoadedProject, result: CalculationResult, resolution: Resolution, symbols: list[str]
) -> list[Series]:
    """Read the data against the sub-periods of ``resolution``; the series of ``symbols``."""
    from jcm_mrv.engine.calculation import read_over
    from jcm_mrv.monitoring import PeriodSpec

    spans = sub_periods([(p.start, p.end) for p in result.periods], resolution)
    specs: list[PeriodSpec] = [PeriodSpec(start.isoformat(), start, end) for start, end in spans]
    data = read_over(loaded, specs)
    assert loaded.methodology is not None and loaded.methodology.checked is not None
    parameters = loaded.methodology.checked.methodology.parameters
    found = []
    for symbol in symbols:
        if symbol not in data.values:
            continue
        param = parameters[symbol]
        lengths = [(end - start).days + 1 for start, end in spans]
        values = _per_sub_period(data, symbol, getattr(param, "aggregation", "sum"), lengths)
        points = data.point_ids if _per_point(loaded, symbol) else (symbol,)
        lines = tuple(tuple(row[j] for row in values) for j in range(len(points)))
        if all(v is None for line in lines for v in line):
            continue  # nothing could be read against the sub-periods
        found.append(
            Series(
                symbol=symbol,
                unit=param.unit,
                resolution=resolution,
                starts=tuple(start for start, _ in spans),
                points=tuple(points),
                values=lines,
            )
        )
    return found


def _per_point(loaded: LoadedProject, symbol: str) -> bool:
    from jcm_mrv.methodology.model import DAY_INDEX, PERIOD_INDEX

    assert loaded.methodology is not None and loaded.methodology.checked is not None
    index = loaded.methodology.checked.methodology.parameters[symbol].index
    return bool(set(index or ()) - {PERIOD_INDEX, DAY_INDEX})


def _per_sub_period(
    data: MonitoringData, symbol: str, aggregation: str, lengths: Sequence[int]
) -> list[list[float | None]]:
    """One value per sub-period and point; a per-day parameter's days (the first
    ``lengths[n]`` of sub-period ``n``: the rest is padding) combined as the methodology
    combines readings (its ``aggregation``)."""
    values: Any = data.values[symbol]
    rows: list[list[float | None]] = []
    for n in range(values.shape[0]):
        row: list[float | None] = []
        for j in range(values.shape[1]):
            if values.ndim == 3:
                days = [float(v) for v in values[n, j, : lengths[n]]]
                row.append(_combine(days, aggregation))
            else:
                value = float(values[n, j])
                row.append(None if math.isnan(value) else value)
        rows.append(row)
    return rows


def _combine(days: list[float], aggregation: str) -> float | None:
    if any(math.isnan(v) for v in days):
        return None
    if aggregation == "sum":
        return math.fsum(days)
    if aggregation == "mean":
        return math.fsum(days) / len(days)
    if aggregation == "min":
        return min(days)
    if aggregation == "max":
        return max(days)
    return days[-1]
