"""Regenerate the two monitoring data files of the Cambodian solar PV example.

inverter-daily.csv (wide layout): a row per day and inverter, ``EG_i_p_d [kWh]``, the
inverter's AC output over the day that starts at the timestamp. Every day is the same:

    INV-01 1,200 kWh a day, INV-02 800 kWh a day (2,000 kWh = 2 MWh a day together)

operation-log.csv (wide layout, no point: the log is the site's): two records a day,
at 08:00 and 16:00, ``DIESEL_p_d`` 1 when the site runs on its diesel generators and 0
when it runs on the grid. With n the day of the year (1 January is 1):

    n divisible by 10    both records 1: a diesel day      (mean 1)
    n ending in 5        08:00 grid, 16:00 diesel: a day with both (mean 0.5)
    otherwise            both records 0: a grid day        (mean 0)

Monitoring periods (unequal lengths):

    2025-Q1  1 Jan - 31 Mar  days 1-90:   9 diesel (10 ... 90), 9 with both (5 ... 85), 72 grid
    2025-Q2  1 Apr - 30 Jun  days 91-181: 9 diesel (100 ... 180), 9 with both (95 ... 175), 73 grid

See tests/methodologies/test_jcm_kh_am002.py for the arithmetic.
Run: python examples/solar-pv-kh/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

DAILY_KWH = {"INV-01": 1200.0, "INV-02": 800.0}
FIRST_DAY = datetime.date(2025, 1, 1)
LAST_DAY = datetime.date(2025, 6, 30)


def diesel_records(day: datetime.date) -> tuple[int, int]:
    """The 08:00 and 16:00 records of a day: 1 = diesel, 0 = grid."""
    n = day.timetuple().tm_yday
    if n % 10 == 0:
        return (1, 1)
    if n % 10 == 5:
        return (0, 1)
    return (0, 0)


def main() -> None:
    """Write both CSV files next to this script."""
    readings = ["timestamp,point,EG_i_p_d [kWh]"]
    log = ["timestamp,DIESEL_p_d [1]"]
    day = FIRST_DAY
    while day <= LAST_DAY:
        for point, kwh in DAILY_KWH.items():
            readings.append(f"{day.isoformat()},{point},{kwh}")
        morning, afternoon = diesel_records(day)
        log.append(f"{day.isoformat()}T08:00,{morning}")
        log.append(f"{day.isoformat()}T16:00,{afternoon}")
        day += datetime.timedelta(days=1)
    here = Path(__file__).parent
    (here / "inverter-daily.csv").write_text("\n".join(readings) + "\n", encoding="utf-8")
    (here / "operation-log.csv").write_text("\n".join(log) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
