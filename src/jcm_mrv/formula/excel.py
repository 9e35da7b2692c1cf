"""Formulas as Excel formulas: the analysed plan of an equation written over cells.

:func:`excel_formula` translates the lowered form of a formula (:mod:`.plan`, where the
analysis has already made every unit conversion an explicit factor) into the text of an
Excel formula. Each node of the formula language has its Excel counterpart:

=====================  ====================================================
formula                Excel
=====================  ====================================================
``a + b``, ``a ** b``  ``(a+b)``, ``(a^b)`` (every operation parenthesised,
                       so Excel's precedence, where ``-2^2`` is 4, never
                       applies)
``-a``                 ``(-a)``
unit conversion        ``(a*0.001)``, ``(a*1+273.15)``
``a < b <= c``         ``AND((a<b),(b<=c))``; ``==`` is ``=``, ``!=`` ``<>``
``and`` / ``or``       ``AND(…)`` / ``OR(…)``; ``not`` is ``NOT(…)``
``min`` / ``max``      ``MIN(…)`` / ``MAX(…)``; ``abs`` is ``ABS(…)``;
                       ``exp`` is ``EXP(…)``
``where(c, a, b)``     ``IF(c,a,b)``
``lookup(T, k)``       nested ``IF(AND(k>=lower,k<upper),value,…,NA())``
``sum(x, i)``          whatever the caller's :meth:`Cells.total` gives
                       (the writer lays ``x`` out in cells and sums them)
a symbol               whatever the caller's :meth:`Cells.load` gives
=====================  ====================================================

A key outside every band of a lookup table gives ``#N/A``, as jcm-mrv gives NaN.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from jcm_mrv.formula import plan
from jcm_mrv.formula.symbols import Band

_COMPARISON = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "=", "!=": "<>"}


class Cells(Protocol):
    """Where the symbols' values stand, for the cell being written."""

    def load(self, name: str) -> str:
        """A reference to the value of ``name`` for this cell (``'MRS(input)'!E8``)."""

    def total(self, operand: plan.Step, index: str) -> str:
        """An Excel expression for the sum of ``operand`` over ``index`` (``SUM(C9:E9)``)."""


def number(value: float) -> str:
    """A number as an Excel literal (``0.001``, ``1E-06``, ``(-3.5)``)."""
    text = repr(float(value)).upper().replace("E+", "E")
    if text.endswith(".0"):
        text = text[:-2]
    return f"({text})" if value < 0 else text


def excel_formula(
    step: plan.Step, cells: Cells, tables: Mapping[str, tuple[Band, ...]] | None = None
) -> str:
    """The Excel expression (without the leading ``=``) that computes ``step``.

    ``tables`` gives the bands of lookup tables that the project supplies (they replace
    the bands the plan carries for a table of that name).
    """

    def sub(part: plan.Step) -> str:
        return excel_formula(part, cells, tables)

    match step:
        case plan.Load(name=name):
            return cells.load(name)
        case plan.Const(value=value):
            return number(value)
        case plan.Arithmetic(op=op, left=left, right=right):
            symbol = "^" if op == "**" else op
            return f"({sub(left)}{symbol}{sub(right)})"
        case plan.Negate(operand=operand):
            return f"(-{sub(operand)})"
        case plan.Rescale(operand=operand, scale=scale, offset=offset):
            text = f"{sub(operand)}*{number(scale)}"
            if offset:
                text += f"+{number(offset)}"
            return f"({text})"
        case plan.Comparison(ops=ops, operands=operands):
            texts = [sub(o) for o in operands]
            parts = [f"({texts[k]}{_COMPARISON[op]}{texts[k + 1]})" for k, op in enumerate(ops)]
            return parts[0] if len(parts) == 1 else f"AND({','.join(parts)})"
        case plan.Logic(op=op, operands=operands):
            return f"{op.upper()}({','.join(sub(o) for o in operands)})"
        case plan.LogicalNot(operand=operand):
            return f"NOT({sub(operand)})"
        case plan.Extremum(func=func, operands=operands):
            return f"{func.upper()}({','.join(sub(o) for o in operands)})"
        case plan.Absolute(operand=operand):
            return f"ABS({sub(operand)})"
        case plan.Exponential(operand=operand):
            return f"EXP({sub(operand)})"
        case plan.Choose(condition=condition, then=then, otherwise=otherwise):
            return f"IF({sub(condition)},{sub(then)},{sub(otherwise)})"
        case plan.Total(operand=operand, index=index):
            return cells.total(operand, index)
        case plan.TableLookup(bands=bands, key=key, table=table):
            if tables and table is not None and table in tables:
                bands = tables[table]
            return _lookup(bands, sub(key))
    raise AssertionError(f"unexpected step {step!r}")  # pragma: no cover


def _lookup(bands: tuple[Band, ...], key: str) -> str:
    text = "NA()"
    for band in reversed(bands):
        tests = []
        if band.lower is not None:
            tests.append(f"{key}>={number(band.lower)}")
        if band.upper is not None:
            tests.append(f"{key}<{number(band.upper)}")
        if not tests:
            return number(band.value)
        condition = tests[0] if len(tests) == 1 else f"AND({','.join(tests)})"
        text = f"IF({condition},{number(band.value)},{text})"
    return text
