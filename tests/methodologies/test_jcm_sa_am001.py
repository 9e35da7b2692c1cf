"""JCM_SA_AM001 (high-efficiency chlor-alkali electrolysers, Saudi Arabia).

The worked case recomputes examples/electrolyser-sa/ by hand; the property tests run
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

ID = "JCM_SA_AM001"
PROJECT = EXAMPLES / "electrolyser-sa" / "project.yaml"

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
    """examples/electrolyser-sa: two lines, monthly rectifier readings (make_data.py)."""
    result = calculated(PROJECT)
    h1, h2 = result.periods
    # SEC_RE / SEC_PJ: E-1 2,300 / 2,000 = 1.15; E-2 2,300 / 1,840 = 1.25; EF 0.7.
    # H1: E-1 6 x 20,000 + 100 x 21 = 122,100 MWh; E-2 6 x 15,000 = 90,000 MWh
    #   RE = (122,100 x 1.15 + 90,000 x 1.25) x 0.7 = (140,415 + 112,500) x 0.7
    #      = 252,915 x 0.7 = 177,040.5
    #   PE = (122,100 + 90,000) x 0.7 = 212,100 x 0.7 = 148,470
    #   ER = 28,570.5 -> 28,570 credits
    assert h1.reference_emissions == pytest.approx(177_040.5, rel=1e-12)
    assert h1.project_emissions == pytest.approx(148_470, rel=1e-12)
    assert h1.emission_reductions_rounded == 28_570
    # H2: E-1 120,000 + 100 x 57 = 125,700 MWh; E-2 90,000 MWh
    #   RE = (125,700 x 1.15 + 112,500) x 0.7 = (144,555 + 112,500) x 0.7 = 179,938.5
    #   PE = 215,700 x 0.7 = 150,990; ER = 28,948.5 -> 28,948 credits
    assert h2.reference_emissions == pytest.approx(179_938.5, rel=1e-12)
    assert h2.project_emissions == pytest.approx(150_990, rel=1e-12)
    assert h2.emission_reductions_rounded == 28_948
    assert {e.id: e.status for e in result.eligibility}["C1"] == "pass"


def test_a_project_sec_above_the_reference_fails_criterion_c1() -> None:
    result = calculated(PROJECT, overrides=["SEC_RE=1900"])
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
