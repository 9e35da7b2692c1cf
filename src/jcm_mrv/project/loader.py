"""Load a project file and check it against the methodology it applies.

Checks everything that can be checked without reading the monitoring data: the
methodology is found and valid, every project-specific value is given (one per
monitoring point where the parameter is indexed), in a unit that converts and within
bounds; monitoring options are allowed; points and periods are unique and in order;
data files exist. Values are converted into the methodology's units here, once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from jcm_mrv.fileformats.safepaths import PathRefused, extra_roots, resolve_inside
from jcm_mrv.fileformats.schema_errors import schema_findings
from jcm_mrv.fileformats.yamlfile import YamlDocument, read_yaml_file
from jcm_mrv.findings import Finding, Severity, codes, has_errors
from jcm_mrv.findings.errors import InputError
from jcm_mrv.findings.suggest import did_you_mean
from jcm_mrv.formula import Band as FormulaBand
from jcm_mrv.methodology.bounds import bounds_violation
from jcm_mrv.methodology.checks import band_problems
from jcm_mrv.methodology.loader import (
    LoadedMethodology,
    check_methodology_document,
    load_methodology,
)
from jcm_mrv.methodology.model import (
    DAY_INDEX,
    PERIOD_INDEX,
    DefaultParameter,
    Methodology,
    MonitoredParameter,
    ProjectParameter,
)
from jcm_mrv.methodology.registry import find_bundled, named_bundled
from jcm_mrv.monitoring.sources import period_problems
from jcm_mrv.numeric import as_written
from jcm_mrv.project.allocation import allocation_findings
from jcm_mrv.project.model import Meter, ParameterValue, Project
from jcm_mrv.units import Conversion, UnitError, parse_unit, unit_conversion

PointValues = dict[str, float]
PLACEHOLDER = "FILL IN"
"""The mark of a value a template leaves to fill in (as jcm_mrv.project.template)."""


@dataclass
class LoadedProject:
    """A project file with its methodology, resolved values and findings."""

    document: YamlDocument
    path: Path
    project: Project | None = None
    methodology: LoadedMethodology | None = None
    values: dict[str, float | PointValues] = field(default_factory=dict)
    """Project-specific values in the methodology's units (per point where indexed)."""
    exact_values: dict[str, Fraction | dict[str, Fraction]] = field(default_factory=dict)
    """The same values, exactly: the decimals as written, converted exactly."""
    tables: dict[str, tuple[FormulaBand, ...]] = field(default_factory=dict)
    """Lookup tables whose bands the project gives, values in the methodology's units."""
    findings: list[Finding] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """True when the project and its methodology can be calculated."""
        return (
            self.project is not None
            and self.methodology is not None
            and self.methodology.checked is not None
            and not has_errors(self.findings)
        )

    roots: tuple[Path, ...] = field(default_factory=extra_roots)
    """Folders besides the project's own that its files may name (``JCM_MRV_DATA_ROOTS``)."""

    def data_path(self, relative: str) -> Path:
        """A file named in the project (data, methodology), resolved inside its folder.

        Raises :class:`~jcm_mrv.findings.errors.InputError` (``JCM-P017``) for a path that leads
        outside the project's folder (and the :attr:`roots`) or names a special file;
        :meth:`refused_path` gives the reason without raising. The path returned is
        the project's folder joined with ``relative`` (normalised), as the user named the
        project, so that findings name it as the user would, never by an absolute path
        the user did not type.
        """
        try:
            resolved = resolve_inside(self.path.parent, relative, self.roots)
        except PathRefused as exc:
            raise InputError(
                exc.reason, [codes.PATH_REFUSED(exc.reason, file=str(self.path))]
            ) from None
        named = Path(os.path.normpath(self.path.parent / relative))
        return named if not Path(relative).is_absolute() else resolved

    def refused_path(self, relative: str) -> str | None:
        """Why a path named in the project may not be read, or ``None`` when it may."""
        try:
            resolve_inside(self.path.parent, relative, self.roots)
        except PathRefused as exc:
            return exc.reason
        return None


def load_project(path: Path | str) -> LoadedProject:
    """Read and check a project file and the methodology it applies."""
    path = Path(path)
    document = read_yaml_file(path)
    return check_project_document(document, path)


def check_project_document(document: YamlDocument, path: Path) -> LoadedProject:
    """Check an already-read YAML document as a project file."""
    loaded = LoadedProject(document=document, path=path, findings=list(document.findings))
    if document.data is None:
        return loaded
    try:
        project = Project.model_validate(document.data)
    except ValidationError as exc:
        loaded.findings.extend(schema_findings(exc, document, Project))
        return loaded
    loaded.project = project
    _ProjectChecker(loaded, project).run()
    return loaded


def parameter_conversion(name: str, given: str | None, unit: str) -> Conversion:
    """How a value of ``name`` given in unit ``given`` converts into the methodology's.

    The one conversion of a project-specific or default value, from the project file or
    from ``--set`` (no unit given: the methodology's own). Raises
    :class:`~jcm_mrv.units.UnitError` with a message that starts with ``name``.
    """
    if given is None:
        return Conversion()
    try:
        return unit_conversion(parse_unit(given), parse_unit(unit))
    except UnitError as exc:
        raise UnitError(f"{name}: {exc}") from None


def bounds_finding(
    name: str, value: float, param: ProjectParameter | DefaultParameter, **where: Any
) -> Finding | None:
    """A :data:`~jcm_mrv.findings.codes.VALUE_OUT_OF_BOUNDS` finding if ``value`` is out of bounds.

    ``value`` is in the methodology's unit; ``where`` locates the finding (a line of the
    project file, or ``file="--set"``).
    """
    bounds = param.bounds
    if bounds is None:
        return None
    message = bounds_violation(name, value, param.unit, bounds.low, bounds.high)
    return None if message is None else codes.VALUE_OUT_OF_BOUNDS(message, **where)


def _first_sentence(text: str) -> str:
    """The first sentence of a description, on one line, without its full stop."""
    return " ".join(text.split()).split(". ")[0].rstrip(".")


class _ProjectChecker:
    def __init__(self, loaded: LoadedProject, project: Project) -> None:
        self.loaded = loaded
        self.project = project
        self.doc = loaded.document
        self.blank_in_sheet: set[str] = set()  # reported at their cells already

    def add(self, finding: Finding) -> None:
        self.loaded.findings.append(finding)

    def at(self, *path: str | int, key: bool = False) -> dict[str, Any]:
        return self.doc.locate(tuple(path), key=key)

    def run(self) -> None:
        self.check_points_and_periods()
        self.check_meters()
        self.check_data_files()
        if self.project.allocation is not None:
            self.loaded.findings.extend(allocation_findings(self.project.allocation, self.doc))
            self.check_placeholders()
        methodology = self.resolve_methodology()
        if methodology is None:
            return
        self.check_country(methodology)
        self.check_indices(methodology)
        self.check_values(methodology)
        self.check_options(methodology)
        self.check_registers(methodology)

    def check_placeholders(self) -> None:
        """Values of the allocation a template left to fill in: null, or 'FILL IN: …'."""
        data = self.doc.data if isinstance(self.doc.data, dict) else {}
        stack: list[tuple[tuple[str | int, ...], Any]] = [(("allocation",), data.get("allocation"))]
        while stack:
            path, value = stack.pop()
            if isinstance(value, dict):
                stack += [((*path, str(k)), v) for k, v in value.items()]
            elif isinstance(value, list):
                stack += [((*path, n), v) for n, v in enumerate(value)]
            elif value is None or (isinstance(value, str) and value.startswith(PLACEHOLDER)):
                dotted = ".".join(str(p) for p in path)
                self.add(
                    codes.PLACEHOLDER_LEFT(
                        f"{dotted} is not filled in (the template's '{PLACEHOLDER}')",
                        **self.at(*path),
                    )
                )

    def resolve_methodology(self) -> Methodology | None:
        ref = self.project.methodology
        named = None
        if ref.path is not None:
            refused = self.loaded.refused_path(ref.path)
            if refused is not None:
                self.add(codes.PATH_REFUSED(refused, **self.at("methodology", "path")))
                return None
            target = self.loaded.data_path(ref.path)
            if not target.is_file():
                self.add(
                    codes.METHODOLOGY_NOT_FOUND(
                        f"methodology file {ref.path} not found (looked at {target})",
                        **self.at("methodology", "path"),
                    )
                )
                return None
        elif (named := named_bundled(ref.id, ref.version)) is not None:
            target = named[0].path  # the usual case: the file is read once, not twice
        else:
            entry = find_bundled(ref.id, ref.version)
            if entry is None:
                other = find_bundled(ref.id)
                self.add(
                    codes.METHODOLOGY_NOT_FOUND(
                        f"no bundled methodology {ref.id} version {ref.version}",
                        hint=(
                            f"bundled: version {other.version}"
                            if other
                            else "give its file with methodology.path, or see "
                            "'jcm-mrv methodologies list'"
                        ),
                        **self.at("methodology"),
                    )
                )
                return None
            target = entry.path
        loaded = load_methodology(target) if named is None else check_methodology_document(named[1])
        self.loaded.methodology = loaded
        if loaded.methodology is None or has_errors(loaded.findings):
            errors = sum(f.severity is Severity.ERROR for f in loaded.findings)
            self.add(
                codes.METHODOLOGY_INVALID(
                    f"methodology {target} has {errors} error(s); run 'jcm-mrv validate {target}'",
                    **self.at("methodology"),
                )
            )
            return None
        m = loaded.methodology
        if (m.id, m.version) != (ref.id, ref.version):
            self.add(
                codes.METHODOLOGY_NOT_FOUND(
                    f"{target} is {m.id} version {m.version}, not {ref.id} version {ref.version}",
                    **self.at("methodology"),
                )
            )
            return None
        return m

    def check_points_and_periods(self) -> None:
        seen: set[str] = set()
        for n, point in enumerate(self.project.monitoring_points):
            if point.id in seen:
                self.add(
                    codes.DUPLICATE_POINT(
                        f"monitoring point {point.id!r} is listed twice",
                        **self.at("monitoring_points", n, "id"),
                    )
                )
            seen.add(point.id)
        for problem in period_problems(self.project.periods):
            self.add(
                problem.code(problem.message, **self.at("periods", problem.index, problem.field))
            )

    def check_meters(self) -> None:
        """Each point's meter history: in order, no overlap, what a replacement needs."""
        for n, point in enumerate(self.project.monitoring_points):
            for k, meter in enumerate(point.meters):
                where = ("monitoring_points", n, "meters", k)
                self._meter_readings(meter, where)
                if meter.installed and meter.removed and meter.removed <= meter.installed:
                    self.add(
                        codes.METER_HISTORY_ORDER(
                            f"meter {meter.serial} of point {point.id} is removed "
                            f"({meter.removed}) no later than it is installed ({meter.installed})",
                            **self.at(*where, "removed"),
                        )
                    )
                if k == 0:
                    continue
                before = point.meters[k - 1]
                self._replacement(point.id, before, meter, where)

    def _meter_readings(self, meter: Meter, where: tuple[str | int, ...]) -> None:
        if meter.unit is not None:
            try:
                parse_unit(meter.unit)
            except UnitError as exc:
                self.add(codes.UNIT_UNKNOWN(f"meter {meter.serial}: {exc}", **self.at(*where)))
        if meter.rollover is None:
            return
        for name in ("initial_reading", "final_reading"):
            value = getattr(meter, name)
            if value is not None and not 0 <= value < meter.rollover:
                self.add(
                    codes.METER_HISTORY_INCOMPLETE(
                        f"meter {meter.serial}: {name} {value:g} is not a reading of a register "
                        f"that rolls over at {meter.rollover:g} (0 up to below it)",
                        **self.at(*where, name),
                    )
                )

    def _replacement(
        self, point: str, before: Meter, after: Meter, where: tuple[str | int, ...]
    ) -> None:
        previous = (*where[:-1], int(where[-1]) - 1)
        needed = [
            (before.removed is None, previous, "its 'removed' time"),
            (before.final_reading is None, previous, "its 'final_reading'"),
            (after.installed is None, where, "its 'installed' time"),
            (after.initial_reading is None, where, "its 'initial_reading'"),
        ]
        for missing, at, what in needed:
            if missing:
                meter = before if at is previous else after
                role = "replaced by" if meter is before else "replacing"
                other = after if meter is before else before
                self.add(
                    codes.METER_HISTORY_INCOMPLETE(
                        f"meter {meter.serial} of point {point} ({role} {other.serial}) needs "
                        f"{what} to carry register readings across the replacement",
                        **self.at(*at),
                    )
                )
        if (
            before.removed is not None
            and after.installed is not None
            and after.installed < before.removed
        ):
            self.add(
                codes.METER_HISTORY_ORDER(
                    f"meter {after.serial} of point {point} is installed ({after.installed}) "
                    f"before meter {before.serial}, listed before it, is removed "
                    f"({before.removed}): list the meters in the order they served, "
                    "without overlap",
                    **self.at(*where, "installed"),
                )
            )

    def check_registers(self, m: Methodology) -> None:
        """A data file's ``registers`` name summed monitored parameters (not per day)."""
        for n, data in enumerate(self.project.data):
            for k, name in enumerate(data.registers):
                param = m.parameters.get(name)
                problem = None
                if not isinstance(param, MonitoredParameter):
                    problem = f"{name} is not a monitored parameter of {m.id}"
                elif param.aggregation != "sum":
                    problem = f"{name} is aggregated by {param.aggregation}, not summed"
                elif DAY_INDEX in param.index:
                    problem = f"{name} is read per day, which register differences do not give"
                elif data.layout == "mrs":
                    problem = "a Monitoring Spreadsheet (layout mrs) holds amounts, not registers"
                if problem is not None:
                    self.add(
                        codes.METER_HISTORY_INCOMPLETE(
                            f"data file {data.path}: registers: {problem}",
                            hint=did_you_mean(name, m.parameters) if param is None else None,
                            **self.at("data", n, "registers", k),
                        )
                    )

    def check_data_files(self) -> None:
        for n, data in enumerate(self.project.data):
            refused = self.loaded.refused_path(data.path)
            if refused is not None:
                self.add(codes.PATH_REFUSED(refused, **self.at("data", n, "path")))
                continue
            target = self.loaded.data_path(data.path)
            if not target.is_file():
                self.add(
                    codes.DATA_FILE_MISSING(
                        f"data file {data.path} not found (looked at {target})",
                        **self.at("data", n, "path"),
                    )
                )
            if data.point is not None and data.point not in self._point_ids():
                self.add(
                    codes.POINT_VALUES(
                        f"data file {data.path} names point {data.point!r}, which is not a "
                        "monitoring point of the project",
                        **self.at("data", n, "point"),
                    )
                )

    def _point_ids(self) -> list[str]:
        return [p.id for p in self.project.monitoring_points]

    def check_country(self, m: Methodology) -> None:
        if self.project.country not in m.countries:
            self.add(
                codes.COUNTRY_MISMATCH(
                    f"{m.id} applies to {', '.join(m.countries)}, not {self.project.country}",
                    **self.at("country"),
                )
            )

    def check_indices(self, m: Methodology) -> None:
        points = [index for index in m.indices if index != DAY_INDEX]  # d: days, not points
        if len(points) > 1:
            self.add(
                codes.UNSUPPORTED(
                    f"{m.id} declares {len(points)} indices ({', '.join(points)}); the engine "
                    "supports one index (the monitoring points) besides the period 'p' and "
                    "the day 'd'",
                    **self.at("methodology"),
                )
            )

    def sheet_values(self, m: Methodology) -> dict[str, ParameterValue]:
        """Project-specific values from the workbook ``parameters_from`` names."""
        source = self.project.parameters_from
        if source is None:
            return {}
        target = self.loaded.data_path(source.path)
        if not target.is_file():
            self.add(
                codes.DATA_FILE_MISSING(
                    f"workbook {source.path} not found (looked at {target})",
                    **self.at("parameters_from", "path"),
                )
            )
            return {}
        from jcm_mrv.monitoring.mrs import read_project_values

        printed = {
            name: p.symbol
            for name, p in m.parameters.items()
            if isinstance(p, ProjectParameter) and p.table is None
        }
        choices = {
            name: p.choices
            for name, p in m.parameters.items()
            if isinstance(p, ProjectParameter) and p.choices is not None
        }
        found, findings = read_project_values(
            target, source.sheet, printed, self._point_ids(), display=source.path, choices=choices
        )
        self.loaded.findings.extend(findings)
        merged: dict[str, dict[str, Any]] = {}
        for item in found:
            if item.value is None and item.choice is None:
                self.blank_in_sheet.add(item.symbol)
                continue
            if item.symbol in self.project.parameters:
                self.add(
                    codes.PARAMETER_TWICE(
                        f"{item.symbol} is given under 'parameters' and in {source.path} "
                        f"(row {item.row})",
                        **self.at("parameters", item.symbol, key=True),
                    )
                )
                continue
            entry = merged.setdefault(item.symbol, {"unit": item.unit, "source": source.path})
            if item.choice is not None:
                entry["choice"] = item.choice
            elif item.point is None:
                entry["value"] = item.value
            else:
                entry.setdefault("values", {})[item.point] = item.value
        return {name: ParameterValue(**entry) for name, entry in merged.items()}

    def check_values(self, m: Methodology) -> None:
        wanted = {name: p for name, p in m.parameters.items() if isinstance(p, ProjectParameter)}
        given = {**self.sheet_values(m), **self.project.parameters}
        for name in self.project.parameters:
            if name not in wanted:
                kind = m.parameters[name].kind if name in m.parameters else None
                self.add(
                    codes.PARAMETER_UNKNOWN(
                        f"{name} is not a project-specific parameter of {m.id}"
                        + (f" (it is a {kind} parameter)" if kind else ""),
                        hint=did_you_mean(name, wanted),
                        **self.at("parameters", name, key=True),
                    )
                )
        points = self._point_ids()
        for name, param in wanted.items():
            if name in self.blank_in_sheet:
                continue
            given_value = given.get(name)
            if given_value is None and not param.required:
                self._bounds_unchecked(m, name, param)
                continue
            if given_value is None:
                self.add(
                    codes.PARAMETER_MISSING(
                        f"{m.id} needs the project-specific value {name} ({param.description} "
                        f"in {param.unit})",
                        **self.at("parameters"),
                    )
                )
                continue
            if param.choices is not None or given_value.choice is not None:
                self._choice(name, param, given_value)
                continue
            conversion = self._conversion(name, given_value.unit, param.unit)
            if conversion is None:
                continue
            indexed = bool(set(param.index) - {PERIOD_INDEX})
            if param.table is not None:
                self._table(name, param, given_value, conversion)
            elif given_value.bands is not None:
                self.add(
                    codes.POINT_VALUES(
                        f"{name} is not a lookup table: give 'value' or 'values', not 'bands'",
                        **self.at("parameters", name, "bands", key=True),
                    )
                )
            elif indexed:
                values = given_value.values
                if values is None or given_value.value is not None:
                    self.add(
                        codes.POINT_VALUES(
                            f"{name} varies by monitoring point: give 'values' with one value "
                            f"per point ({', '.join(points)})",
                            **self.at("parameters", name),
                        )
                    )
                    continue
                missing = [p for p in points if p not in values]
                extra = [p for p in values if p not in points]
                if missing or extra:
                    parts = []
                    if missing:
                        parts.append(f"missing for {', '.join(missing)}")
                    if extra:
                        parts.append(f"given for unknown point(s) {', '.join(extra)}")
                    optional = (
                        f"{name} is optional: give it for every point, or leave it out "
                        "(then the bounds that use it are not checked)"
                        if missing and not param.required
                        else None
                    )
                    self.add(
                        codes.POINT_VALUES(
                            f"{name}: values " + "; ".join(parts),
                            hint=optional,
                            **self.at("parameters", name, "values"),
                        )
                    )
                    continue
                unfilled = [p for p in points if values[p] is None]
                for point in unfilled:
                    self.add(
                        codes.PARAMETER_MISSING(
                            f"{name} is not filled in for {point}: give a number in "
                            f"{given_value.unit or param.unit}",
                            **self.at("parameters", name, "values", point),
                        )
                    )
                if unfilled:
                    continue
                converted = {p: conversion(v) for p in points if (v := values[p]) is not None}
                for point, value in converted.items():
                    self._bounds(name, value, param, ("parameters", name, "values", point))
                self.loaded.values[name] = converted
                self.loaded.exact_values[name] = {
                    p: conversion.exact(as_written(v))
                    for p in points
                    if (v := values[p]) is not None
                }
            elif given_value.value is None and given_value.values is None:
                self.add(
                    codes.PARAMETER_MISSING(
                        f"{name} is not filled in: give a number in "
                        f"{given_value.unit or param.unit} ({param.description})",
                        **self.at("parameters", name, "value"),
                    )
                )
            else:
                if given_value.value is None or given_value.values is not None:
                    self.add(
                        codes.POINT_VALUES(
                            f"{name} has no index: give a single 'value'",
                            **self.at("parameters", name),
                        )
                    )
                    continue
                value = conversion(given_value.value)
                self._bounds(name, value, param, ("parameters", name))
                self.loaded.values[name] = value
                self.loaded.exact_values[name] = conversion.exact(as_written(given_value.value))

    def _bounds_unchecked(self, m: Methodology, name: str, param: ProjectParameter) -> None:
        """The warning that the bounds using an optional value left out are not checked."""
        checked = self.loaded.methodology.checked if self.loaded.methodology else None
        analysed = checked.bounds if checked is not None else {}  # parsed when checked
        used_by = [
            f"the {side} of {symbol} ({text})"
            for symbol, other in m.parameters.items()
            if other.bounds is not None
            for side, text in other.bounds.expressions.items()
            if side in analysed.get(symbol, {}) and name in analysed[symbol][side].names
        ]
        if not used_by:
            return
        if set(param.index) - {PERIOD_INDEX}:
            listed = ", ".join(f"{p}: …" for p in self._point_ids())
            example = f"{name}: {{unit: {param.unit}, values: {{{listed}}}}}"
        else:
            example = f"{name}: {{value: …, unit: {param.unit}}}"
        self.add(
            codes.BOUND_NOT_CHECKED(
                f"{' and '.join(used_by)} is not checked: the project does not give the "
                f"optional value {name} ({_first_sentence(param.description)})",
                hint=f"to check the monitoring data against it, add under parameters: {example}",
                **self.at("parameters"),
            )
        )

    def _choice(self, name: str, param: ProjectParameter, given: ParameterValue) -> None:
        """A declared configuration: loaded as the 1-based position of the chosen option."""
        options = param.choices
        if options is None:
            self.add(
                codes.CHOICE_INVALID(
                    f"{name} is a number in {param.unit}, not a choice: give a number",
                    **self.at("parameters", name),
                )
            )
            return
        listed = ", ".join(options)
        if given.choice is None:
            if given.value is None and given.values is None and given.bands is None:
                self.add(
                    codes.PARAMETER_MISSING(
                        f"{name} is not filled in: choose one of {listed} ({param.description})",
                        **self.at("parameters", name),
                    )
                )
            else:
                self.add(
                    codes.CHOICE_INVALID(
                        f"{name} is a choice: give one of {listed}, not a number",
                        **self.at("parameters", name),
                    )
                )
            return
        if given.choice not in options:
            self.add(
                codes.CHOICE_INVALID(
                    f"{name}: {given.choice!r} is not one of its options ({listed})",
                    hint=did_you_mean(given.choice, options),
                    **self.at("parameters", name),
                )
            )
            return
        position = options.index(given.choice) + 1
        self.loaded.values[name] = float(position)
        self.loaded.exact_values[name] = Fraction(position)

    def _table(
        self,
        name: str,
        param: ProjectParameter,
        given: ParameterValue,
        conversion: Conversion,
    ) -> None:
        """A lookup table whose bands the project gives (from the approved methodology)."""
        assert param.table is not None
        if given.value is not None or given.values is not None:
            self.add(
                codes.POINT_VALUES(
                    f"{name} is a lookup table: give its 'bands' (min, max, value), not a value",
                    **self.at("parameters", name),
                )
            )
            return
        if given.bands is None:
            self.add(
                codes.PARAMETER_MISSING(
                    f"{name} is not filled in: give the 'bands' of the approved methodology's "
                    f"table (min, max in {param.table.key_unit}; value in {param.unit})",
                    **self.at("parameters", name, "bands"),
                )
            )
            return
        problems = band_problems(name, given.bands)
        for n, message in problems:
            self.add(codes.TABLE_BANDS(message, **self.at("parameters", name, "bands", n)))
        converted = tuple(
            FormulaBand(band.min, band.max, conversion(band.value)) for band in given.bands
        )
        for n, band in enumerate(converted):
            self._bounds(name, band.value, param, ("parameters", name, "bands", n, "value"))
        if not problems:
            self.loaded.tables[name] = converted

    def _conversion(self, name: str, given: str | None, unit: str) -> Conversion | None:
        try:
            return parameter_conversion(name, given, unit)
        except UnitError as exc:
            self.add(codes.UNIT_UNKNOWN(str(exc), **self.at("parameters", name, "unit")))
            return None

    def _bounds(
        self, name: str, value: float, param: ProjectParameter, path: tuple[str | int, ...]
    ) -> None:
        finding = bounds_finding(name, value, param, **self.doc.locate(path))
        if finding is not None:
            self.add(finding)

    def check_options(self, m: Methodology) -> None:
        for name, option in self.project.monitoring_options.items():
            param = m.parameters.get(name)
            if not isinstance(param, MonitoredParameter):
                self.add(
                    codes.MONITORING_OPTION(
                        f"{name} is not a monitored parameter of {m.id}",
                        hint=did_you_mean(name, m.parameters),
                        **self.at("monitoring_options", name, key=True),
                    )
                )
            elif option not in param.options:
                self.add(
                    codes.MONITORING_OPTION(
                        f"{m.id} allows option(s) {', '.join(param.options)} for {name}, "
                        f"not {option}",
                        **self.at("monitoring_options", name),
                    )
                )
        for name, param in m.parameters.items():
            if (
                isinstance(param, MonitoredParameter)
                and len(param.options) > 1
                and name not in self.project.monitoring_options
            ):
                self.add(
                    codes.OPTION_NOT_CHOSEN(
                        f"{m.id} allows options {', '.join(param.options)} for {name}; say "
                        "which one the project uses under monitoring_options",
                        **self.at(
                            "monitoring_options"
                            if "monitoring_options" in (self.doc.data or {})
                            else "kind"
                        ),
                    )
                )
