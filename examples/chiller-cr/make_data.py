"""Regenerate monitoring-report.csv: per-period totals in the long layout (MRS style).

Two project chillers, one row per quarter, chiller and parameter (units mixed kWh and
MWh/p). The values are chosen so that the results can be computed by hand (see
tests/methodologies/test_jcm_cr_am002.py):

    period    CH-A          CH-B
    2025-Q3   210,000 kWh   150 MWh/p
    2025-Q4   190,000 kWh   135.5 MWh/p

Run: python examples/chiller-cr/make_data.py
"""

from __future__ import annotations

import csv
from pathlib import Path

READINGS = [
    ("2025-Q3", "CH-A", "210000", "kWh"),
    ("2025-Q3", "CH-B", "150", "MWh/p"),
    ("2025-Q4", "CH-A", "190000", "kWh"),
    ("2025-Q4", "CH-B", "135.5", "MWh/p"),
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
