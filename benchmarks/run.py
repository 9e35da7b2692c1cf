"""Run the benchmarks and print (or write) docs/performance.md.

Every figure is a ratio against a baseline measured in the same run, on the same
machine, so that the numbers mean something on any machine:

1. ``jcm-mrv calculate`` on N rows of 15-minute CSV data against the hand-written
   pandas script ``pandas_baseline.py`` (wall time and peak memory of each process);
2. the engine alone (the compiled equations of JCM_TH_AM001) against hand-written
   numpy on the same arrays;
3. ``jcm-mrv calculate`` on the small bundled example against ``python -c "import pandas"``;
4. a portfolio of small projects (copies of the bundled ``led-th`` example):
   ``jcm-mrv calculate DIR --jobs N`` against one Python process looping over
   ``jcm_mrv.calculate`` (``--projects``, default 200).

    pip install -e ".[bench]"
    python benchmarks/run.py --rows 10000000 --write docs/performance.md
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
import timeit
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass(frozen=True)
class Run:
    """Wall time (s) and peak resident memory (MiB) of one process."""

    seconds: float
    peak_mib: float


def measure(command: Sequence[str], *, repeat: int) -> Run:
    """The best of ``repeat`` runs of a command: least wall time, and its peak memory."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            error = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{error}")
        runs.append(Run(elapsed, usage.ru_maxrss / 1024))
    best = min(runs, key=lambda r: r.seconds)
    return Run(best.seconds, max(r.peak_mib for r in runs))


def jcm_mrv(*args: str) -> list[str]:
    """The jcm-mrv command line, run with this interpreter."""
    return [sys.executable, "-m", "jcm_mrv", *args]


def bench_large(folder: Path, repeat: int) -> tuple[Run, Run]:
    """jcm-mrv calculate against the pandas script on the generated data."""
    ours = measure(
        jcm_mrv("calculate", str(folder / "project.yaml"), "--format", "json"), repeat=repeat
    )
    pandas = measure([sys.executable, str(HERE / "pandas_baseline.py"), str(folder)], repeat=repeat)
    return ours, pandas


def bench_engine(periods: int, points: int) -> tuple[float, float]:
    """Seconds per evaluation: the compiled JCM_TH_AM001 equations against numpy."""
    from jcm_mrv.formula import compile_formula
    from jcm_mrv.methodology.loader import load_methodology

    loaded = load_methodology(ROOT / "methodologies" / "JCM_TH_AM001.yaml")
    assert loaded.checked is not None
    checked = loaded.checked
    axes = {"p": 0, "i": 1}
    formulas = [(name, compile_formula(checked.analyses[name], axes)) for name in checked.order]
    rng = np.random.default_rng(1)
    eg = rng.uniform(0.0, 50.0, size=(periods, points))
    ef = np.full((1, 1), 0.5)

    def engine() -> object:
        env = {"EG_i_p": eg, "EF_RE": ef}
        for name, formula in formulas:
            env[name] = formula(env)
        return env["ER_p"]

    def by_hand() -> object:
        re_p = np.sum(eg * ef, axis=1, keepdims=True)
        pe_p = np.zeros_like(re_p)
        return re_p - pe_p

    np.testing.assert_allclose(engine(), by_hand(), rtol=1e-12)
    number = max(1, int(2e6 // (periods * points)))
    ours = min(timeit.repeat(engine, number=number, repeat=5)) / number
    numpy = min(timeit.repeat(by_hand, number=number, repeat=5)) / number
    return ours, numpy


def bench_small(repeat: int) -> tuple[Run, Run]:
    """jcm-mrv calculate on the bundled example against importing pandas."""
    ours = measure(
        jcm_mrv("calculate", str(ROOT / "examples" / "solar-pv-th" / "project.yaml")),
        repeat=repeat,
    )
    pandas = measure([sys.executable, "-c", "import pandas"], repeat=repeat)
    return ours, pandas


PORTFOLIO_EXAMPLE = ROOT / "examples" / "led-th"
"""The small project copied to make the portfolio (a 324-byte monitoring report)."""

LIBRARY_LOOP = """
import sys
from pathlib import Path

import jcm_mrv

for project in sorted(Path(sys.argv[1]).rglob("project.yaml")):
    outcome = jcm_mrv.calculate(project)
    assert outcome.result is not None, outcome.message
"""


def make_portfolio(folder: Path, projects: int) -> Path:
    """``projects`` copies of the small example, each in its own folder."""
    import shutil

    portfolio = folder / f"portfolio-{projects}"
    if portfolio.exists():
        return portfolio
    for number in range(projects):
        shutil.copytree(PORTFOLIO_EXAMPLE, portfolio / f"p{number:04d}")
    return portfolio


def bench_portfolio(folder: Path, repeat: int) -> list[tuple[str, Run, Run]]:
    """``calculate DIR --jobs N`` (N = 1 and the number of cores) against the loop."""
    loop = measure([sys.executable, "-c", LIBRARY_LOOP, str(folder)], repeat=repeat)
    cores = os.cpu_count() or 1
    runs = []
    for jobs in sorted({1, cores}):
        command = jcm_mrv("calculate", str(folder), "--jobs", str(jobs), "--format", "json")
        runs.append((f"--jobs {jobs}", measure(command, repeat=repeat), loop))
    return runs


def report(
    rows: int,
    large: tuple[Run, Run],
    engines: list[tuple[str, tuple[float, float]]],
    small: tuple[Run, Run],
    portfolio: tuple[int, list[tuple[str, Run, Run]]] = (0, []),
) -> str:
    """The Markdown page with the figures and the goals."""
    ours, pandas = large
    s_ours, s_pandas = small
    cpu = platform.processor() or platform.machine()
    lines = [
        "# Performance",
        "",
        "<!-- Written by `python benchmarks/run.py --write docs/performance.md`. -->",
        "",
        "Figures are ratios against a baseline measured in the same run on the same machine",
        "(best of several runs; memory is the peak resident set of the process). Re-run",
        "them after every change to the engine, the formula compiler or the monitoring",
        "readers:",
        "",
        "```bash",
        'pip install -e ".[bench]"',
        f"python benchmarks/run.py --rows {rows} --write docs/performance.md",
        "```",
        "",
        f"Machine: {platform.system()} {cpu}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, numpy {np.__version__}.",
        "",
        "| benchmark | jcm-mrv | baseline | ratio (jcm-mrv / baseline) | goal |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| `calculate`, {rows:,} rows of 15-minute CSV: time | {ours.seconds:.2f} s | "
        f"{pandas.seconds:.2f} s (pandas script) | {ours.seconds / pandas.seconds:.2f} | ≤ 1 |",
        f"| `calculate`, {rows:,} rows: peak memory | {ours.peak_mib:,.0f} MiB | "
        f"{pandas.peak_mib:,.0f} MiB (pandas script) | {ours.peak_mib / pandas.peak_mib:.2f} "
        "| ≤ 1 |",
        *[
            f"| engine alone, {shape} | {e_ours * 1e3:.3f} ms | {e_numpy * 1e3:.3f} ms "
            f"(hand-written numpy) | {e_ours / e_numpy:.2f} | ≤ 1.2 |"
            for shape, (e_ours, e_numpy) in engines
        ],
        f"| `calculate` on the bundled example | {s_ours.seconds:.2f} s | "
        f"{s_pandas.seconds:.2f} s (`import pandas`) | {s_ours.seconds / s_pandas.seconds:.2f} "
        "| < 1 |",
        *[
            f"| `calculate DIR {jobs}`, {portfolio[0]} small projects | {ours_p.seconds:.2f} s | "
            f"{loop.seconds:.2f} s (one Python loop over `jcm_mrv.calculate`) | "
            f"{ours_p.seconds / loop.seconds:.2f} | ≤ 1.2 on one core |"
            for jobs, ours_p, loop in portfolio[1]
        ],
        "",
        "## Reading the figures",
        "",
        "- **Large CSV.** jcm-mrv streams the file in 4 MiB blocks, hashes it as it reads",
        "  (the SHA-256 goes into the result's provenance), parses timestamps and numbers",
        "  with numpy, aggregates each block into the periods with exact sums and keeps",
        "  one 8-byte key per reading for the duplicate check; the pandas script holds",
        "  the whole table in memory and neither hashes, checks duplicates, bounds and",
        "  units, nor sums exactly. Its fixed costs (start-up, below) weigh on the time",
        "  ratio at this size.",
        "- **Engine alone.** The hand-written numpy sums with `np.sum`; the engine sums",
        "  over an index as exactly as `math.fsum` (a vectorised split into exact high",
        "  parts and small remainders, several passes over the array). That accuracy is",
        "  the main cost at both sizes; at 12 periods the rest is the fixed cost of",
        "  calling the compiled closures.",
        "- **Small example.** Most of the time is start-up: importing numpy, pydantic,",
        "  typer and pint (about 0.1 s each) and building the pydantic models, before a",
        "  105,120-row CSV is read. pint's unit registry comes from pint's own cache in",
        "  the user's cache folder (0.2 s to build without it; `JCM_MRV_NO_UNIT_CACHE=1`",
        "  turns the cache off).",
        "- **Portfolio.** Copies of the `led-th` example in one folder (`--projects`",
        "  sets the number). One `calculate DIR` pays the start-up once, as the library",
        "  loop does; `--jobs N` shares the projects between N worker processes, each",
        "  paying its own start-up.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--projects", type=int, default=200, help="portfolio size")
    parser.add_argument("--write", type=Path, help="write the Markdown page here")
    args = parser.parse_args()
    folder = args.data / f"rows-{args.rows}"
    if not (folder / "readings.csv").exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                "--rows",
                str(args.rows),
                "--out",
                str(folder),
            ],
            check=True,
        )
    large = bench_large(folder, args.repeat)
    engines = [
        (f"{periods:,} periods × {points} points", bench_engine(periods, points))
        for periods, points in ((12, 10), (100_000, 10))
    ]
    small = bench_small(args.repeat)
    portfolio = bench_portfolio(make_portfolio(args.data, args.projects), args.repeat)
    text = report(args.rows, large, engines, small, (args.projects, portfolio))
    print(text)
    if args.write:
        args.write.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
