"""JCM_VN_AM004 (anaerobic digestion of market waste, Viet Nam): the FOD model.

The worked case recomputes examples/anaerobic-digestion-vn/ by hand with math.exp,
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

ID = "JCM_VN_AM004"
PROJECT = EXAMPLES / "anaerobic-digestion-vn" / "project.yaml"

# The example's batches: (mass t, deposit year, DOC, k per year)
BATCHES = {
    "B2024": (3650, 2024, 0.15, 0.4),
    "B2025": (3800, 2025, 0.15, 0.4),
    "B2025-P": (200, 2025, 0.4, 0.07),
    "B2026": (3900, 2026, 0.15, 0.4),
}


def decayed_doc(year: int) -> float:
    """Σ W x DOC x exp(-k (y - x)) x (1 - exp(-k)) over the batches deposited by `year`."""
    return sum(
        w * doc * math.exp(-k * (year - x)) * (1 - math.exp(-k))
        for w, x, doc, k in BATCHES.values()
        if year >= x
    )


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/anaerobic-digestion-vn: four batches, two calendar-year periods."""
    p2025, p2026 = calculated(PROJECT).periods
    # Constant factor: phi (1 - f) GWP (1 - OX) 16/12 F DOC_f MCF
    #   = 0.85 x 1 x 25 x 0.9 x 16/12 x 0.5 x 0.5 x 0.8 = 5.1 (tCO2 per t decayed DOC)
    factor = 0.85 * 1 * 25 * 0.9 * 16 / 12 * 0.5 * 0.5 * 0.8
    assert factor == pytest.approx(5.1, rel=1e-12)
    # 2025, with exp(-0.4) = 0.670320, 1 - exp(-0.4) = 0.329680,
    #   exp(-0.07) = 0.932394, 1 - exp(-0.07) = 0.067606:
    #   B2024 (age 1): 3,650 x 0.15 x 0.670320 x 0.329680 = 120.9926
    #   B2025 (age 0): 3,800 x 0.15 x 1 x 0.329680 = 187.9176
    #   B2025-P (age 0): 200 x 0.4 x 1 x 0.067606 = 5.4085
    #   B2026: deposited after 2025, counts nothing
    #   decayed DOC = 314.3187 t; RE = 5.1 x 314.3187 = 1,603.0253
    #   PE = 12 x 20 MWh x 0.6 = 144; ER = 1,459.0253 -> 1,459 credits
    assert decayed_doc(2025) == pytest.approx(314.3187, abs=1e-4)
    assert p2025.reference_emissions == pytest.approx(factor * decayed_doc(2025), rel=1e-12)
    assert p2025.project_emissions == pytest.approx(144, rel=1e-12)
    assert p2025.emission_reductions_rounded == 1_459
    # 2026: B2024 (age 2) 81.1038; B2025 (age 1) 125.9649; B2025-P (age 1) 5.0428;
    #   B2026 (age 0) 3,900 x 0.15 x 0.329680 = 192.8628; decayed DOC = 404.9743 t
    #   RE = 5.1 x 404.9743 = 2,065.3690; PE = 12 x 22 x 0.6 = 158.4
    #   ER = 1,906.9690 -> 1,906 credits
    assert decayed_doc(2026) == pytest.approx(404.9743, abs=1e-4)
    assert p2026.reference_emissions == pytest.approx(factor * decayed_doc(2026), rel=1e-12)
    assert p2026.project_emissions == pytest.approx(158.4, rel=1e-12)
    assert p2026.emission_reductions_rounded == 1_906


mass = st.floats(min_value=0, max_value=1e5, allow_nan=False)
years = st.integers(min_value=2000, max_value=2060)
rate = st.floats(min_value=0.01, max_value=1, allow_nan=False)


def _case(masses: list[float], deposits: list[int], k: float, year: int) -> Values:
    n = len(masses)
    return {
        "y_p": [float(year)],
        "EC_PJ_p": [100.0],
        "W_i": masses,
        "x_i": [float(x) for x in deposits],
        "DOC_i": [0.15] * n,
        "k_i": [k] * n,
        "phi": 0.85,
        "f_cap": 0.0,
        "GWP_CH4": 25.0,
        "OX": 0.1,
        "F": 0.5,
        "DOC_f": 0.5,
        "MCF": 0.8,
        "EF_elec": 0.6,
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


@settings(deadline=None)
@given(mass, mass, years, years, rate, years)
def test_engine_matches_the_fod_formula(
    w1: float, w2: float, x1: int, x2: int, k: float, year: int
) -> None:
    re, pe, er = _results(_case([w1, w2], [x1, x2], k, year))
    expected = 5.1 * sum(
        w * 0.15 * math.exp(-k * (year - x)) * (1 - math.exp(-k))
        for w, x in ((w1, x1), (w2, x2))
        if year >= x
    )
    assert re == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert pe == pytest.approx(60, rel=1e-12)
    assert_credits_floor_er(ID, er)


@settings(deadline=None)
@given(mass, mass, years, rate, years)
def test_more_waste_never_lowers_re_and_a_later_batch_adds_nothing(
    w: float, extra: float, x: int, k: float, year: int
) -> None:
    base = _results(_case([w, 0.0], [x, x], k, year))
    more = _results(_case([w, extra], [x, x], k, year))
    assert more[0] >= base[0] - slack(base, more)
    later = _results(_case([w, extra], [x, year + 1], k, year))
    assert later[0] == pytest.approx(base[0], rel=1e-12, abs=1e-12)


@settings(deadline=None)
@given(mass, years, rate)
def test_a_batch_emits_less_each_year_as_it_ages(w: float, x: int, k: float) -> None:
    first = _results(_case([w], [x], k, x))[0]
    second = _results(_case([w], [x], k, x + 1))[0]
    # the second year is the first times exp(-k)
    assert second == pytest.approx(first * math.exp(-k), rel=1e-9, abs=1e-12)
    assert second <= first
