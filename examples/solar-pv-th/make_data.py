"""Regenerate inverter-readings.csv: a year of 15-minute readings from three inverters.

Each inverter feeds a constant amount per 15-minute interval from 06:00 to 17:45 (48
daylight intervals a day) and nothing at night, so that the example's results can be
computed by hand (see tests/examples/test_examples.py):

    INV-01 10.25 kWh, INV-02 12.50 kWh, INV-03 7.75 kWh per daylight interval.

Run: python examples/solar-pv-th/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

PER_INTERVAL_KWH = {"INV-01": 10.25, "INV-02": 12.50, "INV-03": 7.75}
YEAR = 2025


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,EG_i_p [kWh]"]
    day = datetime.date(YEAR, 1, 1)
    while day.year == YEAR:
        for quarter in range(96):
            hour, minute = divmod(quarter * 15, 60)
            stamp = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
            daylight = 6 <= hour < 18
            for point, kwh in PER_INTERVAL_KWH.items():
                lines.append(f"{stamp},{point},{kwh if daylight else 0.0}")
        day += datetime.timedelta(days=1)
    target = Path(__file__).with_name("inverter-readings.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
