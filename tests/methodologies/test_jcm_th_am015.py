"""JCM_TH_AM015 (ion-exchange-membrane electrolysers, Thailand).

The equations are those of JCM_SA_AM001 (see the methodology's source.note). The worked
case recomputes examples/electrolyser-th/ by hand; the property tests run
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

ID = "JCM_TH_AM015"
PROJECT = EXAMPLES / "electrolyser-th" / "project.yaml"

energy = st.floats(min_value=0, max_value=1e6, allow_nan=False)  # MWh per line and period
sec = st.floats(min_value=1000, max_value=5000, allow_nan=False)  # kWh/t
factor = st.floats(min_value=0, max_value=1.5, allow_nan=False)
worse = st.floats(min_value=1, max_value=2, allow_nan=False)


@st.composite
def inputs(draw: st.DrawFn) -> Values:
    """One period's inputs for two electrolyser lines, in the methodology's units."""
    return {
        "EC_PJ_i_p": [draw(energy), draw(energy)],
        "SEC_PJ_i": [draw(sec), draw(sec)],
        "SEC_RE": draw(sec),
        "EF_elec": draw(factor),
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/electrolyser-th: one line, monthly rows in kWh and MWh/p (make_data.py)."""
    result = calculated(PROJECT)
    q1, q2 = result.periods
    # month m: 8,000 + 10.1 m MWh; SEC_RE / SEC_PJ = 2,250 / 2,000 = 1.125; EF 0.5.
    # Q1 (m = 1..3, sum 6): 24,000 + 60.6 = 24,060.6 MWh
    #   RE = 24,060.6 x 1.125 x 0.5 = 13,534.0875; PE = 24,060.6 x 0.5 = 12,030.3
    #   ER = 1,503.7875 -> 1,503 credits
    assert q1.reference_emissions == pytest.approx(24_060.6 * 1.125 * 0.5, rel=1e-12)
    assert q1.reference_emissions == pytest.approx(13_534.0875, rel=1e-12)
    assert q1.project_emissions == pytest.approx(12_030.3, rel=1e-12)
    assert q1.emission_reductions_rounded == 1_503
    # Q2 (m = 4..6, sum 15): 24,000 + 151.5 = 24,151.5 MWh
    #   RE = 24,151.5 x 0.5625 = 13,585.21875; PE = 12,075.75; ER = 1,509.46875 -> 1,509
    assert q2.reference_emissions == pytest.approx(13_585.21875, rel=1e-12)
    assert q2.project_emissions == pytest.approx(12_075.75, rel=1e-12)
    assert q2.emission_reductions_rounded == 1_509
    assert {e.id: e.status for e in result.eligibility}["C1"] == "pass"


def test_a_project_sec_above_the_reference_fails_criterion_c1() -> None:
    result = calculated(PROJECT, overrides=["SEC_RE=2000"])
    assert {e.id: e.status for e in result.eligibility}["C1"] == "fail"


@settings(deadline=None)
@given(inputs(), worse)
def test_a_less_efficient_electrolyser_never_raises_er(values: Values, f: float) -> None:
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
