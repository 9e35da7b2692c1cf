"""Regenerate monitoring-report.csv: per-period readings in the long layout (MRS style).

One row per monitoring period x lighting circuit x parameter, like the JCM Monitoring
Report Sheet, MRS(input): the period's total consumption read from each circuit's
meter. The units are mixed on purpose, so that the calculation must convert them (and
"MWh/p", per period, means MWh). The values are chosen so that the results can be
computed by hand (see tests/methodologies/test_jcm_th_am016.py):

    period    LED-A          LED-B          LED-C
    2025-H1   52,000 kWh     38.5 MWh/p     24,000 kWh
    2025-H2   55,000 kWh     40.25 MWh/p    26.4 MWh/p

Run: python examples/led-th/make_data.py
"""

from __future__ import annotations

import csv
from pathlib import Path

READINGS = [
    ("2025-H1", "LED-A", "52000", "kWh"),
    ("2025-H1", "LED-B", "38.5", "MWh/p"),
    ("2025-H1", "LED-C", "24000", "kWh"),
    ("2025-H2", "LED-A", "55000", "kWh"),
    ("2025-H2", "LED-B", "40.25", "MWh/p"),
    ("2025-H2", "LED-C", "26.4", "MWh/p"),
]


OPENING_DAYS = {"2025-H1": 181, "2025-H2": 184}
"""Opening days of the facilities per period (used by the opening-days option only)."""


def main() -> None:
    """Write the CSV next to this script."""
    target = Path(__file__).with_name("monitoring-report.csv")
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["period", "point", "parameter", "value", "unit", "monitoring option"])
        for period, point, value, unit in READINGS:
            writer.writerow([period, point, "EC_PJ_i_p", value, unit, "C"])
        for period, days in OPENING_DAYS.items():
            writer.writerow([period, "", "DAYS_p", days, "day", "B"])


if __name__ == "__main__":
    main()
