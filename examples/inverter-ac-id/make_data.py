"""Regenerate ac-power.xlsx: monthly power-meter readings of three air-conditioning units.

One row per month of 2025 and unit, in the wide layout (a column per parameter with its
unit in the header), on a sheet named "Power". The values are simple so that the
results can be computed by hand (see tests/methodologies/test_jcm_id_am004.py):

    AC-1, every month:        12,000 kWh           (H1: 72,000 kWh;  H2: 72,000 kWh)
    AC-2, month m:   10,000 + 1,000 m kWh           (H1: 81,000 kWh;  H2: 117,000 kWh)
    AC-3, every month:         8,000 kWh           (H1: 48,000 kWh;  H2: 48,000 kWh)

Run: python examples/inverter-ac-id/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook

YEAR = 2025


def monthly_kwh(point: str, month: int) -> int:
    """The illustrative consumption of a unit in a month (kWh)."""
    if point == "AC-1":
        return 12_000
    if point == "AC-2":
        return 10_000 + 1_000 * month
    return 8_000


def main() -> None:
    """Write the workbook next to this script."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Power"
    sheet.append(["timestamp", "point", "消費電力 EC_PJ_i_p [kWh]"])
    for month in range(1, 13):
        day = datetime.datetime(YEAR, month, 1)
        for point in ("AC-1", "AC-2", "AC-3"):
            sheet.append([day, point, monthly_kwh(point, month)])
    for column, width in zip("ABC", (20, 8, 26), strict=True):
        sheet.column_dimensions[column].width = width
    workbook.save(Path(__file__).with_name("ac-power.xlsx"))


if __name__ == "__main__":
    main()
