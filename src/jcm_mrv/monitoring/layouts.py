"""From blocks of cells to readings: the wide and the long layout.

A *reading* is one value of one parameter, keyed by a timestamp (milliseconds) or a
period (index into the declared periods), at one monitoring point, with the unit
conversion into the methodology's unit and the spreadsheet row it came from. Each block
of rows yields :class:`Readings` per parameter, which go straight to a sink (the
aggregator of :mod:`.aggregate`): nothing is kept per row beyond the block.

Every cell that cannot be read becomes a finding that names it. A reading whose value
cell is bad is kept, flagged ``bad``, so that its period and point get no value (rather
than a total that silently lacks it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np

from jcm_mrv.findings import codes
from jcm_mrv.findings.suggest import did_you_mean
from jcm_mrv.monitoring.categories import EMPTY, OTHER, UNCACHED, categorise, codes_present
from jcm_mrv.monitoring.collector import FindingCollector
from jcm_mrv.monitoring.columns import Block, CellProblem, excerpt
from jcm_mrv.monitoring.completeness import Interval, source_interval
from jcm_mrv.monitoring.headers import (
    ROLE_NAMES,
    Role,
    find_role,
    find_symbol,
    parse_parameter_header,
)
from jcm_mrv.monitoring.numbers import UNCACHED_REASON, parse_numbers
from jcm_mrv.monitoring.sources import (
    GapSubstitute,
    ParameterSpec,
    SourceSpec,
    TimestampConvention,
)
from jcm_mrv.monitoring.timestamps import parse_formatted_timestamps, parse_timestamps
from jcm_mrv.units import Conversion, IncompatibleUnit, UnitError, UnknownUnit, conversion

KeyKind = Literal["time", "period"]


class Table(Protocol):
    """What a layout needs from a file reader (CSV or xlsx)."""

    display: str
    header: list[str]
    header_row: int

    def location(self, row: int | None, column: int | None) -> dict[str, Any]:
        """Finding location fields of a cell."""

    def column_name(self, column: int) -> str:
        """The header text of a column."""


@dataclass(frozen=True)
class Readings:
    """Readings of one parameter from one column of one block of rows, in one unit.

    Values are still in the file's unit; ``conversion`` takes them to the methodology's.
    Aggregating in the file's unit and converting each period's total once keeps
    decimal data exact-ish: 1000 kWh + 1000.5 kWh is 2.0005 MWh, whereas converting
    each reading first gives 2.0004999999999997.
    """

    symbol: str
    table: Table
    column: int
    key_kind: KeyKind
    convention: TimestampConvention  # whether timestamps open or close their interval
    conversion: Conversion
    keys: np.ndarray  # int64: milliseconds since 1970 (local time), or period index
    points: np.ndarray  # int32 index into the declared points (0 if not per point)
    values: np.ndarray  # float64 in the file's unit; NaN where bad
    bad: np.ndarray  # bool: the value cell (or its unit) could not be read
    rows: np.ndarray  # int64 spreadsheet row numbers
    ends: np.ndarray | None = None
    """int64 exclusive end (ms) of the interval each timestamp names (a declared date
    format without a time of day: a day, a month); ``None`` when timestamps are instants."""
    interval: Interval | None = None
    """The source's declared reading interval (``None``: inferred from the readings)."""
    substitute: GapSubstitute | None = None
    """How the source's project fills a gap in a parameter that lowers ER."""
    register: Literal["reading", "difference"] | None = None
    """``reading``: the values are cumulative register readings at instants (the
    aggregator differences them, see :mod:`.registers`); ``difference``: amounts of
    the intervals ``[keys, ends)`` between such readings; ``None``: amounts."""

    def __len__(self) -> int:
        return int(self.keys.shape[0])


ReadingSink = Callable[[Readings], None]


@dataclass
class ReadContext:
    """What every layout needs to know: parameters, periods, points, the finding sink."""

    parameters: Mapping[str, ParameterSpec]
    period_ids: Sequence[str]
    point_ids: Sequence[str]
    collector: FindingCollector
    sink: ReadingSink


@dataclass
class _Unknown:
    """An undeclared id: where it is first met and how often."""

    first_row: int
    column: int
    count: int = 0


_SHOWN_UNKNOWN = 20  # undeclared point or period ids named one by one; the rest counted
_SHOWN_HEADERS = 20  # column names quoted when a message lists the header
_LONGEST_UNIT = 64  # longer unit texts are refused before pint sees them


class LayoutReader:
    """Shared machinery of the two layouts: key and point columns, findings."""

    def __init__(self, table: Table, source: SourceSpec, context: ReadContext) -> None:
        self.table = table
        self.source = source
        self.context = context
        self.collector = context.collector
        self.ok = True
        self.key_kind: KeyKind = "time"
        self.key_column = -1
        self.point_column: int | None = None
        self.fixed_point: int | None = None
        self._unknown: dict[tuple[str, str | None], _Unknown] = {}
        self._distinct_unknown = {"point": 0, "period": 0}
        self.found_readings = False
        self._blank_cells: dict[int, list[int]] = {}  # column → [count, first row]
        self._key_ends: np.ndarray | None = None  # of the block being read (see Readings.ends)
        self.interval = source_interval(source)

    # -- planning --------------------------------------------------------------------
    def _role(self, role: Role, override: str | None, *, required: bool) -> int | None:
        match = find_role(self.table.header, role, override)
        if len(match.columns) > 1:
            names = ", ".join(repr(self.table.column_name(c)) for c in match.columns)
            self._error_header(
                codes.DATA_AMBIGUOUS_COLUMN,
                f"several columns could be the {ROLE_NAMES[role]} column: {names}",
                match.columns[1],
            )
            return None
        if match.columns:
            return match.columns[0]
        if required:
            wanted = override or ROLE_NAMES[role]
            self._error_header(
                codes.DATA_COLUMN_MISSING,
                f"no {wanted!r} column; the header is {self._header_text()}",
                None,
            )
        return None

    def _plan_key(self) -> None:
        spec = self.source
        time = self._role("time", spec.time_column, required=False)
        period = self._role("period", spec.period_column, required=False)
        if spec.period_column and period is not None:
            time = None
        if time is not None:
            self.key_kind, self.key_column = "time", time
        elif period is not None:
            self.key_kind, self.key_column = "period", period
        else:
            self._error_header(
                codes.DATA_COLUMN_MISSING,
                "no 'timestamp' or 'period' column to say when each row was measured; "
                f"the header is {self._header_text()}",
                None,
            )

    def _plan_point(self, needed: bool) -> None:
        if self.source.point is not None:
            if self.source.point not in self.context.point_ids:
                self.collector.add(
                    codes.DATA_UNKNOWN_POINT(
                        f"the source declares point {excerpt(self.source.point)}, which is not "
                        "one of "
                        f"the project's points ({_listed(self.context.point_ids)})",
                        hint=did_you_mean(self.source.point, self.context.point_ids),
                        file=self.table.display,
                    )
                )
                self.ok = False
                return
            self.fixed_point = list(self.context.point_ids).index(self.source.point)
            return
        self.point_column = self._role("point", self.source.point_column, required=needed)

    def _header_text(self) -> str:
        named = [h for h in self.table.header if h.strip()]
        shown = ", ".join(excerpt(h.strip()) for h in named[:_SHOWN_HEADERS])
        more = f" and {len(named) - _SHOWN_HEADERS:,} more" if len(named) > _SHOWN_HEADERS else ""
        return shown + more or "empty"

    def _error_header(self, code: codes.Code, message: str, column: int | None) -> None:
        self.ok = False
        self.collector.add(code(message, **self.table.location(self.table.header_row, column)))

    # -- reading keys and points -----------------------------------------------------
    def _read_keys(
        self, block: Block, relevant: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(keys, empty, ok)`` of the key column (timestamps or period indices).

        Problems are reported for ``relevant`` rows only (all rows by default).
        """
        column = block.columns[self.key_column]
        if self.key_kind == "time":
            if self.source.date_format is None:
                keys, empty, problems = parse_timestamps(column)
            else:
                keys, self._key_ends, empty, problems = parse_formatted_timestamps(
                    column, self.source.date_format
                )
            ok = ~empty
            for problem in problems:
                ok[problem.index] = False
                if relevant is None or relevant[problem.index]:
                    self._cell_error(block, self.key_column, problem, codes.DATA_BAD_TIMESTAMP)
            return keys, empty, ok
        ids = self.context.period_ids
        found, labels = categorise(column, ids, capped=True)
        empty = found == EMPTY
        ok = (found >= 0) & (found < len(ids))
        self._note_unknown(block, self.key_column, found, labels, len(ids), "period", relevant)
        return found.astype(np.int64), empty, ok

    def _read_points(
        self, block: Block, relevant: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(points, empty, ok)``: point indices (or the source's fixed point)."""
        n = len(block)
        if self.point_column is None:
            point = self.fixed_point or 0
            return np.full(n, point, dtype=np.int32), np.ones(n, bool), np.ones(n, bool)
        ids = self.context.point_ids
        found, labels = categorise(block.columns[self.point_column], ids, capped=True)
        self._note_unknown(block, self.point_column, found, labels, len(ids), "point", relevant)
        ok = (found >= 0) & (found < len(ids))
        return found, found == EMPTY, ok

    def _note_unknown(
        self,
        block: Block,
        column: int,
        found: np.ndarray,
        labels: list[str],
        n_known: int,
        what: str,
        relevant: np.ndarray | None,
    ) -> None:
        uncached = found == UNCACHED
        unknown_mask = found >= n_known
        if relevant is not None:
            uncached &= relevant
            unknown_mask &= relevant
        for index in np.flatnonzero(uncached).tolist():
            self._cell_error(
                block, column, CellProblem(index, "", UNCACHED_REASON), codes.DATA_MISSING_KEY
            )
        unknown = np.flatnonzero(unknown_mask)
        if not unknown.size:
            return
        codes_found, first, counts = np.unique(
            found[unknown], return_index=True, return_counts=True
        )
        in_row_order = np.argsort(first, kind="stable")
        for code, first_index, count in zip(
            codes_found[in_row_order].tolist(),
            first[in_row_order].tolist(),
            counts[in_row_order].tolist(),
            strict=True,
        ):
            key: tuple[str, str | None] = (what, labels[code])
            if labels[code] == OTHER or (
                key not in self._unknown and self._distinct_unknown[what] >= _SHOWN_UNKNOWN
            ):
                key = (what, None)  # past the first few labels: only counted
            if key not in self._unknown:
                self._distinct_unknown[what] += 1
                self._unknown[key] = _Unknown(int(block.rows[unknown[first_index]]), column)
            entry = self._unknown[key]
            entry.count += count

    def _cell_error(
        self, block: Block, column: int, problem: CellProblem, code: codes.Code
    ) -> None:
        if problem.reason == UNCACHED_REASON:
            code = codes.DATA_UNCACHED_FORMULA
        row = int(block.rows[problem.index])
        name = self.table.column_name(column)
        self.collector.add(
            code(f"{name}: {problem.reason}", **self.table.location(row, column)),
            key=(self.table.display, column, code.code),
        )

    def _read_values(self, block: Block, column: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(values, empty, bad)`` of a value column, in the file's unit."""
        values, empty, problems = parse_numbers(block.columns[column], self.source.number_format)
        bad = np.zeros(len(block), dtype=bool)
        for problem in problems:
            bad[problem.index] = True
            self._cell_error(block, column, problem, codes.DATA_NOT_A_NUMBER)
        return values, empty, bad

    def _report_missing_keys(
        self, block: Block, rows_with_data: np.ndarray, key_empty: np.ndarray
    ) -> None:
        for index in np.flatnonzero(rows_with_data & key_empty).tolist():
            row = int(block.rows[index])
            self.collector.add(
                codes.DATA_MISSING_KEY(
                    f"row has values but no {ROLE_NAMES[self.key_kind]}",
                    **self.table.location(row, self.key_column),
                ),
                key=(self.table.display, "missing-key"),
            )

    def _note_blank_cells(self, block: Block, column: int, blank: np.ndarray) -> None:
        where = np.flatnonzero(blank)
        if where.size:
            entry = self._blank_cells.setdefault(column, [0, int(block.rows[where[0]])])
            entry[0] += int(where.size)

    def _emit(
        self,
        symbol: str,
        column: int,
        conversion: Conversion,
        selected: np.ndarray,
        arrays: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    ) -> None:
        """Send the ``selected`` rows of ``(keys, points, values, bad, rows)`` to the sink."""
        if not selected.size:
            return
        keys, points, values, bad, rows = arrays
        if not self.context.parameters[symbol].per_point:
            points = np.zeros(len(keys), dtype=np.int32)
        everything = selected.size == len(keys)
        self.found_readings = True
        ends = self._key_ends if self.key_kind == "time" else None
        if not everything:
            keys, points, values, bad, rows = (
                a[selected] for a in (keys, points, values, bad, rows)
            )
            ends = None if ends is None else ends[selected]
        self.context.sink(
            Readings(
                symbol,
                self.table,
                column,
                self.key_kind,
                # a value naming a day or month opens its interval, whatever the convention
                self.source.timestamps if ends is None else "start",
                conversion,
                keys,
                points,
                values,
                bad,
                rows,
                ends,
                self.interval,
                self.source.substitute,
                "reading" if symbol in self.source.registers else None,
            )
        )

    def finish(self) -> None:
        """Report what was only counted while reading: unknown ids, blank cells."""
        for (what, label), entry in self._unknown.items():
            declared = self.context.point_ids if what == "point" else self.context.period_ids
            code = codes.DATA_UNKNOWN_POINT if what == "point" else codes.DATA_UNKNOWN_PERIOD
            named = f"{what} {excerpt(label)}" if label is not None else f"further {what}s"
            self.collector.add(
                code(
                    f"{entry.count:,} row(s) name {named}, which the project does not "
                    f"declare ({_listed(declared)}); first at row {entry.first_row}",
                    hint=did_you_mean(label, declared) if label is not None else None,
                    **self.table.location(entry.first_row, entry.column),
                )
            )
        for column, (count, first_row) in self._blank_cells.items():
            self.collector.add(
                codes.DATA_BLANK_CELLS(
                    f"{count} blank cell(s) in column {self.table.column_name(column)!r}; "
                    f"first at row {first_row}",
                    **self.table.location(first_row, column),
                )
            )


class WideReader(LayoutReader):
    """A row per timestamp (or period) and point; a column per parameter with its unit."""

    def __init__(self, table: Table, source: SourceSpec, context: ReadContext) -> None:
        super().__init__(table, source, context)
        self.value_columns: dict[int, tuple[str, Conversion]] = {}
        self._plan()

    @property
    def wanted(self) -> list[int]:
        """The columns this layout reads."""
        key = [self.key_column] + ([self.point_column] if self.point_column is not None else [])
        return key + list(self.value_columns)

    def _plan(self) -> None:
        parameters = self.context.parameters
        self._plan_key()
        roles = {self.key_column}
        seen: dict[str, int] = {}
        for column, text in enumerate(self.table.header):
            if column in roles or not text.strip():
                continue
            header = parse_parameter_header(text, parameters)
            if header is None:
                continue
            spec = parameters[header.symbol]
            if header.symbol in seen:
                self._error_header(
                    codes.DATA_AMBIGUOUS_COLUMN,
                    f"two columns hold {header.symbol}: "
                    f"{excerpt(self.table.column_name(seen[header.symbol]))} and "
                    f"{excerpt(text.strip())}",
                    column,
                )
                continue
            seen[header.symbol] = column
            if header.unit is None:
                note = f" ({header.unit_note})" if header.unit_note else ""
                self.collector.add(
                    codes.DATA_NO_UNIT(
                        f"column {excerpt(text.strip())} has no unit{note}: write it as "
                        f"'{header.symbol} [{spec.unit}]' (or another unit of the same kind)",
                        **self.table.location(self.table.header_row, column),
                    )
                )
                continue
            found = _unit_conversion(header.unit, spec, self.collector, self.table, column)
            if found is not None:
                self.value_columns[column] = (header.symbol, found)
        if not seen:
            examples = ", ".join(f"'{s} [{p.unit}]'" for s, p in list(parameters.items())[:3])
            self.collector.add(
                codes.DATA_NO_PARAMETERS(
                    f"no column for any monitored parameter (expected e.g. {examples}); "
                    f"the header is {self._header_text()}",
                    **self.table.location(self.table.header_row, None),
                )
            )
        needs_point = any(parameters[s].per_point for s, _ in self.value_columns.values())
        if self.ok:
            self._plan_point(needs_point)

    def consume(self, block: Block) -> None:
        """Turn a block of rows into readings."""
        keys, key_empty, key_ok = self._read_keys(block)
        points, point_empty, point_ok = self._read_points(block)
        parsed = {column: self._read_values(block, column) for column in self.value_columns}
        all_empty = key_empty & (point_empty if self.point_column is not None else True)
        for _, empty, bad in parsed.values():
            all_empty = all_empty & empty & ~bad
        has_row = ~all_empty
        self._report_missing_keys(block, has_row, key_empty)
        for column, (values, empty, bad) in parsed.items():
            symbol, unit_conversion = self.value_columns[column]
            if empty.any():
                self._note_blank_cells(block, column, has_row & empty & ~bad)
                take = key_ok & ~(empty & ~bad)
            else:
                take = key_ok.copy()
            if self.context.parameters[symbol].per_point:
                take &= point_ok
            arrays = (keys, points, values, bad, block.rows)
            self._emit(symbol, column, unit_conversion, np.flatnonzero(take), arrays)


class LongReader(LayoutReader):
    """A row per period (or timestamp), point and parameter, with value and unit columns."""

    def __init__(self, table: Table, source: SourceSpec, context: ReadContext) -> None:
        super().__init__(table, source, context)
        self.parameter_column = -1
        self.value_column = -1
        self.unit_column = -1
        self._symbols: dict[str, str | None] = {}  # parameter cell text → symbol
        self._conversions: dict[tuple[str, str], Conversion | None] = {}
        self._unit_errors: dict[tuple[str, str], list[Any]] = {}
        self._plan()

    @property
    def wanted(self) -> list[int]:
        """The columns this layout reads."""
        key = [self.key_column] + ([self.point_column] if self.point_column is not None else [])
        return [*key, self.parameter_column, self.value_column, self.unit_column]

    def _plan(self) -> None:
        spec = self.source
        self._plan_key()
        parameter = self._role("parameter", spec.parameter_column, required=True)
        value = self._role("value", spec.value_column, required=True)
        unit = self._role("unit", spec.unit_column, required=True)
        if parameter is None or value is None or unit is None or not self.ok:
            self.ok = False
            return
        self.parameter_column, self.value_column, self.unit_column = parameter, value, unit
        needs_point = any(p.per_point for p in self.context.parameters.values())
        self._plan_point(needs_point)

    def consume(self, block: Block) -> None:
        """Turn a block of rows into readings."""
        parameters = self.context.parameters
        names, name_labels = categorise(block.columns[self.parameter_column])
        symbols = [self._symbol(label) for label in name_labels]
        # codes are label indices, or EMPTY (-1) / UNCACHED (-2): two trailing Falses
        requested = np.array([s is not None for s in symbols] + [False, False])
        per_point = np.array(
            [s is not None and parameters[s].per_point for s in symbols] + [False, False]
        )
        keys, key_empty, key_ok = self._read_keys(block, requested[names])
        points, point_empty, point_ok = self._read_points(block, per_point[names])
        units, unit_labels = categorise(block.columns[self.unit_column])
        for column, found in ((self.parameter_column, names), (self.unit_column, units)):
            for index in np.flatnonzero(found == UNCACHED).tolist():
                problem = CellProblem(index, "", UNCACHED_REASON)
                self._cell_error(block, column, problem, codes.DATA_UNCACHED_FORMULA)
        values, value_empty, bad = self._read_values(block, self.value_column)
        all_empty = key_empty & (names == EMPTY) & (units == EMPTY) & value_empty & ~bad
        if self.point_column is not None:
            all_empty &= point_empty
        has_row = ~all_empty
        self._report_missing_keys(block, has_row & requested[names], key_empty)
        for symbol in dict.fromkeys(s for s in symbols if s is not None):
            codes_of_symbol = [k for k, s in enumerate(symbols) if s == symbol]
            mine = np.isin(names, codes_of_symbol) & key_ok
            spec = parameters[symbol]
            if spec.per_point:
                mine &= point_ok
            self._note_blank_cells(block, self.value_column, mine & value_empty & ~bad)
            mine &= ~value_empty | bad
            selected = np.flatnonzero(mine)
            unit_codes = units[selected]
            for unit_code in codes_present(unit_codes):
                same = selected[unit_codes == unit_code]
                label = unit_labels[unit_code] if unit_code >= 0 else ""
                first_row = int(block.rows[same[0]])
                unit_conversion = self._conversion(symbol, label, first_row, same.size)
                if unit_conversion is None:
                    # The value cannot be converted: its period and point get no value.
                    flagged = bad.copy()
                    flagged[same] = True
                    arrays = (keys, points, values, flagged, block.rows)
                    unit_conversion = Conversion()
                else:
                    arrays = (keys, points, values, bad, block.rows)
                self._emit(symbol, self.value_column, unit_conversion, same, arrays)

    def _symbol(self, label: str) -> str | None:
        if label not in self._symbols:
            self._symbols[label] = find_symbol(label, self.context.parameters)
        return self._symbols[label]

    def _conversion(self, symbol: str, unit: str, first_row: int, count: int) -> Conversion | None:
        key = (symbol, unit)
        if key not in self._conversions:
            spec = self.context.parameters[symbol]
            if not unit:
                self._conversions[key] = None
                self._unit_errors[key] = [
                    codes.DATA_NO_UNIT,
                    f"{symbol} has no unit (expected e.g. {spec.unit!r})",
                    first_row,
                    0,
                ]
            elif len(unit) > _LONGEST_UNIT:
                self._conversions[key] = None
                self._unit_errors[key] = [
                    codes.DATA_UNIT_UNKNOWN,
                    f"{symbol}: {excerpt(unit)} is not a unit",
                    first_row,
                    0,
                ]
            else:
                try:
                    self._conversions[key] = conversion(unit, spec.unit)
                except UnitError as exc:
                    code = (
                        codes.DATA_UNIT_INCOMPATIBLE
                        if isinstance(exc, IncompatibleUnit)
                        else codes.DATA_UNIT_UNKNOWN
                    )
                    self._conversions[key] = None
                    self._unit_errors[key] = [code, f"{symbol}: {exc}", first_row, 0]
        if key in self._unit_errors:
            self._unit_errors[key][3] += count
        return self._conversions[key]

    def finish(self) -> None:
        """Report unit problems (once per parameter and unit), unknown ids, blanks."""
        super().finish()
        for code, message, first_row, count in self._unit_errors.values():
            self.collector.add(
                code(
                    f"{message}; {count} row(s), first at row {first_row}",
                    **self.table.location(first_row, self.unit_column),
                )
            )
        if not self.found_readings and not self._unit_errors:
            examples = ", ".join(list(self.context.parameters)[:3])
            self.collector.add(
                codes.DATA_NO_PARAMETERS(
                    f"no row for any monitored parameter (expected e.g. {examples})",
                    **self.table.location(None, self.parameter_column),
                )
            )


def _unit_conversion(
    unit: str, spec: ParameterSpec, collector: FindingCollector, table: Table, column: int
) -> Conversion | None:
    if len(unit) > _LONGEST_UNIT:
        message = f"column {table.column_name(column)!r}: {excerpt(unit)} is not a unit"
        collector.add(codes.DATA_UNIT_UNKNOWN(message, **table.location(table.header_row, column)))
        return None
    try:
        return conversion(unit, spec.unit)
    except UnknownUnit as exc:
        code = codes.DATA_UNIT_UNKNOWN
        message = f"column {table.column_name(column)!r}: {exc}"
    except IncompatibleUnit as exc:
        code = codes.DATA_UNIT_INCOMPATIBLE
        message = f"column {table.column_name(column)!r}: {exc}"
    collector.add(code(message, **table.location(table.header_row, column)))
    return None


def _listed(ids: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(excerpt(i) for i in list(ids)[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "") or "none"
