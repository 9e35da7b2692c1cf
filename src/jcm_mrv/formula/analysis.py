"""Check a formula's names, types (number or condition), units and indices.

Units are checked once here, with pint; the result is a :mod:`~jcm_mrv.formula.plan`
in which every conversion is an explicit factor, so computation afterwards runs on
plain numpy arrays. Every problem found is collected (an unknown name does not stop
the analysis of the rest of the formula).

Absolute temperatures on offset scales (degC, degF) are special: they may only be
subtracted from each other (giving a temperature difference in kelvin), shifted by a
temperature difference (``T + ΔT``, ``T - ΔT``, ``ΔT + T``: an absolute temperature in
``T``'s unit) or compared with each other. ``K`` and ``delta_degC`` are differences,
ordinary multiplicative units.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from jcm_mrv import units
from jcm_mrv.findings import codes
from jcm_mrv.findings.suggest import did_you_mean
from jcm_mrv.formula import plan
from jcm_mrv.formula.errors import FormulaError
from jcm_mrv.formula.nodes import (
    BinOp,
    BoolOp,
    Call,
    Compare,
    Expr,
    Name,
    Not,
    Num,
    Text,
    UnaryOp,
    children,
    referenced_names,
)
from jcm_mrv.formula.symbols import SymbolInfo

Kind: TypeAlias = Literal["number", "condition"]


@dataclass(frozen=True)
class Analysis:
    """What :func:`analyse` found out about a formula.

    ``problems`` lists every problem (empty when the formula is sound). ``kind``,
    ``unit`` and ``plan`` are ``None`` when problems prevent knowing them. ``unit`` is
    the declared unit when one was given, else the unit the expression computes
    (``None`` for conditions). ``names`` are the symbols the formula reads.
    """

    expr: Expr
    problems: tuple[FormulaError, ...]
    kind: Kind | None
    unit: str | None
    indices: frozenset[str]
    names: tuple[str, ...]
    plan: plan.Step | None

    @property
    def ok(self) -> bool:
        """True when the formula has no problems and can be compiled."""
        return not self.problems and self.plan is not None


def analyse(
    expr: Expr,
    symbols: Mapping[str, SymbolInfo],
    index_names: Collection[str],
    *,
    expect: Kind = "number",
    declared_unit: str | None = None,
    declared_indices: Collection[str] | None = None,
) -> Analysis:
    """Check a parsed formula against the symbols and indices of its methodology.

    ``expect`` says whether the formula must give a number (an equation) or a
    condition (an eligibility criterion). With ``declared_unit`` the result must have
    that unit's dimension and is converted to it (``kWh * tCO2/MWh`` declared ``tCO2``
    gets the factor 0.001). With ``declared_indices`` the result may vary only by
    those indices.
    """
    checker = _Checker(symbols, frozenset(index_names))
    _check_constants(expr, checker)
    value = checker.check(expr)
    kind: Kind | None = None
    unit: Any = None
    step: plan.Step | None = None
    indices: frozenset[str] = frozenset()
    if value is not None:
        kind, indices, step = value.kind, value.indices, value.step
        unit = value.unit if kind == "number" else None
        if kind != expect:
            checker.report(
                codes.FORMULA_TYPE,
                f"expected a {expect} but the formula gives a {kind}",
                1,
                "comparisons and and/or/not give true/false; arithmetic gives numbers",
            )
            step = None
        elif kind == "number" and declared_unit is not None:
            unit, step = checker.convert_to_declared(value, declared_unit)
        if declared_indices is not None and not indices <= frozenset(declared_indices):
            extra = ", ".join(sorted(indices - frozenset(declared_indices)))
            checker.report(
                codes.FORMULA_INDEX,
                f"the result still varies by index {extra}",
                1,
                f"sum over it with sum(..., {sorted(indices - frozenset(declared_indices))[0]})"
                " or declare the equation with that index",
            )
    names = tuple(dict.fromkeys(name for name, _ in referenced_names(expr) if name in symbols))
    problems = tuple(checker.problems)
    return Analysis(
        expr=expr,
        problems=problems,
        kind=kind,
        unit=_unit_text(unit, declared_unit) if kind == "number" and unit is not None else None,
        indices=indices,
        names=names,
        plan=None if problems else step,
    )


def _unit_text(unit: Any, declared: str | None) -> str:
    if declared is not None:
        return declared
    text = format(unit, "~")
    return text if text else "dimensionless"


@dataclass(frozen=True)
class _Value:
    """The analysed type of a sub-expression."""

    kind: Kind
    unit: Any  # a pint Unit (dimensionless for conditions)
    indices: frozenset[str]
    step: plan.Step
    absolute: bool = False  # an absolute temperature on an offset scale (degC, degF)
    zero: bool = False  # the literal 0, which is zero in every unit (PE_p = 0, max(x, 0))

    def like(self, other: _Value) -> _Value:
        """A literal zero takes the unit of the quantity it meets; anything else is kept."""
        if not self.zero or other.absolute or other.kind != "number":
            return self
        return _Value("number", other.unit, self.indices, self.step, zero=True)


def _union(values: Iterable[_Value]) -> frozenset[str]:
    return frozenset().union(*(value.indices for value in values))


class _Checker:
    """Walks the tree once, collecting problems and building the plan."""

    def __init__(self, symbols: Mapping[str, SymbolInfo], index_names: frozenset[str]) -> None:
        self.symbols = symbols
        self.index_names = index_names
        self.problems: list[FormulaError] = []
        self.bad_units: set[str] = set()
        self.dimensionless = units.registry().dimensionless
        self.kelvin = units.registry().kelvin

    # --- reporting ------------------------------------------------------------------

    def report(self, code: codes.Code, message: str, column: int, hint: str | None = None) -> None:
        self.problems.append(FormulaError(code, message, column, hint))

    def unit(self, text: str, column: int) -> Any:
        """Parse a unit, reporting it (once) when it is unknown."""
        try:
            return units.parse_unit(text)
        except units.UnitError as exc:
            if text not in self.bad_units:
                self.bad_units.add(text)
                self.report(codes.UNIT_UNKNOWN, str(exc), column)
            return None

    def describe(self, value: _Value) -> str:
        return f"{_unit_text(value.unit, None)} ({units.dimensionality(value.unit)})"

    def incompatible(self, what: str, left: _Value, right: _Value, column: int) -> None:
        hint = None
        if units.same_dimension(left.unit, self.dimensionless) or units.same_dimension(
            right.unit, self.dimensionless
        ):
            hint = (
                "a plain number is dimensionless: make the threshold a parameter with a unit"
                if what == "a comparison"
                else "a plain number other than 0 is dimensionless: make it a parameter with a unit"
            )
        self.report(
            codes.UNIT_INCOMPATIBLE,
            f"{what} needs operands of the same dimension, got {self.describe(left)} "
            f"and {self.describe(right)}",
            column,
            hint,
        )

    def temperature(self, what: str, column: int) -> None:
        self.report(
            codes.UNIT_TEMPERATURE,
            f"{what}: an absolute temperature (degC, degF) may only be subtracted from "
            "another, shifted by a temperature difference, or compared",
            column,
            "use a difference such as (T_out - T_in), which is in kelvin",
        )

    # --- the walk ----------------------------------------------------------------------

    def check(self, expr: Expr) -> _Value | None:
        match expr:
            case Num(value=number):
                return _Value(
                    "number", self.dimensionless, frozenset(), plan.Const(number), zero=number == 0
                )
            case Name():
                return self.name(expr)
            case Text():  # only reached outside a comparison with a choice parameter
                self.report(
                    codes.FORMULA_CHOICE,
                    f'"{expr.value}" is an option; compare a choice parameter with it',
                    expr.column,
                    f'write NAME == "{expr.value}"',
                )
                return None
            case BinOp(op="+" | "-"):
                return self.additive(expr)
            case BinOp(op="*" | "/"):
                return self.multiplicative(expr)
            case BinOp():
                return self.power(expr)
            case UnaryOp(op=op, operand=operand):
                value = self.number(operand, f"unary {op}")
                if value is None or op == "+":
                    return value
                if value.absolute:
                    self.temperature("negating an absolute temperature", expr.column)
                    return None
                return _Value("number", value.unit, value.indices, plan.Negate(value.step))
            case Compare():
                return self.comparison(expr)
            case BoolOp(op=op, values=values):
                conditions = [self.condition(v, op) for v in values]
                if any(c is None for c in conditions):
                    return None
                checked = [c for c in conditions if c is not None]
                return _Value(
                    "condition",
                    self.dimensionless,
                    _union(checked),
                    plan.Logic(op, tuple(c.step for c in checked)),
                )
            case Not(operand=operand):
                condition = self.condition(operand, "not")
                if condition is None:
                    return None
                return _Value(
                    "condition",
                    self.dimensionless,
                    condition.indices,
                    plan.LogicalNot(condition.step),
                )
            case Call():
                return self.call(expr)
        raise AssertionError(f"unexpected node {expr!r}")  # pragma: no cover

    def number(self, expr: Expr, where: str) -> _Value | None:
        """Check a sub-expression that must be a number."""
        value = self.check(expr)
        if value is not None and value.kind != "number":
            self.report(
                codes.FORMULA_TYPE,
                f"{where} needs a number, but this is a condition (true/false)",
                expr.column,
                "use where(condition, a, b) to choose between numbers",
            )
            return None
        return value

    def condition(self, expr: Expr, where: str) -> _Value | None:
        """Check a sub-expression that must be a condition."""
        value = self.check(expr)
        if value is not None and value.kind != "condition":
            self.report(
                codes.FORMULA_TYPE,
                f"{where} needs a condition (true/false), but this is a number",
                expr.column,
                "compare it with something, e.g. x > 0",
            )
            return None
        return value

    def name(self, expr: Name) -> _Value | None:
        info = self.symbols.get(expr.id)
        if info is None:
            if expr.id in self.index_names:
                self.report(
                    codes.FORMULA_INDEX,
                    f"{expr.id!r} is an index, not a value",
                    expr.column,
                    f"an index only appears as the second argument of sum(..., {expr.id})",
                )
            else:
                self.unknown(expr, self.symbols)
            return None
        if info.table is not None:
            self.report(
                codes.FORMULA_TYPE,
                f"{expr.id!r} is a lookup table, not a value",
                expr.column,
                f"read it with lookup({expr.id}, key)",
            )
            return None
        if info.choices is not None:
            self.report(
                codes.FORMULA_CHOICE,
                f"{expr.id!r} is a choice ({', '.join(info.choices)}), not a number",
                expr.column,
                f'compare it with one of its options: {expr.id} == "{info.choices[0]}"',
            )
            return None
        unit = self.unit(info.unit, expr.column)
        if unit is None:
            return None
        return _Value(
            "number",
            unit,
            frozenset(info.indices),
            plan.Load(expr.id),
            units.is_offset_temperature(unit),
        )

    def unknown(self, expr: Name, candidates: Iterable[str]) -> None:
        self.report(
            codes.FORMULA_UNKNOWN_NAME,
            f"unknown name {expr.id!r}",
            expr.column,
            did_you_mean(expr.id, candidates),
        )

    def operands(self, expr: BinOp) -> tuple[_Value, _Value] | None:
        what = f"operator {expr.op}"
        left = self.number(expr.left, what)
        right = self.number(expr.right, what)
        if left is None or right is None:
            return None
        return left, right

    def additive(self, expr: BinOp) -> _Value | None:
        pair = self.operands(expr)
        if pair is None:
            return None
        left, right = pair[0].like(pair[1]), pair[1].like(pair[0])
        indices = _union(pair)
        column = expr.op_column
        if not units.same_dimension(left.unit, right.unit):
            self.incompatible(f"operator {expr.op}", left, right, column)
            return None
        if left.absolute and right.absolute:
            if expr.op == "+":
                self.temperature("adding two absolute temperatures", column)
                return None
            return _Value("number", self.kelvin, indices, self.difference(left, right))
        if right.absolute and expr.op == "-":
            self.temperature("subtracting an absolute temperature from a difference", column)
            return None
        if left.absolute or right.absolute:
            base, shift = (left, right) if left.absolute else (right, left)
            # the difference, in degrees of the absolute temperature's scale
            degree_scale, _ = units.converter(base.unit, self.kelvin)
            scale = units.factor(shift.unit, self.kelvin) / degree_scale
            shifted = plan.rescale(shift.step, scale)
            steps = (base.step, shifted) if left.absolute else (shifted, base.step)
            return _Value(
                "number", base.unit, indices, plan.Arithmetic(expr.op, *steps), absolute=True
            )
        scale = units.factor(right.unit, left.unit)
        step = plan.Arithmetic(expr.op, left.step, plan.rescale(right.step, scale))
        return _Value("number", left.unit, indices, step)

    def difference(self, left: _Value, right: _Value) -> plan.Step:
        """``left - right`` of two absolute temperatures, in kelvin."""
        left_scale, left_offset = units.converter(left.unit, self.kelvin)
        if left.unit == right.unit:  # subtract first: no offsets, no rounding
            return plan.rescale(plan.Arithmetic("-", left.step, right.step), left_scale)
        right_scale, right_offset = units.converter(right.unit, self.kelvin)
        return plan.Arithmetic(
            "-",
            plan.rescale(left.step, left_scale, left_offset),
            plan.rescale(right.step, right_scale, right_offset),
        )

    def multiplicative(self, expr: BinOp) -> _Value | None:
        pair = self.operands(expr)
        if pair is None:
            return None
        left, right = pair
        if left.absolute or right.absolute:
            verb = "multiplying" if expr.op == "*" else "dividing"
            self.temperature(f"{verb} an absolute temperature", expr.op_column)
            return None
        unit = left.unit * right.unit if expr.op == "*" else left.unit / right.unit
        step = plan.Arithmetic(expr.op, left.step, right.step)
        return _Value("number", unit, _union(pair), step)

    def power(self, expr: BinOp) -> _Value | None:
        pair = self.operands(expr)
        if pair is None:
            return None
        base, exponent = pair
        indices = _union(pair)
        if base.absolute or exponent.absolute:
            self.temperature("raising an absolute temperature to a power", expr.op_column)
            return None
        if not units.same_dimension(exponent.unit, self.dimensionless):
            self.report(
                codes.UNIT_EXPONENT,
                f"an exponent must be dimensionless, got {self.describe(exponent)}",
                expr.right.column,
            )
            return None
        if units.same_dimension(base.unit, self.dimensionless):
            # percent, ppm ...: convert both to plain numbers first
            step = plan.Arithmetic(
                "**",
                plan.rescale(base.step, units.factor(base.unit, self.dimensionless)),
                plan.rescale(exponent.step, units.factor(exponent.unit, self.dimensionless)),
            )
            return _Value("number", self.dimensionless, indices, step)
        literal = _literal_value(expr.right)
        if literal is None:
            self.report(
                codes.UNIT_EXPONENT,
                f"{self.describe(base)} can only be raised to a literal number",
                expr.right.column,
                "a dimensionless base may have any dimensionless exponent",
            )
            return None
        try:
            unit = base.unit**literal
        except Exception:  # pint refuses some exponents; say so instead of crashing
            self.report(
                codes.UNIT_EXPONENT,
                f"cannot raise {self.describe(base)} to {literal}",
                expr.right.column,
            )
            return None
        return _Value(
            "number", unit, indices, plan.Arithmetic("**", base.step, plan.Const(literal))
        )

    def comparison(self, expr: Compare) -> _Value | None:
        choice = self.choice_comparison(expr)
        if choice is not False:
            return choice
        operands = [self.number(expr.left, "a comparison")] + [
            self.number(c, "a comparison") for c in expr.comparators
        ]
        if any(o is None for o in operands):
            return None
        values = [o for o in operands if o is not None]
        values = [
            v.like(values[n + 1] if n + 1 < len(values) else values[n - 1]) if v.zero else v
            for n, v in enumerate(values)
        ]
        first = values[0]
        steps = [first.step]
        ok = True
        for index, op_column in enumerate(expr.op_columns):
            left, right = values[index], values[index + 1]
            if left.absolute != right.absolute:
                self.temperature("comparing an absolute temperature with something else", op_column)
                ok = False
            elif not units.same_dimension(left.unit, right.unit):
                self.incompatible("a comparison", left, right, op_column)
                ok = False
            else:  # every operand in the unit of the first
                steps.append(plan.rescale(right.step, *units.converter(right.unit, first.unit)))
        if not ok:
            return None
        return _Value(
            "condition",
            self.dimensionless,
            _union(values),
            plan.Comparison(expr.ops, tuple(steps)),
        )

    def choice_comparison(self, expr: Compare) -> _Value | Literal[False] | None:
        """``SITE == "off-grid"``: a choice parameter and one of its options.

        Returns ``False`` when the comparison has no option text (an ordinary one). The
        option becomes the constant of its 1-based position, the value the project's
        choice is loaded as.
        """
        sides = (expr.left, *expr.comparators)
        texts = [side for side in sides if isinstance(side, Text)]
        if not texts:
            return False
        text = texts[0]
        other = sides[1] if sides[0] is text else sides[0]
        info = self.symbols.get(other.id) if isinstance(other, Name) else None
        if len(texts) > 1 or info is None or info.choices is None:
            self.report(
                codes.FORMULA_CHOICE,
                f'"{text.value}" can only be compared with a choice parameter',
                text.column,
                f'declare the parameter with choices: [...] and compare it: NAME == "{text.value}"',
            )
            return None
        assert isinstance(other, Name)
        if text.value not in info.choices:
            self.report(
                codes.FORMULA_CHOICE,
                f'"{text.value}" is not an option of {other.id} ({", ".join(info.choices)})',
                text.column,
                did_you_mean(text.value, info.choices),
            )
            return None
        position = plan.Const(float(info.choices.index(text.value) + 1))
        load = plan.Load(other.id)
        steps = (load, position) if sides[0] is other else (position, load)
        return _Value(
            "condition",
            self.dimensionless,
            frozenset(info.indices),
            plan.Comparison(expr.ops, steps),
        )

    def same_unit_numbers(self, func: str, args: Iterable[Expr]) -> list[_Value] | None:
        """Check arguments that must be numbers of one dimension (min, max, where)."""
        exprs = list(args)
        checked = [self.number(arg, f"{func}()") for arg in exprs]
        if any(value is None for value in checked):
            return None
        values = [value for value in checked if value is not None]
        quantity = next((v for v in values if not v.zero), values[0])
        values = [v.like(quantity) for v in values]
        for expr, value in zip(exprs, values, strict=True):
            if value.absolute:
                self.temperature(f"{func}() of an absolute temperature", expr.column)
                return None
        for expr, value in zip(exprs[1:], values[1:], strict=True):
            if not units.same_dimension(values[0].unit, value.unit):
                self.incompatible(f"{func}()", values[0], value, expr.column)
                return None
        first = values[0]
        return [first] + [
            _Value(
                v.kind,
                first.unit,
                v.indices,
                plan.rescale(v.step, units.factor(v.unit, first.unit)),
            )
            for v in values[1:]
        ]

    def call(self, expr: Call) -> _Value | None:
        match expr.func:
            case "abs":
                value = self.number(expr.args[0], "abs()")
                if value is None:
                    return None
                if value.absolute:
                    self.temperature("abs() of an absolute temperature", expr.args[0].column)
                    return None
                return _Value("number", value.unit, value.indices, plan.Absolute(value.step))
            case "exp":
                return self.exponential(expr)
            case "min" | "max":
                values = self.same_unit_numbers(expr.func, expr.args)
                if values is None:
                    return None
                extremum = plan.Extremum(expr.func, tuple(v.step for v in values))
                return _Value("number", values[0].unit, _union(values), extremum)
            case "where":
                condition = self.condition(expr.args[0], "the first argument of where()")
                values = self.same_unit_numbers("where", expr.args[1:])
                if condition is None or values is None:
                    return None
                then, otherwise = values
                choice = plan.Choose(condition.step, then.step, otherwise.step)
                return _Value("number", then.unit, _union([condition, *values]), choice)
            case "sum":
                return self.total(expr)
            case "lookup":
                return self.lookup(expr)
        raise AssertionError(f"unexpected function {expr.func!r}")  # pragma: no cover

    def exponential(self, expr: Call) -> _Value | None:
        """``exp(x)``: ``x`` must be dimensionless (a percentage becomes a fraction first)."""
        value = self.number(expr.args[0], "exp()")
        if value is None:
            return None
        if value.absolute:
            self.temperature("exp() of an absolute temperature", expr.args[0].column)
            return None
        if not units.same_dimension(value.unit, self.dimensionless):
            self.report(
                codes.UNIT_EXPONENT,
                f"the argument of exp() must be dimensionless, got {self.describe(value)}",
                expr.args[0].column,
                "divide by a quantity of the same dimension, e.g. exp(-k * t / t_unit)",
            )
            return None
        plain = plan.rescale(value.step, units.factor(value.unit, self.dimensionless))
        return _Value("number", self.dimensionless, value.indices, plan.Exponential(plain))

    def total(self, expr: Call) -> _Value | None:
        operand = self.number(expr.args[0], "sum()")
        index = expr.args[1]
        assert isinstance(index, Name)  # the parser guarantees it
        index_ok = index.id in self.index_names
        if not index_ok:
            if index.id in self.symbols:
                message = f"{index.id!r} is a symbol, not an index"
            else:
                message = f"unknown index {index.id!r}"
            hint = did_you_mean(index.id, sorted(self.index_names))
            self.report(codes.FORMULA_INDEX, message, index.column, hint)
        if operand is None or not index_ok:
            return None
        if operand.absolute:
            self.temperature("summing absolute temperatures", expr.args[0].column)
            return None
        if index.id not in operand.indices:
            varies = ", ".join(sorted(operand.indices)) or "nothing"
            self.report(
                codes.FORMULA_INDEX,
                f"sum over {index.id!r} of an expression that does not vary by it "
                f"(it varies by {varies})",
                index.column,
            )
            return None
        return _Value(
            "number",
            operand.unit,
            operand.indices - {index.id},
            plan.Total(operand.step, index.id),
        )

    def lookup(self, expr: Call) -> _Value | None:
        table_name = expr.args[0]
        assert isinstance(table_name, Name)  # the parser guarantees it
        key = self.number(expr.args[1], "the key of lookup()")
        info = self.symbols.get(table_name.id)
        if info is None:
            tables = [name for name, s in self.symbols.items() if s.table is not None]
            self.unknown(table_name, tables)
            return None
        if info.table is None:
            self.report(
                codes.FORMULA_ARGUMENTS,
                f"{table_name.id!r} is not a lookup table",
                table_name.column,
            )
            return None
        value_unit = self.unit(info.unit, table_name.column)
        key_unit = self.unit(info.key_unit or "dimensionless", table_name.column)
        if key is None or value_unit is None or key_unit is None:
            return None
        key_absolute = units.is_offset_temperature(key_unit)
        column = expr.args[1].column
        if key.absolute != key_absolute:
            self.temperature("a lookup key and its table's key unit disagree", column)
            return None
        if not units.same_dimension(key.unit, key_unit):
            self.report(
                codes.UNIT_INCOMPATIBLE,
                f"the key of {table_name.id} must be in {_unit_text(key_unit, None)} "
                f"({units.dimensionality(key_unit)}), got {self.describe(key)}",
                column,
            )
            return None
        key_step = plan.rescale(key.step, *units.converter(key.unit, key_unit))
        return _Value(
            "number",
            value_unit,
            key.indices,
            plan.TableLookup(info.table, key_step, table_name.id),
            units.is_offset_temperature(value_unit),
        )

    def convert_to_declared(self, value: _Value, declared: str) -> tuple[Any, plan.Step | None]:
        """The plan step converting the result into the declared unit."""
        unit = self.unit(declared, 1)
        if unit is None:
            return value.unit, None
        declared_absolute = units.is_offset_temperature(unit)
        if value.zero and not declared_absolute:  # PE_p = 0
            return unit, value.step
        if not units.same_dimension(value.unit, unit):
            self.report(
                codes.UNIT_MISMATCH,
                f"the formula gives {self.describe(value)} but its declared unit is "
                f"{declared} ({units.dimensionality(unit)})",
                1,
            )
            return unit, None
        if value.absolute != declared_absolute:
            what = "an absolute temperature" if value.absolute else "a temperature difference"
            self.report(
                codes.UNIT_TEMPERATURE,
                f"the formula gives {what} in {_unit_text(value.unit, None)} but its "
                f"declared unit is {declared}",
                1,
                "declare differences in K or delta_degC, absolute temperatures in degC",
            )
            return unit, None
        return unit, plan.rescale(value.step, *units.converter(value.unit, unit))


def _literal_value(expr: Expr) -> float | None:
    """The value of a literal number, signed or not (``2``, ``-1``, ``+0.5``)."""
    if isinstance(expr, Num):
        return expr.value
    if isinstance(expr, UnaryOp) and isinstance(expr.operand, Num):
        return -expr.operand.value if expr.op == "-" else expr.operand.value
    return None


_ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": operator.pow,
}


class _NoFiniteValue(Exception):
    """A constant sub-expression without a finite value."""


def _constant(expr: Expr) -> float | None:
    """The value of a sub-expression made of numbers only, else ``None``.

    Computed with Python floats, which raise ``OverflowError`` at once instead of
    working on huge numbers (``9**9**9`` is refused in microseconds).
    """
    match expr:
        case Num(value=value):
            return value
        case UnaryOp(op=op, operand=operand):
            inner = _constant(operand)
            return None if inner is None else (-inner if op == "-" else inner)
        case Call(func="exp", args=(argument,)):
            inner = _constant(argument)
            if inner is None:
                return None
            try:
                return math.exp(inner)
            except OverflowError:
                raise _NoFiniteValue from None
        case BinOp(op=op, left=left, right=right):
            a, b = _constant(left), _constant(right)
            if a is None or b is None:
                return None
            try:
                result = _ARITHMETIC[op](a, b)
            except (OverflowError, ZeroDivisionError):
                raise _NoFiniteValue from None
            if not isinstance(result, float) or not math.isfinite(result):
                raise _NoFiniteValue
            return result
    return None


def _check_constants(expr: Expr, checker: _Checker) -> None:
    """Report the outermost constant parts of ``expr`` that have no finite value."""
    try:
        _constant(expr)
    except _NoFiniteValue:
        inner = [child for child in children(expr) if _fails(child)]
        if inner:
            for child in inner:
                _check_constants(child, checker)
        else:
            checker.report(
                codes.FORMULA_CONSTANT,
                "this part is made of numbers only and has no finite value (an overflow or "
                "a division by zero)",
                getattr(expr, "op_column", expr.column),
            )
        return
    for child in children(expr):
        _check_constants(child, checker)


def _fails(expr: Expr) -> bool:
    try:
        _constant(expr)
    except _NoFiniteValue:
        return True
    return False
