"""Calibration corrections (primer section 6): one declared rule set, applied to readings.

The rules (docs/calibration.md gives them with worked numbers):

1. **Permissible error.** A meter's maximum permissible relative error is the point's
   ``permissible_error``, else the percentage its accuracy class names (``0.5S`` → 0.5 %,
   ``1`` → 1 %); a class that names no percentage (``0.1 kg``) gives none.
2. **Validity.** A calibration is valid from its date to its ``valid_until``, or without
   one until the day before the next calibration (the last: for ever).
3. **Error found.** A calibration whose error found exceeds the permissible error (or
   any error, when no permissible error is known) corrects the readings from the
   previous calibration's date (the first record: every earlier reading) to its own
   date, both days included, by the error found.
4. **Late calibration.** A calibration done after the previous one's validity ended
   corrects the readings of the late span, from the day after that validity to its own
   date, by the permissible error.
5. **Direction.** A correction moves each reading by the error's size in the
   conservative direction: where an increase of the parameter raises ER, towards lower
   values (×(1 − e) for a reading ≥ 0, ×(1 + e) below 0); where it lowers ER, towards
   higher values. Where several corrections cover a reading, the largest applies, once.
   Where the direction depends on the values, the engine decides it per point and
   period (:mod:`jcm_mrv.engine.decisions`) from the sums kept here
   (:class:`~jcm_mrv.monitoring.sources.PendingCorrection`); for a parameter
   aggregated otherwise than by sum, or per day, no correction can be chosen without
   a guess: an error (``JCM-D052``).
6. **Which readings.** A reading with a timestamp is in a span when its timestamp is
   (the same convention as for periods: an ``end`` timestamp at midnight closes the day
   before); a reading naming an interval (a day, a month) or a whole period is in it
   when any part of that interval is.
7. **Uncovered readings.** Readings on days that no calibration's validity covers and no
   late span corrects are a warning (``JCM-D053``) per parameter, point and period.

Only points that record calibrations are corrected; a point without any is left to
``jcm-mrv verify`` (``JCM-V020``). A record applies to the parameters its
``parameters`` lists, by default to every monitored parameter that varies by monitoring
point. A parameter without the point index is corrected only where one point's records
name it (its readings then come from that point's meter).
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Protocol

import numpy as np

from jcm_mrv.findings import Finding, codes
from jcm_mrv.monitoring.aggregate import PeriodGrid, day_ms
from jcm_mrv.monitoring.collector import FindingCollector
from jcm_mrv.monitoring.layouts import Readings
from jcm_mrv.monitoring.sources import (
    CalibrationCorrection,
    CorrectionRule,
    ParameterSpec,
    PendingCorrection,
    PeriodSpec,
    factors_of,
)
from jcm_mrv.numeric import as_written, exact_grouped_sum
from jcm_mrv.units import Conversion

_ONE_DAY = datetime.timedelta(days=1)
_MS_PER_DAY = 86_400_000
_CLASS_PERCENT = re.compile(r"^\s*(?:class\s+)?(\d{1,2}(?:\.\d{1,4})?)\s*S?\s*%?\s*$", re.I)


def class_permissible_error(accuracy_class: str | None) -> Fraction | None:
    """The relative error an accuracy class names: ``'0.5S'`` → 1/200; else ``None``.

    A class written as a number, optionally followed by ``S`` (the IEC static-meter
    classes 0.2S and 0.5S) or ``%``, names its permissible error in percent. Anything
    else (``'0.1 kg'``, ``'A'``) names no percentage.
    """
    if accuracy_class is None:
        return None
    match = _CLASS_PERCENT.match(accuracy_class)
    if match is None:
        return None
    percent = Fraction(match.group(1))
    return percent / 100 if 0 < percent < 100 else None


class Dated(Protocol):
    """What the validity rule reads of a calibration record."""

    @property
    def date(self) -> datetime.date: ...  # pragma: no cover - a protocol
    @property
    def valid_until(self) -> datetime.date | None: ...  # pragma: no cover - a protocol


def validity_spans(records: Iterable[Dated]) -> list[tuple[datetime.date, datetime.date]]:
    """The days each calibration covers (both inclusive): rule 2 of the module."""
    ordered = sorted(records, key=lambda c: c.date)
    spans = []
    for n, calibration in enumerate(ordered):
        if calibration.valid_until is not None:
            end = calibration.valid_until
        elif n + 1 < len(ordered):
            end = max(ordered[n + 1].date - _ONE_DAY, calibration.date)
        else:
            end = datetime.date.max
        spans.append((calibration.date, end))
    return spans


def uncovered(
    start: datetime.date, end: datetime.date, spans: Iterable[tuple[datetime.date, datetime.date]]
) -> Iterator[tuple[datetime.date, datetime.date]]:
    """The stretches of ``start``…``end`` (inclusive) outside every span (inclusive)."""
    day = start
    for first, last in sorted(spans):
        if last < day:
            continue
        if first > end:
            break
        if first > day:
            yield day, min(first - _ONE_DAY, end)
        if last >= end:
            return
        day = max(day, last + _ONE_DAY)
    if day <= end:
        yield day, end


def late_spans(records: Iterable[Dated]) -> list[tuple[datetime.date, datetime.date, int]]:
    """Rule 4: ``(first day, calibration date, index in date order)`` of each late span."""
    ordered = sorted(records, key=lambda c: c.date)
    late = []
    for n in range(1, len(ordered)):
        ended = ordered[n - 1].valid_until
        if ended is not None and ordered[n].date > ended + _ONE_DAY:
            late.append((ended + _ONE_DAY, ordered[n].date, n))
    return late


@dataclass(frozen=True)
class CalibrationRecord:
    """One calibration as the reader needs it (from a project's point)."""

    date: datetime.date
    error: Fraction | None = None
    valid_until: datetime.date | None = None
    parameters: tuple[str, ...] | None = None
    certificate: str | None = None
    where: Mapping[str, Any] = field(default_factory=dict)
    """The finding location of the record in the project file."""


@dataclass(frozen=True)
class MeterCalibration:
    """A monitoring point's meter: its permissible error and calibration records."""

    point: str
    records: tuple[CalibrationRecord, ...]
    permissible: Fraction | None = None
    permissible_from: str = ""
    """Where the permissible error comes from (``accuracy class 0.5S``)."""
    where: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of_point(
        cls, point: Any, where: Mapping[str, Any], record_where: Sequence[Mapping[str, Any]]
    ) -> MeterCalibration:
        """From a project file's monitoring point (``id``, ``accuracy_class``,
        ``permissible_error``, ``calibrations``) and the locations of it and its records."""
        declared = point.permissible_error
        if declared is not None:
            permissible: Fraction | None = as_written(declared)
            source = f"permissible_error {declared:g}"
        else:
            permissible = class_permissible_error(point.accuracy_class)
            source = f"accuracy class {point.accuracy_class}" if permissible is not None else ""
        records = tuple(
            CalibrationRecord(
                date=c.date,
                error=None if c.error is None else as_written(c.error),
                valid_until=c.valid_until,
                parameters=None if c.parameters is None else tuple(c.parameters),
                certificate=c.certificate,
                where=record_where[n],
            )
            for n, c in enumerate(point.calibrations)
        )
        return cls(point.id, records, permissible, source, where)


@dataclass(frozen=True)
class _Span:
    """Days of one point's readings of some parameters that a rule concerns."""

    first: datetime.date
    last: datetime.date
    rule: CorrectionRule | None  # None: uncovered, only reported
    error: Fraction
    record: CalibrationRecord

    @property
    def start_ms(self) -> int:
        return _day_ms(self.first)

    @property
    def end_ms(self) -> int:
        return _day_ms(self.last) + _MS_PER_DAY

    @property
    def text(self) -> str:
        """The days as people read them: ``2025-12-01 to 2025-12-15``, ``up to …``."""
        if self.first == datetime.date.min:
            return f"up to {self.last}"
        if self.last == datetime.date.max:
            return f"from {self.first} on"
        return f"{self.first} to {self.last}" if self.first != self.last else str(self.first)


def _day_ms(day: datetime.date) -> int:
    return day_ms(max(day, datetime.date(1, 1, 2)))


@dataclass
class _Tally:
    """Readings corrected by one span in one period: how many, the amount the correction
    adds and its factor."""

    readings: int = 0
    amount: Fraction = Fraction(0)
    factor: Fraction = Fraction(1)


@dataclass
class _Deferred:
    """Readings of one span in one period left to the engine: how many, and their sums."""

    readings: int = 0
    positive: Fraction = Fraction(0)  # sum of the readings ≥ 0, in the methodology's unit
    negative: Fraction = Fraction(0)  # sum of those below 0 (scale only, no offset)


class CalibrationCorrector:
    """Splits blocks of readings at calibration spans and corrects them (rules 3 to 6).

    :meth:`split` returns the block as parts whose conversions carry the correction
    factor exactly, so the aggregation keeps its exact sums unchanged;
    :meth:`finish` gives the correction records and sends the findings.
    """

    def __init__(
        self,
        meters: Sequence[MeterCalibration],
        parameters: Mapping[str, ParameterSpec],
        periods: Sequence[PeriodSpec],
        point_ids: Sequence[str],
        collector: FindingCollector,
    ) -> None:
        self.parameters = parameters
        self.periods = periods
        self.point_ids = list(point_ids)
        self.collector = collector
        self.grid, _ = PeriodGrid.build(periods)  # the reader reports period problems
        self.period_ms = np.array(
            [(_day_ms(p.start), _day_ms(p.end) + _MS_PER_DAY) for p in periods], dtype=np.int64
        ).reshape(-1, 2)
        self.spans: dict[tuple[str, int], list[_Span]] = {}
        self.tallies: dict[tuple[str, int, int, int], _Tally] = {}
        self.deferred: dict[tuple[str, int, int, int], _Deferred] = {}
        self.uncovered: dict[tuple[str, int, int], list[str]] = {}
        self.undecided: dict[tuple[str, int, int], set[str]] = {}
        self.where: dict[str, Mapping[str, Any]] = {}
        self.owner: dict[tuple[str, int], str] = {}
        """The point whose meter gives the readings (of a parameter, at a point index)."""
        for meter in meters:
            if meter.point in self.point_ids and meter.records:
                self._plan(meter)

    # -- the rules, per point and parameter ------------------------------------------
    def _plan(self, meter: MeterCalibration) -> None:
        point = self.point_ids.index(meter.point)
        self.where[meter.point] = meter.where
        known = list(self.parameters)
        for record in meter.records:
            for name in record.parameters or ():
                if name not in known:
                    self.collector.add(
                        codes.CALIBRATION_PARAMETER_UNKNOWN(
                            f"the calibration of {record.date} at point {meter.point} names "
                            f"{name}, which is not a monitored parameter (those are: "
                            f"{', '.join(known) or 'none'})",
                            **record.where,
                        )
                    )
        for symbol, spec in self.parameters.items():
            # a parameter without the point index: only a record that names it applies
            records = [
                r
                for r in meter.records
                if (r.parameters is None and spec.per_point)
                or (r.parameters is not None and symbol in r.parameters)
            ]
            if not records:
                continue
            key = (symbol, point if spec.per_point else 0)
            if key in self.spans:  # only without the point index: two points name it
                self.collector.add(
                    codes.CALIBRATION_PARAMETER_UNKNOWN(
                        f"{symbol} does not vary by monitoring point, and the calibrations of "
                        f"both {self.owner[key]} and {meter.point} name it; name it at one "
                        "point only",
                        **records[0].where,
                    )
                )
                continue
            self.owner[key] = meter.point
            self.spans[key] = self._spans(meter, symbol, records)

    def _spans(
        self, meter: MeterCalibration, symbol: str, records: list[CalibrationRecord]
    ) -> list[_Span]:
        ordered = sorted(records, key=lambda r: r.date)
        for before, after in itertools.pairwise(ordered):
            if before.date == after.date:
                self.collector.add(
                    codes.CALIBRATION_TWICE(
                        f"point {meter.point} records two calibrations of {symbol}'s meter on "
                        f"{after.date}; which one the readings of that day follow is unclear",
                        **after.where,
                    )
                )
        spans: list[_Span] = []
        for n, record in enumerate(ordered):
            error = abs(record.error) if record.error is not None else None
            if error is not None and (meter.permissible is None or error > meter.permissible):
                first = ordered[n - 1].date if n else datetime.date.min
                spans.append(_Span(first, record.date, "error-found", error, record))
        for first, last, n in late_spans(ordered):
            if meter.permissible is None:
                self.collector.add(
                    codes.CALIBRATION_NO_PERMISSIBLE_ERROR(
                        f"point {meter.point}: the calibration of {ordered[n].date} came after "
                        f"the previous one's validity ended ({first - _ONE_DAY}), and the "
                        f"meter has no permissible error to apply to {first} to {last} (no "
                        "permissible_error, and no accuracy class that names a percentage)",
                        hint="declare 'permissible_error' on the monitoring point",
                        **ordered[n].where,
                    )
                )
                continue
            spans.append(_Span(first, last, "late", meter.permissible, ordered[n]))
        late = [(s.first, s.last) for s in spans if s.rule == "late"]
        for first, last in uncovered(datetime.date.min, datetime.date.max, validity_spans(ordered)):
            for a, b in uncovered(first, last, late):
                spans.append(_Span(a, b, None, Fraction(0), ordered[0]))
        return spans

    # -- per block -------------------------------------------------------------------
    def split(self, readings: Readings) -> list[Readings]:
        """The block as parts of equal correction factor (the block itself if none)."""
        spec = self.parameters.get(readings.symbol)
        if spec is None or not len(readings) or readings.register == "reading":
            # a meter's index is never scaled: its differences come back through here
            return [readings]
        spans_at = {
            p: self.spans[(readings.symbol, p)]
            for p in range(len(self.point_ids) if spec.per_point else 1)
            if (readings.symbol, p) in self.spans
        }
        if not spans_at:
            return [readings]
        starts, ends = self._reading_bounds(readings)
        period = self._periods(readings)
        usable = ~readings.bad & (period >= 0)
        chosen = np.full(len(readings), -1, dtype=np.int64)
        for point, spans in spans_at.items():
            here = usable & (readings.points == point)
            if not here.any():
                continue
            # the largest correction wins: spans in ascending size, later ones overwrite
            for k in sorted(range(len(spans)), key=lambda k: spans[k].error):
                span = spans[k]
                inside = here & (starts < span.end_ms) & (ends > span.start_ms)
                if not inside.any():
                    continue
                if span.rule is None:
                    self._note_uncovered(readings.symbol, point, period[inside], span)
                else:
                    chosen[inside] = k
        corrected = np.flatnonzero(chosen >= 0)
        if not corrected.size or spec.direction in (None, "unchanged"):
            return [readings]
        if spec.direction == "depends":
            if spec.aggregation == "sum" and not spec.per_day:
                self._defer(readings, period, chosen)  # the engine decides (rule 6b)
                return [readings]
            where = np.stack(
                [readings.points[corrected], period[corrected], chosen[corrected]], axis=1
            ).astype(np.int64)
            for point, n, k in np.unique(where, axis=0).tolist():  # point, period, span
                span = spans_at[point][k]
                self.undecided.setdefault((readings.symbol, point, n), set()).add(span.text)
            return [readings]
        return self._correct(readings, spec.direction == "raises", period, chosen, spans_at)

    @staticmethod
    def _combinations(
        readings: Readings, period: np.ndarray, chosen: np.ndarray
    ) -> tuple[np.ndarray, list[list[int]], np.ndarray, dict[int, Fraction], list[int]]:
        """The corrected readings grouped by point, period, span and sign.

        ``(index, combinations, group of each, exact sum per group, count per group)``;
        a combination is ``[point, period, span, 1 if ≥ 0 else 0]``.
        """
        index = np.flatnonzero(chosen >= 0)
        values = readings.values[index]
        combos, inverse = np.unique(
            np.stack(
                [
                    readings.points[index].astype(np.int64),
                    period[index],
                    chosen[index],
                    (values >= 0).astype(np.int64),
                ],
                axis=1,
            ),
            axis=0,
            return_inverse=True,
        )
        inverse = inverse.reshape(-1)
        sums = exact_grouped_sum(inverse, values, len(combos))
        counts = np.bincount(inverse, minlength=len(combos)).tolist()
        return index, combos.tolist(), inverse, sums, counts

    def _defer(self, readings: Readings, period: np.ndarray, chosen: np.ndarray) -> None:
        """Tally the readings ≥ 0 and below 0 a correction would move, for the engine."""
        _, combos, _, sums, counts = self._combinations(readings, period, chosen)
        for c, (point, n, k, positive) in enumerate(combos):
            tally = self.deferred.setdefault((readings.symbol, point, n, k), _Deferred())
            tally.readings += counts[c]
            total = sums.get(c, Fraction(0)) * readings.conversion.scale
            if positive:
                tally.positive += total
            else:
                tally.negative += total

    def _correct(
        self,
        readings: Readings,
        down: bool,
        period: np.ndarray,
        chosen: np.ndarray,
        spans_at: Mapping[int, list[_Span]],
    ) -> list[Readings]:
        """Parts of the block by correction factor; the changes tallied exactly."""
        index, combos, inverse, sums, counts = self._combinations(readings, period, chosen)
        factors = [Fraction(1)]
        combo_factor = []
        for c, (point, n, k, positive) in enumerate(combos):
            lowered, raised = factors_of(spans_at[point][k].error)
            factor = lowered if down == bool(positive) else raised  # conservative direction
            if factor not in factors:
                factors.append(factor)
            combo_factor.append(factors.index(factor))
            tally = self.tallies.setdefault((readings.symbol, point, n, k), _Tally())
            tally.readings += counts[c]
            tally.amount += (factor - 1) * sums.get(c, Fraction(0)) * readings.conversion.scale
            tally.factor = factors_of(spans_at[point][k].error)[0 if down else 1]
        which = np.zeros(len(readings), dtype=np.int64)
        which[index] = np.array(combo_factor, dtype=np.int64)[inverse]
        parts = []
        for k, factor in enumerate(factors):
            mask = which == k
            if not mask.any():
                continue
            conversion = readings.conversion
            if factor != 1:
                conversion = Conversion(conversion.scale * factor, conversion.offset)
            parts.append(
                replace(
                    readings,
                    conversion=conversion,
                    keys=readings.keys[mask],
                    points=readings.points[mask],
                    values=readings.values[mask],
                    bad=readings.bad[mask],
                    rows=readings.rows[mask],
                    ends=None if readings.ends is None else readings.ends[mask],
                )
            )
        return parts

    def _reading_bounds(self, readings: Readings) -> tuple[np.ndarray, np.ndarray]:
        """Each reading's place in time as ``[start, end)`` in ms, for overlap tests (rule 6).

        A value for a whole period spans the period; a timestamp that names an interval
        (a day, a month), or one of a source that declares its ``interval``, spans that
        interval; any other timestamp is a moment: ``[t, t + 1)`` when it opens its
        interval, ``[t - 1, t)`` when it closes it (an ``end`` reading at midnight
        belongs to the day before).
        """
        keys = readings.keys.astype(np.int64)
        if readings.key_kind == "period":
            bounds = self.period_ms[np.clip(keys, 0, max(len(self.periods) - 1, 0))]
            return bounds[:, 0], bounds[:, 1]
        if readings.ends is not None:
            return keys, readings.ends.astype(np.int64)
        opens = readings.convention == "start"
        interval = readings.interval
        if interval is None:
            return (keys, keys + 1) if opens else (keys - 1, keys)
        if interval.months:
            month = keys.astype("datetime64[ms]").astype("datetime64[M]")
            within = keys - month.astype("datetime64[ms]").astype(np.int64)
            moved = month + np.timedelta64(interval.months if opens else -interval.months, "M")
            other = moved.astype("datetime64[ms]").astype(np.int64) + within
        else:
            other = keys + (interval.millis if opens else -interval.millis)
        return (keys, other) if opens else (other, keys)

    def _periods(self, readings: Readings) -> np.ndarray:
        """The period (declared order) each reading falls in, or -1 (as the aggregation)."""
        if readings.key_kind == "period":
            return readings.keys.astype(np.int64)
        convention = readings.convention if readings.ends is None else "start"
        return self.grid.assign(readings.keys, convention)

    def _note_uncovered(self, symbol: str, point: int, periods: np.ndarray, span: _Span) -> None:
        for n in np.unique(periods).tolist():
            listed = self.uncovered.setdefault((symbol, point, int(n)), [])
            if span.text not in listed:
                listed.append(span.text)

    # -- at the end ------------------------------------------------------------------
    def _record(
        self, symbol: str, point: int, period: int, span: _Span, readings: int
    ) -> CalibrationCorrection:
        """The correction of a span's readings in a period, still without factor or change."""
        assert span.rule is not None
        return CalibrationCorrection(
            parameter=symbol,
            period=self.periods[period].id,
            point=self.owner[(symbol, point)],
            span=span.text,
            rule=span.rule,
            calibration=span.record.date,
            error=span.error,
            factor=Fraction(1),
            readings=readings,
            amount=Fraction(0),
            unit=self.parameters[symbol].unit,
        )

    def finish(self) -> tuple[list[CalibrationCorrection], list[PendingCorrection]]:
        """The correction records and those left to the engine; findings to the collector."""
        records = []
        for (symbol, point, period, k), tally in sorted(self.tallies.items()):
            span = self.spans[(symbol, point)][k]
            record = replace(
                self._record(symbol, point, period, span, tally.readings),
                factor=tally.factor,
                amount=tally.amount,
            )
            records.append(record)
            self.collector.add(correction_finding(record, span.record.where))
        pending = []
        for (symbol, point, period, k), deferred in sorted(self.deferred.items()):
            span = self.spans[(symbol, point)][k]
            pending.append(
                PendingCorrection(
                    self._record(symbol, point, period, span, deferred.readings),
                    period,
                    point,
                    deferred.positive,
                    deferred.negative,
                    span.record.where,
                )
            )
        for (symbol, point, period), spans in sorted(self.undecided.items()):
            self.collector.add(
                codes.CALIBRATION_UNDECIDED(
                    f"{symbol} at point {self.owner[(symbol, point)]!r} in period "
                    f"{self.periods[period].id!r} needs a calibration correction "
                    f"({'; '.join(sorted(spans))}), but whether an increase of {symbol} "
                    "raises or lowers ER depends on the values, so no correction can be "
                    "chosen without a guess",
                    hint="have the readings corrected (e.g. from the calibration report) "
                    "and record the calibration as within its permissible error",
                    **self.where.get(self.owner[(symbol, point)], {}),
                )
            )
        for (symbol, point, period), texts in sorted(self.uncovered.items()):
            self.collector.add(
                codes.CALIBRATION_UNCOVERED(
                    f"{symbol} at point {self.owner[(symbol, point)]!r} in period "
                    f"{self.periods[period].id!r} has readings that no calibration covers "
                    f"({'; '.join(texts)}); they are used uncorrected",
                    hint="add the calibration records that cover these days",
                    **self.where.get(self.owner[(symbol, point)], {}),
                )
            )
        return records, pending


def correction_finding(record: CalibrationCorrection, where: Mapping[str, Any]) -> Finding:
    """The warning that readings were corrected (``JCM-D050`` or ``JCM-D051``)."""
    change = f"{float(record.amount):+g} {record.unit}"
    what = (
        f"{record.parameter} at point {record.point!r} in period {record.period!r}: "
        f"{record.readings} reading(s) of {record.span} corrected by "
        f"{_percent(record.error)} (×{float(record.factor):g}), {change}"
    )
    if record.rule == "error-found":
        return codes.CALIBRATION_ERROR_CORRECTED(
            f"{what}: the calibration of {record.calibration} found an error of "
            f"{_percent(record.error)}",
            **where,
        )
    return codes.CALIBRATION_LATE(
        f"{what}: the calibration of {record.calibration} was late, so the permissible "
        "error applies to the days since the previous one's validity ended",
        **where,
    )


def _percent(error: Fraction) -> str:
    return f"{float(error * 100):g} %"
