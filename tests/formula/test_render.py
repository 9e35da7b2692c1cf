"""Rendering: normalised one-line text with minimal parentheses that parses back."""

from __future__ import annotations

import pytest

from jcm_mrv.formula import parse, render


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("sum( EG_i_p*EF_RE ,i )", "sum(EG_i_p * EF_RE, i)"),
        ("((a - b)) - c", "a - b - c"),
        ("a - (b - c)", "a - (b - c)"),
        ("a + (b + c)", "a + (b + c)"),
        ("(a * b) / c", "a * b / c"),
        ("a / (b * c)", "a / (b * c)"),
        ("(a + b) * c", "(a + b) * c"),
        ("a ** b ** c", "a ** b ** c"),
        ("(a ** b) ** c", "(a ** b) ** c"),
        ("-(x ** 2)", "-x ** 2"),
        ("(-x) ** 2", "(-x) ** 2"),
        ("2 ** -x", "2 ** -x"),
        ("-(-x)", "--x"),
        ("-(a + b)", "-(a + b)"),
        ("(a and b) and c", "(a and b) and c"),
        ("a and b and c", "a and b and c"),
        ("a or (b and c)", "a or b and c"),
        ("(a or b) and c", "(a or b) and c"),
        ("not (a and b)", "not (a and b)"),
        ("not (a < b)", "not a < b"),
        ("(a < b) == c", "(a < b) == c"),
        ("0 < x <= 1", "0 < x <= 1"),
        ("2.50 * x + 1e-7 + 1E3 + 3.", "2.5 * x + 1e-07 + 1000 + 3"),
        ("1e300", "1e+300"),
        ("where(a > b, max(a, b, c), abs(-a))", "where(a > b, max(a, b, c), abs(-a))"),
        ("lookup(COP_RE, Q_i)", "lookup(COP_RE, Q_i)"),
        ("+x", "+x"),
    ],
)
def test_render_normalises_and_round_trips(text: str, rendered: str) -> None:
    assert render(parse(text)) == rendered
    assert parse(rendered) == parse(text)
