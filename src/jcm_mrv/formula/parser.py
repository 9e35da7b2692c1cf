"""Parse formula text into the formula tree, against an allow-list of Python syntax.

The text is read with :func:`ast.parse` (``mode="eval"``), which only builds a syntax
tree and runs nothing; the tree is then converted node by node into
:mod:`jcm_mrv.formula.nodes`, refusing everything not explicitly allowed. Nothing is
ever evaluated, executed or compiled.
"""

from __future__ import annotations

import ast
import math
import re
import warnings
from typing import NoReturn

from jcm_mrv.findings import codes
from jcm_mrv.formula.errors import FormulaError
from jcm_mrv.formula.nodes import (
    FUNCTIONS,
    ArithmeticOperator,
    BinOp,
    BoolOp,
    Call,
    Compare,
    ComparisonOperator,
    Expr,
    FunctionName,
    Name,
    Not,
    Num,
    Text,
    UnaryOp,
)

OPTION = re.compile(r"[a-z][a-z0-9-]{0,31}")
"""An option of a choice parameter: ``grid``, ``off-grid``, ``captive-diesel``."""

MAX_LENGTH = 2000
"""Longest formula text accepted, in characters."""

MAX_DEPTH = 50
"""Deepest nesting accepted (each operator, call or parenthesised level counts one)."""

_ARITHMETIC: dict[type[ast.operator], ArithmeticOperator] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}
_COMPARISON: dict[type[ast.cmpop], ComparisonOperator] = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}
_REFUSED_OPERATORS: dict[type[ast.AST], str] = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.BitAnd: "&",
    ast.Invert: "~",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
}
_REFUSED_NODES: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access (x.y)",
    ast.Subscript: "subscripts (x[...])",
    ast.Slice: "slices",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.JoinedStr: "f-strings",
    ast.FormattedValue: "f-strings",
    ast.NamedExpr: "assignment (:=)",
    ast.Tuple: "tuples",
    ast.List: "lists",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.IfExp: "conditional expressions (a if c else b)",
    ast.Starred: "star arguments",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}
_HINTS: dict[str, str] = {
    "conditional expressions (a if c else b)": "write where(c, a, b)",
    "//": "write floor division as a plain '/'; rounding is declared separately",
    "strings": 'text is only allowed as an option of a choice parameter: SITE == "off-grid"',
}
_ALLOWED = "numbers, names, + - * / **, comparisons, and/or/not and " + ", ".join(
    f"{name}()" for name in FUNCTIONS
)
# Blanks that may separate tokens; all become plain spaces so the text is one line and
# character columns stay where they were.
_BLANKS = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\f": " ", "\v": " "})


def parse(text: str) -> Expr:
    """Parse one formula; raise :class:`FormulaError` (with a column) if it is refused.

    >>> parse("sum(EG_i_p * EF_RE, i)")  # doctest: +ELLIPSIS
    Call(func='sum', args=(BinOp(op='*', ...), Name(id='i', ...)), ...)
    """
    return _Converter(text).convert_text()


class _Converter:
    """Converts one formula text; knows how to turn ``ast`` byte offsets into columns."""

    def __init__(self, text: str) -> None:
        self.text = text
        flat = text.translate(_BLANKS)
        self.source = flat.lstrip(" ")
        self.lead = len(flat) - len(self.source)
        # byte offset in the UTF-8 source -> character index
        self.char_at: dict[int, int] = {}
        offset = 0
        for index, char in enumerate(self.source):
            self.char_at[offset] = index
            offset += len(char.encode("utf-8", "surrogatepass"))
        self.char_at[offset] = len(self.source)

    def fail(
        self, code: codes.Code, message: str, column: int, hint: str | None = None
    ) -> NoReturn:
        raise FormulaError(code, message, column, hint)

    def column(self, byte_offset: int) -> int:
        """1-based character column in the original text of a byte offset in the source."""
        return self.lead + self.char_at.get(byte_offset, 0) + 1

    def node_column(self, node: ast.AST) -> int:
        return self.column(getattr(node, "col_offset", 0))

    def convert_text(self) -> Expr:
        if len(self.text) > MAX_LENGTH:
            self.fail(
                codes.FORMULA_SYNTAX,
                f"formula is {len(self.text):,} characters long; at most {MAX_LENGTH:,} "
                "are allowed",
                1,
            )
        if not self.source.strip():
            self.fail(codes.FORMULA_SYNTAX, "empty formula", 1)
        if "#" in self.source:
            self.fail(
                codes.FORMULA_SYNTAX,
                "comments (#) are not allowed in formulas",
                self.lead + self.source.index("#") + 1,
            )
        tree = self.parse_python()
        return self.convert(tree.body, 1)

    def parse_python(self) -> ast.Expression:
        try:
            with warnings.catch_warnings():
                # e.g. "'int' object is not callable" SyntaxWarnings: never print them
                warnings.simplefilter("ignore")
                return ast.parse(self.source, mode="eval")
        except SyntaxError as exc:
            message = exc.msg or "invalid syntax"
            offset = exc.offset if exc.lineno == 1 and exc.offset else 1
            column = min(max(self.lead + offset, 1), len(self.text) + 1)
        except (RecursionError, MemoryError):
            message, column = "formula is nested too deeply", 1
        except ValueError as exc:  # e.g. NUL characters
            message, column = str(exc), 1
        self.fail(codes.FORMULA_SYNTAX, message, column)

    def refuse(self, what: str, column: int) -> NoReturn:
        self.fail(
            codes.FORMULA_DISALLOWED,
            f"{what} not allowed in formulas",
            column,
            _HINTS.get(what, f"formulas may contain {_ALLOWED}"),
        )

    def convert(self, node: ast.expr, depth: int) -> Expr:
        column = self.node_column(node)
        if depth > MAX_DEPTH:
            self.fail(
                codes.FORMULA_SYNTAX,
                f"formula is nested more than {MAX_DEPTH} levels deep",
                column,
                "split it into several equations",
            )
        deeper = depth + 1
        match node:
            case ast.Constant(value=value):
                return self.number(value, column)
            case ast.Name(id=name):
                return self.name(name, column)
            case ast.BinOp(left=left, op=op, right=right):
                op_column = self.between(left, right)
                symbol = _ARITHMETIC.get(type(op))
                if symbol is None:
                    self.refuse(f"operator {_REFUSED_OPERATORS[type(op)]}", op_column)
                return BinOp(
                    symbol,
                    self.convert(left, deeper),
                    self.convert(right, deeper),
                    column,
                    op_column,
                )
            case ast.UnaryOp(op=ast.Not(), operand=operand):
                return Not(self.convert(operand, deeper), column)
            case ast.UnaryOp(op=ast.USub() | ast.UAdd() as op, operand=operand):
                return UnaryOp(
                    "-" if isinstance(op, ast.USub) else "+", self.convert(operand, deeper), column
                )
            case ast.UnaryOp(op=op):
                self.refuse(f"operator {_REFUSED_OPERATORS[type(op)]}", column)
            case ast.BoolOp(op=op, values=values):
                return BoolOp(
                    "and" if isinstance(op, ast.And) else "or",
                    tuple(self.convert(value, deeper) for value in values),
                    column,
                )
            case ast.Compare(left=left, ops=ops, comparators=comparators):
                return self.comparison(left, ops, comparators, column, deeper)
            case ast.Call():
                return self.call(node, column, deeper)
            case _:
                self.refuse(_REFUSED_NODES.get(type(node), type(node).__name__), column)

    def number(self, value: object, column: int) -> Num:
        if isinstance(value, bool) or value is None or value is Ellipsis:
            self.refuse(f"the constant {value!r}", column)
        if isinstance(value, str | bytes):
            self.refuse("strings" if isinstance(value, str) else "bytes", column)
        if not isinstance(value, int | float):
            self.refuse(f"{type(value).__name__} numbers", column)
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.fail(
                codes.FORMULA_SYNTAX,
                "number is too large (the largest is about 1.8e308)",
                column,
            )
        return Num(number, column)

    def name(self, name: str, column: int) -> Name:
        start = column - 1
        if self.text[start : start + len(name)] != name:
            # Python folds some Unicode letters (NFKC): 'ｘ' would silently become 'x'.
            self.fail(
                codes.FORMULA_SYNTAX,
                f"name is not written in normalised form (Python reads it as {name!r})",
                column,
                "write names with ASCII letters, digits and underscores",
            )
        return Name(name, column)

    def between(self, left: ast.expr, right: ast.expr) -> int:
        """Column of the operator that stands between two operands."""
        start = getattr(left, "end_col_offset", None)
        if start is None:  # pragma: no cover - ast always sets it for expressions
            return self.node_column(left)
        end = right.col_offset
        segment = self.source.encode("utf-8", "surrogatepass")[start:end]
        text = segment.decode("utf-8", "replace")
        skipped = len(text) - len(text.lstrip(" ()"))
        return self.column(start) + skipped

    def comparison(
        self,
        left: ast.expr,
        ops: list[ast.cmpop],
        comparators: list[ast.expr],
        column: int,
        deeper: int,
    ) -> Compare:
        operands = [left, *comparators]
        symbols: list[ComparisonOperator] = []
        op_columns: list[int] = []
        for index, op in enumerate(ops):
            op_column = self.between(operands[index], operands[index + 1])
            symbol = _COMPARISON.get(type(op))
            if symbol is None:
                self.refuse(f"operator {_REFUSED_OPERATORS[type(op)]}", op_column)
            symbols.append(symbol)
            op_columns.append(op_column)
        converted = [
            self.operand(o, deeper, len(symbols) == 1 and symbols[0] in ("==", "!="))
            for o in operands
        ]
        return Compare(
            converted[0],
            tuple(symbols),
            tuple(converted[1:]),
            column,
            tuple(op_columns),
        )

    def operand(self, node: ast.expr, deeper: int, equality: bool) -> Expr:
        """An operand of a comparison: an option text is allowed in ``NAME == "option"``."""
        if equality and isinstance(node, ast.Constant) and isinstance(node.value, str):
            column = self.node_column(node)
            if not OPTION.fullmatch(node.value):
                self.fail(
                    codes.FORMULA_DISALLOWED,
                    f"{node.value!r} is not an option name",
                    column,
                    'options are lower-case letters, digits and hyphens, e.g. "off-grid"',
                )
            return Text(node.value, column)
        return self.convert(node, deeper)

    def call(self, node: ast.Call, column: int, deeper: int) -> Call:
        func = node.func
        if not isinstance(func, ast.Name):
            self.refuse("calls of anything but " + ", ".join(FUNCTIONS), column)
        if func.id not in FUNCTIONS:
            self.refuse(f"calling {func.id!r}", column)
        name: FunctionName = func.id
        for keyword in node.keywords:
            what = "keyword arguments" if keyword.arg else "star arguments"
            self.refuse(what, self.node_column(keyword))
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                self.refuse("star arguments", self.node_column(arg))
        args = tuple(self.convert(arg, deeper) for arg in node.args)
        self.check_arguments(name, args, column)
        return Call(name, args, column)

    def check_arguments(self, name: FunctionName, args: tuple[Expr, ...], column: int) -> None:
        usage = {
            "sum": "sum(expression, index)",
            "lookup": "lookup(TABLE, key)",
            "where": "where(condition, value_if_true, value_if_false)",
            "abs": "abs(x)",
            "exp": "exp(x)",
            "min": "min(a, b, ...)",
            "max": "max(a, b, ...)",
        }[name]
        wanted = {"sum": 2, "lookup": 2, "where": 3, "abs": 1, "exp": 1}.get(name)
        if (wanted is not None and len(args) != wanted) or (wanted is None and len(args) < 2):
            count = "at least 2" if wanted is None else str(wanted)
            self.fail(
                codes.FORMULA_ARGUMENTS,
                f"{name}() takes {count} arguments, got {len(args)}",
                column,
                f"write {usage}",
            )
        if name == "sum" and not isinstance(args[1], Name):
            self.fail(
                codes.FORMULA_ARGUMENTS,
                "the second argument of sum() must be the name of an index",
                args[1].column,
                f"write {usage}",
            )
        if name == "lookup" and not isinstance(args[0], Name):
            self.fail(
                codes.FORMULA_ARGUMENTS,
                "the first argument of lookup() must be the name of a lookup table",
                args[0].column,
                f"write {usage}",
            )
