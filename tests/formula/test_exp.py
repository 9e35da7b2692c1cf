"""exp(x): parsing, unit checks (dimensionless argument), compilation and rendering.

First-order-decay waste models need it: the methane a batch of waste generates in
year y decays as exp(-k * (y - x)).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from jcm_mrv.findings import codes
from jcm_mrv.formula import (
    Analysis,
    FormulaError,
    SymbolInfo,
    analyse,
    compile_formula,
    parse,
    render,
)

INDICES = frozenset({"p", "i"})
AXES = {"p": 0, "i": 1}
NONE = frozenset[str]()
SYMBOLS = {
    s.name: s
    for s in [
        SymbolInfo("k", "1/year", NONE),
        SymbolInfo("age_i", "year", frozenset({"i"})),
        SymbolInfo("age_days_i", "day", frozenset({"i"})),
        SymbolInfo("W_i_p", "t", frozenset({"p", "i"})),
        SymbolInfo("share", "percent", NONE),
        SymbolInfo("T_in", "degC", NONE),
        SymbolInfo("EF_RE", "tCO2/MWh", NONE),
    ]
}


def check(text: str) -> Analysis:
    return analyse(parse(text), SYMBOLS, INDICES)


def test_exp_of_a_dimensionless_product_is_dimensionless_and_keeps_indices() -> None:
    analysis = check("W_i_p * exp(-k * age_i)")
    assert analysis.problems == ()
    assert analysis.unit == "t"
    assert analysis.indices == {"p", "i"}
    assert check("exp(-k * age_i)").unit == "dimensionless"


@pytest.mark.parametrize(
    ("text", "code", "column"),
    [
        ("exp(W_i_p)", codes.UNIT_EXPONENT, 5),  # tonnes are not a plain number
        ("1 - exp(k)", codes.UNIT_EXPONENT, 9),  # 1/year neither
        ("exp(T_in)", codes.UNIT_TEMPERATURE, 5),
        ("exp(k * age_i > 1)", codes.FORMULA_TYPE, 5),
    ],
)
def test_exp_refuses_an_argument_that_is_not_a_plain_number(
    text: str, code: codes.Code, column: int
) -> None:
    assert [(p.code, p.column) for p in check(text).problems] == [(code, column)]


def test_the_unit_hint_says_what_to_divide_by() -> None:
    (problem,) = check("exp(W_i_p)").problems
    assert "dimensionless" in problem.message
    assert "t (" in problem.message and problem.hint


@pytest.mark.parametrize("text", ["exp()", "exp(a, b)"])
def test_exp_takes_exactly_one_argument(text: str) -> None:
    with pytest.raises(FormulaError) as caught:
        parse(text)
    assert caught.value.code == codes.FORMULA_ARGUMENTS
    assert caught.value.hint == "write exp(x)"


def test_a_constant_exp_that_overflows_is_reported_before_any_calculation() -> None:
    assert [p.code for p in check("W_i_p * exp(1000)").problems] == [codes.FORMULA_CONSTANT]
    assert check("W_i_p * exp(-2)").problems == ()


def test_compiled_exp_converts_units_before_exponentiating() -> None:
    # k = 0.06 /year; batch ages 365.25 d (1 a) and 730.5 d (2 a) in days: pint converts
    # days to years (a Julian year, 365.25 d) before the exponent is taken.
    formula = compile_formula(check("W_i_p * exp(-k * age_days_i)"), AXES)
    result = formula(
        {
            "W_i_p": np.array([[100.0, 200.0]]),
            "k": np.array([[0.06]]),
            "age_days_i": np.array([[365.25, 730.5]]),
        }
    )
    # 100 t x exp(-0.06) = 94.17645 t; 200 t x exp(-0.12) = 177.38438 t
    expected = [[100 * math.exp(-0.06), 200 * math.exp(-0.12)]]
    np.testing.assert_allclose(result, expected, rtol=1e-12)
    assert expected[0][0] == pytest.approx(94.17645, abs=1e-5)


def test_a_percentage_enters_exp_as_a_fraction() -> None:
    formula = compile_formula(check("exp(share)"), AXES)
    # 5 % is 0.05: exp(0.05) = 1.051271..., not exp(5) = 148.4
    result = formula({"share": np.array([[5.0]])})
    assert float(result[0, 0]) == pytest.approx(math.exp(0.05), rel=1e-15)


def test_a_runtime_overflow_gives_inf_without_a_warning() -> None:
    # pytest turns warnings into errors: numpy's overflow warning must stay silent; the
    # engine reports the non-finite value as a finding.
    formula = compile_formula(check("exp(k * age_i)"), AXES)
    result = formula({"k": np.array([[1000.0]]), "age_i": np.array([[1.0]])})
    assert np.isinf(result).all()


@pytest.mark.parametrize(
    "text", ["exp(-k * age_i)", "1 - exp(-k * age_i)", "exp(exp(share)) ** 2", "-exp(share)"]
)
def test_render_round_trips(text: str) -> None:
    assert render(parse(text)) == text
    assert parse(render(parse(text))) == parse(text)
