"""Analysis: names, types, units, temperatures and indices."""

from __future__ import annotations

import pytest

from jcm_mrv.findings import codes
from jcm_mrv.formula import Analysis, SymbolInfo, analyse, parse

from .conftest import INDICES, chiller_symbols, solar_symbols

SYMBOLS = {**chiller_symbols(), **solar_symbols()}


def check(text: str, **options: object) -> Analysis:
    return analyse(parse(text), SYMBOLS, INDICES, **options)  # type: ignore[arg-type]


def problems(text: str, **options: object) -> list[tuple[str, int]]:
    return [(p.code.code, p.column) for p in check(text, **options).problems]


@pytest.mark.parametrize(
    ("text", "unit", "indices"),
    [
        ("sum(EG_i_p * EF_RE, i)", "kWh * tCO2 / MWh", {"p"}),
        ("max(RE_p - PE_p, 0 * RE_p)", "tCO2", {"p"}),
        ("where(D_diesel_p > 0 * D_diesel_p, EF_diesel, EF_grid)", "tCO2 / MWh", {"p"}),
        ("EG_i_p + EC_PJ_i_p", "kWh", {"p", "i"}),
        ("lookup(COP_RE, Q_PJ_i)", "dimensionless", {"i"}),
        ("T_cool_out_i - T_chill_out_i", "K", {"i"}),
        ("T_cool_std + TD_chill", "°C", set()),
        ("EC_PJ_i_p ** 2", "MWh ** 2", {"p", "i"}),
        ("ratio ** ratio", "dimensionless", {"p"}),
        ("-abs(RE_p)", "tCO2", {"p"}),
    ],
)
def test_result_unit_and_indices(text: str, unit: str, indices: set[str]) -> None:
    analysis = check(text)
    assert analysis.problems == ()
    assert analysis.kind == "number"
    assert analysis.unit == unit
    assert analysis.indices == indices
    assert analysis.ok


def test_threshold_without_unit_is_incompatible_with_a_hint() -> None:
    [problem] = check("COP_PJ_i > 6.0 and Q_PJ_i >= 300", expect="condition").problems
    assert (problem.code, problem.column) == (codes.UNIT_INCOMPATIBLE, 27)
    assert problem.hint is not None and "parameter with a unit" in problem.hint


def test_condition_with_dimensionless_thresholds() -> None:
    analysis = check("COP_PJ_i > 6.0 and 0 < ratio <= 1", expect="condition")
    assert analysis.ok and analysis.kind == "condition" and analysis.unit is None
    assert analysis.indices == {"i", "p"}


def test_reports_every_unknown_name_with_a_suggestion() -> None:
    analysis = check("EG_i * EF_REE + sum(EG_i_p, i) * Nothing_like_it")
    found = [(p.code, p.column, p.hint) for p in analysis.problems]
    assert found == [
        (codes.FORMULA_UNKNOWN_NAME, 1, "did you mean 'EG_i_p'?"),
        (codes.FORMULA_UNKNOWN_NAME, 8, "did you mean 'EF_RE'?"),
        (codes.FORMULA_UNKNOWN_NAME, 34, None),
    ]
    assert not analysis.ok and analysis.plan is None


def test_kwh_plus_mwh_is_fine_but_energy_plus_emission_is_not() -> None:
    assert problems("EG_i_p + EC_PJ_i_p") == []
    assert problems("EG_i_p + RE_p") == [("JCM-U003", 8)]


def test_plain_number_added_to_a_quantity_gets_a_hint() -> None:
    [problem] = check("max(RE_p - PE_p, 1)").problems
    assert problem.code is codes.UNIT_INCOMPATIBLE
    assert problem.column == 18
    assert problem.hint is not None and "parameter with a unit" in problem.hint


@pytest.mark.parametrize(
    "text", ["max(RE_p - PE_p, 0)", "max(0, RE_p)", "RE_p + 0", "0 - RE_p", "RE_p > 0"]
)
def test_a_literal_zero_is_zero_in_every_unit(text: str) -> None:
    # PE_p = 0 and max(ER_p, 0) are everyday methodology text; 0 t = 0 kWh = 0.
    assert problems(text, expect="condition" if ">" in text else "number") == []


def test_an_equation_that_is_just_zero_takes_its_declared_unit() -> None:
    assert check("0", declared_unit="tCO2").ok
    assert problems("1", declared_unit="tCO2") == [("JCM-U002", 1)]


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("T_cool_out_i * 2", 14),
        ("T_cool_out_i / T_chill_out_i", 14),
        ("T_cool_out_i + T_chill_out_i", 14),
        ("-T_cool_out_i", 1),
        ("sum(T_cool_out_i, i)", 5),
        ("T_cool_out_i ** 2", 14),
        ("TD_chill - T_cool_std", 10),
        ("max(T_cool_out_i, T_chill_out_i)", 5),
        ("abs(T_cool_std)", 5),
        ("where(RE_p > PE_p, T_cool_std, T_chill_std)", 20),
    ],
)
def test_absolute_temperatures_only_as_differences(text: str, column: int) -> None:
    assert problems(text) == [("JCM-U004", column)]


def test_temperature_compared_with_a_difference_is_refused() -> None:
    assert problems("T_cool_std > TD_chill", expect="condition") == [("JCM-U004", 12)]


def test_absolute_temperatures_compare_across_scales() -> None:
    assert check("T_room_F < T_cool_std", expect="condition").ok


def test_temperature_plus_plain_number_is_incompatible() -> None:
    assert problems("T_cool_std + 5") == [("JCM-U003", 12)]


@pytest.mark.parametrize(
    ("declared", "code"),
    [("K", None), ("delta_degC", None), ("degC", "JCM-U004"), ("MWh", "JCM-U002")],
)
def test_a_temperature_difference_must_be_declared_as_a_difference(
    declared: str, code: str | None
) -> None:
    found = problems("T_cool_out_i - T_chill_out_i", declared_unit=declared)
    assert found == ([] if code is None else [(code, 1)])


def test_absolute_result_declared_in_kelvin_is_refused() -> None:
    assert problems("T_cool_std + TD_cool", declared_unit="K") == [("JCM-U004", 1)]
    assert problems("T_cool_std + TD_cool", declared_unit="degF") == []


def test_declared_unit_mismatch_shows_both_units_and_dimensions() -> None:
    [problem] = check("sum(EG_i_p, i)", declared_unit="tCO2").problems
    assert problem.code is codes.UNIT_MISMATCH
    assert "kWh" in problem.message and "tCO2" in problem.message
    assert "[emission]" in problem.message and "[mass]" in problem.message


def test_declared_unit_gives_the_result_unit() -> None:
    analysis = check("sum(EG_i_p * EF_RE, i)", declared_unit="tCO2")
    assert analysis.ok and analysis.unit == "tCO2"


def test_unknown_declared_unit() -> None:
    assert problems("RE_p", declared_unit="furlongs_per_flux") == [("JCM-U001", 1)]


def test_unknown_symbol_unit_is_reported_once() -> None:
    symbols = {"x": SymbolInfo("x", "bogons", frozenset())}
    found = analyse(parse("x + x * x"), symbols, INDICES).problems
    assert [(p.code, p.column) for p in found] == [(codes.UNIT_UNKNOWN, 1)]


@pytest.mark.parametrize(
    ("text", "code", "column"),
    [
        ("EC_PJ_i_p ** ratio", "JCM-U005", 14),
        ("ratio ** EC_PJ_i_p", "JCM-U005", 10),
        ("EC_PJ_i_p ** (1 + 1)", "JCM-U005", 15),
    ],
)
def test_exponents(text: str, code: str, column: int) -> None:
    assert problems(text) == [(code, column)]


def test_literal_negative_exponent_of_a_quantity() -> None:
    analysis = check("EC_PJ_i_p ** -1")
    assert analysis.ok and analysis.unit == "1 / MWh"


@pytest.mark.parametrize(
    ("text", "code", "column"),
    [
        ("sum(EF_RE, i)", "JCM-F006", 12),  # does not vary by i
        ("sum(EG_i_p, q)", "JCM-F006", 13),  # not an index
        ("sum(EG_i_p, RE_p)", "JCM-F006", 13),  # a symbol, not an index
        ("EG_i_p * i", "JCM-F006", 10),  # an index used as a value
    ],
)
def test_index_errors(text: str, code: str, column: int) -> None:
    assert problems(text) == [(code, column)]


def test_sum_removes_its_index() -> None:
    assert check("sum(sum(EG_i_p, i), p)").indices == frozenset()


def test_result_may_not_vary_by_undeclared_indices() -> None:
    assert problems("EG_i_p * EF_RE", declared_indices={"p"}) == [("JCM-F006", 1)]
    assert problems("EF_RE", declared_indices={"p"}) == []


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("(RE_p > PE_p) + 1", 2),
        ("not RE_p", 5),
        ("where(RE_p, RE_p, PE_p)", 7),
        ("max(RE_p > PE_p, RE_p)", 5),
        ("sum(EG_i_p > 0 * EG_i_p, i)", 5),
    ],
)
def test_conditions_and_numbers_do_not_mix(text: str, column: int) -> None:
    assert problems(text) == [("JCM-F007", column)]


def test_and_reports_each_number_operand() -> None:
    assert problems("RE_p and PE_p") == [("JCM-F007", 1), ("JCM-F007", 10)]


def test_condition_where_a_number_is_expected_and_the_reverse() -> None:
    assert problems("RE_p > PE_p") == [("JCM-F007", 1)]
    assert problems("RE_p", expect="condition") == [("JCM-F007", 1)]


def test_lookup_rules() -> None:
    assert problems("lookup(COP_RE, EC_PJ_i_p)") == [("JCM-U003", 16)]
    assert problems("lookup(EF_RE, Q_PJ_i)") == [("JCM-F004", 8)]
    assert problems("lookup(COP_R, Q_PJ_i)") == [("JCM-F003", 8)]
    assert check("lookup(COP_R, Q_PJ_i)").problems[0].hint == "did you mean 'COP_RE'?"
    assert problems("COP_RE * 2") == [("JCM-F007", 1)]


def test_lookup_key_converts_to_the_key_unit() -> None:
    symbols = dict(SYMBOLS, Q_kW=SymbolInfo("Q_kW", "kW", frozenset({"i"})))
    analysis = analyse(parse("lookup(COP_RE, Q_kW)"), symbols, INDICES)
    assert analysis.ok and analysis.indices == {"i"}


def test_names_lists_symbols_read_once_each() -> None:
    assert check("sum(EG_i_p * EF_RE, i) + 0 * EF_RE").names == ("EG_i_p", "EF_RE")


def test_percent_base_is_converted_before_a_power() -> None:
    assert check("share ** 2").unit == "dimensionless"
