"""DRAFT_ID_CNG_BUS (our draft, not a JCM methodology): worked case and properties.

The worked case recomputes examples/cng-bus-id/ by hand; the property tests run the
compiled equations on generated numbers (conftest.py).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import (
    EXAMPLES,
    Values,
    assert_credits_floor_er,
    calculated,
    evaluate,
    outputs,
    slack,
)

ID = "DRAFT_ID_CNG_BUS"
PROJECT = EXAMPLES / "cng-bus-id" / "project.yaml"

distance = st.floats(min_value=0, max_value=1e6, allow_nan=False)  # km
cng = st.floats(min_value=0, max_value=5e5, allow_nan=False)  # kg
diesel = st.floats(min_value=0, max_value=5e5, allow_nan=False)  # L


def _case(dd: float, fc_cng: float, fc_dsl: float) -> Values:
    return {
        "DD_i_p": [dd],
        "FC_cng_i_p": [fc_cng],
        "FC_dsl_i_p": [fc_dsl],
        "SFC_RE": 0.4,
        "NCV_dsl": 36.0,
        "EF_dsl": 74.1,
        "NCV_cng": 48.0,
        "EF_cng": 56.1,
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/cng-bus-id: a dedicated CNG fleet and a dual-fuel fleet (make_data.py)."""
    q1, q2 = calculated(PROJECT).periods
    # Reference per km: 0.4 L x 36 GJ/kL / 1000 = 0.0144 GJ x 74.1 / 1000 = 0.00106704 t
    per_km = 0.4 * 36 / 1000 * 74.1 / 1000
    # Q1 (months 1-3, sum of m = 6):
    #   distance F-1 180,000 + 6,000 = 186,000 km, F-2 120,000 km: 306,000 km
    #   RE = 306,000 x 0.00106704 = 326.51424
    #   CNG: F-1 54,000 + 1,800 = 55,800 kg, F-2 24,000 kg: 79.8 t x 48 GJ/t = 3,830.4 GJ
    #        x 56.1 / 1000 = 214.88544
    #   diesel: F-2 18,000 L x 36 GJ/kL = 648 GJ x 74.1 / 1000 = 48.0168
    #   PE = 262.90224; ER = 63.612 -> 63 credits
    assert q1.reference_emissions == pytest.approx(306_000 * per_km, rel=1e-12)
    assert q1.reference_emissions == pytest.approx(326.51424, rel=1e-12)
    assert q1.project_emissions == pytest.approx(214.88544 + 48.0168, rel=1e-12)
    assert q1.emission_reductions_rounded == 63
    # Q2 (sum of m = 15): distance 195,000 + 120,000 = 315,000 km -> RE = 336.1176
    #   CNG 58,500 + 24,000 = 82.5 t x 48 = 3,960 GJ x 0.0561 = 222.156; diesel 48.0168
    #   PE = 270.1728; ER = 65.9448 -> 65 credits
    assert q2.reference_emissions == pytest.approx(336.1176, rel=1e-12)
    assert q2.project_emissions == pytest.approx(270.1728, rel=1e-12)
    assert q2.emission_reductions_rounded == 65


@settings(deadline=None)
@given(distance, cng, diesel, cng, diesel)
def test_more_fuel_of_either_kind_never_raises_er(
    dd: float, fc_cng: float, fc_dsl: float, more_cng: float, more_dsl: float
) -> None:
    before = _results(_case(dd, fc_cng, fc_dsl))
    after = _results(_case(dd, fc_cng + more_cng, fc_dsl + more_dsl))
    assert after[0] == before[0]
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(distance)
def test_a_diesel_only_bus_at_the_reference_consumption_earns_nothing(dd: float) -> None:
    """A 'project' bus burning exactly the reference diesel has RE = PE."""
    re, pe, er = _results(_case(dd, 0.0, 0.4 * dd))
    assert re == pytest.approx(pe, rel=1e-9, abs=1e-9)
    assert abs(er) <= slack((re, pe, er))
    assert_credits_floor_er(ID, er)
