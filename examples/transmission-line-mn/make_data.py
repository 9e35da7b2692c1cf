"""Regenerate line-meters.csv: sending- and receiving-end meters of two lines, 2025.

One reading per line and month (the month's energy in MWh at each end, stamped with the
first day of the month), in the wide layout. The values are simple so that the results
can be computed by hand (see tests/methodologies/test_jcm_mn_am001.py):

    L-1, month m: sent 50,000 + 100 m, received 49,300 + 98 m  (loss 700 + 2 m MWh)
    L-2, every month: sent 30,000, received 29,640              (loss 360 MWh)

Run: python examples/transmission-line-mn/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

YEAR = 2025


def readings(point: str, month: int) -> tuple[int, int]:
    """Energy sent and received on a line in a month (MWh)."""
    if point == "L-1":
        return 50_000 + 100 * month, 49_300 + 98 * month
    return 30_000, 29_640


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,E_send_i_p [MWh],E_recv_i_p [MWh]"]
    for month in range(1, 13):
        stamp = datetime.date(YEAR, month, 1).isoformat()
        for point in ("L-1", "L-2"):
            sent, received = readings(point, month)
            lines.append(f"{stamp},{point},{sent},{received}")
    target = Path(__file__).with_name("line-meters.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
