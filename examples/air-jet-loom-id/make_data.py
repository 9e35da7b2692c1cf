"""Regenerate loom-power.csv: two groups of energy-saving air-jet looms, 2025.

One reading per loom group and month (the month's consumption in MWh, with the group's
share of compressed air, stamped with the first day of the month), in the wide layout.
The values are simple so that the results can be computed by hand (see
tests/methodologies/test_jcm_id_am011.py):

    G-1, every month: 150 MWh        (H1 and H2: 900 MWh)
    G-2, month m: 100 + 2 m MWh      (H1: 642 MWh; H2: 714 MWh)

Run: python examples/air-jet-loom-id/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

YEAR = 2025


def monthly_mwh(point: str, month: int) -> int:
    """The illustrative consumption of a loom group in a month (MWh)."""
    return 150 if point == "G-1" else 100 + 2 * month


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,EC_PJ_i_p [MWh]"]
    for month in range(1, 13):
        stamp = datetime.date(YEAR, month, 1).isoformat()
        for point in ("G-1", "G-2"):
            lines.append(f"{stamp},{point},{monthly_mwh(point, month)}")
    target = Path(__file__).with_name("loom-power.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
