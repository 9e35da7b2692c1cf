"""Regenerate monitoring-report.csv: per-period totals in the long layout (MRS style).

Two absorption chillers, one row per half year, chiller and parameter: cooling energy
(heat meter, in GJ or MWh), pump electricity (kWh) and gas (m3). AC-1 is gas-fired;
AC-2 runs on waste hot water and burns no fuel. The values are chosen so that the
results can be computed by hand (see tests/methodologies/test_jcm_id_am022.py):

    period    chiller  cooling energy   pump power    gas
    2025-H1   AC-1     3,600 GJ         20,000 kWh    50,000 m3
              AC-2     1,500 MWh        30,000 kWh    0 m3
    2025-H2   AC-1     4,320 GJ         24,000 kWh    60,000 m3
              AC-2     1,200 MWh        25,000 kWh    0 m3

Run: python examples/absorption-chiller-id/make_data.py
"""

from __future__ import annotations

import csv
from pathlib import Path

READINGS = [
    ("2025-H1", "AC-1", "QC_PJ_i_p", "3600", "GJ"),
    ("2025-H1", "AC-1", "EC_PJ_i_p", "20000", "kWh"),
    ("2025-H1", "AC-1", "FC_PJ_i_p", "50000", "m**3"),
    ("2025-H1", "AC-2", "QC_PJ_i_p", "1500", "MWh"),
    ("2025-H1", "AC-2", "EC_PJ_i_p", "30000", "kWh"),
    ("2025-H1", "AC-2", "FC_PJ_i_p", "0", "m**3"),
    ("2025-H2", "AC-1", "QC_PJ_i_p", "4320", "GJ"),
    ("2025-H2", "AC-1", "EC_PJ_i_p", "24000", "kWh"),
    ("2025-H2", "AC-1", "FC_PJ_i_p", "60000", "m**3"),
    ("2025-H2", "AC-2", "QC_PJ_i_p", "1200", "MWh"),
    ("2025-H2", "AC-2", "EC_PJ_i_p", "25000", "kWh"),
    ("2025-H2", "AC-2", "FC_PJ_i_p", "0", "m**3"),
]


def main() -> None:
    """Write the CSV next to this script."""
    target = Path(__file__).with_name("monitoring-report.csv")
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["period", "point", "parameter", "value", "unit"])
        writer.writerows(READINGS)


if __name__ == "__main__":
    main()
