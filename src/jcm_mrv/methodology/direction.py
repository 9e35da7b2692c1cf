"""The conservative direction of each parameter, derived from the equations.

For every parameter of a checked methodology, :func:`directions` says whether
increasing it *raises* the emission reductions (ER), *lowers* them, leaves them
*unchanged*, or whether that *depends* on the values. Correcting data conservatively
(gap filling, calibration corrections; primer section 6) needs it: a value whose
increase raises ER is corrected downward, one whose increase lowers ER upward.

The derivation is a sign analysis of the equations' lowered plans
(:mod:`jcm_mrv.formula.plan`, unit conversions already explicit), with interval
arithmetic for the signs of the other operands:

- every parameter ranges over its declared bounds (none: the whole real line; a
  default's value widens its bounds, because ``--set`` may replace it); every
  equation over the interval its plan gives from those;
- ``+``, ``-``, unary minus and unit conversions combine or flip directions; ``a * b``
  and ``a / b`` are monotone only when the sign of the other operand is known over
  its whole range (a divisor whose range contains 0 makes the quotient "depends");
- ``sum`` keeps the direction of its operand (it is monotone point by point), ``min``
  and ``max`` are non-decreasing in each argument, ``abs`` is monotone where the
  operand's sign is known, ``x ** c`` with a constant ``c`` follows the shape of the
  power over the base's range;
- ``where`` keeps the common direction of its two branches when the condition does
  not involve the parameter, and "depends" when it does (a switch is a jump);
- ``lookup`` is monotone in its key when the table's values rise (or fall) band by
  band, and "depends" for a table the project supplies; raising a table's values
  raises the looked-up value;
- anything else (a function the analysis does not know) "depends".

Directions are weak: "raises" means an increase never lowers ER anywhere in the
declared ranges. The analysis never guesses: where a sign is not certain, the result
is "depends", and :func:`jcm_mrv.engine.direction.local_directions` decides per
monitoring point and period from the actual values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from jcm_mrv.formula import Band, plan
from jcm_mrv.methodology.checks import CheckedMethodology
from jcm_mrv.methodology.model import DefaultParameter

_INF = math.inf


class Direction(StrEnum):
    """How ER responds to an increase of a parameter."""

    RAISES = "raises"
    """An increase never lowers ER (ER is non-decreasing in the parameter)."""
    LOWERS = "lowers"
    """An increase never raises ER (ER is non-increasing in the parameter)."""
    UNCHANGED = "unchanged"
    """ER does not depend on the parameter."""
    DEPENDS = "depends"
    """Either can happen, depending on the values (or it cannot be derived)."""


def flip(direction: Direction) -> Direction:
    """The direction of the negated quantity."""
    if direction is Direction.RAISES:
        return Direction.LOWERS
    if direction is Direction.LOWERS:
        return Direction.RAISES
    return direction


def combine(a: Direction, b: Direction) -> Direction:
    """The direction of a sum (or any function non-decreasing in both)."""
    if a is Direction.UNCHANGED:
        return b
    if b is Direction.UNCHANGED or a is b:
        return a
    return Direction.DEPENDS


def scaled(direction: Direction, sign: int | None) -> Direction:
    """The direction of ``q * c`` for a factor ``c`` of known (weak) sign, or ``None``."""
    if direction is Direction.UNCHANGED or sign == 0:
        return Direction.UNCHANGED
    if sign is None:
        return Direction.DEPENDS
    return direction if sign > 0 else flip(direction)


@dataclass(frozen=True)
class Range:
    """The closed interval a quantity lies in (``-inf``/``inf`` when unbounded)."""

    lo: float = -_INF
    hi: float = _INF

    @property
    def sign(self) -> int | None:
        """+1 when never negative, -1 when never positive, 0 when zero, else ``None``."""
        if self.lo == 0.0 and self.hi == 0.0:
            return 0
        if self.lo >= 0.0:
            return 1
        if self.hi <= 0.0:
            return -1
        return None

    @property
    def point(self) -> float | None:
        """The single value of a constant interval, else ``None``."""
        return self.lo if self.lo == self.hi and math.isfinite(self.lo) else None


ANYTHING = Range()


def _interval(values: Iterable[float]) -> Range:
    listed = [v for v in values if not math.isnan(v)]
    if not listed:
        return ANYTHING
    return Range(min(listed), max(listed))


def _times(a: float, b: float) -> float:
    return 0.0 if a == 0.0 or b == 0.0 else a * b  # 0 * inf is 0 for bounds


def _product(a: Range, b: Range) -> Range:
    return _interval(_times(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi))


def _exp(x: float) -> float:
    """exp(x), +inf where it overflows."""
    try:
        return math.exp(x)
    except OverflowError:
        return _INF


def _reciprocal(r: Range) -> Range | None:
    if r.lo > 0.0 or r.hi < 0.0:
        return Range(1.0 / r.hi, 1.0 / r.lo)
    return None


def _power(base: float, exponent: float) -> float:
    try:
        return float(base**exponent)
    except OverflowError:
        return _INF
    except ZeroDivisionError:
        return _INF


def _power_range(base: Range, exponent: float) -> Range:
    if base.lo >= 0.0:
        ends = (_power(base.lo, exponent), _power(base.hi, exponent))
        return _interval(ends)
    if exponent.is_integer() and exponent > 0 and exponent % 2 == 0:
        return Range(0.0, _INF)
    return ANYTHING


def _power_direction(base: Direction, r: Range, exponent: float) -> Direction:
    """Direction of ``base ** exponent`` for a constant exponent."""
    if exponent == 0.0 or base is Direction.UNCHANGED:
        return Direction.UNCHANGED
    if r.lo >= 0.0:
        return base if exponent > 0 else flip(base)
    if not exponent.is_integer():
        return Direction.DEPENDS  # negative bases give no real value
    odd = exponent % 2 == 1
    if r.hi <= 0.0:
        # on the negative half-line: x**odd>0 and x**(even<0) rise, the others fall
        rising = odd if exponent > 0 else not odd
        return base if rising else flip(base)
    if odd and exponent > 0:
        return base
    return Direction.DEPENDS


def _monotone_values(values: list[float]) -> int | None:
    """+1 when the values never fall, -1 when they never rise, 0 when all equal."""
    rises = any(b > a for a, b in pairwise(values))
    falls = any(b < a for a, b in pairwise(values))
    if not rises and not falls:
        return 0
    if rises and falls:
        return None
    return 1 if rises else -1


class _Ranges:
    """The interval of every parameter and equation of a methodology."""

    def __init__(self, checked: CheckedMethodology) -> None:
        self.checked = checked
        self.of: dict[str, Range] = {}
        for name, param in checked.methodology.parameters.items():
            bounds = param.bounds
            # an expression bound (per point and duration) is not a range known here
            lo = bounds.low if bounds and bounds.low is not None else -_INF
            hi = bounds.high if bounds and bounds.high is not None else _INF
            if isinstance(param, DefaultParameter) and param.value is not None:
                lo, hi = min(lo, param.value), max(hi, param.value)
            self.of[name] = Range(lo, hi)
        for name in checked.order:
            step = checked.analyses[name].plan
            self.of[name] = self.range(step) if step is not None else ANYTHING

    def range(self, step: plan.Step) -> Range:
        match step:
            case plan.Load(name=name):
                return self.of.get(name, ANYTHING)
            case plan.Const(value=value):
                return Range(value, value)
            case plan.Arithmetic(op=op, left=left, right=right):
                return self.arithmetic(op, self.range(left), self.range(right))
            case plan.Negate(operand=operand):
                r = self.range(operand)
                return Range(-r.hi, -r.lo)
            case plan.Rescale(operand=operand, scale=scale, offset=offset):
                r = _product(self.range(operand), Range(scale, scale))
                return Range(r.lo + offset, r.hi + offset)
            case plan.Exponential(operand=operand):
                r = self.range(operand)  # exp is increasing: the ends map to the ends
                return Range(_exp(r.lo), _exp(r.hi))
            case plan.Absolute(operand=operand):
                r = self.range(operand)
                if r.lo >= 0.0:
                    return r
                if r.hi <= 0.0:
                    return Range(-r.hi, -r.lo)
                return Range(0.0, max(-r.lo, r.hi))
            case plan.Extremum(func=func, operands=operands):
                ranges = [self.range(o) for o in operands]
                pick = min if func == "min" else max
                return Range(pick(r.lo for r in ranges), pick(r.hi for r in ranges))
            case plan.Choose(then=then, otherwise=otherwise):
                a, b = self.range(then), self.range(otherwise)
                return Range(min(a.lo, b.lo), max(a.hi, b.hi))
            case plan.Total(operand=operand):
                r = self.range(operand)  # a sum of one or more values in r
                return Range(r.lo if r.lo >= 0.0 else -_INF, r.hi if r.hi <= 0.0 else _INF)
            case plan.TableLookup(bands=bands, table=table):
                if bands:
                    return _interval(band.value for band in bands)
                return self.of.get(table, ANYTHING) if table else ANYTHING
        return ANYTHING

    def arithmetic(self, op: str, a: Range, b: Range) -> Range:
        if op == "+":
            return _interval((a.lo + b.lo, a.hi + b.hi))
        if op == "-":
            return _interval((a.lo - b.hi, a.hi - b.lo))
        if op == "*":
            return _product(a, b)
        if op == "/":
            inverse = _reciprocal(b)
            return ANYTHING if inverse is None else _product(a, inverse)
        if op == "**" and b.point is not None:
            return _power_range(a, b.point)
        return ANYTHING


class _Analysis:
    """The direction of every equation with respect to one parameter."""

    def __init__(self, ranges: _Ranges, parameter: str) -> None:
        self.ranges = ranges
        self.parameter = parameter
        self.of: dict[str, Direction] = {}

    def equation(self, name: str) -> Direction:
        step = self.ranges.checked.analyses[name].plan
        if step is None:
            return Direction.DEPENDS
        result = self.direction(step)
        self.of[name] = result
        return result

    def direction(self, step: plan.Step) -> Direction:
        rng = self.ranges.range
        match step:
            case plan.Load(name=name):
                if name == self.parameter:
                    return Direction.RAISES
                if name in self.ranges.checked.methodology.equations:
                    return self.of.get(name, Direction.DEPENDS)  # not analysed: unknown
                return Direction.UNCHANGED
            case plan.Const():
                return Direction.UNCHANGED
            case plan.Arithmetic(op=op, left=left, right=right):
                return self.arithmetic(op, left, right)
            case plan.Negate(operand=operand):
                return flip(self.direction(operand))
            case plan.Rescale(operand=operand, scale=scale):
                return scaled(self.direction(operand), _sign_of(scale))
            case plan.Absolute(operand=operand):
                return scaled(self.direction(operand), rng(operand).sign)
            case plan.Exponential(operand=operand):
                return self.direction(operand)  # exp is increasing
            case plan.Extremum(operands=operands) | plan.Logic(operands=operands):
                return self.all_of(operands, combine)
            case plan.Comparison(operands=operands):
                return self.all_of(operands, _involves)
            case plan.LogicalNot(operand=operand):
                return self.direction(operand)
            case plan.Choose(condition=condition, then=then, otherwise=otherwise):
                if self.direction(condition) is not Direction.UNCHANGED:
                    return Direction.DEPENDS  # the parameter can switch the branch
                return combine(self.direction(then), self.direction(otherwise))
            case plan.Total(operand=operand):
                return self.direction(operand)
            case plan.TableLookup(bands=bands, key=key, table=table):
                own = Direction.RAISES if table == self.parameter else Direction.UNCHANGED
                return combine(own, self.lookup_key(bands, key))
        # a step this analysis does not know (a new function): certain only when the
        # parameter is not involved at all
        return self.all_of(plan.sub_steps(step), _involves)

    def all_of(
        self, steps: Iterable[plan.Step], join: Callable[[Direction, Direction], Direction]
    ) -> Direction:
        result = Direction.UNCHANGED
        for step in steps:
            result = join(result, self.direction(step))
        return result

    def arithmetic(self, op: str, left: plan.Step, right: plan.Step) -> Direction:
        a, b = self.direction(left), self.direction(right)
        ra, rb = self.ranges.range(left), self.ranges.range(right)
        if op == "+":
            return combine(a, b)
        if op == "-":
            return combine(a, flip(b))
        if op == "*":  # a2*b2 - a1*b1 = (a2 - a1)*b2 + a1*(b2 - b1)
            return combine(scaled(a, rb.sign), scaled(b, ra.sign))
        if op == "/":  # a / b = a * (1/b); 1/b falls where b rises, if b keeps its sign
            inverse = _reciprocal(rb)
            if inverse is None:
                return _involves(a, b)
            return combine(scaled(a, inverse.sign), scaled(flip(b), ra.sign))
        exponent = rb.point
        if op == "**" and b is Direction.UNCHANGED and exponent is not None:
            return _power_direction(a, ra, exponent)
        return _involves(a, b)

    def lookup_key(self, bands: tuple[Band, ...], key: plan.Step) -> Direction:
        k = self.direction(key)
        if k is Direction.UNCHANGED:
            return k
        if not bands:
            return Direction.DEPENDS  # the project supplies the table
        return scaled(k, _monotone_values([band.value for band in bands]))


def _sign_of(value: float) -> int:
    return (value > 0) - (value < 0)


def _involves(a: Direction, b: Direction) -> Direction:
    """UNCHANGED when neither depends on the parameter, else DEPENDS."""
    both = (a, b)
    return Direction.UNCHANGED if all(d is Direction.UNCHANGED for d in both) else Direction.DEPENDS


def directions(checked: CheckedMethodology) -> dict[str, Direction]:
    """The direction of ER for every parameter of a checked methodology, in file order.

    The methodology must be free of errors (every equation analysed). A table
    parameter's direction is that of raising all its values.
    """
    ranges = _Ranges(checked)
    output = checked.methodology.outputs.emission_reductions
    result: dict[str, Direction] = {}
    for name in checked.methodology.parameters:
        analysis = _Analysis(ranges, name)
        for equation in checked.order:
            analysis.equation(equation)
        result[name] = analysis.of.get(output, Direction.DEPENDS)
    return result


def equation_directions(checked: CheckedMethodology, parameter: str) -> Mapping[str, Direction]:
    """The direction of every equation (not only ER) with respect to one parameter."""
    analysis = _Analysis(_Ranges(checked), parameter)
    for equation in checked.order:
        analysis.equation(equation)
    return dict(analysis.of)
