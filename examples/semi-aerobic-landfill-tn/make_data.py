"""Regenerate period-years.csv: the year of each monitoring period (y_p), 2025 and 2026.

The semi-aerobic landfill example monitors nothing else per period: the waste batches
(mass weighed at the landfill, deposit year, DOC, decay rate) are batch values in
project.yaml. The results are computed by hand in tests/methodologies/test_tn_pm001.py.

Run: python examples/semi-aerobic-landfill-tn/make_data.py
"""

from __future__ import annotations

from pathlib import Path

YEARS = (2025, 2026)


def main() -> None:
    """Write the CSV next to this script."""
    lines = ["period,y_p [year]"] + [f"{year},{year}" for year in YEARS]
    target = Path(__file__).with_name("period-years.csv")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
