"""Regenerate monitoring-report.xlsx: monthly readings in the long layout of an MRS sheet.

Two PV systems, one reading per month of 2025, one row per month x point x parameter
(like the JCM Monitoring Report Sheet, MRS(input)). PV-A is read in kWh, PV-B in MWh,
so the calculation must convert units. The values are simple so that the results can
be computed by hand (see tests/examples/test_examples.py):

    PV-A, month m: 10,000 + 100 m  kWh
    PV-B, month m: 8.5 + 0.25 m    MWh

Run: python examples/solar-pv-th-xlsx/make_workbook.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook


def main() -> None:
    """Write the workbook next to this script."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "MRS(input)"
    # A title block above the table, as real monitoring report sheets have: the project
    # file names the table's header row (header_row: 4).
    sheet.append(["Monitoring Report Sheet (input): monitored parameters"])
    sheet.append(["Project TH902, JCM_TH_AM001 version 01.0 (illustrative)"])
    sheet.append([])
    sheet.append(
        ["timestamp", "point", "parameter", "value", "unit", "monitoring option", "comments"]
    )
    for month in range(1, 13):
        day = datetime.datetime(2025, month, 1)
        sheet.append([day, "PV-A", "発電量 EG_i_p", 10_000 + 100 * month, "kWh", "C", ""])
        sheet.append([day, "PV-B", "発電量 EG_i_p", 8.5 + 0.25 * month, "MWh/p", "C", ""])
    for column, width in zip("ABCDEFG", (20, 8, 18, 10, 8, 18, 12), strict=True):
        sheet.column_dimensions[column].width = width
    workbook.save(Path(__file__).with_name("monitoring-report.xlsx"))


if __name__ == "__main__":
    main()
