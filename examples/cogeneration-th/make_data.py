"""Regenerate monthly-readings.csv: two gas-engine cogeneration units, 2025.

One reading per unit and month (the month's totals, stamped with the first day of the
month), in the wide layout. The values are simple so that the results can be computed
by hand (see tests/methodologies/test_jcm_th_am009.py):

    GE-1, month m: electricity 1,500 + 10 m MWh, heat 6,000 + 20 m GJ,
                   gas 300,000 + 2,000 m m3
    GE-2, every month: electricity 1,000 MWh, heat 4,000 GJ, gas 200,000 m3

Run: python examples/cogeneration-th/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

YEAR = 2025


def readings(point: str, month: int) -> tuple[int, int, int]:
    """Electricity (MWh), heat (GJ) and gas (m3) of a unit in a month."""
    if point == "GE-1":
        return 1_500 + 10 * month, 6_000 + 20 * month, 300_000 + 2_000 * month
    return 1_000, 4_000, 200_000


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,EG_i_p [MWh],HG_i_p [GJ],FC_i_p [m**3]"]
    for month in range(1, 13):
        stamp = datetime.date(YEAR, month, 1).isoformat()
        for point in ("GE-1", "GE-2"):
            eg, hg, fc = readings(point, month)
            lines.append(f"{stamp},{point},{eg},{hg},{fc}")
    target = Path(__file__).with_name("monthly-readings.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
