"""Regenerate the monitoring data of the rice-husk power example, 2025.

generation.csv: the plant's monthly gross generation and auxiliary consumption (MWh):
gross 3,000 + 10 m MWh in month m, auxiliary 300 MWh every month.
fuels.csv: the fossil fuels fired each month, one monitoring point per fuel (t):
DSL (diesel for start-up) 2 t, HFO (heavy fuel oil for flame support) 5 t.

The results are computed by hand in tests/methodologies/test_draft_kh_rice_husk_power.py.

Run: python examples/rice-husk-power-kh/make_data.py
"""

from __future__ import annotations

import datetime
from pathlib import Path

HERE = Path(__file__).parent
YEAR = 2025
FUEL_T = {"DSL": 2, "HFO": 5}


def main() -> None:
    """Write both CSV files next to this script."""
    generation = ["timestamp,EG_gross_p [MWh],EC_aux_p [MWh]"]
    fuels = ["timestamp,point,FC_j_p [t]"]
    for month in range(1, 13):
        stamp = datetime.date(YEAR, month, 1).isoformat()
        generation.append(f"{stamp},{3_000 + 10 * month},300")
        fuels.extend(f"{stamp},{fuel},{tonnes}" for fuel, tonnes in FUEL_T.items())
    (HERE / "generation.csv").write_text("\n".join(generation) + "\n", encoding="utf-8")
    (HERE / "fuels.csv").write_text("\n".join(fuels) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
