"""Regenerate chiller-power.xlsx: monthly power-meter readings of three screw chillers.

One row per month of 2025 and chiller, in the wide layout, on a sheet named "Power".
The values are simple so that the results can be computed by hand (see
tests/methodologies/test_jcm_th_am013.py):

    SC-1, every month:        20,000 kWh   (H1: 120,000 kWh; H2: 120,000 kWh)
    SC-2, month m:  15,000 + 500 m kWh     (H1: 100,500 kWh; H2: 118,500 kWh)
    SC-3, every month:        10,000 kWh   (H1:  60,000 kWh; H2:  60,000 kWh)

Run: python examples/screw-chiller-th/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook

YEAR = 2025


def monthly_kwh(point: str, month: int) -> int:
    """The illustrative consumption of a chiller in a month (kWh)."""
    if point == "SC-1":
        return 20_000
    if point == "SC-2":
        return 15_000 + 500 * month
    return 10_000


def main() -> None:
    """Write the workbook next to this script."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Power"
    sheet.append(["timestamp", "point", "EC_PJ_i_p [kWh]"])
    for month in range(1, 13):
        day = datetime.datetime(YEAR, month, 1)
        for point in ("SC-1", "SC-2", "SC-3"):
            sheet.append([day, point, monthly_kwh(point, month)])
    for column, width in zip("ABC", (20, 8, 18), strict=True):
        sheet.column_dimensions[column].width = width
    workbook.save(Path(__file__).with_name("chiller-power.xlsx"))


if __name__ == "__main__":
    main()
