"""Regenerate the two monitoring data files of the Cambodian solar PV example.

inverter-daily.csv (wide layout): a row per day and inverter, ``EG_i_p_d [kWh]``, the
inverter's AC output over the day that starts at the timestamp. Every day is the same:

    INV-01 1,200 kWh a day, INV-02 800 kWh a day (2,000 kWh = 2 MWh a day together)

operation-log.csv (wide layout, no point: the log is the site's): the category of each
day, recorded once a day at 12:00, ``DIESEL_p_d`` 1 for a diesel (off-grid) day and 0 for
a grid day. With n the day of the year (1 January is 1), day n is a diesel day when n is
divisible by 5, a grid day otherwise.

Monitoring periods (unequal lengths):

    2025-Q1  1 Jan - 31 Mar  days 1-90:   18 diesel (5, 10 ... 90), 72 grid
    2025-Q2  1 Apr - 30 Jun  days 91-181: 18 diesel (95, 100 ... 180), 73 grid

See tests/methodologies/test_jcm_kh_am002.py for the arithmetic.
Run: python examples/solar-pv-kh/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

DAILY_KWH = {"INV-01": 1200.0, "INV-02": 800.0}
FIRST_DAY = datetime.date(2025, 1, 1)
LAST_DAY = datetime.date(2025, 6, 30)


def category(day: datetime.date) -> int:
    """The day's category: 1 = diesel (off-grid) day, 0 = grid day."""
    return 1 if day.timetuple().tm_yday % 5 == 0 else 0


def main() -> None:
    """Write both CSV files next to this script."""
    readings = ["timestamp,point,EG_i_p_d [kWh]"]
    log = ["timestamp,DIESEL_p_d [1]"]
    day = FIRST_DAY
    while day <= LAST_DAY:
        for point, kwh in DAILY_KWH.items():
            readings.append(f"{day.isoformat()},{point},{kwh}")
        log.append(f"{day.isoformat()}T12:00,{category(day)}")
        day += datetime.timedelta(days=1)
    here = Path(__file__).parent
    (here / "inverter-daily.csv").write_text("\n".join(readings) + "\n", encoding="utf-8")
    (here / "operation-log.csv").write_text("\n".join(log) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
