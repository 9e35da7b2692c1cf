"""Render a formula tree back to normalised one-line text with minimal parentheses.

The text parses back to the same tree: ``parse(render(e)) == e``.
"""

from __future__ import annotations

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
)

# Binding strength, as in Python's grammar (higher binds tighter).
_OR, _AND, _NOT, _COMPARE, _ADD, _MUL, _UNARY, _POWER, _ATOM = range(9)
_BINARY = {"+": _ADD, "-": _ADD, "*": _MUL, "/": _MUL, "**": _POWER}


def render(expr: Expr) -> str:
    """Normalised text of a formula: ``sum(EG_i_p * EF_RE, i)``."""
    match expr:
        case Num(value=value):
            return _number(value)
        case Name(id=name):
            return name
        case Text(value=value):
            return f'"{value}"'
        case BinOp(op="**", left=left, right=right):
            # right-associative; the exponent may be a unary minus: 2 ** -x
            return f"{_wrap(left, _POWER + 1)} ** {_wrap(right, _UNARY)}"
        case BinOp(op=op, left=left, right=right):
            strength = _BINARY[op]
            return f"{_wrap(left, strength)} {op} {_wrap(right, strength + 1)}"
        case UnaryOp(op=op, operand=operand):
            return f"{op}{_wrap(operand, _UNARY)}"
        case Compare(left=left, ops=ops, comparators=comparators):
            parts = [_wrap(left, _COMPARE + 1)]
            for comparison, comparator in zip(ops, comparators, strict=True):
                parts += [comparison, _wrap(comparator, _COMPARE + 1)]
            return " ".join(parts)
        case BoolOp(op=op, values=values):
            strength = _AND if op == "and" else _OR
            return f" {op} ".join(_wrap(value, strength + 1) for value in values)
        case Not(operand=operand):
            return f"not {_wrap(operand, _NOT)}"
        case Call(func=func, args=args):
            return f"{func}({', '.join(render(arg) for arg in args)})"


def _strength(expr: Expr) -> int:
    match expr:
        case BinOp(op=op):
            return _BINARY[op]
        case UnaryOp():
            return _UNARY
        case Compare():
            return _COMPARE
        case BoolOp(op=op):
            return _AND if op == "and" else _OR
        case Not():
            return _NOT
        case _:
            return _ATOM


def _wrap(expr: Expr, minimum: int) -> str:
    """Render ``expr``, in parentheses if it binds less tightly than ``minimum``."""
    text = render(expr)
    return text if _strength(expr) >= minimum else f"({text})"


def _number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)
