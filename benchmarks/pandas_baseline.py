"""The hand-written pandas script that jcm-mrv is measured against.

It does what a consultant's notebook does for a solar PV project: read the 15-minute
CSV, convert kWh to MWh, assign each reading to its monthly period, sum per period and
apply RE_p = sum_i EG_i,p × EF_RE, then floor. It prints the periods' ER as JSON.

    python benchmarks/pandas_baseline.py benchmarks/data
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pandas as pd
import yaml


def main(folder: Path) -> None:
    """Compute and print the per-period emission reductions."""
    project = yaml.safe_load((folder / "project.yaml").read_text(encoding="utf-8"))
    ef = float(project["parameters"]["EF_RE"])
    frame = pd.read_csv(folder / "readings.csv", parse_dates=["timestamp"])
    starts = pd.to_datetime([str(p["start"]) for p in project["periods"]])
    ends = pd.to_datetime([str(p["end"]) for p in project["periods"]]) + pd.Timedelta(days=1)
    ids = [str(p["id"]) for p in project["periods"]]
    position = starts.searchsorted(frame["timestamp"], side="right") - 1
    frame["period"] = position
    inside = (position >= 0) & (frame["timestamp"] < ends[position.clip(0)])
    sums = frame.loc[inside].groupby("period")["EG_i_p [kWh]"].sum() / 1000.0
    result = {ids[int(k)]: math.floor(v * ef + 1e-9) for k, v in sums.items()}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
