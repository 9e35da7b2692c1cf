"""Regenerate rectifier-readings.csv: two electrolyser lines of a chlor-alkali plant, 2025.

One reading per line and month (the month's consumption in MWh, stamped with the first
day of the month), in the wide layout. The values are simple so that the results can be
computed by hand (see tests/methodologies/test_jcm_sa_am001.py):

    E-1, month m: 20,000 + 100 m MWh   (H1: 122,100 MWh; H2: 125,700 MWh)
    E-2, every month: 15,000 MWh       (H1 and H2: 90,000 MWh)

Run: python examples/electrolyser-sa/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

YEAR = 2025


def monthly_mwh(point: str, month: int) -> int:
    """The illustrative consumption of an electrolyser line in a month (MWh)."""
    return 20_000 + 100 * month if point == "E-1" else 15_000


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,EC_PJ_i_p [MWh]"]
    for month in range(1, 13):
        stamp = datetime.date(YEAR, month, 1).isoformat()
        for point in ("E-1", "E-2"):
            lines.append(f"{stamp},{point},{monthly_mwh(point, month)}")
    target = Path(__file__).with_name("rectifier-readings.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
