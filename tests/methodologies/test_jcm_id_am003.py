"""JCM_ID_AM003 (high-efficiency refrigerator, Indonesia): worked case and properties.

The worked case runs the bundled example (examples/refrigerator-id/) end to end and compares
it with the arithmetic written out by hand and recomputed here in plain Python. The
properties are the efficiency-ratio family's, from the shared helpers (conftest.py).
"""

from __future__ import annotations

import pytest

from jcm_mrv.engine.rounding import round_emission_reductions

from .conftest import (
    EXAMPLES,
    Values,
    assert_periods,
    calculated,
    efficiency_ratio_properties,
    evaluate,
    outputs,
    rounding_rule,
)

ID = "JCM_ID_AM003"
PROJECT = EXAMPLES / "refrigerator-id" / "project.yaml"


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
    assert_periods(calculated(PROJECT), dict(zip(["2025"], expected, strict=True)), [33], 33)


def test_the_pdd_figures_are_reproduced_and_the_er_is_floored() -> None:
    """The ID_AM003 PDD: 135 MWh x 1.63 / 1.32 = 167 MWh reference, annual ER 25 tCO2.

    The PDD's unrounded ER lies between 25.77 and 25.96 tCO2, so its EF_elec lies between
    25.77 / (135 x 0.31 / 1.32) = 0.8128 and 25.96 / 31.7045 = 0.8188; at 0.814:
      reference consumption 135 x 1.63 / 1.32 = 166.70 MWh (the PDD's 167)
      ER = 135 x (1.63 / 1.32 - 1) x 0.814 = 31.7045 x 0.814 = 25.807... -> 25 credits,
    where rounding half up would give 26.
    """
    values: Values = {"EC_PJ_i_p": [135.0], "EF_elec": 0.814, "COP_PJ_i": [1.63], "COP_RE": 1.32}
    reference, _, reductions = outputs(ID, evaluate(ID, values))
    assert reference / 0.814 == pytest.approx(166.70, abs=0.005)
    assert round(reference / 0.814) == 167
    assert reductions == pytest.approx(135 * (1.63 / 1.32 - 1) * 0.814, rel=1e-12)
    assert 25.77 < reductions < 25.96
    assert round_emission_reductions(reductions, rounding_rule(ID)).rounded == 25


# --- properties (RE = sum_i EC_i x COP_PJ,i / COP_RE x EF_elec, PE = sum_i EC_i x EF_elec)

properties = efficiency_ratio_properties(
    ID, units=2, efficiency_range=(0.5, 10), reference="COP_RE"
)
test_equal_project_and_reference_cop_gives_no_reductions = (
    properties.equal_efficiency_gives_no_reductions
)
test_a_larger_reference_cop_never_raises_er = properties.larger_reference_never_raises_er
test_more_project_emissions_never_raise_er = properties.less_efficient_raises_pe_only
test_doubling_the_monitored_energy_doubles_re_pe_and_er = properties.doubling_doubles
test_rounded_credits_are_never_negative = properties.credits_floor_er
