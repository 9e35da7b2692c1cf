"""What a formula may refer to: symbols with their units and indices, and lookup tables."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Band:
    """One band of a lookup table: ``lower <= key < upper``; ``None`` means unbounded."""

    lower: float | None
    upper: float | None
    value: float


@dataclass(frozen=True, slots=True)
class SymbolInfo:
    """A name a formula can use: a parameter, an equation's result, or a lookup table.

    ``unit`` is in pint syntax as declared (``"MWh"``, ``"tCO2/MWh"``, ``"degC"``,
    ``"dimensionless"``); ``indices`` are the index names the value varies by (``"p"``
    is the monitoring period). Lookup tables set ``table`` (bands in ascending order)
    and ``key_unit`` (the unit of the key; ``None`` means dimensionless). A choice
    parameter sets ``choices``: its value is the 1-based position of the chosen option,
    and formulas may only compare it with an option, ``SITE == "off-grid"``.
    """

    name: str
    unit: str
    indices: frozenset[str] = frozenset()
    table: tuple[Band, ...] | None = None
    key_unit: str | None = None
    choices: tuple[str, ...] | None = None
