"""JCM_TH_AM013 (screw chiller, Thailand): worked case and properties.

The worked case runs the bundled example (examples/screw-chiller-th/) end to end and compares
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

ID = "JCM_TH_AM013"
PROJECT = EXAMPLES / "screw-chiller-th" / "project.yaml"


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/screw-chiller-th: three chillers, monthly kWh in a workbook, two half years.

    Project values (illustrative): EF_elec 0.5 tCO2/MWh; COP ratios
    SC-1 5.6 / 4.0 = 1.4; SC-2 5.4 / 4.5 = 1.2; SC-3 6.0 / 5.0 = 1.2.
    Consumption (make_data.py), in MWh:
      H1: SC-1 6 x 20 = 120.0; SC-2 6 x 15 + 0.5 x 21 = 100.5; SC-3 6 x 10 = 60.0
      H2: SC-1 120.0;          SC-2 90 + 0.5 x 57 = 118.5;     SC-3 60.0
    H1: RE = (120 x 1.4 + 100.5 x 1.2 + 60 x 1.2) x 0.5 = (168 + 120.6 + 72) x 0.5 = 180.3
        PE = 280.5 x 0.5 = 140.25;  ER = 40.05 -> 40 credits
    H2: RE = (168 + 118.5 x 1.2 + 72) x 0.5 = (168 + 142.2 + 72) x 0.5 = 191.1
        PE = 298.5 x 0.5 = 149.25;  ER = 41.85 -> 41 credits
    """
    ratios = (5.6 / 4.0, 5.4 / 4.5, 6.0 / 5.0)
    expected = []
    for consumption in ((120.0, 100.5, 60.0), (120.0, 118.5, 60.0)):
        re = sum(ec * r for ec, r in zip(consumption, ratios, strict=True)) * 0.5
        pe = sum(consumption) * 0.5
        expected.append((re, pe, re - pe))
    assert [x for period in expected for x in period] == pytest.approx(
        [180.3, 140.25, 40.05, 191.1, 149.25, 41.85], abs=1e-9
    )
    assert_periods(
        calculated(PROJECT), dict(zip(["2025-H1", "2025-H2"], expected, strict=True)), [40, 41], 81
    )


# --- properties (RE = sum_i EC_i x COP_PJ,i / COP_RE x EF_elec, PE = sum_i EC_i x EF_elec)

properties = efficiency_ratio_properties(ID, units=3, efficiency_range=(1, 15))
test_equal_project_and_reference_cop_gives_no_reductions = (
    properties.equal_efficiency_gives_no_reductions
)
test_a_larger_reference_cop_never_raises_er = properties.larger_reference_never_raises_er
test_more_project_emissions_never_raise_er = properties.less_efficient_raises_pe_only
test_doubling_the_monitored_energy_doubles_re_pe_and_er = properties.doubling_doubles
test_rounded_credits_are_never_negative = properties.credits_floor_er
