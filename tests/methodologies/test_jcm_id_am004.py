"""JCM_ID_AM004 (inverter-type air conditioners, Indonesia): worked case and properties.

The worked case runs the bundled example (examples/inverter-ac-id/, an Excel workbook
in the wide layout) end to end and compares it with the arithmetic written out by
hand. The properties evaluate the compiled equations on plain numbers (conftest.py).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import (
    EXAMPLES,
    assert_credits_floor_er,
    assert_doubling_doubles,
    assert_less_efficient_raises_pe_only,
    calculated,
    evaluate,
    outputs,
    slack,
)

ID = "JCM_ID_AM004"
UNITS = 3

energy = st.floats(min_value=0, max_value=1e5, allow_nan=False)  # MWh per unit and period
cop = st.floats(min_value=1, max_value=15, allow_nan=False)
emission_factor = st.floats(min_value=0, max_value=1.5, allow_nan=False)  # tCO2/MWh
growth = st.floats(min_value=1, max_value=100, allow_nan=False)


@st.composite
def unit_inputs(draw: st.DrawFn) -> dict[str, list[float] | float]:
    """One period's inputs for three air-conditioning units, in the methodology's units."""
    return {
        "EC_PJ_i_p": [draw(energy) for _ in range(UNITS)],
        "EF_elec": draw(emission_factor),
        "COP_PJ_i": [draw(cop) for _ in range(UNITS)],
        "COP_RE_i": [draw(cop) for _ in range(UNITS)],
    }


def _results(values: dict[str, list[float] | float]) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


# --- worked case ------------------------------------------------------------------------


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/inverter-ac-id: three units, monthly kWh readings in an .xlsx, two periods.

    Project values (illustrative): EF_elec 0.8 tCO2/MWh;
    COP ratios: AC-1 4.5 / 3.6 = 1.25; AC-2 4.2 / 3.5 = 1.2; AC-3 3.9 / 3.0 = 1.3.

    Consumption (make_data.py): AC-1 12,000 kWh a month; AC-2 10,000 + 1,000 m kWh in
    month m; AC-3 8,000 kWh a month.
      H1 (m = 1..6):  AC-1 72.0 MWh; AC-2 60,000 + 21,000 = 81,000 kWh = 81.0 MWh;  AC-3 48.0 MWh
      H2 (m = 7..12): AC-1 72.0 MWh; AC-2 60,000 + 57,000 = 117,000 kWh = 117.0 MWh; AC-3 48.0 MWh
    """
    result = calculated(EXAMPLES / "inverter-ac-id" / "project.yaml")
    h1, h2 = result.periods

    # H1: RE = (72 x 1.25 + 81 x 1.2 + 48 x 1.3) x 0.8 = (90 + 97.2 + 62.4) x 0.8
    #        = 249.6 x 0.8 = 199.68
    #     PE = (72 + 81 + 48) x 0.8 = 201 x 0.8 = 160.8
    #     ER = 199.68 - 160.8 = 38.88 -> 38 credits
    assert h1.id == "2025-H1"
    assert h1.reference_emissions == pytest.approx(199.68, abs=1e-9)
    assert h1.project_emissions == pytest.approx(160.8, abs=1e-9)
    assert h1.emission_reductions == pytest.approx(38.88, abs=1e-9)
    assert h1.emission_reductions_rounded == 38

    # H2: RE = (72 x 1.25 + 117 x 1.2 + 48 x 1.3) x 0.8 = (90 + 140.4 + 62.4) x 0.8
    #        = 292.8 x 0.8 = 234.24
    #     PE = (72 + 117 + 48) x 0.8 = 237 x 0.8 = 189.6
    #     ER = 234.24 - 189.6 = 44.64 -> 44 credits
    assert h2.id == "2025-H2"
    assert h2.reference_emissions == pytest.approx(234.24, abs=1e-9)
    assert h2.project_emissions == pytest.approx(189.6, abs=1e-9)
    assert h2.emission_reductions == pytest.approx(44.64, abs=1e-9)
    assert h2.emission_reductions_rounded == 44

    # Total credits: 38 + 44 (each period floored on its own, not 83.52 -> 83)
    assert result.totals.emission_reductions_rounded == 82
    assert [e.status for e in result.eligibility] == ["attestation-needed"]


# --- properties -------------------------------------------------------------------------


@settings(deadline=None)
@given(unit_inputs())
def test_equal_project_and_reference_cop_gives_no_reductions(
    values: dict[str, list[float] | float],
) -> None:
    """A project unit no better than the reference saves nothing: RE = PE, ER = 0."""
    values = {**values, "COP_RE_i": values["COP_PJ_i"]}
    reference, project, reductions = _results(values)
    assert reference == pytest.approx(project, rel=1e-12, abs=1e-12)
    assert reductions == pytest.approx(0, abs=slack((reference, project, reductions)))


@settings(deadline=None)
@given(unit_inputs(), growth)
def test_a_larger_reference_cop_never_raises_er(
    values: dict[str, list[float] | float], factor: float
) -> None:
    """ER = sum_i EC_i x EF x (COP_PJ,i / COP_RE,i - 1) falls as COP_RE,i rises."""
    reference = values["COP_RE_i"]
    assert isinstance(reference, list)
    better_reference = {**values, "COP_RE_i": [c * factor for c in reference]}
    before, after = _results(values), _results(better_reference)
    assert after[0] <= before[0] + slack(before, after)  # RE falls
    assert after[1] == before[1]  # PE does not depend on the reference
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(unit_inputs(), growth)
def test_more_project_emissions_never_raise_er(
    values: dict[str, list[float] | float], factor: float
) -> None:
    """More project emissions for the same reference emissions never raise ER.

    RE and PE both scale with the monitored consumption, so "more PE" is taken at
    fixed cooling delivered: EC x COP_PJ held constant, as when a less efficient unit
    needs `factor` times the electricity for the same cooling. RE is then unchanged,
    PE grows by `factor`, and ER = RE - PE cannot rise.
    """
    assert_less_efficient_raises_pe_only(_results, values, "EC_PJ_i_p", "COP_PJ_i", factor)


@settings(deadline=None)
@given(unit_inputs())
def test_doubling_the_monitored_energy_doubles_re_pe_and_er(
    values: dict[str, list[float] | float],
) -> None:
    """The equations are linear in the monitored power consumption."""
    assert_doubling_doubles(_results, values, "EC_PJ_i_p")


@settings(deadline=None)
@given(unit_inputs())
def test_rounded_credits_are_never_negative(values: dict[str, list[float] | float]) -> None:
    """A less efficient project gives negative ER, which issues 0 credits, never fewer."""
    assert_credits_floor_er(ID, _results(values)[2])
