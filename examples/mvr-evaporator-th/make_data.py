"""Regenerate evaporator-log.csv: an MVR evaporator's monthly totals, 2025.

One row per month (stamped with its first day), in the wide layout: water evaporated
(t), the MVR system's electricity (MWh) and its make-up steam (GJ). The values are
simple so that the results can be computed by hand (see
tests/methodologies/test_jcm_th_am012.py):

    month m: evaporated 10,000 + 50 m t, electricity 200 + m MWh, make-up steam 100 GJ

Run: python examples/mvr-evaporator-th/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

YEAR = 2025


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,M_evap_p [t],EC_PJ_p [MWh],Q_ms_p [GJ]"]
    for month in range(1, 13):
        stamp = datetime.date(YEAR, month, 1).isoformat()
        lines.append(f"{stamp},{10_000 + 50 * month},{200 + month},100")
    target = Path(__file__).with_name("evaporator-log.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
