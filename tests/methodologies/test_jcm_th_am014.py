"""JCM_TH_AM014 (inverter refrigerated showcase, Thailand): worked case and properties.

The worked case runs the bundled example (examples/showcase-th/) end to end and compares
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

ID = "JCM_TH_AM014"
PROJECT = EXAMPLES / "showcase-th" / "project.yaml"


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
    assert_periods(
        calculated(PROJECT), dict(zip(["2025-H1", "2025-H2"], expected, strict=True)), [9, 9], 18
    )


# --- properties (RE = sum_i EC_i x COP_PJ,i / COP_RE x EF_elec, PE = sum_i EC_i x EF_elec)

properties = efficiency_ratio_properties(ID, units=2, efficiency_range=(0.5, 10))
test_equal_project_and_reference_cop_gives_no_reductions = (
    properties.equal_efficiency_gives_no_reductions
)
test_a_larger_reference_cop_never_raises_er = properties.larger_reference_never_raises_er
test_more_project_emissions_never_raise_er = properties.less_efficient_raises_pe_only
test_doubling_the_monitored_energy_doubles_re_pe_and_er = properties.doubling_doubles
test_rounded_credits_are_never_negative = properties.credits_floor_er
