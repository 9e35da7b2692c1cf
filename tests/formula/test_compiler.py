"""Compilation: unit factors, temperatures, sums, lookups, bad values; hand-worked numbers."""

from __future__ import annotations

import time

import numpy as np
import pytest

from jcm_mrv.formula import CompiledFormula, FormulaError, analyse, compile_formula, parse
from jcm_mrv.numeric import accurate_sum

from .conftest import AXES, INDICES, chiller_symbols, solar_symbols

SYMBOLS = {**chiller_symbols(), **solar_symbols()}


def compiled(text: str, **options: object) -> CompiledFormula:
    analysis = analyse(parse(text), SYMBOLS, INDICES, **options)  # type: ignore[arg-type]
    return compile_formula(analysis, AXES)


def column(*values: float) -> np.ndarray:
    """Values varying by p (axis 0)."""
    return np.array(values, dtype=float).reshape(-1, 1)


def row(*values: float) -> np.ndarray:
    """Values varying by i (axis 1)."""
    return np.array(values, dtype=float).reshape(1, -1)


def scalar(value: float) -> np.ndarray:
    return np.array([[value]])


def test_kwh_times_tco2_per_mwh_declared_tco2_applies_factor_0_001() -> None:
    formula = compiled("sum(EG_i_p * EF_RE, i)", declared_unit="tCO2")
    eg = np.array([[1200.0, 800.0], [500.0, 250.0]])  # kWh, 2 periods x 2 PV systems
    result = formula({"EG_i_p": eg, "EF_RE": scalar(0.5)})
    # period 1: (1200 + 800) kWh = 2 MWh; 2 MWh * 0.5 tCO2/MWh = 1.0 tCO2
    # period 2: (500 + 250) kWh = 0.75 MWh; 0.75 * 0.5 = 0.375 tCO2
    np.testing.assert_allclose(result, [[1.0], [0.375]], rtol=1e-12)
    assert formula.unit == "tCO2"
    assert formula.indices == {"p"}
    assert formula.names == ("EG_i_p", "EF_RE")


CHILLER_RE = (
    "EC_PJ_i_p * (COP_PJ_i * (T_cool_out_i - T_chill_out_i + TD_chill + TD_cool)"
    " / (T_cool_std - T_chill_std + TD_chill + TD_cool)) / lookup(COP_RE, Q_PJ_i) * EF_elec"
)


def chiller_env(**changes: np.ndarray) -> dict[str, np.ndarray]:
    env = {
        "EC_PJ_i_p": np.array([[120.0]]),  # MWh
        "COP_PJ_i": row(6.2),
        "T_cool_out_i": row(32.0),  # degC
        "T_chill_out_i": row(9.0),  # degC
        "TD_chill": scalar(1.5),  # K
        "TD_cool": scalar(1.5),  # delta_degC
        "T_cool_std": scalar(37.0),  # degC
        "T_chill_std": scalar(7.0),  # degC
        "Q_PJ_i": row(500.0),  # USRt -> band [300, 1000): COP_RE = 5.5
        "EF_elec": scalar(0.7),  # tCO2/MWh
    }
    env.update(changes)
    return env


def test_chiller_cop_temperature_correction_with_degc_inputs() -> None:
    formula = compiled(CHILLER_RE, declared_unit="tCO2")
    # correction = (32 - 9 + 1.5 + 1.5) / (37 - 7 + 1.5 + 1.5) = 26 / 33
    # COP_PJ,tc = 6.2 * 26 / 33 = 4.8848...
    # RE = 120 MWh * 4.8848... / 5.5 * 0.7 tCO2/MWh = 74.60496 tCO2
    expected = 120.0 * (6.2 * 26.0 / 33.0) / 5.5 * 0.7
    np.testing.assert_allclose(formula(chiller_env()), [[expected]], rtol=1e-12)
    assert expected == pytest.approx(74.60496, abs=1e-5)


def test_temperature_difference_across_scales_is_in_kelvin() -> None:
    symbols = dict(SYMBOLS)
    formula = compile_formula(
        analyse(parse("T_room_F - T_chill_std"), symbols, INDICES, declared_unit="K"), AXES
    )
    # 89.6 degF = (89.6 - 32) * 5/9 = 32 degC; 32 degC - 9 degC = 23 K
    result = formula({"T_room_F": scalar(89.6), "T_chill_std": scalar(9.0)})
    np.testing.assert_allclose(result, [[23.0]], rtol=1e-12)


def test_absolute_temperature_shifted_and_declared_in_degf() -> None:
    formula = compiled("T_cool_std + TD_cool", declared_unit="degF")
    # 37 degC + 1.5 K = 38.5 degC = 38.5 * 9/5 + 32 = 101.3 degF
    np.testing.assert_allclose(
        formula({"T_cool_std": scalar(37.0), "TD_cool": scalar(1.5)}), [[101.3]], rtol=1e-12
    )


def test_temperature_comparison_across_scales() -> None:
    formula = compiled("T_room_F < T_cool_std", expect="condition")
    # 50 degF = 10 degC < 37 degC; 100 degF = 37.8 degC > 37 degC
    result = formula({"T_room_F": column(50.0, 100.0), "T_cool_std": scalar(37.0)})
    assert result.dtype == bool
    assert result.tolist() == [[True], [False]]


def test_huge_power_is_inf_not_an_exception() -> None:
    # 9**9**9 made of literals is refused by the analysis (JCM-F008); a power that only
    # overflows with the data must still give inf at once, never raise or hang.
    start = time.perf_counter()
    formula = compiled("COP_PJ_i ** (COP_PJ_i ** COP_PJ_i)")
    result = formula({"COP_PJ_i": np.array([[9.0, 2.0]])})
    assert time.perf_counter() - start < 1.0
    assert np.isinf(result[0, 0]) and result[0, 1] == 16.0


def test_division_by_zero_gives_inf_and_nan_without_warnings() -> None:
    formula = compiled("RE_p / PE_p")
    result = formula({"RE_p": column(1.0, 0.0), "PE_p": column(0.0, 0.0)})
    assert np.isinf(result[0, 0]) and np.isnan(result[1, 0])


def test_max_with_zero_of_the_same_unit() -> None:
    formula = compiled("max(RE_p - PE_p, 0 * RE_p)")
    result = formula({"RE_p": column(10.0, 3.0), "PE_p": column(4.0, 5.0)})
    # 10 - 4 = 6; 3 - 5 = -2 -> 0
    np.testing.assert_array_equal(result, [[6.0], [0.0]])


def test_min_and_max_propagate_nan() -> None:
    result = compiled("min(RE_p, PE_p)")({"RE_p": column(np.nan, 1.0), "PE_p": column(2.0, 3.0)})
    assert np.isnan(result[0, 0]) and result[1, 0] == 1.0


def test_where_chooses_and_converts_the_second_branch() -> None:
    formula = compiled("where(D_diesel_p > 0 * D_diesel_p, EF_diesel, EF_grid)")
    result = formula(
        {
            "D_diesel_p": column(5.0, 0.0),
            "EF_diesel": scalar(0.533),  # tCO2/MWh
            "EF_grid": scalar(600.0),  # kgCO2/kWh: 600 kg/kWh = 600 t/MWh
        }
    )
    np.testing.assert_allclose(result, [[0.533], [600.0]], rtol=1e-12)


def test_lookup_bands_lower_inclusive_upper_exclusive() -> None:
    formula = compiled("lookup(COP_RE, Q_PJ_i)")
    keys = row(-1.0, 299.999, 300.0, 999.0, 1000.0, 1e9, np.nan)
    result = formula({"Q_PJ_i": keys})
    np.testing.assert_array_equal(result, row(5.0, 5.0, 5.5, 5.5, 6.0, 6.0, np.nan))


def test_lookup_outside_every_band_is_nan() -> None:
    from jcm_mrv.formula import Band, SymbolInfo

    table = SymbolInfo("T", "dimensionless", table=(Band(10.0, 20.0, 1.0), Band(30.0, 40.0, 2.0)))
    key = SymbolInfo("k", "dimensionless", frozenset({"i"}))
    formula = compile_formula(analyse(parse("lookup(T, k)"), {"T": table, "k": key}, INDICES), AXES)
    result = formula({"k": row(5.0, 10.0, 25.0, 39.0, 40.0)})
    np.testing.assert_array_equal(result, row(np.nan, 1.0, np.nan, 2.0, np.nan))


def test_lookup_key_in_kw_is_converted_to_usrt() -> None:
    from jcm_mrv.formula import SymbolInfo

    symbols = dict(SYMBOLS, Q_kW=SymbolInfo("Q_kW", "kW", frozenset({"i"})))
    formula = compile_formula(analyse(parse("lookup(COP_RE, Q_kW)"), symbols, INDICES), AXES)
    # 1 USRt = 3.516853 kW: 1000 kW = 284.3 USRt (< 300: 5.0); 1100 kW = 312.8 USRt (5.5)
    np.testing.assert_array_equal(formula({"Q_kW": row(1000.0, 1100.0)}), row(5.0, 5.5))


def test_names_are_the_arrays_read_tables_are_built_in() -> None:
    formula = compiled(CHILLER_RE, declared_unit="tCO2")
    assert "COP_RE" not in formula.names
    assert set(formula.names) == set(chiller_env())


def test_percent_is_converted_before_a_power() -> None:
    # 50 percent = 0.5; 0.5 ** 2 = 0.25
    assert compiled("share ** 2")({"share": scalar(50.0)}).tolist() == [[0.25]]


def test_conditions_compile_to_bool_arrays() -> None:
    formula = compiled("COP_PJ_i > 6.0 and not COP_PJ_i >= 7 or COP_PJ_i == 10", expect="condition")
    result = formula({"COP_PJ_i": row(5.0, 6.5, 7.0, 10.0)})
    assert result.dtype == bool
    assert result.tolist() == [[False, True, False, True]]


def test_chained_comparison() -> None:
    result = compiled("0 < ratio <= 1", expect="condition")({"ratio": column(0.0, 0.5, 1.0, 2.0)})
    assert result.ravel().tolist() == [False, True, True, False]


def test_sum_is_exact_like_fsum() -> None:
    # naive left-to-right: 1e16 + 1 = 1e16 (1 is lost), - 1e16 = 0; exactly: 1
    formula = compiled("sum(EG_i_p, i)")
    assert formula({"EG_i_p": np.array([[1e16, 1.0, -1e16]])}).tolist() == [[1.0]]
    # ten times 0.1 is exactly 1.0 with fsum (0.9999999999999999 naively)
    assert formula({"EG_i_p": np.full((1, 10), 0.1)}).tolist() == [[1.0]]


def test_sum_of_non_finite_values_gives_nan_or_inf() -> None:
    values = np.array([[np.inf, -np.inf], [1e308, 1e308], [np.nan, 1.0]])
    result = accurate_sum(values, 1)
    assert np.isnan(result[0, 0]) and result[1, 0] == np.inf and np.isnan(result[2, 0])


def test_sum_over_the_first_axis_keeps_dims() -> None:
    values = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    np.testing.assert_array_equal(accurate_sum(values, 0), [[9.0, 12.0]])
    assert accurate_sum(np.zeros((0, 3)), 0).shape == (1, 3)


def test_result_is_a_fresh_array() -> None:
    values = column(1.0, 2.0)
    result = compiled("RE_p")({"RE_p": values})
    result[0, 0] = 99.0
    assert values[0, 0] == 1.0


def test_compiling_an_analysis_with_problems_raises_its_first_problem() -> None:
    analysis = analyse(parse("nope + 1"), SYMBOLS, INDICES)
    with pytest.raises(FormulaError, match="unknown name 'nope'"):
        compile_formula(analysis, AXES)


def test_environment_array_with_wrong_axes_is_refused() -> None:
    with pytest.raises(ValueError, match="expected 2"):
        compiled("RE_p")({"RE_p": np.array([1.0])})
