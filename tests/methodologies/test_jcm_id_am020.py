"""JCM_ID_AM020 (LED downlight/spotlight, FAST RETAILING, Indonesia): worked case, properties.

The worked case runs the bundled example (examples/led-stores-id/: two metered stores
and one whose consumption comes from its opening days) end to end and compares it with
the arithmetic written out by hand and recomputed here in plain Python. The properties
evaluate the compiled equations on plain numbers (conftest.py).
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
    assert_periods,
    calculated,
    evaluate,
    outputs,
    scaled,
    slack,
)

ID = "JCM_ID_AM020"
PROJECT = EXAMPLES / "led-stores-id" / "project.yaml"
STORES = 3

energy = st.floats(min_value=0, max_value=1e4, allow_nan=False)  # MWh per store and period
days = st.integers(min_value=0, max_value=366).map(float)
efficacy = st.floats(min_value=1, max_value=300, allow_nan=False)  # lm/W
growth = st.floats(min_value=1, max_value=100, allow_nan=False)


@st.composite
def lighting_inputs(draw: st.DrawFn, option: float | None = None) -> Values:
    """One period's inputs for three stores; each store's option drawn unless given."""
    return {
        "EC_meter_i_p": [draw(energy) for _ in range(STORES)],
        "D_open_i_p": [draw(days) for _ in range(STORES)],
        "S_days_i": [
            option if option is not None else float(draw(st.integers(0, 1))) for _ in range(STORES)
        ],
        "P_PJ_i": [draw(st.floats(min_value=0, max_value=100)) for _ in range(STORES)],  # kW
        "H_day_i": [draw(st.floats(min_value=0, max_value=24)) for _ in range(STORES)],  # h/day
        "eta_PJ_i": [draw(efficacy) for _ in range(STORES)],
        "eta_RE_i": [draw(efficacy) for _ in range(STORES)],
        "EF_elec": draw(st.floats(min_value=0, max_value=1.5)),
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


# --- worked case ------------------------------------------------------------------------


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/led-stores-id: ST-01 and ST-02 metered, ST-03 by opening days.

    Project values (illustrative): EF_elec 0.8 tCO2/MWh; efficacy ratios
    ST-01 120 / 60 = 2.0; ST-02 120 / 80 = 1.5; ST-03 110 / 55 = 2.0.
    ST-03 (no meter): 8 kW x 12.5 h = 100 kWh per opening day.

    H1: ST-01 24,000 kWh = 24 MWh; ST-02 18.5 MWh; ST-03 175 days x 100 kWh = 17.5 MWh
        RE = (24 x 2 + 18.5 x 1.5 + 17.5 x 2) x 0.8 = (48 + 27.75 + 35) x 0.8 = 88.6
        PE = 60 x 0.8 = 48;  ER = 40.6 -> 40 credits
    H2: ST-01 26 MWh; ST-02 19.5 MWh; ST-03 181 days x 100 kWh = 18.1 MWh
        RE = (52 + 29.25 + 36.2) x 0.8 = 117.45 x 0.8 = 93.96
        PE = 63.6 x 0.8 = 50.88;  ER = 43.08 -> 43 credits
    (ST-03's metered column holds 0 and is not used: its option is opening days.)
    """
    ratios = (120 / 60, 120 / 80, 110 / 55)
    expected = []
    for metered_1, metered_2, open_days_3 in ((24.0, 18.5, 175), (26.0, 19.5, 181)):
        consumption = (metered_1, metered_2, 8 * 12.5 * open_days_3 / 1000)  # MWh
        re = sum(ec * r for ec, r in zip(consumption, ratios, strict=True)) * 0.8
        pe = sum(consumption) * 0.8
        expected.append((re, pe, re - pe))
    assert [x for period in expected for x in period] == pytest.approx(
        [88.6, 48, 40.6, 93.96, 50.88, 43.08], abs=1e-9
    )

    assert_periods(
        calculated(PROJECT), dict(zip(["2025-H1", "2025-H2"], expected, strict=True)), [40, 43], 83
    )


def test_metering_every_store_uses_the_metered_values() -> None:
    """With every store on the metered option, ST-03's 0 kWh is what counts: it adds nothing.

    H1 then: RE = (48 + 27.75) x 0.8 = 60.6; PE = 42.5 x 0.8 = 34; ER = 26.6.
    """
    result = calculated(PROJECT, overrides=["S_days_i=0"])
    h1 = result.periods[0]
    assert h1.reference_emissions == pytest.approx((24 * 2 + 18.5 * 1.5) * 0.8, abs=1e-9)
    assert h1.project_emissions == pytest.approx((24 + 18.5) * 0.8, abs=1e-9)


# --- properties -------------------------------------------------------------------------


@settings(deadline=None)
@given(lighting_inputs(option=1.0))
def test_on_the_days_option_the_meter_is_ignored(values: Values) -> None:
    """Stores on the opening-days option: the metered values do not change the result."""
    before = _results(values)
    after = _results(scaled(values, "EC_meter_i_p", 3))
    assert after == before


@settings(deadline=None)
@given(lighting_inputs(option=0.0), growth)
def test_more_project_emissions_never_raise_er(values: Values, factor: float) -> None:
    """Less efficient lighting needs more electricity for the same light: ER cannot rise."""
    assert_less_efficient_raises_pe_only(_results, values, "EC_meter_i_p", "eta_PJ_i", factor)


@settings(deadline=None)
@given(lighting_inputs(option=1.0))
def test_doubling_the_opening_days_doubles_re_pe_and_er(values: Values) -> None:
    """On the opening-days option the equations are linear in the opening days."""
    assert_doubling_doubles(_results, values, "D_open_i_p")


@settings(deadline=None)
@given(lighting_inputs(option=0.0))
def test_doubling_the_metered_energy_doubles_re_pe_and_er(values: Values) -> None:
    """On the metered option the equations are linear in the metered consumption."""
    assert_doubling_doubles(_results, values, "EC_meter_i_p")


@settings(deadline=None)
@given(lighting_inputs(), growth)
def test_a_larger_reference_efficacy_never_raises_er(values: Values, factor: float) -> None:
    """ER falls as the reference efficacy rises; PE does not depend on it."""
    before, after = _results(values), _results(scaled(values, "eta_RE_i", factor))
    assert after[1] == before[1]
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(lighting_inputs())
def test_rounded_credits_are_never_negative(values: Values) -> None:
    """Less efficient lighting gives negative ER, which issues 0 credits, never fewer."""
    assert_credits_floor_er(ID, _results(values)[2])
