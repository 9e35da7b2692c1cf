"""Regenerate chiller-power.csv: monthly power-meter readings of two inverter chillers.

One reading per chiller and month of 2025 (the month's consumption in kWh, stamped with
the first day of the month), in the wide layout. The values are simple so that the
results can be computed by hand (see tests/methodologies/test_jcm_th_am003.py):

    CH-1, every month:        50,000 kWh   (H1: 300,000 kWh; H2: 300,000 kWh)
    CH-2, month m:  80,000 + 1,000 m kWh   (H1: 501,000 kWh; H2: 537,000 kWh)

Run: python examples/chiller-inverter-th/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

YEAR = 2025


def monthly_kwh(point: str, month: int) -> int:
    """The illustrative consumption of a chiller in a month (kWh)."""
    if point == "CH-1":
        return 50_000
    return 80_000 + 1_000 * month


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,EC_PJ_i_p [kWh]"]
    for month in range(1, 13):
        stamp = datetime.date(YEAR, month, 1).isoformat()
        for point in ("CH-1", "CH-2"):
            lines.append(f"{stamp},{point},{monthly_kwh(point, month)}")
    target = Path(__file__).with_name("chiller-power.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
