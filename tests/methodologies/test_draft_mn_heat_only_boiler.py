"""DRAFT_MN_HEAT_ONLY_BOILER: heat-only boilers in Mongolia (a draft of ours, not JCM).

The worked case recomputes examples/heat-only-boiler-mn/ by hand; the property tests
run the compiled equations on generated numbers.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jcm_mrv
from jcm_mrv.engine.rounding import round_emission_reductions

from .conftest import EXAMPLES, evaluate, outputs, rounding_rule

ID = "DRAFT_MN_HEAT_ONLY_BOILER"
EXAMPLE = EXAMPLES / "heat-only-boiler-mn" / "project.yaml"

coal_t = st.floats(min_value=0, max_value=5_000, allow_nan=False)
efficiency = st.floats(min_value=0.1, max_value=1.0, allow_nan=False)
ncv = st.floats(min_value=0, max_value=50, allow_nan=False)
fuel_factor = st.floats(min_value=0, max_value=150, allow_nan=False)


def _boilers(size: int) -> st.SearchStrategy[tuple[list[float], list[float]]]:
    """(coal per boiler, project efficiency per boiler) for ``size`` boilers."""
    return st.tuples(
        st.lists(coal_t, min_size=size, max_size=size),
        st.lists(efficiency, min_size=size, max_size=size),
    )


boilers = st.integers(min_value=1, max_value=3).flatmap(_boilers)


def _case(
    coal: list[float],
    eta_pj: list[float],
    eta_re: float = 0.7,
    ncv_fuel: float = 15.0,
    ef_fuel: float = 100.0,
) -> dict[str, float | list[float] | list[list[float]]]:
    return {
        "FC_PJ_i_p": [coal],
        "eta_PJ_i": eta_pj,
        "eta_RE": eta_re,
        "NCV_fuel": ncv_fuel,
        "EF_fuel": ef_fuel,
    }


def test_worked_example_matches_hand_arithmetic() -> None:
    """The example's two periods, from the monthly coal use in make_data.py."""
    result = jcm_mrv.calculate(EXAMPLE)
    first, second = result.periods

    # One tonne of coal: 15.0 GJ/t x 100.0 tCO2/TJ = 1500 GJ.tCO2/TJ = 1.5 tCO2
    # (t x GJ/t x tCO2/TJ: the unit conversion GJ -> TJ gives the factor 0.001).
    #
    # 2024-Q4 coal: HOB-1 120 + 210 + 260 = 590 t; HOB-2 95.5 + 168.5 + 205 = 469 t.
    # PE = (590 + 469) x 1.5 = 1059 x 1.5 = 1588.5 tCO2
    assert first.project_emissions == pytest.approx(1588.5, rel=1e-12)
    # RE = 590 x (0.80 / 0.70) x 1.5 + 469 x (0.78 / 0.70) x 1.5
    #    = 590 x 0.8 = 472 / 0.7 = 674.2857142857... x 1.5 = 1011.4285714285...
    #    + 469 x 0.78 = 365.82 / 0.7 = 522.6 x 1.5 = 783.9
    #    = 1795.3285714285... tCO2
    assert first.reference_emissions == pytest.approx(1795.3285714285714, rel=1e-12)
    # ER = 1795.3285714... - 1588.5 = 206.8285714..., floored to 206 credits
    assert first.emission_reductions == pytest.approx(206.82857142857142, rel=1e-12)
    assert first.emission_reductions_rounded == 206

    # 2025-Jan-Apr coal: HOB-1 280 + 240 + 190 + 110 = 820 t;
    # HOB-2 221 + 190.5 + 150 + 86.5 = 648 t.
    # PE = (820 + 648) x 1.5 = 2202.0 tCO2
    assert second.project_emissions == pytest.approx(2202.0, rel=1e-12)
    # RE = 820 x 0.8 = 656 / 0.7 = 937.1428571... x 1.5 = 1405.7142857...
    #    + 648 x 0.78 = 505.44 / 0.7 = 722.0571428... x 1.5 = 1083.0857142...
    #    = 2488.8 tCO2
    assert second.reference_emissions == pytest.approx(2488.8, rel=1e-12)
    # ER = 2488.8 - 2202.0 = 286.8, floored to 286 credits
    assert second.emission_reductions == pytest.approx(286.8, rel=1e-12)
    assert second.emission_reductions_rounded == 286

    assert result.totals.emission_reductions_rounded == 492
    statuses = {e.id: e.status for e in result.eligibility}
    # C2: 1.0 MW and 0.7 MW both lie within 0.10 to 3.15 MW (FY2013 draft criteria)
    assert statuses == {
        "C1": "attestation-needed",
        "C2": "pass",
        "C3": "attestation-needed",
        "C4": "attestation-needed",
        "C5": "pass",
        "C6": "attestation-needed",
    }


def test_a_reference_efficiency_above_a_project_boiler_fails_c5() -> None:
    """C5 compares each boiler's efficiency with the reference efficiency."""
    # 0.79 lies between HOB-2 (0.78) and HOB-1 (0.80): only HOB-2 fails.
    result = jcm_mrv.calculate(EXAMPLE, overrides=["eta_RE=0.79"])
    c5 = next(e for e in result.eligibility if e.id == "C5")
    assert c5.status == "fail"
    assert "HOB-2" in c5.detail and "HOB-1" not in c5.detail


@pytest.mark.parametrize(
    ("capacity_mw", "status"),
    [(0.09, "fail"), (0.10, "pass"), (3.15, "pass"), (3.2, "fail")],
)
def test_c2_admits_boilers_of_0_10_to_3_15_mw(capacity_mw: float, status: str) -> None:
    """The FY2013 draft criteria cover boilers of 0.10 to 3.15 MW (both ends included here)."""
    result = jcm_mrv.calculate(EXAMPLE, overrides=[f"CAP_PJ_i={capacity_mw}"])
    c2 = next(e for e in result.eligibility if e.id == "C2")
    assert c2.status == status


@given(boilers, efficiency, efficiency)
def test_a_larger_reference_efficiency_never_raises_er(
    case: tuple[list[float], list[float]], eta_re: float, extra: float
) -> None:
    """The best-available reference boiler is the conservative side: higher, fewer credits."""
    coal, eta_pj = case
    _, _, er = outputs(ID, evaluate(ID, _case(coal, eta_pj, eta_re)))
    higher = min(eta_re + extra, 1.0)
    _, _, er_higher = outputs(ID, evaluate(ID, _case(coal, eta_pj, higher)))
    assert er_higher <= er + 1e-9


@given(boilers, efficiency, efficiency)
def test_a_less_efficient_project_boiler_never_raises_er(
    case: tuple[list[float], list[float]], eta_re: float, loss: float
) -> None:
    """More project emissions per unit of heat (a lower project efficiency) never raise ER.

    Project emissions follow the monitored coal, which also sets the heat delivered
    (and so the reference emissions); what raises the project's emissions for the same
    heat is a lower project efficiency.
    """
    coal, eta_pj = case
    _, pe, er = outputs(ID, evaluate(ID, _case(coal, eta_pj, eta_re)))
    worse = [max(e - loss, 0.1) for e in eta_pj]
    _, pe_worse, er_worse = outputs(ID, evaluate(ID, _case(coal, worse, eta_re)))
    assert pe_worse == pe
    assert er_worse <= er + 1e-9


@given(boilers, efficiency, ncv, fuel_factor)
def test_doubling_the_coal_doubles_re_pe_and_er(
    case: tuple[list[float], list[float]], eta_re: float, ncv_fuel: float, ef_fuel: float
) -> None:
    """The equations are linear in the monitored fuel use."""
    coal, eta_pj = case
    re, pe, er = outputs(ID, evaluate(ID, _case(coal, eta_pj, eta_re, ncv_fuel, ef_fuel)))
    doubled = _case([2 * c for c in coal], eta_pj, eta_re, ncv_fuel, ef_fuel)
    re2, pe2, er2 = outputs(ID, evaluate(ID, doubled))
    assert re2 == pytest.approx(2 * re, rel=1e-12, abs=1e-9)
    assert pe2 == pytest.approx(2 * pe, rel=1e-12, abs=1e-9)
    assert er2 == pytest.approx(2 * er, rel=1e-12, abs=1e-9)


@given(boilers, efficiency, ncv, fuel_factor)
def test_rounded_credits_are_never_negative(
    case: tuple[list[float], list[float]], eta_re: float, ncv_fuel: float, ef_fuel: float
) -> None:
    """Even with project boilers below the reference, a period issues zero or more credits."""
    coal, eta_pj = case
    _, _, er = outputs(ID, evaluate(ID, _case(coal, eta_pj, eta_re, ncv_fuel, ef_fuel)))
    assert round_emission_reductions(er, rounding_rule(ID)).rounded >= 0
