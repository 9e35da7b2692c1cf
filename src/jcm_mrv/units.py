"""Units of measure: one shared pint registry with the units JCM documents use.

pint is imported lazily (inside functions) so that ``jcm-mrv --help`` stays fast.
Units are only *checked* with pint, once, when a methodology or a data file is
loaded; computation afterwards runs on plain numpy arrays scaled by the factors
derived here.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jcm_mrv.findings.errors import JcmMrvError

if TYPE_CHECKING:
    import pint

# Units that JCM methodologies and monitoring sheets use but pint does not define.
_DEFINITIONS = (
    # CO2-equivalent mass is its own dimension: a tonne of CO2 is not a tonne of steel.
    "tonne_CO2 = [emission] = tCO2 = tCO2e = t_CO2",
    "kilogram_CO2 = 1e-3 tonne_CO2 = kgCO2 = kgCO2e = kg_CO2",
    "gram_CO2 = 1e-6 tonne_CO2 = gCO2 = gCO2e",
    "kilotonne_CO2 = 1e3 tonne_CO2 = ktCO2 = ktCO2e",
    "megatonne_CO2 = 1e6 tonne_CO2 = MtCO2 = MtCO2e",
    # Cooling capacity as written in chiller specifications.
    "USRt = refrigeration_ton = USRT",
    # Gas volume at normal conditions (0 degC, 1 atm), as fuel and gas flows are metered:
    # its own dimension, never silently equal to a cubic metre at site conditions.
    "normal_cubic_meter = [normal_volume] = Nm3",
)

# A normal cubic metre however it is written (``Nm³``, ``Nm^3``, ``Nm**3``): ``Nm3``.
_NORMAL_VOLUME = re.compile(r"(?<![A-Za-z_])Nm\s*(?:³|\^\s*3|\*\*\s*3)(?![0-9])")
# Lengths with a power written as a digit (``m3``, ``cm2``), as spreadsheets write them:
# rewritten to pint's ``m**3`` before parsing, so the power applies to the prefixed
# unit (``cm3`` is a cubic centimetre, never a hundredth of a cubic metre).
_DIGIT_POWER = re.compile(r"(?<![A-Za-z_])((?:[kcdm]|µ|μ)?m)([23])(?![A-Za-z0-9_])")

# What a unit may look like before pint sees it: names, numbers, * / ** ^ ( ) and
# blanks, with small exponents. pint's own parser is not hardened against hostile text.
_UNIT_TEXT = re.compile(r"^[A-Za-z_%µμ°Ω0-9.*/^() \-]{1,64}$")
_EXPONENT = re.compile(r"(\*\*|\^)\s*\(?\s*-?\s*(\d+(?:\.\d+)?)")

# "per monitoring period" suffixes of spreadsheets (``MWh/p``) carry no dimension.
_PER_PERIOD = re.compile(r"\s*/\s*(p|period)\s*$")


class UnitError(JcmMrvError):
    """A unit string that cannot be understood, or two units that do not convert."""


NO_CACHE_VARIABLE = "JCM_MRV_NO_UNIT_CACHE"
"""Set to 1 to build pint's registry from its definitions every time (no disk cache)."""


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry[Any]:
    """Return the shared unit registry (built on first use, then cached).

    Parsing pint's definitions file takes about 0.2 s, a third of a small calculation;
    pint's own cache (in the user's cache folder, ``~/.cache/pint`` on Linux, keyed by
    the definitions' content) cuts that to milliseconds from the second run on. Set
    ``JCM_MRV_NO_UNIT_CACHE=1`` to do without it; an unusable cache folder falls back to
    parsing.
    """
    import pint

    ureg: pint.UnitRegistry[Any] | None = None
    if os.environ.get(NO_CACHE_VARIABLE, "") in ("", "0"):
        try:
            ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=False, cache_folder=":auto:")
        except Exception:  # a cache that cannot be read or written: parse instead
            ureg = None
    if ureg is None:
        ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=False, cache_folder=None)
    for definition in _DEFINITIONS:
        ureg.define(definition)
    return ureg


def normalise_unit_text(text: str) -> str:
    """Strip a spreadsheet's per-period suffix (``MWh/p`` → ``MWh``) and blanks."""
    text = text.strip()
    if text in {"", "-", "1", "dimensionless", "ratio", "fraction"}:
        return "dimensionless"
    text = _NORMAL_VOLUME.sub("Nm3", text).replace("²", "**2").replace("³", "**3")
    return _DIGIT_POWER.sub(r"\1**\2", _PER_PERIOD.sub("", text))


@lru_cache(maxsize=1024)
def parse_unit(text: str) -> pint.Unit:
    """Parse a unit written in pint syntax; raise :class:`UnitError` if unknown."""
    import pint

    normalised = normalise_unit_text(text)
    if not _UNIT_TEXT.match(normalised):
        raise UnitError(
            f"cannot read unit {text!r}: a unit is at most 64 characters of names, "
            "numbers, '*', '/', '**', '^' and parentheses"
        )
    if any(float(m.group(2)) > 4 for m in _EXPONENT.finditer(normalised)):
        raise UnitError(f"cannot read unit {text!r}: exponents above 4 are not allowed")
    ureg = registry()
    try:
        unit = ureg.Unit(normalised)
    except pint.errors.UndefinedUnitError:
        raise UnitError(f"unknown unit {text!r}") from None
    except Exception as exc:  # pint's parser raises assorted errors on malformed text
        raise UnitError(f"cannot read unit {text!r}: {type(exc).__name__}") from None
    _refuse_non_physical(text, unit)
    return unit


def _refuse_non_physical(text: str, unit: pint.Unit) -> None:
    """Refuse angles and amounts of information: pint counts them as dimensionless.

    ``turn`` would multiply by 2π and ``byte`` by 8 where a plain number is expected.
    Photometric units (lumen = candela × steradian) keep their solid angle.
    """
    _, root = registry().get_root_units(unit)
    names = set(root._units)  # the root units' names and exponents
    if "bit" in names or ("radian" in names and "candela" not in names):
        kind = "an amount of information" if "bit" in names else "an angle"
        raise UnitError(
            f"unit {text!r} is {kind}, not a physical quantity jcm-mrv converts: pint "
            "would treat it as a plain number times a factor"
        )


def is_offset_temperature(unit: Any) -> bool:
    """True for absolute temperatures on an offset scale (degC, degF)."""
    ureg = registry()
    return not ureg.Quantity(1.0, unit)._is_multiplicative


def dimensionality(unit: Any) -> str:
    """The dimensionality of a unit as text, for messages (``[energy]``-style)."""
    dim = registry().get_dimensionality(unit)
    return str(dim) if dim else "dimensionless"


def same_dimension(a: Any, b: Any) -> bool:
    """True when two units measure the same kind of quantity."""
    ureg = registry()
    return bool(ureg.get_dimensionality(a) == ureg.get_dimensionality(b))


class UnknownUnit(UnitError):
    """A unit that cannot be read (not pint syntax, or not a unit pint knows)."""


class IncompatibleUnit(UnitError):
    """Two units that measure different quantities (or one of them no quantity at all)."""


@dataclass(frozen=True)
class Conversion:
    """``value_to = value_from × scale + offset``, with ``scale`` and ``offset`` exact.

    The one way a value reaches the methodology's unit, whatever it came from (project
    file, ``--set``, a data column, a lookup key). ``scale`` and ``offset`` are the exact
    rationals the float factors stand for (kWh → MWh is 1/1000, degF → K is 5/9 with
    offset 229835/900). Floats are converted by multiplying or dividing by an exact
    integer where the scale is one or its reciprocal is (``1234 kWh`` becomes exactly
    the double nearest to ``1.234 MWh``; ``x * 0.001`` would round twice).
    """

    scale: Fraction = Fraction(1)
    offset: Fraction = Fraction(0)

    @property
    def identity(self) -> bool:
        """True when values need no change."""
        return self.scale == 1 and self.offset == 0

    @property
    def multiplier(self) -> float:
        """The float to multiply by (1.0 when the scale is a whole number's reciprocal)."""
        if self.scale.numerator == 1:
            return 1.0
        return float(self.scale)

    @property
    def divisor(self) -> float:
        """The float to divide by (1.0 unless the scale is a whole number's reciprocal)."""
        return float(self.scale.denominator) if self.scale.numerator == 1 else 1.0

    def __call__(self, value: float) -> float:
        """One value converted (a float, as accurately as one rounding allows)."""
        converted = value * self.multiplier / self.divisor
        return converted + float(self.offset) if self.offset else converted

    def exact(self, value: Fraction) -> Fraction:
        """One value converted exactly."""
        return value * self.scale + self.offset

    def apply(self, values: Any) -> Any:
        """Convert a numpy array of values in place and return it."""
        if self.multiplier != 1.0:
            values *= self.multiplier
        if self.divisor != 1.0:
            values /= self.divisor
        if self.offset:
            values += float(self.offset)
        return values


def conversion(from_text: str, to_text: str) -> Conversion:
    """How values written in unit ``from_text`` convert into ``to_text``.

    Raises :class:`UnknownUnit` when ``from_text`` cannot be read and
    :class:`IncompatibleUnit` when the two measure different quantities; both carry a
    message for the user. Absolute temperatures (degC, degF) convert with their offset,
    everywhere the same way.
    """
    try:
        source = parse_unit(from_text)
    except UnitError as exc:
        raise UnknownUnit(str(exc)) from None
    target = parse_unit(to_text)
    try:
        return unit_conversion(source, target)
    except UnitError as exc:
        raise IncompatibleUnit(
            f"{normalise_unit_text(from_text)!r} does not convert to {to_text!r} ({exc})"
        ) from None


@lru_cache(maxsize=1024)
def unit_conversion(from_unit: Any, to_unit: Any) -> Conversion:
    """The exact :class:`Conversion` between two parsed units of the same dimension.

    Raises :class:`UnitError` when the dimensions differ.
    """
    if not same_dimension(from_unit, to_unit):
        raise UnitError(
            f"cannot convert {from_unit} ({dimensionality(from_unit)}) to "
            f"{to_unit} ({dimensionality(to_unit)})"
        )
    ureg = registry()
    if is_offset_temperature(from_unit) or is_offset_temperature(to_unit):
        from pint.errors import PintError

        # (1 - 0) would lose digits to the offset: measure the slope over a long run
        try:
            zero = float(ureg.Quantity(0.0, from_unit).to(to_unit).magnitude)
            far = float(ureg.Quantity(_RUN, from_unit).to(to_unit).magnitude)
        except PintError as exc:  # a difference given for an absolute temperature
            raise UnitError(
                f"cannot convert {from_unit} to {to_unit}: a temperature difference and an "
                "absolute temperature do not convert into each other (give an absolute "
                "temperature in degC, degF or K)"
            ) from exc
        return Conversion(rational((far - zero) / _RUN), rational(zero))
    return Conversion(rational(float(ureg.Quantity(1.0, from_unit).to(to_unit).magnitude)))


_RUN = 2.0**20


def rational(value: float) -> Fraction:
    """The simplest rational a float factor stands for (0.001 → 1/1000, 0.5555… → 5/9).

    The first rational with a denominator up to 10**3, 10**6, 10**9 or 10**12 that lies
    within a few units in the last place of ``value``; otherwise the float's own value.
    """
    exact = Fraction(value)
    if value == 0.0:
        return exact
    slack = 8 * math.ulp(value)
    for limit in (10**3, 10**6, 10**9, 10**12):
        candidate = exact.limit_denominator(limit)
        if abs(float(candidate) - value) <= slack:
            return candidate
    return exact


def factor(from_unit: Any, to_unit: Any) -> float:
    """The multiplicative factor that converts values in ``from_unit`` to ``to_unit``.

    Raises :class:`UnitError` when the units have different dimensions or either is an
    offset temperature (use :func:`converter` for those).
    """
    if is_offset_temperature(from_unit) or is_offset_temperature(to_unit):
        raise UnitError("absolute temperatures convert with an offset, not a factor")
    return float(unit_conversion(from_unit, to_unit).scale)


def converter(from_unit: Any, to_unit: Any) -> tuple[float, float]:
    """Return ``(scale, offset)`` such that ``value_to = value_from * scale + offset``.

    Works for every pair of units of the same dimension, offset temperatures included.
    """
    found = unit_conversion(from_unit, to_unit)
    return float(found.scale), float(found.offset)
