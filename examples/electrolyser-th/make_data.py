"""Regenerate monitoring-report.csv: one electrolyser line, 2025-Q1 and Q2.

One row per month in the long layout of a Monitoring Report Sheet (parameter, value,
unit), the month's rectifier consumption stamped with its first day. The values are
simple so that the results can be computed by hand (see
tests/methodologies/test_jcm_th_am015.py): month m: 8,000 + 10.1 m MWh, written in kWh
in odd months and in MWh in even months (the reader converts).

Run: python examples/electrolyser-th/make_data.py
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

YEAR = 2025


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,parameter,value,unit"]
    for month in range(1, 7):
        mwh = Decimal(8_000) + Decimal("10.1") * month
        value, unit = (mwh * 1000, "kWh") if month % 2 else (mwh, "MWh/p")
        stamp = datetime.date(YEAR, month, 1).isoformat()
        lines.append(f"{stamp},E-1,EC_PJ_i_p,{value.normalize():f},{unit}")
    target = Path(__file__).with_name("monitoring-report.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
