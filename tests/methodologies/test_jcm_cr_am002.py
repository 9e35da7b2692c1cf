"""JCM_CR_AM002 (chiller, Costa Rica): worked case and properties.

The worked case runs the bundled example (examples/chiller-cr/) end to end and compares
it with the arithmetic written out by hand and recomputed here in plain Python. The
properties are the efficiency-ratio family's, from the shared helpers (conftest.py).
"""

from __future__ import annotations

import pytest

from .conftest import (
    EXAMPLES,
    assert_periods,
    calculated,
    efficiency_ratio_properties,
)

ID = "JCM_CR_AM002"
PROJECT = EXAMPLES / "chiller-cr" / "project.yaml"


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/chiller-cr: two chillers, quarterly totals in kWh and MWh/p.

    Project values (illustrative): EF_elec 0.1 tCO2/MWh; COP ratios
    CH-A 6.3 / 4.5 = 1.4; CH-B 5.5 / 4.4 = 1.25.
    Q3: CH-A 210,000 kWh = 210 MWh; CH-B 150 MWh
        RE = (210 x 1.4 + 150 x 1.25) x 0.1 = (294 + 187.5) x 0.1 = 48.15
        PE = 360 x 0.1 = 36;  ER = 12.15 -> 12 credits
    Q4: CH-A 190,000 kWh = 190 MWh; CH-B 135.5 MWh
        RE = (190 x 1.4 + 135.5 x 1.25) x 0.1 = (266 + 169.375) x 0.1 = 43.5375
        PE = 325.5 x 0.1 = 32.55;  ER = 10.9875 -> 10 credits
    Total credits 12 + 10 = 22 (the unrounded total 23.1375 would floor to 23).
    """
    ratios = (6.3 / 4.5, 5.5 / 4.4)
    expected = []
    for consumption in ((210.0, 150.0), (190.0, 135.5)):
        re = sum(ec * r for ec, r in zip(consumption, ratios, strict=True)) * 0.1
        pe = sum(consumption) * 0.1
        expected.append((re, pe, re - pe))
    assert [x for period in expected for x in period] == pytest.approx(
        [48.15, 36, 12.15, 43.5375, 32.55, 10.9875], abs=1e-9
    )
    assert_periods(
        calculated(PROJECT), dict(zip(["2025-Q3", "2025-Q4"], expected, strict=True)), [12, 10], 22
    )


# --- properties (RE = sum_i EC_i x COP_PJ,i / COP_RE x EF_elec, PE = sum_i EC_i x EF_elec)

properties = efficiency_ratio_properties(ID, units=2, efficiency_range=(1, 15))
test_equal_project_and_reference_cop_gives_no_reductions = (
    properties.equal_efficiency_gives_no_reductions
)
test_a_larger_reference_cop_never_raises_er = properties.larger_reference_never_raises_er
test_more_project_emissions_never_raise_er = properties.less_efficient_raises_pe_only
test_doubling_the_monitored_energy_doubles_re_pe_and_er = properties.doubling_doubles
test_rounded_credits_are_never_negative = properties.credits_floor_er
