"""The lowered form of an analysed formula: plain arithmetic with no units left.

:func:`jcm_mrv.formula.analyse` turns a formula into these steps, making every unit
conversion an explicit :class:`Rescale`; :func:`jcm_mrv.formula.compile_formula`
turns the steps into a function over numpy arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal, TypeAlias

from jcm_mrv.formula.nodes import ArithmeticOperator, BooleanOperator, ComparisonOperator
from jcm_mrv.formula.symbols import Band


@dataclass(frozen=True, slots=True)
class Load:
    """The values of a symbol, in its declared unit."""

    name: str


@dataclass(frozen=True, slots=True)
class Const:
    """A number."""

    value: float


@dataclass(frozen=True, slots=True)
class Arithmetic:
    """``left op right`` element-wise."""

    op: ArithmeticOperator
    left: Step
    right: Step


@dataclass(frozen=True, slots=True)
class Negate:
    """``-operand``."""

    operand: Step


@dataclass(frozen=True, slots=True)
class Rescale:
    """``operand * scale + offset``: a unit conversion."""

    operand: Step
    scale: float
    offset: float = 0.0


@dataclass(frozen=True, slots=True)
class Comparison:
    """A chain of comparisons, all operands already in one unit."""

    ops: tuple[ComparisonOperator, ...]
    operands: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Logic:
    """``and`` / ``or`` of conditions."""

    op: BooleanOperator
    operands: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class LogicalNot:
    """``not condition``."""

    operand: Step


@dataclass(frozen=True, slots=True)
class Extremum:
    """Element-wise ``min`` or ``max`` (NaN wins: a missing value is never hidden)."""

    func: Literal["min", "max"]
    operands: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Absolute:
    """``abs(operand)``."""

    operand: Step


@dataclass(frozen=True, slots=True)
class Exponential:
    """``exp(operand)`` of a plain number (the analysis has made it dimensionless)."""

    operand: Step


@dataclass(frozen=True, slots=True)
class Choose:
    """``where(condition, then, otherwise)``."""

    condition: Step
    then: Step
    otherwise: Step


@dataclass(frozen=True, slots=True)
class Total:
    """Sum over an index (accurately, like :func:`math.fsum`)."""

    operand: Step
    index: str


@dataclass(frozen=True, slots=True)
class TableLookup:
    """The value of the band each key falls in (NaN outside every band).

    ``table`` names the lookup table the bands come from (``None`` when unknown).
    """

    bands: tuple[Band, ...]
    key: Step
    table: str | None = None


Step: TypeAlias = (
    Load
    | Const
    | Arithmetic
    | Negate
    | Rescale
    | Comparison
    | Logic
    | LogicalNot
    | Extremum
    | Absolute
    | Exponential
    | Choose
    | Total
    | TableLookup
)


def rescale(step: Step, scale: float, offset: float = 0.0) -> Step:
    """``step * scale + offset``, or ``step`` itself when that changes nothing."""
    if scale == 1.0 and offset == 0.0:
        return step
    return Rescale(step, scale, offset)


def sub_steps(step: Step) -> tuple[Step, ...]:
    """The steps a step computes from, in order."""
    found: list[Step] = []
    for spec in fields(step):
        value = getattr(step, spec.name)
        for part in value if isinstance(value, tuple) else (value,):
            if isinstance(part, Step):
                found.append(part)
    return tuple(found)


def loaded_names(step: Step) -> set[str]:
    """Names of the symbols whose values a plan reads."""
    names: set[str] = set()
    stack = [step]
    while stack:
        current = stack.pop()
        if isinstance(current, Load):
            names.add(current.name)
        stack.extend(sub_steps(current))
    return names
