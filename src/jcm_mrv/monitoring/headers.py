"""Column headers: which column is the timestamp, the point, which parameter in which unit.

A parameter column is named by its ASCII symbol with the unit in brackets,
``EG_i_p [kWh]``; a label in any language may stand next to the symbol
(``発電量 EG_i_p [kWh]``, ``EG_i_p (発電量) [kWh]``), and ``(kWh)`` works as well as
``[kWh]``. Key columns (timestamp, period, point, parameter, value, unit) are found by
name, case-insensitively, among a few common spellings, or by the name a source
declares.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from jcm_mrv.monitoring.columns import clipped
from jcm_mrv.units import UnitError, parse_unit

Role = Literal["time", "period", "point", "parameter", "value", "unit"]

_ALIASES: dict[Role, tuple[str, ...]] = {
    "time": ("timestamp", "time", "datetime", "date_time", "date", "日時", "時刻", "日付"),
    "period": ("period", "monitoring_period", "period_id", "モニタリング期間", "期間"),
    "point": (
        "point",
        "monitoring_point",
        "point_id",
        "monitoring_point_no",
        "monitoring_point_no.",
        "モニタリングポイント",
        "モニタリングポイントno.",
    ),
    "parameter": ("parameter", "parameters", "symbol", "パラメータ"),
    "value": ("value", "monitored_value", "monitored_values", "モニタリング値", "値"),
    "unit": ("unit", "units", "単位"),
}
ROLE_NAMES: dict[Role, str] = {
    "time": "timestamp",
    "period": "period",
    "point": "point",
    "parameter": "parameter",
    "value": "value",
    "unit": "unit",
}

_BRACKETS = str.maketrans("［］（）　", "[]() ")
_ENUMERATOR = re.compile(r"^\(\s*[a-z]\s*\)\s*")  # MRS(input) headers: "(a) Monitoring period"
_SEPARATORS = re.compile(r"[\s_]+")
_TOKEN_SPLIT = re.compile(r"[\s()\[\]【】:：,、]+")
_ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def normalise_name(text: str) -> str:
    """A header as compared with key-column names: lower case, blanks as ``_``."""
    text = text.translate(_BRACKETS).strip().lower()
    text = _ENUMERATOR.sub("", text)
    return _SEPARATORS.sub("_", text)


@dataclass(frozen=True)
class ParameterHeader:
    """A header that names a monitored parameter; ``unit`` is ``None`` when absent."""

    symbol: str
    unit: str | None
    unit_note: str | None = None  # why a parenthesised text was not taken as the unit


def find_symbol(text: str, symbols: Collection[str]) -> str | None:
    """The parameter symbol a header or a parameter cell names, if any.

    Exact match of a blank- or bracket-separated token first, then a case-insensitive
    match when it is unambiguous.
    """
    text = text.translate(_BRACKETS)
    tokens = [t for t in _TOKEN_SPLIT.split(text) if t]
    tokens += _ASCII_WORD.findall(text)  # a symbol glued to a label: 発電量EG_i_p
    for token in tokens:
        if token in symbols:
            return token
    lowered: dict[str, list[str]] = {}
    for symbol in symbols:
        lowered.setdefault(symbol.lower(), []).append(symbol)
    for token in tokens:
        candidates = lowered.get(token.lower(), [])
        if len(candidates) == 1:
            return candidates[0]
    return None


def parse_parameter_header(text: str, symbols: Collection[str]) -> ParameterHeader | None:
    """Read ``EG_i_p [kWh]`` (and its variants); ``None`` if no requested symbol is named."""
    text = text.translate(_BRACKETS).strip()
    unit: str | None = None
    note: str | None = None
    rest = text
    square = re.search(r"\[([^\[\]]*)\]\s*$", text)
    round_ = re.search(r"\(([^()]*)\)\s*$", text)
    if square:
        unit = square.group(1).strip() or None
        rest = text[: square.start()]
    elif round_:
        candidate = round_.group(1).strip()
        if _looks_like_unit(candidate):
            unit = candidate
            rest = text[: round_.start()]
        elif candidate.isascii():
            note = f"'({clipped(candidate)})' is not a unit jcm-mrv knows"
    if unit is not None:
        # a second unit ("EG [MWh] [kWh]", "EG (MWh) [kWh]"): which one is meant is a guess
        other = re.search(r"\[([^\[\]]*)\]", rest) or re.search(r"\(([^()]*)\)\s*$", rest)
        if other is not None and _looks_like_unit(other.group(1).strip()):
            note = f"it names two units, {other.group(1).strip()!r} and {unit!r}"
            unit = None
            rest = rest[: other.start()]
    symbol = find_symbol(rest, symbols)
    if symbol is None:
        return None
    return ParameterHeader(symbol, unit, note)


def _looks_like_unit(text: str) -> bool:
    if not text or not text.isascii():
        return False
    try:
        parse_unit(text)
    except UnitError:
        return False
    return True


@dataclass(frozen=True)
class RoleMatch:
    """Columns found for a key role: none, one, or (an error) several."""

    role: Role
    columns: tuple[int, ...]


def find_role(header: Sequence[str], role: Role, override: str | None) -> RoleMatch:
    """Columns whose header names ``role`` (or exactly the ``override`` name)."""
    names = (normalise_name(override),) if override else _ALIASES[role]
    wanted = set(names)
    found = tuple(i for i, cell in enumerate(header) if normalise_name(cell) in wanted)
    return RoleMatch(role, found)
