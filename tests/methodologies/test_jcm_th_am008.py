"""JCM_TH_AM008 (heat-recovery heat pumps, Thailand): worked case and properties.

The worked case runs the bundled example (examples/heat-pump-th/: two heat pumps with
their auxiliaries, monthly kWh) end to end and compares it with the arithmetic written
out by hand and recomputed here in plain Python. The properties evaluate the compiled
equations on plain numbers (conftest.py).
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

ID = "JCM_TH_AM008"
PROJECT = EXAMPLES / "heat-pump-th" / "project.yaml"
PUMPS = 2

energy = st.floats(min_value=0, max_value=1e5, allow_nan=False)  # MWh per heat pump and period
share = st.floats(min_value=0, max_value=0.5, allow_nan=False)  # auxiliaries / heat pump
growth = st.floats(min_value=1, max_value=100, allow_nan=False)


@st.composite
def heat_pump_inputs(draw: st.DrawFn) -> Values:
    """One period's inputs for two heat pumps.

    The auxiliaries are drawn as a share of each heat pump's electricity
    (``aux_share_i``), and both COPs as a base value times an efficiency scale
    (``k_i``), so that the shared helpers can scale "the" consumption and "the"
    efficiency of a heat pump with one name each; ``_results`` expands them.
    """
    return {
        "EC_HP_i_p": [draw(energy) for _ in range(PUMPS)],
        "aux_share_i": [draw(share) for _ in range(PUMPS)],
        "k_i": [1.0] * PUMPS,
        "COP_h_PJ_i": [draw(st.floats(min_value=1, max_value=10)) for _ in range(PUMPS)],
        "COP_c_PJ_i": [draw(st.floats(min_value=0, max_value=10)) for _ in range(PUMPS)],
        "eta_RE_boiler": draw(st.floats(min_value=0.5, max_value=1.1)),
        "COP_RE_chiller": draw(st.floats(min_value=1, max_value=15)),
        "EF_fuel": draw(st.floats(min_value=50, max_value=110)),
        "EF_elec": draw(st.floats(min_value=0, max_value=1.5)),
    }


def _list(values: Values, name: str) -> list[float]:
    value = values[name]
    assert isinstance(value, list)
    return value


def _results(values: Values) -> tuple[float, float, float]:
    consumption, k = _list(values, "EC_HP_i_p"), _list(values, "k_i")
    inputs = {n: v for n, v in values.items() if n not in ("aux_share_i", "k_i")}
    inputs["EC_aux_i_p"] = [
        ec * s for ec, s in zip(consumption, _list(values, "aux_share_i"), strict=True)
    ]
    for cop in ("COP_h_PJ_i", "COP_c_PJ_i"):
        inputs[cop] = [c * f for c, f in zip(_list(values, cop), k, strict=True)]
    return outputs(ID, evaluate(ID, inputs))


# --- worked case ------------------------------------------------------------------------


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/heat-pump-th: two heat pumps, monthly kWh, two half years.

    Project values (illustrative): heating / cooling COP HP-1 3.6 / 2.6, HP-2 3.0 / 2.0;
    reference boiler efficiency 0.9 with EF_fuel 62.5 tCO2/TJ; reference chiller COP 5.2;
    EF_elec 0.5 tCO2/MWh.
    Heat pump electricity (make_data.py): HP-1 40,000 + 1,000 m kWh, HP-2 30,000 kWh;
    auxiliaries HP-1 2,000, HP-2 1,500 kWh a month.
      H1: HP-1 240 + 21 = 261 MWh; HP-2 180 MWh; auxiliaries 12 + 9 = 21 MWh
      H2: HP-1 240 + 57 = 297 MWh; HP-2 180 MWh; auxiliaries 21 MWh
    H1: hot water 261 x 3.6 + 180 x 3.0 = 939.6 + 540 = 1,479.6 MWh
          boiler fuel 1,479.6 / 0.9 = 1,644 MWh = 5,918.4 GJ = 5.9184 TJ x 62.5 = 369.9
        chilled water 261 x 2.6 + 180 x 2.0 = 678.6 + 360 = 1,038.6 MWh
          chiller electricity 1,038.6 / 5.2 = 199.730769... MWh x 0.5 = 99.865384...
        RE = 369.9 + 99.865384... = 469.765384...
        PE = (261 + 180 + 21) x 0.5 = 231;  ER = 238.765384... -> 238 credits
    H2: hot water 297 x 3.6 + 540 = 1,069.2 + 540 = 1,609.2 MWh
          / 0.9 = 1,788 MWh = 6.4368 TJ x 62.5 = 402.3
        chilled water 297 x 2.6 + 360 = 772.2 + 360 = 1,132.2 MWh
          / 5.2 = 217.730769... x 0.5 = 108.865384...
        RE = 511.165384...;  PE = (297 + 180 + 21) x 0.5 = 249
        ER = 262.165384... -> 262 credits
    """
    expected = []
    for hp_1, hp_2 in ((261.0, 180.0), (297.0, 180.0)):
        boiler_tj = (hp_1 * 3.6 + hp_2 * 3.0) / 0.9 * 3.6 / 1000
        chiller_mwh = (hp_1 * 2.6 + hp_2 * 2.0) / 5.2
        re = boiler_tj * 62.5 + chiller_mwh * 0.5
        pe = (hp_1 + hp_2 + 21.0) * 0.5
        expected.append((re, pe, re - pe))
    assert [x for period in expected for x in period] == pytest.approx(
        [469.765384615, 231, 238.765384615, 511.165384615, 249, 262.165384615], abs=1e-8
    )

    assert_periods(
        calculated(PROJECT),
        dict(zip(["2025-H1", "2025-H2"], expected, strict=True)),
        [238, 262],
        500,
    )


# --- properties -------------------------------------------------------------------------


@settings(deadline=None)
@given(heat_pump_inputs(), growth)
def test_more_project_emissions_never_raise_er(values: Values, factor: float) -> None:
    """A less efficient heat pump needs more electricity for the same hot and chilled water."""
    assert_less_efficient_raises_pe_only(_results, values, "EC_HP_i_p", "k_i", factor)


@settings(deadline=None)
@given(heat_pump_inputs())
def test_doubling_the_monitored_energy_doubles_re_pe_and_er(values: Values) -> None:
    """Heat pumps and auxiliaries running twice as much double RE, PE and ER."""
    assert_doubling_doubles(_results, values, "EC_HP_i_p")


@settings(deadline=None)
@given(heat_pump_inputs(), growth)
def test_more_auxiliary_power_never_raises_er(values: Values, factor: float) -> None:
    """Auxiliary electricity is a project emission only."""
    before, after = _results(values), _results(scaled(values, "aux_share_i", factor))
    assert after[0] == before[0]
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(heat_pump_inputs(), growth)
def test_better_reference_equipment_never_raises_er(values: Values, factor: float) -> None:
    """A more efficient reference boiler or chiller would have emitted less."""
    before = _results(values)
    for name in ("eta_RE_boiler", "COP_RE_chiller"):
        reference = values[name]
        assert isinstance(reference, float)
        after = _results({**values, name: reference * factor})
        assert after[1] == before[1]
        assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(heat_pump_inputs())
def test_rounded_credits_are_never_negative(values: Values) -> None:
    """ER floored, never negative."""
    assert_credits_floor_er(ID, _results(values)[2])
