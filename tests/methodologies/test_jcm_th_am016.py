"""JCM_TH_AM016 (LED lighting, Thailand): worked case and properties.

The worked case runs the bundled example (examples/led-th/, a monitoring-report CSV in
the long layout with kWh and MWh/p rows) end to end and compares it with the arithmetic
written out by hand. The properties evaluate the compiled equations on plain numbers
(conftest.py).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jcm_mrv

from .conftest import (
    EXAMPLES,
    assert_credits_floor_er,
    assert_doubling_doubles,
    assert_less_efficient_raises_pe_only,
    evaluate,
    outputs,
    slack,
)

ID = "JCM_TH_AM016"
GROUPS = 3

energy = st.floats(min_value=0, max_value=1e5, allow_nan=False)  # MWh per group and period
efficacy = st.floats(min_value=1, max_value=300, allow_nan=False)  # lm/W
emission_factor = st.floats(min_value=0, max_value=1.5, allow_nan=False)  # tCO2/MWh
growth = st.floats(min_value=1, max_value=100, allow_nan=False)


@st.composite
def lighting_inputs(draw: st.DrawFn) -> dict[str, list[float] | float]:
    """One period's inputs for three lighting groups, in the methodology's units."""
    return {
        "EC_PJ_i_p": [draw(energy) for _ in range(GROUPS)],
        "EF_elec": draw(emission_factor),
        "eta_PJ_i": [draw(efficacy) for _ in range(GROUPS)],
        "eta_RE_i": [draw(efficacy) for _ in range(GROUPS)],
        # the metered option (position 1 of MONITORING); the opening-days inputs unused
        "MONITORING": 1.0,
        "P_PJ_i": [0.0] * GROUPS,
        "H_PJ_i": [0.0] * GROUPS,
        "DAYS_p": [0.0],
    }


def _results(values: dict[str, list[float] | float]) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


# --- worked case ------------------------------------------------------------------------


def test_the_opening_days_option_establishes_consumption_from_rated_power() -> None:
    """MONITORING opening-days: consumption = rated power x daily hours x opening days.

    Example values: LED-A 30 kW, LED-B 20 kW, LED-C 10 kW, 12 h a day each; EF 0.5.
    2025-H1, 181 opening days:
      EC: A 30 x 12 x 181 = 65,160 kWh = 65.16 MWh; B 43.44 MWh; C 21.72 MWh
      RE = 65.16 x 1.6 x 0.5 + 43.44 x 1.5 x 0.5 + 21.72 x 1.75 x 0.5
         = 52.128 + 32.58 + 19.005 = 103.713 tCO2
      PE = (65.16 + 43.44 + 21.72) x 0.5 = 130.32 x 0.5 = 65.16 tCO2
      ER = 38.553, floored to 38
    2025-H2, 184 opening days:
      EC: A 66.24, B 44.16, C 22.08 MWh
      RE = 52.992 + 33.12 + 19.32 = 105.432; PE = 132.48 x 0.5 = 66.24; ER 39.192 -> 39
    """
    project = EXAMPLES / "led-th" / "project.yaml"
    first, second = jcm_mrv.calculate(project, overrides=["MONITORING=2"]).periods
    assert first.reference_emissions == pytest.approx(103.713, rel=1e-12)
    assert first.project_emissions == pytest.approx(65.16, rel=1e-12)
    assert first.emission_reductions_rounded == 38
    assert second.reference_emissions == pytest.approx(105.432, rel=1e-12)
    assert second.project_emissions == pytest.approx(66.24, rel=1e-12)
    assert second.emission_reductions_rounded == 39


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/led-th: three lighting groups, period totals in kWh and MWh/p, two periods.

    Project values (illustrative): EF_elec 0.5 tCO2/MWh;
    efficacy ratios: LED-A 160 / 100 = 1.6; LED-B 150 / 100 = 1.5; LED-C 140 / 80 = 1.75.

    Consumption (make_data.py), converted to MWh:
      H1: LED-A 52,000 kWh = 52.0;  LED-B 38.5 MWh/p = 38.5;   LED-C 24,000 kWh = 24.0
      H2: LED-A 55,000 kWh = 55.0;  LED-B 40.25 MWh/p = 40.25; LED-C 26.4 MWh/p = 26.4
    """
    result = jcm_mrv.calculate(EXAMPLES / "led-th" / "project.yaml")
    h1, h2 = result.periods

    # H1: RE = (52 x 1.6 + 38.5 x 1.5 + 24 x 1.75) x 0.5 = (83.2 + 57.75 + 42) x 0.5
    #        = 182.95 x 0.5 = 91.475
    #     PE = (52 + 38.5 + 24) x 0.5 = 114.5 x 0.5 = 57.25
    #     ER = 91.475 - 57.25 = 34.225 -> 34 credits
    assert h1.id == "2025-H1"
    assert h1.reference_emissions == pytest.approx(91.475, abs=1e-9)
    assert h1.project_emissions == pytest.approx(57.25, abs=1e-9)
    assert h1.emission_reductions == pytest.approx(34.225, abs=1e-9)
    assert h1.emission_reductions_rounded == 34

    # H2: RE = (55 x 1.6 + 40.25 x 1.5 + 26.4 x 1.75) x 0.5 = (88 + 60.375 + 46.2) x 0.5
    #        = 194.575 x 0.5 = 97.2875
    #     PE = (55 + 40.25 + 26.4) x 0.5 = 121.65 x 0.5 = 60.825
    #     ER = 97.2875 - 60.825 = 36.4625 -> 36 credits
    assert h2.id == "2025-H2"
    assert h2.reference_emissions == pytest.approx(97.2875, abs=1e-9)
    assert h2.project_emissions == pytest.approx(60.825, abs=1e-9)
    assert h2.emission_reductions == pytest.approx(36.4625, abs=1e-9)
    assert h2.emission_reductions_rounded == 36

    # Total credits: 34 + 36
    assert result.totals.emission_reductions_rounded == 70
    assert [e.status for e in result.eligibility] == ["attestation-needed"]


def test_efficacies_given_in_other_units_give_the_same_result() -> None:
    """Only the ratio of the efficacies counts, so any luminous-efficacy unit works.

    lm/kW is 1,000 x lm/W: 160,000 lm/kW / 100,000 lm/kW is still 1.6.
    """
    plain = jcm_mrv.calculate(EXAMPLES / "led-th" / "project.yaml")
    scaled = jcm_mrv.calculate(
        EXAMPLES / "led-th" / "project.yaml",
        overrides=["eta_PJ_i=160000 lm/kW", "eta_RE_i=100000 lm/kW"],
    )
    # With every group at 1.6: H1 RE = 114.5 x 1.6 x 0.5 = 91.6; ER = 91.6 - 57.25 = 34.35
    assert scaled.periods[0].reference_emissions == pytest.approx(91.6, abs=1e-9)
    assert scaled.periods[0].emission_reductions == pytest.approx(34.35, abs=1e-9)
    assert scaled.periods[0].project_emissions == plain.periods[0].project_emissions


# --- properties -------------------------------------------------------------------------


@settings(deadline=None)
@given(lighting_inputs())
def test_equal_project_and_reference_efficacy_gives_no_reductions(
    values: dict[str, list[float] | float],
) -> None:
    """Lighting no more efficient than the reference saves nothing: RE = PE, ER = 0."""
    values = {**values, "eta_RE_i": values["eta_PJ_i"]}
    reference, project, reductions = _results(values)
    assert reference == pytest.approx(project, rel=1e-12, abs=1e-12)
    assert reductions == pytest.approx(0, abs=slack((reference, project, reductions)))


@settings(deadline=None)
@given(lighting_inputs(), growth)
def test_a_larger_reference_efficacy_never_raises_er(
    values: dict[str, list[float] | float], factor: float
) -> None:
    """ER = sum_i EC_i x EF x (eta_PJ,i / eta_RE,i - 1) falls as eta_RE,i rises."""
    reference = values["eta_RE_i"]
    assert isinstance(reference, list)
    better_reference = {**values, "eta_RE_i": [e * factor for e in reference]}
    before, after = _results(values), _results(better_reference)
    assert after[0] <= before[0] + slack(before, after)  # RE falls
    assert after[1] == before[1]  # PE does not depend on the reference
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(lighting_inputs(), growth)
def test_more_project_emissions_never_raise_er(
    values: dict[str, list[float] | float], factor: float
) -> None:
    """More project emissions for the same reference emissions never raise ER.

    RE and PE both scale with the monitored consumption, so "more PE" is taken at
    fixed light output: EC x eta_PJ held constant, as when less efficient lighting
    needs `factor` times the electricity for the same lumens. RE is then unchanged,
    PE grows by `factor`, and ER = RE - PE cannot rise.
    """
    assert_less_efficient_raises_pe_only(_results, values, "EC_PJ_i_p", "eta_PJ_i", factor)


@settings(deadline=None)
@given(lighting_inputs())
def test_doubling_the_monitored_energy_doubles_re_pe_and_er(
    values: dict[str, list[float] | float],
) -> None:
    """The equations are linear in the monitored power consumption."""
    assert_doubling_doubles(_results, values, "EC_PJ_i_p")


@settings(deadline=None)
@given(lighting_inputs())
def test_rounded_credits_are_never_negative(values: dict[str, list[float] | float]) -> None:
    """Less efficient lighting gives negative ER, which issues 0 credits, never fewer."""
    assert_credits_floor_er(ID, _results(values)[2])
