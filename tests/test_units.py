"""Units as spreadsheets write them: digit powers, superscripts and normal cubic metres."""

from __future__ import annotations

from fractions import Fraction

import pytest

from jcm_mrv.units import IncompatibleUnit, UnknownUnit, conversion


@pytest.mark.parametrize(
    ("written", "target", "scale"),
    [
        ("m3", "L", Fraction(1000)),  # 1 m³ = 1,000 L
        ("m³", "L", Fraction(1000)),
        ("cm3", "L", Fraction(1, 1000)),  # a cubic centimetre, never 0.01 m³
        ("cm³", "mL", Fraction(1)),
        ("km2", "m**2", Fraction(10**6)),  # (10³ m)² = 10⁶ m²
        ("mm2", "m²", Fraction(1, 10**6)),
        ("GJ/m3", "MJ/L", Fraction(1)),  # 10³ MJ / 10³ L
        ("m3/h", "L/h", Fraction(1000)),
        ("Nm3", "Nm³", Fraction(1)),
        ("Nm^3", "Nm3", Fraction(1)),
        ("kNm3", "Nm3", Fraction(1000)),
        ("GJ/Nm3", "MJ/Nm3", Fraction(1000)),
        ("tCO2/Nm3", "kgCO2/Nm³", Fraction(1000)),
    ],
)
def test_volumes_and_areas_as_spreadsheets_write_them(
    written: str, target: str, scale: Fraction
) -> None:
    assert conversion(written, target).scale == scale


def test_normal_cubic_metres_never_convert_to_cubic_metres() -> None:
    # a volume at normal conditions is not a volume at site conditions: no silent 1:1
    with pytest.raises(IncompatibleUnit, match="normal_cubic_meter"):
        conversion("Nm3", "m3")


def test_a_digit_after_other_names_is_not_a_power() -> None:
    assert conversion("kgCO2", "tCO2").scale == Fraction(1, 1000)  # CO2 is a name
    with pytest.raises(UnknownUnit):
        conversion("kWh3", "kWh")  # only lengths take a digit power
