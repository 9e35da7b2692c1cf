"""JCM_VN_AM003 (high-efficiency equipment in buildings, Viet Nam; lighting): worked case.

The worked case runs the bundled example (examples/building-lighting-vn/: monthly
operating hours of three lighting groups) end to end and compares it with the arithmetic
written out by hand and recomputed here in plain Python. The properties evaluate the
compiled equations on plain numbers (conftest.py).
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
    assert_periods,
    calculated,
    evaluate,
    outputs,
    scaled,
    slack,
)

ID = "JCM_VN_AM003"
PROJECT = EXAMPLES / "building-lighting-vn" / "project.yaml"
GROUPS = 3

hours = st.floats(min_value=0, max_value=9000, allow_nan=False)  # h per group and period
power = st.floats(min_value=0, max_value=1000, allow_nan=False)  # kW
growth = st.floats(min_value=1, max_value=100, allow_nan=False)


@st.composite
def lighting_inputs(draw: st.DrawFn) -> Values:
    """One period's inputs for three lighting groups, in the methodology's units."""
    return {
        "OH_i_p": [draw(hours) for _ in range(GROUPS)],
        "P_RE_i": [draw(power) for _ in range(GROUPS)],
        "P_PJ_i": [draw(power) for _ in range(GROUPS)],
        "EF_elec": draw(st.floats(min_value=0, max_value=1.5)),
    }


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, evaluate(ID, values))


# --- worked case ------------------------------------------------------------------------


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/building-lighting-vn: three lighting groups, monthly hours, two half years.

    Project values (illustrative): EF_elec 0.6 tCO2/MWh; rated power reference / project
    LG-LOBBY 12 / 5 kW; LG-OFFICE 40 / 22 kW; LG-PARKING 8 / 3.5 kW.
    Hours (make_data.py): LOBBY 600 a month; OFFICE 300 + 2 m; PARKING 500 a month.
      H1: 3,600 h; 1,800 + 2 x 21 = 1,842 h; 3,000 h
      H2: 3,600 h; 1,800 + 2 x 57 = 1,914 h; 3,000 h
    H1: RE = (12 x 3,600 + 40 x 1,842 + 8 x 3,000) kWh x 0.6 t/MWh
           = (43,200 + 73,680 + 24,000) = 140,880 kWh = 140.88 MWh x 0.6 = 84.528
        PE = (5 x 3,600 + 22 x 1,842 + 3.5 x 3,000) = (18,000 + 40,524 + 10,500)
           = 69,024 kWh = 69.024 MWh x 0.6 = 41.4144
        ER = 43.1136 -> 43 credits
    H2: RE = (43,200 + 40 x 1,914 + 24,000) = (43,200 + 76,560 + 24,000) = 143,760 kWh
           x 0.6 = 86.256
        PE = (18,000 + 22 x 1,914 + 10,500) = (18,000 + 42,108 + 10,500) = 70,608 kWh
           x 0.6 = 42.3648
        ER = 43.8912 -> 43 credits
    Total credits 43 + 43 = 86 (the unrounded 87.0048 would floor to 87).
    """
    reference_kw, project_kw = (12, 40, 8), (5, 22, 3.5)
    expected = []
    for group_hours in ((3600, 1842, 3000), (3600, 1914, 3000)):
        re = sum(p * h for p, h in zip(reference_kw, group_hours, strict=True)) / 1000 * 0.6
        pe = sum(p * h for p, h in zip(project_kw, group_hours, strict=True)) / 1000 * 0.6
        expected.append((re, pe, re - pe))
    assert [x for period in expected for x in period] == pytest.approx(
        [84.528, 41.4144, 43.1136, 86.256, 42.3648, 43.8912], abs=1e-9
    )

    result = calculated(PROJECT)
    assert_periods(result, dict(zip(["2025-H1", "2025-H2"], expected, strict=True)), [43, 43], 86)
    assert [e.status for e in result.eligibility] == ["attestation-needed"]


# --- properties -------------------------------------------------------------------------


@settings(deadline=None)
@given(lighting_inputs())
def test_er_is_the_saved_power_times_hours(values: Values) -> None:
    """ER = sum_i (P_RE,i - P_PJ,i) x OH_i,p x EF: equal rated power saves nothing."""
    reference, project, reductions = _results({**values, "P_PJ_i": values["P_RE_i"]})
    assert reference == pytest.approx(project, rel=1e-12, abs=1e-12)
    assert reductions == pytest.approx(0, abs=slack((reference, project, reductions)))


@settings(deadline=None)
@given(lighting_inputs(), growth)
def test_more_project_power_never_raises_er(values: Values, factor: float) -> None:
    """Project lighting of higher rated power adds project emissions only."""
    before, after = _results(values), _results(scaled(values, "P_PJ_i", factor))
    assert after[0] == before[0]
    assert after[1] >= before[1] - slack(before, after)
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(lighting_inputs())
def test_doubling_the_operating_hours_doubles_re_pe_and_er(values: Values) -> None:
    """The equations are linear in the monitored operating hours."""
    assert_doubling_doubles(_results, values, "OH_i_p")


@settings(deadline=None)
@given(lighting_inputs())
def test_rounded_credits_are_never_negative(values: Values) -> None:
    """Lighting of higher rated power gives negative ER, which issues 0 credits."""
    assert_credits_floor_er(ID, _results(values)[2])
