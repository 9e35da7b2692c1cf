"""JCM_ID_AM017: solar PV with a storage battery in Indonesia.

The worked case recomputes examples/solar-pv-battery-id/ by hand (daily readings, the
same every day; 2025-Q1 has 90 days, 2025-Q2 91); the property tests run the compiled equations on
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

ID = "JCM_ID_AM017"
PROJECT = EXAMPLES / "solar-pv-battery-id" / "project.yaml"

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
    """PV 1,000 + 800 kWh a day; the battery takes 400 kWh and gives back 360 kWh a day."""
    result = calculated(PROJECT)
    first, second = result.periods
    # Supplied a day: 1,800 - 400 + 360 = 1,760 kWh (the battery's 40 kWh loss deducted)
    # SITE grid: EF_RE = EF_grid = 0.75 tCO2/MWh
    # Q1: 90 x 1,760 kWh = 158,400 kWh = 158.4 MWh; RE = 158.4 x 0.75 = 118.8 tCO2 -> 118
    assert first.reference_emissions == pytest.approx(118.8, rel=1e-12)
    assert first.emission_reductions_rounded == 118
    # Q2: 91 x 1,760 kWh = 160,160 kWh = 160.16 MWh; RE = 160.16 x 0.75 = 120.12 -> 120
    assert second.reference_emissions == pytest.approx(120.12, rel=1e-12)
    assert second.emission_reductions_rounded == 120
    assert result.totals.emission_reductions_rounded == 238


battery = st.tuples(
    st.floats(min_value=0, max_value=1_000, allow_nan=False, allow_subnormal=False),
    st.floats(min_value=0, max_value=1, allow_nan=False, allow_subnormal=False),
)


@given(energy, battery, factor)
def test_battery_losses_never_add_credits(
    generation: list[float], charge_and_efficiency: tuple[float, float], ef: float
) -> None:
    """Storing part of the output (a discharge no larger than the charge) never raises RE."""
    charge, efficiency = charge_and_efficiency
    base = {"EG_i_p": [generation], "EF_grid": ef, "SITE": 1.0}
    direct, _, _ = results({**base, "EC_BAT_p": [0.0], "ED_BAT_p": [0.0]})
    stored, _, _ = results({**base, "EC_BAT_p": [charge], "ED_BAT_p": [charge * efficiency]})
    assert stored <= direct + 1e-9
    assert stored == pytest.approx(
        (sum(generation) - charge + charge * efficiency) * ef, rel=1e-9, abs=1e-9
    )


@given(energy, factor)
def test_doubling_all_energy_doubles_re_and_er(generation: list[float], ef: float) -> None:
    """The equations are linear in the monitored energy (output, charge and discharge)."""
    values: Values = {"EG_i_p": generation, "EF_grid": ef, "SITE": 1.0}
    before = results({**values, "EC_BAT_p": [40.0], "ED_BAT_p": [36.0]})
    after = results(
        {**values, "EG_i_p": [2 * g for g in generation], "EC_BAT_p": [80.0], "ED_BAT_p": [72.0]}
    )
    for single, double in zip(before, after, strict=True):
        assert double == pytest.approx(2 * single, rel=1e-9, abs=1e-9)
    assert_doubling_doubles(results, {**values, "EC_BAT_p": [0.0], "ED_BAT_p": [0.0]}, "EG_i_p")
    assert_credits_floor_er(ID, after[2])
