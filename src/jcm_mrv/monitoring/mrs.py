"""The Monitoring Spreadsheet's own layout: MRS(input) and MPS(input) sheets.

Each approved methodology ships an Excel Monitoring Spreadsheet (primer section 4). Its
input sheets are not plain tables: a title block comes first, then tables, each headed by
a title (``Table 1: Parameters monitored ex post``), an *enumerator row* ``(a)``, ``(b)``
… and a row of column names. The monitored table has a row per period, monitoring point
and parameter::

    (a) Monitoring period | (b) Monitoring point No. | (c) Parameters | (d) Description
    of data | (e) Values | (f) Units | (g) Monitoring option | … | (k) Other comments

    1/Jan/2017- 31/Dec/2017 | (1) | EC_PJ,i,p | … | 1234.5 | MWh/p | Option C | …

and a second table holds the project-specific parameters fixed ex ante (parameter,
point, value, unit). This module finds the tables by their enumerator rows, takes the
columns by their names (falling back to the letters of the MRS(input) sheet: (a) period,
(b) point, (c) parameter, (e) value, (f) unit), and normalises what the official sheets
print:

* parameters as printed (``EC_PJ,i,p``), matched through each parameter's ``symbol``
  (``EC_{PJ,i,p}``) or its ASCII name;
* units per period (``MWh/p``): the ``/p`` is dropped;
* periods as date ranges (``1/Jan/2017- 31/Dec/2017``), matched to the project's
  periods by their first and last days; a single date (a row per day) is a timestamp;
* point numbers (``(1)``): the n-th monitoring point of the project.

The monitored rows then go through the long layout's reader
(:class:`~jcm_mrv.monitoring.layouts.LongReader`), so values, units, bounds and
duplicates are checked as in any other file. Every cell that does not fit is a finding
with the sheet, row and column.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from jcm_mrv.findings import Finding, codes
from jcm_mrv.findings.suggest import did_you_mean
from jcm_mrv.monitoring.columns import UNCACHED_FORMULA, Block, ObjectColumn
from jcm_mrv.monitoring.layouts import LongReader, ReadContext
from jcm_mrv.monitoring.sources import MonitoringData, PeriodSpec, SourceSpec
from jcm_mrv.monitoring.xlsxfile import column_letter

MONITORED_SHEET = "MRS(input)"
PLAN_SHEET = "MPS(input)"

_ENUMERATOR = re.compile(r"^\(([a-z])\)$")
_POINT_NUMBER = re.compile(r"^\(?\s*(\d+)\s*\)?$")
_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_DATE = re.compile(
    r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})"
    r"|(?P<dmy>\d{1,2})/(?P<month>[A-Za-z]{3,9}|\d{1,2})/(?P<year>\d{4})"
    r"|(?P<ymd>\d{4}/\d{1,2}/\d{1,2})"
)
_PER_PERIOD = re.compile(r"\s*/\s*(p|period)\s*$", re.IGNORECASE)

Role = Literal["period", "point", "parameter", "value", "unit"]
TableKind = Literal["monitored", "project", "other"]

# The MRS(input) sheet's letters, used when a table has no row of column names.
_MRS_LETTERS: dict[str, Role] = {
    "a": "period",
    "b": "point",
    "c": "parameter",
    "e": "value",
    "f": "unit",
}


def symbol_key(text: str) -> str:
    """A printed or declared symbol reduced for comparison.

    ``EC_{PJ,i,p}``, ``EC_PJ,i,p``, ``EC_PJ, i, p`` and ``EC_PJ_i_p`` all give
    ``EC_PJ_i_p``: braces, dollar signs and backslashes go, commas and blanks become
    underscores, and runs of underscores collapse.
    """
    text = re.sub(r"[{}$\\]", "", text.strip())
    text = re.sub(r"[\s,]+", "_", text)
    return re.sub(r"_+", "_", text).strip("_")


def symbol_lookup(printed: Mapping[str, str | None]) -> dict[str, str]:
    """Map :func:`symbol_key` of each ASCII name and printed symbol to the ASCII name."""
    lookup: dict[str, str] = {}
    for name, symbol in printed.items():
        lookup.setdefault(symbol_key(name), name)
        if symbol:
            lookup.setdefault(symbol_key(symbol), name)
    return lookup


def parse_dates(text: str) -> list[datetime.date] | None:
    """The dates written in a period cell (``1/Jan/2017- 31/Dec/2017``), or ``None``.

    Dates are day/month/year with the month as a name or a number, or ISO ``2017-01-31``,
    or ``2017/01/31``. ``None`` when a date-like token is not a valid date.
    """
    found: list[datetime.date] = []
    for match in _DATE.finditer(text):
        try:
            if match.group("iso") or match.group("ymd"):
                year, month, day = (int(x) for x in re.split(r"[-/]", match.group(0)))
            else:
                raw = match.group("month")
                month = int(raw) if raw.isdigit() else _MONTHS.get(raw.lower(), 0)
                day, year = int(match.group("dmy")), int(match.group("year"))
            found.append(datetime.date(year, month, day))
        except ValueError:
            return None
    return found


@dataclass
class SheetTable:
    """One enumerated table of a sheet: where it is and its data rows."""

    title: str
    kind: TableKind
    enumerator_row: int
    header_row: int
    header: dict[int, str]  # column → its name (or its enumerator)
    columns: dict[Role, int]
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)


@dataclass
class Sheet:
    """The cells of one worksheet (values as last calculated) and its tables."""

    display: str
    name: str
    rows: list[tuple[Any, ...]]
    tables: list[SheetTable]

    def location(self, row: int | None, column: int | None) -> dict[str, Any]:
        """Finding location fields of a cell."""
        where: dict[str, Any] = {"file": self.display, "sheet": self.name}
        if row is not None:
            where["row"] = row
        if column is not None:
            where["field"] = f"column {column_letter(column)}"
            if row is not None:
                where["cell"] = f"{column_letter(column)}{row}"
        return where

    def table(self, kind: TableKind) -> SheetTable | None:
        """The first table of a kind."""
        return next((t for t in self.tables if t.kind == kind), None)


def load_sheet(
    path: Path, display: str, wanted: str | None, findings: list[Finding]
) -> Sheet | None:
    """Open a workbook and find the enumerated tables of one sheet.

    ``wanted`` names the sheet; by default MRS(input), else MPS(input), else the first
    sheet. A formula cell whose result was never stored reads as
    :data:`~jcm_mrv.monitoring.columns.UNCACHED_FORMULA`. Returns ``None`` (with a
    finding) when the workbook or the sheet cannot be read.
    """
    where: dict[str, Any] = {"file": display}
    try:
        values = _load(path, data_only=True)
    except Exception as exc:  # openpyxl raises assorted errors for damaged workbooks
        findings.append(
            codes.DATA_UNREADABLE(
                f"not a readable xlsx workbook ({type(exc).__name__}: {exc})", **where
            )
        )
        return None
    try:
        names = list(values.sheetnames)
        name = wanted or next((n for n in (MONITORED_SHEET, PLAN_SHEET) if n in names), None)
        name = name or (names[0] if names else None)
        if name is None or name not in names:
            listed = ", ".join(repr(n) for n in names) or "none"
            findings.append(
                codes.DATA_SHEET_MISSING(
                    f"the workbook has no sheet {name!r}; its sheets are {listed}",
                    **where,
                    sheet=name,
                )
            )
            return None
        rows = [tuple(r) for r in values[name].iter_rows(values_only=True)]
    finally:
        values.close()
    if any(v is None for r in rows for v in r):
        formulas = _load(path, data_only=False)
        try:
            for n, raw in enumerate(formulas[name].iter_rows(values_only=True)):
                if n < len(rows) and any(
                    v is None and k < len(raw) and raw[k] is not None for k, v in enumerate(rows[n])
                ):
                    rows[n] = tuple(
                        UNCACHED_FORMULA if v is None and k < len(raw) and raw[k] else v
                        for k, v in enumerate(rows[n])
                    )
        finally:
            formulas.close()
    sheet = Sheet(display, name, rows, [])
    sheet.tables = _find_tables(rows, name)
    return sheet


def _load(path: Path, *, data_only: bool) -> Any:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _enumerators(row: tuple[Any, ...]) -> dict[int, str] | None:
    """``{column: letter}`` when a row is an enumerator row ``(a)``, ``(b)``, …"""
    found = {}
    for column, value in enumerate(row):
        if value is None or not str(value).strip():
            continue
        match = _ENUMERATOR.match(str(value).strip().lower())
        if match is None:
            return None
        found[column] = match.group(1)
    letters = list(found.values())
    if len(letters) >= 3 and letters[0] == "a" and letters == sorted(letters):
        return found
    return None


def _role_of(name: str) -> Role | None:
    # English as the official sheets write the columns, and Japanese as jcm-mrv writes
    # them with --lang ja (jcm_mrv.render.messages: モニタリング期間, パラメータ, 値 …)
    text = name.lower()
    if "period" in text or "期間" in text:
        return "period"
    if "point" in text or "ポイント" in text:
        return "point"
    if text.startswith(("parameter", "パラメータ")):
        return "parameter"
    if text.startswith(("unit", "単位")):
        return "unit"
    if "value" in text or text.endswith("値"):
        return "value"
    return None


def _find_tables(rows: list[tuple[Any, ...]], sheet_name: str) -> list[SheetTable]:
    starts = [(n, e) for n, row in enumerate(rows) if (e := _enumerators(row)) is not None]
    tables: list[SheetTable] = []
    for k, (n, letters) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(rows)
        title = next(
            (
                text
                for before in range(n - 1, max(n - 4, -1), -1)
                for text in (" ".join(_text(v) for v in rows[before] if _text(v)),)
                if text
            ),
            "",
        )
        names: dict[int, str] = {}
        header_index = n
        for candidate in (n + 1, n - 1):
            if 0 <= candidate < len(rows):
                cells = {c: _text(rows[candidate][c]) for c in letters if c < len(rows[candidate])}
                if sum(_role_of(t) is not None for t in cells.values()) >= 2:
                    names, header_index = cells, candidate
                    break
        columns: dict[Role, int] = {}
        for column, name in names.items():
            role = _role_of(name)
            if role is not None and role not in columns:
                columns[role] = column
        if not names and sheet_name != PLAN_SHEET:
            columns = {_MRS_LETTERS[v]: c for c, v in letters.items() if v in _MRS_LETTERS}
        lowered = title.lower()
        kind: TableKind
        if any(
            word in lowered for word in ("fixed", "project-specific", "project specific", "固定")
        ):
            kind = "project"
        elif (
            "parameter" in columns
            and "value" in columns
            and "emission reduction" not in lowered
            and "排出削減量" not in lowered
        ):
            kind = "monitored"
        else:
            kind = "other"
        table = SheetTable(
            title=title,
            kind=kind,
            enumerator_row=n + 1,
            header_row=max(n, header_index) + 1,
            header={c: names.get(c) or f"({v})" for c, v in letters.items()},
            columns=columns,
        )
        stop = end
        for m in range(max(n, header_index) + 1, end):
            first = next((_text(v) for v in rows[m] if v is not None and str(v).strip()), None)
            if first is not None and first.lower().startswith(("table", "表")):
                stop = m
                break
        for m in range(max(n, header_index) + 1, stop):
            row = rows[m]
            if any(v is not None and str(v).strip() for v in row):
                table.rows.append((m + 1, row))
        tables.append(table)
    return tables


# --- monitored values ------------------------------------------------------------------


_VIEW_ROLES: tuple[Role, ...] = ("period", "point", "parameter", "value", "unit")


class _View:
    """Rows of the monitored table as the long layout's reader sees them.

    The header is synthetic (``period`` or ``timestamp``, ``point``, ``parameter``,
    ``value``, ``unit``) so that the long reader finds every column; locations and
    column names are those of the sheet.
    """

    def __init__(self, sheet: Sheet, table: SheetTable, key: Literal["period", "timestamp"]):
        self.sheet = sheet
        self.table = table
        self.display = sheet.display
        self.header = [key, "point", "parameter", "value", "unit"]
        self.header_row = table.header_row
        self.rows: list[int] = []
        self.cells: list[list[object]] = [[] for _ in _VIEW_ROLES]

    def add(self, row: int, cells: Sequence[object]) -> None:
        self.rows.append(row)
        for k, value in enumerate(cells):
            self.cells[k].append(value)

    def _real(self, column: int) -> int | None:
        return self.table.columns.get(_VIEW_ROLES[column])

    def location(self, row: int | None, column: int | None) -> dict[str, Any]:
        """Finding location fields: the sheet's own column."""
        real = self._real(column) if column is not None else None
        where = self.sheet.location(row, real)
        if real is not None:
            where["field"] = self.column_name(column or 0)
        return where

    def column_name(self, column: int) -> str:
        """The sheet's name of a column (with its letter)."""
        real = self._real(column)
        if real is None:
            return self.header[column]
        return f"{self.table.header.get(real, '').strip()} ({column_letter(real)})".strip()

    def blocks(self, wanted: Sequence[int]) -> Iterator[Block]:
        """One block with every row of the view."""
        yield Block(
            np.array(self.rows, dtype=np.int64),
            {j: ObjectColumn(list(self.cells[j])) for j in wanted},
        )


def read_mrs_source(
    source: SourceSpec,
    context: ReadContext,
    periods: Sequence[PeriodSpec],
    data: MonitoringData,
) -> None:
    """Read the monitored table of an MRS(input) sheet into the context's sink.

    Rows whose period cell is a date range are keyed by period; rows whose period cell
    is one date (a row per day, for parameters monitored per day) by timestamp.
    """
    findings: list[Finding] = []
    display = str(source.path)
    sheet = load_sheet(source.path, display, source.sheet, findings)
    if sheet is None:
        context.collector.add_many(findings)
        return
    table = sheet.table("monitored")
    if table is None:
        context.collector.add(
            codes.DATA_COLUMN_MISSING(
                "no table of monitored parameters found: the layout 'mrs' expects an "
                "enumerator row (a), (b), … above columns named Monitoring period, "
                "Monitoring point No., Parameters, Values and Units",
                **sheet.location(None, None),
            )
        )
        return
    missing = [r for r in _VIEW_ROLES if r not in table.columns and r != "point"]
    if missing == ["period"]:
        context.collector.add(
            codes.DATA_COLUMN_MISSING(
                f"the table {table.title or 'of monitored parameters'!r} has no monitoring "
                "period column: a monitoring plan sheet (MPS) holds estimated values, not "
                "monitored ones; point the data file at the MRS(input) sheet",
                **sheet.location(table.header_row, None),
            )
        )
        return
    if missing:
        context.collector.add(
            codes.DATA_COLUMN_MISSING(
                f"the table {table.title or 'of monitored parameters'!r} has no "
                f"{', '.join(missing)} column",
                **sheet.location(table.header_row, None),
            )
        )
        return
    normaliser = _Normaliser(sheet, table, context, periods)
    by_period = _View(sheet, table, "period")
    by_day = _View(sheet, table, "timestamp")
    for row, cells in table.rows:
        picked = [
            cells[c] if (c := table.columns.get(role)) is not None and c < len(cells) else None
            for role in _VIEW_ROLES
        ]
        normalised, daily = normaliser.row(row, picked)
        if normalised is not None:
            (by_day if daily else by_period).add(row, normalised)
    context.collector.add_many(normaliser.findings)
    rows_read = 0
    for view in (by_period, by_day):
        if not view.rows:
            continue
        spec = SourceSpec(path=source.path, layout="long", sheet=sheet.name)
        reader = LongReader(view, spec, context)
        if not reader.ok:
            continue
        for block in view.blocks(reader.wanted):
            reader.consume(block)
        reader.finish()
        rows_read += len(view.rows)
    if not rows_read:
        context.collector.add(
            codes.DATA_EMPTY(
                f"the table {table.title or 'of monitored parameters'!r} has no data rows",
                **sheet.location(table.header_row, None),
            )
        )
    data.rows_read[display] = rows_read
    data.file_hashes[display] = hashlib.sha256(source.path.read_bytes()).hexdigest()


class _Normaliser:
    """Turns printed cells into what the long reader matches: ids, symbols, units."""

    def __init__(
        self,
        sheet: Sheet,
        table: SheetTable,
        context: ReadContext,
        periods: Sequence[PeriodSpec],
    ) -> None:
        self.sheet = sheet
        self.table = table
        self.points = list(context.point_ids)
        self.periods = {(p.start, p.end): p.id for p in periods}
        self.symbols = symbol_lookup({s: p.printed for s, p in context.parameters.items()})
        self.findings: list[Finding] = []
        self._unknown: set[str] = set()

    def row(self, row: int, cells: list[object]) -> tuple[list[object] | None, bool]:
        """The normalised cells of a row, and whether the row holds one day."""
        period, point, parameter, value, unit = cells
        if isinstance(parameter, str) and parameter.strip():
            symbol = self.symbols.get(symbol_key(parameter))
            if symbol is None:
                self._unknown_parameter(row, parameter.strip())
                return None, False
            parameter = symbol
        daily = False
        if isinstance(period, datetime.datetime):
            daily = True
        elif isinstance(period, datetime.date):
            period, daily = datetime.datetime.combine(period, datetime.time()), True
        elif isinstance(period, str) and period.strip():
            dates = parse_dates(period)
            if dates is not None and len(dates) == 2:
                period = self.periods.get((dates[0], dates[1]), period.strip())
            elif dates is not None and len(dates) == 1:
                period = datetime.datetime.combine(dates[0], datetime.time())
                daily = True
        if isinstance(point, int | float | str) and not isinstance(point, bool):
            match = _POINT_NUMBER.match(str(point).strip().removesuffix(".0"))
            if match is not None and str(point).strip() not in self.points:
                number = int(match.group(1))
                if 1 <= number <= len(self.points):
                    point = self.points[number - 1]
        if isinstance(unit, str):
            unit = _PER_PERIOD.sub("", unit.strip())
        return [period, point, parameter, value, unit], daily

    def _unknown_parameter(self, row: int, text: str) -> None:
        if text in self._unknown:
            return
        self._unknown.add(text)
        column = self.table.columns["parameter"]
        known = ", ".join(sorted(set(self.symbols.values())))
        self.findings.append(
            codes.DATA_UNKNOWN_PARAMETER(
                f"parameter {text!r} is not a monitored parameter of the methodology "
                f"(its monitored parameters: {known}); its rows are not read",
                **self.sheet.location(row, column),
            )
        )


# --- project-specific values ---------------------------------------------------------


@dataclass(frozen=True)
class SheetValue:
    """A project-specific value read from the sheet, with where it stands."""

    symbol: str
    point: str | None
    value: float | None  # None: a choice, or blank or refused (reported at the cell)
    unit: str | None
    row: int
    choice: str | None = None  # the option of a choice parameter, as the cell names it


def read_project_values(
    path: Path,
    sheet_name: str | None,
    printed: Mapping[str, str | None],
    point_ids: Sequence[str],
    display: str | None = None,
    choices: Mapping[str, Sequence[str]] | None = None,
) -> tuple[list[SheetValue], list[Finding]]:
    """The table of project-specific values fixed ex ante of an MRS or MPS input sheet.

    ``printed`` maps each project-specific parameter's ASCII name to its printed symbol;
    ``choices`` the options of each choice parameter. A row names a parameter (as
    printed or in ASCII), optionally a monitoring point (its id or its number ``(1)``),
    a value and a unit. The value of a choice parameter is the text of one of its
    options (``off-grid``), as the sheet's formulas compare it; a number there is
    refused (``JCM-P015``), since the spreadsheet would not read it as an option. Every
    cell that does not fit is a finding with the sheet, row and column; a blank value
    cell is one too (not filled in), and comes back with the value ``None``.
    """
    choices = choices or {}
    findings: list[Finding] = []
    display = display or str(path)
    sheet = load_sheet(path, display, sheet_name, findings)
    if sheet is None:
        return [], findings
    table = sheet.table("project")
    if table is None:
        findings.append(
            codes.DATA_COLUMN_MISSING(
                "no table of project-specific parameters fixed ex ante found (a title "
                "naming them above an enumerator row (a), (b), …)",
                **sheet.location(None, None),
            )
        )
        return [], findings
    missing = [r for r in ("parameter", "value") if r not in table.columns]
    if missing:
        findings.append(
            codes.DATA_COLUMN_MISSING(
                f"the table {table.title!r} has no {' or '.join(missing)} column",
                **sheet.location(table.header_row, None),
            )
        )
        return [], findings
    lookup = symbol_lookup(printed)
    columns = table.columns
    found: list[SheetValue] = []
    for row, cells in table.rows:

        def cell(role: Role, cells: tuple[Any, ...] = cells) -> Any:
            column = columns.get(role)
            return cells[column] if column is not None and column < len(cells) else None

        name, value, unit, point = cell("parameter"), cell("value"), cell("unit"), cell("point")
        if not _text(name):
            continue
        symbol = lookup.get(symbol_key(str(name)))
        if symbol is None:
            findings.append(
                codes.DATA_UNKNOWN_PARAMETER(
                    f"parameter {_text(name)!r} is not a project-specific parameter of the "
                    f"methodology ({', '.join(sorted(printed)) or 'it has none'})",
                    **sheet.location(row, columns["parameter"]),
                )
            )
            continue
        point_id: str | None = None
        if point is not None and str(point).strip():
            point_id = str(point).strip()
            match = _POINT_NUMBER.match(point_id.removesuffix(".0"))
            if point_id not in point_ids and match is not None:
                ordinal = int(match.group(1))
                point_id = point_ids[ordinal - 1] if 1 <= ordinal <= len(point_ids) else point_id
            if point_id not in point_ids:
                findings.append(
                    codes.DATA_UNKNOWN_POINT(
                        f"{symbol}: monitoring point {str(point).strip()!r} is not one of the "
                        f"project's points ({', '.join(point_ids)})",
                        **sheet.location(row, columns["point"]),
                    )
                )
                continue
        if value is UNCACHED_FORMULA:
            findings.append(
                codes.DATA_UNCACHED_FORMULA(
                    f"{symbol}: the value is a formula whose result was never stored; open "
                    "and save the workbook in a spreadsheet program",
                    **sheet.location(row, columns["value"]),
                )
            )
            continue
        options = choices.get(symbol)
        if value is None or (isinstance(value, str) and not value.strip()):
            wanted = (
                f"choose one of {', '.join(options)}"
                if options is not None
                else f"give a number{f' in {_text(unit)}' if _text(unit) else ''}"
            )
            findings.append(
                codes.PARAMETER_MISSING(
                    f"{symbol}{f' at {point_id}' if point_id else ''} is not filled in: {wanted}",
                    **sheet.location(row, columns["value"]),
                )
            )
            found.append(SheetValue(symbol, point_id, None, None, row))
            continue
        if options is not None:
            option = _option(
                symbol, value, options, findings, sheet.location(row, columns["value"])
            )
            # an option refused comes back as blank: reported at its cell already
            found.append(SheetValue(symbol, point_id, None, None, row, choice=option))
            continue
        number = _number(value)
        if number is None:
            findings.append(
                codes.DATA_NOT_A_NUMBER(
                    f"{symbol}: value {value!r} is not a number",
                    **sheet.location(row, columns["value"]),
                )
            )
            continue
        text_unit = _PER_PERIOD.sub("", _text(unit)) or None
        found.append(SheetValue(symbol, point_id, number, text_unit, row))
    return found, findings


def _option(
    symbol: str,
    value: object,
    options: Sequence[str],
    findings: list[Finding],
    where: Mapping[str, Any],
) -> str | None:
    """The option a choice parameter's cell names, or ``None`` with a finding."""
    text = _text(value)
    if isinstance(value, str) and text in options:
        return text
    listed = ", ".join(options)
    if isinstance(value, str):
        message = f"{symbol}: {text!r} is not one of its options ({listed})"
        hint = did_you_mean(text, options)
    else:
        message = (
            f"{symbol} is a choice: give one of {listed} as text, not {value!r} (the "
            "sheet's formulas compare the option's text)"
        )
        hint = None
    findings.append(codes.CHOICE_INVALID(message, hint=hint, **where))
    return None


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and value.strip():
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            return None
    else:
        return None
    return number if np.isfinite(number) else None
