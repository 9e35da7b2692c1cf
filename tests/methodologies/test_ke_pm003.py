"""KE_PM003: run-of-river small hydro in Kenya (proposed), net = gross - auxiliary.

The worked case recomputes examples/hydro-ke/ by hand (daily readings, the same every day;
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

ID = "KE_PM003"
PROJECT = EXAMPLES / "hydro-ke" / "project.yaml"

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
    """UNIT-1 5,000 kWh and UNIT-2 4,000 kWh gross a day; the plant uses 150 kWh a day."""
    result = calculated(PROJECT)
    first, second = result.periods
    # Net a day: 5,000 + 4,000 - 150 = 8,850 kWh; EF_grid 0.5 tCO2/MWh (illustrative)
    # Q1: 90 x 8,850 kWh = 796,500 kWh = 796.5 MWh; RE = 796.5 x 0.5 = 398.25 tCO2 -> 398
    assert first.reference_emissions == pytest.approx(398.25, rel=1e-12)
    assert first.emission_reductions_rounded == 398
    # Q2: 91 x 8,850 kWh = 805,350 kWh = 805.35 MWh; RE = 805.35 x 0.5 = 402.675 -> 402
    assert second.reference_emissions == pytest.approx(402.675, rel=1e-12)
    assert second.emission_reductions_rounded == 402
    assert result.totals.emission_reductions_rounded == 800


aux = st.floats(min_value=0, max_value=1_000, allow_nan=False, allow_subnormal=False)


@given(energy, aux, factor)
def test_auxiliary_consumption_is_deducted(gross: list[float], ec_aux: float, ef: float) -> None:
    """RE = (gross - auxiliary) x EF_grid; more auxiliary consumption never raises ER."""
    re, pe, er = results({"EG_gross_i_p": [gross], "EC_aux_p": [ec_aux], "EF_grid": ef})
    assert re == pytest.approx((sum(gross) - ec_aux) * ef, rel=1e-9, abs=1e-9)
    assert pe == 0
    more = results({"EG_gross_i_p": [gross], "EC_aux_p": [ec_aux + 10], "EF_grid": ef})
    assert more[2] <= er + 1e-9
    assert_credits_floor_er(ID, er)


@given(energy, aux, factor)
def test_doubling_gross_and_auxiliary_doubles_re(
    gross: list[float], ec_aux: float, ef: float
) -> None:
    """The equations are linear in the monitored energy."""
    before = results({"EG_gross_i_p": [gross], "EC_aux_p": [ec_aux], "EF_grid": ef})
    doubled = [2 * g for g in gross]
    after = results({"EG_gross_i_p": [doubled], "EC_aux_p": [2 * ec_aux], "EF_grid": ef})
    assert after[0] == pytest.approx(2 * before[0], rel=1e-9, abs=1e-9)
    values: Values = {"EG_gross_i_p": gross, "EC_aux_p": [0.0], "EF_grid": ef}
    assert_doubling_doubles(results, values, "EG_gross_i_p")
