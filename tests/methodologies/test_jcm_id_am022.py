"""JCM_ID_AM022 (absorption chiller, Indonesia): worked case and properties.

The worked case runs the bundled example (examples/absorption-chiller-id/: a gas-fired
and a waste-hot-water chiller, cooling energy in GJ and MWh) end to end and compares it
with the arithmetic written out by hand and recomputed here in plain Python. The
properties evaluate the compiled equations on plain numbers (conftest.py).
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
    assert_periods,
    calculated,
    evaluate,
    outputs,
    scaled,
    slack,
)

ID = "JCM_ID_AM022"
PROJECT = EXAMPLES / "absorption-chiller-id" / "project.yaml"
CHILLERS = 2

cooling = st.floats(min_value=0, max_value=1e6, allow_nan=False)  # GJ per chiller and period
energy = st.floats(min_value=0, max_value=1e4, allow_nan=False)  # MWh
gas = st.floats(min_value=0, max_value=1e7, allow_nan=False)  # m3
cop = st.floats(min_value=1, max_value=15, allow_nan=False)
growth = st.floats(min_value=1, max_value=100, allow_nan=False)


@st.composite
def chiller_inputs(draw: st.DrawFn) -> Values:
    """One period's inputs for two absorption chillers, in the methodology's units."""
    return {
        "QC_PJ_i_p": [draw(cooling) for _ in range(CHILLERS)],
        "EC_PJ_i_p": [draw(energy) for _ in range(CHILLERS)],
        "FC_PJ_i_p": [draw(gas) for _ in range(CHILLERS)],
        "COP_RE_i": [draw(cop) for _ in range(CHILLERS)],
        "EF_elec": draw(st.floats(min_value=0, max_value=1.5)),
        "NCV_fuel": draw(st.floats(min_value=0.01, max_value=0.1)),
        "EF_fuel": draw(st.floats(min_value=0, max_value=110)),
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


# --- worked case ------------------------------------------------------------------------


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/absorption-chiller-id: two chillers, half-year totals, two periods.

    Project values (illustrative): COP_RE AC-1 6.0, AC-2 6.25; EF_elec 0.8 tCO2/MWh;
    gas NCV 0.036 GJ/m3 and EF 56.1 tCO2/TJ, i.e. 0.036 x 56.1 / 1,000 = 0.0020196 t/m3.

    H1: cooling AC-1 3,600 GJ = 1,000 MWh (3.6 GJ/MWh); AC-2 1,500 MWh
        RE = (1,000 / 6.0 + 1,500 / 6.25) x 0.8 = (166.666... + 240) x 0.8 = 325.333...
        PE = (20 + 30) MWh x 0.8 + 50,000 m3 x 0.0020196 = 40 + 100.98 = 140.98
        ER = 184.353... -> 184 credits
    H2: cooling AC-1 4,320 GJ = 1,200 MWh; AC-2 1,200 MWh
        RE = (1,200 / 6.0 + 1,200 / 6.25) x 0.8 = (200 + 192) x 0.8 = 313.6
        PE = (24 + 25) x 0.8 + 60,000 x 0.0020196 = 39.2 + 121.176 = 160.376
        ER = 153.224 -> 153 credits
    """
    expected = []
    for cooling_mwh, pumps_mwh, gas_m3 in (
        ((3600 / 3.6, 1500.0), 20.0 + 30.0, 50_000.0),
        ((4320 / 3.6, 1200.0), 24.0 + 25.0, 60_000.0),
    ):
        re = (cooling_mwh[0] / 6.0 + cooling_mwh[1] / 6.25) * 0.8
        pe = pumps_mwh * 0.8 + gas_m3 * 0.036 * 56.1 / 1000
        expected.append((re, pe, re - pe))
    assert [x for period in expected for x in period] == pytest.approx(
        [325.333333333, 140.98, 184.353333333, 313.6, 160.376, 153.224], abs=1e-8
    )

    assert_periods(
        calculated(PROJECT),
        dict(zip(["2025-H1", "2025-H2"], expected, strict=True)),
        [184, 153],
        337,
    )


# --- properties -------------------------------------------------------------------------


@settings(deadline=None)
@given(chiller_inputs(), growth)
def test_more_fuel_or_pump_power_never_raises_er(values: Values, factor: float) -> None:
    """More fuel or more pump electricity for the same cooling only adds project emissions."""
    before = _results(values)
    for name in ("FC_PJ_i_p", "EC_PJ_i_p"):
        after = _results(scaled(values, name, factor))
        assert after[0] == before[0]  # RE depends on the cooling energy only
        assert after[1] >= before[1] - slack(before, after)
        assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(chiller_inputs(), growth)
def test_a_larger_reference_cop_never_raises_er(values: Values, factor: float) -> None:
    """A more efficient reference centrifugal chiller would have used less electricity."""
    before, after = _results(values), _results(scaled(values, "COP_RE_i", factor))
    assert after[0] <= before[0] + slack(before, after)
    assert after[1] == before[1]
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(chiller_inputs())
def test_doubling_every_monitored_value_doubles_re_pe_and_er(values: Values) -> None:
    """The equations are linear in the monitored values taken together.

    Cooling, pump power and fuel are scaled together (as when the chiller runs twice as
    long); doubling the cooling energy alone is the helper's case on that quantity.
    """
    together = scaled(scaled(values, "EC_PJ_i_p", 2), "FC_PJ_i_p", 2)
    doubled = _results(scaled(together, "QC_PJ_i_p", 2))
    single = _results(values)
    for one, two in zip(single, doubled, strict=True):
        assert two == pytest.approx(2 * one, rel=1e-9, abs=slack(single, doubled))
    no_project_inputs = {**values, "EC_PJ_i_p": [0.0] * CHILLERS, "FC_PJ_i_p": [0.0] * CHILLERS}
    assert_doubling_doubles(_results, no_project_inputs, "QC_PJ_i_p")


@settings(deadline=None)
@given(chiller_inputs())
def test_rounded_credits_are_never_negative(values: Values) -> None:
    """A chiller that burns more than the reference would emit gives 0 credits, never fewer."""
    assert_credits_floor_er(ID, _results(values)[2])
