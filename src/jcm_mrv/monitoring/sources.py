"""What the monitoring reader is asked to read, and what it returns.

The project file declares the data files (:class:`SourceSpec`), the monitoring periods
(:class:`PeriodSpec`) and the monitoring points; the methodology declares the monitored
parameters (:class:`ParameterSpec`). :func:`jcm_mrv.monitoring.read_monitoring_data`
turns them into a :class:`MonitoringData`.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from jcm_mrv.findings import Finding, codes
from jcm_mrv.monitoring.numbers import DecimalMark, NumberFormat, ThousandsSeparator

Aggregation = Literal["sum", "mean", "min", "max", "last"]
Layout = Literal["wide", "long", "mrs"]
TimestampConvention = Literal["start", "end"]
GapSubstitute = Literal["max-rate"]
ErDirection = Literal["raises", "lowers", "unchanged", "depends"]
CorrectionRule = Literal["error-found", "late"]


@dataclass(frozen=True)
class ExpressionBound:
    """A bound given as an expression (``P_rated_i * duration``), ready to evaluate.

    ``limits`` takes durations in hours (a 1-D array) and returns the bound in the
    parameter's unit, shaped ``(durations, points)`` (one column when the parameter is
    not per point); NaN where it cannot be evaluated. ``per_duration`` says whether the
    expression uses ``duration``: then it applies to every reading (with the reading's
    interval) as well as to every period's value; otherwise like a number bound.
    """

    text: str
    per_duration: bool
    limits: Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class ParameterSpec:
    """One monitored parameter of the methodology.

    ``symbol`` is the ASCII symbol (``EG_i_p``); ``unit`` the methodology's unit in pint
    syntax, into which every value is converted; ``per_point`` says whether the parameter
    varies by monitoring point; ``per_day`` whether it varies by day of the monitoring
    period (the methodology's index ``d``): its readings are then aggregated per calendar
    day instead of per period; ``aggregation`` how readings within a period (or day)
    combine; ``minimum``/``maximum`` are the methodology's bounds (in ``unit``), which
    apply to each day's value of a per-day parameter; ``lower``/``upper`` are bounds given
    as expressions instead (:class:`ExpressionBound`). ``printed`` is the symbol as the
    methodology prints it (``EG_{i,p}``), by which a Monitoring Spreadsheet names it.
    """

    symbol: str
    unit: str
    per_point: bool
    aggregation: Aggregation = "sum"
    minimum: float | None = None
    maximum: float | None = None
    lower: ExpressionBound | None = None
    upper: ExpressionBound | None = None
    per_day: bool = False
    printed: str | None = None
    direction: ErDirection | None = None
    """How ER responds to an increase of the parameter: decides how a gap is handled.
    ``None`` (the reader used without a methodology's analysis): gaps are recorded in
    :attr:`MonitoringData.coverage` only; the engine always sets it."""


@dataclass(frozen=True)
class PeriodSpec:
    """A monitoring period: ``start`` and ``end`` are both inclusive days."""

    id: str
    start: datetime.date
    end: datetime.date


class PeriodLike(Protocol):
    """What the period checks read of a period (a :class:`PeriodSpec`, a project's period)."""

    @property
    def id(self) -> str: ...  # pragma: no cover - a protocol
    @property
    def start(self) -> datetime.date: ...  # pragma: no cover - a protocol
    @property
    def end(self) -> datetime.date: ...  # pragma: no cover - a protocol


@dataclass(frozen=True)
class PeriodProblem:
    """One problem with the declared periods: its finding code, the period, the field."""

    code: codes.Code
    index: int
    """Position of the period in the declared order."""
    field: Literal["id", "start", "end"]
    message: str


def period_problems(periods: Sequence[PeriodLike]) -> list[PeriodProblem]:
    """The one check of monitoring periods: unique ids, end ≥ start, no overlap.

    The project loader and the monitoring reader both use it and locate the problems
    in their own terms (a line of the project file, a ``periods.ID`` path).
    """
    problems: list[PeriodProblem] = []
    seen: set[str] = set()
    for n, period in enumerate(periods):
        if period.id in seen:
            problems.append(
                PeriodProblem(
                    codes.DUPLICATE_POINT, n, "id", f"period {period.id!r} is listed twice"
                )
            )
        seen.add(period.id)
        if period.end < period.start:
            problems.append(
                PeriodProblem(
                    codes.PERIOD_DATES,
                    n,
                    "end",
                    f"period {period.id} ends ({period.end}) before it starts ({period.start})",
                )
            )
    ordered = sorted(enumerate(periods), key=lambda item: item[1].start)
    for (_, before), (n, after) in itertools.pairwise(ordered):
        if after.start <= before.end:
            problems.append(
                PeriodProblem(
                    codes.PERIOD_DATES,
                    n,
                    "start",
                    f"period {after.id} ({after.start} to {after.end}) overlaps period "
                    f"{before.id} ({before.start} to {before.end})",
                )
            )
    return problems


@dataclass(frozen=True)
class SourceSpec:
    """One data file as the project file declares it.

    ``layout`` is ``"wide"`` (a row per timestamp or period and point, a column per
    parameter with its unit in the header) or ``"long"`` (a row per period, point and
    parameter with value and unit columns) or ``"mrs"`` (the Monitoring Spreadsheet's
    MRS(input) sheet in its official layout: see :mod:`jcm_mrv.monitoring.mrs`). ``sheet`` names the
    worksheet of an xlsx file (default: the first). ``encoding`` of a CSV file: ``None``
    detects UTF-8 (with or without BOM) and falls back to CP932 (Shift-JIS as Japanese
    Excel writes it). ``point`` assigns every row to one monitoring point when the file
    has no point column. ``timestamps`` says whether a reading's timestamp marks the
    start or the end of its interval. The ``*_column`` fields override the column names
    the reader looks for (matched case-insensitively). ``header_row`` (1-based) is the
    row that holds the column names, for sheets with a title block above the table;
    ``None`` takes the first row that is not blank. ``decimal`` and ``thousands`` declare
    how text cells write numbers (see :class:`~jcm_mrv.monitoring.numbers.NumberFormat`;
    ``None``: undeclared, and an ambiguous cell is refused); ``delimiter`` the CSV field
    separator (``None``: detected from the header row); ``date_format`` a strftime
    format for the timestamp column (``None``: ISO 8601 or ``2025/1/1 0:15``), where
    a format without a time of day names an interval (a day, a month or a year).
    ``interval`` declares the reading interval (``15min``, ``1h``, ``1d``, ``1mo``;
    ``None``: inferred); ``substitute`` how a gap in a parameter whose increase lowers
    ER is filled (``max-rate``; ``None``: such a gap is an error); ``registers`` the
    parameters whose columns hold cumulative meter readings.
    """

    path: Path
    layout: Layout
    sheet: str | None = None
    encoding: str | None = None
    point: str | None = None
    timestamps: TimestampConvention = "start"
    header_row: int | None = None
    time_column: str | None = None
    period_column: str | None = None
    point_column: str | None = None
    parameter_column: str | None = None
    value_column: str | None = None
    unit_column: str | None = None
    decimal: DecimalMark | None = None
    thousands: ThousandsSeparator | None = None
    delimiter: str | None = None
    date_format: str | None = None
    interval: str | None = None
    substitute: GapSubstitute | None = None
    registers: tuple[str, ...] = ()
    """Parameters whose columns hold cumulative register readings (see
    :mod:`jcm_mrv.monitoring.registers`) rather than amounts per interval."""

    @property
    def number_format(self) -> NumberFormat:
        """How the source's text cells write numbers."""
        return NumberFormat(self.decimal, self.thousands)


@dataclass(frozen=True)
class MeterSpec:
    """One meter of a monitoring point's history (register readings): see the project
    file's ``meters``. Times are milliseconds since 1970 (local time, as readings);
    ``None`` where open-ended. The readings are in ``unit`` (``None``: the register
    column's unit)."""

    serial: str
    installed: int | None = None
    removed: int | None = None
    initial_reading: float | None = None
    final_reading: float | None = None
    rollover: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class RegisterUse:
    """How one period's amount at one point came from register readings.

    ``first`` and ``last`` are the first and last readings the period's intervals
    use (a timestamp and the reading, exactly, in the methodology's unit ``unit``);
    ``meters`` the serials of the meters read (more than one: a replacement);
    ``rollovers`` how many register rollovers were counted; ``boundaries`` how each
    interval across a period boundary was treated.
    """

    first: str
    first_reading: str
    last: str
    last_reading: str
    unit: str
    intervals: int
    rollovers: int = 0
    meters: tuple[str, ...] = ()
    boundaries: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON (a coverage record's ``registers``)."""
        return {
            "first": self.first,
            "first_reading": self.first_reading,
            "last": self.last,
            "last_reading": self.last_reading,
            "unit": self.unit,
            "intervals": self.intervals,
            "rollovers": self.rollovers,
            "meters": list(self.meters),
            "boundaries": list(self.boundaries),
        }


@dataclass(frozen=True)
class Coverage:
    """How complete one parameter's readings are in one period at one point.

    ``interval`` is the reading interval (``1mo``, ``15min``; ``irregular`` for register
    readings without one), ``inferred`` whether it was inferred from the readings
    rather than declared; ``expected`` the number of
    intervals the period overlaps, ``present`` those with a reading; ``missing`` the
    first few missing intervals (``2025-03-01 to 2025-04-01``, end exclusive).
    """

    parameter: str
    period: str
    point: str | None
    interval: str
    inferred: bool
    expected: int
    present: int
    missing: tuple[str, ...] = ()
    registers: RegisterUse | None = None
    """Set when the values are differences of register readings."""

    @property
    def share(self) -> float:
        """The covered share of the period, ``present / expected``."""
        return self.present / self.expected if self.expected else 1.0

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON (the ``coverage`` records of a period)."""
        return {
            "parameter": self.parameter,
            "point": self.point,
            "interval": self.interval,
            "interval_inferred": self.inferred,
            "expected": self.expected,
            "present": self.present,
            "share": round(self.share, 6),
            "missing": list(self.missing),
        } | ({} if self.registers is None else {"registers": self.registers.to_dict()})


@dataclass(frozen=True)
class Substitution:
    """A gap filled with a conservative substitute: what, where, how much, by which rule."""

    parameter: str
    period: str
    point: str | None
    intervals: tuple[str, ...]
    amount: float
    """In the methodology's unit of the parameter."""
    amount_exact: str
    unit: str
    rule: GapSubstitute

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON (the ``substitutions`` records of a period)."""
        return {
            "parameter": self.parameter,
            "point": self.point,
            "intervals": list(self.intervals),
            "amount": self.amount,
            "amount_exact": self.amount_exact,
            "unit": self.unit,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Gap:
    """Missing intervals of a summed parameter in one period at one point, and their
    handling's findings (``docs/project-format.md``, "Completeness and gaps").

    The reader decides a gap by the parameter's direction; where the direction depends
    on the values, it leaves the gap to the engine (:attr:`MonitoringData.gaps`), which
    decides it per point and period (:mod:`jcm_mrv.engine.decisions`). ``substitute``
    is the conservative substitute's amount (``max-rate``: the highest rate observed in
    the period applied to the missing time), exact, in the methodology's unit ``unit``;
    ``None`` where the data file declares none. The value of the period holds the sum of
    the readings present, without it.
    """

    parameter: str
    period: str
    point: str | None
    period_index: int
    point_index: int
    """Indices into the value arrays (the point's is 0 for a parameter without one)."""
    intervals: tuple[str, ...]
    """The first few missing intervals (``2025-03-01 to 2025-04-01``, end exclusive)."""
    missing: int
    """How many intervals are missing."""
    unit: str
    substitute: Fraction | None
    where: Mapping[str, Any]

    def _says(self, code: codes.Code, text: str, hint: str | None = None) -> Finding:
        at = "" if self.point is None else f" at point {self.point!r}"
        listed = "; ".join(self.intervals)
        if self.missing > len(self.intervals):
            listed += f"; and {self.missing - len(self.intervals)} more"
        return code(
            f"{self.parameter} in period {self.period!r}{at} has {self.missing} missing "
            f"interval(s) ({listed}); {text}",
            hint=hint,
            **self.where,
        )

    def noted(self, what_follows: str) -> Finding:
        """The warning that names the gap (``JCM-D032``) and what follows from it."""
        return self._says(codes.DATA_GAP, what_follows)

    def as_zero(self, here: str = "") -> Finding:
        """The warning that the gap counts as zero (``JCM-D032``), as an increase raises
        ER (``here``: where that holds, when not everywhere)."""
        return self._says(
            codes.DATA_GAP,
            "they count as zero (no credit for the gap), as an increase of "
            f"{self.parameter} raises ER{here}",
        )

    def unfilled(self, why: str, hint: str) -> Finding:
        """The error that no conservative value can be given to the gap (``JCM-D033``)."""
        return self._says(codes.DATA_GAP_UNFILLED, why, hint=hint)

    def filled(self, amount: Fraction, how: str = "") -> tuple[Substitution, Finding]:
        """The substitution of ``amount`` (the substitute, or more: ``how`` says why) and
        its warning (``JCM-D034``)."""
        record = Substitution(
            self.parameter,
            self.period,
            self.point,
            self.intervals,
            float(amount),
            str(amount),
            self.unit,
            "max-rate",
        )
        return record, self._says(
            codes.DATA_GAP_FILLED,
            "filled with the highest rate observed in the period applied to the missing "
            f"time{how}: {float(amount):g} {self.unit} (substitute: max-rate)",
        )


@dataclass(frozen=True)
class CalibrationCorrection:
    """Readings of one parameter at one point in one period, corrected by one span's rule."""

    parameter: str
    period: str
    point: str
    span: str
    """The corrected days, ``2025-12-01 to 2025-12-15`` (both inclusive)."""
    rule: CorrectionRule
    calibration: datetime.date
    error: Fraction
    """The size of the correction (the error found, or the permissible error)."""
    factor: Fraction
    """What a reading ≥ 0 is multiplied by (a reading below 0 moves the same way)."""
    readings: int
    amount: Fraction
    """The change of the period's value, in the methodology's unit."""
    unit: str

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON (the ``calibration_corrections`` records of a period)."""
        return {
            "parameter": self.parameter,
            "point": self.point,
            "span": self.span,
            "rule": self.rule,
            "calibration": self.calibration.isoformat(),
            "error": float(self.error),
            "factor": float(self.factor),
            "factor_exact": str(self.factor),
            "readings": self.readings,
            "amount": float(self.amount),
            "amount_exact": str(self.amount),
            "unit": self.unit,
        }


def factors_of(error: Fraction) -> tuple[Fraction, Fraction]:
    """The factors that lower and raise a reading ≥ 0 by ``error`` (calibration rule 6a)."""
    return max(Fraction(0), 1 - error), 1 + error


@dataclass(frozen=True)
class PendingCorrection:
    """A correction of a parameter whose effect on ER depends on the values (rule 6b).

    The reader leaves the readings as they are; the engine decides the direction at
    this point and period from the values (:mod:`jcm_mrv.engine.decisions`).
    ``positive`` and ``negative`` are the sums of the readings ≥ 0 and below 0 that the
    correction covers, in the methodology's unit; ``record`` is the correction with
    neither factor nor change yet.
    """

    record: CalibrationCorrection
    period_index: int
    point_index: int
    """Index into the value arrays (0 for a parameter without the point index)."""
    positive: Fraction
    negative: Fraction
    where: Mapping[str, Any]

    def decided(self, down: bool) -> CalibrationCorrection:
        """The correction downward (``down``) or upward, with its exact change."""
        lowered, raised = factors_of(self.record.error)
        if down:
            amount = (lowered - 1) * self.positive + (raised - 1) * self.negative
        else:
            amount = (raised - 1) * self.positive + (lowered - 1) * self.negative
        return replace(self.record, factor=lowered if down else raised, amount=amount)


@dataclass
class MonitoringData:
    """Monitored values per period and point, in the methodology's units.

    ``values[symbol]`` has shape ``(n_periods, n_points)`` for per-point parameters and
    ``(n_periods, 1)`` otherwise; it is NaN wherever no value may be computed (no data,
    or data with an error finding). A per-day parameter has a third axis of ``n_days``
    (the longest period's length in days): day ``k`` of period ``n`` is the period's
    start plus ``k`` days, and the days after a shorter period's end are padding, 0.0
    with a count of 0 (never reported as missing). ``counts`` has the same shapes and
    holds the number of readings aggregated into each value. ``file_hashes`` maps each
    source path (as given) to the sha256 of its bytes; ``rows_read`` to the number of data
    rows read.
    """

    values: dict[str, np.ndarray]
    counts: dict[str, np.ndarray]
    exact: dict[str, np.ndarray] = field(default_factory=dict)
    """The same values as exact fractions of the readings as written (object arrays)."""
    findings: list[Finding] = field(default_factory=list)
    file_hashes: dict[str, str] = field(default_factory=dict)
    rows_read: dict[str, int] = field(default_factory=dict)
    period_ids: tuple[str, ...] = ()
    point_ids: tuple[str, ...] = ()
    coverage: list[Coverage] = field(default_factory=list)
    """Expected and present readings per timestamped parameter, period and point."""
    substitutions: list[Substitution] = field(default_factory=list)
    """Every gap filled with a substitute."""
    corrections: list[CalibrationCorrection] = field(default_factory=list)
    """Every calibration correction (:mod:`jcm_mrv.monitoring.calibration`)."""
    pending: list[PendingCorrection] = field(default_factory=list)
    """Calibration corrections of parameters whose direction depends on the values, left
    to the engine to decide per point and period (the readings are uncorrected)."""
    gaps: list[Gap] = field(default_factory=list)
    """Gaps in summed parameters whose direction depends on the values, left to the
    engine to decide per point and period (the values hold the readings present)."""
