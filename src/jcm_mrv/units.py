"""Units of measure: one shared pint registry with the units JCM documents use.

pint is imported lazily (inside functions) so that ``jcm-mrv --help`` stays fast.
Units are only *checked* with pint, once, when a methodology or a data file is
loaded; computation afterwards runs on plain numpy arrays scaled by the factors
derived here.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jcm_mrv.errors import JcmMrvError

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
)

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
    return _PER_PERIOD.sub("", text)


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
    return unit


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


def factor(from_unit: Any, to_unit: Any) -> float:
    """The multiplicative factor that converts values in ``from_unit`` to ``to_unit``.

    Raises :class:`UnitError` when the units have different dimensions or either is an
    offset temperature (use :func:`converter` for those).
    """
    if is_offset_temperature(from_unit) or is_offset_temperature(to_unit):
        raise UnitError("absolute temperatures convert with an offset, not a factor")
    if not same_dimension(from_unit, to_unit):
        raise UnitError(
            f"cannot convert {from_unit} ({dimensionality(from_unit)}) to "
            f"{to_unit} ({dimensionality(to_unit)})"
        )
    ureg = registry()
    return float(ureg.Quantity(1.0, from_unit).to(to_unit).magnitude)


def converter(from_unit: Any, to_unit: Any) -> tuple[float, float]:
    """Return ``(scale, offset)`` such that ``value_to = value_from * scale + offset``.

    Works for every pair of units of the same dimension, offset temperatures included.
    """
    if not same_dimension(from_unit, to_unit):
        raise UnitError(
            f"cannot convert {from_unit} ({dimensionality(from_unit)}) to "
            f"{to_unit} ({dimensionality(to_unit)})"
        )
    ureg = registry()
    zero = float(ureg.Quantity(0.0, from_unit).to(to_unit).magnitude)
    one = float(ureg.Quantity(1.0, from_unit).to(to_unit).magnitude)
    return one - zero, zero
