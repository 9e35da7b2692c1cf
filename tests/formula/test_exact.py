"""The exact evaluation: the decimal run gives what the rational run gives, or stands aside.

Random formulas (the strategies of ``test_properties``) on random decimals, evaluated
twice: decimals first (the default) and in rational arithmetic alone. Both must give
the same exact value in every cell, as a ``Fraction``; where the decimal run cannot
finish exactly (1/3, a power, a missing value) the rational run gives the answer.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jcm_mrv.formula import analyse, compile_formula, parse
from jcm_mrv.formula.exact import evaluate_exact, exact_array
from jcm_mrv.numeric import as_written

from .conftest import AXES, INDICES
from .test_bounded import decimal_environments
from .test_properties import SHAPES, SYMBOLS, TERMS, Term


def both_runs(text: str, env: dict[str, np.ndarray]) -> tuple[list[object], list[object]]:
    """The cells of ``text`` evaluated decimals-first and rationals-only."""
    analysis = analyse(parse(text), SYMBOLS, INDICES)
    assert not analysis.problems, analysis.problems
    step = compile_formula(analysis, AXES).plan
    exact_env = {name: exact_array(values) for name, values in env.items()}
    with np.errstate(all="ignore"):
        fast = evaluate_exact(step, exact_env, AXES)
        slow = evaluate_exact(step, exact_env, AXES, decimals=False)
    return fast.ravel().tolist(), slow.ravel().tolist()


def same(a: object, b: object) -> bool:
    """Equal exact values of one type, or both missing (NaN), or equal floats."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


@settings(max_examples=400, deadline=None)
@given(TERMS, decimal_environments())
def test_the_decimal_run_gives_the_rational_runs_exact_values(
    term: Term, env: dict[str, np.ndarray]
) -> None:
    analysis = analyse(parse(term.text), SYMBOLS, INDICES)
    if analysis.problems:
        return
    fast, slow = both_runs(term.text, env)
    assert all(same(a, b) for a, b in zip(fast, slow, strict=True)), (term.text, fast, slow)
    assert not any(isinstance(x, Decimal) for x in fast)  # exact results are Fractions


def test_sums_of_products_of_decimals_stay_exact() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in floating point, exactly 3/10 as written
    env = {name: np.full(shape, 0.1) for name, shape in SHAPES.items()}
    env["d"] = np.array([[0.2]])
    fast, slow = both_runs("sum(a, i) * 0.5 + d", env)
    assert fast == slow == [Fraction(2, 5)] * 3  # 4 × 0.1 × 0.5 + 0.2 = 0.4


def test_a_quotient_that_is_no_decimal_falls_back_to_rationals() -> None:
    env = {name: np.full(shape, 1.0) for name, shape in SHAPES.items()}
    env["d"] = np.array([[3.0]])
    fast, slow = both_runs("a / d", env)
    assert fast == slow == [Fraction(1, 3)] * 12


def test_powers_and_missing_values_give_what_the_rational_run_gives() -> None:
    env = {name: np.full(shape, 1.5) for name, shape in SHAPES.items()}
    env["a"] = np.array([[1.5, math.nan, 2.0, 0.5]] * 3)
    for text in ("a ** 2 * d", "a + b", "exp(d - 1.5) * a", "min(a, c) - 0.5"):
        fast, slow = both_runs(text, env)
        assert all(same(x, y) for x, y in zip(fast, slow, strict=True)), text
    fast, _ = both_runs("a ** 2 * d", env)
    assert fast[:4] == [Fraction(27, 8), fast[1], Fraction(6), Fraction(3, 8)]
    assert isinstance(fast[1], float) and math.isnan(fast[1])


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_exact_array_holds_the_decimal_each_float_was_written_as(value: float) -> None:
    (cell,) = exact_array(np.array([value])).tolist()
    assert isinstance(cell, Decimal) and Fraction(cell) == as_written(value)


def test_exact_array_marks_what_is_not_a_number_as_missing() -> None:
    cells = exact_array(np.array([math.nan, math.inf, 2.5])).tolist()
    assert math.isnan(cells[0]) and math.isnan(cells[1]) and cells[2] == Decimal("2.5")
