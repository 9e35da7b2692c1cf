"""Regenerate inverter-daily.csv: a year of daily energy readings from two inverters.

Wide layout: a row per day and inverter, one column per parameter (``EG_i_p [kWh]``).
Each reading is the inverter's AC output over the day that starts at the timestamp.
Every day has the same output, so that the results can be computed by hand (see
tests/methodologies/test_jcm_ke_am002.py):

    INV-01 400.0 kWh a day, INV-02 250.5 kWh a day (650.5 kWh a day together)

The project's two monitoring periods are of unequal length: January to May 2025
(151 days) and June to December 2025 (214 days).

Run: python examples/solar-pv-ke/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

DAILY_KWH = {"INV-01": 400.0, "INV-02": 250.5}
YEAR = 2025


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,EG_i_p [kWh]"]
    day = datetime.date(YEAR, 1, 1)
    while day.year == YEAR:
        for point, kwh in DAILY_KWH.items():
            lines.append(f"{day.isoformat()},{point},{kwh}")
        day += datetime.timedelta(days=1)
    target = Path(__file__).with_name("inverter-daily.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
