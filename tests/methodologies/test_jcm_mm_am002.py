"""JCM_MM_AM002 (natural-refrigerant refrigerators, Myanmar): worked case and properties.

The worked case runs the bundled example (examples/refrigerator-mm/) end to end and compares
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

ID = "JCM_MM_AM002"
PROJECT = EXAMPLES / "refrigerator-mm" / "project.yaml"


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/refrigerator-mm: two refrigerators, half-year totals in kWh and MWh/p.

    Project values (illustrative): EF_elec 0.6 tCO2/MWh; COP ratios
    NR-1 2.0 / 1.6 = 1.25; NR-2 2.4 / 2.0 = 1.2.
    H1: NR-1 96,000 kWh = 96 MWh; NR-2 64.8 MWh
        RE = (96 x 1.25 + 64.8 x 1.2) x 0.6 = (120 + 77.76) x 0.6 = 118.656
        PE = 160.8 x 0.6 = 96.48;  ER = 22.176 -> 22 credits
    H2: NR-1 104,000 kWh = 104 MWh; NR-2 70.2 MWh
        RE = (104 x 1.25 + 70.2 x 1.2) x 0.6 = (130 + 84.24) x 0.6 = 128.544
        PE = 174.2 x 0.6 = 104.52;  ER = 24.024 -> 24 credits
    """
    ratios = (2.0 / 1.6, 2.4 / 2.0)
    expected = []
    for consumption in ((96.0, 64.8), (104.0, 70.2)):
        re = sum(ec * r for ec, r in zip(consumption, ratios, strict=True)) * 0.6
        pe = sum(consumption) * 0.6
        expected.append((re, pe, re - pe))
    assert [x for period in expected for x in period] == pytest.approx(
        [118.656, 96.48, 22.176, 128.544, 104.52, 24.024], abs=1e-9
    )
    assert_periods(
        calculated(PROJECT), dict(zip(["2025-H1", "2025-H2"], expected, strict=True)), [22, 24], 46
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
