"""Regenerate coal-consumption.xlsx: monthly coal use of two heat-only boilers.

One row per month and boiler for the heating season October 2024 to April 2025, in the
wide layout (a column per parameter, with its unit in the header). The values are
round so that the results can be computed by hand (see
tests/methodologies/test_mn_pm901.py):

    month      HOB-1 (t)   HOB-2 (t)
    2024-10      120.0        95.5
    2024-11      210.0       168.5
    2024-12      260.0       205.0      period 2024-Q4:      590.0 t and 469.0 t
    2025-01      280.0       221.0
    2025-02      240.0       190.5
    2025-03      190.0       150.0
    2025-04      110.0        86.5      period 2025-Jan-Apr: 820.0 t and 648.0 t

Run: python examples/heat-only-boiler-mn/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook

COAL_TONNES = {
    (2024, 10): (120.0, 95.5),
    (2024, 11): (210.0, 168.5),
    (2024, 12): (260.0, 205.0),
    (2025, 1): (280.0, 221.0),
    (2025, 2): (240.0, 190.5),
    (2025, 3): (190.0, 150.0),
    (2025, 4): (110.0, 86.5),
}
BOILERS = ("HOB-1", "HOB-2")


def main() -> None:
    """Write the workbook next to this script."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Coal consumption"
    sheet.append(["timestamp", "point", "FC_PJ_i_p [t]", "comments"])
    for (year, month), tonnes in COAL_TONNES.items():
        for boiler, value in zip(BOILERS, tonnes, strict=True):
            note = "weighbridge records, monthly total"
            sheet.append([datetime.datetime(year, month, 1), boiler, value, note])
    for column, width in zip("ABCD", (20, 8, 16, 36), strict=True):
        sheet.column_dimensions[column].width = width
    workbook.save(Path(__file__).with_name("coal-consumption.xlsx"))


if __name__ == "__main__":
    main()
