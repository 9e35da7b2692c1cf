"""Cumulative register readings: amounts as differences of meter index readings.

A data file declares ``registers: [EG_i_p]`` when a column holds a meter's index (its
register, as read off the meter) at each timestamp rather than the amount of an
interval. The readings of one parameter at one point, from every file, are sorted by
time and differenced: the amount of ``[t_a, t_b)`` is ``reading(t_b) - reading(t_a)``,
exactly, in the readings' own decimal digits. The intervals then go through the
aggregator as interval readings with explicit ends (see
:class:`~jcm_mrv.monitoring.layouts.Readings`), so coverage, gaps and bounds apply
as to any reading.

**Meter history.** A point's ``meters`` (see :class:`~jcm_mrv.monitoring.sources.MeterSpec`)
assign each reading to the meter in service at its time (``installed`` to ``removed``,
both inclusive). A meter's ``initial_reading`` at ``installed`` and ``final_reading`` at
``removed`` are readings like the others, so the amount across a replacement is
``(final - last reading of the old meter) + (first reading of the new meter - initial)``,
as two intervals. A reading at the very instant one meter replaced another, or in no
meter's service, is refused (``JCM-D044``): which register it was read from would be a
guess.

**Decreases and rollover.** A reading lower than the one before it on the same meter is
an error (``JCM-D040``) unless the meter declares a ``rollover`` (its register's modulus
``M``): then the decrease is one rollover, and the amount is ``M - before + after``. A
reading outside ``[0, M)``, or a rollover whose amount would be ``M / 2`` or more (more
likely a meter running backwards or a misread digit), is an error (``JCM-D041``).

**Period boundaries.** No amount is ever split in proportion to time (that would be
a guess). An interval that lies inside one period counts in it. An interval that
crosses a boundary (no reading falls exactly on it) is handled by the parameter's
conservative direction: where an increase raises ER (or ER does not depend on it) it
counts in neither period (``JCM-D042``: a gap, no credit for it); where an increase
lowers ER it counts in full in every period it touches (``JCM-D043``); where the effect
depends on the values it is an error (``JCM-D044``) and the periods it touches get no value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from jcm_mrv.findings import codes
from jcm_mrv.monitoring.collector import FindingCollector
from jcm_mrv.monitoring.completeness import Interval, moment_text, slots
from jcm_mrv.monitoring.layouts import Readings, Table
from jcm_mrv.monitoring.sources import (
    GapSubstitute,
    MeterSpec,
    ParameterSpec,
    RegisterUse,
)
from jcm_mrv.numeric import as_written, decimal_places
from jcm_mrv.units import Conversion, UnitError, conversion

_LISTED = 10  # findings of one kind listed per point; the rest counted
_EXACT_LIMIT = 10**15  # scaled readings below it: int64 differences and floats are exact
_INITIAL, _READING, _FINAL = 0, 1, 2  # at one instant of one meter, in this order


@dataclass(frozen=True)
class _Block:
    """Register readings of one block, as they arrived (usable rows only)."""

    table: Table
    column: int
    conversion: Conversion
    keys: np.ndarray
    points: np.ndarray
    values: np.ndarray
    rows: np.ndarray
    interval: Interval | None
    substitute: GapSubstitute | None


@dataclass(frozen=True)
class RegisterIntervals:
    """What the register readings of one parameter give the aggregator."""

    readings: list[Readings]
    """Interval amounts (``register="difference"``), one block per data column."""
    notes: dict[int, RegisterUse]
    """Per group (period × point): how its amount came from the readings."""
    refused: list[int]
    """Groups that get no value (an interval with an error, or across a boundary where
    no rule is conservative)."""


@dataclass
class _Series:
    """One point's readings and its meters' initial and final readings, in order.

    Values are exact: ``num / den`` with ``num`` int64 (decimals, the usual case) or
    Fractions (an object array, ``den`` 1). ``source`` indexes the data readings (the
    concatenated blocks), or is ``-1 - k`` for the ``k``-th history reading.
    """

    time: np.ndarray
    num: np.ndarray
    den: int
    meter: np.ndarray
    source: np.ndarray
    bad: np.ndarray
    history: list[tuple[int, str]]  # (meter, "initial" or "final") of each history reading
    _located: np.ndarray | None = None

    def exact(self, index: int) -> Fraction:
        return Fraction(self.num[index]) / self.den

    def located(self) -> np.ndarray:
        """The data reading whose cell locates each reading (see :func:`_references`)."""
        if self._located is None:
            self._located = _references(self.source)
        return self._located


@dataclass
class _Spans:
    """Intervals between consecutive readings of one meter, with their amounts."""

    start: np.ndarray  # event index of the opening reading
    end: np.ndarray  # event index of the closing reading
    amount: np.ndarray  # exact numerators over the series' denominator
    rollover: np.ndarray  # bool


@dataclass
class RegisterSeries:
    """Register readings of one parameter, kept until every file has been read.

    ``grid_starts``/``grid_ends`` are the periods' boundaries in milliseconds, sorted;
    ``order`` maps a sorted position to the period's index in the declared order.
    """

    spec: ParameterSpec
    grid_starts: np.ndarray
    grid_ends: np.ndarray
    order: np.ndarray
    period_ids: Sequence[str]
    point_ids: Sequence[str]
    meters: Mapping[str, Sequence[MeterSpec]]
    collector: FindingCollector
    width: int
    _blocks: list[_Block] = field(default_factory=list)

    def add(self, readings: Readings) -> None:
        """Keep one block of register readings (refusing what cannot be a register)."""
        spec = self.spec
        problem = None
        if readings.key_kind != "time":
            problem = "register readings need a timestamp column (a value per period is not one)"
        elif spec.aggregation != "sum" or spec.per_day:
            how = "read per day" if spec.per_day else f"aggregated by {spec.aggregation}"
            problem = f"{spec.symbol} is {how}; register differences give summed amounts only"
        if problem is not None:
            row = int(readings.rows[0]) if len(readings) else None
            self.collector.add(
                codes.DATA_REGISTER_UNATTRIBUTED(
                    f"{problem}; the column is not used",
                    **readings.table.location(row, readings.column),
                ),
                key=(readings.table.display, readings.column, "register-kind"),
            )
            return
        usable = ~readings.bad & np.isfinite(readings.values)
        self._blocks.append(
            _Block(
                readings.table,
                readings.column,
                readings.conversion,
                readings.keys[usable],
                readings.points[usable],
                readings.values[usable],
                readings.rows[usable],
                readings.interval,
                readings.substitute,
            )
        )

    # -- at the end ------------------------------------------------------------------
    def intervals(self) -> RegisterIntervals:
        """Difference every point's readings into interval amounts (with findings)."""
        self._result = _Result()
        if not self._blocks:
            return RegisterIntervals([], {}, [])
        blocks = self._blocks
        self._keys = np.concatenate([b.keys for b in blocks])
        self._rows = np.concatenate([b.rows for b in blocks])
        self._block_of = np.concatenate(
            [np.full(b.keys.size, n, dtype=np.int64) for n, b in enumerate(blocks)]
        )
        points = np.concatenate([b.points for b in blocks]).astype(np.int64)
        values = np.concatenate([b.values for b in blocks])
        # one unit in every file: differences in it, exact as written; else in the
        # methodology's unit, each reading converted exactly first
        self._mixed = len({b.conversion for b in blocks}) > 1
        self._working = Conversion() if self._mixed else blocks[0].conversion
        self._num, self._den = self._exact_values(values)
        order = np.lexsort((self._keys, points))
        bounds = np.searchsorted(points[order], np.arange(self.width + 1))
        for point in range(self.width):
            mine = order[bounds[point] : bounds[point + 1]]
            if mine.size:
                self._point(point, mine)
        readings = self._readings()
        return RegisterIntervals(
            readings,
            {g: note.use(self._working, self.spec.unit) for g, note in self._result.notes.items()},
            self._result.refused,
        )

    def _exact_values(self, values: np.ndarray) -> tuple[np.ndarray, int]:
        """The readings exactly: int64 numerators over ``10**k``, or Fractions."""
        places = None if self._mixed else decimal_places(values)
        if places is not None:
            den = 10**places
            return np.rint(values * float(den)).astype(np.int64), den
        conversions = [b.conversion for b in self._blocks]
        exact = [
            conversions[block].exact(as_written(v)) if self._mixed else as_written(v)
            for v, block in zip(values.tolist(), self._block_of.tolist(), strict=True)
        ]
        return _array(exact, object), 1

    def _history(self, point: int) -> list[MeterSpec]:
        point_id = self.point_ids[point] if self.spec.per_point else None
        if point_id is None and len(self.point_ids) == 1:
            point_id = self.point_ids[0]
        return list(self.meters.get(point_id, ())) if point_id is not None else []

    def _point(self, point: int, mine: np.ndarray) -> None:
        """Difference one point's readings and attribute the intervals to periods."""
        history = self._history(point) or [MeterSpec(serial="")]
        series = self._series(point, mine, history)
        if series is None:
            return
        spans = self._spans(series, history, point)
        self._attribute(series, spans, point, history)

    def _series(self, point: int, mine: np.ndarray, history: list[MeterSpec]) -> _Series | None:
        times = self._keys[mine]
        meter = self._assign_meters(times, mine, history)
        kept = meter >= 0
        mine, times, meter = mine[kept], times[kept], meter[kept]
        if not mine.size:
            return None
        num, den = self._num[mine], self._den
        extra_time: list[int] = []
        extra_value: list[Fraction] = []
        extra_meter: list[int] = []
        labels: list[tuple[int, str]] = []
        self._moduli: list[Fraction | None] = []
        for k, m in enumerate(history):
            scale = self._to_working(m, mine)
            if scale is None:
                return None
            self._moduli.append(None if m.rollover is None else as_written(m.rollover) * scale)
            for when, value, what in (
                (m.installed, m.initial_reading, "initial"),
                (m.removed, m.final_reading, "final"),
            ):
                if when is not None and value is not None:
                    extra_time.append(when)
                    extra_value.append(as_written(value) * scale)
                    extra_meter.append(k)
                    labels.append((k, what))
        moduli = [v for v in self._moduli if v is not None]
        if num.dtype != object and not all(
            _fits(v, den) for v in [*extra_value, *moduli]
        ):  # a history value that is no decimal of the readings' places: Fractions
            num = _array([Fraction(int(v), den) for v in num.tolist()], object)
            den = 1
        extra = [int(v * den) if num.dtype != object else v / den for v in extra_value]
        all_time = np.concatenate([times, np.array(extra_time, dtype=np.int64)])
        all_num = np.concatenate([num, _array(extra, num.dtype)])
        all_meter = np.concatenate([meter, np.array(extra_meter, dtype=np.int64)])
        source = np.concatenate([mine, -1 - np.arange(len(extra_time), dtype=np.int64)])
        rank = np.concatenate(
            [
                np.full(times.size, _READING),
                np.array([_INITIAL if w == "initial" else _FINAL for _, w in labels], np.int64),
            ]
        )
        order = np.lexsort((rank, all_time, all_meter))
        series = _Series(
            all_time[order],
            all_num[order],
            den,
            all_meter[order],
            source[order],
            np.zeros(order.size, dtype=bool),
            labels,
        )
        self._modulus_num = [
            None if m is None else (int(m * den) if num.dtype != object else m)
            for m in self._moduli
        ]
        return self._deduplicate(series, history)

    def _assign_meters(
        self, times: np.ndarray, mine: np.ndarray, history: list[MeterSpec]
    ) -> np.ndarray:
        """The meter in service at each reading; -1 (with a finding) where there is none."""
        serving = np.zeros((len(history), times.size), dtype=bool)
        for k, m in enumerate(history):
            serving[k] = (times >= (m.installed if m.installed is not None else times.min())) & (
                times <= (m.removed if m.removed is not None else times.max())
            )
        count = serving.sum(axis=0)
        meter = np.where(count == 1, np.argmax(serving, axis=0), -1)
        unattributed = np.flatnonzero(count != 1)
        for index in unattributed[:_LISTED].tolist():
            if count[index]:
                names = " and ".join(
                    history[k].serial for k in np.flatnonzero(serving[:, index])[:2].tolist()
                )
                why = f"it was taken at the instant meter {names} were exchanged"
            else:
                why = "no meter of the point's history was in service then"
            self._error(
                codes.DATA_REGISTER_UNATTRIBUTED,
                int(mine[index]),
                f"{self.spec.symbol} register reading at {moment_text(int(times[index]))} "
                f"cannot be attributed to a meter: {why}; the meter history's final and initial "
                "readings stand for the replacement",
            )
        if unattributed.size > _LISTED:
            self._error(
                codes.DATA_REGISTER_UNATTRIBUTED,
                int(mine[unattributed[_LISTED]]),
                f"{unattributed.size - _LISTED:,} more register reading(s) of "
                f"{self.spec.symbol} cannot be attributed to a meter, from this one on",
                keyed=False,
            )
        return meter

    def _to_working(self, meter: MeterSpec, mine: np.ndarray) -> Fraction | None:
        """The exact factor from a meter's unit into the working unit (``None``: unusable)."""
        given = (meter.initial_reading, meter.final_reading, meter.rollover)
        if meter.unit is None:
            if not self._mixed or all(v is None for v in given):
                return Fraction(1)
            problem = (
                f"meter {meter.serial} gives no unit for its readings, and the register "
                "column's unit differs between files: give the meter's 'unit'"
            )
        else:
            try:
                to_method = conversion(meter.unit, self.spec.unit)
            except UnitError as exc:
                problem = f"meter {meter.serial}: {exc}"
            else:
                return to_method.scale / self._working.scale
        self._error(
            codes.DATA_REGISTER_UNATTRIBUTED,
            int(mine[0]),
            f"{self.spec.symbol}: {problem}; the point's register readings are not used",
        )
        return None

    def _deduplicate(self, series: _Series, history: list[MeterSpec]) -> _Series:
        """Two readings of one meter at one instant: the second is dropped, unless equal."""
        same = (series.meter[1:] == series.meter[:-1]) & (series.time[1:] == series.time[:-1])
        if not same.any():
            return series
        seconds = np.flatnonzero(same) + 1
        differ = seconds[series.num[seconds] != series.num[seconds - 1]]
        series.bad[differ - 1] = True

        def twice(second: int) -> tuple[int, int, str]:
            return (
                second,
                second - 1,
                f"{self.spec.symbol} register reading {self._label(series, history, second)} "
                f"is given twice with different values (also "
                f"{self._label(series, history, second - 1)})",
            )

        data = series.source >= 0
        both = differ[data[differ] & data[differ - 1]]
        self._each(codes.DATA_DUPLICATE, series, both, twice)
        self._each(codes.DATA_REGISTER_DECREASE, series, np.setdiff1d(differ, both), twice)
        drop = np.zeros(series.time.size, dtype=bool)
        drop[seconds] = True
        keep = ~drop
        return _Series(
            series.time[keep],
            series.num[keep],
            series.den,
            series.meter[keep],
            series.source[keep],
            series.bad[keep],
            series.history,
        )

    def _spans(self, series: _Series, history: list[MeterSpec], point: int) -> _Spans:
        """Consecutive readings of each meter, differenced; errors refuse their periods."""
        moduli = self._modulus_num
        for k, modulus in enumerate(moduli):
            if modulus is None:
                continue
            outside = np.flatnonzero(
                (series.meter == k) & ((series.num < 0) | (series.num >= modulus))
            )
            series.bad[outside] = True
            limit = _number(Fraction(modulus) / series.den)

            def beyond(
                index: int, serial: str = history[k].serial, limit: str = limit
            ) -> tuple[int, int | None, str]:
                return (
                    index,
                    None,
                    f"{self.spec.symbol} register reading {self._label(series, history, index)}"
                    f" lies outside the register of meter {serial}, which rolls over at {limit}",
                )

            self._each(codes.DATA_REGISTER_ROLLOVER, series, outside, beyond)
        start = np.arange(series.time.size - 1)
        end = start + 1
        same = series.meter[start] == series.meter[end]
        start, end = start[same], end[same]
        broken = series.bad[start] | series.bad[end]
        amount = series.num[end] - series.num[start]
        rollover = np.zeros(start.size, dtype=bool)
        negative = np.flatnonzero(~broken & (amount < 0))
        moduli_of = [moduli[m] for m in series.meter[start[negative]].tolist()]
        has = np.array([m is not None for m in moduli_of], dtype=bool)
        at = self._at(point)

        def decrease(index: int) -> tuple[int, int, str]:
            a, b = int(start[index]), int(end[index])
            return (
                b,
                a,
                f"{self.spec.symbol} register reading {self._label(series, history, b)} is "
                f"lower than the reading before it ({self._label(series, history, a)}){at}, "
                "and no rollover or meter replacement is declared between them; the "
                "interval gets no amount",
            )

        self._each(codes.DATA_REGISTER_DECREASE, series, negative[~has], decrease)
        broken[negative[~has]] = True
        rolled = negative[has]
        modulus_of = _array([m for m in moduli_of if m is not None], amount.dtype)
        wrapped = amount[rolled] + modulus_of
        implausible = 2 * wrapped >= modulus_of
        jump = dict(zip(rolled.tolist(), wrapped.tolist(), strict=True))
        modulus_at = dict(zip(rolled.tolist(), modulus_of.tolist(), strict=True))

        def backwards(index: int) -> tuple[int, int, str]:
            a, b = int(start[index]), int(end[index])
            modulus = _number(Fraction(modulus_at[index]) / series.den)
            amount_text = _number(Fraction(jump[index]) / series.den)
            return (
                b,
                a,
                f"{self.spec.symbol} register reading {self._label(series, history, b)} is "
                f"lower than the reading before it ({self._label(series, history, a)}){at}; "
                f"read as a rollover at {modulus} it would mean {amount_text}, half the "
                "register or more: a meter running backwards or a misread value is likelier; "
                "the interval gets no amount",
            )

        self._each(codes.DATA_REGISTER_ROLLOVER, series, rolled[implausible], backwards)
        broken[rolled[implausible]] = True
        plausible = rolled[~implausible]
        amount[plausible] = wrapped[~implausible]
        rollover[plausible] = True
        self._refuse(series.time[start[broken]], series.time[end[broken]], point)
        ok = ~broken
        return _Spans(start[ok], end[ok], amount[ok], rollover[ok])

    def _refuse(self, starts: np.ndarray, ends: np.ndarray, point: int) -> None:
        """The periods the intervals ``[starts, ends)`` touch get no value."""
        if not starts.size:
            return
        low = np.searchsorted(self.grid_ends, starts, side="right")
        high = np.searchsorted(self.grid_starts, ends, side="left")
        marks = np.zeros(self.grid_starts.size + 1, dtype=np.int64)
        np.add.at(marks, low, 1)
        np.add.at(marks, high, -1)
        touched = np.flatnonzero(np.cumsum(marks)[:-1] > 0)
        self._result.refused.extend(int(self.order[k]) * self.width + point for k in touched)

    def _each(
        self,
        code: codes.Code,
        series: _Series,
        indices: np.ndarray,
        describe: Callable[[int], tuple[int, int | None, str]],
    ) -> None:
        """One finding per index (``describe``: where and what), a few, then a count."""
        listed = indices[:_LISTED].tolist()
        for index in listed:
            where, other, message = describe(index)
            self._event_error(code, series, where, other, message)
        if indices.size > len(listed):
            where, other, _ = describe(int(indices[len(listed)]))
            self._event_error(
                code,
                series,
                where,
                other,
                f"{indices.size - len(listed):,} more register reading(s) of "
                f"{self.spec.symbol} like the above, from this one on",
                keyed=False,
            )

    def _attribute(
        self, series: _Series, spans: _Spans, point: int, history: list[MeterSpec]
    ) -> None:
        """Which periods each interval counts in: the boundary rule (see the module)."""
        starts, ends = series.time[spans.start], series.time[spans.end]
        grid_starts, grid_ends = self.grid_starts, self.grid_ends
        first = np.searchsorted(grid_starts, starts, side="right") - 1
        last = np.searchsorted(grid_starts, ends - 1, side="right") - 1
        inside = (first >= 0) & (first == last)
        inside &= ends <= grid_ends[np.maximum(first, 0)]
        touching = np.searchsorted(grid_starts, ends, side="left") - np.searchsorted(
            grid_ends, starts, side="right"
        )
        kept = np.flatnonzero(inside)
        periods = self.order[first[kept]]
        self._result.keep(series, spans, kept, periods, point, self.width, history, None)
        for index in np.flatnonzero(~inside & (touching > 0)).tolist():
            self._straddle(series, spans, index, point, history)

    def _straddle(
        self, series: _Series, spans: _Spans, index: int, point: int, history: list[MeterSpec]
    ) -> None:
        a, b = int(spans.start[index]), int(spans.end[index])
        start, end = int(series.time[a]), int(series.time[b])
        touched = np.flatnonzero((self.grid_starts < end) & (self.grid_ends > start))
        periods = [int(self.order[k]) for k in touched.tolist()]
        names = ", ".join(repr(self.period_ids[p]) for p in periods)
        amount = _number(Fraction(spans.amount[index]) / series.den)
        what = (
            f"{self.spec.symbol}{self._at(point)}: no register reading falls on the period "
            f"boundary between {self._label(series, history, a)} and "
            f"{self._label(series, history, b)} (periods {names})"
        )
        direction = self.spec.direction
        if direction in ("raises", "unchanged"):
            effect = "raises ER" if direction == "raises" else "does not change ER"
            code = codes.DATA_REGISTER_NO_CREDIT
            message = (
                f"{what}; as an increase of {self.spec.symbol} {effect}, its amount {amount} "
                "counts in neither period (no credit for the gap)"
            )
            rule = "counted in neither period"
        elif direction == "lowers":
            code = codes.DATA_REGISTER_COUNTED_TWICE
            message = (
                f"{what}; as an increase of {self.spec.symbol} lowers ER, its amount {amount} "
                "counts in full in each of them"
            )
            rule = "counted in full in each period it touches"
        else:
            code = codes.DATA_REGISTER_UNATTRIBUTED
            message = (
                f"{what}; an increase of {self.spec.symbol} may raise or lower ER, so no rule "
                "is conservative: add a reading at the boundary; the periods get no value"
            )
            rule = ""
        self._event_error(code, series, b, a, message)
        if not rule:
            self._refuse(np.array([start]), np.array([end]), point)
            return
        text = f"{moment_text(start)} to {moment_text(end)}: {rule}"
        for k, period in zip(touched.tolist(), periods, strict=True):
            group = period * self.width + point
            self._result.notes.setdefault(group, _Note()).boundaries.append(text)
            if direction == "lowers":
                clipped = (
                    max(start, int(self.grid_starts[k])),
                    min(end, int(self.grid_ends[k])),
                )
                self._result.keep(
                    series,
                    spans,
                    np.array([index]),
                    np.array([period]),
                    point,
                    self.width,
                    history,
                    clipped,
                )

    # -- messages --------------------------------------------------------------------
    def _at(self, point: int) -> str:
        return f" at point {self.point_ids[point]!r}" if self.spec.per_point else ""

    def _label(self, series: _Series, history: list[MeterSpec], index: int) -> str:
        value = _number(series.exact(index))
        source = int(series.source[index])
        if source >= 0:
            return f"{value} at {moment_text(int(series.time[index]))}"
        meter, what = series.history[-1 - source]
        return f"meter {history[meter].serial}'s {what} reading {value}"

    def _event_error(
        self,
        code: codes.Code,
        series: _Series,
        index: int,
        other: int | None,
        message: str,
        keyed: bool = True,
    ) -> None:
        """A finding at the cell of the reading ``index`` (else of ``other``)."""
        for candidate in (index, other):
            if candidate is not None and int(series.source[candidate]) >= 0:
                self._error(code, int(series.source[candidate]), message, keyed)
                return
        self.collector.add(code(message, path=f"monitoring.{self.spec.symbol}"))

    def _error(self, code: codes.Code, reading: int, message: str, keyed: bool = True) -> None:
        """A finding at a reading's cell (keyed: a few per column and code, then a count)."""
        block = self._blocks[int(self._block_of[reading])]
        self.collector.add(
            code(message, **block.table.location(int(self._rows[reading]), block.column)),
            key=(block.table.display, block.column, code.code) if keyed else None,
        )

    def _readings(self) -> list[Readings]:
        """One block of interval readings per data block the intervals are located in."""
        result = self._result
        if not result.starts:
            return []
        starts = np.concatenate(result.starts)
        ends = np.concatenate(result.ends)
        amounts = np.concatenate(result.amounts)
        refs = np.concatenate(result.refs)
        points = np.concatenate(result.points)
        blocks = self._block_of[refs]
        out = []
        for n in np.unique(blocks).tolist():
            mine = np.flatnonzero(blocks == n)
            block = self._blocks[n]
            out.append(
                Readings(
                    self.spec.symbol,
                    block.table,
                    block.column,
                    "time",
                    "start",
                    self._working,
                    starts[mine],
                    points[mine].astype(np.int32),
                    amounts[mine],
                    np.zeros(mine.size, dtype=bool),
                    self._rows[refs[mine]],
                    ends[mine],
                    block.interval,
                    block.substitute,
                    "difference",
                )
            )
        return out


def _array(values: Sequence[Any], dtype: Any) -> np.ndarray:
    """An array of ``values``; of Fractions (never nested arrays) for ``object``."""
    if np.dtype(dtype) != np.dtype(object):
        return np.array(values, dtype=dtype)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _fits(value: Fraction, den: int) -> bool:
    """``value`` is a whole number of ``1/den``, small enough for exact int64 arithmetic."""
    scaled = value * den
    return scaled.denominator == 1 and abs(scaled.numerator) < _EXACT_LIMIT


@dataclass
class _Note:
    """What one group's amount was made of (becomes a :class:`RegisterUse`)."""

    first: tuple[int, Fraction] | None = None
    last: tuple[int, Fraction] | None = None
    intervals: int = 0
    rollovers: int = 0
    meters: list[str] = field(default_factory=list)
    boundaries: list[str] = field(default_factory=list)

    def use(self, working: Conversion, unit: str) -> RegisterUse:
        def text(reading: tuple[int, Fraction] | None) -> tuple[str, str]:
            if reading is None:
                return "", ""
            return moment_text(reading[0]), _number(working.exact(reading[1]))

        first, first_reading = text(self.first)
        last, last_reading = text(self.last)
        return RegisterUse(
            first=first,
            first_reading=first_reading,
            last=last,
            last_reading=last_reading,
            unit=unit,
            intervals=self.intervals,
            rollovers=self.rollovers,
            meters=tuple(self.meters),
            boundaries=tuple(self.boundaries),
        )


@dataclass
class _Result:
    """Intervals kept so far (arrays per call), notes per group, refused groups."""

    starts: list[np.ndarray] = field(default_factory=list)
    ends: list[np.ndarray] = field(default_factory=list)
    amounts: list[np.ndarray] = field(default_factory=list)
    refs: list[np.ndarray] = field(default_factory=list)
    points: list[np.ndarray] = field(default_factory=list)
    notes: dict[int, _Note] = field(default_factory=dict)
    refused: list[int] = field(default_factory=list)

    def keep(
        self,
        series: _Series,
        spans: _Spans,
        chosen: np.ndarray,
        periods: np.ndarray,
        point: int,
        width: int,
        history: list[MeterSpec],
        clipped: tuple[int, int] | None,
    ) -> None:
        """Keep the ``chosen`` spans in ``periods`` (clipped to one period's part)."""
        if not chosen.size:
            return
        a, b = spans.start[chosen], spans.end[chosen]
        amount = spans.amount[chosen]
        if amount.dtype == object:
            floats = np.array([float(Fraction(v) / series.den) for v in amount.tolist()])
        else:
            floats = amount.astype(np.float64) / float(series.den)
        if clipped is None:
            starts, ends = series.time[a], series.time[b]
        else:
            starts = np.array([clipped[0]], dtype=np.int64)
            ends = np.array([clipped[1]], dtype=np.int64)
        self.starts.append(starts)
        self.ends.append(ends)
        self.amounts.append(floats)
        self.refs.append(series.located()[b])
        self.points.append(np.full(chosen.size, point, dtype=np.int64))
        self._note(series, spans, chosen, a, b, periods * width + point, history)

    def _note(
        self,
        series: _Series,
        spans: _Spans,
        chosen: np.ndarray,
        a: np.ndarray,
        b: np.ndarray,
        groups: np.ndarray,
        history: list[MeterSpec],
    ) -> None:
        order = np.argsort(groups, kind="stable")
        unique, first_at = np.unique(groups[order], return_index=True)
        limits = [*first_at.tolist(), order.size]
        for k, group in enumerate(unique.tolist()):
            part = order[limits[k] : limits[k + 1]]
            note = self.notes.setdefault(group, _Note())
            note.intervals += int(part.size)
            note.rollovers += int(np.count_nonzero(spans.rollover[chosen[part]]))
            opening = int(a[part][np.argmin(series.time[a[part]])])
            closing = int(b[part][np.argmax(series.time[b[part]])])
            if note.first is None or series.time[opening] < note.first[0]:
                note.first = (int(series.time[opening]), series.exact(opening))
            if note.last is None or series.time[closing] > note.last[0]:
                note.last = (int(series.time[closing]), series.exact(closing))
            for meter in np.unique(series.meter[a[part]]).tolist():
                serial = history[meter].serial
                if serial and serial not in note.meters:
                    note.meters.append(serial)


def _references(source: np.ndarray) -> np.ndarray:
    """The data reading that locates each reading: itself, or the nearest data reading
    before it (after it, for history readings before the first data reading)."""
    index = np.arange(source.size)
    real = source >= 0
    previous = np.maximum.accumulate(np.where(real, index, -1))
    following = np.minimum.accumulate(np.where(real, index, source.size)[::-1])[::-1]
    nearest = np.where(previous >= 0, previous, following)
    nearest = np.minimum(nearest, source.size - 1)
    located: np.ndarray = source[nearest]
    return np.where(located >= 0, located, int(source[real][0]) if real.any() else 0)


def _number(value: Fraction) -> str:
    """A reading as a decimal when it is one (``12345.6``), else its nearest float."""
    rest, places = value.denominator, 0
    for prime in (2, 5):
        count = 0
        while rest % prime == 0:
            rest, count = rest // prime, count + 1
        places = max(places, count)
    if rest != 1:
        return repr(float(value))
    scaled = value * 10**places
    digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    if not places:
        return sign + digits
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def register_coverage(
    interval: Interval | None, start: int, end: int, starts: np.ndarray, ends: np.ndarray
) -> tuple[int, int, list[tuple[int, int]]]:
    """``(expected, present, gaps)`` of the period ``[start, end)`` covered by ``[starts, ends)``.

    Register intervals cover time exactly, so a gap is the time no interval covers (an
    exact span, never rounded to a reading slot). ``expected`` counts the ``interval``'s
    slots in the period (one when there is no interval: the readings are irregular),
    ``present`` those no gap touches.
    """
    order = np.argsort(starts, kind="stable")
    gaps: list[tuple[int, int]] = []
    reached = start
    for low, high in zip(starts[order].tolist(), ends[order].tolist(), strict=True):
        low, high = max(low, start), min(high, end)
        if high <= low:
            continue
        if low > reached:
            gaps.append((reached, low))
        reached = max(reached, high)
    if reached < end:
        gaps.append((reached, end))
    if interval is None:
        return 1, 0 if gaps else 1, gaps
    expected, _ = slots(interval, start, end, np.zeros(0, np.int64), np.zeros(0, bool))
    touched: set[int] = set()
    for low, high in gaps:
        _, bounds = slots(interval, start, end, np.array([low, high - 1]), np.ones(2, bool))
        touched.update(range(int(bounds[0]), int(bounds[1]) + 1))
    return expected, expected - len(touched), gaps
