"""JCM_MN_AM001 (energy-saving transmission lines, Mongolia): worked case and properties.

The worked case recomputes examples/transmission-line-mn/ by hand; the property tests
run the compiled equations on generated numbers (conftest.py).
"""

from __future__ import annotations

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

ID = "JCM_MN_AM001"
PROJECT = EXAMPLES / "transmission-line-mn" / "project.yaml"

sent = st.floats(min_value=0, max_value=1e6, allow_nan=False)  # MWh per line and period
loss_share = st.floats(min_value=0, max_value=0.1, allow_nan=False)
resistance = st.floats(min_value=0.005, max_value=2, allow_nan=False)  # ohm/km


@st.composite
def inputs(draw: st.DrawFn) -> Values:
    """One period's meter readings for two lines whose project conductor is the better one."""
    e_send = [draw(sent), draw(sent)]
    r_pj = [draw(resistance), draw(resistance)]
    return {
        "E_send_i_p": e_send,
        "E_recv_i_p": [e * (1 - draw(loss_share)) for e in e_send],
        "r_PJ_i": r_pj,
        "r_RE_i": [r * (1 + draw(loss_share)) for r in r_pj],
    }


def _points(values: Values, name: str) -> list[float]:
    entries = values[name]
    assert isinstance(entries, list)
    return entries


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/transmission-line-mn: two lines metered at both ends (make_data.py)."""
    result = calculated(PROJECT)
    h1, h2 = result.periods
    # Grid factor: Mongolia's 0.797 tCO2/MWh (the methodology's default).
    # r_RE / r_PJ: L-1 0.075 / 0.060 = 1.25; L-2 0.120 / 0.100 = 1.2.
    # H1 (sum of m = 21): L-1 loss 6 x 700 + 2 x 21 = 4,242 MWh; L-2 6 x 360 = 2,160 MWh
    #   RE = (4,242 x 1.25 + 2,160 x 1.2) x 0.797 = (5,302.5 + 2,592) x 0.797
    #      = 7,894.5 x 0.797 = 6,291.9165
    #   PE = (4,242 + 2,160) x 0.797 = 6,402 x 0.797 = 5,102.394
    #   ER = 1,189.5225 -> 1,189 credits
    assert h1.reference_emissions == pytest.approx(6_291.9165, rel=1e-12)
    assert h1.project_emissions == pytest.approx(5_102.394, rel=1e-12)
    assert h1.emission_reductions_rounded == 1_189
    # H2 (sum of m = 57): L-1 loss 4,200 + 114 = 4,314 MWh
    #   RE = (4,314 x 1.25 + 2,592) x 0.797 = 7,984.5 x 0.797 = 6,363.6465
    #   PE = 6,474 x 0.797 = 5,159.778; ER = 1,203.8685 -> 1,203 credits
    assert h2.reference_emissions == pytest.approx(6_363.6465, rel=1e-12)
    assert h2.project_emissions == pytest.approx(5_159.778, rel=1e-12)
    assert h2.emission_reductions_rounded == 1_203
    assert {e.id: e.status for e in result.eligibility}["C1"] == "pass"


def test_a_conductor_no_better_than_the_standard_fails_c1_and_earns_nothing() -> None:
    result = calculated(PROJECT, overrides=["r_RE_i=0.06"])
    assert {e.id: e.status for e in result.eligibility}["C1"] == "fail"


@settings(deadline=None)
@given(inputs())
def test_reductions_are_the_loss_times_the_resistance_gain(values: Values) -> None:
    """ER = sum of loss x (r_RE / r_PJ - 1) x 0.797: never negative for real losses."""
    re, pe, er = _results(values)
    send, recv, r_re, r_pj = (
        _points(values, name) for name in ("E_send_i_p", "E_recv_i_p", "r_RE_i", "r_PJ_i")
    )
    expected = 0.797 * sum((send[n] - recv[n]) * (r_re[n] / r_pj[n] - 1) for n in range(2))
    assert er == pytest.approx(expected, rel=1e-9, abs=slack((re, pe, er)))
    assert er >= -slack((re, pe, er))
    assert_credits_floor_er(ID, er)


@settings(deadline=None)
@given(inputs())
def test_a_larger_monitored_loss_never_lowers_er_when_the_conductor_is_better(
    values: Values,
) -> None:
    """More loss on a better conductor raises RE more than PE (ratio above 1)."""
    more_loss = {**values, "E_recv_i_p": [0.99 * r for r in _points(values, "E_recv_i_p")]}
    before, after = _results(values), _results(more_loss)
    assert after[2] >= before[2] - slack(before, after)
