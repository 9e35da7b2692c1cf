"""JCM_ID_AM011 (energy-saving air-jet looms, Indonesia).

The worked case recomputes examples/air-jet-loom-id/ by hand; the property tests run
the compiled equations on generated numbers (conftest.py).
"""

from __future__ import annotations

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
    outputs,
    scaled,
    slack,
)

ID = "JCM_ID_AM011"
PROJECT = EXAMPLES / "air-jet-loom-id" / "project.yaml"

energy = st.floats(min_value=0, max_value=1e4, allow_nan=False)  # MWh per group and period
sec = st.floats(min_value=0.05, max_value=2, allow_nan=False)  # kWh/m
factor = st.floats(min_value=0, max_value=1.5, allow_nan=False)
worse = st.floats(min_value=1, max_value=2, allow_nan=False)


@st.composite
def inputs(draw: st.DrawFn) -> Values:
    """One period's inputs for two loom groups, in the methodology's units."""
    return {
        "EC_PJ_i_p": [draw(energy), draw(energy)],
        "SEC_PJ_i": [draw(sec), draw(sec)],
        "SEC_RE_i": [draw(sec), draw(sec)],
        "EF_elec": draw(factor),
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/air-jet-loom-id: two loom groups, monthly readings (make_data.py)."""
    result = calculated(PROJECT)
    h1, h2 = result.periods
    # SEC_RE / SEC_PJ: G-1 0.50 / 0.40 = 1.25; G-2 0.36 / 0.30 = 1.2; EF 0.8.
    # H1: G-1 6 x 150 = 900 MWh; G-2 6 x 100 + 2 x 21 = 642 MWh
    #   RE = (900 x 1.25 + 642 x 1.2) x 0.8 = (1,125 + 770.4) x 0.8 = 1,516.32
    #   PE = (900 + 642) x 0.8 = 1,542 x 0.8 = 1,233.6
    #   ER = 282.72 -> 282 credits
    assert h1.reference_emissions == pytest.approx(1_516.32, rel=1e-12)
    assert h1.project_emissions == pytest.approx(1_233.6, rel=1e-12)
    assert h1.emission_reductions_rounded == 282
    # H2: G-2 600 + 2 x 57 = 714 MWh
    #   RE = (1,125 + 714 x 1.2) x 0.8 = (1,125 + 856.8) x 0.8 = 1,585.44
    #   PE = 1,614 x 0.8 = 1,291.2; ER = 294.24 -> 294 credits
    assert h2.reference_emissions == pytest.approx(1_585.44, rel=1e-12)
    assert h2.project_emissions == pytest.approx(1_291.2, rel=1e-12)
    assert h2.emission_reductions_rounded == 294
    assert {e.id: e.status for e in result.eligibility}["C1"] == "pass"


def test_a_project_sec_above_the_reference_fails_criterion_c1() -> None:
    result = calculated(PROJECT, overrides=["SEC_PJ_i=0.6"])
    assert {e.id: e.status for e in result.eligibility}["C1"] == "fail"


@settings(deadline=None)
@given(inputs(), worse)
def test_a_less_efficient_loom_never_raises_er(values: Values, f: float) -> None:
    """Same production: f times the SEC means f times the electricity; RE stays, PE grows."""
    less = scaled(scaled(values, "EC_PJ_i_p", f), "SEC_PJ_i", f)
    before, after = _results(values), _results(less)
    assert after[0] == pytest.approx(before[0], rel=1e-9, abs=1e-9)
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(inputs())
def test_doubling_the_metered_electricity_doubles_re_pe_and_er(values: Values) -> None:
    assert_doubling_doubles(_results, values, "EC_PJ_i_p")


@settings(deadline=None)
@given(inputs())
def test_credits_floor_er(values: Values) -> None:
    assert_credits_floor_er(ID, _results(values)[2])
