"""Symbols shared by the formula tests: a chiller methodology and a solar PV one."""

from __future__ import annotations

import pytest

from jcm_mrv.formula import Band, SymbolInfo

INDICES = frozenset({"p", "i"})
AXES = {"p": 0, "i": 1}


def chiller_symbols() -> dict[str, SymbolInfo]:
    """Symbols of a high-efficiency chiller methodology (primer section 7)."""
    pi, i, none = frozenset({"p", "i"}), frozenset({"i"}), frozenset[str]()
    symbols = [
        SymbolInfo("EC_PJ_i_p", "MWh", pi),
        SymbolInfo("COP_PJ_i", "dimensionless", i),
        SymbolInfo("T_cool_out_i", "degC", i),
        SymbolInfo("T_chill_out_i", "degC", i),
        SymbolInfo("T_cool_std", "degC", none),
        SymbolInfo("T_chill_std", "degC", none),
        SymbolInfo("T_room_F", "degF", none),
        SymbolInfo("TD_chill", "K", none),
        SymbolInfo("TD_cool", "delta_degC", none),
        SymbolInfo("Q_PJ_i", "USRt", i),
        SymbolInfo("EF_elec", "tCO2/MWh", none),
        SymbolInfo(
            "COP_RE",
            "dimensionless",
            none,
            table=(Band(None, 300.0, 5.0), Band(300.0, 1000.0, 5.5), Band(1000.0, None, 6.0)),
            key_unit="USRt",
        ),
    ]
    return {s.name: s for s in symbols}


def solar_symbols() -> dict[str, SymbolInfo]:
    """Symbols of a solar PV methodology."""
    return {
        "EG_i_p": SymbolInfo("EG_i_p", "kWh", frozenset({"p", "i"})),
        "EF_RE": SymbolInfo("EF_RE", "tCO2/MWh", frozenset()),
        "RE_p": SymbolInfo("RE_p", "tCO2", frozenset({"p"})),
        "PE_p": SymbolInfo("PE_p", "tCO2", frozenset({"p"})),
        "D_diesel_p": SymbolInfo("D_diesel_p", "kL", frozenset({"p"})),
        "EF_diesel": SymbolInfo("EF_diesel", "tCO2/MWh", frozenset()),
        "EF_grid": SymbolInfo("EF_grid", "kgCO2/kWh", frozenset()),
        "share": SymbolInfo("share", "percent", frozenset()),
        "ratio": SymbolInfo("ratio", "dimensionless", frozenset({"p"})),
    }


@pytest.fixture
def chiller() -> dict[str, SymbolInfo]:
    """The chiller symbols."""
    return chiller_symbols()


@pytest.fixture
def solar() -> dict[str, SymbolInfo]:
    """The solar PV symbols."""
    return solar_symbols()
