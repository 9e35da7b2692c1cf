"""Regenerate circuit-log.csv: two LED streetlight circuits, monthly totals, 2025-H1.

One row per circuit and month (stamped with the first day of the month), in the wide
layout: the circuit's metered consumption (kWh) and the hours it was lit. The values
are simple so that the results can be computed by hand (see
tests/methodologies/test_draft_kh_led_streetlight.py): every circuit is lit 12 hours a
night; C-1 (200 LED lamps of 60 W) uses 200 x 60 W x 12 h = 144 kWh a night, C-2
(120 lamps of 100 W) 144 kWh a night as well.

Run: python examples/led-streetlight-kh/make_data.py
"""

from __future__ import annotations

import calendar
import datetime
from pathlib import Path

YEAR = 2025
KWH_PER_NIGHT = {"C-1": 144, "C-2": 144}


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,EC_PJ_i_p [kWh],H_i_p [h]"]
    for month in range(1, 7):
        nights = calendar.monthrange(YEAR, month)[1]
        stamp = datetime.date(YEAR, month, 1).isoformat()
        for point, kwh in KWH_PER_NIGHT.items():
            lines.append(f"{stamp},{point},{kwh * nights},{12 * nights}")
    target = Path(__file__).with_name("circuit-log.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
