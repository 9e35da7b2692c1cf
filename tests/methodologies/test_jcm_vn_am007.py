"""JCM_VN_AM007: solar PV in Viet Nam, grid or diesel factor by site configuration.

The worked case recomputes examples/solar-pv-vn/ by hand (daily readings, the same every day;
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

ID = "JCM_VN_AM007"
PROJECT = EXAMPLES / "solar-pv-vn" / "project.yaml"

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
    """INV-A 820.0 kWh and INV-B 610.25 kWh a day: 1,430.25 kWh a day; a captive site."""
    result = calculated(PROJECT)
    first, second = result.periods
    # SITE captive: EF_RE = EF_captive = 0.533 tCO2/MWh (EF_grid 0.6 is not used)
    # Q1: 90 x 1,430.25 kWh = 128,722.5 kWh = 128.7225 MWh
    #     RE = 128.7225 x 0.533 = 68.6090925 tCO2; ER floored to 68
    assert first.reference_emissions == pytest.approx(68.6090925, rel=1e-12)
    assert first.project_emissions == 0
    assert first.emission_reductions_rounded == 68
    # Q2: 91 x 1,430.25 kWh = 130,152.75 kWh = 130.15275 MWh
    #     RE = 130.15275 x 0.533 = 69.37141575 tCO2; ER floored to 69
    assert second.reference_emissions == pytest.approx(69.37141575, rel=1e-12)
    assert second.emission_reductions_rounded == 69
    assert result.totals.emission_reductions_rounded == 68 + 69


def test_a_grid_site_takes_the_grid_factor() -> None:
    """SITE grid: EF_grid 0.6, though it is above 0.533 (no minimum of the two)."""
    first = calculated(PROJECT, overrides=["SITE=1"]).periods[0]
    # Q1: 128.7225 MWh x 0.6 = 77.2335 tCO2, floored to 77
    assert first.reference_emissions == pytest.approx(77.2335, rel=1e-12)
    assert first.emission_reductions_rounded == 77


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
