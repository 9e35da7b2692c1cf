"""Regenerate refrigerator-power.csv: monthly power-meter readings of two refrigerators.

One reading per refrigerator and month of 2025 (kWh, stamped with the first day of the
month), in the wide layout. R-1 has the consumption of the refrigerator in an ID_AM003
PDD (135 MWh a year); the values are constant so that the results can be computed by
hand (see tests/methodologies/test_jcm_id_am003.py):

    R-1, every month:  11,250 kWh   (2025: 135,000 kWh)
    R-2, every month:   6,000 kWh   (2025:  72,000 kWh)

Run: python examples/refrigerator-id/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

YEAR = 2025
MONTHLY_KWH = {"R-1": 11_250, "R-2": 6_000}


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,EC_PJ_i_p [kWh]"]
    for month in range(1, 13):
        stamp = datetime.date(YEAR, month, 1).isoformat()
        for point, kwh in MONTHLY_KWH.items():
            lines.append(f"{stamp},{point},{kwh}")
    target = Path(__file__).with_name("refrigerator-power.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
