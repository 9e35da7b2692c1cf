"""Plausibility of monitoring values: bounds that depend on the interval, unit hints, outliers.

**Durations.** A bound given as an expression over ``duration``
(:class:`~jcm_mrv.monitoring.sources.ExpressionBound`) is evaluated for the length of
the interval each value covers: a reading's interval is the data file's declared
``interval`` (a month counts its own days); else the longest of the interval its dated
value names (a declared date format without a time of day: a day, a month), the
interval inferred from the readings (see
:func:`~jcm_mrv.monitoring.completeness.infer_interval`; the first one inferred for a
column is kept for its later blocks) and the longer of the steps to the point's
previous and next readings in the block. So monthly totals dated by a day (``15/03/2025``
under ``%d/%m/%Y``) count as months, as the completeness check counts them: a bound
is never applied to a shorter time than the value may cover. A value for a whole
period covers the period (its days × 24 h), a per-day value 24 h. A reading whose
interval is not known is not checked against such a bound (a warning says so); its
period's value still is.

**Unit hint.** A value beyond a maximum by a factor between :data:`HINT_LOW` and
:data:`HINT_HIGH` (or below a positive minimum by such a factor) would lie within the
bound if it were 1,000 times smaller (or larger), and is well outside what a real
excess looks like: the finding adds a hint that the unit label is probably wrong
(kWh values under an ``[MWh]`` label). A maximum such as ``rated power × duration`` is
full load for the whole interval, and real readings sit at 10 % to 100 % of it, so
readings 1,000 times too large land between 100 and 1,000 times the bound.

**Outliers.** Per parameter and monitoring point, the readings' rates (value per hour
of the interval for a summed parameter, the value itself otherwise) are compared with
their median ``m``: a reading more than :data:`OUTLIER_K` scales away is a warning, when
the point has at least :data:`OUTLIER_MIN_READINGS` readings. The scale is 1.4826 × the
median absolute deviation (MAD; it estimates the standard deviation of normal data),
but at least :data:`RELATIVE_FLOOR` × ``|m|``: the MAD of very steady data (a plant at
constant output) is tiny, and a shutdown or a partial month would otherwise be "far".
With the floor, a reading of a non-negative parameter is an outlier only above 3 × the
median (or farther, when the data vary more); a low reading (an idle month) never is.
Only readings whose
interval is a day or longer take part: within a day, output follows the sun or the
working hours, so one distribution per point means nothing there (bounds check those
readings). Memory is bounded: the median and MAD come from a deterministic
systematic sample of at most :data:`SAMPLE_SIZE` rates per point (every reading until
it is full, then every second one kept, and so on), and only the
:data:`CANDIDATES` highest and lowest readings per point are kept, with their cells,
as the outliers that may be reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from jcm_mrv.findings import codes
from jcm_mrv.monitoring.collector import FindingCollector
from jcm_mrv.monitoring.completeness import Interval, infer_interval
from jcm_mrv.monitoring.layouts import Readings, Table
from jcm_mrv.monitoring.sources import ExpressionBound, ParameterSpec
from jcm_mrv.numeric import shown_apart

_MS_PER_HOUR = 3_600_000
HOURS_PER_DAY = 24.0
HINT_LOW = 100.0
"""The smallest factor beyond a bound that gets the unit hint."""
HINT_HIGH = 1000.0
"""The largest factor beyond a bound that gets the unit hint."""
OUTLIER_K = 8.0
"""How many scaled MADs from the median make a reading an outlier."""
OUTLIER_MIN_READINGS = 12
"""A point needs this many readings (a day or longer each) for the outlier check."""
MAD_SCALE = 1.4826
"""MAD × this estimates the standard deviation of normally distributed values."""
RELATIVE_FLOOR = 0.25
"""The scale is at least this share of the median's magnitude."""
SAMPLE_SIZE = 1024
CANDIDATES = 5


def reading_hours(
    readings: Readings,
    period_hours: np.ndarray,
    inferred: dict[tuple[str, int], Interval],
) -> np.ndarray:
    """Length in hours of the interval each reading covers; NaN where it is not known.

    ``period_hours`` gives each period's length (for values per period); ``inferred``
    keeps the interval inferred for a file's column across its blocks.
    """
    spans: np.ndarray
    if readings.key_kind == "period":
        spans = period_hours[readings.keys].astype(np.float64)
        return spans
    interval = readings.interval
    if interval is None:
        key = (readings.table.display, readings.column)
        interval = inferred.get(key)
        if interval is None:
            interval = infer_interval(readings.keys, readings.points)
            if interval is not None:
                inferred[key] = interval
        spans = _local_step_hours(readings)
        if readings.ends is not None:
            spans = np.fmax(spans, (readings.ends - readings.keys) / _MS_PER_HOUR)
        if interval is not None:
            spans = np.fmax(spans, _interval_hours(readings, interval))
        return spans
    return _interval_hours(readings, interval)


def _local_step_hours(readings: Readings) -> np.ndarray:
    """Per reading, the longer of the steps to its point's previous and next readings.

    A reading covers the time up to the next one (timestamps that open their interval)
    or since the previous one (timestamps that close it); the longer of both is never
    shorter than the time it covers when readings are regular. NaN: a lone reading.
    """
    order = np.lexsort((readings.keys, readings.points))
    keys = readings.keys[order].astype(np.float64)
    points = readings.points[order]
    same = points[1:] == points[:-1]
    steps = np.where(same, np.diff(keys), np.nan)
    steps[steps <= 0] = np.nan
    forward = np.append(steps, np.nan)
    backward = np.insert(steps, 0, np.nan)
    local = np.full(keys.shape, np.nan)
    local[order] = np.fmax(forward, backward) / _MS_PER_HOUR
    return local


def _interval_hours(readings: Readings, interval: Interval) -> np.ndarray:
    """Hours of the interval of each reading: fixed, or its own months' days × 24."""
    n = len(readings)
    if not interval.months:
        return np.full(n, interval.millis / _MS_PER_HOUR)
    moments = readings.keys if readings.convention == "start" else readings.keys - 1
    months = moments.astype("datetime64[ms]").astype("datetime64[M]")
    if readings.convention == "end":  # the reading closes its interval: it ends this month
        months = months - (interval.months - 1)
    first = months.astype("datetime64[ms]").astype(np.int64)
    last = (months + interval.months).astype("datetime64[ms]").astype(np.int64)
    hours: np.ndarray = (last - first) / _MS_PER_HOUR
    return hours


def bound_values(bound: ExpressionBound, hours: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The bound for each value: ``hours`` its duration, ``points`` its point's column."""
    result = np.full(hours.shape, np.nan)
    known = ~np.isnan(hours)
    if not known.any():
        return result
    distinct, which = np.unique(hours[known], return_inverse=True)
    table = bound.limits(distinct)
    column = np.minimum(points[known], table.shape[1] - 1)
    result[known] = table[which, column]
    return result


@dataclass(frozen=True)
class Limits:
    """Per value: the lowest and highest allowed (NaN: no limit), and what each came from."""

    low: np.ndarray
    high: np.ndarray
    low_expression: ExpressionBound | None
    high_expression: ExpressionBound | None


def limits(
    spec: ParameterSpec,
    hours: Callable[[], np.ndarray],
    points: np.ndarray,
    *,
    whole: bool,
) -> Limits:
    """The limits of each value: its number bounds and expression bounds, the tighter.

    ``whole``: the values are instances of the parameter's value (a period's value, or
    readings of a mean/min/max/last parameter), so every bound applies; otherwise they
    are parts of a sum: only a minimum of 0 (no negative part) and the expressions over
    ``duration`` apply. ``hours`` gives each value's duration (called only when needed).
    """
    n = points.shape[0]
    low = np.full(n, np.nan)
    high = np.full(n, np.nan)
    if whole and spec.minimum is not None:
        low[:] = spec.minimum
    elif spec.minimum is not None and spec.minimum >= 0:
        low[:] = 0.0
    if whole and spec.maximum is not None:
        high[:] = spec.maximum
    used: list[ExpressionBound | None] = [None, None]
    durations: np.ndarray | None = None
    for side, bound in enumerate((spec.lower, spec.upper)):
        if bound is None or not (whole or bound.per_duration):
            continue
        if durations is None:
            durations = hours()
        values = bound_values(bound, durations, points)
        with np.errstate(invalid="ignore"):
            tighter = np.isnan(low if side == 0 else high) | (
                values > low if side == 0 else values < high
            )
        tighter &= ~np.isnan(values)
        if tighter.any():
            (low if side == 0 else high)[tighter] = values[tighter]
            used[side] = bound
    return Limits(low, high, used[0], used[1])


def violation(
    spec: ParameterSpec,
    value: float,
    low: float,
    high: float,
    hours: float | None,
    lower: ExpressionBound | None,
    upper: ExpressionBound | None,
    at: str = "",
) -> tuple[str, str | None]:
    """``(message, hint)`` for a value outside ``[low, high]`` (NaN: no limit).

    ``at`` follows the symbol (`` at point 'CH-1'``); ``hours`` is the value's duration.
    """
    unit = f" {spec.unit}" if spec.unit and spec.unit != "dimensionless" else ""
    below = not np.isnan(low) and value < low
    limit, bound = (low, lower) if below else (high, upper)
    side = "below the minimum" if below else "above the maximum"
    if below and limit == 0:
        side = "negative, below the minimum"
    source = ""
    if bound is not None:
        over = f", for {hours:g} h" if hours is not None and bound.per_duration else ""
        source = f" (= {bound.text}{over})"
    written, limit_text = shown_apart(value, limit)
    message = f"{spec.symbol}{at} = {written}{unit} is {side} {limit_text}{unit}{source}"
    return message, unit_hint(value, limit, below=below, unit=spec.unit)


def unit_hint(value: float, limit: float, *, below: bool, unit: str) -> str | None:
    """The hint that the unit label is probably wrong, when the factor says so."""
    if below:
        if limit <= 0 or value <= 0:
            return None
        factor = limit / value
    else:
        if limit <= 0:
            return None
        factor = value / limit
    if not HINT_LOW <= factor <= HINT_HIGH:
        return None
    way = "smaller" if below else "larger"
    example = "MWh values under a [kWh] label" if below else "kWh values under an [MWh] label"
    bound = "the minimum" if below else "the maximum"
    times = f"1/{factor:.0f} of" if below else f"{factor:.0f} times"
    return (
        f"the value is {times} {bound}: the unit label is probably wrong (values 1,000 "
        f"times {way} than {unit}, e.g. {example}); check the column's unit"
    )


@dataclass
class _Candidate:
    """A reading whose rate may make it an outlier, and where it is."""

    rate: float
    value: float
    table: Table
    column: int
    row: int


@dataclass
class _PointSketch:
    """A point's bounded sample of rates and its most extreme readings."""

    sample: list[float] = field(default_factory=list)
    stride: int = 1
    seen: int = 0
    high: list[_Candidate] = field(default_factory=list)
    low: list[_Candidate] = field(default_factory=list)

    def add(self, rates: np.ndarray, candidates: list[_Candidate]) -> None:
        """Sample every ``stride``-th rate; a full sample is halved and the stride doubled."""
        start = 0
        while start < rates.size:
            first = start + (-self.seen) % self.stride  # the next rate the stride picks
            room = SAMPLE_SIZE - len(self.sample)
            picked = rates[first :: self.stride][:room]
            self.sample.extend(picked.tolist())
            if picked.size < room:  # the block ends before the sample is full
                self.seen += rates.size - start
                break
            last = first + (room - 1) * self.stride  # the rate that filled the sample
            self.seen += last + 1 - start
            start = last + 1
            self.sample = self.sample[::2]
            self.stride *= 2
        self.high = sorted([*self.high, *candidates], key=lambda c: -c.rate)[:CANDIDATES]
        self.low = sorted([*self.low, *candidates], key=lambda c: c.rate)[:CANDIDATES]


@dataclass
class OutlierCheck:
    """Readings far outside their point's own distribution (see the module's notes)."""

    spec: ParameterSpec
    point_ids: Sequence[str]
    _points: dict[int, _PointSketch] = field(default_factory=dict)

    def add(self, readings: Readings, keep: np.ndarray, hours: np.ndarray) -> None:
        """Take the ``keep`` readings (usable, timestamped) whose interval is a day or more."""
        keep = keep & (hours >= HOURS_PER_DAY)
        if not keep.any():
            return
        index = np.flatnonzero(keep)
        values = readings.conversion.apply(readings.values[index].copy())
        rates = values / hours[index] if self.spec.aggregation == "sum" else values
        points = readings.points[index]
        for point in np.unique(points).tolist():
            mine = np.flatnonzero(points == point)
            rate = rates[mine]
            order = np.argsort(rate, kind="stable")
            ends = np.unique(np.concatenate([order[:CANDIDATES], order[-CANDIDATES:]]))
            candidates = [
                _Candidate(
                    float(rate[k]),
                    float(values[mine[k]]),
                    readings.table,
                    readings.column,
                    int(readings.rows[index[mine[k]]]),
                )
                for k in ends.tolist()
            ]
            self._points.setdefault(int(point), _PointSketch()).add(rate, candidates)

    def report(self, collector: FindingCollector) -> None:
        """A warning for each kept extreme reading that lies beyond the threshold."""
        for point, sketch in sorted(self._points.items()):
            if sketch.seen < OUTLIER_MIN_READINGS:
                continue
            sample = np.array(sketch.sample)
            median = float(np.median(sample))
            mad = float(np.median(np.abs(sample - median)))
            scale = max(MAD_SCALE * mad, RELATIVE_FLOOR * abs(median))
            if scale == 0.0:
                continue  # most readings are 0: no scale to measure distance by
            listed: set[tuple[str, int, int]] = set()
            for candidate in [*sketch.high, *sketch.low]:
                distance = abs(candidate.rate - median) / scale
                where = (candidate.table.display, candidate.column, candidate.row)
                if distance <= OUTLIER_K or where in listed:
                    continue
                listed.add(where)
                collector.add(
                    codes.DATA_OUTLIER(
                        self._message(point, candidate, median, distance, sketch.seen),
                        **candidate.table.location(candidate.row, candidate.column),
                    ),
                    key=(candidate.table.display, candidate.column, "outlier"),
                )

    def _message(
        self, point: int, candidate: _Candidate, median: float, distance: float, seen: int
    ) -> str:
        spec = self.spec
        at = f" at point {self.point_ids[point]!r}" if spec.per_point else ""
        what = "rate" if spec.aggregation == "sum" else "value"
        per = f" {spec.unit}/h" if spec.aggregation == "sum" else f" {spec.unit}"
        return (
            f"{spec.symbol}{at} = {candidate.value:g} {spec.unit}: its {what} "
            f"{candidate.rate:.6g}{per} is {distance:.0f} scales from the median "
            f"{median:.6g}{per} of the point's {seen} readings (threshold {OUTLIER_K:g}; "
            f"scale: 1.4826 × MAD, at least {RELATIVE_FLOOR:g} × the median); it is used "
            "as read: check it"
        )


def period_hours(lengths: np.ndarray) -> np.ndarray:
    """Each period's length in hours, from its length in days."""
    hours: np.ndarray = lengths.astype(np.float64) * HOURS_PER_DAY
    return hours
