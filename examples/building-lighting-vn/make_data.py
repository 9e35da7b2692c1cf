"""Regenerate operating-hours.csv: monthly operating hours of three lighting groups.

One reading per lighting group and month of 2025 (hours switched on in the month, from
the building management system), in the wide layout. The values are simple so that the
results can be computed by hand (see tests/methodologies/test_jcm_vn_am003.py):

    LG-LOBBY,   every month:   600 h   (H1: 3,600 h; H2: 3,600 h)
    LG-OFFICE,  month m:  300 + 2 m h  (H1: 1,842 h; H2: 1,914 h)
    LG-PARKING, every month:   500 h   (H1: 3,000 h; H2: 3,000 h)

Run: python examples/building-lighting-vn/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

YEAR = 2025


def monthly_hours(point: str, month: int) -> int:
    """The illustrative operating hours of a lighting group in a month."""
    if point == "LG-LOBBY":
        return 600  # at most 672 h: February has 28 days
    if point == "LG-OFFICE":
        return 300 + 2 * month
    return 500


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,Operating hours OH_i_p [h]"]
    for month in range(1, 13):
        stamp = datetime.date(YEAR, month, 1).isoformat()
        for point in ("LG-LOBBY", "LG-OFFICE", "LG-PARKING"):
            lines.append(f"{stamp},{point},{monthly_hours(point, month)}")
    target = Path(__file__).with_name("operating-hours.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
