"""Regenerate monitoring-report.csv: per-period totals in the long layout (MRS style).

Two project chillers and the site's electricity supply, one row per quarter, point and
parameter. The site-level values (grid import, captive generation, captive fuel) have
no point. In 2025-Q1 the site ran on the grid only; in 2025-Q2 its captive diesel
generator also ran. The values are chosen so that the results can be computed by hand
(see tests/methodologies/test_jcm_th_am005.py):

    period    CH-1       CH-2       grid import   captive generation   captive fuel
    2025-Q1   100 MWh    200 MWh    1,000 MWh     0 MWh                0 kL
    2025-Q2   120,000 kWh 240 MWh   800 MWh       200,000 kWh          50,000 L

Run: python examples/chiller-captive-th/make_data.py
"""

from __future__ import annotations

import csv
from pathlib import Path

READINGS = [
    ("2025-Q1", "CH-1", "EC_PJ_i_p", "100", "MWh/p", "C"),
    ("2025-Q1", "CH-2", "EC_PJ_i_p", "200", "MWh/p", "C"),
    ("2025-Q1", "", "EI_grid_p", "1000", "MWh/p", "B"),
    ("2025-Q1", "", "EG_cap_p", "0", "MWh/p", "C"),
    ("2025-Q1", "", "FC_cap_p", "0", "kL", "B"),
    ("2025-Q2", "CH-1", "EC_PJ_i_p", "120000", "kWh", "C"),
    ("2025-Q2", "CH-2", "EC_PJ_i_p", "240", "MWh/p", "C"),
    ("2025-Q2", "", "EI_grid_p", "800", "MWh/p", "B"),
    ("2025-Q2", "", "EG_cap_p", "200000", "kWh", "C"),
    ("2025-Q2", "", "FC_cap_p", "50000", "L", "B"),
]


def main() -> None:
    """Write the CSV next to this script."""
    target = Path(__file__).with_name("monitoring-report.csv")
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["period", "point", "parameter", "value", "unit", "monitoring option"])
        writer.writerows(READINGS)


if __name__ == "__main__":
    main()
