"""Regenerate monthly-log.csv: net supply and operating days of a WHR power plant, 2025.

One row per month (stamped with its first day), in the wide layout: the net
electricity the WHR system supplied (MWh) and the days it operated. The values are
simple so that the results can be computed by hand (see
tests/methodologies/test_jcm_mm_am005.py): 150 MWh per operating day; April: kiln
stop for half the month (15 days); November: annual overhaul (0 days, 0 MWh).

Run: python examples/whr-cement-mm/make_data.py
"""

from __future__ import annotations

import calendar
import datetime
from pathlib import Path

YEAR = 2025
DAYS_OFF = {4: 15, 11: 30}  # days stopped, by month


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,EG_net_p [MWh],D_p [day]"]
    for month in range(1, 13):
        days = calendar.monthrange(YEAR, month)[1] - DAYS_OFF.get(month, 0)
        stamp = datetime.date(YEAR, month, 1).isoformat()
        lines.append(f"{stamp},{150 * days},{days}")
    target = Path(__file__).with_name("monthly-log.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
