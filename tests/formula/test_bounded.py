"""The float evaluation with error bounds: the bound always holds against the exact value.

Random formulas (the strategies of ``test_properties``) on random decimals: wherever the
bound is finite, the float value lies within it of the exact rational evaluation of the
same formula on the decimals as written.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jcm_mrv.formula import analyse, compile_formula, parse
from jcm_mrv.formula.bounded import Relative, absolute, input_bound
from jcm_mrv.formula.exact import evaluate_exact, exact_array

from .conftest import AXES, INDICES
from .test_properties import SHAPES, SYMBOLS, TERMS, Term

DECIMALS = st.decimals(-20, 20, places=3, allow_nan=False, allow_infinity=False)


@st.composite
def decimal_environments(draw: st.DrawFn) -> dict[str, np.ndarray]:
    """Arrays of floats read from decimals of up to 3 places (the exact path's inputs)."""
    return {
        name: np.array(
            [
                float(d)
                for d in draw(st.lists(DECIMALS, min_size=math.prod(s), max_size=math.prod(s)))
            ]
        ).reshape(s)
        for name, s in SHAPES.items()
    }


def check_bound(text: str, env: dict[str, np.ndarray]) -> int:
    """Assert the bound of ``text`` on ``env``; the number of cells it bounds."""
    analysis = analyse(parse(text), SYMBOLS, INDICES)
    if analysis.problems:
        return 0
    formula = compile_formula(analysis, AXES)
    exact_env = {name: exact_array(values) for name, values in env.items()}
    bounds = {name: input_bound(values, exact_env[name]) for name, values in env.items()}
    with np.errstate(all="ignore"):
        value, bound = formula.bounded(env, bounds)
        error = absolute(value, bound)
    with np.errstate(all="ignore"):
        exact = evaluate_exact(formula.plan, exact_env, AXES)
    value, error, exact = np.broadcast_arrays(value, error, exact)
    checked = 0
    for v, e, x in zip(value.ravel().tolist(), error.ravel().tolist(), exact.ravel(), strict=True):
        if not (math.isfinite(v) and math.isfinite(e)):
            continue
        assert isinstance(x, Fraction), (text, v, e, x)  # bounded ⇒ rational, finite
        assert abs(Fraction(v) - x) <= Fraction(e), (text, v, e, x)
        checked += 1
    return checked


@settings(max_examples=400, deadline=None)
@given(TERMS, decimal_environments())
def test_float_value_lies_within_its_bound_of_the_exact_value(
    term: Term, env: dict[str, np.ndarray]
) -> None:
    check_bound(term.text, env)


def test_the_common_shapes_keep_a_tight_relative_bound() -> None:
    env = {
        "a": np.array([[0.1, 0.2, 0.3, 0.4]] * 3),
        "b": np.array([[1.5], [2.5], [3.5]]),
        "c": np.array([[10.0, 20.0, 30.0, 40.0]]),
        "d": np.array([[0.5]]),
    }
    analysis = analyse(parse("sum(a * c / d, i) * b"), SYMBOLS, INDICES)
    formula = compile_formula(analysis, AXES)
    exact_env = {name: exact_array(values) for name, values in env.items()}
    bounds = {name: input_bound(values, exact_env[name]) for name, values in env.items()}
    _, bound = formula.bounded(env, bounds)
    assert isinstance(bound, Relative) and bound.r < 2.0**-48  # no array work for bounds
    assert check_bound("sum(a * c / d, i) * b", env) == 3


def test_a_choice_compared_with_its_whole_numbers_is_certain() -> None:
    env = {name: np.ones(shape) for name, shape in SHAPES.items()}
    env["d"] = np.array([[2.0]])
    assert check_bound("where(d == 2, a * 0.1, c)", env) == 12
    text = "where(d == 2, a * 0.1, c)"
    formula = compile_formula(analyse(parse(text), SYMBOLS, INDICES), AXES)
    exact_env = {name: exact_array(values) for name, values in env.items()}
    bounds = {name: input_bound(values, exact_env[name]) for name, values in env.items()}
    value, bound = formula.bounded(env, bounds)
    assert np.isfinite(absolute(value, bound)).all()


def test_a_comparison_within_the_bounds_is_left_to_the_exact_path() -> None:
    # 0.1 * 3 is 0.30000000000000004 in floating point, exactly 0.3 as written
    env = {name: np.ones(shape) for name, shape in SHAPES.items()}
    env["d"] = np.array([[0.1]])
    text = "where(d * 3 > 0.3, a, c)"
    formula = compile_formula(analyse(parse(text), SYMBOLS, INDICES), AXES)
    exact_env = {name: exact_array(values) for name, values in env.items()}
    bounds = {name: input_bound(values, exact_env[name]) for name, values in env.items()}
    value, bound = formula.bounded(env, bounds)
    assert (value == 1.0).all()  # floating point picks the then-branch ...
    assert np.isinf(absolute(value, bound)).all()  # ... and says it cannot be sure


def test_non_rational_steps_are_unbounded() -> None:
    env = {name: np.full(shape, 2.0) for name, shape in SHAPES.items()}
    for text in ("d ** 0.5", "exp(d)", "d ** -1"):
        formula = compile_formula(analyse(parse(text), SYMBOLS, INDICES), AXES)
        bounds = {name: input_bound(v, exact_array(v)) for name, v in env.items()}
        value, bound = formula.bounded(env, bounds)
        assert np.isinf(absolute(value, bound)).all(), text
    assert check_bound("exp(d - 2) * a ** 2", env) == 12  # exp(0) = 1 and a whole power


def test_huge_and_tiny_values_leave_the_relative_form_without_errors() -> None:
    env = {name: np.full(shape, 1e200) for name, shape in SHAPES.items()}
    env["d"] = np.array([[1e-200]])
    for text in ("a ** 64", "a * a", "d * d", "a / d", "sum(a, i) - b"):
        check_bound(text, env)  # bounds may be unbounded; they never raise or lie
