"""JCM_TH_AM005 (non-inverter centrifugal chiller, Thailand): worked case and properties.

The worked case runs the bundled example (examples/chiller-captive-th/: a grid-only
quarter and a quarter with captive generation) end to end and compares it with the
arithmetic written out by hand and recomputed here in plain Python. The properties
evaluate the compiled equations on plain numbers (conftest.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jcm_mrv.formula import Band

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
    slack,
)

ID = "JCM_TH_AM005"
PROJECT = EXAMPLES / "chiller-captive-th" / "project.yaml"
CHILLERS = 2

energy = st.floats(min_value=0, max_value=1e5, allow_nan=False)  # MWh
site_energy = st.floats(min_value=1, max_value=1e6, allow_nan=False)  # MWh
fuel = st.floats(min_value=0, max_value=1e5, allow_nan=False)  # kL
cop = st.floats(min_value=1, max_value=15, allow_nan=False)
grid_factor = st.floats(min_value=0, max_value=1.5, allow_nan=False)  # tCO2/MWh
cooling_water_out = st.floats(min_value=25, max_value=40, allow_nan=False)  # degC
chilled_water_out = st.floats(min_value=4, max_value=15, allow_nan=False)  # degC
growth = st.floats(min_value=1, max_value=100, allow_nan=False)


@st.composite
def chiller_inputs(draw: st.DrawFn) -> Values:
    """One period's inputs for two chillers and the site's supply, in the methodology's units."""
    return {
        "EC_PJ_i_p": [draw(energy) for _ in range(CHILLERS)],
        "EI_grid_p": draw(site_energy),
        "EG_cap_p": draw(st.one_of(st.just(0.0), site_energy)),
        "FC_cap_p": draw(fuel),
        "EF_grid": draw(grid_factor),
        "NCV_cap": draw(st.floats(min_value=20, max_value=45)),
        "EF_cap": draw(st.floats(min_value=50, max_value=110)),
        "COP_PJ_i": [draw(cop) for _ in range(CHILLERS)],
        "COP_RE_i": [draw(cop) for _ in range(CHILLERS)],
        "T_cool_out_i": [draw(cooling_water_out) for _ in range(CHILLERS)],
        "T_chill_out_i": [draw(chilled_water_out) for _ in range(CHILLERS)],
    }


def _evaluate(values: Values) -> dict[str, Any]:
    """Every equation's values; the drawn reference COPs enter through the table."""
    reference = values["COP_RE_i"]
    assert isinstance(reference, list)
    inputs = {name: value for name, value in values.items() if name != "COP_RE_i"}
    inputs["Q_PJ_i"] = [100.0 * (k + 1) for k in range(CHILLERS)]
    bands = tuple(Band(100.0 * (k + 0.5), 100.0 * (k + 1.5), c) for k, c in enumerate(reference))
    return evaluate(ID, inputs, tables={"COP_RE": bands})


def _results(values: Values) -> tuple[float, float, float]:
    return outputs(ID, _evaluate(values))


def _float(values: Values, name: str) -> float:
    value = values[name]
    assert isinstance(value, float)
    return value


# --- worked case ------------------------------------------------------------------------


def test_example_project_gives_the_hand_calculated_results() -> None:
    """examples/chiller-captive-th: two chillers, a grid-only and a captive quarter.

    Project values (illustrative): EF_grid 0.5 tCO2/MWh; captive diesel NCV 40 GJ/kL and
    EF 75 tCO2/TJ, i.e. 40 x 75 / 1,000 = 3.0 tCO2 per kL;
    CH-1: COP 6.5 at 37 / 7 degC (no correction), 450 USRt -> band 200-500, COP_RE 5.0;
    CH-2: COP 7.15 at 34 / 7 degC, 650 USRt -> band 500-1000, COP_RE 5.2.
    Corrected: CH-2 7.15 x (34 - 7 + 3) / 33 = 7.15 x 30 / 33 = 6.5.
    Ratios: CH-1 6.5 / 5.0 = 1.3; CH-2 6.5 / 5.2 = 1.25.

    2025-Q1 (grid only: captive generation 0): EF_elec = EF_grid = 0.5
      RE = (100 x 1.3 + 200 x 1.25) x 0.5 = (130 + 250) x 0.5 = 190
      PE = 300 x 0.5 = 150;  ER = 40 -> 40 credits
    2025-Q2: grid 800 MWh, captive 200,000 kWh = 200 MWh from 50,000 L = 50 kL of diesel
      EF_elec = (800 x 0.5 + 50 x 3.0) / (800 + 200) = (400 + 150) / 1,000 = 0.55
      CH-1 120,000 kWh = 120 MWh; CH-2 240 MWh
      RE = (120 x 1.3 + 240 x 1.25) x 0.55 = (156 + 300) x 0.55 = 250.8
      PE = 360 x 0.55 = 198;  ER = 52.8 -> 52 credits
    """
    ratio_1 = 6.5 / 5.0
    ratio_2 = 7.15 * (34 - 7 + 1.5 + 1.5) / (37 - 7 + 1.5 + 1.5) / 5.2
    ef_q1 = 0.5
    ef_q2 = (800 * 0.5 + 50 * 40 * 75 / 1000) / (800 + 200)
    expected = []
    for (ch1, ch2), ef in (((100.0, 200.0), ef_q1), ((120.0, 240.0), ef_q2)):
        re = (ch1 * ratio_1 + ch2 * ratio_2) * ef
        pe = (ch1 + ch2) * ef
        expected.append((re, pe, re - pe))
    assert [x for period in expected for x in period] == pytest.approx(
        [190, 150, 40, 250.8, 198, 52.8], abs=1e-9
    )

    assert_periods(
        calculated(PROJECT), dict(zip(["2025-Q1", "2025-Q2"], expected, strict=True)), [40, 52], 92
    )


def test_site_values_in_a_wide_file_without_point_column(tmp_path: Path) -> None:
    """Site-level values need no point: a wide file of them alone gives the same result."""
    (tmp_path / "site.csv").write_text(
        "period,EI_grid_p [MWh],EG_cap_p [MWh],FC_cap_p [kL]\n"
        "2025-Q1,1000,0,0\n2025-Q2,800,200,50\n",
        encoding="utf-8",
    )
    (tmp_path / "chillers.csv").write_text(
        "period,point,EC_PJ_i_p [MWh]\n"
        "2025-Q1,CH-1,100\n2025-Q1,CH-2,200\n2025-Q2,CH-1,120\n2025-Q2,CH-2,240\n",
        encoding="utf-8",
    )
    project = PROJECT.read_text(encoding="utf-8").replace(
        "  - path: monitoring-report.csv\n    layout: long\n",
        "  - path: site.csv\n  - path: chillers.csv\n",
    )
    assert "site.csv" in project
    (tmp_path / "project.yaml").write_text(project, encoding="utf-8")
    result = calculated(tmp_path / "project.yaml")
    assert [p.emission_reductions for p in result.periods] == pytest.approx([40, 52.8], abs=1e-9)
    assert result.findings == []


# --- properties -------------------------------------------------------------------------


@settings(deadline=None)
@given(chiller_inputs())
def test_a_grid_only_site_uses_the_grid_factor(values: Values) -> None:
    """Without captive generation in the period the factor is EF_grid, whatever the fuel."""
    values = {**values, "EG_cap_p": 0.0}
    factor = _evaluate(values)["EF_elec_p"]
    assert float(factor[0, 0]) == pytest.approx(_float(values, "EF_grid"), rel=1e-12)


@settings(deadline=None)
@given(chiller_inputs())
def test_the_site_factor_lies_between_the_grid_and_the_captive_factor(values: Values) -> None:
    """The supply-weighted factor is a mean of the grid factor and the captive plant's factor."""
    values = {**values, "EG_cap_p": max(_float(values, "EG_cap_p"), 1.0)}
    captive = (
        _float(values, "FC_cap_p")
        * _float(values, "NCV_cap")
        * _float(values, "EF_cap")
        / 1000
        / _float(values, "EG_cap_p")
    )
    grid = _float(values, "EF_grid")
    factor = float(_evaluate(values)["EF_elec_p"][0, 0])
    noise = 1e-9 * max(1.0, grid, captive)
    assert min(grid, captive) - noise <= factor <= max(grid, captive) + noise


@settings(deadline=None)
@given(chiller_inputs(), growth)
def test_more_project_emissions_never_raise_er(values: Values, factor: float) -> None:
    """A less efficient chiller needs more electricity for the same cooling: ER cannot rise."""
    assert_less_efficient_raises_pe_only(_results, values, "EC_PJ_i_p", "COP_PJ_i", factor)


@settings(deadline=None)
@given(chiller_inputs(), growth)
def test_a_larger_reference_cop_never_raises_er(values: Values, factor: float) -> None:
    """ER falls as the reference COP rises; PE does not depend on it."""
    reference = values["COP_RE_i"]
    assert isinstance(reference, list)
    before = _results(values)
    after = _results({**values, "COP_RE_i": [c * factor for c in reference]})
    assert after[1] == before[1]
    assert after[2] <= before[2] + slack(before, after)


@settings(deadline=None)
@given(chiller_inputs())
def test_doubling_the_chillers_consumption_doubles_re_pe_and_er(values: Values) -> None:
    """At a fixed site supply, the equations are linear in the chillers' consumption."""
    assert_doubling_doubles(_results, values, "EC_PJ_i_p")


@settings(deadline=None)
@given(chiller_inputs())
def test_rounded_credits_are_never_negative(values: Values) -> None:
    """A less efficient project gives negative ER, which issues 0 credits, never fewer."""
    assert_credits_floor_er(ID, _results(values)[2])
