"""Regenerate fleet-log.csv: two bus fleets' monthly distance and fuel, 2025-H1.

One row per fleet and month (stamped with the first day of the month), in the wide
layout: distance (km), CNG (kg) and diesel (L). The values are simple so that the
results can be computed by hand (see tests/methodologies/test_draft_id_cng_bus.py):

    F-1 (dedicated CNG), month m: 60,000 + 1,000 m km, 18,000 + 300 m kg CNG, 0 L diesel
    F-2 (dual fuel), every month: 40,000 km, 8,000 kg CNG, 6,000 L diesel

Run: python examples/cng-bus-id/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

YEAR = 2025


def readings(point: str, month: int) -> tuple[int, int, int]:
    """Distance (km), CNG (kg) and diesel (L) of a fleet in a month."""
    if point == "F-1":
        return 60_000 + 1_000 * month, 18_000 + 300 * month, 0
    return 40_000, 8_000, 6_000


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,DD_i_p [km],FC_cng_i_p [kg],FC_dsl_i_p [L]"]
    for month in range(1, 7):
        stamp = datetime.date(YEAR, month, 1).isoformat()
        for point in ("F-1", "F-2"):
            dd, cng, dsl = readings(point, month)
            lines.append(f"{stamp},{point},{dd},{cng},{dsl}")
    target = Path(__file__).with_name("fleet-log.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
