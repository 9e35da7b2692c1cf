"""Column headers: symbols with units and labels, and key columns by name."""

from __future__ import annotations

import pytest

from jcm_mrv.monitoring.headers import find_role, parse_parameter_header

SYMBOLS = {"EG_i_p", "EC_PJ_i_p", "T_out"}


@pytest.mark.parametrize(
    ("header", "symbol", "unit"),
    [
        ("EG_i_p [kWh]", "EG_i_p", "kWh"),
        ("EG_i_p (kWh)", "EG_i_p", "kWh"),
        ("発電量 EG_i_p [kWh]", "EG_i_p", "kWh"),
        ("EG_i_p (発電量) [kWh]", "EG_i_p", "kWh"),
        ("発電量EG_i_p［MWh/p］", "EG_i_p", "MWh/p"),
        ("eg_i_p [kWh]", "EG_i_p", "kWh"),
        ("EC_PJ_i_p [kWh]", "EC_PJ_i_p", "kWh"),
        ("T_out [degC]", "T_out", "degC"),
        ("EG_i_p", "EG_i_p", None),
        ("EG_i_p (発電量)", "EG_i_p", None),
    ],
)
def test_parameter_headers(header: str, symbol: str, unit: str | None) -> None:
    parsed = parse_parameter_header(header, SYMBOLS)
    assert parsed is not None
    assert (parsed.symbol, parsed.unit) == (symbol, unit)


def test_a_parenthesised_word_that_is_no_unit_is_explained() -> None:
    parsed = parse_parameter_header("EG_i_p (total)", SYMBOLS)
    assert parsed is not None and parsed.unit is None
    assert parsed.unit_note is not None and "total" in parsed.unit_note


@pytest.mark.parametrize("header", ["comment", "備考", "EG [kWh]", "timestamp", ""])
def test_other_columns_are_not_parameters(header: str) -> None:
    assert parse_parameter_header(header, SYMBOLS) is None


def test_key_columns_by_name_case_and_spelling() -> None:
    header = ["Timestamp", "Monitoring Point", "(a) Monitoring period", "EG_i_p [kWh]"]
    assert find_role(header, "time", None).columns == (0,)
    assert find_role(header, "point", None).columns == (1,)
    assert find_role(header, "period", None).columns == (2,)
    assert find_role(header, "unit", None).columns == ()
    assert find_role(header, "point", "EG_i_p [kWh]").columns == (3,)
    assert find_role(["date", "time"], "time", None).columns == (0, 1)
