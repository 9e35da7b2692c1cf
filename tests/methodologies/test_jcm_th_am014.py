"""JCM_TH_AM014 (inverter refrigerated showcase, Thailand): worked case and properties.

The worked case runs the bundled example (examples/showcase-th/) end to end and compares
it with the arithmetic written out by hand and recomputed here in plain Python. The
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
    assert_less_efficient_raises_pe_only,
    calculated,
    evaluate,
    outputs,
    slack,
)

ID = "JCM_TH_AM014"
PROJECT = EXAMPLES / "showcase-th" / "project.yaml"
UNITS = 2

energy = st.floats(min_value=0, max_value=1e5, allow_nan=False)  # MWh per unit and period
cop = st.floats(min_value=0.5, max_value=10, allow_nan=False)
emission_factor = st.floats(min_value=0, max_value=1.5, allow_nan=False)  # tCO2/MWh
growth = st.floats(min_value=1, max_value=100, allow_nan=False)


@st.composite
def inputs(draw: st.DrawFn) -> Values:
    """One period's inputs for 2 units, in the methodology's units."""
    return {
        "EC_PJ_i_p": [draw(energy) for _ in range(UNITS)],
        "EF_elec": draw(emission_factor),
        "COP_PJ_i": [draw(cop) for _ in range(UNITS)],
        "COP_RE_i": [draw(cop) for _ in range(UNITS)],
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


# --- worked case ------------------------------------------------------------------------


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/showcase-th: two showcase groups, half-year totals on an MRS sheet.

    Project values (illustrative): EF_elec 0.5 tCO2/MWh; COP ratios
    SC-DAIRY 3.0 / 2.4 = 1.25; SC-FROZEN 1.8 / 1.5 = 1.2.
    H1: SC-DAIRY 48,000 kWh = 48 MWh; SC-FROZEN 30 MWh
        RE = (48 x 1.25 + 30 x 1.2) x 0.5 = (60 + 36) x 0.5 = 48
        PE = 78 x 0.5 = 39;  ER = 9 -> 9 credits
    H2: SC-DAIRY 52,000 kWh = 52 MWh; SC-FROZEN 33 MWh
        RE = (52 x 1.25 + 33 x 1.2) x 0.5 = (65 + 39.6) x 0.5 = 52.3
        PE = 85 x 0.5 = 42.5;  ER = 9.8 -> 9 credits
    """
    ratios = (3.0 / 2.4, 1.8 / 1.5)
    expected = []
    for consumption in ((48.0, 30.0), (52.0, 33.0)):
        re = sum(ec * r for ec, r in zip(consumption, ratios, strict=True)) * 0.5
        pe = sum(consumption) * 0.5
        expected.append((re, pe, re - pe))
    assert [x for period in expected for x in period] == pytest.approx(
        [48, 39, 9, 52.3, 42.5, 9.8], abs=1e-9
    )

    result = calculated(PROJECT)
    assert [p.id for p in result.periods] == ["2025-H1", "2025-H2"]
    for period, (re, pe, er) in zip(result.periods, expected, strict=True):
        assert period.reference_emissions == pytest.approx(re, abs=1e-9)
        assert period.project_emissions == pytest.approx(pe, abs=1e-9)
        assert period.emission_reductions == pytest.approx(er, abs=1e-9)
    assert [p.emission_reductions_rounded for p in result.periods] == [9, 9]
    assert result.totals.emission_reductions_rounded == 18
    assert result.findings == []


# --- properties -------------------------------------------------------------------------


@settings(deadline=None)
@given(inputs())
def test_equal_project_and_reference_cop_gives_no_reductions(values: Values) -> None:
    """Equipment no more efficient than the reference saves nothing: RE = PE, ER = 0."""
    values = {**values, "COP_RE_i": values["COP_PJ_i"]}
    reference, project, reductions = _results(values)
    assert reference == pytest.approx(project, rel=1e-12, abs=1e-12)
    assert reductions == pytest.approx(0, abs=slack((reference, project, reductions)))


@settings(deadline=None)
@given(inputs(), growth)
def test_a_larger_reference_cop_never_raises_er(values: Values, factor: float) -> None:
    """ER = sum_i EC_i x EF x (COP_PJ,i / COP_RE - 1) falls as the reference COP rises."""
    reference = values["COP_RE_i"]
    assert isinstance(reference, list)
    better_reference = {**values, "COP_RE_i": [c * factor for c in reference]}
    before, after = _results(values), _results(better_reference)
    assert after[1] == before[1]  # PE does not depend on the reference
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(inputs(), growth)
def test_more_project_emissions_never_raise_er(values: Values, factor: float) -> None:
    """Less efficient equipment needs more electricity for the same output: ER cannot rise."""
    assert_less_efficient_raises_pe_only(_results, values, "EC_PJ_i_p", "COP_PJ_i", factor)


@settings(deadline=None)
@given(inputs())
def test_doubling_the_monitored_energy_doubles_re_pe_and_er(values: Values) -> None:
    """The equations are linear in the monitored power consumption."""
    assert_doubling_doubles(_results, values, "EC_PJ_i_p")


@settings(deadline=None)
@given(inputs())
def test_rounded_credits_are_never_negative(values: Values) -> None:
    """Less efficient equipment gives negative ER, which issues 0 credits, never fewer."""
    assert_credits_floor_er(ID, _results(values)[2])
