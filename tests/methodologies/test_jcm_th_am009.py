"""JCM_TH_AM009 (gas-engine cogeneration, Thailand): worked case and properties.

The worked case recomputes examples/cogeneration-th/ by hand; the property tests run
the compiled equations on generated numbers (conftest.py).
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
    calculated,
    evaluate,
    example_variant,
    outputs,
    slack,
)

ID = "JCM_TH_AM009"
PROJECT = EXAMPLES / "cogeneration-th" / "project.yaml"

electricity = st.floats(min_value=0, max_value=1e5, allow_nan=False)  # MWh
heat = st.floats(min_value=0, max_value=5e5, allow_nan=False)  # GJ
gas = st.floats(min_value=0, max_value=1e8, allow_nan=False)  # m3
grid = st.floats(min_value=0, max_value=1.5, allow_nan=False)
site = st.sampled_from([1.0, 2.0, 3.0])  # grid, captive, off-grid (option positions)


def _case(eg: float, hg: float, fc: float, ef_grid: float = 0.45, s_site: float = 1.0) -> Values:
    return {
        "EG_i_p": [eg, 0.0],
        "HG_i_p": [hg, 0.0],
        "FC_i_p": [fc, 0.0],
        "NCV_i": [0.036, 0.034],
        "EF_gas_i": [56.1, 55.0],
        "eta_RE": 0.9,
        "EF_fuel_RE": 77.4,
        "EF_grid": ef_grid,
        "SITE": s_site,
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/cogeneration-th: two units, monthly readings (make_data.py), grid only."""
    h1, h2 = calculated(PROJECT).periods
    # Reference heat factor: 77.4 tCO2/TJ / 0.9 = 86 tCO2/TJ = 0.086 tCO2/GJ.
    #
    # H1 (months 1-6, sum of m = 21):
    #   GE-1: electricity 6 x 1,500 + 10 x 21 = 9,210 MWh; heat 36,000 + 420 = 36,420 GJ;
    #         gas 1,800,000 + 42,000 = 1,842,000 m3
    #   GE-2: electricity 6,000 MWh; heat 24,000 GJ; gas 1,200,000 m3
    #   RE = (9,210 + 6,000) x 0.45 + (36,420 + 24,000) x 0.086
    #      = 15,210 x 0.45 + 60,420 x 0.086 = 6,844.5 + 5,196.12 = 12,040.62
    #   PE = 1,842,000 x 0.036 x 56.1 / 1000 + 1,200,000 x 0.034 x 55.0 / 1000
    #      = 66,312 GJ x 0.0561 + 40,800 GJ x 0.055 = 3,720.1032 + 2,244 = 5,964.1032
    #   ER = 6,076.5168 -> 6,076 credits
    re1 = 15_210 * 0.45 + 60_420 * 77.4 / 0.9 / 1000
    pe1 = 1_842_000 * 0.036 * 56.1 / 1000 + 1_200_000 * 0.034 * 55.0 / 1000
    assert (re1, pe1) == (pytest.approx(12_040.62), pytest.approx(5_964.1032))
    assert h1.reference_emissions == pytest.approx(re1, rel=1e-12)
    assert h1.project_emissions == pytest.approx(pe1, rel=1e-12)
    assert h1.emission_reductions == pytest.approx(6_076.5168, rel=1e-12)
    assert h1.emission_reductions_rounded == 6_076

    # H2 (months 7-12, sum of m = 57):
    #   GE-1: electricity 9,000 + 570 = 9,570 MWh; heat 36,000 + 1,140 = 37,140 GJ;
    #         gas 1,800,000 + 114,000 = 1,914,000 m3
    #   RE = 15,570 x 0.45 + 61,140 x 0.086 = 7,006.5 + 5,258.04 = 12,264.54
    #   PE = 1,914,000 x 0.036 x 0.0561 + 2,244 = 3,865.5144 + 2,244 = 6,109.5144
    #   ER = 6,155.0256 -> 6,155 credits
    assert h2.reference_emissions == pytest.approx(12_264.54, rel=1e-12)
    assert h2.project_emissions == pytest.approx(6_109.5144, rel=1e-12)
    assert h2.emission_reductions_rounded == 6_155


def test_a_site_with_a_captive_generator_uses_0_533(tmp_path: Path) -> None:
    """The factor is selected by the site's configuration, not the lower of the two."""
    captive = example_variant(PROJECT, tmp_path, "choice: grid", "choice: captive")
    h1 = calculated(captive).periods[0]
    # RE = 15,210 x 0.533 + 5,196.12 = 8,106.93 + 5,196.12 = 13,303.05
    assert h1.reference_emissions == pytest.approx(13_303.05, rel=1e-12)
    # with a grid factor below 0.533 the captive site still gets 0.533
    low = calculated(captive, overrides=["EF_grid=0.3"]).periods[0]
    assert low.reference_emissions == pytest.approx(13_303.05, rel=1e-12)


@settings(deadline=None)
@given(electricity, heat, gas, gas, grid, site)
def test_more_gas_never_raises_er(
    eg: float, hg: float, fc: float, extra: float, ef_grid: float, s_site: float
) -> None:
    """The gas is the project side: more of it for the same output never raises ER."""
    before = _results(_case(eg, hg, fc, ef_grid, s_site))
    after = _results(_case(eg, hg, fc + extra, ef_grid, s_site))
    assert after[0] == before[0]
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(electricity, heat, gas, grid, site)
def test_doubling_every_metered_value_doubles_re_pe_and_er(
    eg: float, hg: float, fc: float, ef_grid: float, s_site: float
) -> None:
    """The equations are linear in the metered electricity, heat and gas together."""
    before = _results(_case(eg, hg, fc, ef_grid, s_site))
    after = _results(_case(2 * eg, 2 * hg, 2 * fc, ef_grid, s_site))
    for single, double in zip(before, after, strict=True):
        assert double == pytest.approx(2 * single, rel=1e-9, abs=slack(before, after))


@settings(deadline=None)
@given(electricity, heat, gas, grid, site)
def test_credits_floor_er(eg: float, hg: float, fc: float, ef_grid: float, s_site: float) -> None:
    """Whatever the readings, a period's credits are its ER floored, never negative."""
    assert_credits_floor_er(ID, _results(_case(eg, hg, fc, ef_grid, s_site))[2])
