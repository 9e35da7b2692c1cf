"""JCM_MV_AM001: solar PV in the Maldives, displacing grid and captive genset power.

The worked case recomputes examples/solar-pv-mv/ by hand (daily readings, the same every day;
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

ID = "JCM_MV_AM001"
PROJECT = EXAMPLES / "solar-pv-mv" / "project.yaml"

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
    """PV-1 300.0 kWh and PV-2 200.0 kWh a day: 500.0 kWh a day; grid and captive gensets."""
    result = calculated(PROJECT)
    first, second = result.periods
    # SITE grid-and-captive: EF_RE = min(EF_grid 0.7, EF_captive 0.65) = 0.65 tCO2/MWh
    # Q1: 90 x 500 kWh = 45,000 kWh = 45 MWh; RE = 45 x 0.65 = 29.25 tCO2 -> 29
    assert first.reference_emissions == pytest.approx(29.25, rel=1e-12)
    assert first.emission_reductions_rounded == 29
    # Q2: 91 x 500 kWh = 45,500 kWh = 45.5 MWh; RE = 45.5 x 0.65 = 29.575 tCO2 -> 29
    assert second.reference_emissions == pytest.approx(29.575, rel=1e-12)
    assert second.emission_reductions_rounded == 29
    assert result.totals.emission_reductions_rounded == 58


def test_a_grid_only_site_takes_the_grid_factor() -> None:
    """SITE grid: 45 MWh x 0.7 = 31.5 tCO2 in Q1, floored to 31."""
    first = calculated(PROJECT, overrides=["SITE=1"]).periods[0]
    assert first.reference_emissions == pytest.approx(31.5, rel=1e-12)
    assert first.emission_reductions_rounded == 31


# The declared site configuration as the engine sees it: the option's 1-based position.
GRID, CAPTIVE, BOTH = 1.0, 2.0, 3.0


@given(energy, factor)
def test_the_site_configuration_selects_the_factor(generation: list[float], ef: float) -> None:
    """Grid only: the grid factor; captive only: the captive factor; both: the lower."""
    total = sum(generation)
    for site, expected in ((GRID, ef), (CAPTIVE, 0.65), (BOTH, min(ef, 0.65))):
        re, pe, er = results(
            {**{"EF_grid": ef, "EF_captive": 0.65}, "EG_i_p": [generation], "SITE": site}
        )
        assert re == pytest.approx(total * expected, rel=1e-9, abs=1e-9)
        assert pe == 0
        assert er == re


@given(energy, factor)
def test_doubling_generation_doubles_re_and_er(generation: list[float], ef: float) -> None:
    """The equations are linear in the monitored generation."""
    assert_doubling_doubles(
        results,
        {**{"EF_grid": ef, "EF_captive": 0.65}, "EG_i_p": generation, "SITE": 1.0},
        "EG_i_p",
    )


@given(energy, factor)
def test_credits_are_er_floored_and_never_negative(generation: list[float], ef: float) -> None:
    """A period's credits are its ER floored, never below zero."""
    _, _, er = results({**{"EF_grid": ef, "EF_captive": 0.65}, "EG_i_p": [generation], "SITE": 1.0})
    assert er >= 0
    assert_credits_floor_er(ID, er)
