"""Generate synthetic 15-minute meter data and a project file for the benchmarks.

    python benchmarks/generate.py --rows 10000000 --out benchmarks/data
    python benchmarks/generate.py --rows 100000 --xlsx --out benchmarks/data/xlsx-100000

writes ``readings.csv`` (timestamp, point, ``EG_i_p [kWh]``: wide layout, as inverter
loggers export it) and ``project.yaml`` (a JCM_TH_AM001 solar PV project with one
period per month) into the output folder. Values are pseudo-random but reproducible
(fixed seed), so every run measures the same input.
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

import numpy as np

POINTS_DEFAULT = 10
INTERVAL = np.timedelta64(15, "m")
START = np.datetime64("2020-01-01T00:00")


def write_readings(path: Path, rows: int, points: int, seed: int = 20261123) -> datetime.date:
    """Write ``rows`` readings spread over ``points`` inverters; return the last day."""
    rng = np.random.default_rng(seed)
    steps = -(-rows // points)
    chunk = 500_000 // points * points or points
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("timestamp,point,EG_i_p [kWh]\n")
        written = 0
        step = 0
        while written < rows:
            n_steps = min(chunk // points, steps - step)
            times = START + INTERVAL * np.arange(step, step + n_steps)
            stamps = np.repeat(np.datetime_as_string(times, unit="m"), points)
            names = np.tile([f"INV-{k + 1:02d}" for k in range(points)], n_steps)
            values = np.round(rng.uniform(0.0, 12.0, size=n_steps * points), 3)
            take = min(len(values), rows - written)
            lines = [
                f"{t},{p},{v}\n"
                for t, p, v in zip(stamps[:take], names[:take], values[:take], strict=True)
            ]
            handle.writelines(lines)
            written += take
            step += n_steps
    last = START + INTERVAL * (steps - 1)
    return datetime.date.fromisoformat(str(last)[:10])


def write_workbook(path: Path, rows: int, points: int, seed: int = 20261123) -> datetime.date:
    """The same readings as :func:`write_readings`, as an xlsx sheet with date cells."""
    import openpyxl

    rng = np.random.default_rng(seed)
    steps = -(-rows // points)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("readings")
    sheet.append(["timestamp", "point", "EG_i_p [kWh]"])
    names = [f"INV-{k + 1:02d}" for k in range(points)]
    start = datetime.datetime(2020, 1, 1)
    written = 0
    for step in range(steps):
        moment = start + datetime.timedelta(minutes=15 * step)
        values = np.round(rng.uniform(0.0, 12.0, size=points), 3).tolist()
        for name, value in zip(names, values, strict=True):
            if written == rows:
                break
            sheet.append([moment, name, value])
            written += 1
    workbook.save(path)
    return (start + datetime.timedelta(minutes=15 * (steps - 1))).date()


def month_periods(first: datetime.date, last: datetime.date) -> list[tuple[str, str, str]]:
    """One period per calendar month from ``first`` to ``last`` (inclusive)."""
    periods = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        start = datetime.date(year, month, 1)
        nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
        end = nxt - datetime.timedelta(days=1)
        periods.append((f"{year}-{month:02d}", start.isoformat(), end.isoformat()))
        year, month = nxt.year, nxt.month
    return periods


def write_project(
    folder: Path, points: int, last: datetime.date, data: str = "readings.csv"
) -> None:
    """Write the project file that applies JCM_TH_AM001 to ``data``."""
    lines = [
        "kind: project",
        "id: TH999",
        "title: Benchmark solar PV project (synthetic data)",
        "country: TH",
        "methodology:",
        "  id: JCM_TH_AM001",
        '  version: "01.0"',
        "monitoring_points:",
        *[f"  - id: INV-{k + 1:02d}" for k in range(points)],
        "parameters:",
        "  EF_RE: 0.5",
        "data:",
        f"  - path: {data}",
        "periods:",
    ]
    # the last month may be partial: end the last period on the last day with data
    for ident, start, end in month_periods(datetime.date(2020, 1, 1), last):
        end = min(end, last.isoformat())
        lines += [f"  - id: {ident!r}", f"    start: {start}", f"    end: {end}"]
    (folder / "project.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--points", type=int, default=POINTS_DEFAULT)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--xlsx", action="store_true", help="write readings.xlsx instead")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    name = "readings.xlsx" if args.xlsx else "readings.csv"
    write = write_workbook if args.xlsx else write_readings
    last = write(args.out / name, args.rows, args.points)
    write_project(args.out, args.points, last, name)
    print(f"wrote {args.rows:,} rows to {args.out / name}")


if __name__ == "__main__":
    main()
