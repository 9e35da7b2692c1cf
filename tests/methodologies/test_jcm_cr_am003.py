"""JCM_CR_AM003 (heat-pump water heater, Costa Rica): worked case and properties.

The worked case runs the bundled example (examples/heat-pump-water-heater-cr/) end to
end and compares it with the arithmetic written out by hand and recomputed here in plain
Python. The properties evaluate the compiled equations on plain numbers (conftest.py).
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
    assert_less_efficient_raises_pe_only,
    assert_periods,
    calculated,
    evaluate,
    outputs,
    scaled,
    slack,
)

ID = "JCM_CR_AM003"
PROJECT = EXAMPLES / "heat-pump-water-heater-cr" / "project.yaml"
UNITS = 2

energy = st.floats(min_value=0, max_value=1e5, allow_nan=False)  # MWh per unit and period
growth = st.floats(min_value=1, max_value=100, allow_nan=False)


@st.composite
def heater_inputs(draw: st.DrawFn) -> Values:
    """One period's inputs for two heat-pump water heaters, in the methodology's units."""
    return {
        "EC_PJ_i_p": [draw(energy) for _ in range(UNITS)],
        "COP_PJ_i": [draw(st.floats(min_value=1, max_value=10)) for _ in range(UNITS)],
        "eta_RE_i": [draw(st.floats(min_value=0.5, max_value=1.1)) for _ in range(UNITS)],
        "EF_fuel": draw(st.floats(min_value=50, max_value=110)),
        "EF_elec": draw(st.floats(min_value=0, max_value=1.5)),
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


# --- worked case ------------------------------------------------------------------------


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/heat-pump-water-heater-cr: two units, half-year totals in kWh and MWh/p.

    Project values (illustrative): EF_fuel 63.1 tCO2/TJ (LPG), EF_elec 0.05 tCO2/MWh;
    heat per unit of electricity over the reference efficiency:
      HPWH-1 4.0 / 0.8 = 5.0; HPWH-2 3.6 / 0.9 = 4.0.
    Fuel energy the reference heaters would have burnt (1 MWh = 3.6 GJ):
      H1: 45 MWh x 5.0 + 30 MWh x 4.0 = 225 + 120 = 345 MWh = 1,242 GJ = 1.242 TJ
      H2: 50 x 5.0 + 33.3 x 4.0 = 250 + 133.2 = 383.2 MWh = 1,379.52 GJ = 1.37952 TJ
    H1: RE = 1.242 x 63.1 = 78.3702; PE = 75 x 0.05 = 3.75; ER = 74.6202 -> 74 credits
    H2: RE = 1.37952 x 63.1 = 87.047712; PE = 83.3 x 0.05 = 4.165;
        ER = 82.882712 -> 82 credits
    """
    expected = []
    for heater_1, heater_2 in ((45.0, 30.0), (50.0, 33.3)):
        fuel_tj = (heater_1 * 4.0 / 0.8 + heater_2 * 3.6 / 0.9) * 3.6 / 1000
        re = fuel_tj * 63.1
        pe = (heater_1 + heater_2) * 0.05
        expected.append((re, pe, re - pe))
    assert [x for period in expected for x in period] == pytest.approx(
        [78.3702, 3.75, 74.6202, 87.047712, 4.165, 82.882712], abs=1e-9
    )

    assert_periods(
        calculated(PROJECT), dict(zip(["2025-H1", "2025-H2"], expected, strict=True)), [74, 82], 156
    )


# --- properties -------------------------------------------------------------------------


@settings(deadline=None)
@given(heater_inputs(), growth)
def test_more_project_emissions_never_raise_er(values: Values, factor: float) -> None:
    """A less efficient heat pump needs more electricity for the same heat: ER cannot rise."""
    assert_less_efficient_raises_pe_only(_results, values, "EC_PJ_i_p", "COP_PJ_i", factor)


@settings(deadline=None)
@given(heater_inputs(), growth)
def test_a_more_efficient_reference_heater_never_raises_er(values: Values, factor: float) -> None:
    """A reference heater of higher efficiency would have burnt less fuel."""
    reference = scaled(values, "eta_RE_i", factor)
    before, after = _results(values), _results(reference)
    assert after[1] == before[1]
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(heater_inputs())
def test_doubling_the_monitored_energy_doubles_re_pe_and_er(values: Values) -> None:
    """The equations are linear in the monitored power consumption."""
    assert_doubling_doubles(_results, values, "EC_PJ_i_p")


@settings(deadline=None)
@given(heater_inputs())
def test_rounded_credits_are_never_negative(values: Values) -> None:
    """ER floored, never negative."""
    assert_credits_floor_er(ID, _results(values)[2])
