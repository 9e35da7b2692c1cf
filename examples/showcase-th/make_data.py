"""Regenerate showcase-report.xlsx: an MRS(input)-style sheet of per-period totals.

A title block, then a row per period, showcase group and parameter in the long layout
(the row of column names is row 3). Units are mixed kWh and MWh/p. The values are
chosen so that the results can be computed by hand (see
tests/methodologies/test_jcm_th_am014.py):

    period    SC-DAIRY     SC-FROZEN
    2025-H1   48,000 kWh   30.0 MWh/p
    2025-H2   52,000 kWh   33.0 MWh/p

Run: python examples/showcase-th/make_data.py
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

READINGS = [
    ("2025-H1", "SC-DAIRY", 48000, "kWh"),
    ("2025-H1", "SC-FROZEN", 30.0, "MWh/p"),
    ("2025-H2", "SC-DAIRY", 52000, "kWh"),
    ("2025-H2", "SC-FROZEN", 33.0, "MWh/p"),
]


def main() -> None:
    """Write the workbook next to this script."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "MRS(input)"
    sheet.append(["Monitoring Report Sheet: inverter refrigerated showcases (illustrative)"])
    sheet.append([])
    sheet.append(["period", "point", "parameter", "value", "unit", "monitoring option"])
    for period, point, value, unit in READINGS:
        sheet.append([period, point, "EC_PJ_i_p", value, unit, "C"])
    workbook.save(Path(__file__).with_name("showcase-report.xlsx"))


if __name__ == "__main__":
    main()
