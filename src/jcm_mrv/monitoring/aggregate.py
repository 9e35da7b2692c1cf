"""Combining readings into one value per period and point, block by block.

Readings arrive in blocks (:class:`~jcm_mrv.monitoring.layouts.Readings`) and are folded
into running totals per group (period × point, or period × point × day for a parameter
that varies by day) right away. Nothing is kept per reading: the duplicate check
(:mod:`.duplicates`) and the completeness check mark the reading's interval slot in
bitmaps over periods × points × slots (:class:`~jcm_mrv.monitoring.completeness.SlotGrid`),
and the highest rate of each group is kept for a gap's substitute. The reading interval
is declared, or inferred from the first :data:`INFER_READINGS` readings, which are held
until then (see ``docs/performance.md``, "Memory").

**Periods.** A period covers ``[start 00:00, end + 1 day 00:00)`` when timestamps mark
the start of their interval, and ``(start 00:00, end + 1 day 00:00]`` when they mark its
end (a meter reading at midnight closes the previous day). Sorted timestamps (the usual
case) are cut at the period boundaries with one binary search per boundary.

**Days.** Day ``k`` of a period is its start plus ``k`` days, with the same convention
at midnight (a reading at 00:00 belongs to the day it opens, or with ``end`` timestamps
to the day it closes). Per-day values have as many days as the longest period; the days
after a shorter period's end are padding (0.0, count 0, never missing). A day inside a
period without readings is missing, like a period without readings.

**Units.** Totals are kept in the file's unit, one set per unit conversion, and each
group's total is converted once at the end (see :class:`~jcm_mrv.monitoring.layouts.Readings`).

**Accuracy of sums.** Each block's readings are summed per group with
:func:`jcm_mrv.numeric.grouped_sum_parts` (as accurately as ``math.fsum``); block totals
are carried across blocks with an error-free two-sum and a compensation term.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from jcm_mrv.findings import Finding, codes
from jcm_mrv.monitoring.collector import FindingCollector
from jcm_mrv.monitoring.completeness import (
    MAX_SLOTS,
    Bitmap,
    Interval,
    SlotGrid,
    format_span,
    infer_interval,
    slot_bounds,
)
from jcm_mrv.monitoring.duplicates import DuplicateIndex, Repeat
from jcm_mrv.monitoring.layouts import Readings, Table
from jcm_mrv.monitoring.plausibility import (
    HOURS_PER_DAY,
    OutlierCheck,
    limits,
    period_hours,
    reading_hours,
    violation,
)
from jcm_mrv.monitoring.sources import (
    Aggregation,
    Coverage,
    Gap,
    GapSubstitute,
    MeterSpec,
    ParameterSpec,
    PeriodSpec,
    RegisterUse,
    Substitution,
    TimestampConvention,
    period_problems,
)
from jcm_mrv.numeric import as_written, exact_grouped_sum, grouped_sum_parts
from jcm_mrv.units import Conversion

if TYPE_CHECKING:
    from jcm_mrv.monitoring.registers import RegisterSeries

# Register (cumulative) readings are read by monitoring/registers.py, imported where the
# first one is met: most data hold amounts per interval, and the module's classes cost
# a few milliseconds to build on every run.

_MS_PER_DAY = 86_400_000
_DAYS_LISTED = 10
_POINTS_LISTED = 10
_NO_KEY = np.iinfo(np.int64).min
INFER_READINGS = 200_000
"""Timestamped readings of a parameter held to infer its reading interval (then let go)."""


@dataclass(frozen=True)
class PeriodGrid:
    """Declared periods sorted by start, as millisecond boundaries."""

    ids: tuple[str, ...]
    starts: np.ndarray  # int64 ms of the first day, sorted
    ends: np.ndarray  # int64 ms of the day after the last day
    order: np.ndarray  # sorted position → index in the declared order
    first_days: tuple[datetime.date, ...] = ()  # first day of each period, declared order
    lengths: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # in days

    @property
    def n_days(self) -> int:
        """The length of the longest period in days (the size of a per-day axis), ≥ 1."""
        return max(int(self.lengths.max()), 1) if self.lengths.size else 1

    def day_of(
        self, millis: np.ndarray, period: np.ndarray, convention: TimestampConvention
    ) -> np.ndarray:
        """Day within its period (0 = first day) of each timestamp; 0 where period is -1."""
        if not self.ids:
            return np.zeros(period.shape, dtype=np.int64)
        first = np.empty_like(self.starts)
        first[self.order] = self.starts
        offset = millis - first[np.maximum(period, 0)]
        if convention == "end":  # a reading at midnight closes the day before
            offset -= 1
        return np.where(period >= 0, offset // _MS_PER_DAY, 0)

    @classmethod
    def build(cls, periods: Sequence[PeriodSpec]) -> tuple[PeriodGrid, list[Finding]]:
        """Sort the periods and check them (:func:`~jcm_mrv.monitoring.sources.period_problems`)."""
        problems = [
            problem.code(problem.message, path=f"periods.{periods[problem.index].id}")
            for problem in period_problems(periods)
        ]
        ids = tuple(p.id for p in periods)
        starts = np.array([day_ms(p.start) for p in periods], dtype=np.int64)
        ends = np.array([day_ms(p.end) + _MS_PER_DAY for p in periods], dtype=np.int64)
        order = np.argsort(starts, kind="stable")
        starts, ends = starts[order], ends[order]
        lengths = np.array([max((p.end - p.start).days + 1, 0) for p in periods], np.int64)
        first_days = tuple(p.start for p in periods)
        return cls(ids, starts, ends, order, first_days, lengths), problems

    def assign(self, millis: np.ndarray, convention: TimestampConvention) -> np.ndarray:
        """Index (in declared order) of the period each timestamp falls in, or -1."""
        n = millis.shape[0]
        period = np.full(n, -1, dtype=np.int64)
        if not self.ids or not n:
            return period
        opens: Literal["left", "right"] = "left" if convention == "start" else "right"
        if len(self.ids) <= 4096 and bool((millis[1:] >= millis[:-1]).all()):
            first = np.searchsorted(millis, self.starts, side=opens)
            last = np.searchsorted(millis, self.ends, side=opens)
            for k, (lo, hi) in enumerate(zip(first.tolist(), last.tolist(), strict=True)):
                if hi > lo:
                    period[lo:hi] = self.order[k]
            return period
        closes: Literal["left", "right"] = "right" if convention == "start" else "left"
        position = np.searchsorted(self.starts, millis, side=closes) - 1
        clipped = np.maximum(position, 0)
        ends = self.ends[clipped]
        inside = (millis < ends) if convention == "start" else (millis <= ends)
        inside &= position >= 0
        return np.where(inside, self.order[clipped], -1)


def day_ms(day: datetime.date) -> int:
    """Midnight opening ``day``, as milliseconds since 1970-01-01."""
    return (day - datetime.date(1970, 1, 1)).days * _MS_PER_DAY


def _two_sum_into(total: np.ndarray, compensation: np.ndarray, addend: np.ndarray) -> None:
    """``total += addend`` with the rounding error added to ``compensation`` (Knuth)."""
    result = total + addend
    virtual = result - total
    compensation += (total - (result - virtual)) + (addend - virtual)
    total[:] = result


class _UnitTotals:
    """Running totals per group of readings that share one unit conversion."""

    def __init__(self, conversion: Conversion, how: Aggregation, n_groups: int) -> None:
        self.conversion = conversion
        self.how = how
        self.counts = np.zeros(n_groups, dtype=np.int64)
        self.total = np.zeros(n_groups)
        self.compensation = np.zeros(n_groups)
        self.extreme = np.full(n_groups, np.inf if how == "min" else -np.inf)
        self.last_key = np.full(n_groups, _NO_KEY, dtype=np.int64)
        self.last_value = np.full(n_groups, np.nan)
        self.exact: list[Fraction] = [Fraction(0)] * n_groups if how in ("sum", "mean") else []

    def add(self, groups: np.ndarray, values: np.ndarray, order_keys: np.ndarray) -> None:
        n_groups = self.counts.shape[0]
        self.counts += np.bincount(groups, minlength=n_groups)
        if self.how in ("sum", "mean"):
            high, low = grouped_sum_parts(groups, values, n_groups)
            _two_sum_into(self.total, self.compensation, high)
            self.compensation += low
            for group, total in exact_grouped_sum(groups, values, n_groups).items():
                self.exact[group] += total
        elif self.how == "min":
            np.minimum.at(self.extreme, groups, values)
        elif self.how == "max":
            np.maximum.at(self.extreme, groups, values)
        else:
            order = np.lexsort((order_keys, groups))
            ordered = groups[order]
            last = order[np.flatnonzero(np.append(ordered[1:] != ordered[:-1], True))]
            newer = order_keys[last] >= self.last_key[groups[last]]
            self.last_key[groups[last[newer]]] = order_keys[last[newer]]
            self.last_value[groups[last[newer]]] = values[last[newer]]

    def converted_sum(self) -> np.ndarray:
        """Each group's total in the methodology's unit (scale, then n × offset)."""
        conversion = self.conversion
        total = self.total + self.compensation
        scaled: np.ndarray = Conversion(conversion.scale).apply(total)
        if conversion.offset:
            scaled += self.counts * float(conversion.offset)
        return scaled

    def exact_sum(self) -> list[Fraction]:
        """Each group's exact total (readings as written) in the methodology's unit."""
        scale, offset = self.conversion.scale, self.conversion.offset
        return [
            total * scale + count * offset
            for total, count in zip(self.exact, self.counts.tolist(), strict=True)
        ]

    def exact_values(self, values: np.ndarray) -> list[Fraction | float]:
        """Values (extremes, last values, in the file's unit) exactly in the methodology's."""
        return [
            self.conversion.exact(as_written(v)) if math.isfinite(v) else math.nan
            for v in values.tolist()
        ]

    def converted(self, values: np.ndarray) -> np.ndarray:
        """Values (extremes, last values) in the methodology's unit."""
        converted: np.ndarray = self.conversion.apply(values.copy())
        return converted


@dataclass
class _RowTally:
    """Rows of one column reported once, with the first row and a count."""

    table: Table
    column: int
    first_row: int
    first_key: int
    count: int = 0


@dataclass(frozen=True)
class _Held:
    """A block of timestamped readings held until the reading interval is known."""

    readings: Readings
    period: np.ndarray
    usable: np.ndarray  # inside a period, value read and within bounds


class _MaxRate:
    """Per group, the reading with the highest rate (value over its interval's length)."""

    def __init__(self, n_groups: int) -> None:
        self.rate = np.full(n_groups, -np.inf)
        self.raw = np.zeros(n_groups)  # the reading in the file's unit
        self.length = np.zeros(n_groups, dtype=np.int64)
        self.conversion = np.full(n_groups, -1, dtype=np.int64)
        self.conversions: list[Conversion] = []

    def add(
        self, groups: np.ndarray, raw: np.ndarray, conversion: Conversion, lengths: np.ndarray
    ) -> None:
        if not groups.size:
            return
        rate = conversion.apply(raw.copy()) / lengths
        order = np.lexsort((-rate, groups))  # stable: the first of equal rates wins
        ordered = groups[order]
        first = order[np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))]
        better = first[rate[first] > self.rate[groups[first]]]
        if not better.size:
            return
        if conversion not in self.conversions:
            self.conversions.append(conversion)
        where = groups[better]
        self.rate[where] = rate[better]
        self.raw[where] = raw[better]
        self.length[where] = lengths[better]
        self.conversion[where] = self.conversions.index(conversion)


@dataclass
class ParameterAccumulator:
    """Folds the readings of one parameter into per-period, per-point values."""

    spec: ParameterSpec
    grid: PeriodGrid
    point_ids: Sequence[str]
    collector: FindingCollector
    meters: Mapping[str, Sequence[MeterSpec]] = field(default_factory=dict)
    """Each point's meter history (register readings, see :mod:`.registers`)."""
    _totals: dict[Conversion, _UnitTotals] = field(default_factory=dict)
    _duplicates: dict[str, DuplicateIndex | None] = field(default_factory=dict)
    _outside: dict[tuple[str, int], _RowTally] = field(default_factory=dict)
    _period_rows: dict[tuple[str, int], _RowTally] = field(default_factory=dict)
    _files: set[str] = field(default_factory=set)
    _held: list[_Held] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)
    substitutions: list[Substitution] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    """Gaps whose handling depends on the values (see :class:`Completeness`)."""
    _registers: RegisterSeries | None = None
    _register_notes: dict[int, RegisterUse] = field(default_factory=dict)
    _register_parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, Interval | None]] = field(
        default_factory=list
    )
    """Differences of register readings: groups, starts, exclusive ends, declared interval."""
    _inferred: dict[tuple[str, int], Interval] = field(default_factory=dict)
    """Reading interval inferred per file and column (for bounds over duration)."""

    def __post_init__(self) -> None:
        self._outliers = OutlierCheck(self.spec, self.point_ids)
        self.width = len(self.point_ids) if self.spec.per_point else 1
        self.depth = self.grid.n_days if self.spec.per_day else 1
        self.n_groups = len(self.grid.ids) * self.width * self.depth
        # per day: False for the padding days after a shorter period's end
        self._real_day: np.ndarray | None = None
        if self.spec.per_day:
            group = np.arange(self.n_groups)
            period = group // (self.depth * self.width)
            self._real_day = group % self.depth < self.grid.lengths[period]
        self._poisoned = np.zeros(self.n_groups, dtype=bool)
        self._kinds = {
            "time": np.zeros(self.n_groups, dtype=bool),
            "period": np.zeros(self.n_groups, dtype=bool),
        }
        # the reading interval and what rests on it (see _settle)
        self._held_count = 0
        self._settled = False
        self._settled_early = False
        self._slots: SlotGrid | None = None
        self._interval_inferred = False
        self._too_many_slots = 0
        self._present: Bitmap | None = None  # bitmap of the slots with a reading
        self._timed = False  # some usable timestamped reading (completeness applies)
        self._has_amounts = np.zeros(self.n_groups, dtype=bool)  # timed amounts, not registers
        self._substitute: GapSubstitute | None = None
        may_fill = self.spec.aggregation == "sum" and self.spec.direction in ("lowers", "depends")
        self._max_rate = _MaxRate(self.n_groups) if may_fill else None

    # -- per block -------------------------------------------------------------------
    def add(self, readings: Readings) -> None:
        """Fold one block of readings into the totals."""
        self._files.add(readings.table.display)
        if readings.register == "reading":  # differenced once every file is read
            self._register_series().add(readings)
            return
        if readings.key_kind == "time":
            period = self.grid.assign(readings.keys, readings.convention)
            if readings.ends is not None:
                period = self._whole_intervals(readings, period)
            self._note_outside(readings, period)
        elif self.spec.per_day:
            self._refuse_period_rows(readings)
            return
        else:
            period = readings.keys
        bad = readings.bad | self._reading_bounds(readings)
        inside = period >= 0
        usable = inside & ~bad
        if readings.register != "difference":  # differences: exact spans, never on a grid
            self._index(readings, period, usable)
        groups_of = self._groups(period, readings.points, readings.keys, readings.convention)
        if bad.any():
            self._poisoned[groups_of[inside & bad]] = True
        ends = readings.ends if readings.register == "difference" else None
        if usable.all():
            groups, values = groups_of, readings.values
            order_keys = readings.keys if readings.key_kind == "time" else readings.rows
        else:
            keep = np.flatnonzero(usable)
            groups, values = groups_of[keep], readings.values[keep]
            order_keys = (readings.keys if readings.key_kind == "time" else readings.rows)[keep]
            ends = None if ends is None else ends[keep]
        if not groups.size:
            return
        if readings.key_kind == "time" and not self.spec.per_day:
            if readings.register == "difference":  # exact spans: see Completeness
                assert ends is not None
                self._register_parts.append((groups, order_keys, ends, readings.interval))
                if self._max_rate is not None:
                    self._max_rate.add(groups, values, readings.conversion, ends - order_keys)
            else:
                self._timed = True
                self._has_amounts[groups] = True
            if self._substitute is None:
                self._substitute = readings.substitute
        self._kinds[readings.key_kind][groups] = True
        totals = self._totals.get(readings.conversion)
        if totals is None:
            totals = _UnitTotals(readings.conversion, self.spec.aggregation, self.n_groups)
            self._totals[readings.conversion] = totals
        totals.add(groups, values, order_keys)

    def _register_series(self) -> RegisterSeries:
        if self._registers is None:
            from jcm_mrv.monitoring.registers import RegisterSeries

            grid = self.grid
            self._registers = RegisterSeries(
                self.spec,
                grid.starts,
                grid.ends,
                grid.order,
                grid.ids,
                self.point_ids,
                self.meters,
                self.collector,
                self.width,
            )
        return self._registers

    def difference_registers(self, sink: Callable[[Readings], None] | None = None) -> None:
        """Register readings become interval amounts, handed on like any reading.

        ``sink`` receives the differences (the reader passes them through the same
        calibration correction as other readings: a correction scales an amount, never a
        meter's index); by default they are folded in here. Called once every file is
        read; :meth:`finish` calls it when the reader has not.
        """
        if self._registers is None:
            return
        result = self._registers.intervals()
        for readings in result.readings:
            (sink or self.add)(readings)
        self._poisoned[result.refused] = True
        self._register_notes = result.notes
        self._registers = None

    def _whole_intervals(self, readings: Readings, period: np.ndarray) -> np.ndarray:
        """Readings that name an interval (a day, a month) must lie inside one period.

        One that crosses a boundary is an error naming its cell; the periods it touches
        get no value (its amount cannot be split without a guess).
        """
        assert readings.ends is not None
        last = self.grid.assign(readings.ends - 1, "start")
        split = period != last
        if self.spec.per_day:
            split |= readings.ends - readings.keys > _MS_PER_DAY
        if not split.any():
            return period
        for index in np.flatnonzero(split).tolist():
            start, end = int(readings.keys[index]), int(readings.ends[index])
            why = (
                f"{self.spec.symbol} is read per day, and this value covers more than a day"
                if self.spec.per_day and end - start > _MS_PER_DAY
                else "it crosses a monitoring period's boundary"
            )
            self.collector.add(
                codes.DATA_INTERVAL_SPLIT(
                    f"the value for {_format_ms(start)} to {_format_ms(end)} (exclusive) "
                    f"cannot be attributed: {why}",
                    **readings.table.location(int(readings.rows[index]), readings.column),
                ),
                key=(readings.table.display, readings.column, "interval-split"),
            )
        touched = np.concatenate([period[split], last[split]])
        points = np.concatenate([readings.points[split]] * 2)
        keys = np.concatenate([readings.keys[split], readings.ends[split] - 1])
        inside = touched >= 0
        groups = self._groups(touched[inside], points[inside], keys[inside], "start")
        self._poisoned[groups] = True
        return np.where(split, np.where(period >= 0, period, last), period)

    def _groups(
        self,
        period: np.ndarray,
        points: np.ndarray,
        millis: np.ndarray,
        convention: TimestampConvention,
    ) -> np.ndarray:
        """Group of each reading: period × point (× day of the period, per day)."""
        groups: np.ndarray = period * self.width + points
        if self.spec.per_day:
            groups = groups * self.depth + self.grid.day_of(millis, period, convention)
        return groups

    def _note_outside(self, readings: Readings, period: np.ndarray) -> None:
        _tally(self._outside, readings, period < 0)

    def _refuse_period_rows(self, readings: Readings) -> None:
        """A value per period cannot say which day it belongs to: its groups get no value."""
        _tally(self._period_rows, readings, np.ones(len(readings), dtype=bool))
        first = (readings.keys * self.width + readings.points) * self.depth
        self._poisoned[(first[:, np.newaxis] + np.arange(self.depth)).ravel()] = True

    # -- duplicates and completeness, in bounded memory --------------------------------
    def _index(self, readings: Readings, period: np.ndarray, usable: np.ndarray) -> None:
        """Mark the block's readings in the slot bitmaps (holding them while the
        reading interval is not yet known)."""
        kind = readings.key_kind
        if kind == "period":
            index = self._duplicates.get("period")
            if index is None:
                index = DuplicateIndex(len(self.grid.ids) * self.width, self.width)
                self._duplicates["period"] = index
            composite = readings.keys * self.width + readings.points
            repeats = index.add(
                readings.table,
                readings.column,
                composite,
                readings.rows,
                composite,
                readings.keys >= 0,
                readings.convention,
            )
            self._poison_repeats(readings, repeats)
            return
        if self._settled:
            self._index_timed(readings, period, usable)
            return
        self._duplicates.setdefault("time", None)  # keeps the order of the kinds' reports
        self._held.append(_Held(readings, period, usable))
        self._held_count += len(readings)
        if self._held_count >= INFER_READINGS:
            self._settle(early=True)

    def _settle(self, *, early: bool) -> None:
        """Decide the reading interval from the held readings, then mark them."""
        held, self._held = self._held, []
        self._settled, self._settled_early = True, early
        timed = [h for h in held if h.usable.any()] if not self.spec.per_day else []
        interval = next(
            (h.readings.interval for h in timed or held if h.readings.interval is not None),
            None,
        )
        if interval is None and held:
            chosen = timed or held
            keys = np.concatenate(
                [h.readings.keys[h.usable] if timed else h.readings.keys for h in chosen]
            )
            points = np.concatenate(
                [h.readings.points[h.usable] if timed else h.readings.points for h in chosen]
            )
            interval = infer_interval(keys, points)
            self._interval_inferred = interval is not None
        if interval is not None:
            first = np.array([day_ms(day) for day in self.grid.first_days], dtype=np.int64)
            grid = SlotGrid.build(
                interval, first, first + self.grid.lengths * _MS_PER_DAY, self.width
            )
            if grid.size <= MAX_SLOTS:
                self._slots = grid
                if not self.spec.per_day:
                    self._present = Bitmap(grid.size)
            elif not self.spec.per_day:  # per day, completeness is not checked anyway
                self._too_many_slots = grid.size
        size = self._slots.size if self._slots is not None else 0
        self._duplicates["time"] = DuplicateIndex(size, self.width)
        for entry in held:
            self._index_timed(entry.readings, entry.period, entry.usable)

    def _index_timed(self, readings: Readings, period: np.ndarray, usable: np.ndarray) -> None:
        """Check a block of timestamped readings for duplicates and mark their slots."""
        index = self._duplicates["time"]
        assert index is not None
        keys, points = readings.keys, readings.points
        slots = self._slots
        # a timestamp's place on the grid does not depend on the convention, so that the
        # same timestamp is the same slot in every file: periods as if timestamps opened
        # their intervals (which the block's periods are, in the usual case)
        opening = readings.convention == "start" and readings.ends is None
        if slots is not None:
            where = period if opening else self.grid.assign(keys, "start")
            known = np.maximum(where, 0)
            slot, on_grid = slots.locate(known, keys)
            on_grid &= where >= 0
            numbers = slots.index(known, slot, points)
        else:
            on_grid = np.zeros(len(readings), dtype=bool)
            numbers = on_grid.astype(np.int64)
        repeats = index.add(
            readings.table,
            readings.column,
            keys * self.width + points,
            readings.rows,
            numbers,
            on_grid,
            readings.convention,
        )
        self._poison_repeats(readings, repeats)
        if self._present is None or slots is None or not usable.any():
            return
        if opening:  # the slots are those found above
            use = np.flatnonzero(usable & slots.inside(known, slot))
            mine, slot_used, number_used = known[use], slot[use], numbers[use]
        else:
            use = np.flatnonzero(usable)
            moments = keys[use] - 1 if readings.convention == "end" else keys[use]
            slot_used = slots.slot_of(period[use], moments)
            inside = slots.inside(period[use], slot_used)
            use, mine, slot_used = use[inside], period[use][inside], slot_used[inside]
            number_used = slots.index(mine, slot_used, points[use])
        self._present.mark(number_used)
        if self._max_rate is not None:
            self._max_rate.add(
                mine * self.width + points[use],
                readings.values[use],
                readings.conversion,
                slots.lengths(mine, slot_used),
            )

    def _poison_repeats(self, readings: Readings, repeats: np.ndarray) -> None:
        """Duplicated readings are counted twice in the totals: their groups get no value."""
        if not repeats.size:
            return
        keys, points = readings.keys[repeats], readings.points[repeats]
        if readings.key_kind == "time":
            period = self.grid.assign(keys, readings.convention)
            groups = self._groups(period, points, keys, readings.convention)
        else:
            period = keys
            groups = self._groups(period, points, keys, "start")
        self._poisoned[groups[period >= 0]] = True

    def _reading_bounds(self, readings: Readings) -> np.ndarray:
        """Readings outside the bounds: an error naming each cell (a few, then a count).

        A reading is an instance of the parameter's value when it is a per-period value
        or when the aggregation is mean/min/max/last; then every bound applies to it. The
        readings of a summed parameter are parts of its value: only a negative reading
        where the minimum forbids negative values is refused, and a bound expression over
        ``duration`` (evaluated for the reading's interval). The usable timestamped
        readings also feed the outlier check (:mod:`.plausibility`).
        """
        spec = self.spec
        whole = readings.key_kind == "period" or spec.aggregation != "sum"
        hours: np.ndarray | None = None

        def durations() -> np.ndarray:
            nonlocal hours
            if hours is None:
                hours = reading_hours(readings, period_hours(self.grid.lengths), self._inferred)
            known: np.ndarray = np.asarray(hours, dtype=np.float64)
            return known

        found = limits(spec, durations, readings.points, whole=whole)
        values = readings.conversion.apply(readings.values.copy())
        with np.errstate(invalid="ignore"):
            out: np.ndarray = (values < found.low) | (values > found.high)
        for index in np.flatnonzero(out).tolist():
            message, hint = violation(
                spec,
                float(values[index]),
                float(found.low[index]),
                float(found.high[index]),
                None if hours is None else float(hours[index]),
                found.low_expression,
                found.high_expression,
                f" at point {self.point_ids[int(readings.points[index])]!r}"
                if spec.per_point
                else "",
            )
            self.collector.add(
                codes.DATA_OUT_OF_BOUNDS(
                    message,
                    hint=hint,
                    **readings.table.location(int(readings.rows[index]), readings.column),
                ),
                key=(readings.table.display, readings.column, "bounds"),
            )
        per_duration = any(b is not None and b.per_duration for b in (spec.lower, spec.upper))
        if hours is not None and per_duration and np.isnan(hours).any():
            first = int(np.argmax(np.isnan(hours)))
            self.collector.add(
                codes.DATA_BOUND_UNKNOWN(
                    f"the readings of {spec.symbol} in this column have no known interval "
                    "(declare 'interval:' on the data file), so they are not checked against "
                    "its bound over duration; their periods' values are",
                    **readings.table.location(int(readings.rows[first]), readings.column),
                ),
                key=(readings.table.display, readings.column, "bound-unknown"),
            )
        if readings.key_kind == "time":
            keep = ~(readings.bad | out)
            if keep.any():
                self._outliers.add(readings, keep, durations())
        return out

    # -- at the end ------------------------------------------------------------------
    def finish(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(values, counts, exact)`` shaped (periods, points[, days]); report what is wrong.

        ``exact`` holds the same values as exact fractions of the readings as written
        (an object array; NaN where ``values`` is NaN).
        """
        self.difference_registers()
        for entry in self._outside.values():
            self.collector.add(
                codes.DATA_OUTSIDE_PERIODS(
                    f"{entry.count} reading(s) of {self.spec.symbol} fall in no monitoring "
                    f"period and are not used; first at row {entry.first_row} "
                    f"({_format_ms(entry.first_key)})",
                    **entry.table.location(entry.first_row, entry.column),
                )
            )
        for entry in self._period_rows.values():
            self.collector.add(
                codes.DATA_COLUMN_MISSING(
                    f"{self.spec.symbol} varies by day of the monitoring period (index d), "
                    f"so it needs timestamped readings; {entry.count} row(s) give a value "
                    f"for a whole period instead and are not used; first at row "
                    f"{entry.first_row}",
                    **entry.table.location(entry.first_row, entry.column),
                )
            )
        if not self._settled:
            self._settle(early=False)
        self._report_interval()
        for kind, index in self._duplicates.items():
            if index is not None:
                self._check_duplicates(kind, index)
        self._duplicates = {}
        mixed = np.flatnonzero(self._kinds["time"] & self._kinds["period"])
        for group in mixed.tolist():
            self._group_error(
                codes.DATA_MIXED_KEYS,
                group,
                "has both a value for the whole period and timestamped readings",
            )
        poisoned = self._poisoned
        poisoned[mixed] = True
        values, counts, exact = self._combine()
        Completeness(self, values, counts, exact, poisoned).run()
        self._check_period_bounds(values, counts, poisoned)
        values[poisoned | (counts == 0)] = np.nan
        exact[poisoned | (counts == 0)] = math.nan
        if self._real_day is None:
            self._report_missing(counts, poisoned)
            shape: tuple[int, ...] = (len(self.grid.ids), self.width)
        else:
            values[~self._real_day] = 0.0
            exact[~self._real_day] = Fraction(0)
            self._report_missing_days(counts, poisoned, self._real_day)
            shape = (len(self.grid.ids), self.width, self.depth)
        return values.reshape(shape), counts.reshape(shape), exact.reshape(shape)

    def _combine(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Totals of every unit, converted and combined (floats, and exact fractions)."""
        how = self.spec.aggregation
        parts = list(self._totals.values())
        counts = np.zeros(self.n_groups, dtype=np.int64)
        for part in parts:
            counts += part.counts
        exact = np.empty(self.n_groups, dtype=object)
        if not parts:
            exact.fill(math.nan)
            return np.full(self.n_groups, np.nan), counts, exact
        values: np.ndarray
        if how in ("sum", "mean"):
            sums = [part.converted_sum() for part in parts]
            if len(sums) == 1:
                values = sums[0]
            else:
                stacked = np.stack(sums, axis=1)
                values = np.array([math.fsum(row) for row in stacked.tolist()])
            per_part = [part.exact_sum() for part in parts]
            exact[:] = [sum(column, Fraction(0)) for column in zip(*per_part, strict=True)]
            if how == "mean":
                with np.errstate(invalid="ignore", divide="ignore"):
                    values = values / counts
                exact[:] = [
                    total / count if count else math.nan
                    for total, count in zip(exact.tolist(), counts.tolist(), strict=True)
                ]
            return values, counts, exact
        if how in ("min", "max"):
            candidates = np.stack([part.converted(part.extreme) for part in parts])
            raw = [part.extreme for part in parts]
            with np.errstate(invalid="ignore"):
                chosen = np.argmin(candidates, axis=0) if how == "min" else np.argmax(candidates, 0)
        else:
            keys = np.stack([part.last_key for part in parts])
            chosen = np.argmax(keys, axis=0)
            candidates = np.stack([part.converted(part.last_value) for part in parts])
            raw = [part.last_value for part in parts]
        values = candidates[chosen, np.arange(self.n_groups)]
        exact_parts = [part.exact_values(r) for part, r in zip(parts, raw, strict=True)]
        exact[:] = [exact_parts[k][g] for g, k in enumerate(chosen.tolist())]
        return values, counts, exact

    def _report_interval(self) -> None:
        """Say when the interval was inferred from the first readings only, or when the
        slots are too many to check."""
        spec, slots = self.spec, self._slots
        where: dict[str, Any] = {"path": f"monitoring.{spec.symbol}"}
        if self._settled_early and self._interval_inferred and slots is not None:
            self.collector.add(
                codes.DATA_INTERVAL_INFERRED(
                    f"the reading interval of {spec.symbol} ({slots.interval.label}) was "
                    f"inferred from its first {self._held_count:,} readings and applied to "
                    "the rest; declare 'interval:' on the data file to set it",
                    **where,
                )
            )
        if self._too_many_slots:
            self.collector.add(
                codes.DATA_SLOTS_LIMIT(
                    f"the completeness of {spec.symbol} is not checked: its periods, points "
                    f"and reading intervals make {self._too_many_slots:,} slots, more than "
                    f"{MAX_SLOTS:,}; declare a longer 'interval:' or split the periods",
                    **where,
                )
            )

    def _check_duplicates(self, kind: str, index: DuplicateIndex) -> None:
        """Two readings for the same point and timestamp (or period) are an error."""
        listed, count, keys, opens = index.finish()
        for repeat in listed:
            key, point = divmod(repeat.composite, self.width)
            when = _format_ms(key) if kind == "time" else f"period {self.grid.ids[key]!r}"
            at = f" at point {self.point_ids[point]!r}" if self.spec.per_point else ""
            self.collector.add(
                codes.DATA_DUPLICATE(
                    f"{self.spec.symbol}{at} for {when} is given twice ({_earlier(repeat)})",
                    **repeat.table.location(repeat.row, repeat.column),
                )
            )
        if count > len(listed):
            assert index.first_table is not None
            self.collector.add(
                codes.DATA_DUPLICATE(
                    f"{count - len(listed)} more duplicated reading(s) of "
                    f"{self.spec.symbol} not listed",
                    file=index.first_table.display,
                )
            )
        if not keys.size:
            return
        # Off-grid duplicated readings are counted twice too: their groups get no value.
        twice_keys, twice_points = np.divmod(keys, self.width)
        if kind == "time":
            by_start = self.grid.assign(twice_keys, "start")
            by_end = self.grid.assign(twice_keys, "end")
            period = np.where(opens, by_start, by_end)
            groups = np.where(
                opens,
                self._groups(by_start, twice_points, twice_keys, "start"),
                self._groups(by_end, twice_points, twice_keys, "end"),
            )
        else:
            period = twice_keys
            groups = self._groups(period, twice_points, twice_keys, "start")
        self._poisoned[groups[period >= 0]] = True

    def _check_period_bounds(
        self, values: np.ndarray, counts: np.ndarray, poisoned: np.ndarray
    ) -> None:
        """A period's (or day's) value aggregated from readings must lie within bounds.

        Expression bounds are evaluated for the period's length (a day's value: 24 h);
        the outliers among the readings are reported here too, once all are seen.
        """
        self._outliers.report(self.collector)
        spec = self.spec
        checked = self._kinds["time"] & (counts > 0) & ~poisoned
        group = np.arange(self.n_groups)
        rest, _ = np.divmod(group, self.depth)
        period, point = np.divmod(rest, self.width)
        hours = (
            np.full(self.n_groups, HOURS_PER_DAY)
            if spec.per_day
            else period_hours(self.grid.lengths)[period]
        )
        found = limits(spec, lambda: hours, point, whole=True)
        with np.errstate(invalid="ignore"):
            outside = (values < found.low) | (values > found.high)
        for bad in np.flatnonzero(checked & outside).tolist():
            message, hint = violation(
                spec,
                float(values[bad]),
                float(found.low[bad]),
                float(found.high[bad]),
                float(hours[bad]),
                found.low_expression,
                found.high_expression,
            )
            text = message.removeprefix(spec.symbol).removeprefix(" = ")
            self._group_error(codes.DATA_OUT_OF_BOUNDS, bad, f"= {text}", hint=hint)
            poisoned[bad] = True

    def _report_missing(self, counts: np.ndarray, poisoned: np.ndarray) -> None:
        missing = (counts == 0) & ~poisoned
        files = sorted(self._files)
        where: dict[str, Any] = {"path": f"monitoring.{self.spec.symbol}"}
        if len(files) == 1:
            where["file"] = files[0]
        for period in range(len(self.grid.ids)):
            lacking = np.flatnonzero(missing[period * self.width : (period + 1) * self.width])
            if not lacking.size:
                continue
            at = ""
            if self.spec.per_point:
                names = [self.point_ids[int(k)] for k in lacking[:10]]
                more = f" and {lacking.size - 10} more" if lacking.size > 10 else ""
                at = f" at point(s) {', '.join(names)}{more}"
            source = f" in {', '.join(files)}" if files else " in any readable data file"
            self.collector.add(
                codes.DATA_MISSING(
                    f"no data for {self.spec.symbol} in period {self.grid.ids[period]!r}{at}"
                    f"{source}; no value is computed for it",
                    **where,
                )
            )

    def _report_missing_days(
        self, counts: np.ndarray, poisoned: np.ndarray, real_day: np.ndarray
    ) -> None:
        """One finding per period that lacks days, naming the days (and points)."""
        missing = ((counts == 0) & ~poisoned & real_day).reshape(
            len(self.grid.ids), self.width, self.depth
        )
        files = sorted(self._files)
        where: dict[str, Any] = {"path": f"monitoring.{self.spec.symbol}"}
        if len(files) == 1:
            where["file"] = files[0]
        source = f" in {', '.join(files)}" if files else " in any readable data file"
        for period in range(len(self.grid.ids)):
            days = np.flatnonzero(missing[period].any(axis=0))
            if not days.size:
                continue
            listed = []
            for day in days[:_DAYS_LISTED].tolist():
                text = self._day_text(period, day)
                if self.spec.per_point:
                    lacking = np.flatnonzero(missing[period, :, day])
                    names = [self.point_ids[int(k)] for k in lacking[:_POINTS_LISTED]]
                    more = (
                        f" and {lacking.size - len(names)} more"
                        if lacking.size > len(names)
                        else ""
                    )
                    text += f" at {', '.join(names)}{more}"
                listed.append(text)
            more = f"; and {days.size - len(listed)} more day(s)" if days.size > len(listed) else ""
            length = int(self.grid.lengths[period])
            self.collector.add(
                codes.DATA_MISSING(
                    f"no data for {self.spec.symbol} in period {self.grid.ids[period]!r} on "
                    f"{days.size} of its {length} day(s): {'; '.join(listed)}{more}{source}; "
                    "no value is computed for them",
                    **where,
                )
            )

    def _day_text(self, period: int, day: int) -> str:
        return (self.grid.first_days[period] + datetime.timedelta(days=day)).isoformat()

    def _group_error(
        self, code: codes.Code, group: int, text: str, hint: str | None = None
    ) -> None:
        group, day = divmod(group, self.depth)
        period, point = divmod(group, self.width)
        at = f" at point {self.point_ids[point]!r}" if self.spec.per_point else ""
        if self.spec.per_day:
            at += f" on {self._day_text(period, day)}"
        files = sorted(self._files)
        self.collector.add(
            code(
                f"{self.spec.symbol} in period {self.grid.ids[period]!r}{at} {text}",
                hint=hint,
                file=files[0] if len(files) == 1 else None,
                path=f"monitoring.{self.spec.symbol}",
            ),
            # a year of days could give hundreds: a few, then a count
            key=(self.spec.symbol, code.code) if self.spec.per_day else None,
        )


_GAPS_LISTED = 10


class Completeness:
    """Expected and present readings per period and point; every gap handled conservatively.

    A gap in a summed parameter whose increase raises ER counts as zero (a warning: no
    credit for the gap); one whose increase lowers ER is an error, unless the source
    declares ``substitute: max-rate``: the highest rate observed in the period (a reading
    over the length of its interval) applied to the missing time, added to the period's
    total and recorded. Where the effect depends on the values, the gap (with its
    substitute, where declared) is left to the engine, which decides it per point and
    period (:mod:`jcm_mrv.engine.decisions`). A gap in a parameter aggregated otherwise
    (mean, min, max, last) is an error unless ER does not depend on it: the present
    readings' mean or extreme may overstate ER.
    """

    def __init__(
        self,
        accumulator: ParameterAccumulator,
        values: np.ndarray,
        counts: np.ndarray,
        exact: np.ndarray,
        poisoned: np.ndarray,
    ) -> None:
        self.acc = accumulator
        self.spec = accumulator.spec
        self.values, self.counts, self.exact, self.poisoned = values, counts, exact, poisoned
        self.registered: set[int] = set()  # groups whose coverage the register spans give

    def run(self) -> None:
        """Record coverage and handle the gaps of every period and point."""
        acc = self.acc
        self._run_registers()
        slots, bits = acc._slots, acc._present
        if not acc._timed or slots is None or bits is None:
            return  # irregular readings (events): no interval to count against
        interval = slots.interval
        width = acc.width
        grid = acc.grid
        flags, flags_of = np.zeros((0, width), dtype=bool), -1
        for group in range(acc.n_groups):
            if self.counts[group] == 0 or self.poisoned[group] or group in self.registered:
                continue
            period, point = divmod(group, width)
            if flags_of != period:  # groups run period by period: one period's bits at a time
                flags, flags_of = slots.present(bits, period), period
            start = day_ms(grid.first_days[period])
            end = start + int(grid.lengths[period]) * _MS_PER_DAY
            expected = int(slots.expected[period])
            missing = np.flatnonzero(~flags[:, point])
            spans = [slot_bounds(interval, start, end, int(s)) for s in missing.tolist()]
            texts = tuple(format_span(a, b) for a, b in spans[:_GAPS_LISTED])
            point_id = acc.point_ids[point] if self.spec.per_point else None
            acc.coverage.append(
                Coverage(
                    self.spec.symbol,
                    grid.ids[period],
                    point_id,
                    interval.label,
                    acc._interval_inferred,
                    expected,
                    expected - int(missing.size),
                    texts,
                    self.acc._register_notes.get(group),
                )
            )
            if missing.size:
                self._gap(group, spans, texts, acc._substitute)

    def _run_registers(self) -> None:
        """Coverage of the groups read off registers: the exact time their spans cover.

        A group with both register differences and amounts per interval is refused (the
        same time could count twice). The interval counted against is the data file's
        declared one, else the one the spans' starts show, else none (irregular).
        """
        acc = self.acc
        parts = acc._register_parts
        if not parts:
            return
        from jcm_mrv.monitoring.registers import register_coverage

        groups = np.concatenate([p[0] for p in parts])
        starts = np.concatenate([p[1] for p in parts])
        ends = np.concatenate([p[2] for p in parts])
        declared = next((p[3] for p in parts if p[3] is not None), None)
        interval = declared or infer_interval(starts, groups % acc.width)
        order = np.argsort(groups, kind="stable")
        bounds = np.searchsorted(groups[order], np.arange(acc.n_groups + 1))
        grid = acc.grid
        for group in np.unique(groups).tolist():
            if self.counts[group] == 0 or self.poisoned[group]:
                continue
            if acc._has_amounts[group]:
                self._say(
                    codes.DATA_REGISTER_UNATTRIBUTED,
                    group,
                    "has both register readings and amounts per interval; they could count "
                    "the same time twice: give each period's values in one kind",
                )
                self.poisoned[group] = True
                continue
            mine = order[bounds[group] : bounds[group + 1]]
            period, point = divmod(group, acc.width)
            start = day_ms(grid.first_days[period])
            end = start + int(grid.lengths[period]) * _MS_PER_DAY
            expected, found, spans = register_coverage(
                interval, start, end, starts[mine], ends[mine]
            )
            texts = tuple(format_span(a, b) for a, b in spans[:_GAPS_LISTED])
            acc.coverage.append(
                Coverage(
                    self.spec.symbol,
                    grid.ids[period],
                    acc.point_ids[point] if self.spec.per_point else None,
                    interval.label if interval is not None else "irregular",
                    declared is None,
                    int(expected),
                    int(found),
                    texts,
                    acc._register_notes.get(group),
                )
            )
            self.registered.add(group)
            if spans:
                self._gap(group, spans, texts, acc._substitute)

    def _gap(
        self,
        group: int,
        spans: list[tuple[int, int]],
        texts: tuple[str, ...],
        substitute: GapSubstitute | None,
    ) -> None:
        spec = self.spec
        if spec.direction is None:
            return  # no analysis of ER: coverage records only (see ParameterSpec)
        summed = spec.aggregation == "sum"
        period, point = divmod(group, self.acc.width)
        files = sorted(self.acc._files)
        gap = Gap(
            spec.symbol,
            self.acc.grid.ids[period],
            self.acc.point_ids[point] if spec.per_point else None,
            period,
            point,
            texts,
            len(spans),
            spec.unit,
            self._max_rate_amount(group, spans) if summed and substitute == "max-rate" else None,
            {"file": files[0] if len(files) == 1 else None, "path": f"monitoring.{spec.symbol}"},
        )
        if spec.direction == "unchanged":
            self.acc.collector.add(gap.noted("ER does not depend on it"))
        elif summed and spec.direction == "raises":
            self.acc.collector.add(gap.as_zero())
        elif summed and spec.direction == "depends":
            self.acc.gaps.append(gap)  # the engine decides it per point and period
        elif summed and gap.substitute is not None:
            substitution, finding = gap.filled(gap.substitute)
            self.values[group] += float(gap.substitute)
            self.exact[group] += gap.substitute
            self.acc.substitutions.append(substitution)
            self.acc.collector.add(finding)
        else:
            if summed:
                why = f"an increase of {spec.symbol} lowers ER, so zero would overstate the credits"
                hint = "declare 'substitute: max-rate' on the data file"
            else:
                why = f"its {spec.aggregation} over the present readings may overstate ER"
                hint = "supply the missing readings"
            self.acc.collector.add(gap.unfilled(why, hint))
            self.poisoned[group] = True

    def _max_rate_amount(self, group: int, spans: list[tuple[int, int]]) -> Fraction | None:
        """The highest rate observed in the period at the point, times the missing time
        (exact, in the methodology's unit); ``None`` without a usable reading."""
        best = self.acc._max_rate
        if best is None or int(best.conversion[group]) < 0:
            return None
        conversion = best.conversions[int(best.conversion[group])]
        rate = conversion.exact(as_written(float(best.raw[group]))) / int(best.length[group])
        return rate * sum(b - a for a, b in spans)

    def _say(self, code: codes.Code, group: int, text: str) -> None:
        self.acc._group_error(code, group, text)


def _tally(
    tallies: dict[tuple[str, int], _RowTally], readings: Readings, selected: np.ndarray
) -> None:
    """Count the ``selected`` readings under their file and column, keeping the first."""
    if not selected.any():
        return
    first = int(np.argmax(selected))
    entry = tallies.setdefault(
        (readings.table.display, readings.column),
        _RowTally(
            readings.table, readings.column, int(readings.rows[first]), int(readings.keys[first])
        ),
    )
    entry.count += int(np.count_nonzero(selected))


def _earlier(repeat: Repeat) -> str:
    """``also in row 5`` (``of other.csv`` when in another file) of a duplicate."""
    if repeat.earlier is None:  # the rows of a shuffled file were not all kept
        return "also earlier in the data"
    table, row = repeat.earlier
    return f"also in row {row}" + ("" if table is repeat.table else f" of {table.display}")


def _format_ms(millis: int) -> str:
    moment = datetime.datetime(1970, 1, 1) + datetime.timedelta(milliseconds=millis)
    precision = "seconds" if moment.microsecond == 0 else "milliseconds"
    return moment.isoformat(sep=" ", timespec=precision)
