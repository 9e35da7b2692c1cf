"""Regenerate daily-readings.csv: daily power-meter readings of two cold-storage units.

One reading per unit and day of the first quarter of 2025 (the day's consumption in
kWh), in the wide layout. The values are constant per unit so that the results can be
computed by hand (see tests/methodologies/test_jcm_th_am011.py):

    CS-1, every day: 1,200 kWh    CS-2, every day: 800 kWh
    2025-01 (31 days): CS-1 37,200 kWh; CS-2 24,800 kWh
    2025-02 (28 days): CS-1 33,600 kWh; CS-2 22,400 kWh
    2025-03 (31 days): CS-1 37,200 kWh; CS-2 24,800 kWh

Run: python examples/cold-storage-th/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

DAILY_KWH = {"CS-1": 1_200, "CS-2": 800}
FIRST = datetime.date(2025, 1, 1)
DAYS = 31 + 28 + 31


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,EC_PJ_i_p [kWh]"]
    for offset in range(DAYS):
        stamp = (FIRST + datetime.timedelta(days=offset)).isoformat()
        for point, kwh in DAILY_KWH.items():
            lines.append(f"{stamp},{point},{kwh}")
    target = Path(__file__).with_name("daily-readings.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
