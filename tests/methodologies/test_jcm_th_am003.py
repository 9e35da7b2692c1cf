"""JCM_TH_AM003 (inverter-type centrifugal chiller, Thailand): worked case and properties.

The worked case runs the bundled example (examples/chiller-inverter-th/) end to end and
compares it with the arithmetic written out by hand and recomputed here in plain
Python. The properties evaluate the compiled equations on plain numbers (conftest.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jcm_mrv
from jcm_mrv.formula import Band

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
    slack,
)

ID = "JCM_TH_AM003"
PROJECT = EXAMPLES / "chiller-inverter-th" / "project.yaml"
CHILLERS = 2

energy = st.floats(min_value=0, max_value=1e5, allow_nan=False)  # MWh per chiller and period
cop = st.floats(min_value=1, max_value=15, allow_nan=False)
emission_factor = st.floats(min_value=0, max_value=1.5, allow_nan=False)  # tCO2/MWh
cooling_water_out = st.floats(min_value=25, max_value=40, allow_nan=False)  # degC
chilled_water_out = st.floats(min_value=4, max_value=15, allow_nan=False)  # degC
growth = st.floats(min_value=1, max_value=100, allow_nan=False)


@st.composite
def chiller_inputs(draw: st.DrawFn) -> Values:
    """One period's inputs for two chillers, in the methodology's units."""
    return {
        "EC_PJ_i_p": [draw(energy) for _ in range(CHILLERS)],
        "EF_elec": draw(emission_factor),
        "COP_PJ_i": [draw(cop) for _ in range(CHILLERS)],
        "COP_RE_i": [draw(cop) for _ in range(CHILLERS)],
        "T_cool_out_i": [draw(cooling_water_out) for _ in range(CHILLERS)],
        "T_chill_out_i": [draw(chilled_water_out) for _ in range(CHILLERS)],
    }


def _evaluate(values: Values) -> dict[str, Any]:
    """Every equation's values; the drawn reference COPs enter through the table.

    Chiller k gets a capacity of 100 (k + 1) USRt and the table a band around it that
    holds its drawn reference COP, so lookup(COP_RE, Q_PJ_i) gives it back.
    """
    reference = values["COP_RE_i"]
    assert isinstance(reference, list)
    inputs = {name: value for name, value in values.items() if name != "COP_RE_i"}
    inputs["Q_PJ_i"] = [100.0 * (k + 1) for k in range(CHILLERS)]
    bands = tuple(Band(100.0 * (k + 0.5), 100.0 * (k + 1.5), c) for k, c in enumerate(reference))
    return evaluate(ID, inputs, tables={"COP_RE": bands})


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, _evaluate(values))


# --- worked case ------------------------------------------------------------------------


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/chiller-inverter-th: two chillers, monthly kWh readings, two half years.

    Project values (illustrative): EF_elec 0.5 tCO2/MWh;
    CH-1: rated COP 6.6 at 33 degC / 7 degC, 500 USRt -> band 300-600, reference COP 5.0;
    CH-2: rated COP 7.26 at 37 degC / 7 degC, 1,000 USRt -> band 600-1500, reference 5.5.

    Corrected COPs (standard 37 / 7 degC, TD 1.5 K + 1.5 K):
      CH-1: 6.6 x (33 - 7 + 3) / (37 - 7 + 3) = 6.6 x 29 / 33 = 5.8
      CH-2: 7.26 x 33 / 33 = 7.26
    Ratios: CH-1 5.8 / 5.0 = 1.16; CH-2 7.26 / 5.5 = 1.32.

    Consumption (make_data.py): CH-1 50,000 kWh a month; CH-2 80,000 + 1,000 m kWh.
      H1: CH-1 300.0 MWh; CH-2 480 + 21 = 501.0 MWh
      H2: CH-1 300.0 MWh; CH-2 480 + 57 = 537.0 MWh
    H1: RE = (300 x 1.16 + 501 x 1.32) x 0.5 = (348 + 661.32) x 0.5 = 504.66
        PE = 801 x 0.5 = 400.5;  ER = 104.16 -> 104 credits
    H2: RE = (348 + 537 x 1.32) x 0.5 = (348 + 708.84) x 0.5 = 528.42
        PE = 837 x 0.5 = 418.5;  ER = 109.92 -> 109 credits
    Total credits 104 + 109 = 213 (the unrounded total 214.08 would floor to 214).
    """
    ratio_1 = 6.6 * (33 - 7 + 1.5 + 1.5) / (37 - 7 + 1.5 + 1.5) / 5.0
    ratio_2 = 7.26 / 5.5
    expected = []
    for ch1, ch2 in ((300.0, 501.0), (300.0, 537.0)):
        re = (ch1 * ratio_1 + ch2 * ratio_2) * 0.5
        pe = (ch1 + ch2) * 0.5
        expected.append((re, pe, re - pe))
    assert [x for period in expected for x in period] == pytest.approx(
        [504.66, 400.5, 104.16, 528.42, 418.5, 109.92], abs=1e-9
    )

    result = calculated(PROJECT)
    assert_periods(
        result, dict(zip(["2025-H1", "2025-H2"], expected, strict=True)), [104, 109], 213
    )
    assert [e.status for e in result.eligibility] == ["attestation-needed"] * 2


def test_a_capacity_outside_the_project_table_gives_no_number() -> None:
    """A chiller whose capacity falls in no band of the table has no reference COP.

    The example's table covers 300 to 1,500 USRt; at 2,000 USRt the calculation stops
    instead of inventing a reference COP.
    """
    outcome = jcm_mrv.calculate(PROJECT, overrides=["Q_PJ_i=2000"])
    assert outcome.result is None and outcome.exit_code() == 2
    assert "JCM-C003" in {f.code for f in outcome.findings}


# --- properties -------------------------------------------------------------------------


@settings(deadline=None)
@given(chiller_inputs())
def test_rating_at_standard_temperatures_needs_no_correction(values: Values) -> None:
    """A chiller rated at 37 degC / 7 degC keeps its rated COP."""
    values = {**values, "T_cool_out_i": [37.0] * CHILLERS, "T_chill_out_i": [7.0] * CHILLERS}
    corrected = _evaluate(values)["COP_PJ_tc_i"]
    assert corrected[0].tolist() == pytest.approx(values["COP_PJ_i"], rel=1e-12)


@settings(deadline=None)
@given(chiller_inputs(), growth)
def test_a_larger_reference_cop_never_raises_er(values: Values, factor: float) -> None:
    """ER = sum_i EC_i x EF x (COP_tc,i / COP_RE,i - 1) falls as COP_RE,i rises."""
    reference = values["COP_RE_i"]
    assert isinstance(reference, list)
    better_reference = {**values, "COP_RE_i": [c * factor for c in reference]}
    before, after = _results(values), _results(better_reference)
    assert after[1] == before[1]  # PE does not depend on the reference
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(chiller_inputs(), growth)
def test_more_project_emissions_never_raise_er(values: Values, factor: float) -> None:
    """A less efficient chiller needs more electricity for the same cooling: ER cannot rise."""
    assert_less_efficient_raises_pe_only(_results, values, "EC_PJ_i_p", "COP_PJ_i", factor)


@settings(deadline=None)
@given(chiller_inputs())
def test_doubling_the_monitored_energy_doubles_re_pe_and_er(values: Values) -> None:
    """The equations are linear in the monitored power consumption."""
    assert_doubling_doubles(_results, values, "EC_PJ_i_p")


@settings(deadline=None)
@given(chiller_inputs())
def test_rounded_credits_are_never_negative(values: Values) -> None:
    """A less efficient project gives negative ER, which issues 0 credits, never fewer."""
    assert_credits_floor_er(ID, _results(values)[2])
