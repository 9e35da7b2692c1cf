"""Writing the Monitoring Spreadsheet: MPS and MRS input and calc_process sheets.

:func:`monitoring_workbook` lays out a workbook as the methodology's official Monitoring
Spreadsheet does (primer section 4), in the layout :mod:`jcm_mrv.monitoring.mrs` reads:

* ``MPS(input)``: the monitoring plan: a row per monitored parameter and point with the
  *estimated* value (blank but labelled until an ex-ante estimate exists), and the table
  of project-specific parameters fixed ex ante;
* ``MPS(calc_process)``: the ex-ante calculation over those cells;
* ``MRS(input)``: the monitoring report: a row per period, point and parameter (a row
  per day for a parameter monitored per day), the table of project-specific values,
  and the emission reductions per period;
* ``MRS(calc_process)``: the ex-post calculation.

The calc_process sheets hold *live* formulas over the input cells: every equation of
the methodology, in dependency order, per period (a cell per monitoring point, a row per
day where the equation varies so), translated by :func:`jcm_mrv.formula.excel.excel_formula`
with the unit factors of the analysis. A sum over an index lays its terms out in cells
of their own first, so every formula stays short and plain. A summary at the top gives
RE, PE, ER and the ER rounded by the methodology's rounding rule for every period. Edit
an input value and the spreadsheet program recalculates everything.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jcm_mrv.engine.rounding import RoundingRule
from jcm_mrv.formula import Band, plan
from jcm_mrv.formula.excel import excel_formula, number
from jcm_mrv.methodology.model import (
    DAY_INDEX,
    PERIOD_INDEX,
    DefaultParameter,
    Methodology,
    MonitoredParameter,
    ProjectParameter,
)
from jcm_mrv.monitoring.xlsxfile import column_letter
from jcm_mrv.outputs import write_atomically
from jcm_mrv.render.messages import Language, messages

if TYPE_CHECKING:
    from jcm_mrv.findings import Finding
    from jcm_mrv.methodology.checks import CheckedMethodology
    from jcm_mrv.project.loader import LoadedProject

MPS_INPUT, MPS_CALC = "MPS(input)", "MPS(calc_process)"
MRS_INPUT, MRS_CALC = "MRS(input)", "MRS(calc_process)"

MRS_COLUMNS = (
    "xlsx_monitoring_period",
    "xlsx_point",
    "xlsx_parameters",
    "xlsx_description",
    "xlsx_values",
    "xlsx_units",
    "xlsx_option",
    "xlsx_source",
    "xlsx_measurement",
    "xlsx_frequency",
    "xlsx_comments",
)
"""The columns (a) to (k) of Table 1 of MRS(input), as keys of the message catalogue."""
MPS_COLUMNS = (*MRS_COLUMNS[1:4], "xlsx_estimated_values", *MRS_COLUMNS[5:])
FIXED_COLUMNS = (
    "xlsx_point",
    "xlsx_parameters",
    "xlsx_description",
    "xlsx_values",
    "xlsx_units",
    "xlsx_source",
    "xlsx_comments",
)
SUMMARY_COLUMNS = ("RE_p [tCO2]", "PE_p [tCO2]", "ER_p [tCO2]")
"""The summary's figure columns: symbols, the same in every language."""
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

MonitoredValues = Mapping[str, Sequence[Sequence[Any]]]
"""symbol → per period → per point: a value, or per day a list of values (None: blank)."""


@dataclass(frozen=True)
class EstimateFigures:
    """What the MPS sheets show of an ex-ante estimate (:mod:`jcm_mrv.engine.estimate`).

    ``values`` holds the estimated annual value of each monitored parameter per point
    (in the methodology's units); ``crediting_years`` and ``durable_years`` the spans
    the annual figures are multiplied by.
    """

    values: Mapping[str, Sequence[float]]
    crediting_years: int
    durable_years: int


@dataclass(frozen=True)
class PeriodRow:
    """A monitoring period as the sheets write it."""

    id: str
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> list[datetime.date]:
        """Every day of the period."""
        return [
            self.start + datetime.timedelta(days=k) for k in range((self.end - self.start).days + 1)
        ]

    @property
    def text(self) -> str:
        """``1/Jan/2017- 31/Dec/2017``, as the official sheets write a period."""
        return f"{day_text(self.start)}- {day_text(self.end)}"


def day_text(day: datetime.date) -> str:
    """``1/Jan/2017``."""
    return f"{day.day}/{_MONTHS[day.month - 1]}/{day.year}"


@dataclass
class SpreadsheetInput:
    """What the workbook shows: the methodology, the project, and its values.

    ``monitored`` holds the monitored values in the methodology's units (empty for a
    blank template); ``fixed`` the project-specific values (a number, or one per point;
    ``None`` where not filled in); ``tables`` the bands of lookup tables the project gives.
    """

    methodology: Methodology
    checked: CheckedMethodology
    project_id: str
    project_title: str
    points: list[str]
    periods: list[PeriodRow]
    monitored: MonitoredValues = field(default_factory=dict)
    fixed: Mapping[str, float | Mapping[str, float | None] | None] = field(default_factory=dict)
    tables: Mapping[str, tuple[Band, ...]] = field(default_factory=dict)
    options: Mapping[str, str] = field(default_factory=dict)
    estimate: EstimateFigures | None = None
    """The ex-ante estimate that fills in the MPS sheets (``None``: they stay blank)."""
    lang: Language = "en"
    """The language of the labels; sheet names and formulas are the same in every one."""
    findings: list[Finding] = field(default_factory=list)
    """Why the MPS sheets stay blank although the project has an ``estimates:`` section."""


@dataclass(frozen=True)
class _Grid:
    """Cells of one value: a column per point (if it varies by point), a row per day."""

    sheet: str
    top: int
    per_point: bool
    per_day: bool

    def cell(self, point: int, day: int) -> tuple[int, int]:
        """The 1-based (row, column) of the value at a point and day."""
        return self.top + (day if self.per_day else 0), 3 + (point if self.per_point else 0)

    def ref(self, point: int, day: int) -> str:
        """An absolute reference to the value at a point and day, with the sheet."""
        row, column = self.cell(point, day)
        return f"'{self.sheet}'!${column_letter(column - 1)}${row}"


@dataclass
class _Cells:
    """Cell addresses of input values: (symbol, period, point, day) → reference."""

    sheet: str
    where: dict[tuple[str, int, int, int], str] = field(default_factory=dict)

    def put(self, key: tuple[str, int, int, int], row: int, column: int) -> None:
        self.where[key] = f"'{self.sheet}'!${column_letter(column)}${row}"


def monitoring_workbook(data: SpreadsheetInput) -> Any:
    """The Monitoring Spreadsheet of a project as an openpyxl ``Workbook``."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    writer = _Writer(data, workbook)
    plan_inputs, plan_fixed = writer.input_sheet(MPS_INPUT, plan=True)
    plan_summary = writer.calc_sheet(MPS_CALC, plan_inputs, plan_fixed, plan=True)
    writer.estimate_totals(plan_summary)
    report_inputs, report_fixed = writer.input_sheet(MRS_INPUT, plan=False)
    summary = writer.calc_sheet(MRS_CALC, report_inputs, report_fixed, plan=False)
    writer.results_table(summary)
    return workbook


def monitoring_workbook_bytes(data: SpreadsheetInput) -> bytes:
    """The Monitoring Spreadsheet as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    monitoring_workbook(data).save(buffer)
    return buffer.getvalue()


def write_monitoring_workbook(data: SpreadsheetInput, path: Path) -> None:
    """Write the Monitoring Spreadsheet to ``path`` (.xlsx), atomically."""
    write_atomically(path, monitoring_workbook_bytes(data))


class _Writer:
    def __init__(self, data: SpreadsheetInput, workbook: Any) -> None:
        self.data = data
        self.m = data.methodology
        self.t = messages(data.lang)
        self.workbook = workbook
        self.point_index = next((i for i in self.m.indices if i != DAY_INDEX), None)
        self.report_rows = 0
        self.results_row = 0

    # --- parameters -----------------------------------------------------------------
    def indices(self, name: str) -> frozenset[str]:
        return self.data.checked.symbols[name].indices

    def per_point(self, name: str) -> bool:
        return self.point_index is not None and self.point_index in self.indices(name)

    def printed(self, name: str) -> str:
        symbol = self.m.parameters[name].symbol if name in self.m.parameters else None
        if name in self.m.equations:
            symbol = self.m.equations[name].symbol
        return (symbol or name).replace("{", "").replace("}", "")

    def monitored(self) -> list[tuple[str, MonitoredParameter]]:
        return [(n, p) for n, p in self.m.parameters.items() if isinstance(p, MonitoredParameter)]

    def title_block(self, sheet: Any, what: str) -> None:
        t = self.t
        sheet.append([t["xlsx_title"].format(id=self.m.id, version=self.m.version, what=t[what])])
        sheet.append([t["xlsx_methodology_title"], self.m.title])
        sheet.append([t["xlsx_reference_number"], self.data.project_id])
        sheet.append([t["xlsx_project_title"], self.data.project_title])
        sheet.append([])

    # --- input sheets ---------------------------------------------------------------
    def input_sheet(self, name: str, *, plan: bool) -> tuple[_Cells, _Cells]:
        t = self.t
        sheet = self.workbook.create_sheet(name)
        self.title_block(sheet, "xlsx_plan_sheet" if plan else "xlsx_report_sheet")
        inputs, fixed = _Cells(name), _Cells(name)
        if plan:
            sheet.append([t["xlsx_table_plan"]])
            columns: tuple[str, ...] = MPS_COLUMNS
        else:
            sheet.append([t["xlsx_table_monitored"]])
            columns = MRS_COLUMNS
        sheet.append([f"({chr(97 + k)})" for k in range(len(columns))])
        sheet.append([t[c] for c in columns])
        value_column = columns.index("xlsx_estimated_values" if plan else "xlsx_values")
        for row in self.monitored_rows(plan):
            sheet.append(row.cells)
            inputs.put(row.key, sheet.max_row, value_column)
        sheet.append([])
        sheet.append([t["xlsx_table_fixed"]])
        sheet.append([f"({chr(97 + k)})" for k in range(len(FIXED_COLUMNS))])
        sheet.append([t[c] for c in FIXED_COLUMNS])
        for symbol, param in self.m.parameters.items():
            if not isinstance(param, ProjectParameter) or param.table is not None:
                continue
            given = self.data.fixed.get(symbol)
            if given is None and not param.required:
                continue  # an optional value left out: no row to fill in
            points = list(enumerate(self.data.points)) if self.per_point(symbol) else [(0, None)]
            for j, point in points:
                value = given.get(point) if isinstance(given, Mapping) and point else given
                cell, comment = _fixed_cell(param, value, t)
                sheet.append(
                    [
                        f"({j + 1})" if point else None,
                        self.printed(symbol),
                        param.description,
                        cell,
                        param.unit,
                        param.source,
                        comment,
                    ]
                )
                fixed.put((symbol, 0, j, 0), sheet.max_row, 3)
        if not plan:
            sheet.append([])
            sheet.append([t["xlsx_table_results"]])
            sheet.append(["(a)", "(b)", "(c)"])
            sheet.append([t["xlsx_monitoring_period"], t["xlsx_reductions"], t["xlsx_units"]])
            self.results_row = sheet.max_row + 1
        _widths(sheet)
        return inputs, fixed

    def monitored_rows(self, plan: bool) -> list[_Row]:
        rows: list[_Row] = []
        periods = [None] if plan else list(enumerate(self.data.periods))
        for entry in periods:
            for symbol, param in self.monitored():
                per_day = DAY_INDEX in param.index
                if per_day and plan:
                    continue
                points = list(range(len(self.data.points))) if self.per_point(symbol) else [0]
                n = entry[0] if entry else 0
                days = entry[1].days if entry and per_day else [None]
                for k, day in enumerate(days):
                    for j in points:
                        value = (
                            self._estimated(symbol, j)
                            if plan
                            else self._value(symbol, n, j, k if day else None)
                        )
                        # a plan's values are annual estimates; a report's, the period's
                        per = "/y" if plan else "/p"
                        unit = (
                            param.unit
                            if per_day or param.aggregation != "sum"
                            else f"{param.unit}{per}"
                        )
                        option = self.data.options.get(symbol) or "/".join(param.options)
                        lead: list[Any] = []
                        if entry:
                            lead = [day_text(day) if day else entry[1].text]
                        rows.append(
                            _Row(
                                (symbol, n, j, k),
                                [
                                    *lead,
                                    f"({j + 1})" if self.per_point(symbol) else None,
                                    self.printed(symbol),
                                    param.description,
                                    value,
                                    unit,
                                    self.t["xlsx_option_value"].format(option=option),
                                    None,
                                    param.measurement,
                                    param.frequency,
                                    self._plan_comment() if plan else None,
                                ],
                            )
                        )
        return rows

    def _plan_comment(self) -> str:
        estimated = self.data.estimate is not None
        return self.t["xlsx_estimated" if estimated else "xlsx_not_estimated"]

    def _estimated(self, symbol: str, j: int) -> float | None:
        if self.data.estimate is None or symbol not in self.data.estimate.values:
            return None
        return float(self.data.estimate.values[symbol][j])

    def _value(self, symbol: str, n: int, j: int, k: int | None) -> float | None:
        per_period = self.data.monitored.get(symbol)
        if per_period is None or n >= len(per_period):
            return None
        value = per_period[n][j]
        if k is not None:
            value = value[k]
        return float(value) if value is not None else None

    # --- calc_process sheets --------------------------------------------------------
    def calc_sheet(
        self, name: str, inputs: _Cells, fixed: _Cells, *, plan: bool
    ) -> dict[str, list[str]]:
        t = self.t
        sheet = self.workbook.create_sheet(name)
        self.title_block(sheet, "xlsx_ex_ante" if plan else "xlsx_ex_post")
        periods = (
            [
                PeriodRow(
                    t["xlsx_annual_period" if self.data.estimate else "xlsx_ex_ante_period"],
                    self.data.periods[0].start,
                    self.data.periods[0].start,
                )
            ]
            if plan
            else self.data.periods
        )
        sheet.append([t["xlsx_monitoring_period"], *SUMMARY_COLUMNS, t["xlsx_rounded"]])
        summary_top = sheet.max_row + 1
        calc = _CalcSheet(self, sheet, name, inputs, fixed, summary_top + len(periods) + 1)
        if plan and any(DAY_INDEX in p.index for _, p in self.monitored()):
            sheet.cell(summary_top, 1, t["xlsx_daily_plan"])
            return {}
        calc.defaults()
        calc.write_equations(None)
        outputs = self.m.outputs
        summary: dict[str, list[str]] = {"ER rounded": [], "row": []}
        for n, period in enumerate(periods):
            grids = calc.write_equations((n, period))
            row = summary_top + n
            sheet.cell(row, 1, period.text if not plan else period.id)
            refs = [
                grids[outputs.reference_emissions].ref(0, 0),
                grids[outputs.project_emissions].ref(0, 0),
                grids[outputs.emission_reductions].ref(0, 0),
            ]
            for k, ref in enumerate(refs):
                sheet.cell(row, 2 + k, f"={ref}")
            er = f"'{name}'!$D${row}"
            sheet.cell(
                row, 5, f"={rounding_formula(er, RoundingRule.from_settings(self.m.rounding))}"
            )
            summary["ER rounded"].append(f"'{name}'!$E${row}")
            summary["row"].append(str(row))
        _widths(sheet)
        return summary

    def estimate_totals(self, summary: dict[str, list[str]]) -> None:
        """Below the MPS(calc_process) summary: the annual figures over the crediting
        period and the legal durable years, as formulas over the annual row."""
        estimate = self.data.estimate
        if estimate is None or not summary.get("row"):
            return
        t = self.t
        sheet = self.workbook[MPS_CALC]
        annual = int(summary["row"][0])
        top = sheet.max_row + 2
        sheet.cell(top, 1, t["xlsx_totals"])
        header = [t["xlsx_span"], t["xlsx_years"], *SUMMARY_COLUMNS, t["credits"]]
        for k, text in enumerate(header):
            sheet.cell(top + 1, 1 + k, text)
        spans = (
            ("over_crediting", estimate.crediting_years),
            ("over_durable", estimate.durable_years),
        )
        for n, (key, years) in enumerate(spans):
            row = top + 2 + n
            sheet.cell(row, 1, t[key].format(years=years))
            sheet.cell(row, 2, years)
            for k, column in enumerate("BCDE"):
                sheet.cell(row, 3 + k, f"=${column}${annual}*$B${row}")

    def results_table(self, summary: dict[str, list[str]]) -> None:
        sheet = self.workbook[MRS_INPUT]
        for n, period in enumerate(self.data.periods):
            row = self.results_row + n
            sheet.cell(row, 1, period.text)
            sheet.cell(row, 2, f"={summary['ER rounded'][n]}")
            sheet.cell(row, 3, "tCO2/p")


@dataclass
class _Row:
    key: tuple[str, int, int, int]
    cells: list[Any]


class _CalcSheet:
    """Lays out equations as grids of formulas, period by period."""

    def __init__(
        self, writer: _Writer, sheet: Any, name: str, inputs: _Cells, fixed: _Cells, top: int
    ) -> None:
        self.writer = writer
        self.sheet = sheet
        self.name = name
        self.inputs = inputs
        self.fixed = fixed
        self.row = top
        self.constant: dict[str, _Grid] = {}
        self.checked = writer.data.checked

    def allocate(self, label: str, unit: str, per_point: bool, days: list[datetime.date]) -> _Grid:
        grid = _Grid(self.name, self.row, per_point, bool(days))
        self.sheet.cell(self.row, 1, label)
        for k, day in enumerate(days or [None]):
            self.sheet.cell(self.row + k, 2, day_text(day) if day else unit)
        self.row += max(len(days), 1)
        return grid

    def heading(self, text: str, per_point: bool = True) -> None:
        self.row += 1
        self.sheet.cell(self.row, 1, text)
        if per_point:
            for j, point in enumerate(self.writer.data.points):
                self.sheet.cell(self.row, 3 + j, point)
        self.row += 1

    def defaults(self) -> None:
        self.heading(self.writer.t["xlsx_defaults"], per_point=False)
        for name, param in self.writer.m.parameters.items():
            if isinstance(param, DefaultParameter) and param.value is not None:
                grid = self.allocate(self.writer.printed(name), param.unit, False, [])
                self.sheet.cell(*grid.cell(0, 0), param.value)
                self.constant[name] = grid

    def write_equations(self, period: tuple[int, PeriodRow] | None) -> dict[str, _Grid]:
        """The equations that vary by period (for one period), or those that do not."""
        grids = dict(self.constant)
        if period is None:
            self.heading(self.writer.t["xlsx_fixed_values"])
        elif self.name == MPS_CALC:  # the ex-ante year has no dates of its own
            self.heading(period[1].id)
        else:
            text = self.writer.t["xlsx_period_heading"]
            self.heading(text.format(id=period[1].id, text=period[1].text))
        scope = _Scope(self, period, grids)
        for name in self.checked.order:
            by_period = PERIOD_INDEX in self.writer.indices(name)
            if by_period != (period is not None):
                continue
            analysis = self.checked.analyses[name]
            assert analysis.plan is not None
            equation = self.writer.m.equations[name]
            scope.current = self.writer.printed(name)
            grid = scope.materialise(
                analysis.plan,
                self.writer.indices(name),
                f"{self.writer.printed(name)}",
                equation.unit,
            )
            grids[name] = grid
            if period is None:
                self.constant[name] = grid
        return grids


class _Scope:
    """One block (a period, or the values fixed ex ante) and the cells it has written."""

    def __init__(
        self,
        calc: _CalcSheet,
        period: tuple[int, PeriodRow] | None,
        grids: dict[str, _Grid],
    ) -> None:
        self.calc = calc
        self.period = period
        self.grids = grids
        self.days = period[1].days if period else []
        self.helpers: dict[int, _Grid] = {}  # the cells of each sum's terms
        self.current = ""  # the equation being written

    def step_indices(self, step: plan.Step) -> frozenset[str]:
        if isinstance(step, plan.Load):
            return self.calc.writer.indices(step.name) - {PERIOD_INDEX}
        if isinstance(step, plan.Total):
            return self.step_indices(step.operand) - {step.index}
        found: frozenset[str] = frozenset()
        for part in plan.sub_steps(step):
            found |= self.step_indices(part)
        return found

    def materialise(self, step: plan.Step, indices: frozenset[str], label: str, unit: str) -> _Grid:
        writer = self.calc.writer
        per_point = writer.point_index is not None and writer.point_index in indices
        days = self.days if DAY_INDEX in indices else []
        grid = self.calc.allocate(label, unit, per_point, days)
        points = range(len(writer.data.points)) if per_point else range(1)
        for k in range(max(len(days), 1)):
            for j in points:
                cells = _Position(self, j, k)
                formula = excel_formula(step, cells, writer.data.tables)
                self.calc.sheet.cell(*grid.cell(j, k), f"={formula}")
        return grid

    def load(self, name: str, j: int, k: int) -> str:
        writer = self.calc.writer
        j = j if writer.per_point(name) else 0
        k = k if DAY_INDEX in writer.indices(name) else 0
        if name in self.grids:
            return self.grids[name].ref(j, k)
        param = writer.m.parameters[name]
        if isinstance(param, MonitoredParameter):
            n = self.period[0] if self.period else 0
            return self.calc.inputs.where[(name, n, j, k)]
        ref = self.calc.fixed.where[(name, 0, j, 0)]
        if isinstance(param, ProjectParameter) and param.choices is not None:
            # the cell holds the option's text; formulas compare its 1-based position,
            # as jcm-mrv loads a choice (an unknown text gives #N/A, never a number)
            listed = ",".join(_excel_text(option) for option in param.choices)
            return f"MATCH({ref},{{{listed}}},0)"
        return ref


@dataclass
class _Position:
    scope: _Scope
    point: int
    day: int

    def load(self, name: str) -> str:
        return self.scope.load(name, self.point, self.day)

    def total(self, operand: plan.Step, index: str) -> str:
        scope = self.scope
        indices = scope.step_indices(operand)
        if index not in indices:
            return excel_formula(operand, self, scope.calc.writer.data.tables)
        grid = scope.helpers.get(id(operand))
        if grid is None:
            label = scope.calc.writer.t["xlsx_terms"].format(equation=scope.current, index=index)
            grid = scope.materialise(operand, indices, label, "")
            scope.helpers[id(operand)] = grid
        if index == DAY_INDEX:
            first, last = grid.ref(self.point, 0), grid.ref(self.point, len(scope.days) - 1)
        else:
            first = grid.ref(0, self.day)
            last = grid.ref(len(scope.calc.writer.data.points) - 1, self.day)
        return f"SUM({first}:{last.partition('!')[2]})"


def rounding_formula(cell: str, rule: RoundingRule) -> str:
    """An Excel formula rounding ER in ``cell`` to credits as ``rule`` does (never below 0).

    As :func:`jcm_mrv.engine.rounding.round_emission_reductions` does on the exact ER,
    but on the spreadsheet's binary floating-point ER, with no tolerance: where that
    float falls a hair below a whole tonne that the exact ER reaches (``4.1 - 1.1``),
    the spreadsheet gives one credit less than jcm-mrv (docs/monitoring-spreadsheet.md).
    """
    step = rule.step
    units = f"{cell}/{_decimal(step)}"
    rounded = {
        "floor": f"INT({units})",
        "ceil": f"-INT(-{units})",
        "half_up": f"ROUND({units},0)",
        "half_even": f"IF(MOD({units},1)=0.5,2*ROUND(({units})/2,0),ROUND({units},0))",
    }[rule.mode]
    return f"MAX(0,{rounded}*{_decimal(step)})"


def _fixed_cell(
    param: ProjectParameter, value: object, t: Mapping[str, str]
) -> tuple[object, str | None]:
    """The value cell of a row of Table 2 and its comment (``FILL IN`` when blank).

    A choice parameter's value is loaded as the 1-based position of its option and
    written as the option's text.
    """
    if param.choices is not None:
        listed = ", ".join(param.choices)
        if isinstance(value, int | float) and value == int(value):
            position = int(value)
            if 1 <= position <= len(param.choices):
                return param.choices[position - 1], t["xlsx_one_of"].format(options=listed)
        return None, t["xlsx_fill_in_one_of"].format(options=listed)
    if isinstance(value, int | float):
        return value, None
    return None, t["xlsx_fill_in"]


def _excel_text(text: str) -> str:
    """A text as an Excel string literal."""
    return '"' + text.replace('"', '""') + '"'


def _decimal(value: Decimal) -> str:
    return number(float(value))


def _widths(sheet: Any) -> None:
    for column, width in (("A", 26), ("B", 22), ("C", 16), ("D", 30), ("E", 16), ("F", 12)):
        sheet.column_dimensions[column].width = width


def project_spreadsheet(project: Path | str, lang: Language = "en") -> SpreadsheetInput:
    """The Monitoring Spreadsheet's contents for a project: its values and its result.

    Calculates the project (raising :class:`~jcm_mrv.findings.errors.InputError` when it cannot
    be calculated) and takes the monitored values per period, point and day in the
    methodology's units from the calculation's explanation. A project with an
    ``estimates:`` section also gets its ex-ante estimate (the estimated values per
    point, from the estimate's own calculation); an estimate that cannot be made leaves
    the MPS sheets blank and its findings in :attr:`SpreadsheetInput.findings`.
    """
    from jcm_mrv.engine.calculation import calculate_loaded
    from jcm_mrv.project.loader import load_project

    loaded = load_project(project)
    result = calculate_loaded(loaded, explain=True)
    assert loaded.project is not None and loaded.methodology is not None
    checked = loaded.methodology.checked
    assert checked is not None
    m = checked.methodology
    monitored: dict[str, list[list[Any]]] = {}
    for explained in result.explanation:
        if explained.kind == "monitored":
            monitored[explained.symbol] = [list(row) for row in explained.values]
    estimate, findings = _estimate_figures(loaded)
    return SpreadsheetInput(
        methodology=m,
        checked=checked,
        project_id=loaded.project.id,
        project_title=loaded.project.title,
        points=[p.id for p in loaded.project.monitoring_points],
        periods=[PeriodRow(p.id, p.start, p.end) for p in loaded.project.periods],
        monitored=monitored,
        fixed=dict(loaded.values),
        tables=dict(loaded.tables),
        options={k: str(v) for k, v in loaded.project.monitoring_options.items()},
        estimate=estimate,
        lang=lang,
        findings=findings,
    )


def _estimate_figures(loaded: LoadedProject) -> tuple[EstimateFigures | None, list[Finding]]:
    """The ex-ante estimate's values for the MPS sheets, or why there are none."""
    from jcm_mrv.engine.estimate import estimate_loaded
    from jcm_mrv.findings.errors import InputError

    assert loaded.project is not None
    section = loaded.project.estimates
    if section is None:
        return None, []
    try:
        estimate = estimate_loaded(loaded, explain=True)
    except InputError as exc:
        return None, list(exc.findings)
    values = {
        item.symbol: [float(v) for v in item.values[0]]  # type: ignore[arg-type]  # no day index
        for item in estimate.annual.explanation
        if item.kind == "monitored"
    }
    figures = EstimateFigures(values, section.crediting_years, section.durable_years)
    return figures, []
