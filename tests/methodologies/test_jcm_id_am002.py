"""JCM_ID_AM002 (high-efficiency centrifugal chiller, Indonesia): worked case and properties.

The worked case runs the bundled example (examples/chiller-id/) end to end and compares
it with the arithmetic written out by hand. The properties evaluate the compiled
equations on plain numbers (see conftest.py).
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
    assert_credits_floor_er,
    assert_doubling_doubles,
    assert_less_efficient_raises_pe_only,
    evaluate,
    outputs,
    slack,
)

ID = "JCM_ID_AM002"
CHILLERS = 2

energy = st.floats(min_value=0, max_value=1e5, allow_nan=False)  # MWh per chiller and period
cop = st.floats(min_value=1, max_value=15, allow_nan=False)
emission_factor = st.floats(min_value=0, max_value=1.5, allow_nan=False)  # tCO2/MWh
cooling_water_out = st.floats(min_value=25, max_value=40, allow_nan=False)  # degC
chilled_water_out = st.floats(min_value=4, max_value=15, allow_nan=False)  # degC
growth = st.floats(min_value=1, max_value=100, allow_nan=False)


@st.composite
def chiller_inputs(draw: st.DrawFn) -> dict[str, list[float] | float]:
    """One period's inputs for two chillers, in the methodology's units."""
    return {
        "EC_PJ_i_p": [draw(energy) for _ in range(CHILLERS)],
        "EF_elec": draw(emission_factor),
        "COP_PJ_i": [draw(cop) for _ in range(CHILLERS)],
        "COP_RE_i": [draw(cop) for _ in range(CHILLERS)],
        "T_cool_out_i": [draw(cooling_water_out) for _ in range(CHILLERS)],
        "T_chill_out_i": [draw(chilled_water_out) for _ in range(CHILLERS)],
    }


def _results(values: dict[str, list[float] | float]) -> tuple[float, float, float]:
    return outputs(ID, _evaluate(values))


def _evaluate(values: dict[str, list[float] | float]) -> dict[str, Any]:
    """Every equation's values; the per-chiller reference COPs enter through the table.

    Chiller k is given a capacity of 100 (k + 1) USRt and the table a band around it
    holding the drawn reference COP, so COP_RE_i = lookup(COP_RE, Q_PJ_i) gives it back.
    """
    reference = values["COP_RE_i"]
    assert isinstance(reference, list)
    inputs = {name: value for name, value in values.items() if name != "COP_RE_i"}
    inputs["Q_PJ_i"] = [100.0 * (k + 1) for k in range(CHILLERS)]
    bands = tuple(
        Band(100.0 * (k + 0.5), 100.0 * (k + 1.5), cop) for k, cop in enumerate(reference)
    )
    return evaluate(ID, inputs, tables={"COP_RE": bands})


# --- worked case ------------------------------------------------------------------------


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/chiller-id: two chillers, monthly kWh readings, two half-year periods.

    Project values (illustrative): EF_elec 0.8 tCO2/MWh;
    CH-1 rated COP 6.6 at 33 degC / 7 degC, reference COP 5.0;
    CH-2 rated COP 6.5 at 37 degC / 7 degC (the standard conditions), reference COP 5.2.

    Corrected COPs (standard 37 degC / 7 degC, TD 1.5 K + 1.5 K):
      CH-1: 6.6 x (33 - 7 + 1.5 + 1.5) / (37 - 7 + 1.5 + 1.5) = 6.6 x 29 / 33 = 5.8
      CH-2: 6.5 x 33 / 33 = 6.5
    Ratios to the reference COP: CH-1 5.8 / 5.0 = 1.16; CH-2 6.5 / 5.2 = 1.25.

    Consumption (make_data.py): CH-1 30,000 + 1,000 m kWh in month m, CH-2 45,000 + 500 m.
      H1 (m = 1..6):  CH-1 180,000 + 21,000 = 201,000 kWh = 201.0 MWh
                      CH-2 270,000 + 10,500 = 280,500 kWh = 280.5 MWh
      H2 (m = 7..12): CH-1 180,000 + 57,000 = 237,000 kWh = 237.0 MWh
                      CH-2 270,000 + 28,500 = 298,500 kWh = 298.5 MWh
    """
    result = jcm_mrv.calculate(EXAMPLES / "chiller-id" / "project.yaml")
    h1, h2 = result.periods

    # H1: RE = (201.0 x 1.16 + 280.5 x 1.25) x 0.8 = (233.16 + 350.625) x 0.8 = 467.028
    #     PE = (201.0 + 280.5) x 0.8 = 481.5 x 0.8 = 385.2
    #     ER = 467.028 - 385.2 = 81.828 -> 81 credits
    assert h1.id == "2025-H1"
    assert h1.reference_emissions == pytest.approx(467.028, abs=1e-9)
    assert h1.project_emissions == pytest.approx(385.2, abs=1e-9)
    assert h1.emission_reductions == pytest.approx(81.828, abs=1e-9)
    assert h1.emission_reductions_rounded == 81

    # H2: RE = (237.0 x 1.16 + 298.5 x 1.25) x 0.8 = (274.92 + 373.125) x 0.8 = 518.436
    #     PE = (237.0 + 298.5) x 0.8 = 535.5 x 0.8 = 428.4
    #     ER = 518.436 - 428.4 = 90.036 -> 90 credits
    assert h2.id == "2025-H2"
    assert h2.reference_emissions == pytest.approx(518.436, abs=1e-9)
    assert h2.project_emissions == pytest.approx(428.4, abs=1e-9)
    assert h2.emission_reductions == pytest.approx(90.036, abs=1e-9)
    assert h2.emission_reductions_rounded == 90

    # Total credits: 81 + 90 (each period floored on its own)
    assert result.totals.emission_reductions_rounded == 171


def test_example_project_eligibility() -> None:
    """Both rated COPs (6.6, 6.5) are above 6.0; the other criteria need documents."""
    result = jcm_mrv.calculate(EXAMPLES / "chiller-id" / "project.yaml")
    statuses = {e.id: e.status for e in result.eligibility}
    # C4 (manufacturer's check more than 4 times a year) and C5 (ODP zero) are documents
    assert statuses == {
        "C1": "attestation-needed",
        "C2": "pass",
        "C3": "attestation-needed",
        "C4": "attestation-needed",
        "C5": "attestation-needed",
    }


def test_a_chiller_at_cop_6_fails_the_cop_criterion() -> None:
    """'More than 6.0' is strict: a chiller rated at exactly 6.0 is not eligible."""
    result = jcm_mrv.calculate(EXAMPLES / "chiller-id" / "project.yaml", overrides=["COP_PJ_i=6.0"])
    statuses = {e.id: e.status for e in result.eligibility}
    assert statuses["C2"] == "fail"


# --- properties -------------------------------------------------------------------------


@settings(deadline=None)
@given(chiller_inputs())
def test_rating_at_standard_temperatures_needs_no_correction(
    values: dict[str, list[float] | float],
) -> None:
    """A chiller rated at 37 degC / 7 degC keeps its rated COP."""
    values = {**values, "T_cool_out_i": [37.0] * CHILLERS, "T_chill_out_i": [7.0] * CHILLERS}
    corrected = _evaluate(values)["COP_PJ_tc_i"]
    assert corrected[0].tolist() == pytest.approx(values["COP_PJ_i"], rel=1e-12)


@settings(deadline=None)
@given(chiller_inputs(), st.floats(min_value=0, max_value=10, allow_nan=False))
def test_a_milder_rating_temperature_never_raises_er(
    values: dict[str, list[float] | float], milder_by: float
) -> None:
    """A COP rated at a lower cooling-water temperature (easier conditions) counts for less.

    The correction scales the rated COP by the temperature lift at rating over the
    lift at standard conditions, so lowering the rated cooling-water outlet
    temperature lowers the corrected COP and never raises ER.
    """
    hot = values["T_cool_out_i"]
    assert isinstance(hot, list)
    milder = {**values, "T_cool_out_i": [t - milder_by for t in hot]}
    before, after = _results(values), _results(milder)
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(chiller_inputs(), growth)
def test_a_larger_reference_cop_never_raises_er(
    values: dict[str, list[float] | float], factor: float
) -> None:
    """ER = sum_i EC_i x EF x (COP_tc,i / COP_RE,i - 1) falls as COP_RE,i rises."""
    reference = values["COP_RE_i"]
    assert isinstance(reference, list)
    better_reference = {**values, "COP_RE_i": [c * factor for c in reference]}
    before, after = _results(values), _results(better_reference)
    assert after[0] <= before[0] + slack(before, after)  # RE falls
    assert after[1] == before[1]  # PE does not depend on the reference
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(chiller_inputs(), growth)
def test_more_project_emissions_never_raise_er(
    values: dict[str, list[float] | float], factor: float
) -> None:
    """More project emissions for the same reference emissions never raise ER.

    Here more project consumption also raises RE (RE and PE both scale with EC), so
    "more PE" is taken at fixed cooling delivered: EC x COP_PJ held constant, as when a
    less efficient project chiller needs `factor` times the electricity for the same
    cooling. RE is then unchanged, PE grows by `factor`, and ER = RE - PE cannot rise.
    """
    assert_less_efficient_raises_pe_only(_results, values, "EC_PJ_i_p", "COP_PJ_i", factor)


@settings(deadline=None)
@given(chiller_inputs())
def test_doubling_the_monitored_energy_doubles_re_pe_and_er(
    values: dict[str, list[float] | float],
) -> None:
    """The equations are linear in the monitored power consumption."""
    assert_doubling_doubles(_results, values, "EC_PJ_i_p")


@settings(deadline=None)
@given(chiller_inputs())
def test_rounded_credits_are_never_negative(values: dict[str, list[float] | float]) -> None:
    """A less efficient project gives negative ER, which issues 0 credits, never fewer."""
    assert_credits_floor_er(ID, _results(values)[2])
