"""JCM_ID_AM001: waste-heat-recovery power generation in Indonesian cement plants.

The worked case recomputes examples/whr-cement-id/ by hand; the property tests run the
compiled equations on generated numbers.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jcm_mrv.engine.rounding import round_emission_reductions

from .conftest import EXAMPLES, calculated, evaluate, outputs, rounding_rule

ID = "JCM_ID_AM001"

generation_mwh = st.floats(min_value=0, max_value=50_000, allow_nan=False)
auxiliary_mwh = st.floats(min_value=0, max_value=5_000, allow_nan=False)
factor = st.floats(min_value=0, max_value=1.5, allow_nan=False)
captive = st.sampled_from([0.0, 1.0])


def _case(
    gross: float, auxiliary: float, ef_grid: float = 0.8, s_captive: float = 1.0
) -> dict[str, float | list[float]]:
    return {
        "EG_gross_p": [gross],
        "EC_aux_p": [auxiliary],
        "EF_grid": ef_grid,
        "S_captive": s_captive,
    }


def test_worked_example_matches_hand_arithmetic() -> None:
    """The example's two half-years, summed by hand from monthly-readings.csv."""
    result = calculated(EXAMPLES / "whr-cement-id" / "project.yaml")
    first, second = result.periods

    # Emission factor: the plant can use grid or captive power (S_captive = 1), so
    # EF_elec = min(EF_grid 0.80, EF_captive 0.533) = 0.533 tCO2/MWh.
    #
    # 2025-H1 gross: 6120.5 + 5480.0 + 6010.25 + 2150.0 + 6200.0 + 5990.75 = 31951.5 MWh
    # 2025-H1 auxiliary: 510.0 + 462.5 + 505.25 + 230.0 + 515.0 + 498.25 = 2721.0 MWh
    # net = 31951.5 - 2721.0 = 29230.5 MWh; RE = 29230.5 x 0.533 = 15579.8565 tCO2
    assert first.reference_emissions == pytest.approx(15579.8565, rel=1e-12)
    assert first.project_emissions == 0
    # ER = 15579.8565, floored to 15579 credits
    assert first.emission_reductions == pytest.approx(15579.8565, rel=1e-12)
    assert first.emission_reductions_rounded == 15579

    # 2025-H2 gross: 6240.0 + 6180.5 + 5950.0 + 6300.0 + 0.0 + 6050.0 = 30720.5 MWh
    # 2025-H2 auxiliary: 520.0 + 514.5 + 496.0 + 525.0 + 18.0 + 505.0 = 2578.5 MWh
    # net = 30720.5 - 2578.5 = 28142.0 MWh; RE = 28142.0 x 0.533 = 14999.686 tCO2
    assert second.reference_emissions == pytest.approx(14999.686, rel=1e-12)
    assert second.project_emissions == 0
    assert second.emission_reductions_rounded == 14999

    # 15579 + 14999 = 30578 credits in total
    assert result.totals.emission_reductions_rounded == 30578
    assert {e.status for e in result.eligibility} == {"attestation-needed"}


def test_grid_only_plant_uses_the_grid_factor() -> None:
    """Without captive power (S_captive = 0) the grid factor applies, even when higher."""
    result = calculated(EXAMPLES / "whr-cement-id" / "project.yaml", overrides=["S_captive=0"])
    # 2025-H1: 29230.5 MWh x 0.80 tCO2/MWh = 23384.4 tCO2
    assert result.periods[0].reference_emissions == pytest.approx(23384.4, rel=1e-12)


def test_a_month_with_more_auxiliary_use_than_generation_gives_no_credits() -> None:
    """Net generation is not clipped: a stopped turbine's standby use gives ER < 0, 0 credits."""
    # 0 MWh gross, 18 MWh standby: net -18 MWh x 0.533 = -9.594 tCO2
    _, _, er = outputs(ID, evaluate(ID, _case(0.0, 18.0)))
    assert er == pytest.approx(-9.594, rel=1e-12)
    rounded = round_emission_reductions(er, rounding_rule(ID))
    assert rounded.rounded == 0
    assert rounded.negative


@given(generation_mwh, auxiliary_mwh, auxiliary_mwh, factor, captive)
def test_more_auxiliary_consumption_never_raises_er(
    gross: float, auxiliary: float, extra: float, ef_grid: float, s_captive: float
) -> None:
    """The WHR system's own consumption is the project side: more of it never raises ER."""
    _, pe, er = outputs(ID, evaluate(ID, _case(gross, auxiliary, ef_grid, s_captive)))
    _, pe_more, er_more = outputs(
        ID, evaluate(ID, _case(gross, auxiliary + extra, ef_grid, s_captive))
    )
    assert pe == pe_more == 0
    assert er_more <= er


@given(generation_mwh, auxiliary_mwh, factor)
def test_the_captive_option_never_raises_er(gross: float, auxiliary: float, ef_grid: float) -> None:
    """With captive power available the lower factor applies: never more than grid-only."""
    grid_only = evaluate(ID, _case(gross, auxiliary, ef_grid, 0.0))
    both = evaluate(ID, _case(gross, auxiliary, ef_grid, 1.0))
    ef_both = float(both["EF_elec"][0, 0])
    assert ef_both == min(ef_grid, 0.533)
    assert float(grid_only["EF_elec"][0, 0]) == ef_grid
    if gross >= auxiliary:  # a net-negative period issues 0 credits either way
        assert outputs(ID, both)[2] <= outputs(ID, grid_only)[2]


@given(generation_mwh, auxiliary_mwh, factor, captive)
def test_doubling_the_metered_energy_doubles_re_and_er(
    gross: float, auxiliary: float, ef_grid: float, s_captive: float
) -> None:
    """The equations are linear in the monitored energy."""
    re, pe, er = outputs(ID, evaluate(ID, _case(gross, auxiliary, ef_grid, s_captive)))
    re2, pe2, er2 = outputs(ID, evaluate(ID, _case(2 * gross, 2 * auxiliary, ef_grid, s_captive)))
    assert re2 == pytest.approx(2 * re, rel=1e-12, abs=1e-9)
    assert pe2 == pe == 0
    assert er2 == pytest.approx(2 * er, rel=1e-12, abs=1e-9)


@given(generation_mwh, auxiliary_mwh, factor, captive)
def test_rounded_credits_are_never_negative(
    gross: float, auxiliary: float, ef_grid: float, s_captive: float
) -> None:
    """Whatever the readings, a period issues zero or more whole credits."""
    _, _, er = outputs(ID, evaluate(ID, _case(gross, auxiliary, ef_grid, s_captive)))
    assert round_emission_reductions(er, rounding_rule(ID)).rounded >= 0
