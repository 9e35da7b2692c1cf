"""Regenerate fuel-invoices.csv: a reheating furnace's fuels, one point per fuel, 2025.

One row per fuel and month (stamped with the first day of the month), in the wide
layout, in GJ on a net-calorific basis. The values are simple so that the results can
be computed by hand (see tests/methodologies/test_draft_id_regenerative_burner.py):

    NG (natural gas), month m: 20,000 + 100 m GJ
    LPG (pilot burners), every month: 1,000 GJ

Run: python examples/regenerative-burner-id/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

YEAR = 2025


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,FC_j_p [GJ]"]
    for month in range(1, 13):
        stamp = datetime.date(YEAR, month, 1).isoformat()
        lines.append(f"{stamp},NG,{20_000 + 100 * month}")
        lines.append(f"{stamp},LPG,1000")
    target = Path(__file__).with_name("fuel-invoices.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
