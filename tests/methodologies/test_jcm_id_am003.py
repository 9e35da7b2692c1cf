"""JCM_ID_AM003 (high-efficiency refrigerator, Indonesia): worked case and properties.

The worked case runs the bundled example (examples/refrigerator-id/) end to end and compares
it with the arithmetic written out by hand and recomputed here in plain Python. The
properties evaluate the compiled equations on plain numbers (conftest.py).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jcm_mrv.engine.rounding import round_emission_reductions

from .conftest import (
    EXAMPLES,
    Values,
    assert_credits_floor_er,
    assert_doubling_doubles,
    assert_less_efficient_raises_pe_only,
    calculated,
    evaluate,
    outputs,
    rounding_rule,
    slack,
)

ID = "JCM_ID_AM003"
PROJECT = EXAMPLES / "refrigerator-id" / "project.yaml"
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
        "COP_RE": draw(cop),
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


# --- worked case ------------------------------------------------------------------------


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/refrigerator-id: two refrigerators, monthly kWh, one yearly period.

    Project values: COP_RE 1.32 and R-1's COP 1.63 as in the PDD; R-2 COP 1.5 and EF_elec
    0.814 tCO2/MWh illustrative.
    2025: R-1 12 x 11,250 kWh = 135 MWh; R-2 12 x 6,000 kWh = 72 MWh
      reference consumption: R-1 135 x 1.63 / 1.32 = 166.7045...; R-2 72 x 1.5 / 1.32
      = 81.8181...; together 248.5227... MWh
      RE = 248.5227... x 0.814 = 202.2975...
      PE = 207 x 0.814 = 168.498;  ER = 33.7995... -> 33 credits
    """
    reference_mwh = 135 * 1.63 / 1.32 + 72 * 1.5 / 1.32
    re = reference_mwh * 0.814
    pe = (135 + 72) * 0.814
    expected = [(re, pe, re - pe)]
    assert [x for period in expected for x in period] == pytest.approx(
        [202.29750, 168.498, 33.79950], abs=1e-9
    )

    result = calculated(PROJECT)
    assert [p.id for p in result.periods] == ["2025"]
    for period, (re, pe, er) in zip(result.periods, expected, strict=True):
        assert period.reference_emissions == pytest.approx(re, abs=1e-9)
        assert period.project_emissions == pytest.approx(pe, abs=1e-9)
        assert period.emission_reductions == pytest.approx(er, abs=1e-9)
    assert [p.emission_reductions_rounded for p in result.periods] == [33]
    assert result.totals.emission_reductions_rounded == 33
    assert result.findings == []


def test_the_pdd_figures_are_reproduced_and_the_er_is_floored() -> None:
    """The ID_AM003 PDD: 135 MWh x 1.63 / 1.32 = 167 MWh reference, annual ER 25 tCO2.

    The PDD's unrounded ER lies between 25.77 and 25.96 tCO2, so its EF_elec lies between
    25.77 / (135 x 0.31 / 1.32) = 0.8128 and 25.96 / 31.7045 = 0.8188; at 0.814:
      reference consumption 135 x 1.63 / 1.32 = 166.70 MWh (the PDD's 167)
      ER = 135 x (1.63 / 1.32 - 1) x 0.814 = 31.7045 x 0.814 = 25.807... -> 25 credits,
    where rounding half up would give 26.
    """
    values: Values = {"EC_PJ_i_p": [135.0], "EF_elec": 0.814, "COP_PJ_i": [1.63], "COP_RE": 1.32}
    reference, _, reductions = _results(values)
    assert reference / 0.814 == pytest.approx(166.70, abs=0.005)
    assert round(reference / 0.814) == 167
    assert reductions == pytest.approx(135 * (1.63 / 1.32 - 1) * 0.814, rel=1e-12)
    assert 25.77 < reductions < 25.96
    assert round_emission_reductions(reductions, rounding_rule(ID)).rounded == 25


# --- properties -------------------------------------------------------------------------


@settings(deadline=None)
@given(inputs())
def test_equal_project_and_reference_cop_gives_no_reductions(values: Values) -> None:
    """Equipment no more efficient than the reference saves nothing: RE = PE, ER = 0."""
    reference = values["COP_RE"]
    assert isinstance(reference, float)
    values = {**values, "COP_PJ_i": [reference] * UNITS}
    reference, project, reductions = _results(values)
    assert reference == pytest.approx(project, rel=1e-12, abs=1e-12)
    assert reductions == pytest.approx(0, abs=slack((reference, project, reductions)))


@settings(deadline=None)
@given(inputs(), growth)
def test_a_larger_reference_cop_never_raises_er(values: Values, factor: float) -> None:
    """ER = sum_i EC_i x EF x (COP_PJ,i / COP_RE - 1) falls as the reference COP rises."""
    reference = values["COP_RE"]
    assert isinstance(reference, float)
    better_reference = {**values, "COP_RE": reference * factor}
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
