"""JCM_KE_AM002: solar PV in Kenya, displacing grid and/or captive fossil-fuel power.

The worked case recomputes examples/solar-pv-ke/ by hand; the property tests run the
compiled equations on generated numbers.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jcm_mrv
from jcm_mrv.engine.rounding import round_emission_reductions

from .conftest import EXAMPLES, evaluate, outputs, rounding_rule

ID = "JCM_KE_AM002"
PROJECT = EXAMPLES / "solar-pv-ke" / "project.yaml"

generation_mwh = st.lists(
    st.floats(min_value=0, max_value=100_000, allow_nan=False, allow_subnormal=False),
    min_size=1,
    max_size=5,
)
grid_factor = st.floats(min_value=0, max_value=1.5, allow_nan=False, allow_subnormal=False)
captive_factor = grid_factor

# The declared site configuration as the engine sees it: the option's 1-based position.
GRID, CAPTIVE, BOTH = 1.0, 2.0, 3.0


def _values(
    generation: list[float], ef_grid: float, ef_captive: float = 0.533, site: float = BOTH
) -> dict[str, float | list[float] | list[list[float]]]:
    return {"EG_i_p": [generation], "EF_grid": ef_grid, "EF_captive": ef_captive, "SITE": site}


def test_worked_example_matches_hand_arithmetic() -> None:
    """Daily readings: INV-01 400.0 kWh, INV-02 250.5 kWh, together 650.5 kWh a day."""
    result = jcm_mrv.calculate(PROJECT)
    first, second = result.periods

    # SITE grid-and-captive: EF_RE = min(EF_grid 0.45, EF_captive 0.533) = 0.45 tCO2/MWh
    # January to May: 31 + 28 + 31 + 30 + 31 = 151 days
    # EG = 151 x 650.5 kWh = 98,225.5 kWh = 98.2255 MWh
    # RE = 98.2255 x 0.45 = 44.201475 tCO2; PE = 0; ER = 44.201475, floored to 44
    assert first.reference_emissions == pytest.approx(44.201475, rel=1e-12)
    assert first.project_emissions == 0
    assert first.emission_reductions_rounded == 44
    # June to December: 30 + 31 + 31 + 30 + 31 + 30 + 31 = 214 days
    # EG = 214 x 650.5 kWh = 139,207 kWh = 139.207 MWh
    # RE = 139.207 x 0.45 = 62.64315 tCO2; ER floored to 62
    assert second.reference_emissions == pytest.approx(62.64315, rel=1e-12)
    assert second.emission_reductions_rounded == 62
    # 44 + 62 = 106 credits
    assert result.totals.emission_reductions_rounded == 106


def test_a_grid_factor_above_the_captive_factor_gives_way_to_it() -> None:
    """At a site with both, EF_grid 0.8 gives way to the lower captive factor 0.533."""
    result = jcm_mrv.calculate(PROJECT, overrides=["EF_grid=0.8"])
    first, second = result.periods
    # RE = 98.2255 MWh x 0.533 = 52.3541915 tCO2, floored to 52
    assert first.reference_emissions == pytest.approx(52.3541915, rel=1e-12)
    assert first.emission_reductions_rounded == 52
    # RE = 139.207 MWh x 0.533 = 74.197331 tCO2, floored to 74
    assert second.reference_emissions == pytest.approx(74.197331, rel=1e-12)
    assert second.emission_reductions_rounded == 74


@given(generation_mwh, grid_factor, captive_factor)
def test_the_site_configuration_selects_the_factor(
    generation: list[float], ef_grid: float, ef_captive: float
) -> None:
    """Grid only: the grid factor; captive only: the captive factor; both: the lower."""
    total = sum(generation)
    for site, factor in (
        (GRID, ef_grid),
        (CAPTIVE, ef_captive),
        (BOTH, min(ef_grid, ef_captive)),
    ):
        values = _values(generation, ef_grid, ef_captive, site)
        re, pe, er = outputs(ID, evaluate(ID, values))
        assert re == pytest.approx(total * factor, rel=1e-9, abs=1e-12)
        assert pe == 0
        assert er == re


def test_any_fossil_fuel_captive_factor_is_the_projects() -> None:
    """A captive-only site (e.g. heavy fuel oil) takes the project's captive factor."""
    result = jcm_mrv.calculate(PROJECT, overrides=["SITE=2", "EF_captive=0.7"])
    # January to May: 98.2255 MWh x 0.7 = 68.75785 tCO2, floored to 68
    assert result.periods[0].reference_emissions == pytest.approx(68.75785, rel=1e-12)
    assert result.periods[0].emission_reductions_rounded == 68


@given(
    generation_mwh,
    grid_factor,
    st.floats(min_value=0, max_value=1.5, allow_nan=False, allow_subnormal=False),
)
def test_a_larger_grid_factor_never_lowers_er(
    generation: list[float], ef_grid: float, extra: float
) -> None:
    """A larger grid factor raises ER up to the captive factor, and no further."""
    _, _, er = outputs(ID, evaluate(ID, _values(generation, ef_grid)))
    larger = evaluate(ID, _values(generation, ef_grid + extra))
    _, _, er_larger = outputs(ID, larger)
    assert er_larger >= er
    assert er_larger <= sum(generation) * 0.533 * (1 + 1e-12)


@given(generation_mwh, grid_factor)
def test_doubling_generation_doubles_re_and_er(generation: list[float], ef_grid: float) -> None:
    """The equations are linear in the monitored generation."""
    re, _, er = outputs(ID, evaluate(ID, _values(generation, ef_grid)))
    doubled = _values([2 * g for g in generation], ef_grid)
    re2, pe2, er2 = outputs(ID, evaluate(ID, doubled))
    assert re2 == pytest.approx(2 * re, rel=1e-9, abs=1e-12)
    assert er2 == pytest.approx(2 * er, rel=1e-9, abs=1e-12)
    assert pe2 == 0


@given(generation_mwh, grid_factor)
def test_rounded_credits_are_never_negative(generation: list[float], ef_grid: float) -> None:
    """Generation and factors are never negative, so neither are the credits."""
    _, _, er = outputs(ID, evaluate(ID, _values(generation, ef_grid)))
    assert round_emission_reductions(er, rounding_rule(ID)).rounded >= 0
