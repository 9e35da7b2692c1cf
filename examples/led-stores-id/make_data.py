"""Regenerate monitoring-report.csv: per-period totals in the long layout (MRS style).

Three stores, one row per half year, store and parameter: the metered power of the
project lighting and the opening days. ST-01 and ST-02 are metered; ST-03 has no
lighting meter and establishes its consumption from its opening days, so its metered
value is reported as 0 (not used). The values are chosen so that the results can be
computed by hand (see tests/methodologies/test_jcm_id_am020.py):

    period    store   metered power    opening days
    2025-H1   ST-01   24,000 kWh       180
              ST-02   18.5 MWh/p       181
              ST-03   0 kWh (unused)   175
    2025-H2   ST-01   26,000 kWh       183
              ST-02   19.5 MWh/p       184
              ST-03   0 kWh (unused)   181

Run: python examples/led-stores-id/make_data.py
"""

from __future__ import annotations

import csv
from pathlib import Path

READINGS = [
    ("2025-H1", "ST-01", "EC_meter_i_p", "24000", "kWh"),
    ("2025-H1", "ST-01", "D_open_i_p", "180", "day"),
    ("2025-H1", "ST-02", "EC_meter_i_p", "18.5", "MWh/p"),
    ("2025-H1", "ST-02", "D_open_i_p", "181", "day"),
    ("2025-H1", "ST-03", "EC_meter_i_p", "0", "kWh"),
    ("2025-H1", "ST-03", "D_open_i_p", "175", "day"),
    ("2025-H2", "ST-01", "EC_meter_i_p", "26000", "kWh"),
    ("2025-H2", "ST-01", "D_open_i_p", "183", "day"),
    ("2025-H2", "ST-02", "EC_meter_i_p", "19.5", "MWh/p"),
    ("2025-H2", "ST-02", "D_open_i_p", "184", "day"),
    ("2025-H2", "ST-03", "EC_meter_i_p", "0", "kWh"),
    ("2025-H2", "ST-03", "D_open_i_p", "181", "day"),
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
