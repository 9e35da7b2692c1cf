"""The formula syntax tree: small frozen dataclasses, independent of Python's ``ast``.

Every node keeps the 1-based character column where it starts in the formula text.
Columns take no part in equality, so two trees are equal when they have the same
structure and values (``parse(render(e)) == e``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

ArithmeticOperator: TypeAlias = Literal["+", "-", "*", "/", "**"]
UnaryOperator: TypeAlias = Literal["-", "+"]
ComparisonOperator: TypeAlias = Literal["<", "<=", ">", ">=", "==", "!="]
BooleanOperator: TypeAlias = Literal["and", "or"]
FunctionName: TypeAlias = Literal["sum", "min", "max", "abs", "exp", "where", "lookup"]

FUNCTIONS: tuple[FunctionName, ...] = ("sum", "min", "max", "abs", "exp", "where", "lookup")


@dataclass(frozen=True, slots=True)
class Num:
    """A numeric literal (always a finite float)."""

    value: float
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Text:
    """A quoted option of a choice parameter, only as in ``SITE == "off-grid"``."""

    value: str
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Name:
    """A name: a parameter or equation, a lookup table, or (in ``sum``) an index."""

    id: str
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class BinOp:
    """An arithmetic operation; ``op_column`` is where the operator itself stands."""

    op: ArithmeticOperator
    left: Expr
    right: Expr
    column: int = field(default=0, compare=False)
    op_column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class UnaryOp:
    """Unary minus or plus."""

    op: UnaryOperator
    operand: Expr
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Compare:
    """A comparison, possibly chained: ``0 < x <= 1`` has two operators."""

    left: Expr
    ops: tuple[ComparisonOperator, ...]
    comparators: tuple[Expr, ...]
    column: int = field(default=0, compare=False)
    op_columns: tuple[int, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class BoolOp:
    """``a and b and c`` or ``a or b``: two or more conditions."""

    op: BooleanOperator
    values: tuple[Expr, ...]
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Not:
    """``not condition``."""

    operand: Expr
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Call:
    """A call of one of the allowed functions (see :data:`FUNCTIONS`)."""

    func: FunctionName
    args: tuple[Expr, ...]
    column: int = field(default=0, compare=False)


Expr: TypeAlias = Num | Text | Name | BinOp | UnaryOp | Compare | BoolOp | Not | Call


def children(expr: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of a node, in text order."""
    match expr:
        case BinOp(left=left, right=right):
            return (left, right)
        case UnaryOp(operand=operand) | Not(operand=operand):
            return (operand,)
        case Compare(left=left, comparators=comparators):
            return (left, *comparators)
        case BoolOp(values=values):
            return values
        case Call(args=args):
            return args
        case _:
            return ()


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of the tree, parents before children, in text order."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children(node)))


def referenced_names(expr: Expr) -> list[tuple[str, int]]:
    """Symbol names the formula reads, with their columns, in text order.

    The index of ``sum(expr, i)`` is not a symbol and is left out; the table of
    ``lookup(TABLE, key)`` is included.
    """
    index_nodes = {
        id(node.args[1])
        for node in walk(expr)
        if isinstance(node, Call) and node.func == "sum" and len(node.args) == 2
    }
    return [
        (node.id, node.column)
        for node in walk(expr)
        if isinstance(node, Name) and id(node) not in index_nodes
    ]
