"""JCM_KH_AM002: solar PV in Cambodia, each day classified as a grid day or a diesel day.

The worked case recomputes examples/solar-pv-kh/ by hand; the property tests run the
compiled equations on generated numbers. The methodology uses the day index ``d``, so
the arrays here have three axes (period, PV system, day), built by ``_outputs``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jcm_mrv.engine.rounding import round_emission_reductions

from .conftest import EXAMPLES, calculated, compiled, rounding_rule

ID = "JCM_KH_AM002"
PROJECT = EXAMPLES / "solar-pv-kh" / "project.yaml"
EF_DIESEL = 0.533  # the methodology's default [likely]

generation = st.floats(min_value=0, max_value=10, allow_nan=False, allow_subnormal=False)
grid_factor = st.floats(min_value=0, max_value=1.5, allow_nan=False, allow_subnormal=False)
diesel_share = st.sampled_from([0.0, 0.25, 0.5, 1.0])


def _outputs(
    eg: list[list[float]], diesel: list[float], ef_grid: float
) -> tuple[float, float, float]:
    """RE, PE, ER of one period: ``eg[i][d]`` MWh per PV system and day, ``diesel[d]``."""
    env = {
        "EG_i_p_d": np.asarray(eg, dtype=np.float64).reshape(1, len(eg), len(diesel)),
        "DIESEL_p_d": np.asarray(diesel, dtype=np.float64).reshape(1, 1, len(diesel)),
        "EF_grid": np.full((1, 1, 1), ef_grid),
        "EF_diesel": np.full((1, 1, 1), EF_DIESEL),
    }
    values = compiled(ID).evaluate(env, 1)
    return (float(values["RE_p"][0, 0]), float(values["PE_p"][0, 0]), float(values["ER_p"][0, 0]))


def test_worked_example_matches_hand_arithmetic() -> None:
    """2 MWh a day from two inverters; the operation log classifies each day."""
    result = calculated(PROJECT)
    first, second = result.periods

    # 2025-Q1, days 1-90: 9 diesel days (EF 0.533), 9 days with both (the lower factor,
    # min(0.5, 0.533) = 0.5) and 72 grid days (EF_grid 0.5)
    # RE = 9 x 2 MWh x 0.533 + (9 + 72) x 2 MWh x 0.5 = 9.594 + 81 = 90.594, floored to 90
    assert first.reference_emissions == pytest.approx(90.594, rel=1e-12)
    assert first.project_emissions == 0
    assert first.emission_reductions_rounded == 90
    # 2025-Q2, days 91-181: 9 diesel days, 9 days with both, 73 grid days
    # RE = 9 x 2 x 0.533 + (9 + 73) x 2 x 0.5 = 9.594 + 82 = 91.594, floored to 91
    assert second.reference_emissions == pytest.approx(91.594, rel=1e-12)
    assert second.emission_reductions_rounded == 91
    # 90 + 91 = 181 credits
    assert result.totals.emission_reductions_rounded == 181


def test_with_a_grid_factor_above_the_diesel_factor_days_with_both_use_diesel() -> None:
    """EF_grid 0.6: days with both records take min(0.6, 0.533) = 0.533."""
    result = calculated(PROJECT, overrides=["EF_grid=0.6"])
    first, second = result.periods
    # Q1: (9 diesel + 9 both) x 2 MWh x 0.533 + 72 grid x 2 MWh x 0.6 = 19.188 + 86.4 = 105.588
    assert first.reference_emissions == pytest.approx(105.588, rel=1e-12)
    assert first.emission_reductions_rounded == 105
    # Q2: 18 x 2 x 0.533 + 73 x 2 x 0.6 = 19.188 + 87.6 = 106.788
    assert second.reference_emissions == pytest.approx(106.788, rel=1e-12)
    assert second.emission_reductions_rounded == 106


def test_each_day_takes_its_own_factor() -> None:
    """Three days, one PV system: a grid day, a diesel day, a day with both.

    EF_grid 0.4: RE = 10 MWh x 0.4 + 20 MWh x 0.533 + 30 MWh x min(0.4, 0.533)
                    = 4 + 10.66 + 12 = 26.66 tCO2
    """
    re, pe, er = _outputs([[10.0, 20.0, 30.0]], [0.0, 1.0, 0.5], 0.4)
    assert re == pytest.approx(26.66, rel=1e-12)
    assert pe == 0
    assert er == re


days = st.integers(min_value=1, max_value=8)
case = days.flatmap(
    lambda n: st.tuples(
        st.lists(st.lists(generation, min_size=n, max_size=n), min_size=1, max_size=3),
        st.lists(diesel_share, min_size=n, max_size=n),
    )
)


@given(case, grid_factor)
def test_re_lies_between_all_grid_and_all_diesel(
    data: tuple[list[list[float]], list[float]], ef_grid: float
) -> None:
    """Whatever the days' classification, RE lies between the two factors' totals."""
    eg, diesel = data
    total = sum(sum(row) for row in eg)
    re, _, _ = _outputs(eg, diesel, ef_grid)
    low, high = sorted((ef_grid, EF_DIESEL))
    assert total * low * (1 - 1e-12) - 1e-12 <= re <= total * high * (1 + 1e-12) + 1e-12


@given(case, grid_factor)
def test_a_day_with_both_never_counts_more_than_a_pure_grid_or_diesel_day(
    data: tuple[list[list[float]], list[float]], ef_grid: float
) -> None:
    """Marking a day as 'both' instead of grid or diesel never raises ER (conservative)."""
    eg, diesel = data
    both = [0.5] * len(diesel)
    _, _, er_both = _outputs(eg, both, ef_grid)
    assert er_both <= _outputs(eg, [0.0] * len(diesel), ef_grid)[2] * (1 + 1e-12) + 1e-12
    assert er_both <= _outputs(eg, [1.0] * len(diesel), ef_grid)[2] * (1 + 1e-12) + 1e-12


@given(case, grid_factor, grid_factor)
def test_a_larger_grid_factor_never_lowers_er(
    data: tuple[list[list[float]], list[float]], ef_grid: float, extra: float
) -> None:
    """A larger grid factor raises ER on grid days (and days with both), never lowers it."""
    eg, diesel = data
    assert _outputs(eg, diesel, ef_grid + extra)[2] >= _outputs(eg, diesel, ef_grid)[2]


@given(case, grid_factor)
def test_doubling_generation_doubles_re_and_er(
    data: tuple[list[list[float]], list[float]], ef_grid: float
) -> None:
    """The equations are linear in the monitored generation."""
    eg, diesel = data
    re, _, er = _outputs(eg, diesel, ef_grid)
    re2, pe2, er2 = _outputs([[2 * v for v in row] for row in eg], diesel, ef_grid)
    assert re2 == pytest.approx(2 * re, rel=1e-9, abs=1e-12)
    assert er2 == pytest.approx(2 * er, rel=1e-9, abs=1e-12)
    assert pe2 == 0


@given(case, grid_factor)
def test_rounded_credits_are_never_negative(
    data: tuple[list[list[float]], list[float]], ef_grid: float
) -> None:
    """Generation and factors are never negative, so neither are the credits."""
    eg, diesel = data
    _, _, er = _outputs(eg, diesel, ef_grid)
    assert round_emission_reductions(er, rounding_rule(ID)).rounded >= 0
