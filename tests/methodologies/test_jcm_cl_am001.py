"""JCM_CL_AM001: solar PV in Chile, grid or diesel factor by site configuration.

The worked case recomputes examples/solar-pv-cl/ by hand (daily readings, the same every day;
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

ID = "JCM_CL_AM001"
PROJECT = EXAMPLES / "solar-pv-cl" / "project.yaml"

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
    """PV-N 2,000.0 kWh and PV-S 1,750.75 kWh a day: 3,750.75 kWh a day; a grid site."""
    result = calculated(PROJECT)
    first, second = result.periods
    # SITE grid: EF_RE = EF_grid = 0.4 tCO2/MWh, below 0.533: a minimum-of-two rule would
    # give the same here, the configuration rule differs for captive sites (below)
    # Q1: 90 x 3,750.75 kWh = 337,567.5 kWh = 337.5675 MWh
    #     RE = 337.5675 x 0.4 = 135.027 tCO2; ER floored to 135
    assert first.reference_emissions == pytest.approx(135.027, rel=1e-12)
    assert first.emission_reductions_rounded == 135
    # Q2: 91 x 3,750.75 kWh = 341,318.25 kWh = 341.31825 MWh
    #     RE = 341.31825 x 0.4 = 136.5273 tCO2; ER floored to 136
    assert second.reference_emissions == pytest.approx(136.5273, rel=1e-12)
    assert second.emission_reductions_rounded == 136
    assert result.totals.emission_reductions_rounded == 271


def test_a_captive_site_takes_0_533_even_above_the_grid_factor() -> None:
    """Where the grid factor is below 0.533, the configuration rule credits more."""
    first = calculated(PROJECT, overrides=["SITE=2"]).periods[0]
    # Q1: 337.5675 MWh x 0.533 = 179.9234775 tCO2, floored to 179 (min rule: 135)
    assert first.reference_emissions == pytest.approx(179.9234775, rel=1e-12)
    assert first.emission_reductions_rounded == 179


# The declared site configuration as the engine sees it: the option's 1-based position.
GRID, CAPTIVE, OFF_GRID = 1.0, 2.0, 3.0


@given(energy, factor)
def test_the_site_configuration_selects_the_factor(generation: list[float], ef: float) -> None:
    """Grid: the project's grid factor; captive or off-grid: 0.533."""
    total = sum(generation)
    for site, expected in ((GRID, ef), (CAPTIVE, 0.533), (OFF_GRID, 0.533)):
        re, pe, er = results({**{"EF_grid": ef}, "EG_i_p": [generation], "SITE": site})
        assert re == pytest.approx(total * expected, rel=1e-9, abs=1e-9)
        assert pe == 0
        assert er == re


@given(energy, factor)
def test_doubling_generation_doubles_re_and_er(generation: list[float], ef: float) -> None:
    """The equations are linear in the monitored generation."""
    assert_doubling_doubles(
        results, {**{"EF_grid": ef}, "EG_i_p": generation, "SITE": 1.0}, "EG_i_p"
    )


@given(energy, factor)
def test_credits_are_er_floored_and_never_negative(generation: list[float], ef: float) -> None:
    """A period's credits are its ER floored, never below zero."""
    _, _, er = results({**{"EF_grid": ef}, "EG_i_p": [generation], "SITE": 1.0})
    assert er >= 0
    assert_credits_floor_er(ID, er)
