"""DRAFT_ID_REGENERATIVE_BURNER (our draft, not a JCM methodology): worked case, properties.

The worked case recomputes examples/regenerative-burner-id/ by hand; the property tests
run the compiled equations on generated numbers (conftest.py).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import (
    EXAMPLES,
    Values,
    assert_credits_floor_er,
    assert_doubling_doubles,
    calculated,
    evaluate,
    outputs,
)

ID = "DRAFT_ID_REGENERATIVE_BURNER"
PROJECT = EXAMPLES / "regenerative-burner-id" / "project.yaml"

energy = st.floats(min_value=0, max_value=1e6, allow_nan=False)  # GJ per fuel
efficiency = st.floats(min_value=0.05, max_value=1, allow_nan=False)


def _case(ng: float, lpg: float, eta_pj: float = 0.6, eta_re: float = 0.48) -> Values:
    return {"FC_j_p": [ng, lpg], "EF_j": [56.1, 63.1], "eta_PJ": eta_pj, "eta_RE": eta_re}


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/regenerative-burner-id: natural gas and LPG, one point per fuel."""
    result = calculated(PROJECT)
    h1, h2 = result.periods
    # Efficiency ratio 0.60 / 0.48 = 1.25.
    # H1 (sum of m = 21): NG 120,000 + 2,100 = 122,100 GJ x 56.1 / 1000 = 6,849.81;
    #   LPG 6,000 GJ x 63.1 / 1000 = 378.6; PE = 7,228.41
    #   RE = 1.25 x 7,228.41 = 9,035.5125; ER = 1,807.1025 -> 1,807 credits
    assert h1.project_emissions == pytest.approx(7_228.41, rel=1e-12)
    assert h1.reference_emissions == pytest.approx(9_035.5125, rel=1e-12)
    assert h1.emission_reductions_rounded == 1_807
    # H2 (sum of m = 57): NG 125,700 GJ x 0.0561 = 7,051.77; PE = 7,430.37
    #   RE = 9,287.9625; ER = 1,857.5925 -> 1,857 credits
    assert h2.project_emissions == pytest.approx(7_430.37, rel=1e-12)
    assert h2.reference_emissions == pytest.approx(9_287.9625, rel=1e-12)
    assert h2.emission_reductions_rounded == 1_857
    assert {e.id: e.status for e in result.eligibility}["C1"] == "pass"


def test_a_furnace_no_better_than_the_reference_fails_c1() -> None:
    result = calculated(PROJECT, overrides=["eta_RE=0.6"])
    assert {e.id: e.status for e in result.eligibility}["C1"] == "fail"
    # and earns nothing: RE = PE
    assert result.periods[0].emission_reductions == pytest.approx(0, abs=1e-9)


@settings(deadline=None)
@given(energy, energy, efficiency, efficiency)
def test_er_is_pe_times_the_efficiency_gain(
    ng: float, lpg: float, eta_pj: float, eta_re: float
) -> None:
    re, pe, er = _results(_case(ng, lpg, eta_pj, eta_re))
    assert pe == pytest.approx((ng * 56.1 + lpg * 63.1) / 1000, rel=1e-12, abs=1e-12)
    assert er == pytest.approx(pe * (eta_pj / eta_re - 1), rel=1e-9, abs=1e-9)
    assert re >= 0
    assert_credits_floor_er(ID, er)


@settings(deadline=None)
@given(energy)
def test_doubling_the_natural_gas_doubles_everything_without_lpg(ng: float) -> None:
    assert_doubling_doubles(_results, _case(ng, 0.0), "FC_j_p")
