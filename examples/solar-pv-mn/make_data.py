"""Regenerate the monitoring data of this example: two PV systems on the national grid.

Daily readings, the same every day, so that the results can be computed by hand (see
tests/methodologies/test_jcm_mn_am003.py):

    PV-01: 1500.0 kWh a day
    PV-02: 900.5 kWh a day

Two monitoring periods of unequal length: 2025-Q1 (1 January to 31 March, 90 days) and
2025-Q2 (1 April to 30 June, 91 days).

Run: python examples/solar-pv-mn/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

POINTS = {"PV-01": 1500.0, "PV-02": 900.5}
"""kWh a day per monitoring point (EG_i_p)."""
SITE_DAILY = {}
"""kWh a day of each site-wide parameter (no monitoring point)."""
FIRST_DAY = datetime.date(2025, 1, 1)
LAST_DAY = datetime.date(2025, 6, 30)


def main() -> None:
    """Write the CSV file(s) next to this script."""
    here = Path(__file__).parent
    rows = ["timestamp,point,EG_i_p [kWh]"]
    site = ["timestamp," + ",".join(f"{name} [kWh]" for name in SITE_DAILY)]
    day = FIRST_DAY
    while day <= LAST_DAY:
        rows += [f"{day.isoformat()},{point},{kwh}" for point, kwh in POINTS.items()]
        site.append(",".join([day.isoformat(), *(str(v) for v in SITE_DAILY.values())]))
        day += datetime.timedelta(days=1)
    (here / "readings.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    if SITE_DAILY:
        (here / "site-readings.csv").write_text("\n".join(site) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
