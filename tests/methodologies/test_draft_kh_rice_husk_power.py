"""DRAFT_KH_RICE_HUSK_POWER (our draft, not a JCM methodology): worked case, properties.

The worked case recomputes examples/rice-husk-power-kh/ by hand; the property tests run
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

ID = "DRAFT_KH_RICE_HUSK_POWER"
PROJECT = EXAMPLES / "rice-husk-power-kh" / "project.yaml"

energy = st.floats(min_value=0, max_value=1e5, allow_nan=False)  # MWh
tonnes = st.floats(min_value=0, max_value=1e3, allow_nan=False)
grid = st.floats(min_value=0, max_value=1.5, allow_nan=False)
site = st.sampled_from([1.0, 2.0, 3.0])  # grid, captive, off-grid (option positions)


def _case(gross: float, aux: float, fuels: list[float], ef_grid: float, s: float) -> Values:
    return {
        "EG_gross_p": [gross],
        "EC_aux_p": [aux],
        "FC_j_p": fuels,
        "NCV_j": [43.0, 40.4],
        "EF_j": [74.1, 77.4],
        "EF_grid": ef_grid,
        "SITE": s,
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/rice-husk-power-kh: generation and two fuels, one point per fuel."""
    h1, h2 = calculated(PROJECT).periods
    # Fuels per half-year: DSL 6 x 2 = 12 t x 43 GJ/t = 516 GJ x 74.1 / 1000 = 38.2356;
    #   HFO 6 x 5 = 30 t x 40.4 GJ/t = 1,212 GJ x 77.4 / 1000 = 93.8088; PE = 132.0444
    pe = 12 * 43 * 74.1 / 1000 + 30 * 40.4 * 77.4 / 1000
    assert pe == pytest.approx(132.0444, rel=1e-12)
    # H1 (sum of m = 21): gross 18,000 + 210 = 18,210 MWh; auxiliary 1,800 MWh
    #   net 16,410 MWh x 0.6 (grid only) = 9,846; ER = 9,713.9556 -> 9,713 credits
    assert h1.reference_emissions == pytest.approx(9_846, rel=1e-12)
    assert h1.project_emissions == pytest.approx(pe, rel=1e-12)
    assert h1.emission_reductions_rounded == 9_713
    # H2 (sum of m = 57): gross 18,570; net 16,770 x 0.6 = 10,062; ER 9,929.9556 -> 9,929
    assert h2.reference_emissions == pytest.approx(10_062, rel=1e-12)
    assert h2.emission_reductions_rounded == 9_929


def test_an_off_grid_plant_uses_0_533(tmp_path: Path) -> None:
    off_grid = example_variant(PROJECT, tmp_path, "choice: grid", "choice: off-grid")
    h1 = calculated(off_grid).periods[0]
    # 16,410 MWh x 0.533 = 8,746.53
    assert h1.reference_emissions == pytest.approx(8_746.53, rel=1e-12)


@settings(deadline=None)
@given(energy, energy, tonnes, tonnes, tonnes, grid, site)
def test_more_fossil_fuel_or_auxiliary_use_never_raises_er(
    gross: float, aux: float, dsl: float, hfo: float, extra: float, ef_grid: float, s: float
) -> None:
    base = _results(_case(gross, aux, [dsl, hfo], ef_grid, s))
    for more in (
        _case(gross, aux, [dsl + extra, hfo], ef_grid, s),
        _case(gross, aux, [dsl, hfo + extra], ef_grid, s),
        _case(gross, aux + extra, [dsl, hfo], ef_grid, s),
    ):
        after = _results(more)
        assert after[2] <= base[2] + slack(base, after)
    assert_credits_floor_er(ID, base[2])
