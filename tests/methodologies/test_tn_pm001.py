"""TN_PM001 (semi-aerobic landfill, Tunisia, proposed): the FOD model with two MCFs.

The worked case recomputes examples/semi-aerobic-landfill-tn/ by hand with math.exp,
independently of the engine; the property tests run the compiled equations on
generated numbers (conftest.py).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import (
    EXAMPLES,
    Values,
    assert_credits_floor_er,
    calculated,
    evaluate,
    outputs,
    slack,
)

ID = "TN_PM001"
PROJECT = EXAMPLES / "semi-aerobic-landfill-tn" / "project.yaml"

# The example's batches: (mass t, deposit year, DOC, k per year)
BATCHES = ((36_000, 2024, 0.12, 0.2), (37_500, 2025, 0.12, 0.2), (39_000, 2026, 0.11, 0.2))


def decayed_doc(year: int) -> float:
    """Σ W x DOC x exp(-k (y - x)) x (1 - exp(-k)) over the batches deposited by `year`."""
    return sum(
        w * doc * math.exp(-k * (year - x)) * (1 - math.exp(-k))
        for w, x, doc, k in BATCHES
        if year >= x
    )


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/semi-aerobic-landfill-tn: three yearly batches, two calendar years."""
    p2025, p2026 = calculated(PROJECT).periods
    # Factor for MCF 1: phi (1 - f) GWP (1 - OX) 16/12 F DOC_f
    #   = 0.8 x 1 x 28 x 0.9 x 16/12 x 0.5 x 0.5 = 6.72
    factor = 0.8 * 1 * 28 * 0.9 * 16 / 12 * 0.5 * 0.5
    assert factor == pytest.approx(6.72, rel=1e-12)
    # 2025, with exp(-0.2) = 0.818731 and 1 - exp(-0.2) = 0.181269:
    #   B2024 (age 1): 36,000 x 0.12 x 0.818731 x 0.181269 = 641.1343
    #   B2025 (age 0): 37,500 x 0.12 x 0.181269 = 815.7116
    #   B2026: not yet deposited; decayed DOC = 1,456.8459 t
    #   RE = 6.72 x 1.0 x 1,456.8459 = 9,790.0042; PE = 6.72 x 0.5 x 1,456.8459 = 4,895.0021
    #   ER = 4,895.0021 -> 4,895 credits
    assert decayed_doc(2025) == pytest.approx(1_456.8459, abs=1e-4)
    assert p2025.reference_emissions == pytest.approx(factor * decayed_doc(2025), rel=1e-12)
    assert p2025.project_emissions == pytest.approx(factor * 0.5 * decayed_doc(2025), rel=1e-12)
    assert p2025.emission_reductions_rounded == 4_895
    # 2026: B2024 (age 2) 524.9163; B2025 (age 1) 667.8482; B2026 (age 0)
    #   39,000 x 0.11 x 0.181269 = 777.6451; decayed DOC = 1,970.4096 t
    #   RE = 13,241.1524; PE = 6,620.5762; ER -> 6,620 credits
    assert decayed_doc(2026) == pytest.approx(1_970.4096, abs=1e-4)
    assert p2026.reference_emissions == pytest.approx(13_241.1524, rel=1e-9)
    assert p2026.emission_reductions_rounded == 6_620


mass = st.floats(min_value=0, max_value=1e6, allow_nan=False)
years = st.integers(min_value=2000, max_value=2060)
rate = st.floats(min_value=0.01, max_value=1, allow_nan=False)
share = st.floats(min_value=0, max_value=1, allow_nan=False)


def _case(w: float, x: int, k: float, year: int, mcf_re: float, mcf_pj: float) -> Values:
    return {
        "y_p": [float(year)],
        "W_i": [w],
        "x_i": [float(x)],
        "DOC_i": [0.12],
        "k_i": [k],
        "phi": 0.8,
        "f_cap": 0.0,
        "GWP_CH4": 28.0,
        "OX": 0.1,
        "F": 0.5,
        "DOC_f": 0.5,
        "MCF_RE": mcf_re,
        "MCF_PJ": mcf_pj,
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


@settings(deadline=None)
@given(mass, years, rate, years, share, share)
def test_er_is_the_mcf_difference_times_the_decayed_methane(
    w: float, x: int, k: float, year: int, mcf_re: float, mcf_pj: float
) -> None:
    er = _results(_case(w, x, k, year, mcf_re, mcf_pj))[2]
    decayed = w * 0.12 * math.exp(-k * (year - x)) * (1 - math.exp(-k)) if year >= x else 0.0
    assert er == pytest.approx(6.72 * (mcf_re - mcf_pj) * decayed, rel=1e-9, abs=1e-9)
    assert_credits_floor_er(ID, er)


@settings(deadline=None)
@given(mass, years, rate, years, share, share)
def test_a_more_aerobic_landfill_never_lowers_er(
    w: float, x: int, k: float, year: int, mcf_re: float, lower: float
) -> None:
    """Lowering the project MCF lowers PE and leaves RE unchanged."""
    before = _results(_case(w, x, k, year, mcf_re, mcf_re))
    after = _results(_case(w, x, k, year, mcf_re, mcf_re * lower))
    assert after[0] == before[0]
    assert after[2] >= before[2] - slack(before, after)
