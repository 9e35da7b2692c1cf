"""The hand-written scripts that jcm-mrv is measured against, one per library.

Each does what a consultant's notebook does for the solar PV benchmark project: read
the readings (``timestamp, point, EG_i_p [kWh]``), assign each to its monitoring period
(``start`` to ``end`` inclusive, from ``project.yaml``), sum per period and point, then
apply RE_p = Σ_i EG_i,p × EF_RE in MWh and floor. Each prints the periods' ER as JSON,
so that the run can check they all agree with jcm-mrv.

    python benchmarks/baselines.py polars benchmarks/data/rows-1000000
    python benchmarks/baselines.py xlsx-calamine benchmarks/data/xlsx-100000

CSV: ``pandas`` (read_csv, searchsorted, groupby), ``polars`` (lazy scan, group by
day and point, then periods), ``pyarrow`` (streaming CSV reader, numpy per batch),
``duckdb`` (SQL over read_csv with an ASOF join to the periods). xlsx: ``xlsx-openpyxl``
(read-only iteration), ``xlsx-calamine`` (python-calamine rows), ``xlsx-pandas``
(``pandas.read_excel``). None of them hashes the input or checks duplicates, gaps,
bounds or units, and none sums exactly.
"""

from __future__ import annotations

import datetime
import json
import math
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import yaml

VALUE = "EG_i_p [kWh]"


class Project:
    """The parts of the benchmark project file the scripts need."""

    def __init__(self, folder: Path) -> None:
        data = yaml.safe_load((folder / "project.yaml").read_text(encoding="utf-8"))
        self.folder = folder
        self.ef = float(data["parameters"]["EF_RE"])
        self.ids = [str(p["id"]) for p in data["periods"]]
        self.points = [str(p["id"]) for p in data["monitoring_points"]]
        self.data = folder / str(data["data"][0]["path"])
        starts = [np.datetime64(str(p["start"]), "ms") for p in data["periods"]]
        ends = [
            np.datetime64(str(p["end"]), "ms") + np.timedelta64(1, "D") for p in data["periods"]
        ]
        self.starts = np.array(starts, dtype="datetime64[ms]").astype(np.int64)
        self.ends = np.array(ends, dtype="datetime64[ms]").astype(np.int64)

    def period_of(self, millis: np.ndarray) -> np.ndarray:
        """Index of the period of each timestamp (ms), or -1."""
        position = np.searchsorted(self.starts, millis, side="right") - 1
        inside = (position >= 0) & (millis < self.ends[np.maximum(position, 0)])
        return np.where(inside, position, -1)

    def report(self, kwh_per_period: Iterable[tuple[int, float]]) -> None:
        """Print ``{period: floor(ER)}`` from each period's total in kWh."""
        result = {self.ids[k]: math.floor(v / 1000.0 * self.ef + 1e-9) for k, v in kwh_per_period}
        json.dump(dict(sorted(result.items())), sys.stdout)


def run_pandas(project: Project) -> None:
    """pandas: the whole table in memory, searchsorted to periods, groupby."""
    import pandas as pd

    frame = pd.read_csv(project.data, parse_dates=["timestamp"])
    millis = frame["timestamp"].to_numpy(dtype="datetime64[ms]").astype(np.int64)
    frame["period"] = project.period_of(millis)
    sums = frame.loc[frame["period"] >= 0].groupby(["period", "point"])[VALUE].sum()
    project.report(sums.groupby(level=0).sum().items())


def run_polars(project: Project) -> None:
    """polars: a lazy scan grouped by day and point; the days then go to periods."""
    import polars as pl

    days = (
        pl.scan_csv(project.data)
        .with_columns(pl.col("timestamp").str.to_datetime("%Y-%m-%dT%H:%M").dt.date().alias("day"))
        .group_by("day", "point")
        .agg(pl.col(VALUE).sum())
        .collect()
    )
    millis = days["day"].to_numpy().astype("datetime64[ms]").astype(np.int64)
    period = project.period_of(millis)
    totals = np.bincount(period[period >= 0], days[VALUE].to_numpy()[period >= 0])
    project.report(enumerate(totals.tolist()))


def run_pyarrow(project: Project) -> None:
    """pyarrow: the streaming CSV reader, each batch summed with numpy."""
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv

    options = csv.ConvertOptions(column_types={"timestamp": pa.timestamp("ms")})
    reader = csv.open_csv(project.data, convert_options=options)
    width = len(project.points)
    sums = np.zeros(len(project.ids) * width)
    points = pa.array(project.points)
    for batch in reader:
        millis = batch.column("timestamp").cast(pa.int64()).to_numpy()
        point = pc.index_in(batch.column("point"), value_set=points).to_numpy(zero_copy_only=False)
        period = project.period_of(millis)
        keep = period >= 0
        values = batch.column(VALUE).to_numpy()
        sums += np.bincount(period[keep] * width + point[keep], values[keep], minlength=sums.size)
    project.report(enumerate(sums.reshape(-1, width).sum(axis=1).tolist()))


def run_duckdb(project: Project) -> None:
    """DuckDB: SQL over read_csv, an ASOF join to the periods, group by period and point."""
    import duckdb

    connection = duckdb.connect()
    connection.execute("CREATE TABLE periods (k INTEGER, start TIMESTAMP, stop TIMESTAMP)")
    rows = [
        (k, _moment(int(s)), _moment(int(e)))
        for k, (s, e) in enumerate(zip(project.starts, project.ends, strict=True))
    ]
    connection.executemany("INSERT INTO periods VALUES (?, ?, ?)", rows)
    query = f"""
        SELECT k, sum(total) FROM (
            SELECT p.k, r.point, sum(r."{VALUE}") AS total
            FROM read_csv(?) r ASOF JOIN periods p ON r.timestamp >= p.start
            WHERE r.timestamp < p.stop
            GROUP BY p.k, r.point
        ) GROUP BY k
    """
    project.report(connection.execute(query, [str(project.data)]).fetchall())


def _moment(millis: int) -> datetime.datetime:
    return datetime.datetime(1970, 1, 1) + datetime.timedelta(milliseconds=millis)


def _sum_rows(project: Project, rows: Iterable[Any]) -> None:
    """Sum rows of ``(timestamp, point, kWh)`` cells (the header row skipped) per period."""
    epoch = datetime.datetime(1970, 1, 1)
    sums = np.zeros(len(project.ids))
    stamps: list[int] = []
    values: list[float] = []
    for row in rows:
        moment = row[0]
        if not isinstance(moment, datetime.datetime):  # calamine gives midnight as a date
            moment = datetime.datetime(moment.year, moment.month, moment.day)
        stamps.append((moment - epoch) // datetime.timedelta(milliseconds=1))
        values.append(row[2])
        if len(stamps) == 100_000:
            _fold(project, sums, stamps, values)
    _fold(project, sums, stamps, values)
    project.report(enumerate(sums.tolist()))


def _fold(project: Project, sums: np.ndarray, stamps: list[int], values: list[float]) -> None:
    period = project.period_of(np.array(stamps, dtype=np.int64))
    keep = period >= 0
    sums += np.bincount(period[keep], np.array(values)[keep], minlength=sums.size)
    stamps.clear()
    values.clear()


def run_xlsx_openpyxl(project: Project) -> None:
    """openpyxl in read-only mode, iterating the sheet's values."""
    import openpyxl

    workbook = openpyxl.load_workbook(project.data, read_only=True)
    rows = workbook.worksheets[0].iter_rows(min_row=2, values_only=True)
    _sum_rows(project, rows)


def run_xlsx_calamine(project: Project) -> None:
    """python-calamine: the sheet's rows as Python values."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(project.data))
    rows = workbook.get_sheet_by_index(0).iter_rows()
    next(rows)  # the header
    _sum_rows(project, rows)


def run_xlsx_pandas(project: Project) -> None:
    """pandas.read_excel with openpyxl (its default engine)."""
    import pandas as pd

    frame = pd.read_excel(project.data, engine="openpyxl")
    millis = frame["timestamp"].to_numpy(dtype="datetime64[ms]").astype(np.int64)
    period = project.period_of(millis)
    keep = period >= 0
    totals = np.bincount(period[keep], frame[VALUE].to_numpy()[keep], minlength=len(project.ids))
    project.report(enumerate(totals.tolist()))


SCRIPTS: dict[str, Callable[[Project], None]] = {
    "pandas": run_pandas,
    "polars": run_polars,
    "pyarrow": run_pyarrow,
    "duckdb": run_duckdb,
    "xlsx-openpyxl": run_xlsx_openpyxl,
    "xlsx-calamine": run_xlsx_calamine,
    "xlsx-pandas": run_xlsx_pandas,
}


if __name__ == "__main__":
    SCRIPTS[sys.argv[1]](Project(Path(sys.argv[2])))
