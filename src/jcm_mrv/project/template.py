"""Blank monitoring sheets and a project-file skeleton for a methodology.

``jcm-mrv template ID`` builds, from the methodology alone:

* a monitoring sheet in the wide layout, one row per monitoring period and point, a
  column per monitored parameter with its unit in the header (``EG_i_p [MWh]``), and
  the value cells blank. Parameters of another grain get a sheet of their own: once
  per period for the whole project (no index: ``Periods``), or per day of the period
  (the day index ``d``: ``Days by point`` and ``Days``, keyed by a ``timestamp`` column
  of dates). As CSV each sheet is a file (``monitoring.csv``,
  ``monitoring-periods.csv`` …);
* or, as xlsx, the Monitoring Spreadsheet in its official layout (``monitoring.xlsx``:
  MPS and MRS input and calc_process sheets, :mod:`jcm_mrv.render.spreadsheet`), whose
  MRS(input) sheet holds the monitored values (Table 1) and the project-specific values
  (Table 2) to fill in, read with ``layout: mrs`` and ``parameters_from``;
* ``project.yaml``, which names the methodology, the example monitoring points and
  periods, and the sheet files, with every project-specific value as
  ``null  # FILL IN: …`` and monitoring options still to choose likewise, and an
  ``allocation:`` section (scheme, partner share, participants) to fill in for
  ``jcm-mrv credits``.

Neither validates before it is filled in: a ``null`` value is an error finding that
points at its line, and a blank value cell leaves its period without data (an error).
Once the numbers are filled in, ``jcm-mrv calculate project.yaml`` accepts them.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from jcm_mrv.findings.errors import InputError
from jcm_mrv.methodology.catalogue import (
    bounds_text,
    direction_texts,
    one_line,
    parameter_rows,
)
from jcm_mrv.methodology.model import (
    PERIOD_INDEX,
    Methodology,
    MonitoredParameter,
    ProjectParameter,
)

if TYPE_CHECKING:
    from jcm_mrv.methodology.catalogue import ParameterRow
    from jcm_mrv.methodology.checks import CheckedMethodology
    from jcm_mrv.render.messages import Language

DataFormat = Literal["csv", "xlsx"]
DATA_FORMATS: tuple[DataFormat, ...] = ("csv", "xlsx")

PLACEHOLDER = "FILL IN"
"""The mark on every value a user must fill in (greppable)."""

PROJECT_FILE = "project.yaml"
_WORKBOOK = "monitoring.xlsx"
DAY_INDEX = "d"
"""The day index within a period (:data:`jcm_mrv.engine.evaluation.DAY_INDEX`)."""

# (per point, per day) → sheet name and CSV file; a single sheet is always the first.
_SHEETS: dict[tuple[bool, bool], tuple[str, str]] = {
    (True, False): ("Monitoring", "monitoring.csv"),
    (False, False): ("Periods", "monitoring-periods.csv"),
    (True, True): ("Days by point", "monitoring-days-by-point.csv"),
    (False, True): ("Days", "monitoring-days.csv"),
}

_POINT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
_PLAIN_YAML = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}
_WIDTH = 88


@dataclass(frozen=True)
class ExamplePeriod:
    """A monitoring period the skeleton declares as an example (dates inclusive)."""

    id: str
    start: datetime.date
    end: datetime.date


DEFAULT_PERIODS = (
    ExamplePeriod("2025-H1", datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),
    ExamplePeriod("2025-H2", datetime.date(2025, 7, 1), datetime.date(2025, 12, 31)),
)


@dataclass(frozen=True)
class MonitoringSheet:
    """One blank sheet: key columns (period, maybe point), then a column per parameter.

    ``keys`` holds each row's key cells; the value cells of every row are blank.
    """

    name: str
    file_name: str
    key_header: tuple[str, ...]
    parameters: tuple[str, ...]
    units: tuple[str, ...]
    keys: tuple[tuple[str, ...], ...]

    @property
    def header(self) -> list[str]:
        """Key headers, then ``SYMBOL [unit]`` for each parameter."""
        values = [f"{s} [{u}]" for s, u in zip(self.parameters, self.units, strict=True)]
        return [*self.key_header, *values]

    def rows(self) -> list[list[str | None]]:
        """Every data row: its key cells, then ``None`` for each blank value cell."""
        blanks: list[str | None] = [None] * len(self.parameters)
        return [[*key, *blanks] for key in self.keys]

    def to_csv(self) -> str:
        """The sheet as CSV text (UTF-8, ``\\n`` line ends, blank value cells)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.header)
        for row in self.rows():
            writer.writerow(["" if cell is None else cell for cell in row])
        return buffer.getvalue()


@dataclass(frozen=True)
class Template:
    """A project skeleton and its blank monitoring sheets, ready to write."""

    methodology_id: str
    methodology_version: str
    data_format: DataFormat
    project_yaml: str
    sheets: tuple[MonitoringSheet, ...]
    parameters: tuple[ParameterRow, ...]
    points: tuple[str, ...] = ()
    periods: tuple[ExamplePeriod, ...] = DEFAULT_PERIODS
    checked: CheckedMethodology | None = None
    lang: Language = "en"
    """The language of the workbook's labels and of the skeleton's comments (keys,
    sheet names and formulas are the same in every language)."""

    @property
    def methodology(self) -> Methodology:
        """The methodology (an xlsx template carries it checked, for the formulas)."""
        assert self.checked is not None
        return self.checked.methodology

    def data_file(self, sheet: MonitoringSheet) -> str:
        """The file name that holds ``sheet``."""
        return _WORKBOOK if self.data_format == "xlsx" else sheet.file_name

    @property
    def file_names(self) -> list[str]:
        """Every file the template writes, the project file first."""
        return [PROJECT_FILE, *dict.fromkeys(self.data_file(s) for s in self.sheets)]

    def files(self) -> dict[str, bytes]:
        """File name → content, the project file first."""
        contents = {PROJECT_FILE: self.project_yaml.encode("utf-8")}
        if self.data_format == "xlsx":
            contents[_WORKBOOK] = self.workbook()
        else:
            for sheet in self.sheets:
                contents[self.data_file(sheet)] = sheet.to_csv().encode("utf-8")
        return contents

    def workbook(self) -> bytes:
        """The xlsx workbook: the Monitoring Spreadsheet in its official layout.

        MPS(input), MPS(calc_process), MRS(input) and MRS(calc_process), with blank value
        cells (Table 1: monitored values; Table 2: project-specific values) and the
        calc_process sheets' formulas ready (see :mod:`jcm_mrv.render.spreadsheet`).
        """
        from jcm_mrv.render.spreadsheet import (
            PeriodRow,
            SpreadsheetInput,
            monitoring_workbook_bytes,
        )

        if self.checked is None:
            raise InputError("an xlsx template needs the checked methodology (its formulas)")
        m = self.checked.methodology
        return monitoring_workbook_bytes(
            SpreadsheetInput(
                methodology=m,
                checked=self.checked,
                project_id=f"{m.countries[0]}000",
                project_title="New JCM project",
                points=list(self.points),
                periods=[PeriodRow(p.id, p.start, p.end) for p in self.periods],
                lang=self.lang,
            )
        )


def build_template(
    methodology: Methodology,
    *,
    data_format: DataFormat = "csv",
    points: Sequence[str] | None = None,
    periods: Sequence[ExamplePeriod] = DEFAULT_PERIODS,
    methodology_path: str | None = None,
    checked: CheckedMethodology | None = None,
    lang: Language = "en",
) -> Template:
    """The blank monitoring sheet(s) and the project skeleton for ``methodology``.

    ``points`` are the monitoring point ids (default ``POINT-1``, ``POINT-2``, or just
    ``POINT-1`` when no parameter varies by point); ``periods`` the example periods.
    ``methodology_path`` is written as ``methodology.path`` (relative to the project
    file) for a methodology that is not bundled. An xlsx template is the Monitoring
    Spreadsheet in its official layout, with live formulas: it needs ``checked`` (the
    methodology as :func:`~jcm_mrv.methodology.loader.load_methodology` checks it), and
    the skeleton reads its monitored and project-specific values from it. Raises
    :class:`~jcm_mrv.findings.errors.InputError` for point ids a project file cannot hold.
    ``lang`` is the language of the workbook's labels (those of ``report --format xlsx``,
    which the MRS reader recognises) and of the skeleton's comments; the keys, the sheet
    names and the formulas stay the same.

    Example::

        template = build_template(load_methodology(path).methodology, data_format="xlsx")
        write_template(template, Path("my-project"))
    """
    if data_format not in DATA_FORMATS:
        raise InputError(f"unknown template format {data_format!r}; use csv or xlsx")
    point_ids = _point_ids(methodology, points)
    if not periods:
        raise InputError("a template needs at least one monitoring period")
    if data_format == "xlsx" and checked is None:
        raise InputError("an xlsx template needs the checked methodology (its formulas)")
    groups: dict[tuple[bool, bool], list[str]] = {grain: [] for grain in _SHEETS}
    for name, param in _monitored(methodology):
        groups[(_indexed(param), DAY_INDEX in param.index)].append(name)
    used = [grain for grain, names in groups.items() if names] or [(True, False)]
    sheets = [
        _sheet(methodology, grain, groups[grain], point_ids, periods, only=len(used) == 1)
        for grain in used
    ]
    template = Template(
        methodology_id=methodology.id,
        methodology_version=methodology.version,
        data_format=data_format,
        project_yaml="",
        sheets=tuple(sheets),
        parameters=tuple(parameter_rows(methodology, direction_texts(methodology))),
        points=tuple(point_ids),
        periods=tuple(periods),
        checked=checked,
        lang=lang,
    )
    text = _ProjectSkeleton(methodology, template, point_ids, periods, methodology_path).text()
    return replace(template, project_yaml=text)


def write_template(template: Template, directory: Path, *, overwrite: bool = False) -> list[Path]:
    """Write the template's files into ``directory`` (created if needed), atomically.

    Existing files are never overwritten unless ``overwrite`` is true: a filled-in
    sheet is work. Raises :class:`~jcm_mrv.findings.errors.InputError` naming the files that
    exist, before anything is written. Returns the paths written.
    """
    from jcm_mrv.outputs import write_atomically

    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory} exists and is not a directory")
    contents = template.files()
    targets = {directory / name: data for name, data in contents.items()}
    existing = [str(path) for path in targets if path.exists()]
    if existing and not overwrite:
        raise InputError(
            f"not overwriting {', '.join(existing)} (use --force to replace, or another directory)"
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for path, data in targets.items():
            write_atomically(path, data)
    except OSError as exc:
        raise InputError(f"cannot write the template into {directory}: {exc}") from None
    return list(targets)


def _monitored(methodology: Methodology) -> list[tuple[str, MonitoredParameter]]:
    return [
        (name, p) for name, p in methodology.parameters.items() if isinstance(p, MonitoredParameter)
    ]


def _commented(line: str) -> str:
    """A YAML line commented out where its text starts, so uncommenting keeps its indent."""
    text = line.lstrip(" ")
    return line[: len(line) - len(text)] + "# " + text


def _indexed(param: MonitoredParameter | ProjectParameter) -> bool:
    """Whether the parameter varies by monitoring point (an index besides ``p``, ``d``)."""
    return bool(set(param.index) - {PERIOD_INDEX, DAY_INDEX})


def _point_ids(methodology: Methodology, points: Sequence[str] | None) -> list[str]:
    if points is None or not list(points):
        varies = any(
            _indexed(p)
            for p in methodology.parameters.values()
            if isinstance(p, MonitoredParameter | ProjectParameter)
        )
        return ["POINT-1", "POINT-2"] if varies else ["POINT-1"]
    ids = list(points)
    bad = [p for p in ids if not _POINT_ID.match(p)]
    if bad:
        raise InputError(
            f"monitoring point id(s) {', '.join(repr(b) for b in bad)}: use letters, digits, "
            "'_', '.' and '-', starting with a letter or digit, e.g. INV-01"
        )
    twice = sorted({p for p in ids if ids.count(p) > 1})
    if twice:
        raise InputError(f"monitoring point id(s) {', '.join(twice)} given twice")
    return ids


def _sheet(
    methodology: Methodology,
    grain: tuple[bool, bool],
    symbols: list[str],
    points: list[str],
    periods: Sequence[ExamplePeriod],
    *,
    only: bool,
) -> MonitoringSheet:
    per_point, per_day = grain
    name, file_name = _SHEETS[(True, False) if only else grain]
    if per_day:
        days = [
            (q.start + datetime.timedelta(days=n)).isoformat()
            for q in periods
            for n in range((q.end - q.start).days + 1)
        ]
        key_header: tuple[str, ...] = ("timestamp",)
    else:
        days = [q.id for q in periods]
        key_header = ("period",)
    keys: list[tuple[str, ...]] = [(key,) for key in days]
    if per_point:
        key_header = (*key_header, "point")
        keys = [(key, point) for key in days for point in points]
    return MonitoringSheet(
        name=name,
        file_name=file_name,
        key_header=key_header,
        parameters=tuple(symbols),
        units=tuple(methodology.parameters[s].unit for s in symbols),
        keys=tuple(keys),
    )


class _ProjectSkeleton:
    """Writes ``project.yaml`` as text, so that it can carry comments and placeholders.

    The comments are in the template's language (the message catalogue's ``yaml_``
    texts); the keys, and what the methodology writes (descriptions, sources), stay.
    """

    def __init__(
        self,
        methodology: Methodology,
        template: Template,
        points: list[str],
        periods: Sequence[ExamplePeriod],
        methodology_path: str | None,
    ) -> None:
        from jcm_mrv.render.messages import messages

        self.m = methodology
        self.template = template
        self.points = points
        self.periods = periods
        self.methodology_path = methodology_path
        self.lines: list[str] = []
        self.t = messages(template.lang)
        self.fill = PLACEHOLDER if template.lang == "en" else self.t["xlsx_fill_in"]
        """The mark on each value to fill in: always begins with ``FILL IN``."""
        # Japanese characters are about twice as wide as Latin ones: wrap at fewer
        self.width = _WIDTH if template.lang == "en" else _WIDTH * 2 // 3

    def text(self) -> str:
        self._head()
        self._identity()
        self._points()
        self._parameters()
        self._options()
        self._data()
        self._periods()
        self._allocation()
        return "\n".join(self.lines) + "\n"

    def comment(self, text: str, indent: int = 0) -> None:
        prefix = " " * indent + "# "
        wrapped = textwrap.wrap(
            one_line(text), self.width - len(prefix), break_on_hyphens=self.width == _WIDTH
        ) or [""]
        self.lines += [prefix + wrapped[0], *(prefix + "  " + w for w in wrapped[1:])]

    def _head(self) -> None:
        m, t = self.m, self.t
        files = ", ".join(self.template.file_names[1:])
        self.comment(t["yaml_head"].format(id=m.id, version=m.version, title=m.title))
        self.comment(t["yaml_made_by"])
        enter = "yaml_step_workbook" if self.template.data_format == "xlsx" else "yaml_step_sheets"
        steps = [
            t["yaml_step_replace"].format(placeholder=self.fill),
            t["yaml_step_rename"].format(files=files),
            t[enter].format(files=files),
            t["yaml_step_run"],
        ]
        for n, step in enumerate(steps, start=1):
            self.comment(f"{n}. {step}")

    def _identity(self) -> None:
        m, t = self.m, self.t
        country = m.countries[0]
        self.lines += [
            "kind: project",
            f"id: {country}000  # " + t["yaml_id"].format(example=f"{country}021"),
            f"title: New JCM project  # {t['yaml_title']}",
        ]
        other = " " + t["yaml_countries"].format(countries=", ".join(m.countries))
        self.lines.append(f"country: {country}" + (f"  #{other}" if len(m.countries) > 1 else ""))
        self.lines += ["methodology:", f"  id: {m.id}", f'  version: "{m.version}"']
        if self.methodology_path is not None:
            self.lines.append(f"  path: {_yaml_text(self.methodology_path)}")

    def _points(self) -> None:
        self.lines.append("monitoring_points:")
        for index, meaning in self.m.indices.items():
            if index != DAY_INDEX:
                self.comment(self.t["yaml_point_index"].format(index=index, meaning=meaning), 2)
        for point in self.points:
            self.lines += [
                f"  - id: {_yaml_text(point)}",
                f"    description: {self.t['yaml_point_description']}",  # plain text
            ]

    def _parameters(self) -> None:
        t = self.t
        wanted = [
            (name, p) for name, p in self.m.parameters.items() if isinstance(p, ProjectParameter)
        ]
        if self.template.data_format == "xlsx" and wanted:
            in_sheet = [name for name, p in wanted if p.table is None and p.required]
            if in_sheet:
                self.comment(
                    t["yaml_in_table_2"].format(names=", ".join(in_sheet), workbook=_WORKBOOK)
                )
                for name, param in wanted:
                    if param.choices is not None:
                        options = ", ".join(param.choices)
                        self.comment(t["yaml_choice_cell"].format(name=name, options=options))
                self.lines += ["parameters_from:", f"  path: {_WORKBOOK}", "  sheet: MRS(input)"]
            # optional values stay in the project file, commented out (no row in the sheet)
            wanted = [(name, p) for name, p in wanted if p.table is not None or not p.required]
            if not wanted:
                return
        if not wanted:
            self.lines.append(f"parameters: {{}}  # {t['yaml_no_parameters']}")
            return
        # only optional values: the key is commented out with them
        required = any(p.required for _, p in wanted)
        self.lines.append("parameters:" if required else "# parameters:")
        conditions = self._conditions()
        for name, param in wanted:
            first = len(self.lines)
            self._parameter(name, param, conditions)
            if not param.required:  # commented out: a project may leave it out
                lines = [
                    line if line.lstrip().startswith("#") else _commented(line)
                    for line in self.lines[first:]
                ]
                self.lines[first:] = []
                self.comment(t["yaml_optional"].format(name=name), 2)
                self.lines += lines

    def _parameter(
        self,
        name: str,
        param: ProjectParameter,
        conditions: Mapping[str, list[tuple[str, str]]],
    ) -> None:
        """The lines of one project-specific value to fill in, with its comments."""
        t = self.t
        printed = f" ({param.symbol})" if param.symbol else ""
        self.comment(f"{name}{printed}: {param.description}", 2)
        if param.source:
            self.comment(t["yaml_source"].format(source=param.source), 2)
        for criterion, condition in conditions.get(name, []):
            self.comment(t["yaml_eligibility"].format(criterion=criterion, condition=condition), 2)
        number = (
            t["yaml_number_dimensionless"]
            if param.unit == "dimensionless"
            else t["yaml_number"].format(unit=param.unit)
        )
        fill = f"null  # {self.fill}: {number}"
        bounds = bounds_text(param.bounds)
        if bounds:
            fill += f", {bounds}"
        self.lines.append(f"  {name}:")
        if param.choices is not None:
            options = t["xlsx_one_of"].format(options=", ".join(param.choices))
            self.lines.append(f"    choice: null  # {self.fill}: {options}")
            self.lines.append(f"    # source: {t['yaml_choice_source']}")
            return
        if param.table is not None:
            bands = t["yaml_bands"].format(unit=param.table.key_unit)
            self.lines.append(f"    bands: null  # {self.fill}: {bands}")
        elif _indexed(param):
            self.lines.append("    values:")
            self.lines += [f"      {_yaml_text(p)}: {fill}" for p in self.points]
        else:
            self.lines.append(f"    value: {fill}")
        self.lines.append(f"    unit: {_yaml_text(param.unit)}")
        self.lines.append(f"    # source: {t['yaml_value_source']}")

    def _conditions(self) -> dict[str, list[tuple[str, str]]]:
        from jcm_mrv.formula.errors import FormulaError
        from jcm_mrv.formula.nodes import referenced_names
        from jcm_mrv.formula.parser import parse
        from jcm_mrv.formula.render import render

        found: dict[str, list[tuple[str, str]]] = {}
        for criterion in self.m.eligibility:
            if criterion.condition is None:
                continue
            try:
                expr = parse(criterion.condition)
            except FormulaError:
                continue
            for name in dict.fromkeys(n for n, _ in referenced_names(expr)):
                found.setdefault(name, []).append((criterion.id, render(expr)))
        return found

    def _options(self) -> None:
        t = self.t
        monitored = _monitored(self.m)
        if not monitored:
            return
        self.lines.append("monitoring_options:")
        self.comment(t["yaml_options"], 2)
        for name, param in monitored:
            if len(param.options) == 1:
                only = t["yaml_only_option"].format(id=self.m.id)
                self.lines.append(f"  {name}: {param.options[0]}  # {only}")
            else:
                options = t["xlsx_one_of"].format(options=", ".join(param.options))
                self.lines.append(f"  {name}: null  # {self.fill}: {options}")

    def _data(self) -> None:
        t = self.t
        self.lines.append("data:")
        if self.template.data_format == "xlsx":
            self.comment(t["yaml_workbook_rows"], 2)
            self.lines += [f"  - path: {_WORKBOOK}", "    layout: mrs"]
            return
        for sheet in self.template.sheets:
            key = "yaml_rows:" + ("day" if sheet.key_header[0] == "timestamp" else "period")
            key += "-point" if "point" in sheet.key_header else ""
            names = ", ".join(sheet.parameters) or t["yaml_no_monitored"]
            self.comment(t[key].format(parameters=names), 2)
            self.lines += [
                f"  - path: {self.template.data_file(sheet)}",
                "    layout: wide",
            ]

    def _periods(self) -> None:
        self.lines.append("periods:")
        self.comment(self.t["yaml_periods"], 2)
        for period in self.periods:
            self.lines += [
                f"  - id: {_yaml_text(period.id)}",
                f"    start: {period.start.isoformat()}",
                f"    end: {period.end.isoformat()}",
            ]

    def _allocation(self) -> None:
        t = self.t
        self.lines.append("allocation:")
        self.comment(t["yaml_allocation"], 2)
        participant = json.dumps(f"{self.fill}: {t['yaml_participant_name']}", ensure_ascii=False)
        self.lines += [
            f"  scheme: moej-financing  # {t['yaml_scheme']}",
            f"  partner_share: null  # {self.fill}: {t['yaml_partner_share']}",
            "  participants:",
            f"    # {t['yaml_participants']}",
            f"    - name: {participant}",
            "      share: 1",
        ]


def _yaml_text(text: str) -> str:
    """A YAML scalar that reads back as the text ``text`` (quoted when it must be)."""
    if _PLAIN_YAML.match(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)
