"""Regenerate heat-pump-power.csv: monthly readings of two heat pumps and their pumps.

One row per heat pump and month of 2025 (kWh), in the wide layout with a column for the
heat pump and one for its auxiliaries. The values are simple so that the results can
be computed by hand (see tests/methodologies/test_jcm_th_am008.py):

    HP-1, month m: heat pump 40,000 + 1,000 m kWh; auxiliaries 2,000 kWh
          (H1: 261,000 and 12,000 kWh; H2: 297,000 and 12,000 kWh)
    HP-2, every month: heat pump 30,000 kWh; auxiliaries 1,500 kWh
          (H1 and H2: 180,000 and 9,000 kWh)

Run: python examples/heat-pump-th/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

YEAR = 2025


def monthly_kwh(point: str, month: int) -> tuple[int, int]:
    """The illustrative consumption of a heat pump and its auxiliaries in a month (kWh)."""
    if point == "HP-1":
        return 40_000 + 1_000 * month, 2_000
    return 30_000, 1_500


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,EC_HP_i_p [kWh],EC_aux_i_p [kWh]"]
    for month in range(1, 13):
        stamp = datetime.date(YEAR, month, 1).isoformat()
        for point in ("HP-1", "HP-2"):
            heat_pump, auxiliaries = monthly_kwh(point, month)
            lines.append(f"{stamp},{point},{heat_pump},{auxiliaries}")
    target = Path(__file__).with_name("heat-pump-power.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
