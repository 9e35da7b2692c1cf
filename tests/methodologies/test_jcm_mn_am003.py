"""JCM_MN_AM003: solar PV in Mongolia, factor 0.797 (grid) or 0.533 (captive, off-grid).

The worked case recomputes examples/solar-pv-mn/ by hand (daily readings, the same every day;
2025-Q1 has 90 days, 2025-Q2 91); the property tests run the compiled equations on
generated numbers.
"""

from __future__ import annotations

import pytest
from hypothesis import given
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

ID = "JCM_MN_AM003"
PROJECT = EXAMPLES / "solar-pv-mn" / "project.yaml"

energy = st.lists(
    st.floats(min_value=0, max_value=10_000, allow_nan=False, allow_subnormal=False),
    min_size=1,
    max_size=4,
)
factor = st.floats(min_value=0, max_value=1.5, allow_nan=False, allow_subnormal=False)


def results(values: Values) -> tuple[float, float, float]:
    """RE, PE and ER of one period."""
    return outputs(ID, evaluate(ID, values))  # type: ignore[arg-type]


def test_worked_example_matches_hand_arithmetic() -> None:
    """PV-01 1,500.0 kWh and PV-02 900.5 kWh a day: 2,400.5 kWh a day; a grid site."""
    result = calculated(PROJECT)
    first, second = result.periods
    # SITE grid: EF_RE = EF_grid = 0.797 tCO2/MWh (the shipped default)
    # Q1: 90 x 2,400.5 kWh = 216,045 kWh = 216.045 MWh
    #     RE = 216.045 x 0.797 = 172.187865 tCO2; PE = 0; ER floored to 172
    assert first.reference_emissions == pytest.approx(172.187865, rel=1e-12)
    assert first.project_emissions == 0
    assert first.emission_reductions_rounded == 172
    # Q2: 91 x 2,400.5 kWh = 218,445.5 kWh = 218.4455 MWh
    #     RE = 218.4455 x 0.797 = 174.1010635 tCO2; ER floored to 174
    assert second.reference_emissions == pytest.approx(174.1010635, rel=1e-12)
    assert second.emission_reductions_rounded == 174
    # 172 + 174 = 346 credits
    assert result.totals.emission_reductions_rounded == 346


@pytest.mark.parametrize("site", ["SITE=2", "SITE=3"])  # captive, off-grid
def test_a_captive_or_off_grid_site_takes_0_533(site: str) -> None:
    """Not the minimum of two factors: the configuration decides (0.533 < 0.797 here)."""
    first = calculated(PROJECT, overrides=[site]).periods[0]
    # Q1: 216.045 MWh x 0.533 = 115.151985 tCO2, floored to 115
    assert first.reference_emissions == pytest.approx(115.151985, rel=1e-12)
    assert first.emission_reductions_rounded == 115


# The declared site configuration as the engine sees it: the option's 1-based position.
GRID, CAPTIVE, OFF_GRID = 1.0, 2.0, 3.0


@given(energy, factor)
def test_the_site_configuration_selects_the_factor(generation: list[float], ef: float) -> None:
    """Grid: the grid factor 0.797; captive or off-grid: 0.533, whatever the other one is."""
    total = sum(generation)
    for site, expected in ((GRID, 0.797), (CAPTIVE, 0.533), (OFF_GRID, 0.533)):
        re, pe, er = results({**{}, "EG_i_p": [generation], "SITE": site})
        assert re == pytest.approx(total * expected, rel=1e-9, abs=1e-9)
        assert pe == 0
        assert er == re


@given(energy, factor)
def test_doubling_generation_doubles_re_and_er(generation: list[float], ef: float) -> None:
    """The equations are linear in the monitored generation."""
    assert_doubling_doubles(results, {**{}, "EG_i_p": generation, "SITE": 1.0}, "EG_i_p")


@given(energy, factor)
def test_credits_are_er_floored_and_never_negative(generation: list[float], ef: float) -> None:
    """A period's credits are its ER floored, never below zero."""
    _, _, er = results({**{}, "EG_i_p": [generation], "SITE": 1.0})
    assert er >= 0
    assert_credits_floor_er(ID, er)
