"""DRAFT_KH_LED_STREETLIGHT (our draft, not a JCM methodology): worked case, properties.

The worked case recomputes examples/led-streetlight-kh/ by hand; the property tests
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
    slack,
)

ID = "DRAFT_KH_LED_STREETLIGHT"
PROJECT = EXAMPLES / "led-streetlight-kh" / "project.yaml"

energy = st.floats(min_value=0, max_value=1e3, allow_nan=False)  # MWh per circuit
hours = st.floats(min_value=0, max_value=4400, allow_nan=False)  # h per half-year
power = st.floats(min_value=1, max_value=2000, allow_nan=False)  # W


def _case(ec: float, h: float, p_re: float = 250.0, n: float = 200.0) -> Values:
    return {
        "EC_PJ_i_p": [ec],
        "H_i_p": [h],
        "N_i": [n],
        "P_RE_i": [p_re],
        "P_PJ_i": [60.0],
        "EF_grid": 0.6,
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/led-streetlight-kh: two circuits lit 12 h a night (make_data.py)."""
    result = calculated(PROJECT)
    q1, q2 = result.periods
    # Replaced load: 200 x 250 W + 120 x 400 W = 50 kW + 48 kW = 98 kW.
    # Q1: 31 + 28 + 31 = 90 nights x 12 h = 1,080 h
    #   RE = 98 kW x 1,080 h = 105,840 kWh = 105.84 MWh x 0.6 = 63.504
    #   PE = (144 + 144) kWh x 90 = 25,920 kWh = 25.92 MWh x 0.6 = 15.552
    #   ER = 47.952 -> 47 credits
    assert q1.reference_emissions == pytest.approx(63.504, rel=1e-12)
    assert q1.project_emissions == pytest.approx(15.552, rel=1e-12)
    assert q1.emission_reductions_rounded == 47
    # Q2: 30 + 31 + 30 = 91 nights x 12 h = 1,092 h
    #   RE = 98 x 1,092 = 107,016 kWh x 0.6 = 64.2096; PE = 288 x 91 = 26,208 kWh x 0.6
    #   = 15.7248; ER = 48.4848 -> 48 credits
    assert q2.reference_emissions == pytest.approx(64.2096, rel=1e-12)
    assert q2.project_emissions == pytest.approx(15.7248, rel=1e-12)
    assert q2.emission_reductions_rounded == 48
    assert {e.id: e.status for e in result.eligibility}["C1"] == "pass"


@settings(deadline=None)
@given(energy, energy, hours)
def test_more_metered_consumption_never_raises_er(ec: float, extra: float, h: float) -> None:
    before, after = _results(_case(ec, h)), _results(_case(ec + extra, h))
    assert after[0] == before[0]
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(hours, power)
def test_reference_is_rated_power_times_lit_hours(h: float, p_re: float) -> None:
    """RE = 200 lamps x P_RE x H x 0.6 tCO2/MWh, with W x h converted to MWh."""
    re, _, er = _results(_case(0.0, h, p_re))
    assert re == pytest.approx(200 * p_re * h / 1e6 * 0.6, rel=1e-12, abs=1e-12)
    assert_credits_floor_er(ID, er)


@settings(deadline=None)
@given(hours)
def test_doubling_the_lit_hours_doubles_re(h: float) -> None:
    assert_doubling_doubles(_results, _case(0.0, h), "H_i_p")
