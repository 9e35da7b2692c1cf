"""Regenerate monitoring-report.csv: per-period totals in the long layout (MRS style).

Two heat-pump water heaters, one row per half year, unit and parameter (units mixed kWh
and MWh/p). The values are chosen so that the results can be computed by hand (see
tests/methodologies/test_jcm_cr_am003.py):

    period    HPWH-1       HPWH-2
    2025-H1   45,000 kWh   30.0 MWh/p
    2025-H2   50,000 kWh   33.3 MWh/p

Run: python examples/heat-pump-water-heater-cr/make_data.py
"""

from __future__ import annotations

import csv
from pathlib import Path

READINGS = [
    ("2025-H1", "HPWH-1", "45000", "kWh"),
    ("2025-H1", "HPWH-2", "30.0", "MWh/p"),
    ("2025-H2", "HPWH-1", "50000", "kWh"),
    ("2025-H2", "HPWH-2", "33.3", "MWh/p"),
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
