"""JCM_TH_AM011 (natural-refrigerant cold storage, Thailand): worked case and properties.

The worked case runs the bundled example (examples/cold-storage-th/) end to end and compares
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

ID = "JCM_TH_AM011"
PROJECT = EXAMPLES / "cold-storage-th" / "project.yaml"


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/cold-storage-th: two units, daily kWh readings, three monthly periods.

    Project values (illustrative): EF_elec 0.5 tCO2/MWh; COP ratios
    CS-1 1.8 / 1.5 = 1.2; CS-2 3.3 / 2.75 = 1.2.
    Daily 1,200 + 800 = 2,000 kWh = 2.0 MWh, so a month of n days uses 2n MWh and
      RE = 2n x 1.2 x 0.5 = 1.2 n;  PE = 2n x 0.5 = n;  ER = 0.2 n
    January (31 days):  RE 37.2, PE 31.0, ER 6.2 -> 6 credits
    February (28 days): RE 33.6, PE 28.0, ER 5.6 -> 5 credits
    March (31 days):    RE 37.2, PE 31.0, ER 6.2 -> 6 credits
    Total credits 6 + 5 + 6 = 17 (the unrounded 18.0 would give 18).
    """
    ratios = (1.8 / 1.5, 3.3 / 2.75)
    expected = []
    for days in (31, 28, 31):
        consumption = (1.2 * days, 0.8 * days)  # MWh
        re = sum(ec * r for ec, r in zip(consumption, ratios, strict=True)) * 0.5
        pe = sum(consumption) * 0.5
        expected.append((re, pe, re - pe))
    assert [x for period in expected for x in period] == pytest.approx(
        [37.2, 31.0, 6.2, 33.6, 28.0, 5.6, 37.2, 31.0, 6.2], abs=1e-9
    )
    assert_periods(
        calculated(PROJECT),
        dict(zip(["2025-01", "2025-02", "2025-03"], expected, strict=True)),
        [6, 5, 6],
        17,
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
