"""Regenerate monitoring-report.csv: per-period totals in the long layout (MRS style).

Two natural-refrigerant refrigerators, one row per half year, unit and parameter (units
mixed kWh and MWh/p). The values are chosen so that the results can be computed by hand
(see tests/methodologies/test_jcm_mm_am002.py):

    period    NR-1         NR-2
    2025-H1   96,000 kWh   64.8 MWh/p
    2025-H2   104,000 kWh  70.2 MWh/p

Run: python examples/refrigerator-mm/make_data.py
"""

from __future__ import annotations

import csv
from pathlib import Path

READINGS = [
    ("2025-H1", "NR-1", "96000", "kWh"),
    ("2025-H1", "NR-2", "64.8", "MWh/p"),
    ("2025-H2", "NR-1", "104000", "kWh"),
    ("2025-H2", "NR-2", "70.2", "MWh/p"),
]


def main() -> None:
    """Write the CSV next to this script."""
    target = Path(__file__).with_name("monitoring-report.csv")
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["period", "point", "parameter", "value", "unit", "monitoring option"])
        for period, point, value, unit in READINGS:
            writer.writerow([period, point, "EC_PJ_i_p", value, unit, "C"])


if __name__ == "__main__":
    main()
