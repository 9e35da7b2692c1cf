"""DRAFT_VN_FLUOROCARBON_DESTRUCTION: F-gas destruction (a draft of ours, not JCM).

The worked case recomputes examples/fluorocarbon-destruction-vn/ by hand; the property
tests run the compiled equations on generated numbers.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jcm_mrv
from jcm_mrv.engine.rounding import round_emission_reductions

from .conftest import EXAMPLES, evaluate, outputs, rounding_rule

ID = "DRAFT_VN_FLUOROCARBON_DESTRUCTION"
STREAMS = 3  # refrigerant streams (monitoring points) in the generated cases

mass_t = st.floats(min_value=0, max_value=50, allow_nan=False, allow_subnormal=False)
gwp = st.floats(min_value=0, max_value=25_000, allow_nan=False, allow_subnormal=False)
carbon_factor = st.floats(min_value=0, max_value=3.67, allow_nan=False, allow_subnormal=False)
electricity_mwh = st.floats(min_value=0, max_value=1_000, allow_nan=False, allow_subnormal=False)
fuel_t = st.floats(min_value=0, max_value=100, allow_nan=False, allow_subnormal=False)
factor_elec = st.floats(min_value=0, max_value=1.5, allow_nan=False, allow_subnormal=False)
ncv = st.floats(min_value=0, max_value=60, allow_nan=False, allow_subnormal=False)
factor_fuel = st.floats(min_value=0, max_value=120, allow_nan=False, allow_subnormal=False)


def test_worked_example_matches_hand_arithmetic() -> None:
    """The example's two periods, computed by hand from make_data.py's batch table."""
    result = jcm_mrv.calculate(EXAMPLES / "fluorocarbon-destruction-vn" / "project.yaml")
    first, second = result.periods

    # 2025-H1: HFC-134a 700 + 500 = 1,200 kg; R-410A 450 + 350 = 800 kg;
    # R-404A 300 + 200 = 500 kg; electricity 1,800 + 1,200 = 3,000 kWh; LPG 240 + 160 = 400 kg.
    # RE = 1.2 t x 1430 + 0.8 t x 2088 + 0.5 t x 3922 = 1716 + 1670.4 + 1961 = 5347.4 tCO2
    assert first.reference_emissions == pytest.approx(5347.4, rel=1e-12)
    # PE_elec = 3.0 MWh x 0.7 tCO2/MWh = 2.1
    # PE_fuel = 0.4 t x 47.3 GJ/t = 18.92 GJ = 0.01892 TJ; x 63.1 tCO2/TJ = 1.193852
    # PE_dest = 1.2 x 0.86 + 0.8 x 0.79 + 0.5 x 0.90 = 1.032 + 0.632 + 0.45 = 2.114
    # PE = 2.1 + 1.193852 + 2.114 = 5.407852 tCO2
    assert first.project_emissions == pytest.approx(5.407852, rel=1e-12)
    # ER = 5347.4 - 5.407852 = 5341.992148, floored to 5341 credits
    assert first.emission_reductions == pytest.approx(5341.992148, rel=1e-12)
    assert first.emission_reductions_rounded == 5341

    # 2025-H2: HFC-134a 800 + 700 = 1,500 kg; R-410A 500 + 450 = 950 kg;
    # R-404A 220 + 200 = 420 kg; electricity 1,900 + 1,500 = 3,400 kWh; LPG 250 + 200 = 450 kg.
    # RE = 1.5 x 1430 + 0.95 x 2088 + 0.42 x 3922 = 2145 + 1983.6 + 1647.24 = 5775.84
    assert second.reference_emissions == pytest.approx(5775.84, rel=1e-12)
    # PE_elec = 3.4 x 0.7 = 2.38
    # PE_fuel = 0.45 x 47.3 = 21.285 GJ = 0.021285 TJ; x 63.1 = 1.3430835
    # PE_dest = 1.5 x 0.86 + 0.95 x 0.79 + 0.42 x 0.90 = 1.29 + 0.7505 + 0.378 = 2.4185
    # PE = 2.38 + 1.3430835 + 2.4185 = 6.1415835
    assert second.project_emissions == pytest.approx(6.1415835, rel=1e-12)
    # ER = 5775.84 - 6.1415835 = 5769.6984165, floored to 5769 credits
    assert second.emission_reductions == pytest.approx(5769.6984165, rel=1e-12)
    assert second.emission_reductions_rounded == 5769

    # 5341 + 5769 = 11110 credits in total
    assert result.totals.emission_reductions_rounded == 11110
    # Every criterion is documentary: nothing can fail, everything needs an attestation.
    assert {e.status for e in result.eligibility} == {"attestation-needed"}


def _case(
    masses: list[float],
    gwps: list[float],
    carbon: list[float],
    electricity: float,
    fuel: float,
    ef_elec: float = 0.7,
    ncv_fuel: float = 47.3,
    ef_fuel: float = 63.1,
) -> dict[str, float | list[float] | list[list[float]]]:
    return {
        "M_i_p": [masses],
        "GWP_i": gwps,
        "EF_dest_i": carbon,
        "EC_PJ_p": [electricity],
        "FC_PJ_p": [fuel],
        "EF_elec": ef_elec,
        "NCV_fuel": ncv_fuel,
        "EF_fuel": ef_fuel,
    }


streams = st.integers(min_value=1, max_value=4).flatmap(
    lambda n: st.tuples(
        st.lists(mass_t, min_size=n, max_size=n),
        st.lists(gwp, min_size=n, max_size=n),
        st.lists(carbon_factor, min_size=n, max_size=n),
    )
)


@given(streams, electricity_mwh, fuel_t, electricity_mwh, fuel_t)
def test_more_destruction_energy_never_raises_er(
    stream: tuple[list[float], list[float], list[float]],
    electricity: float,
    fuel: float,
    extra_electricity: float,
    extra_fuel: float,
) -> None:
    """More electricity or fuel used by the destruction facility never raises ER."""
    masses, gwps, carbon = stream
    _, pe, er = outputs(ID, evaluate(ID, _case(masses, gwps, carbon, electricity, fuel)))
    more = _case(masses, gwps, carbon, electricity + extra_electricity, fuel + extra_fuel)
    _, pe_more, er_more = outputs(ID, evaluate(ID, more))
    assert pe_more >= pe
    assert er_more <= er


@given(streams, factor_elec, factor_elec, ncv, factor_fuel, factor_fuel)
def test_larger_project_emission_factors_never_raise_er(
    stream: tuple[list[float], list[float], list[float]],
    ef_elec: float,
    extra_elec: float,
    ncv_fuel: float,
    ef_fuel: float,
    extra_fuel: float,
) -> None:
    """Larger emission factors of the destruction process never raise ER."""
    masses, gwps, carbon = stream
    base = _case(masses, gwps, carbon, 10.0, 2.0, ef_elec, ncv_fuel, ef_fuel)
    larger = _case(
        masses, gwps, carbon, 10.0, 2.0, ef_elec + extra_elec, ncv_fuel, ef_fuel + extra_fuel
    )
    assert outputs(ID, evaluate(ID, larger))[2] <= outputs(ID, evaluate(ID, base))[2]


@given(streams, st.floats(min_value=0, max_value=1_000, allow_nan=False, allow_subnormal=False))
def test_a_larger_gwp_never_lowers_er_and_more_carbon_never_raises_it(
    stream: tuple[list[float], list[float], list[float]], extra: float
) -> None:
    """GWP raises RE only; the carbon of the destroyed gas raises PE only."""
    masses, gwps, carbon = stream
    _, _, er = outputs(ID, evaluate(ID, _case(masses, gwps, carbon, 5.0, 1.0)))
    higher_gwp = [g + extra for g in gwps]
    more_carbon = [c + extra / 1_000 for c in carbon]
    assert outputs(ID, evaluate(ID, _case(masses, higher_gwp, carbon, 5.0, 1.0)))[2] >= er
    assert outputs(ID, evaluate(ID, _case(masses, gwps, more_carbon, 5.0, 1.0)))[2] <= er


@given(streams, electricity_mwh, fuel_t)
def test_doubling_every_monitored_quantity_doubles_re_pe_and_er(
    stream: tuple[list[float], list[float], list[float]], electricity: float, fuel: float
) -> None:
    """The equations are linear in the monitored masses and energy."""
    masses, gwps, carbon = stream
    re, pe, er = outputs(ID, evaluate(ID, _case(masses, gwps, carbon, electricity, fuel)))
    doubled = _case([2 * m for m in masses], gwps, carbon, 2 * electricity, 2 * fuel)
    re2, pe2, er2 = outputs(ID, evaluate(ID, doubled))
    assert re2 == pytest.approx(2 * re, rel=1e-9, abs=1e-9)
    assert pe2 == pytest.approx(2 * pe, rel=1e-9, abs=1e-9)
    assert er2 == pytest.approx(2 * er, rel=1e-9, abs=1e-6)


@given(streams, electricity_mwh, fuel_t, factor_elec, ncv, factor_fuel)
def test_rounded_credits_are_never_negative(
    stream: tuple[list[float], list[float], list[float]],
    electricity: float,
    fuel: float,
    ef_elec: float,
    ncv_fuel: float,
    ef_fuel: float,
) -> None:
    """Even when the destruction emits more than it avoids, no negative credits."""
    masses, gwps, carbon = stream
    case = _case(masses, gwps, carbon, electricity, fuel, ef_elec, ncv_fuel, ef_fuel)
    _, _, er = outputs(ID, evaluate(ID, case))
    assert round_emission_reductions(er, rounding_rule(ID)).rounded >= 0


def test_a_period_whose_destruction_emits_more_than_it_avoids_issues_nothing() -> None:
    """A hand-made case: 0.001 t of HFC-134a, 10 MWh for the facility.

    RE = 0.001 x 1430 = 1.43 t; PE = 10 x 0.7 + 0 + 0.001 x 0.86 = 7.00086 t;
    ER = 1.43 - 7.00086 = -5.57086 t, which issues 0 credits.
    """
    case = _case([0.001], [1430.0], [0.86], 10.0, 0.0)
    re, pe, er = outputs(ID, evaluate(ID, case))
    assert re == pytest.approx(1.43)
    assert pe == pytest.approx(7.00086)
    assert er == pytest.approx(-5.57086)
    rounded = round_emission_reductions(er, rounding_rule(ID))
    assert rounded.rounded == 0
    assert rounded.negative
