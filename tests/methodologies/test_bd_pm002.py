"""BD_PM002: solar PV in Bangladesh (proposed), grid, diesel or gas generator factor.

The worked case recomputes examples/solar-pv-bd/ by hand (daily readings, the same every day;
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

ID = "BD_PM002"
PROJECT = EXAMPLES / "solar-pv-bd" / "project.yaml"

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
    """PV-1 700.0 kWh and PV-2 650.5 kWh a day: 1,350.5 kWh a day; a gas generator site."""
    result = calculated(PROJECT)
    first, second = result.periods
    # SITE gas: EF_RE = EF_gas = 0.45 tCO2/MWh
    # Q1: 90 x 1,350.5 kWh = 121,545 kWh = 121.545 MWh
    #     RE = 121.545 x 0.45 = 54.69525 tCO2 -> 54
    assert first.reference_emissions == pytest.approx(54.69525, rel=1e-12)
    assert first.emission_reductions_rounded == 54
    # Q2: 91 x 1,350.5 kWh = 122,895.5 kWh = 122.8955 MWh
    #     RE = 122.8955 x 0.45 = 55.302975 tCO2 -> 55
    assert second.reference_emissions == pytest.approx(55.302975, rel=1e-12)
    assert second.emission_reductions_rounded == 55
    assert result.totals.emission_reductions_rounded == 109


@pytest.mark.parametrize(("site", "re"), [("SITE=1", 72.927), ("SITE=2", 64.783485)])
def test_grid_and_diesel_sites(site: str, re: float) -> None:
    """Q1 121.545 MWh: grid x 0.6 = 72.927 tCO2; diesel x 0.533 = 64.783485 tCO2."""
    first = calculated(PROJECT, overrides=[site]).periods[0]
    assert first.reference_emissions == pytest.approx(re, rel=1e-12)


# The declared site configuration as the engine sees it: the option's 1-based position.
GRID, DIESEL, GAS = 1.0, 2.0, 3.0


@given(energy, factor)
def test_the_site_configuration_selects_the_factor(generation: list[float], ef: float) -> None:
    """Grid: the grid factor; diesel: 0.533; gas: the gas generator factor."""
    total = sum(generation)
    for site, expected in ((GRID, ef), (DIESEL, 0.533), (GAS, 0.45)):
        re, pe, er = results(
            {**{"EF_grid": ef, "EF_gas": 0.45}, "EG_i_p": [generation], "SITE": site}
        )
        assert re == pytest.approx(total * expected, rel=1e-9, abs=1e-9)
        assert pe == 0
        assert er == re


@given(energy, factor)
def test_doubling_generation_doubles_re_and_er(generation: list[float], ef: float) -> None:
    """The equations are linear in the monitored generation."""
    assert_doubling_doubles(
        results, {**{"EF_grid": ef, "EF_gas": 0.45}, "EG_i_p": generation, "SITE": 1.0}, "EG_i_p"
    )


@given(energy, factor)
def test_credits_are_er_floored_and_never_negative(generation: list[float], ef: float) -> None:
    """A period's credits are its ER floored, never below zero."""
    _, _, er = results({**{"EF_grid": ef, "EF_gas": 0.45}, "EG_i_p": [generation], "SITE": 1.0})
    assert er >= 0
    assert_credits_floor_er(ID, er)
