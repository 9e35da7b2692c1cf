"""The float evaluation with error bounds: the bound always holds against the exact value.

Random formulas (the strategies of ``test_properties``) on random decimals: wherever the
bound is finite, the float value lies within it of the exact rational evaluation of the
same formula on the decimals as written.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jcm_mrv.formula import analyse, bounded, compile_formula, parse
from jcm_mrv.formula.bounded import Relative, absolute, input_bound, relative_input
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


@settings(max_examples=300, deadline=None)
@given(TERMS, decimal_environments())
def test_the_bound_holds_for_sums_taken_by_einsum(term: Term, env: dict[str, np.ndarray]) -> None:
    # large arrays sum along their last axis with einsum (products fused into the sum):
    # the same property on small arrays with that path forced
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bounded, "_EINSUM_FROM", 0)
        check_bound(term.text, env)


@pytest.mark.parametrize("seed", range(4))
def test_large_sums_of_products_keep_their_bound(seed: int) -> None:
    rng = np.random.default_rng(seed)
    periods = 1200  # 4,800 cells: past the size from which einsum sums
    readings = np.round(rng.uniform(0.0, 50.0, size=(periods, 4)), 3)
    readings[rng.random(readings.shape) < 0.05] = 0.0  # night-time zeros
    env = {
        "a": readings,
        "b": np.round(rng.uniform(0.1, 2.0, size=(periods, 1)), 2),
        "c": np.array([[0.5, 0.25, 1.5, 0.125]]),
        "d": np.array([[0.4999]]),
    }
    shapes = {**SHAPES, "a": (periods, 4), "b": (periods, 1)}
    assert all(env[name].shape == shape for name, shape in shapes.items())
    for text in ("sum(a * c, i)", "sum(a * d, i) - b", "sum(c * a, i) * b", "sum(a, i) * d"):
        formula = compile_formula(analyse(parse(text), SYMBOLS, INDICES), AXES)
        exact_env = {name: exact_array(values) for name, values in env.items()}
        bounds = {name: input_bound(values, exact_env[name]) for name, values in env.items()}
        _, bound = formula.bounded(env, bounds)
        if text != "sum(a * d, i) - b":  # same signs: the relative form, no array work
            assert isinstance(bound, Relative), text
        assert check_bound(text, env) == periods, text


MAGNITUDES = st.one_of(
    st.just(0.0),
    st.just(-0.0),
    st.floats(min_value=0.0, max_value=1e300, allow_subnormal=True),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(MAGNITUDES, min_size=1, max_size=70_000 // 1000), st.integers(1, 3))
def test_relative_input_knows_the_smallest_nonzero_magnitude(
    cells: list[float], repeat: int
) -> None:
    # repeated past one block of the scan (32,768 cells) where the list allows
    values = np.array(cells * (repeat * 600 if repeat > 1 else 1))
    bound = relative_input(values)
    nonzero = values[values != 0.0]
    if nonzero.size == 0:
        assert isinstance(bound, Relative) and bound.high == 0.0  # all exact zeros
    elif isinstance(bound, Relative):  # safe magnitudes: the facts are exact
        assert bound.low == nonzero.min() and bound.high == nonzero.max()
    else:  # a subnormal or huge cell: per-cell bounds instead
        assert nonzero.min() < 2.0**-900 or nonzero.max() > 2.0**900
