"""Rounding a period's emission reductions to whole credits (primer §5), exactly."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jcm_mrv.engine.rounding import (
    ROUNDING_MODES,
    RoundingError,
    RoundingRule,
    decide_rounding,
    round_emission_reductions,
    round_emission_reductions_series,
)
from jcm_mrv.findings.errors import InputError, JcmMrvError

FLOOR = RoundingRule()
D = Fraction  # Fraction("742.3") is the decimal 742.3 exactly


# --- worked cases -----------------------------------------------------------------


def test_primer_example_floors_the_period_er() -> None:
    # RE 3058.5 - PE 2316.2 = 742.3 exactly; floor → 742.
    result = round_emission_reductions(D("3058.5") - D("2316.2"), FLOOR)
    assert result.rounded == 742
    assert result.exact == D("742.3")
    assert not result.undecided
    assert not result.negative


def test_exact_figures_do_not_lose_a_credit_to_float_noise() -> None:
    # as floats: 30 * (1.0 - 0.9) == 2.999999999999999 and 4.1 - 1.1 == 2.9999999999999996
    assert round_emission_reductions(30 * (1 - D("0.9")), FLOOR).rounded == 3
    assert round_emission_reductions(D("4.1") - D("1.1"), FLOOR).rounded == 3


def test_a_figure_just_below_a_tonne_is_not_snapped_up() -> None:
    # 742,999.999 + 743,000 kWh at 0.5 t/MWh: 742.9999995 t; a 1e-6 t grid gave 743
    er = (D("742999.999") + D("743000")) / 1000 * D("0.5")
    assert er == D("742.9999995")
    result = round_emission_reductions(er, FLOOR)
    assert result.rounded == 742
    assert not result.undecided


def test_huge_figures_keep_every_tonne() -> None:
    assert round_emission_reductions(D(10**16 + 1), FLOOR).rounded == 10**16 + 1
    assert round_emission_reductions(D(10**16) + D("0.999"), FLOOR).rounded == 10**16


def test_a_float_without_a_bound_is_taken_at_its_binary_value() -> None:
    # no snapping: 2.999999999999999 is below 3
    result = round_emission_reductions(30 * (1.0 - 0.9), FLOOR)
    assert result.rounded == 2
    assert result.exact == Fraction(30 * (1.0 - 0.9))


def test_a_float_within_its_bound_of_a_boundary_is_undecided_and_floored() -> None:
    result = round_emission_reductions(2.9999999, FLOOR, error_bound=1e-6)
    assert (result.rounded, result.undecided, result.exact) == (2, True, None)
    # the same with the boundary below: never rounded up either
    up = round_emission_reductions(3.0000001, FLOOR, error_bound=1e-6)
    assert (up.rounded, up.undecided) == (2, True)
    clear = round_emission_reductions(2.5, FLOOR, error_bound=1e-6)
    assert (clear.rounded, clear.undecided) == (2, False)


def test_negative_er_issues_zero_and_says_so() -> None:
    result = round_emission_reductions(D(100) - D("130.5"), FLOOR)
    assert result.rounded == 0
    assert result.negative
    assert result.unrounded == -30.5


@pytest.mark.parametrize("mode", ["floor", "ceil", "half_up", "half_even"])
def test_negative_er_issues_zero_in_every_mode(mode: str) -> None:
    result = round_emission_reductions(D("-0.3"), RoundingRule(mode=mode))  # type: ignore[arg-type]
    assert (result.rounded, result.negative) == (0, True)


def test_zero_is_not_negative() -> None:
    result = round_emission_reductions(D("1.1") - D("1.1"), FLOOR)
    assert (result.rounded, result.negative, result.undecided) == (0, False, False)


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        ("742.3", "floor", 742),
        ("742.3", "ceil", 743),
        ("742", "ceil", 742),
        ("742.5", "half_up", 743),  # .5 goes up
        ("742.5", "half_even", 742),  # .5 goes to the even neighbour 742
        ("743.5", "half_even", 744),  # … which here is 744
        ("742.49", "half_up", 742),
        ("2.4999999999", "half_up", 2),  # exactly below the half: no snapping
    ],
)
def test_modes(value: str, mode: str, expected: int) -> None:
    rule = RoundingRule(mode=mode)  # type: ignore[arg-type]
    assert round_emission_reductions(D(value), rule).rounded == expected


def test_step_of_ten_tonnes() -> None:
    # 742.3 / 10 = 74.23 steps: floor → 74 × 10 = 740, ceil → 75 × 10 = 750.
    assert round_emission_reductions(D("742.3"), RoundingRule(step=Decimal(10))).rounded == 740
    ceil = RoundingRule(mode="ceil", step=Decimal(10))
    assert round_emission_reductions(D("742.3"), ceil).rounded == 750


def test_settings_given_as_text_are_read_exactly() -> None:
    rule = RoundingRule(step="10")  # type: ignore[arg-type]
    assert rule.step == Decimal(10)
    assert rule.to_dict() == {"mode": "floor", "step": "10"}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"step": Decimal(0)}, "above 0"),
        ({"step": Decimal(-1)}, "above 0"),
        ({"step": Decimal("0.5")}, "whole number"),
        ({"mode": "truncate"}, "unknown rounding mode"),
        ({"step": "ten"}, "not a number"),
        ({"step": True}, "must be a number"),
        ({"step": float("nan")}, "finite"),
    ],
)
def test_invalid_rules_are_refused(settings: dict[str, object], message: str) -> None:
    with pytest.raises(RoundingError, match=message) as caught:
        RoundingRule(**settings)  # type: ignore[arg-type]
    assert isinstance(caught.value, InputError)
    assert isinstance(caught.value, JcmMrvError)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_values_are_refused(value: float) -> None:
    with pytest.raises(RoundingError, match="finite"):
        round_emission_reductions(value, FLOOR)


def test_series_over_a_numpy_array() -> None:
    values = np.array([742.3, 3.0, -5.0])
    results = round_emission_reductions_series(values, FLOOR)
    assert [r.rounded for r in results] == [742, 3, 0]
    assert [r.negative for r in results] == [False, False, True]


def test_to_dict() -> None:
    assert round_emission_reductions(D("742.3"), FLOOR).to_dict() == {
        "unrounded": 742.3,
        "exact": "7423/10",
        "rounded": 742,
        "undecided": False,
        "negative": False,
    }


# --- properties -------------------------------------------------------------------

MODES = st.sampled_from(["floor", "ceil", "half_up", "half_even"])
rules = st.builds(RoundingRule, mode=MODES, step=st.integers(1, 1000).map(Decimal))
exact_values = st.decimals(-(10**9), 10**9, places=7, allow_nan=False).map(Fraction)


@given(exact_values, rules)
def test_rounded_is_never_negative(value: Fraction, rule: RoundingRule) -> None:
    assert round_emission_reductions(value, rule).rounded >= 0


@given(st.decimals(0, 10**12, places=9).map(Fraction), st.integers(1, 1000))
def test_floor_never_exceeds_the_exact_value_and_is_never_a_step_short(
    value: Fraction, step: int
) -> None:
    rounded = round_emission_reductions(value, RoundingRule(step=Decimal(step))).rounded
    assert rounded <= value < rounded + step
    assert rounded % step == 0


@given(exact_values, exact_values, rules)
def test_rounding_is_monotone(a: Fraction, b: Fraction, rule: RoundingRule) -> None:
    low, high = sorted((a, b))
    assert (
        round_emission_reductions(low, rule).rounded
        <= round_emission_reductions(high, rule).rounded
    )


@given(
    st.floats(0, 1e9, allow_nan=False),
    st.floats(0, 1e-3, allow_nan=False),
)
def test_an_uncertain_float_is_never_rounded_above_its_lower_end(
    value: float, bound: float
) -> None:
    result = round_emission_reductions(value, FLOOR, error_bound=bound)
    lower = max(math.floor(Fraction(value) - Fraction(bound)), 0)
    upper = max(math.floor(Fraction(value) + Fraction(bound)), 0)
    assert result.rounded == lower
    assert result.undecided == (lower != upper)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.decimals(-(10**6), 10**6, places=6, allow_nan=False, allow_infinity=False),
            st.sampled_from([0, 1e-15, 1e-9, 0.25, 0.5]),
        ),
        min_size=1,
        max_size=20,
    ),
    st.sampled_from(ROUNDING_MODES),
    st.sampled_from([1, 3, 10]),
)
def test_decisions_from_bounds_are_those_of_every_value_within_the_bounds(
    figures: list[tuple[Decimal, float]], mode: str, step: int
) -> None:
    rule = RoundingRule(mode=mode, step=Decimal(step))  # type: ignore[arg-type]
    # values on, next to and away from boundaries (whole and half steps) with bounds
    values = np.array([float(v) for v, _ in figures] + [float(step) * 7, step * 7.5, -3.0])
    bounds = np.array([b for _, b in figures] + [0.0, 0.0, 1e-12])
    found = decide_rounding(values, bounds, rule)
    for n, (value, bound) in enumerate(zip(values.tolist(), bounds.tolist(), strict=True)):
        if not found.decided[n]:
            continue
        for exact in (
            Fraction(value) - Fraction(bound),
            Fraction(value),
            Fraction(value) + Fraction(bound),
        ):
            expected = round_emission_reductions(exact, rule)
            assert (int(found.rounded[n]), bool(found.negative[n])) == (
                expected.rounded,
                expected.negative,
            ), (value, bound, exact, mode, step)


def test_a_value_on_a_boundary_is_left_to_the_exact_figure() -> None:
    found = decide_rounding(np.array([742.0, 742.5, 742.5]), np.zeros(3), RoundingRule())
    assert found.decided.tolist() == [False, True, True]
    half = decide_rounding(np.array([742.5]), np.zeros(1), RoundingRule(mode="half_even"))
    assert half.decided.tolist() == [False]
