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

import datetime
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from jcm_mrv.findings import codes
from jcm_mrv.monitoring.collector import FindingCollector
from jcm_mrv.monitoring.completeness import Interval, slots
from jcm_mrv.monitoring.layouts import Readings, Table
from jcm_mrv.monitoring.sources import (
    GapSubstitute,
    MeterSpec,
    ParameterSpec,
    RegisterUse,
)
from jcm_mrv.numeric import as_written
from jcm_mrv.units import Conversion, UnitError, conversion

_EPOCH = datetime.datetime(1970, 1, 1)


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


@dataclass
class _Event:
    """A reading of one meter at one instant: from a data cell, or from the meter history."""

    time: int
    value: Fraction  # in the series' working unit
    meter: int
    block: int | None  # the data block it came from (None: the meter history)
    row: int | None
    label: str  # how a message names it
    bad: bool = False


@dataclass(frozen=True)
class _Span:
    """An interval between two consecutive readings, with its amount."""

    start: _Event
    end: _Event
    amount: Fraction
    rollover: bool
    ref: tuple[int, int]  # (block, row) that locates it: the closing reading's cell
    point: int


@dataclass(frozen=True)
class RegisterIntervals:
    """What the register readings of one parameter give the aggregator."""

    readings: list[Readings]
    """Interval amounts (``register="difference"``), one block per data column."""
    notes: dict[int, RegisterUse]
    """Per group (period × point): how its amount came from the readings."""
    refused: list[int]
    """Groups that get no value (an interval across a boundary with no conservative rule)."""


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
    _moduli: list[Fraction | None] = field(default_factory=list)

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
        out: dict[int, list[_Span]] = {}
        refused: list[int] = []
        notes: dict[int, _Note] = {}
        if not self._blocks:
            return RegisterIntervals([], {}, [])
        # one unit in every file: differences in it (exact as written); else in the
        # methodology's unit, each reading converted exactly first
        mixed = len({b.conversion for b in self._blocks}) > 1
        working = Conversion() if mixed else self._blocks[0].conversion
        for point in range(self.width):
            events = self._events(point, working, mixed)
            if events is None:
                continue
            spans, broken = self._spans(events, point)
            for span in spans:
                self._attribute(span, point, out, notes, refused)
            for start, end in broken:  # an interval with an error: its periods get no value
                touched = np.flatnonzero((self.grid_starts < end) & (self.grid_ends > start))
                refused.extend(int(self.order[k]) * self.width + point for k in touched.tolist())
        readings = self._readings(out, working)
        unit = self.spec.unit
        return RegisterIntervals(
            readings,
            {group: note.use(working, unit) for group, note in notes.items()},
            refused,
        )

    def _events(self, point: int, working: Conversion, mixed: bool) -> list[_Event] | None:
        """The point's readings and its meters' initial and final readings, in order."""
        parts = [(n, b, b.points == point) for n, b in enumerate(self._blocks)]
        parts = [(n, b, mask) for n, b, mask in parts if mask.any()]
        if not parts:
            return None
        point_id = self.point_ids[point] if self.spec.per_point else None
        meters = list(self.meters.get(point_id or "", ())) if point_id is not None else []
        if not meters and not self.spec.per_point and len(self.point_ids) == 1:
            meters = list(self.meters.get(self.point_ids[0], ()))
        history = meters or [MeterSpec(serial="")]
        events: list[_Event] = []
        for n, block, mask in parts:
            for key, value, row in zip(
                block.keys[mask].tolist(),
                block.values[mask].tolist(),
                block.rows[mask].tolist(),
                strict=True,
            ):
                exact = as_written(value)
                if mixed:
                    exact = block.conversion.exact(exact)
                meter = self._meter_of(history, key, block, row)
                if meter is not None:
                    events.append(
                        _Event(key, exact, meter, n, row, f"{_number(exact)} at {_when(key)}")
                    )
        for k, meter_spec in enumerate(history):
            values = self._history_values(meter_spec, working, mixed, parts[0][1])
            if values is None:
                return None
            initial, final = values
            if meter_spec.installed is not None and initial is not None:
                label = f"meter {meter_spec.serial}'s initial reading {_number(initial)}"
                events.append(_Event(meter_spec.installed, initial, k, None, None, label))
            if meter_spec.removed is not None and final is not None:
                label = f"meter {meter_spec.serial}'s final reading {_number(final)}"
                events.append(_Event(meter_spec.removed, final, k, None, None, label))
        # within a meter by time; at one instant the initial reading first, the final last
        events.sort(key=lambda e: (e.meter, e.time, _rank(e)))
        moduli = [self._modulus(m, working, mixed, parts[0][1]) for m in history]
        self._check_range(events, history, moduli)
        self._moduli = moduli
        return self._deduplicate(events)

    def _meter_of(
        self, history: Sequence[MeterSpec], key: int, block: _Block, row: int
    ) -> int | None:
        """The meter in service at ``key``; ``None`` (with a finding) when there is none."""
        serving = [
            k
            for k, m in enumerate(history)
            if (m.installed is None or m.installed <= key)
            and (m.removed is None or key <= m.removed)
        ]
        if len(serving) == 1:
            return serving[0]
        if serving:
            names = " and ".join(history[k].serial for k in serving[:2])
            why = f"it was taken at the instant meter {names} were exchanged"
        else:
            why = "no meter of the point's history was in service then"
        self.collector.add(
            codes.DATA_REGISTER_UNATTRIBUTED(
                f"{self.spec.symbol} register reading at {_when(key)} cannot be attributed to "
                f"a meter: {why}; the meter history's final and initial readings stand for "
                "the replacement",
                **block.table.location(row, block.column),
            ),
            key=(block.table.display, block.column, "register-meter"),
        )
        return None

    def _history_values(
        self, meter: MeterSpec, working: Conversion, mixed: bool, block: _Block
    ) -> tuple[Fraction | None, Fraction | None] | None:
        """A meter's initial and final readings in the working unit (``None``: unusable)."""
        given = [meter.initial_reading, meter.final_reading]
        if all(v is None for v in given) and meter.rollover is None:
            return None, None
        to_working = self._to_working(meter, working, mixed, block)
        if to_working is None:
            return None
        initial, final = (None if v is None else to_working(as_written(v)) for v in given)
        return initial, final

    def _to_working(
        self, meter: MeterSpec, working: Conversion, mixed: bool, block: _Block
    ) -> _Scale | None:
        if meter.unit is None:
            if not mixed:
                return _Scale(Fraction(1))
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
                return _Scale(to_method.scale / working.scale)
        self.collector.add(
            codes.DATA_REGISTER_UNATTRIBUTED(
                f"{self.spec.symbol}: {problem}; the point's register readings are not used",
                **block.table.location(None, block.column),
            )
        )
        return None

    def _modulus(
        self, meter: MeterSpec, working: Conversion, mixed: bool, block: _Block
    ) -> Fraction | None:
        if meter.rollover is None:
            return None
        scale = self._to_working(meter, working, mixed, block)
        return None if scale is None else scale(as_written(meter.rollover))

    def _check_range(
        self,
        events: list[_Event],
        history: Sequence[MeterSpec],
        moduli: Sequence[Fraction | None],
    ) -> None:
        """Readings of a meter with a rollover lie in ``[0, rollover)``."""
        for event in events:
            modulus = moduli[event.meter]
            if modulus is not None and not 0 <= event.value < modulus:
                event.bad = True
                self._error(
                    codes.DATA_REGISTER_ROLLOVER,
                    event,
                    None,
                    f"{self.spec.symbol} register reading {event.label} lies outside the "
                    f"register of meter {history[event.meter].serial}, which rolls over at "
                    f"{_number(modulus)}",
                )

    def _deduplicate(self, events: list[_Event]) -> list[_Event]:
        """Two readings of one meter at one instant: the second is dropped, unless equal."""
        kept: list[_Event] = []
        for event in events:
            before = kept[-1] if kept else None
            if before is None or before.meter != event.meter or before.time != event.time:
                kept.append(event)
                continue
            if before.value != event.value:
                both_data = event.block is not None and before.block is not None
                code = codes.DATA_DUPLICATE if both_data else codes.DATA_REGISTER_DECREASE
                self._error(
                    code,
                    event,
                    before,
                    f"{self.spec.symbol} register reading {event.label} is given twice with "
                    f"different values (also {before.label})",
                )
                before.bad = True
        return kept

    def _spans(self, events: list[_Event], point: int) -> tuple[list[_Span], list[tuple[int, int]]]:
        """Consecutive readings of each meter, differenced; and the intervals refused."""
        spans: list[_Span] = []
        broken: list[tuple[int, int]] = []
        refs = _references(events)
        for (a, b), ref in zip(itertools.pairwise(events), refs[1:], strict=False):
            if a.meter != b.meter or b.time <= a.time:
                continue
            if a.bad or b.bad:
                broken.append((a.time, b.time))
                continue
            modulus = self._moduli[a.meter]
            step = b.value - a.value
            rollover = step < 0 and modulus is not None
            if step < 0 and modulus is None:
                self._error(
                    codes.DATA_REGISTER_DECREASE,
                    b,
                    a,
                    f"{self.spec.symbol} register reading {b.label} is lower than the reading "
                    f"before it ({a.label}){self._at(point)}, and no rollover or meter "
                    "replacement is declared between them; the interval gets no amount",
                )
                broken.append((a.time, b.time))
                continue
            if rollover:
                assert modulus is not None
                step += modulus
                if 2 * step >= modulus:
                    self._error(
                        codes.DATA_REGISTER_ROLLOVER,
                        b,
                        a,
                        f"{self.spec.symbol} register reading {b.label} is lower than the "
                        f"reading before it ({a.label}){self._at(point)}; read as a rollover "
                        f"at {_number(modulus)} it would mean {_number(step)}, half the "
                        "register or more: a meter running backwards or a misread value is "
                        "likelier; the interval gets no amount",
                    )
                    broken.append((a.time, b.time))
                    continue
            spans.append(_Span(a, b, step, rollover, ref, point))
        return spans, broken

    def _at(self, point: int) -> str:
        return f" at point {self.point_ids[point]!r}" if self.spec.per_point else ""

    def _error(self, code: codes.Code, event: _Event, other: _Event | None, message: str) -> None:
        located = event if event.block is not None else other
        if located is None or located.block is None:
            self.collector.add(code(message, path=f"monitoring.{self.spec.symbol}"))
            return
        block = self._blocks[located.block]
        self.collector.add(
            code(message, **block.table.location(located.row, block.column)),
            key=(block.table.display, block.column, code.code),
        )

    def _attribute(
        self,
        span: _Span,
        point: int,
        out: dict[int, list[_Span]],
        notes: dict[int, _Note],
        refused: list[int],
    ) -> None:
        """Which periods a span counts in: the boundary rule (see the module)."""
        start, end = span.start.time, span.end.time
        touched = np.flatnonzero((self.grid_starts < end) & (self.grid_ends > start))
        if not touched.size:
            return  # before or after every period: not needed
        first = int(touched[0])
        if touched.size == 1 and self.grid_starts[first] <= start and end <= self.grid_ends[first]:
            self._keep(span, int(self.order[first]), point, out, notes)
            return
        periods = [int(self.order[k]) for k in touched.tolist()]
        names = ", ".join(repr(self.period_ids[p]) for p in periods)
        what = (
            f"{self.spec.symbol}{self._at(point)}: no register reading falls on the period "
            f"boundary between {span.start.label} and {span.end.label} (periods {names})"
        )
        direction = self.spec.direction
        block, row = span.ref
        where = self._blocks[block].table.location(row, self._blocks[block].column)
        key = (where.get("file"), self._blocks[block].column, "register-boundary")
        if direction in ("raises", "unchanged"):
            effect = "raises ER" if direction == "raises" else "does not change ER"
            self.collector.add(
                codes.DATA_REGISTER_NO_CREDIT(
                    f"{what}; as an increase of {self.spec.symbol} {effect}, its amount "
                    f"{_number(span.amount)} counts in neither period (no credit for the gap)",
                    **where,
                ),
                key=key,
            )
            rule = "counted in neither period"
        elif direction == "lowers":
            self.collector.add(
                codes.DATA_REGISTER_COUNTED_TWICE(
                    f"{what}; as an increase of {self.spec.symbol} lowers ER, its amount "
                    f"{_number(span.amount)} counts in full in each of them",
                    **where,
                ),
                key=key,
            )
            rule = "counted in full in each period it touches"
        else:
            self.collector.add(
                codes.DATA_REGISTER_UNATTRIBUTED(
                    f"{what}; an increase of {self.spec.symbol} may raise or lower ER, so "
                    "no rule is conservative: add a reading at the boundary; the periods "
                    "get no value",
                    **where,
                ),
                key=key,
            )
            refused.extend(p * self.width + point for p in periods)
            return
        text = f"{_when(start)} to {_when(end)}: {rule}"
        for k, period in zip(touched.tolist(), periods, strict=True):
            group = period * self.width + point
            notes.setdefault(group, _Note()).boundaries.append(text)
            if direction == "lowers":
                low = max(start, int(self.grid_starts[k]))
                high = min(end, int(self.grid_ends[k]))
                self._keep(span, period, point, out, notes, (low, high))

    def _keep(
        self,
        span: _Span,
        period: int,
        point: int,
        out: dict[int, list[_Span]],
        notes: dict[int, _Note],
        clipped: tuple[int, int] | None = None,
    ) -> None:
        group = period * self.width + point
        note = notes.setdefault(group, _Note())
        note.add(span, self._meter_serial(span, point))
        if clipped is not None:
            low, high = clipped
            span = _Span(
                _Event(low, span.start.value, span.start.meter, None, None, ""),
                _Event(high, span.end.value, span.end.meter, None, None, ""),
                span.amount,
                span.rollover,
                span.ref,
                span.point,
            )
        out.setdefault(span.ref[0], []).append(span)

    def _meter_serial(self, span: _Span, point: int) -> str:
        point_id = self.point_ids[point] if self.spec.per_point else self.point_ids[0]
        history = self.meters.get(point_id, ())
        return history[span.start.meter].serial if span.start.meter < len(history) else ""

    def _readings(self, out: dict[int, list[_Span]], working: Conversion) -> list[Readings]:
        """One block of interval readings per data block the spans are located in."""
        result = []
        for n, spans in out.items():
            block = self._blocks[n]
            spans.sort(key=lambda s: s.start.time)
            keys = np.array([s.start.time for s in spans], dtype=np.int64)
            ends = np.array([s.end.time for s in spans], dtype=np.int64)
            points = np.array([s.point for s in spans], dtype=np.int32)
            result.append(
                Readings(
                    self.spec.symbol,
                    block.table,
                    block.column,
                    "time",
                    "start",
                    working,
                    keys,
                    points,
                    np.array([float(s.amount) for s in spans]),
                    np.zeros(len(spans), dtype=bool),
                    np.array([s.ref[1] for s in spans], dtype=np.int64),
                    ends,
                    block.interval,
                    block.substitute,
                    "difference",
                )
            )
        return result


@dataclass(frozen=True)
class _Scale:
    """An exact factor from a meter's unit into the series' working unit."""

    factor: Fraction

    def __call__(self, value: Fraction) -> Fraction:
        return value * self.factor


@dataclass
class _Note:
    """What one group's amount was made of (becomes a :class:`RegisterUse`)."""

    first: _Event | None = None
    last: _Event | None = None
    intervals: int = 0
    rollovers: int = 0
    meters: list[str] = field(default_factory=list)
    boundaries: list[str] = field(default_factory=list)

    def add(self, span: _Span, serial: str) -> None:
        self.intervals += 1
        self.rollovers += span.rollover
        if self.first is None or span.start.time < self.first.time:
            self.first = span.start
        if self.last is None or span.end.time > self.last.time:
            self.last = span.end
        if serial and serial not in self.meters:
            self.meters.append(serial)

    def use(self, working: Conversion, unit: str) -> RegisterUse:
        first, last = self.first, self.last
        return RegisterUse(
            first=_when(first.time) if first else "",
            first_reading=_number(working.exact(first.value)) if first else "",
            last=_when(last.time) if last else "",
            last_reading=_number(working.exact(last.value)) if last else "",
            unit=unit,
            intervals=self.intervals,
            rollovers=self.rollovers,
            meters=tuple(self.meters),
            boundaries=tuple(self.boundaries),
        )


def _rank(event: _Event) -> int:
    """At one instant of one meter: its initial reading, then data, then its final reading."""
    if event.block is not None:
        return 1
    return 0 if "initial" in event.label else 2


def _references(events: Sequence[_Event]) -> list[tuple[int, int]]:
    """The data cell that locates each reading: its own, or the nearest data reading's."""
    refs: list[tuple[int, int] | None] = [
        (e.block, e.row) if e.block is not None and e.row is not None else None for e in events
    ]
    last: tuple[int, int] | None = None
    for n, ref in enumerate(refs):
        if ref is None:
            refs[n] = last
        last = refs[n]
    following: tuple[int, int] | None = None
    for n in range(len(refs) - 1, -1, -1):
        if refs[n] is None:
            refs[n] = following
        following = refs[n]
    return [ref if ref is not None else (0, 0) for ref in refs]


def _when(millis: int) -> str:
    moment = _EPOCH + datetime.timedelta(milliseconds=millis)
    if moment.time() == datetime.time():
        return moment.date().isoformat()
    precision = "milliseconds" if moment.microsecond else "seconds"
    return moment.isoformat(sep=" ", timespec=precision)


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
