"""JCM_PH_AM001: run-of-river hydro power in the Philippines.

The worked case recomputes examples/hydro-ph/ by hand (daily readings, the same every day;
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

ID = "JCM_PH_AM001"
PROJECT = EXAMPLES / "hydro-ph" / "project.yaml"

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
    """UNIT-1 12,000.0 kWh and UNIT-2 9,600.5 kWh a day: 21,600.5 kWh a day."""
    result = calculated(PROJECT)
    first, second = result.periods
    # EF_grid 0.7 tCO2/MWh (illustrative)
    # Q1: 90 x 21,600.5 kWh = 1,944,045 kWh = 1,944.045 MWh
    #     RE = 1,944.045 x 0.7 = 1,360.8315 tCO2 -> 1,360
    assert first.reference_emissions == pytest.approx(1360.8315, rel=1e-12)
    assert first.emission_reductions_rounded == 1360
    # Q2: 91 x 21,600.5 kWh = 1,965,645.5 kWh = 1,965.6455 MWh
    #     RE = 1,965.6455 x 0.7 = 1,375.95185 tCO2 -> 1,375
    assert second.reference_emissions == pytest.approx(1375.95185, rel=1e-12)
    assert second.emission_reductions_rounded == 1375
    assert result.totals.emission_reductions_rounded == 2735


@given(energy, factor)
def test_re_is_the_supply_times_the_grid_factor(generation: list[float], ef: float) -> None:
    """RE = sum of the units' supply x EF_grid; the plant emits nothing."""
    re, pe, er = results({"EG_i_p": [generation], "EF_grid": ef})
    assert re == pytest.approx(sum(generation) * ef, rel=1e-9, abs=1e-9)
    assert pe == 0
    assert er == re
    assert_credits_floor_er(ID, er)


@given(energy, factor)
def test_doubling_generation_doubles_re_and_er(generation: list[float], ef: float) -> None:
    """The equations are linear in the monitored supply."""
    assert_doubling_doubles(results, {"EG_i_p": generation, "EF_grid": ef}, "EG_i_p")
