"""DRAFT_VN_AMORPHOUS_TRANSFORMER: amorphous-core transformers (a draft of ours, not JCM).

The worked case recomputes examples/amorphous-transformer-vn/ by hand; the property
tests run the compiled equations on generated numbers.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jcm_mrv
from jcm_mrv.engine.rounding import round_emission_reductions

from .conftest import EXAMPLES, evaluate, outputs, rounding_rule

ID = "DRAFT_VN_AMORPHOUS_TRANSFORMER"
EXAMPLE = EXAMPLES / "amorphous-transformer-vn" / "project.yaml"

loss_kw = st.floats(min_value=0, max_value=5, allow_nan=False)
hours = st.floats(min_value=0, max_value=8_784, allow_nan=False)
factor = st.floats(min_value=0, max_value=1.5, allow_nan=False)


def _transformers(size: int) -> st.SearchStrategy[tuple[list[float], list[float], list[float]]]:
    """(reference losses, project losses, hours) for ``size`` transformers."""
    return st.tuples(
        st.lists(loss_kw, min_size=size, max_size=size),
        st.lists(loss_kw, min_size=size, max_size=size),
        st.lists(hours, min_size=size, max_size=size),
    )


transformers = st.integers(min_value=1, max_value=4).flatmap(_transformers)


def _case(
    nll_re: list[float], nll_pj: list[float], h: list[float], ef: float = 0.6
) -> dict[str, float | list[float] | list[list[float]]]:
    return {"NLL_RE_i": nll_re, "NLL_PJ_i": nll_pj, "H_i_p": [h], "EF_elec": ef}


def test_worked_example_matches_hand_arithmetic() -> None:
    """The example's two half-years, from the quarterly hours in hours-energised.csv."""
    result = jcm_mrv.calculate(EXAMPLE)
    first, second = result.periods

    # 2025-H1 hours: TR-01 2160 + 2184 = 4344; TR-02 2151.5 + 2184 = 4335.5;
    # TR-03 2160 + 2176.25 = 4336.25; TR-04 2142 + 2184 = 4326.
    # RE: 0.36 x 4344 + 0.50 x 4335.5 + 0.72 x 4336.25 + 1.00 x 4326
    #   = 1563.84 + 2167.75 + 3122.1 + 4326 = 11179.69 kWh
    #   x 0.6 tCO2/MWh = 6707.814 kgCO2 = 6.707814 tCO2 (kWh x tCO2/MWh: factor 0.001)
    assert first.reference_emissions == pytest.approx(6.707814, rel=1e-12)
    # PE: 0.10 x 4344 + 0.13 x 4335.5 + 0.19 x 4336.25 + 0.27 x 4326
    #   = 434.4 + 563.615 + 823.8875 + 1168.02 = 2989.9225 kWh x 0.6 / 1000 = 1.7939535
    assert first.project_emissions == pytest.approx(1.7939535, rel=1e-12)
    # ER = 6.707814 - 1.7939535 = 4.9138605, floored to 4 credits
    assert first.emission_reductions == pytest.approx(4.9138605, rel=1e-12)
    assert first.emission_reductions_rounded == 4

    # 2025-H2 hours: TR-01 2208 + 2208 = 4416; TR-02 2196 + 2208 = 4404;
    # TR-03 2208 + 2190 = 4398; TR-04 2200.5 + 2208 = 4408.5.
    # RE: 1589.76 + 2202 + 3166.56 + 4408.5 = 11366.82 kWh -> 6.820092 tCO2
    assert second.reference_emissions == pytest.approx(6.820092, rel=1e-12)
    # PE: 441.6 + 572.52 + 835.62 + 1190.295 = 3040.035 kWh -> 1.824021 tCO2
    assert second.project_emissions == pytest.approx(1.824021, rel=1e-12)
    # ER = 4.996071, floored to 4 credits
    assert second.emission_reductions == pytest.approx(4.996071, rel=1e-12)
    assert second.emission_reductions_rounded == 4

    assert result.totals.emission_reductions_rounded == 8
    statuses = {e.id: e.status for e in result.eligibility}
    assert statuses == {"C1": "pass", "C2": "attestation-needed", "C3": "attestation-needed"}


def test_a_project_loss_not_below_the_reference_fails_c1() -> None:
    """C1 compares each transformer's project and reference no-load loss."""
    # 0.40 kW is above TR-01's reference 0.36 kW but below the other three references.
    result = jcm_mrv.calculate(EXAMPLE, overrides=["NLL_PJ_i=0.40"])
    c1 = next(e for e in result.eligibility if e.id == "C1")
    assert c1.status == "fail"
    assert "TR-01" in c1.detail and "TR-02" not in c1.detail


@given(transformers, st.floats(min_value=0, max_value=5, allow_nan=False))
def test_larger_project_losses_never_raise_er(
    case: tuple[list[float], list[float], list[float]], extra: float
) -> None:
    """More project no-load loss means more project emissions and never more ER."""
    nll_re, nll_pj, h = case
    _, pe, er = outputs(ID, evaluate(ID, _case(nll_re, nll_pj, h)))
    _, pe_more, er_more = outputs(ID, evaluate(ID, _case(nll_re, [x + extra for x in nll_pj], h)))
    assert pe_more >= pe
    assert er_more <= er


@given(transformers)
def test_equal_losses_give_no_reductions(
    case: tuple[list[float], list[float], list[float]],
) -> None:
    """A project transformer no better than the reference earns nothing."""
    nll_re, _, h = case
    _, _, er = outputs(ID, evaluate(ID, _case(nll_re, nll_re, h)))
    assert er == pytest.approx(0, abs=1e-9)


@given(transformers, factor)
def test_doubling_the_hours_doubles_re_pe_and_er(
    case: tuple[list[float], list[float], list[float]], ef: float
) -> None:
    """The equations are linear in the monitored hours energised."""
    nll_re, nll_pj, h = case
    re, pe, er = outputs(ID, evaluate(ID, _case(nll_re, nll_pj, h, ef)))
    re2, pe2, er2 = outputs(ID, evaluate(ID, _case(nll_re, nll_pj, [2 * x for x in h], ef)))
    assert re2 == pytest.approx(2 * re, rel=1e-12, abs=1e-9)
    assert pe2 == pytest.approx(2 * pe, rel=1e-12, abs=1e-9)
    assert er2 == pytest.approx(2 * er, rel=1e-12, abs=1e-9)


@given(transformers, factor)
def test_rounded_credits_are_never_negative(
    case: tuple[list[float], list[float], list[float]], ef: float
) -> None:
    """Even with project losses above the reference, a period issues zero or more credits."""
    nll_re, nll_pj, h = case
    _, _, er = outputs(ID, evaluate(ID, _case(nll_re, nll_pj, h, ef)))
    assert round_emission_reductions(er, rounding_rule(ID)).rounded >= 0
