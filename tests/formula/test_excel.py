"""Each node of the formula language as an Excel formula (through its analysed plan)."""

from __future__ import annotations

import pytest

from jcm_mrv.formula import SymbolInfo, analyse, parse, plan
from jcm_mrv.formula.excel import excel_formula, number

from .conftest import INDICES, chiller_symbols


class Cells:
    """Symbols at cells named after them; a sum lays out nothing and says what it sums."""

    def load(self, name: str) -> str:
        return f"[{name}]"

    def total(self, operand: plan.Step, index: str) -> str:
        return f"SUM<{index}>({excel_formula(operand, self)})"


SYMBOLS = {
    **chiller_symbols(),
    "a": SymbolInfo("a", "dimensionless"),
    "b": SymbolInfo("b", "dimensionless"),
    "c": SymbolInfo("c", "dimensionless"),
    "SITE": SymbolInfo("SITE", "dimensionless", choices=("grid", "captive", "off-grid")),
}


def excel(text: str, unit: str | None = None) -> str:
    analysis = analyse(parse(text), SYMBOLS, INDICES, declared_unit=unit)
    assert analysis.plan is not None, analysis.problems
    return excel_formula(analysis.plan, Cells())


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("a + b * c", "([a]+([b]*[c]))"),
        ("a - b / c", "([a]-([b]/[c]))"),
        ("a ** 2", "([a]^2)"),
        ("-a ** 2", "(-([a]^2))"),
        ("-(a)", "(-[a])"),
        ("a * 0.5", "([a]*0.5)"),
        ("a * -1.5", "([a]*(-1.5))"),
        ("abs(a - b)", "ABS(([a]-[b]))"),
        ("min(a, b, c)", "MIN([a],[b],[c])"),
        ("max(a, 0)", "MAX([a],0)"),
        ("where(a > b, a, b)", "IF(([a]>[b]),[a],[b])"),
        ("where(a == b, 1, 0)", "IF(([a]=[b]),1,0)"),
        ("where(a != b, 1, 0)", "IF(([a]<>[b]),1,0)"),
        ("where(0 < a <= 1, a, 1)", "IF(AND((0<[a]),([a]<=1)),[a],1)"),
        ("where(a > 0 and b > 0, 1, 0)", "IF(AND(([a]>0),([b]>0)),1,0)"),
        ("where(a > 0 or not b > 0, 1, 0)", "IF(OR(([a]>0),NOT(([b]>0))),1,0)"),
        ("exp(-a * (b - c))", "EXP(((-[a])*([b]-[c])))"),
        # a choice is compared by its option's 1-based position, as jcm-mrv loads it
        ('where(SITE == "off-grid", a, b)', "IF(([SITE]=3),[a],[b])"),
        ('where(SITE != "grid", a, b)', "IF(([SITE]<>1),[a],[b])"),
    ],
)
def test_node(formula: str, expected: str) -> None:
    assert excel(formula) == expected


def test_sum_goes_to_the_cells() -> None:
    assert excel("sum(EC_PJ_i_p * EF_elec, i)", "tCO2") == "SUM<i>(([EC_PJ_i_p]*[EF_elec]))"


def test_unit_conversion_factor_of_the_analysis() -> None:
    # kWh... here MWh * tCO2/MWh declared kgCO2 is a factor of 1000
    assert excel("EC_PJ_i_p * EF_elec", "kgCO2") == "(([EC_PJ_i_p]*[EF_elec])*1000)"


def test_temperature_offset() -> None:
    # a difference of two degC temperatures added to a kelvin difference
    text = excel("T_cool_out_i - T_chill_out_i + TD_chill")
    assert "[T_cool_out_i]" in text and "[TD_chill]" in text


def test_lookup_bands_as_nested_ifs() -> None:
    assert excel("lookup(COP_RE, Q_PJ_i)") == (
        "IF([Q_PJ_i]<300,5,IF(AND([Q_PJ_i]>=300,[Q_PJ_i]<1000),5.5,IF([Q_PJ_i]>=1000,6,NA())))"
    )


def test_numbers() -> None:
    assert number(0.001) == "0.001"
    assert number(1e-06) == "1E-06"
    assert number(2.0) == "2"
    assert number(-3.5) == "(-3.5)"
