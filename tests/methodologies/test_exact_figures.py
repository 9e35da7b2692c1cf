"""For random decimal inputs, the credits equal the floor of the same calculation in Fraction.

The equations of bundled methodologies are written out again here by hand in
:class:`fractions.Fraction` arithmetic, on the decimals as written; the engine's exact
evaluation (``credits_exactly``) must issue exactly ``floor(ER)`` (0 for a negative ER).
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import credits_exactly, evaluate, outputs

POINTS = 3
energy = st.decimals(0, 10**6, places=3, allow_nan=False, allow_infinity=False)
factor = st.decimals(0, "1.5", places=4, allow_nan=False, allow_infinity=False)
cop = st.decimals(1, 15, places=2, allow_nan=False, allow_infinity=False)
efficacy = st.decimals(1, 300, places=1, allow_nan=False, allow_infinity=False)


def _floats(values: list[Decimal]) -> list[float]:
    return [float(v) for v in values]


def _expected(er: Fraction) -> int:
    return max(math.floor(er), 0)


@settings(max_examples=200, deadline=None)
@given(st.lists(energy, min_size=POINTS, max_size=POINTS), factor)
def test_th_am001_pv(generation: list[Decimal], ef: Decimal) -> None:
    er = sum((Fraction(g) * Fraction(ef) for g in generation), Fraction(0))
    values = {"EG_i_p": [_floats(generation)], "EF_RE": float(ef)}
    assert credits_exactly("JCM_TH_AM001", values) == [_expected(er)]


@settings(max_examples=200, deadline=None)
@given(st.lists(energy, min_size=POINTS, max_size=POINTS), factor)
def test_ke_am002_pv_with_the_lower_of_two_factors(generation: list[Decimal], ef: Decimal) -> None:
    ef_re = min(Fraction(ef), Fraction("0.533"))
    er = sum((Fraction(g) * ef_re for g in generation), Fraction(0))
    # a site with grid and captive power (option 3): the lower of the two factors
    values = {
        "EG_i_p": [_floats(generation)],
        "EF_grid": float(ef),
        "EF_captive": 0.533,
        "SITE": 3.0,
    }
    assert credits_exactly("JCM_KE_AM002", values) == [_expected(er)]


EXTRA: dict[str, dict[str, Any]] = {
    # the metered option (1); the opening-days option's values unused, so zero
    "JCM_TH_AM016": {
        "MONITORING": 1.0,
        "P_PJ_i": [0.0] * POINTS,
        "H_PJ_i": [0.0] * POINTS,
        "DAYS_p": [[0.0] * POINTS],
    },
}


def _assert_efficiency_ratio(
    methodology_id: str,
    ratio: tuple[str, str],
    consumption: list[Decimal],
    ef: Decimal,
    project: list[Decimal],
    reference: list[Decimal],
) -> None:
    """RE = Σ EC × (η_PJ / η_RE) × EF, PE = Σ EC × EF, in Fraction, against the engine."""
    er = sum(
        (
            Fraction(ec) * (Fraction(pj) / Fraction(re)) * Fraction(ef)
            - Fraction(ec) * Fraction(ef)
            for ec, pj, re in zip(consumption, project, reference, strict=True)
        ),
        Fraction(0),
    )
    values = {
        "EC_PJ_i_p": [_floats(consumption)],
        "EF_elec": float(ef),
        ratio[0]: _floats(project),
        ratio[1]: _floats(reference),
        **EXTRA.get(methodology_id, {}),
    }
    assert credits_exactly(methodology_id, values) == [_expected(er)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(energy, min_size=POINTS, max_size=POINTS),
    factor,
    st.lists(cop, min_size=POINTS, max_size=POINTS),
    st.lists(cop, min_size=POINTS, max_size=POINTS),
)
def test_id_am004_efficiency_ratio(
    consumption: list[Decimal], ef: Decimal, cop_pj: list[Decimal], cop_re: list[Decimal]
) -> None:
    ratio = ("COP_PJ_i", "COP_RE_i")
    _assert_efficiency_ratio("JCM_ID_AM004", ratio, consumption, ef, cop_pj, cop_re)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(energy, min_size=POINTS, max_size=POINTS),
    factor,
    st.lists(efficacy, min_size=POINTS, max_size=POINTS),
    st.lists(efficacy, min_size=POINTS, max_size=POINTS),
)
def test_th_am016_lighting(
    consumption: list[Decimal], ef: Decimal, eta_pj: list[Decimal], eta_re: list[Decimal]
) -> None:
    ratio = ("eta_PJ_i", "eta_RE_i")
    _assert_efficiency_ratio("JCM_TH_AM016", ratio, consumption, ef, eta_pj, eta_re)


def test_a_whole_tonne_a_hair_below_in_floats_is_a_whole_tonne() -> None:
    # 0.7 MWh × (11 / 1) × 1 t/MWh − 0.7 MWh × 1 t/MWh: 6.999999999999999 t in floats, 7 exactly
    values = {
        "EC_PJ_i_p": [[0.7, 0.0, 0.0]],
        "EF_elec": 1.0,
        "COP_PJ_i": [11.0, 1.0, 1.0],
        "COP_RE_i": [1.0, 1.0, 1.0],
    }
    er = outputs("JCM_ID_AM004", evaluate("JCM_ID_AM004", values))[2]
    assert er == 6.999999999999999  # the premise: the float figure floors to 6
    assert credits_exactly("JCM_ID_AM004", values) == [7]
