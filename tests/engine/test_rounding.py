"""Rounding a period's emission reductions to whole credits (primer §5)."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jcm_mrv.engine.rounding import (
    RoundingError,
    RoundingRule,
    accurate_sum,
    round_emission_reductions,
    round_emission_reductions_series,
)
from jcm_mrv.errors import InputError, JcmMrvError

FLOOR = RoundingRule()


# --- worked cases -----------------------------------------------------------------


def test_primer_example_floors_the_period_er() -> None:
    # RE 3058.5 - PE 2316.2 = 742.3 (as a float 742.3000000000002); floor → 742.
    result = round_emission_reductions(3058.5 - 2316.2, FLOOR)
    assert result.rounded == 742
    assert result.quantized == Decimal("742.300000")
    assert not result.near_boundary
    assert not result.negative


def test_float_noise_below_a_whole_tonne_does_not_lose_a_credit() -> None:
    value = 30 * (1.0 - 0.9)  # 1.0 - 0.9 = 0.09999999999999998 in binary floats
    assert value == 2.999999999999999
    assert math.floor(value) == 2  # the naive way loses a credit
    # 2.999999999999999 snaps to 3.000000 at the 1e-6 t tolerance; floor → 3.
    result = round_emission_reductions(value, FLOOR)
    assert result.rounded == 3
    assert result.quantized == Decimal("3.000000")
    assert result.near_boundary  # the tolerance, not the float, decided: report it


def test_without_tolerance_the_float_noise_wins() -> None:
    # tolerance 0: the exact binary value 2.99999999999999911… floors to 2.
    result = round_emission_reductions(30 * (1.0 - 0.9), RoundingRule(tolerance=Decimal(0)))
    assert result.rounded == 2
    assert not result.near_boundary


def test_noise_above_a_whole_tonne_does_not_add_a_credit_when_rounding_up() -> None:
    value = 0.1 * 3 * 10
    assert value == 3.0000000000000004
    # ceil(3.0000000000000004) would be 4; snapped to 3.000000, ceil → 3.
    result = round_emission_reductions(value, RoundingRule(mode="ceil"))
    assert result.rounded == 3
    assert result.near_boundary


def test_exact_whole_tonnes_are_not_flagged() -> None:
    # 1000 - 258 = 742 exactly: nothing for the tolerance to decide.
    result = round_emission_reductions(1000.0 - 258.0, FLOOR)
    assert result.rounded == 742
    assert not result.near_boundary


def test_negative_er_issues_zero_and_says_so() -> None:
    # RE 100 - PE 130.5 = -30.5 → 0 credits, flagged negative.
    result = round_emission_reductions(100.0 - 130.5, FLOOR)
    assert result.rounded == 0
    assert result.negative
    assert result.unrounded == -30.5


@pytest.mark.parametrize("mode", ["floor", "ceil", "half_up", "half_even"])
def test_negative_er_issues_zero_in_every_mode(mode: str) -> None:
    result = round_emission_reductions(-0.3, RoundingRule(mode=mode))  # type: ignore[arg-type]
    assert (result.rounded, result.negative) == (0, True)


def test_noise_around_zero_is_not_negative() -> None:
    # RE equal to PE up to float noise: -1e-12 snaps to 0.000000, not below zero.
    result = round_emission_reductions(-1e-12, FLOOR)
    assert result.rounded == 0
    assert not result.negative
    assert result.near_boundary
    assert str(result.quantized) == "0.000000"  # no "-0.000000"


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        (742.3, "floor", 742),
        (742.3, "ceil", 743),
        (742.5, "half_up", 743),  # .5 goes up
        (742.5, "half_even", 742),  # .5 goes to the even neighbour 742
        (743.5, "half_even", 744),  # … which here is 744
        (742.49, "half_up", 742),
        (2.4999999999, "half_up", 3),  # snaps to 2.500000 first
    ],
)
def test_modes(value: float, mode: str, expected: int) -> None:
    rule = RoundingRule(mode=mode)  # type: ignore[arg-type]
    assert round_emission_reductions(value, rule).rounded == expected


def test_half_modes_flag_values_near_the_half_step() -> None:
    # 2.4999999999 is 1e-10 from the half step 2.5, where half_up changes its result.
    assert round_emission_reductions(2.4999999999, RoundingRule(mode="half_up")).near_boundary
    # … but floor only changes at whole tonnes, 0.4999999999 away.
    assert not round_emission_reductions(2.4999999999, FLOOR).near_boundary


def test_step_of_ten_tonnes() -> None:
    # 742.3 / 10 = 74.23 steps: floor → 74 × 10 = 740, ceil → 75 × 10 = 750.
    assert round_emission_reductions(742.3, RoundingRule(step=Decimal(10))).rounded == 740
    assert (
        round_emission_reductions(742.3, RoundingRule(mode="ceil", step=Decimal(10))).rounded == 750
    )


def test_settings_given_as_text_or_float_are_read_exactly() -> None:
    rule = RoundingRule(step="10", tolerance=0.001)  # type: ignore[arg-type]
    assert rule.step == Decimal(10)
    assert rule.tolerance == Decimal("0.001")  # via repr, not 0.001000000000000000020816…
    assert rule.to_dict() == {"mode": "floor", "step": "10", "tolerance": "0.001"}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"step": Decimal(0)}, "above 0"),
        ({"step": Decimal(-1)}, "above 0"),
        ({"step": Decimal("0.5")}, "whole number"),
        ({"tolerance": Decimal("-0.000001")}, "0 or more"),
        ({"tolerance": Decimal(1)}, "smaller than the step"),
        ({"tolerance": Decimal(2)}, "smaller than the step"),
        ({"mode": "truncate"}, "unknown rounding mode"),
        ({"step": "ten"}, "not a number"),
        ({"step": True}, "must be a number"),
        ({"tolerance": float("nan")}, "finite"),
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
    values = np.array([742.3, 30 * (1.0 - 0.9), -5.0])
    results = round_emission_reductions_series(values, FLOOR)
    assert [r.rounded for r in results] == [742, 3, 0]
    assert [r.negative for r in results] == [False, False, True]


def test_accurate_sum_keeps_the_tonne() -> None:
    parts = [0.1] * 10
    assert sum(parts) == 0.9999999999999999  # naive summation drifts
    assert accurate_sum(parts) == 1.0
    assert round_emission_reductions(accurate_sum(parts), FLOOR).rounded == 1


def test_to_dict() -> None:
    assert round_emission_reductions(742.3, FLOOR).to_dict() == {
        "unrounded": 742.3,
        "quantized": "742.300000",
        "rounded": 742,
        "near_boundary": False,
        "negative": False,
    }


# --- properties -------------------------------------------------------------------

MODES = st.sampled_from(["floor", "ceil", "half_up", "half_even"])
TOLERANCES = st.sampled_from([Decimal(0), Decimal("1e-9"), Decimal("1e-6"), Decimal("0.001")])
rules = st.builds(
    RoundingRule,
    mode=MODES,
    step=st.integers(1, 1000).map(Decimal),
    tolerance=TOLERANCES,
)
values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@given(values, rules)
def test_rounded_is_never_negative(value: float, rule: RoundingRule) -> None:
    assert round_emission_reductions(value, rule).rounded >= 0


@given(st.floats(min_value=0, max_value=1e9), rules)
def test_floor_lies_within_one_step_below_the_quantized_value(
    value: float, rule: RoundingRule
) -> None:
    floor_rule = RoundingRule(step=rule.step, tolerance=rule.tolerance)
    result = round_emission_reductions(value, floor_rule)
    assert result.rounded <= result.quantized < result.rounded + floor_rule.step
    assert result.rounded % floor_rule.step == 0


@given(values, values, rules)
def test_rounding_is_monotone(a: float, b: float, rule: RoundingRule) -> None:
    low, high = sorted((a, b))
    assert (
        round_emission_reductions(low, rule).rounded
        <= round_emission_reductions(high, rule).rounded
    )


@given(st.integers(0, 10**6), st.sampled_from([1e-9, -1e-9]))
def test_whole_tonnes_with_tiny_noise_floor_to_themselves(k: int, noise: float) -> None:
    assert round_emission_reductions(k + noise, FLOOR).rounded == k


@given(st.integers(0, 10**6), st.integers(1, 1000))
def test_a_step_multiple_one_ulp_low_is_not_lost(k: int, step: int) -> None:
    exact = float(k * step)
    one_ulp_low = math.nextafter(exact, -math.inf)
    result = round_emission_reductions(one_ulp_low, RoundingRule(step=Decimal(step)))
    assert result.rounded == k * step
    assert result.near_boundary  # 1 ulp from the boundary: the tolerance decided
