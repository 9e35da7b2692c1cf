"""Semantic checks of a methodology: names, units, formulas, indices, bounds, outputs.

The schema (pydantic) has already checked the structure; these checks need the
formula language and the unit registry. Every check adds findings and goes on, so
that one run reports every problem of a file. The symbol table built here is also
what the engine compiles the equations against.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from typing import Any

from jcm_mrv.fileformats.yamlfile import YamlDocument, YamlPath
from jcm_mrv.findings import Finding, Severity, codes
from jcm_mrv.findings.suggest import did_you_mean
from jcm_mrv.formula import (
    Analysis,
    Band,
    Expr,
    FormulaError,
    SymbolInfo,
    analyse,
    parse,
    referenced_names,
)
from jcm_mrv.formula.nodes import FUNCTIONS
from jcm_mrv.methodology.bounds import DURATION, bound_symbols
from jcm_mrv.methodology.model import (
    DAY_INDEX,
    MULTI_COUNTRY,
    PARTNER_COUNTRIES,
    PERIOD_INDEX,
    DefaultParameter,
    Methodology,
    MonitoredParameter,
    ProjectParameter,
    id_country,
    id_kind,
)
from jcm_mrv.methodology.model import Band as BandModel
from jcm_mrv.units import UnitError, parse_unit, same_dimension

EMISSION_UNIT = "tCO2"

# Names in a formula that cannot be parsed: they still count as used, so that one
# syntax error does not also report every parameter it names as unused.
_NAME_TEXT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class CheckedMethodology:
    """A methodology with its symbol table, parsed expressions and evaluation order."""

    methodology: Methodology
    symbols: dict[str, SymbolInfo] = field(default_factory=dict)
    expressions: dict[str, Expr] = field(default_factory=dict)
    analyses: dict[str, Analysis] = field(default_factory=dict)
    conditions: dict[str, Analysis] = field(default_factory=dict)
    bounds: dict[str, dict[str, Analysis]] = field(default_factory=dict)
    """Bound expressions: parameter → side (``min``, ``max``) → analysis (see
    :mod:`jcm_mrv.methodology.bounds`)."""
    order: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def index_names(self) -> frozenset[str]:
        """Declared indices plus the implicit period index ``p``."""
        return frozenset({PERIOD_INDEX, *self.methodology.indices})


def check_methodology(m: Methodology, doc: YamlDocument) -> CheckedMethodology:
    """Run every semantic check on a schema-valid methodology; collect all findings."""
    checked = CheckedMethodology(methodology=m)
    checker = _Checker(m, doc, checked)
    checker.run()
    return checked


class _Checker:
    def __init__(self, m: Methodology, doc: YamlDocument, out: CheckedMethodology) -> None:
        self.m = m
        self.doc = doc
        self.out = out
        self.used: set[str] = set()

    def add(self, finding: Finding) -> None:
        self.out.findings.append(finding)

    def at(self, path: YamlPath, *, key: bool = False) -> dict[str, Any]:
        return self.doc.locate(path, key=key)

    def run(self) -> None:
        self.check_identity()
        self.check_names()
        self.check_units_and_bounds()
        self.build_parameter_symbols()
        self.check_bound_expressions()
        self.check_equations()
        self.check_outputs()
        self.check_eligibility()
        self.check_unused()

    # --- identity ---------------------------------------------------------------
    def check_identity(self) -> None:
        for n, country in enumerate(self.m.countries):
            if country not in PARTNER_COUNTRIES:
                self.add(
                    codes.UNKNOWN_COUNTRY(
                        f"{country!r} is not one of the 31 JCM partner countries",
                        **self.at(("countries", n)),
                    )
                )
        code = id_country(self.m.id)
        if code is not None and code != MULTI_COUNTRY and code not in self.m.countries:
            self.add(
                codes.UNKNOWN_COUNTRY(
                    f"the identifier {self.m.id} names country {code}, which is not listed "
                    "in countries",
                    **self.at(("countries",)),
                )
            )
        self.check_draft_identity()

    def check_draft_identity(self) -> None:
        form, status = id_kind(self.m.id), self.m.status
        if status == "draft" and form in ("approved", "proposed"):
            self.add(
                codes.DRAFT_IDENTITY(
                    f"{self.m.id} is in the form of a JCM {form} methodology's identifier, but "
                    "the methodology is a draft (not a JCM methodology); a user could take it "
                    "for an official one",
                    hint=f"name it DRAFT_{id_country(self.m.id)}_<TOPIC>, e.g. "
                    f"DRAFT_{id_country(self.m.id)}_SOLAR_PV",
                    **self.at(("id",)),
                )
            )
        if form == "draft" and status != "draft":
            self.add(
                codes.DRAFT_IDENTITY(
                    f"{self.m.id} is a draft identifier (a methodology of ours), but the status "
                    f"is {status}; a DRAFT_ identifier always has status draft",
                    **self.at(("status",)),
                )
            )
        if status == "draft" and self.m.approved is not None:
            self.add(
                codes.DRAFT_IDENTITY(
                    "a draft has no approval date: no Joint Committee approved it",
                    **self.at(("approved",)),
                )
            )

    # --- names ------------------------------------------------------------------
    def check_names(self) -> None:
        day_index = DAY_INDEX
        for section, names in (
            ("parameters", self.m.parameters),
            ("equations", self.m.equations),
            ("indices", self.m.indices),
        ):
            for name in names:
                if keyword.iskeyword(name) or name in FUNCTIONS:
                    self.add(
                        codes.RESERVED_NAME(
                            f"{name!r} is reserved in formulas; choose another name",
                            **self.at((section, name), key=True),
                        )
                    )
        if PERIOD_INDEX in self.m.indices:
            self.add(
                codes.DUPLICATE_SYMBOL(
                    "'p' is the implicit index of monitoring periods; do not declare it",
                    **self.at(("indices", PERIOD_INDEX), key=True),
                )
            )
        for name in self.m.equations:
            if name in self.m.parameters:
                self.add(
                    codes.DUPLICATE_SYMBOL(
                        f"{name!r} is both a parameter and an equation",
                        **self.at(("equations", name), key=True),
                    )
                )
        for index in self.m.indices:
            if index in self.m.parameters or index in self.m.equations:
                self.add(
                    codes.DUPLICATE_SYMBOL(
                        f"index {index!r} has the same name as a parameter or equation",
                        **self.at(("indices", index), key=True),
                    )
                )
        seen: dict[str, int] = {}
        for n, criterion in enumerate(self.m.eligibility):
            if criterion.id in seen:
                self.add(
                    codes.DUPLICATE_ID(
                        f"eligibility criterion id {criterion.id!r} is used twice "
                        f"(first as item {seen[criterion.id] + 1})",
                        **self.at(("eligibility", n, "id")),
                    )
                )
            seen.setdefault(criterion.id, n)
        for name, param in self.m.parameters.items():
            for n, index in enumerate(param.index):
                if index == PERIOD_INDEX:
                    self.add(
                        codes.UNKNOWN_INDEX(
                            "do not list 'p': monitored parameters vary by period implicitly, "
                            "other kinds are fixed ex ante",
                            **self.at(("parameters", name, "index", n)),
                        )
                    )
                elif index not in self.m.indices:
                    self.add(
                        codes.UNKNOWN_INDEX(
                            f"index {index!r} is not declared under 'indices'",
                            hint=did_you_mean(index, self.m.indices),
                            **self.at(("parameters", name, "index", n)),
                        )
                    )
                elif index == day_index and not isinstance(param, MonitoredParameter):
                    self.add(
                        codes.UNKNOWN_INDEX(
                            f"{name} is a {param.kind} parameter, fixed ex ante, so it cannot "
                            f"vary by {day_index!r} (the day of the monitoring period); only "
                            "monitored parameters may list 'd'",
                            **self.at(("parameters", name, "index", n)),
                        )
                    )

    # --- units and bounds -------------------------------------------------------
    def check_units_and_bounds(self) -> None:
        for name, param in self.m.parameters.items():
            self._unit(("parameters", name, "unit"), param.unit)
            bounds = param.bounds
            if (
                bounds
                and bounds.low is not None
                and bounds.high is not None
                and bounds.low > bounds.high
            ):
                self.add(
                    codes.DEFAULT_OUT_OF_BOUNDS(
                        f"bounds of {name}: min {bounds.low:g} is above max {bounds.high:g}",
                        **self.at(("parameters", name, "bounds")),
                    )
                )
            if isinstance(param, DefaultParameter):
                self._check_default(name, param)
            if isinstance(param, ProjectParameter) and param.table is not None:
                self._unit(("parameters", name, "table", "key_unit"), param.table.key_unit)
            if isinstance(param, ProjectParameter) and param.choices is not None:
                self._check_choice(name, param)
            has_table = isinstance(param, DefaultParameter | ProjectParameter) and bool(param.table)
            if has_table and param.index:
                self.add(
                    codes.SCHEMA_TYPE(
                        f"{name} is a lookup table: it has no index (its key selects the value)",
                        **self.at(("parameters", name, "index")),
                    )
                )

    def _check_choice(self, name: str, param: ProjectParameter) -> None:
        assert param.choices is not None
        problems = [
            (key, why)
            for key, why in (
                ("unit", param.unit != "dimensionless" and "its unit must be 'dimensionless'"),
                ("index", bool(param.index) and "it has no index (one choice per project)"),
                ("bounds", param.bounds is not None and "it has no bounds"),
                ("table", param.table is not None and "it is not a lookup table"),
            )
            if why
        ]
        for key, why in problems:
            self.add(
                codes.SCHEMA_TYPE(
                    f"{name} is a choice ({', '.join(param.choices)}): {why}",
                    **self.at(("parameters", name, key)),
                )
            )
        seen: set[str] = set()
        for n, option in enumerate(param.choices):
            if option in seen:
                self.add(
                    codes.SCHEMA_TYPE(
                        f"{name}: option {option!r} is listed twice",
                        **self.at(("parameters", name, "choices", n)),
                    )
                )
            seen.add(option)

    def _unit(self, path: YamlPath, text: str) -> bool:
        try:
            parse_unit(text)
        except UnitError as exc:
            self.add(codes.UNIT_UNKNOWN(str(exc), **self.at(path)))
            return False
        return True

    def _check_default(self, name: str, param: DefaultParameter) -> None:
        if (param.value is None) == (param.table is None):
            self.add(
                codes.SCHEMA_MISSING(
                    f"default parameter {name} needs exactly one of 'value' or 'table'",
                    **self.at(("parameters", name)),
                )
            )
        values: list[tuple[float, YamlPath]] = []
        if param.value is not None:
            values.append((param.value, ("parameters", name, "value")))
        if param.table is not None:
            self._unit(("parameters", name, "table", "key_unit"), param.table.key_unit)
            self._check_bands(name, param)
            values.extend(
                (band.value, ("parameters", name, "table", "bands", n, "value"))
                for n, band in enumerate(param.table.bands)
            )
        bounds = param.bounds
        if bounds is None:
            return
        low, high = bounds.low, bounds.high
        if low is not None and high is not None and low > high:
            return  # reversed bounds are reported once, not again for every value
        for value, path in values:
            if (low is not None and value < low) or (high is not None and value > high):
                self.add(
                    codes.DEFAULT_OUT_OF_BOUNDS(
                        f"{name}: value {value:g} lies outside its bounds "
                        f"[{_show(low)}, {_show(high)}]",
                        **self.at(path),
                    )
                )

    def _check_bands(self, name: str, param: DefaultParameter) -> None:
        assert param.table is not None
        for n, message in band_problems(name, param.table.bands):
            self.add(
                codes.TABLE_BANDS(message, **self.at(("parameters", name, "table", "bands", n)))
            )

    # --- symbols ----------------------------------------------------------------
    def build_parameter_symbols(self) -> None:
        for name, param in self.m.parameters.items():
            indices = set(param.index) - {PERIOD_INDEX}
            if isinstance(param, MonitoredParameter):
                indices.add(PERIOD_INDEX)
            table = None
            key_unit = None
            if isinstance(param, DefaultParameter) and param.table is not None:
                table = tuple(Band(b.min, b.max, b.value) for b in param.table.bands)
                key_unit = param.table.key_unit
            elif isinstance(param, ProjectParameter) and param.table is not None:
                table = ()  # the project file gives the bands (see project.loader)
                key_unit = param.table.key_unit
            choices = None
            if isinstance(param, ProjectParameter) and param.choices is not None:
                choices = tuple(param.choices)
            self.out.symbols[name] = SymbolInfo(
                name=name,
                unit=param.unit,
                indices=frozenset(indices),
                table=table,
                key_unit=key_unit,
                choices=choices,
            )

    # --- bound expressions ------------------------------------------------------
    def check_bound_expressions(self) -> None:
        """Parse and unit-check every bound given as an expression (see ``bounds.py``)."""
        fixed = {
            name: info
            for name, info in self.out.symbols.items()
            if isinstance(self.m.parameters.get(name), DefaultParameter | ProjectParameter)
        }
        for name, param in self.m.parameters.items():
            if param.bounds is None:
                continue
            for side, text in param.bounds.expressions.items():
                path = ("parameters", name, "bounds", side)
                if not isinstance(param, MonitoredParameter):
                    self.add(
                        codes.BOUND_EXPRESSION(
                            f"{name} is a {param.kind} parameter: its {side} must be a number "
                            "(only a monitored parameter's bounds may be expressions)",
                            **self.at(path),
                        )
                    )
                    continue
                analysis = self._bound_analysis(name, param, side, text, fixed)
                if analysis is not None:
                    self.out.bounds.setdefault(name, {})[side] = analysis

    def _bound_analysis(
        self,
        name: str,
        param: MonitoredParameter,
        side: str,
        text: str,
        fixed: Mapping[str, SymbolInfo],
    ) -> Analysis | None:
        path = ("parameters", name, "bounds", side)
        parsed = self._parse_used(text, path)
        if parsed is None:
            return None
        expr, names = parsed
        allowed = bound_symbols(fixed)
        unknown = [(n, col) for n, col in names if n not in allowed]
        for ref, col in unknown:
            error = FormulaError(
                codes.BOUND_EXPRESSION,
                f"the {side} of {name} uses {ref!r}, which is {self._what(ref)}; a bound may use "
                f"project-specific and default parameters and {DURATION!r}",
                col,
                hint=did_you_mean(ref, allowed),
            )
            self.add(self._formula_finding(error, path))
        if unknown:
            return None
        indices = {PERIOD_INDEX, *param.index} - {DAY_INDEX}
        analysis = analyse(
            expr,
            allowed,
            self.out.index_names,
            declared_unit=param.unit,
            declared_indices=indices,
        )
        for error in analysis.problems:
            if error.code in (codes.UNIT_MISMATCH, codes.UNIT_TEMPERATURE):
                error = FormulaError(
                    codes.BOUND_UNIT,
                    f"the {side} of {name}: {error.message}",
                    error.column,
                    hint=error.hint or f"{DURATION!r} is a time in h: a power times it is energy",
                )
            self.add(self._formula_finding(error, path))
        return analysis if analysis.ok else None

    def _parse_used(self, text: str, path: YamlPath) -> tuple[Expr, list[tuple[str, int]]] | None:
        """Parse a formula (a finding when it cannot be) and count the names it uses."""
        try:
            expr = parse(text)
        except FormulaError as exc:
            self.add(self._formula_finding(exc, path))
            self.used.update(_NAME_TEXT.findall(text))
            return None
        names = list(referenced_names(expr))
        self.used.update(name for name, _ in names)
        return expr, names

    def _what(self, name: str) -> str:
        """What a name a formula may not use is, for a message."""
        if name in self.m.parameters:
            return "a monitored parameter"
        return "an equation" if name in self.m.equations else "not a parameter"

    # --- equations --------------------------------------------------------------
    def check_equations(self) -> None:
        equations = self.m.equations
        deps: dict[str, list[str]] = {}
        for name, equation in equations.items():
            self._unit(("equations", name, "unit"), equation.unit)
            path = ("equations", name, "expression")
            try:
                expr = parse(equation.expression)
            except FormulaError as exc:
                self.add(self._formula_finding(exc, path))
                self.used.update(_NAME_TEXT.findall(equation.expression))
                continue
            self.out.expressions[name] = expr
            named = list(referenced_names(expr))
            self._refuse_optional(named, path, f"equation {name}")
            refs = [ref for ref, _ in named]
            self.used.update(refs)
            deps[name] = [ref for ref in refs if ref in equations]
        cycles = _cycles(deps)
        in_cycle = {name for cycle in cycles for name in cycle}
        for cycle in cycles:
            first = cycle[0]
            self.add(
                codes.FORMULA_CYCLE(
                    "equations refer to each other in a circle: " + _circle(cycle),
                    **self.at(("equations", first, "expression")),
                )
            )
        # Equations that cannot be analysed still stand in the symbol table with their
        # declared unit, so that the equations using them do not report them as unknown.
        for name in equations:
            if name in in_cycle or name not in deps:
                self._placeholder(name)
        for name in _topological(deps, in_cycle):
            self._analyse_equation(name)

    def _placeholder(self, name: str) -> None:
        equation = self.m.equations[name]
        try:
            parse_unit(equation.unit)
        except UnitError:
            return
        indices = frozenset(equation.index) if equation.index is not None else None
        self.out.symbols[name] = SymbolInfo(
            name=name, unit=equation.unit, indices=indices or frozenset({PERIOD_INDEX})
        )

    def _analyse_equation(self, name: str) -> None:
        equation = self.m.equations[name]
        expr = self.out.expressions[name]
        path = ("equations", name, "expression")
        symbols = self.out.symbols
        analysis = analyse(
            expr,
            symbols,
            self.out.index_names,
            expect="number",
            declared_unit=equation.unit,
            declared_indices=equation.index,
        )
        declared = frozenset(equation.index) if equation.index is not None else None
        for n, index in enumerate(equation.index or ()):
            if index not in self.out.index_names:
                self.add(
                    codes.UNKNOWN_INDEX(
                        f"index {index!r} is not declared under 'indices'",
                        **self.at(("equations", name, "index", n)),
                    )
                )
        if analysis.problems:
            for error in analysis.problems:
                self.add(self._formula_finding(error, path))
            indices = declared if declared is not None else frozenset({PERIOD_INDEX})
        else:
            indices = analysis.indices
            self.out.analyses[name] = analysis
            self.out.order.append(name)
        symbols[name] = SymbolInfo(name=name, unit=equation.unit, indices=indices)

    def _refuse_optional(self, names: Iterable[tuple[str, int]], path: YamlPath, what: str) -> None:
        """An optional parameter (``required: false``) where a value is needed: a finding.

        The project may leave it out, so only bound expressions may use it.
        """
        reported: set[str] = set()
        for ref, col in names:
            param = self.m.parameters.get(ref)
            if isinstance(param, ProjectParameter) and not param.required and ref not in reported:
                reported.add(ref)  # once per formula, at its first use
                error = FormulaError(
                    codes.OPTIONAL_PARAMETER_USED,
                    f"{what} uses {ref}, which is optional (required: false): a project may "
                    "leave it out, so it may only be used in monitored parameters' bounds",
                    col,
                    hint=f"declare {ref} required, or use it only in a bound expression",
                )
                self.add(self._formula_finding(error, path))

    def _formula_finding(self, error: FormulaError, path: YamlPath) -> Finding:
        where = self.at(path)
        pos = self.doc.position(path)
        if pos is not None:
            if pos.single_line and pos.style in (None, "'", '"'):
                offset = 1 if pos.style in ("'", '"') else 0
                where["column"] = pos.column + offset + error.column - 1
            elif pos.style in ("|", ">"):
                where["line"] = pos.line + 1
                where["column"] = None
        return error.code(error.message, hint=error.hint, **where)

    # --- outputs ----------------------------------------------------------------
    def check_outputs(self) -> None:
        outputs = self.m.outputs
        for role in ("reference_emissions", "project_emissions", "emission_reductions"):
            name = getattr(outputs, role)
            path = ("outputs", role)
            if name not in self.m.equations:
                self.add(
                    codes.MISSING_OUTPUT(
                        f"{role} names {name!r}, which is not an equation",
                        hint=did_you_mean(name, self.m.equations),
                        **self.at(path),
                    )
                )
                continue
            self.used.add(name)
            try:
                unit = parse_unit(self.m.equations[name].unit)
            except UnitError:
                continue  # already reported
            if not same_dimension(unit, parse_unit(EMISSION_UNIT)):
                self.add(
                    codes.OUTPUT_UNIT(
                        f"{role} ({name}) is in {self.m.equations[name].unit}, not a mass of "
                        "CO2-equivalent such as tCO2",
                        **self.at(("equations", name, "unit")),
                    )
                )
            info = self.out.symbols.get(name)
            if name in self.out.analyses and info is not None and info.indices - {PERIOD_INDEX}:
                self.add(
                    codes.FORMULA_INDEX(
                        f"{role} ({name}) must give one value per period but varies by "
                        f"{_indices(info.indices)}; sum over the other indices",
                        **self.at(("equations", name, "expression")),
                    )
                )

    # --- eligibility ------------------------------------------------------------
    def check_eligibility(self) -> None:
        fixed = {
            name: info
            for name, info in self.out.symbols.items()
            if isinstance(self.m.parameters.get(name), DefaultParameter | ProjectParameter)
        }
        for n, criterion in enumerate(self.m.eligibility):
            base = ("eligibility", n)
            if (criterion.condition is None) == (criterion.attestation is None):
                self.add(
                    codes.SCHEMA_MISSING(
                        f"criterion {criterion.id} needs exactly one of 'condition' "
                        "(machine-checkable) or 'attestation' (documentary)",
                        **self.at(base),
                    )
                )
            if criterion.condition is None:
                continue
            path = (*base, "condition")
            parsed = self._parse_used(criterion.condition, path)
            if parsed is None:
                continue
            expr, names = parsed
            self._refuse_optional(names, path, f"the condition of {criterion.id}")
            unknown = [(name, col) for name, col in names if name not in fixed]
            for name, col in unknown:
                error = FormulaError(
                    codes.ELIGIBILITY_UNKNOWN,
                    f"condition of {criterion.id} uses {name!r}, which is {self._what(name)}; "
                    "conditions may only use project-specific and default parameters",
                    col,
                    hint=did_you_mean(name, fixed),
                )
                self.add(self._formula_finding(error, path))
            if unknown:
                continue
            analysis = analyse(expr, fixed, self.out.index_names, expect="condition")
            for error in analysis.problems:
                self.add(self._formula_finding(error, path))
            if not analysis.problems:
                self.out.conditions[criterion.id] = analysis

    # --- unused -----------------------------------------------------------------
    def check_unused(self) -> None:
        for name in self.m.parameters:
            if name not in self.used:
                self.add(
                    codes.UNUSED_PARAMETER(
                        f"parameter {name} is not used by any equation or condition",
                        **self.at(("parameters", name), key=True),
                    )
                )
        outputs = {
            self.m.outputs.reference_emissions,
            self.m.outputs.project_emissions,
            self.m.outputs.emission_reductions,
        }
        for name in self.m.equations:
            if name not in self.used and name not in outputs:
                self.add(
                    codes.UNUSED_PARAMETER(
                        f"equation {name} is not used by any output",
                        severity=Severity.WARNING,
                        **self.at(("equations", name), key=True),
                    )
                )


def _show(value: float | None) -> str:
    return "-inf" if value is None else f"{value:g}"


def _indices(indices: Iterable[str]) -> str:
    listed = sorted(indices)
    return "[" + ", ".join(listed) + "]" if listed else "nothing (a constant)"


def band_problems(name: str, bands: Sequence[BandModel]) -> list[tuple[int, str]]:
    """What is wrong with a table's bands: ``(band index, message)`` pairs.

    Each band's ``min`` must be below its ``max``, and each band must start at or
    above the previous band's ``max`` (ascending, not overlapping).
    """
    problems: list[tuple[int, str]] = []
    previous_upper: float | None = None
    for n, band in enumerate(bands):
        if band.min is not None and band.max is not None and band.min >= band.max:
            problems.append(
                (n, f"band {n + 1} of {name}: min {band.min:g} is not below max {band.max:g}")
            )
        if n > 0 and (previous_upper is None or band.min is None or band.min < previous_upper):
            problems.append(
                (
                    n,
                    f"band {n + 1} of {name} overlaps the band before it or is out of order "
                    "(each band starts at or above the previous band's max)",
                )
            )
        previous_upper = band.max
    return problems


def _circle(names: list[str], shown: int = 8) -> str:
    """``A → B → A``, shortened for long circles."""
    if len(names) <= shown:
        return " → ".join([*names, names[0]])
    return " → ".join(names[:shown]) + f" → … ({len(names)} equations in all)"


def _cycles(deps: Mapping[str, list[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node, or a self-reference.

    Tarjan's algorithm with an explicit stack: a file with thousands of chained
    equations must not exhaust Python's recursion limit.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    for root in deps:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            successors = [n for n in deps.get(node, []) if n in deps]
            if position < len(successors):
                work.append((node, position + 1))
                nxt = successors[position]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1 or node in deps.get(node, []):
                    result.append(sorted(component))
            if work:  # back in the caller: pass the low-link up
                caller = work[-1][0]
                low[caller] = min(low[caller], low[node])
    return result


def _topological(deps: Mapping[str, list[str]], skip: set[str]) -> list[str]:
    """Equations in an order where each comes after those it uses (skipping cycles).

    Equations that depend on a cycle still get analysed: the cycle's members stand in
    the symbol table with their declared units.
    """
    graph = {
        node: [n for n in used if n in deps and n not in skip]
        for node, used in deps.items()
        if node not in skip
    }
    return list(TopologicalSorter(graph).static_order())
