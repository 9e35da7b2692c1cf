"""Parsing: the allow-list, columns, limits."""

from __future__ import annotations

import time

import pytest

from jcm_mrv.findings import codes
from jcm_mrv.formula import FormulaError, parse, referenced_names
from jcm_mrv.formula.nodes import BinOp, BoolOp, Call, Compare, Name, Not, Num, UnaryOp


def refused(text: str) -> FormulaError:
    with pytest.raises(FormulaError) as caught:
        parse(text)
    return caught.value


def test_parses_a_sum_into_the_formula_tree_with_columns() -> None:
    expr = parse("sum(EG_i_p * EF_RE, i)")
    assert expr == Call("sum", (BinOp("*", Name("EG_i_p"), Name("EF_RE")), Name("i")))
    assert isinstance(expr, Call)
    product = expr.args[0]
    assert isinstance(product, BinOp)
    assert (product.column, product.op_column, product.right.column) == (5, 12, 14)
    assert expr.args[1].column == 21


def test_integers_become_floats() -> None:
    expr = parse("2")
    assert isinstance(expr, Num)
    assert type(expr.value) is float and expr.value == 2.0


def test_chained_comparison_boolean_operators_and_not() -> None:
    expr = parse("0 < x <= 1 and not y > 2 or z == 3")
    assert expr == BoolOp(
        "or",
        (
            BoolOp(
                "and",
                (
                    Compare(Num(0.0), ("<", "<="), (Name("x"), Num(1.0))),
                    Not(Compare(Name("y"), (">",), (Num(2.0),))),
                ),
            ),
            Compare(Name("z"), ("==",), (Num(3.0),)),
        ),
    )


def test_unary_minus_and_power_bind_as_in_python() -> None:
    assert parse("-x ** 2") == UnaryOp("-", BinOp("**", Name("x"), Num(2.0)))
    assert parse("2 ** -x") == BinOp("**", Num(2.0), UnaryOp("-", Name("x")))


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("η + x // 2", 7),  # after a two-byte character
        ("ηηη * (a // 2)", 10),
        ("x // 2", 3),
    ],
)
def test_operator_columns_are_character_columns(text: str, column: int) -> None:
    error = refused(text)
    assert error.code is codes.FORMULA_DISALLOWED
    assert error.column == column


def test_name_columns_after_non_ascii_text() -> None:
    assert referenced_names(parse("ηη_PJ + EF_RE")) == [("ηη_PJ", 1), ("EF_RE", 9)]


def test_newlines_and_leading_blanks_keep_character_columns() -> None:
    expr = parse("  a\n  + b")
    assert isinstance(expr, BinOp)
    assert (expr.left.column, expr.op_column, expr.right.column) == (3, 7, 9)


@pytest.mark.parametrize(
    ("text", "code", "column"),
    [
        ("__import__('os')", codes.FORMULA_DISALLOWED, 1),
        ("().__class__", codes.FORMULA_DISALLOWED, 1),
        ("x.real", codes.FORMULA_DISALLOWED, 1),
        ("1 + x[0]", codes.FORMULA_DISALLOWED, 5),
        ("lambda: 1", codes.FORMULA_DISALLOWED, 1),
        ("[a for a in b]", codes.FORMULA_DISALLOWED, 1),
        ("sum(a for a in b)", codes.FORMULA_DISALLOWED, 4),
        ("'s'", codes.FORMULA_DISALLOWED, 1),
        ("x + b's'", codes.FORMULA_DISALLOWED, 5),
        ("True", codes.FORMULA_DISALLOWED, 1),
        ("x * None", codes.FORMULA_DISALLOWED, 5),
        ("f(x)", codes.FORMULA_DISALLOWED, 1),
        ("open('/etc/passwd')", codes.FORMULA_DISALLOWED, 1),
        ("a if b else c", codes.FORMULA_DISALLOWED, 1),
        ("x // 2", codes.FORMULA_DISALLOWED, 3),
        ("x % 2", codes.FORMULA_DISALLOWED, 3),
        ("x @ y", codes.FORMULA_DISALLOWED, 3),
        ("x ^ y", codes.FORMULA_DISALLOWED, 3),
        ("x | y", codes.FORMULA_DISALLOWED, 3),
        ("x << 1", codes.FORMULA_DISALLOWED, 3),
        ("~x", codes.FORMULA_DISALLOWED, 1),
        ("x is y", codes.FORMULA_DISALLOWED, 3),
        ("x in y", codes.FORMULA_DISALLOWED, 3),
        ("max(a, b=1)", codes.FORMULA_DISALLOWED, 8),
        ("max(*a)", codes.FORMULA_DISALLOWED, 5),
        ("max(**a)", codes.FORMULA_DISALLOWED, 5),
        ("f'{x}'", codes.FORMULA_DISALLOWED, 1),
        ("(y := 2)", codes.FORMULA_DISALLOWED, 2),
        ("(a, b)", codes.FORMULA_DISALLOWED, 1),
        ("[a]", codes.FORMULA_DISALLOWED, 1),
        ("{a: b}", codes.FORMULA_DISALLOWED, 1),
        ("{a}", codes.FORMULA_DISALLOWED, 1),
        ("1j", codes.FORMULA_DISALLOWED, 1),
        ("...", codes.FORMULA_DISALLOWED, 1),
        ("x.y(z)", codes.FORMULA_DISALLOWED, 1),
        ("sum(x, i, j)", codes.FORMULA_ARGUMENTS, 1),
        ("sum(x, 2)", codes.FORMULA_ARGUMENTS, 8),
        ("lookup(2 * T, x)", codes.FORMULA_ARGUMENTS, 8),
        ("where(c, a)", codes.FORMULA_ARGUMENTS, 1),
        ("abs()", codes.FORMULA_ARGUMENTS, 1),
        ("min(a)", codes.FORMULA_ARGUMENTS, 1),
        ("1e400", codes.FORMULA_SYNTAX, 1),
        ("x + " + "9" * 400, codes.FORMULA_SYNTAX, 5),
        ("x + # comment", codes.FORMULA_SYNTAX, 5),
        ("x +", codes.FORMULA_SYNTAX, 1),
        ("", codes.FORMULA_SYNTAX, 1),
        ("   ", codes.FORMULA_SYNTAX, 1),
        ("x\x00", codes.FORMULA_SYNTAX, 1),
        ("ｘ + 1", codes.FORMULA_SYNTAX, 1),  # full-width x would silently read as 'x'
    ],
)
def test_refused_constructs_carry_code_and_column(text: str, code: codes.Code, column: int) -> None:
    error = refused(text)
    assert error.code is code, error
    assert error.column == column, error


def test_error_carries_a_hint() -> None:
    assert refused("a if b else c").hint == "write where(c, a, b)"
    assert refused("sum(x)").hint == "write sum(expression, index)"


def test_refuses_text_longer_than_2000_characters() -> None:
    error = refused("x + " * 500 + "x")
    assert error.code is codes.FORMULA_SYNTAX
    assert "2,000" in error.message


@pytest.mark.parametrize(
    "text",
    [
        "(" * 300 + "x" + ")" * 300,  # 'too many nested parentheses' in Python's parser
        "-" * 1999 + "x",  # deeper than the limit but within the length limit
        "+".join(["x"] * 60),  # a chain of 59 additions is 59 levels deep
        "abs(" * 60 + "x" + ")" * 60,
    ],
)
def test_refuses_deep_nesting(text: str) -> None:
    assert refused(text).code is codes.FORMULA_SYNTAX


def test_accepts_nesting_up_to_the_limit() -> None:
    parse("+".join(["x"] * 50))


def test_huge_power_parses_at_once() -> None:
    start = time.perf_counter()
    expr = parse("9**9**9")
    assert time.perf_counter() - start < 0.5
    assert expr == BinOp("**", Num(9.0), BinOp("**", Num(9.0), Num(9.0)))


def test_referenced_names_leave_out_indices_but_keep_tables() -> None:
    expr = parse("sum(EC_i_p * lookup(COP_RE, Q_i), i) + EC_i_p")
    assert referenced_names(expr) == [("EC_i_p", 5), ("COP_RE", 21), ("Q_i", 29), ("EC_i_p", 40)]


def test_error_text_names_code_and_column() -> None:
    assert str(refused("x // 2")).startswith("JCM-F002 column 3: operator // not allowed")


def test_error_converts_to_a_finding_with_location() -> None:
    finding = refused("x // 2").to_finding(file="m.yaml", line=7, path="equations.RE_p")
    assert (finding.code, finding.column, finding.line) == ("JCM-F002", 3, 7)
    assert finding.path == "equations.RE_p"
