"""Regenerate destruction-log.csv: the destruction batches of two monitoring periods.

Long layout (a row per batch date, point and parameter, with value and unit), like the
JCM Monitoring Report Sheet. Three refrigerant streams are the monitoring points:
HFC-134a, R-410A and R-404A. Each destruction batch records the mass of each stream fed
to the destruction facility (kg, weighed cylinders), the facility's electricity (kWh)
and its LPG (kg); the electricity and the fuel belong to no stream, so their point cell
is empty. The calculation converts kg to t and kWh to MWh.

Batches and period totals (see tests/methodologies/test_vn_pm902.py for the arithmetic):

    period    batch       HFC-134a  R-410A  R-404A  electricity  LPG
    2025-H1   2025-03-14    700      450     300     1,800 kWh   240 kg
              2025-06-20    500      350     200     1,200 kWh   160 kg
              total       1,200      800     500     3,000 kWh   400 kg
    2025-H2   2025-09-12    800      500     220     1,900 kWh   250 kg
              2025-12-05    700      450     200     1,500 kWh   200 kg
              total       1,500      950     420     3,400 kWh   450 kg

Run: python examples/fluorocarbon-destruction-vn/make_data.py
"""

from __future__ import annotations

from pathlib import Path

STREAMS = ("HFC-134a", "R-410A", "R-404A")
# batch date: (kg per stream in STREAMS order, electricity kWh, LPG kg)
BATCHES: dict[str, tuple[tuple[int, int, int], int, int]] = {
    "2025-03-14": ((700, 450, 300), 1_800, 240),
    "2025-06-20": ((500, 350, 200), 1_200, 160),
    "2025-09-12": ((800, 500, 220), 1_900, 250),
    "2025-12-05": ((700, 450, 200), 1_500, 200),
}


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["timestamp,point,parameter,value,unit,comments"]
    for date, (masses, electricity, lpg) in BATCHES.items():
        for stream, kg in zip(STREAMS, masses, strict=True):
            lines.append(f"{date},{stream},Mass destroyed M_i_p,{kg},kg,weighed cylinders")
        lines.append(f"{date},,Electricity EC_PJ_p,{electricity},kWh,facility meter")
        lines.append(f"{date},,LPG FC_PJ_p,{lpg},kg,weighed LPG cylinders")
    target = Path(__file__).with_name("destruction-log.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
