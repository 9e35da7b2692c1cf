"""JCM_MM_AM005 (WHR power in cement plants, Myanmar): worked case and properties.

The worked case recomputes examples/whr-cement-mm/ by hand; the property tests run the
compiled equations on generated numbers (conftest.py).
"""

from __future__ import annotations

from pathlib import Path

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
    example_variant,
    outputs,
)

ID = "JCM_MM_AM005"
PROJECT = EXAMPLES / "whr-cement-mm" / "project.yaml"

net_mwh = st.floats(min_value=0, max_value=1e5, allow_nan=False)
days = st.floats(min_value=0, max_value=366, allow_nan=False)
rated_mw = st.floats(min_value=0, max_value=100, allow_nan=False)
grid = st.floats(min_value=0, max_value=1.5, allow_nan=False)
site = st.sampled_from([1.0, 2.0, 3.0])  # grid, captive, off-grid (option positions)


def _case(eg: float, d: float, p_whr: float = 8.0, ef_grid: float = 0.6, s: float = 2.0) -> Values:
    return {"EG_net_p": [eg], "D_p": [d], "P_WHR": p_whr, "EF_grid": ef_grid, "SITE": s}


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/whr-cement-mm: 150 MWh per operating day (make_data.py), captive site."""
    h1, h2 = calculated(PROJECT).periods
    # H1 days: 31 + 28 + 31 + 15 (kiln stop) + 31 + 30 = 166; net 166 x 150 = 24,900 MWh
    # cap: 8 MW x 24 h x 166 d = 31,872 MWh > 24,900, so the metered figure counts.
    # The plant has a captive generator (SITE: captive): EF = 0.533, not EF_grid 0.6.
    # RE = 24,900 x 0.533 = 13,271.7; PE = 0; 13,271 credits.
    assert h1.reference_emissions == pytest.approx(24_900 * 0.533, rel=1e-12)
    assert h1.reference_emissions == pytest.approx(13_271.7, rel=1e-12)
    assert h1.project_emissions == 0
    assert h1.emission_reductions_rounded == 13_271
    # H2 days: 31 + 31 + 30 + 31 + 0 (overhaul) + 31 = 154; 154 x 150 = 23,100 MWh
    # RE = 23,100 x 0.533 = 12,312.3; 12,312 credits.
    assert h2.reference_emissions == pytest.approx(12_312.3, rel=1e-12)
    assert h2.emission_reductions_rounded == 12_312


def test_the_operating_days_cap_the_credited_electricity() -> None:
    """A meter reading above the rated output over the operating days is not credited."""
    h1 = calculated(PROJECT, overrides=["P_WHR=5"]).periods[0]
    # cap: 5 MW x 24 h x 166 d = 19,920 MWh < 24,900 MWh; RE = 19,920 x 0.533 = 10,617.36
    assert h1.reference_emissions == pytest.approx(5 * 24 * 166 * 0.533, rel=1e-12)
    assert h1.emission_reductions_rounded == 10_617


def test_a_grid_only_plant_uses_the_grid_factor(tmp_path: Path) -> None:
    grid = example_variant(PROJECT, tmp_path, "choice: captive", "choice: grid")
    h1 = calculated(grid).periods[0]
    # RE = 24,900 x 0.6 = 14,940
    assert h1.reference_emissions == pytest.approx(14_940, rel=1e-12)


@settings(deadline=None)
@given(net_mwh, days, rated_mw, grid, site)
def test_never_more_than_the_metered_net_supply(
    eg: float, d: float, p_whr: float, ef_grid: float, s: float
) -> None:
    """The cap can only lower RE below metered net supply x factor; PE is always 0."""
    re, pe, er = _results(_case(eg, d, p_whr, ef_grid, s))
    factor = ef_grid if s == 1.0 else 0.533
    assert pe == 0
    assert 0 <= re <= eg * factor * (1 + 1e-12)
    assert_credits_floor_er(ID, er)


@settings(deadline=None)
@given(net_mwh, days, grid, site)
def test_doubling_supply_and_days_doubles_er(eg: float, d: float, ef_grid: float, s: float) -> None:
    """Linear in the monitored values taken together (the cap scales with the days)."""
    before = _results(_case(eg, d, 8.0, ef_grid, s))
    after = _results(_case(2 * eg, 2 * d, 8.0, ef_grid, s))
    for single, double in zip(before, after, strict=True):
        assert double == pytest.approx(2 * single, rel=1e-9, abs=1e-9)


@settings(deadline=None)
@given(net_mwh, grid, site)
def test_with_the_cap_far_away_er_is_linear_in_the_supply(
    eg: float, ef_grid: float, s: float
) -> None:
    assert_doubling_doubles(_results, _case(eg, 366, 100.0, ef_grid, s), "EG_net_p")
