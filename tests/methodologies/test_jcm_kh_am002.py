"""JCM_KH_AM002: solar PV in Cambodia, each day's category (grid or diesel) monitored.

The worked case recomputes examples/solar-pv-kh/ by hand; the property tests run the
compiled equations on generated numbers. The methodology uses the day index ``d``, so
the arrays here have three axes (period, PV system, day), built by ``_outputs``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import jcm_mrv
from jcm_mrv.engine.rounding import round_emission_reductions

from .conftest import EXAMPLES, compiled, rounding_rule

ID = "JCM_KH_AM002"
PROJECT = EXAMPLES / "solar-pv-kh" / "project.yaml"
EF_DIESEL = 0.533  # the methodology's default

generation = st.floats(min_value=0, max_value=10, allow_nan=False, allow_subnormal=False)
grid_factor = st.floats(min_value=0, max_value=1.5, allow_nan=False, allow_subnormal=False)
diesel_share = st.sampled_from([0.0, 1.0])  # a day's category: grid 0, diesel 1


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
    """2 MWh a day from two inverters; the operation log gives each day's category."""
    result = jcm_mrv.calculate(PROJECT)
    first, second = result.periods

    # 2025-Q1, days 1-90: 18 diesel days (5, 10 ... 90; EF 0.533), 72 grid days (EF 0.5)
    # RE = 18 x 2 MWh x 0.533 + 72 x 2 MWh x 0.5 = 19.188 + 72 = 91.188, floored to 91
    assert first.reference_emissions == pytest.approx(91.188, rel=1e-12)
    assert first.project_emissions == 0
    assert first.emission_reductions_rounded == 91
    # 2025-Q2, days 91-181: 18 diesel days (95, 100 ... 180), 73 grid days
    # RE = 18 x 2 x 0.533 + 73 x 2 x 0.5 = 19.188 + 73 = 92.188, floored to 92
    assert second.reference_emissions == pytest.approx(92.188, rel=1e-12)
    assert second.emission_reductions_rounded == 92
    # 91 + 92 = 183 credits (before the correction, days with both categories took the
    # minimum of the two factors and the example gave 181)
    assert result.totals.emission_reductions_rounded == 183


def test_a_grid_factor_above_the_diesel_factor_stays_on_grid_days() -> None:
    """EF_grid 0.6: grid days take 0.6, diesel days 0.533; no day takes a minimum."""
    result = jcm_mrv.calculate(PROJECT, overrides=["EF_grid=0.6"])
    first, second = result.periods
    # Q1: 18 diesel x 2 MWh x 0.533 + 72 grid x 2 MWh x 0.6 = 19.188 + 86.4 = 105.588
    assert first.reference_emissions == pytest.approx(105.588, rel=1e-12)
    assert first.emission_reductions_rounded == 105
    # Q2: 18 x 2 x 0.533 + 73 x 2 x 0.6 = 19.188 + 87.6 = 106.788
    assert second.reference_emissions == pytest.approx(106.788, rel=1e-12)
    assert second.emission_reductions_rounded == 106


def test_each_day_takes_the_factor_of_its_category() -> None:
    """Three days, one PV system: a grid day, a diesel day, a grid day.

    EF_grid 0.4: RE = 10 MWh x 0.4 + 20 MWh x 0.533 + 30 MWh x 0.4
                    = 4 + 10.66 + 12 = 26.66 tCO2
    """
    re, pe, er = _outputs([[10.0, 20.0, 30.0]], [0.0, 1.0, 0.0], 0.4)
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
def test_re_is_the_sum_of_each_days_generation_at_its_categorys_factor(
    data: tuple[list[list[float]], list[float]], ef_grid: float
) -> None:
    """No minimum of the two factors: a day's factor is its category's, as the source says."""
    eg, diesel = data
    expected = sum(
        row[d] * (EF_DIESEL if diesel[d] > 0 else ef_grid) for row in eg for d in range(len(diesel))
    )
    re, _, _ = _outputs(eg, diesel, ef_grid)
    assert re == pytest.approx(expected, rel=1e-9, abs=1e-12)


@given(case, grid_factor, grid_factor)
def test_a_larger_grid_factor_never_lowers_er(
    data: tuple[list[list[float]], list[float]], ef_grid: float, extra: float
) -> None:
    """A larger grid factor raises ER on grid days, never lowers it."""
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
