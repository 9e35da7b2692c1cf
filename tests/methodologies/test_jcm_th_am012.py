"""JCM_TH_AM012 (MVR evaporator, Thailand): worked case and properties.

The worked case recomputes examples/mvr-evaporator-th/ by hand; the property tests run
the compiled equations on generated numbers (conftest.py).
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

ID = "JCM_TH_AM012"
PROJECT = EXAMPLES / "mvr-evaporator-th" / "project.yaml"

mass = st.floats(min_value=0, max_value=1e6, allow_nan=False)  # t evaporated
energy = st.floats(min_value=0, max_value=1e5, allow_nan=False)  # MWh
steam = st.floats(min_value=0, max_value=1e5, allow_nan=False)  # GJ


def _case(m: float, ec: float, q: float) -> Values:
    return {
        "M_evap_p": [m],
        "EC_PJ_p": [ec],
        "Q_ms_p": [q],
        "q_RE": 0.8,
        "eta_boiler": 0.8,
        "EF_fuel": 77.4,
        "EF_elec": 0.45,
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/mvr-evaporator-th: monthly totals (make_data.py)."""
    h1, h2 = calculated(PROJECT).periods
    # Fuel per tonne evaporated: q_RE / eta = 0.8 / 0.8 = 1.0 GJ; 77.4 tCO2/TJ = 0.0774 t/GJ.
    # H1 (sum of m = 21): evaporated 60,000 + 50 x 21 = 61,050 t;
    #   electricity 1,200 + 21 = 1,221 MWh; make-up steam 600 GJ
    #   RE = 61,050 x 1.0 x 0.0774 = 4,725.27
    #   PE = 1,221 x 0.45 + 600 / 0.8 x 0.0774 = 549.45 + 58.05 = 607.5
    #   ER = 4,117.77 -> 4,117 credits
    assert h1.reference_emissions == pytest.approx(4_725.27, rel=1e-12)
    assert h1.project_emissions == pytest.approx(607.5, rel=1e-12)
    assert h1.emission_reductions_rounded == 4_117
    # H2 (sum of m = 57): evaporated 62,850 t; electricity 1,257 MWh
    #   RE = 62,850 x 0.0774 = 4,864.59; PE = 565.65 + 58.05 = 623.7
    #   ER = 4,240.89 -> 4,240 credits
    assert h2.reference_emissions == pytest.approx(4_864.59, rel=1e-12)
    assert h2.project_emissions == pytest.approx(623.7, rel=1e-12)
    assert h2.emission_reductions_rounded == 4_240


@settings(deadline=None)
@given(mass, energy, steam, energy, steam)
def test_more_electricity_or_make_up_steam_never_raises_er(
    m: float, ec: float, q: float, more_ec: float, more_q: float
) -> None:
    """Electricity and make-up steam are the project side."""
    before = _results(_case(m, ec, q))
    after = _results(_case(m, ec + more_ec, q + more_q))
    assert after[0] == before[0]
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(mass, energy, steam)
def test_doubling_the_evaporation_doubles_re_only(m: float, ec: float, q: float) -> None:
    before, after = _results(_case(m, ec, q)), _results(_case(2 * m, ec, q))
    assert after[0] == pytest.approx(2 * before[0], rel=1e-12, abs=1e-9)
    assert after[1] == before[1]


@settings(deadline=None)
@given(mass, energy, steam)
def test_linear_in_the_electricity_alone_when_nothing_else_is_metered(
    m: float, ec: float, q: float
) -> None:
    assert_doubling_doubles(_results, _case(0, ec, 0), "EC_PJ_p")
    assert_credits_floor_er(ID, _results(_case(m, ec, q))[2])
