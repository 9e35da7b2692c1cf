"""Regenerate the monitoring data of the anaerobic-digestion example, 2025 and 2026.

digester-power.csv: the digester facility's monthly electricity (MWh, stamped with the
first day of the month): 20 MWh a month in 2025, 22 MWh a month in 2026.
period-years.csv: the year of each monitoring period (y_p), one row per period.

The waste batches (mass, deposit year, DOC, decay rate) are batch values in
project.yaml. The results are computed by hand in tests/methodologies/test_jcm_vn_am004.py.

Run: python examples/anaerobic-digestion-vn/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

HERE = Path(__file__).parent
MONTHLY_MWH = {2025: 20, 2026: 22}


def main() -> None:
    """Write both CSV files next to this script."""
    lines = ["timestamp,EC_PJ_p [MWh]"]
    for year, mwh in MONTHLY_MWH.items():
        for month in range(1, 13):
            lines.append(f"{datetime.date(year, month, 1).isoformat()},{mwh}")
    (HERE / "digester-power.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    years = ["period,y_p [year]"] + [f"{year},{year}" for year in MONTHLY_MWH]
    (HERE / "period-years.csv").write_text("\n".join(years) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
