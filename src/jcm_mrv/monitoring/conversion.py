"""Unit conversion of whole columns: pint once per column, then plain numpy.

Decimal prefixes are applied by dividing or multiplying by an exact integer, so that
``1234 kWh`` becomes exactly the double nearest to ``1.234 MWh`` (``x * 0.001`` would
round twice, and could land one ulp away).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jcm_mrv.units import UnitError, converter, normalise_unit_text, parse_unit


class UnknownUnit(UnitError):
    """The data's unit is not understood."""


class IncompatibleUnit(UnitError):
    """The data's unit measures a different quantity from the methodology's."""


@dataclass(frozen=True)
class UnitConversion:
    """``value_to = value_from * multiplier / divisor + offset`` (exact integer factors)."""

    multiplier: float = 1.0
    divisor: float = 1.0
    offset: float = 0.0

    @property
    def identity(self) -> bool:
        """True when values need no change."""
        return self.multiplier == 1.0 and self.divisor == 1.0 and self.offset == 0.0

    def apply(self, values: np.ndarray) -> np.ndarray:
        """Convert an array of values in place and return it."""
        if self.multiplier != 1.0:
            values *= self.multiplier
        if self.divisor != 1.0:
            values /= self.divisor
        if self.offset != 0.0:
            values += self.offset
        return values


def conversion(from_text: str, to_text: str) -> UnitConversion:
    """How values in unit ``from_text`` convert into ``to_text`` (the methodology's unit).

    Raises :class:`UnknownUnit` or :class:`IncompatibleUnit` with a message for the user.
    """
    try:
        source = parse_unit(from_text)
    except UnitError as exc:
        raise UnknownUnit(str(exc)) from None
    target = parse_unit(to_text)
    try:
        scale, offset = converter(source, target)
    except UnitError as exc:
        raise IncompatibleUnit(
            f"{normalise_unit_text(from_text)!r} does not convert to {to_text!r} ({exc})"
        ) from None
    if scale == 1.0:
        return UnitConversion(offset=offset)
    if scale > 1.0 and _is_integer(scale):
        return UnitConversion(multiplier=float(round(scale)), offset=offset)
    if scale < 1.0 and _is_integer(1.0 / scale):
        return UnitConversion(divisor=float(round(1.0 / scale)), offset=offset)
    return UnitConversion(multiplier=scale, offset=offset)


def _is_integer(value: float) -> bool:
    nearest = round(value)
    return nearest >= 1 and abs(value - nearest) <= 1e-12 * nearest
