"""Run the benchmarks and print (or write) docs/performance.md.

Every figure is a ratio against a reference measured in the same run, on the same
machine, so that the numbers mean something on any machine. Each repetition runs
jcm-mrv and then every reference once (a pair per reference); a ratio is the median
over the pairs of the CPU time (user + system, every thread) or the peak resident
memory of the two processes:

1. ``jcm-mrv calculate`` on N rows of 15-minute CSV data (``--sizes``, default 1M,
   10M and 50M rows) against the scripts of ``baselines.py``: pandas, polars, pyarrow
   and DuckDB doing the same job (per-period, per-point sums and the formula);
2. the same on xlsx workbooks (``--xlsx-sizes``, default 100k and 1M rows) against
   openpyxl, python-calamine and ``pandas.read_excel``; and (``xlsx-reader``) jcm-mrv's
   xlsx reader alone against python-calamine's raw iteration of the same sheet, each in
   a fresh process, imports not counted;
3. the engine alone (the compiled equations of JCM_TH_AM001) against hand-written
   numpy on the same arrays;
4. ``jcm-mrv calculate`` on the small bundled example against ``python -c "import pandas"``;
5. a portfolio of small projects (copies of the bundled ``led-th`` example):
   ``jcm-mrv calculate DIR --jobs N`` against one Python process looping over
   ``jcm_mrv.calculate`` (``--projects``, default 200).

Every reference must print the same credits per period as jcm-mrv, or the run stops.

    pip install -e ".[bench]"
    python benchmarks/run.py --write docs/performance.md
    python benchmarks/run.py --sizes 1M --xlsx-sizes 100k --repeat 1   # a quick look
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CSV_REFERENCES = ("pandas", "polars", "pyarrow", "duckdb")
XLSX_REFERENCES = ("xlsx-openpyxl", "xlsx-calamine", "xlsx-pandas")
MODULES = {"xlsx-openpyxl": "openpyxl", "xlsx-calamine": "python_calamine", "xlsx-pandas": "pandas"}
KEPT = "<!-- Kept by run.py: the text below is written by hand. -->"


@dataclass(frozen=True)
class Run:
    """CPU time (user + system, s), wall time (s) and peak resident memory (MiB)."""

    cpu: float
    wall: float
    peak_mib: float


@dataclass
class Pairing:
    """Paired runs of jcm-mrv and one reference (one pair per repetition)."""

    ours: list[Run] = field(default_factory=list)
    theirs: list[Run] = field(default_factory=list)

    def median(self, which: str, measure: str) -> float:
        """The median of one measure of jcm-mrv's runs (``ours``) or the reference's."""
        runs: list[Run] = getattr(self, which)
        return statistics.median(getattr(r, measure) for r in runs)

    def ratio(self, measure: str) -> float:
        """The median over the pairs of jcm-mrv's measure over the reference's."""
        return statistics.median(
            getattr(o, measure) / getattr(t, measure)
            for o, t in zip(self.ours, self.theirs, strict=True)
        )


SPAWNER = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    command, out_path = json.loads(line)
    start = time.perf_counter()
    with open(out_path, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
        error = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    tail = error.decode(errors="replace")[-2000:]
    print(json.dumps([code, cpu, elapsed, usage.ru_maxrss, tail]), flush=True)
"""
"""Runs the measured commands. A child's peak memory counts the memory of the process
that started it (the child shares it until it executes its program), so they are
started by this small process rather than by the benchmark, whose memory grows."""


class Spawner:
    """The small process that runs every measured command (see :data:`SPAWNER`)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", SPAWNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        handle, name = tempfile.mkstemp(prefix="jcm-mrv-bench-", suffix=".out")
        os.close(handle)
        self.output = Path(name)  # one per run: runs at the same time do not mix outputs
        atexit.register(self.output.unlink, missing_ok=True)

    def run(self, command: Sequence[str]) -> tuple[Run, bytes]:
        """Run a command: its CPU time, wall time, peak memory, and its standard output."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write((json.dumps([list(command), str(self.output)]) + "\n").encode())
        self.process.stdin.flush()
        code, cpu, wall, peak_kib, error = json.loads(self.process.stdout.readline())
        if code not in (0, 1):  # 1: jcm-mrv's findings (the gaps at the data's end)
            raise SystemExit(f"{' '.join(command)} failed ({code}):\n{error}")
        output = self.output.read_bytes()
        self.output.write_bytes(b"")
        return Run(cpu, wall, peak_kib / 1024), output


_SPAWNER: list[Spawner] = []


def run_once(command: Sequence[str]) -> tuple[Run, bytes]:
    """Run a command (through the one :class:`Spawner`): its figures and its output."""
    if not _SPAWNER:
        _SPAWNER.append(Spawner())
    return _SPAWNER[0].run(command)


def credits(output: bytes) -> dict[str, int]:
    """Credits per period from jcm-mrv's JSON or from a reference's ``{period: ER}``."""
    data = json.loads(output)
    if "result" in data:
        return {p["id"]: p["emission_reductions_rounded"] for p in data["result"]["periods"]}
    return {str(k): int(v) for k, v in data.items()}


def paired(
    ours: Sequence[str], references: dict[str, list[str]], repeat: int, *, check: bool = True
) -> dict[str, Pairing]:
    """``repeat`` rounds of jcm-mrv then each reference: a pair per reference and round."""
    pairs = {name: Pairing() for name in references}
    for _ in range(repeat):
        mine, output = run_once(ours)
        for name, command in references.items():
            theirs, their_output = run_once(command)
            if check and credits(their_output) != credits(output):
                raise SystemExit(f"{name} does not give jcm-mrv's credits per period")
            pairs[name].ours.append(mine)
            pairs[name].theirs.append(theirs)
    return pairs


def jcm_mrv(*args: str) -> list[str]:
    """The jcm-mrv command line, run with this interpreter."""
    return [sys.executable, "-m", "jcm_mrv", *args]


def available(names: Sequence[str]) -> list[str]:
    """The references whose library is installed (the ``bench`` extra)."""
    found = []
    for name in names:
        module = MODULES.get(name, name)
        try:
            __import__(module)
        except ImportError:
            print(f"skipping {name}: {module} is not installed", file=sys.stderr)
            continue
        found.append(name)
    return found


def data_folder(root: Path, rows: int, *, xlsx: bool) -> Path:
    """The generated project of ``rows`` readings (generated when missing)."""
    folder = root / (f"xlsx-{rows}" if xlsx else f"rows-{rows}")
    if not (folder / "project.yaml").exists():
        command = [sys.executable, str(HERE / "generate.py"), "--rows", str(rows)]
        subprocess.run([*command, "--out", str(folder), *(["--xlsx"] if xlsx else [])], check=True)
    return folder


def bench_readers(
    root: Path, sizes: Sequence[int], references: Sequence[str], repeat: int, *, xlsx: bool
) -> list[tuple[int, dict[str, Pairing]]]:
    """jcm-mrv calculate against each reference script, at each size."""
    results = []
    for rows in sizes:
        folder = data_folder(root, rows, xlsx=xlsx)
        ours = jcm_mrv("calculate", str(folder / "project.yaml"), "--format", "json")
        scripts = {
            name: [sys.executable, str(HERE / "baselines.py"), name, str(folder)]
            for name in references
        }
        print(f"{'xlsx' if xlsx else 'csv'}: {rows:,} rows", file=sys.stderr)
        results.append((rows, paired(ours, scripts, repeat)))
    return results


READER = """
import json, sys, time
from pathlib import Path

import python_calamine

which, path = sys.argv[1], Path(sys.argv[2])
if which == "jcm-mrv":
    from jcm_mrv.monitoring.collector import FindingCollector
    from jcm_mrv.monitoring.xlsxfile import XlsxTable
start = time.process_time()
if which == "calamine":
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    for row in workbook.get_sheet_by_name(workbook.sheet_names[0]).iter_rows():
        pass
else:
    table = XlsxTable(path, str(path), None, FindingCollector())
    assert table.open(), "the benchmark's workbook does not open"
    rows = sum(len(block) for block in table.blocks([0, 1, 2]))
    assert rows == table.rows_read > 0
    table.close()
print(json.dumps(time.process_time() - start))
"""
"""The reader alone: python-calamine's raw iteration (open, load the sheet, a loop over
``iter_rows()``) or jcm-mrv's :class:`~jcm_mrv.monitoring.xlsxfile.XlsxTable` (hash,
archive checks, sheet scan, calamine, and every block of the three columns). CPU time
of the reading only, in a fresh process."""


def bench_xlsx_reader(
    root: Path, sizes: Sequence[int], repeat: int
) -> list[tuple[int, list[float], list[float]]]:
    """calamine's raw iteration, then jcm-mrv's xlsx reader, ``repeat`` times per size."""
    results = []
    for rows in sizes:
        path = data_folder(root, rows, xlsx=True) / "readings.xlsx"
        print(f"xlsx reader: {rows:,} rows", file=sys.stderr)
        raw: list[float] = []
        ours: list[float] = []
        for _ in range(repeat):
            for which, times in (("calamine", raw), ("jcm-mrv", ours)):
                command = [sys.executable, "-c", READER, which, str(path)]
                done = subprocess.run(command, capture_output=True, text=True, check=True)
                times.append(float(json.loads(done.stdout)))
        results.append((rows, raw, ours))
    return results


def _xlsx_reader_rows(results: list[tuple[int, list[float], list[float]]]) -> list[str]:
    lines = [
        "## The xlsx reader alone",
        "",
        "jcm-mrv's xlsx reader (`XlsxTable`: hash, archive checks, sheet scan, calamine,",
        "every block of three columns) against python-calamine's raw iteration",
        "(`CalamineWorkbook.from_path`, `get_sheet_by_name`, a loop over `iter_rows()`),",
        "each in a fresh process, imports not counted (CPU time).",
        "",
        "| rows | calamine's raw iteration | jcm-mrv's xlsx reader | ratio (median of pairs) "
        "| ratio of medians | ratio of fastest |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for rows, raw, ours in results:
        paired_ratio = statistics.median(o / r for o, r in zip(ours, raw, strict=True))
        medians = statistics.median(ours) / statistics.median(raw)
        lines.append(
            f"| {rows:,} | {statistics.median(raw):.2f} s | {statistics.median(ours):.2f} s "
            f"| {paired_ratio:.2f} | {medians:.2f} | {min(ours) / min(raw):.2f} |"
        )
    return [*lines, ""]


def bench_engine(periods: int, points: int) -> tuple[float, float, float]:
    """Seconds per run: the credits of JCM_TH_AM001 from arrays, against numpy.

    The engine's run is what the credits need: the equations in floating point with
    their error bounds (:mod:`jcm_mrv.formula.bounded`), the rounding decided where
    the bounds allow, and the exact rational evaluation of the periods they leave
    undecided. The numpy script computes the same ER and floors it, exactness aside.
    The third figure is the engine's display evaluation (sums as accurate as fsum).
    """
    from jcm_mrv.engine.evaluation import CompiledMethodology
    from jcm_mrv.engine.rounding import RoundingRule, decide_rounding, round_emission_reductions
    from jcm_mrv.formula.bounded import relative_input
    from jcm_mrv.formula.exact import exact_array
    from jcm_mrv.methodology.loader import load_methodology

    loaded = load_methodology(ROOT / "methodologies" / "JCM_TH_AM001.yaml")
    assert loaded.checked is not None
    compiled = CompiledMethodology.build(loaded.checked)
    rule = RoundingRule()
    rng = np.random.default_rng(1)
    eg = np.round(rng.uniform(0.0, 50.0, size=(periods, points)), 3)  # readings as written
    ef = np.full((1, 1), 0.5)

    def engine() -> object:
        env = {"EG_i_p": eg, "EF_RE": ef}
        bounds = {"EG_i_p": relative_input(eg), "EF_RE": relative_input(ef, 0.0)}
        er, bound = compiled.evaluate_bounded(env, bounds, "ER_p", periods)
        found = decide_rounding(er, bound, rule)
        credits = found.rounded.copy()
        undecided = np.flatnonzero(~found.decided)
        if undecided.size:  # on or next to a whole tonne: the exact figure decides
            exact_env = {"EG_i_p": exact_array(eg[undecided]), "EF_RE": exact_array(ef)}
            exact = compiled.evaluate_exact(exact_env, undecided.size)["ER_p"][:, 0]
            credits[undecided] = [round_emission_reductions(x, rule).rounded for x in exact]
        return credits

    def by_hand() -> object:
        er = np.sum(eg * ef, axis=1) - 0.0
        return np.maximum(np.floor(er), 0).astype(np.int64)

    def display() -> object:
        return compiled.evaluate({"EG_i_p": eg, "EF_RE": ef}, periods)["ER_p"]

    # the engine's credits are those of the exact ER; numpy's floor of a float ER is
    # off by one wherever the float falls just below a whole tonne the exact ER reaches
    exact_env = {"EG_i_p": exact_array(eg), "EF_RE": exact_array(ef)}
    exact_er = compiled.evaluate_exact(exact_env, periods)["ER_p"][:, 0]
    exact_credits = [round_emission_reductions(x, rule).rounded for x in exact_er]
    np.testing.assert_array_equal(engine(), exact_credits)
    wrong = int(np.count_nonzero(np.asarray(by_hand()) != exact_credits))
    print(f"{periods:,} periods: numpy's floor is wrong in {wrong}", file=sys.stderr)
    number = max(1, int(2e6 // (periods * points)))
    ours, numpy, shown = [], [], []

    def cpu(job: Callable[[], object]) -> float:
        # CPU time of every thread (numpy's BLAS may use several), per run
        return timeit.Timer(job, timer=time.process_time).timeit(number=number) / number

    for _ in range(7):  # interleaved, so that a busy moment hurts both sides alike
        ours.append(cpu(engine))
        numpy.append(cpu(by_hand))
        shown.append(cpu(display))
    return min(ours), min(numpy), min(shown)


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


def bench_small(repeat: int) -> Pairing:
    """jcm-mrv calculate on the bundled example against importing pandas."""
    ours = jcm_mrv("calculate", str(ROOT / "examples" / "solar-pv-th" / "project.yaml"))
    pandas = {"pandas": [sys.executable, "-c", "import pandas"]}
    return paired(ours, pandas, repeat, check=False)["pandas"]


def bench_portfolio(folder: Path, repeat: int) -> list[tuple[str, Pairing]]:
    """``calculate DIR --jobs N`` (N = 1 and the number of cores) against the loop."""
    loop = {"loop": [sys.executable, "-c", LIBRARY_LOOP, str(folder)]}
    cores = os.cpu_count() or 1
    runs = []
    for jobs in sorted({1, cores}):
        command = jcm_mrv("calculate", str(folder), "--jobs", str(jobs), "--format", "json")
        runs.append((f"--jobs {jobs}", paired(command, loop, repeat, check=False)["loop"]))
    return runs


Results = list[tuple[int, dict[str, Pairing]]]


def _reader_rows(results: Results) -> list[str]:
    lines = [
        "| rows | reference | jcm-mrv CPU | reference CPU | CPU ratio | jcm-mrv peak "
        "| reference peak | memory ratio |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for rows, pairs in results:
        for name, pair in pairs.items():
            lines.append(
                f"| {rows:,} | {name.removeprefix('xlsx-')} | {pair.median('ours', 'cpu'):.2f} s "
                f"| {pair.median('theirs', 'cpu'):.2f} s | {pair.ratio('cpu'):.2f} "
                f"| {pair.median('ours', 'peak_mib'):,.0f} MiB "
                f"| {pair.median('theirs', 'peak_mib'):,.0f} MiB | {pair.ratio('peak_mib'):.2f} |"
            )
    return lines


def _growth(results: Results) -> list[str]:
    """jcm-mrv's own cost at each size, and how it grows per row."""
    lines = [
        "| rows | jcm-mrv CPU | CPU per million rows | peak memory |",
        "| ---: | ---: | ---: | ---: |",
    ]
    points = []
    for rows, pairs in results:
        if not pairs:
            continue
        first = next(iter(pairs.values()))  # jcm-mrv's runs: the same in every pairing
        cpu, peak = first.median("ours", "cpu"), first.median("ours", "peak_mib")
        points.append((rows, cpu, peak))
        lines.append(f"| {rows:,} | {cpu:.2f} s | {cpu / rows * 1e6:.2f} s | {peak:,.0f} MiB |")
    if len(points) > 1:
        (r0, c0, p0), (r1, c1, p1) = points[0], points[-1]
        lines += [
            "",
            f"From {r0:,} to {r1:,} rows, CPU time grows by {(c1 - c0) / (r1 - r0) * 1e6:.2f} s "
            f"per million rows and peak memory by {(p1 - p0) * 2**20 / (r1 - r0):.2f} bytes per "
            "row.",
        ]
    return lines


MEMORY = """## Memory

jcm-mrv streams a CSV file in 1 MiB blocks and keeps, per parameter, what the periods,
points and reading intervals need, never a value per reading:

- running totals per period and point (exact sums, counts, extremes);
- a *slot grid*: every reading interval of every period at every point, numbered in
  order, with two bitmaps of one bit per slot: the slots already seen (a second reading
  on the same slot boundary has the same timestamp: a duplicate, named with both rows)
  and the slots with a reading (the gaps of the completeness check). A year of
  15-minute readings at 100 points is 3.5 million slots: 0.9 MiB for both bitmaps.
  The bitmaps are kept in chunks of 65,536 slots (8 KiB): a chunk is allocated when one
  of its slots is first marked and let go once all its slots are, so a complete series
  read in order holds only the chunks being filled; a chunk with a gap stays;
- the rows of the first reading in each slot, as runs of equal steps (a few per block
  for a file read in order; past 262,144 runs, as in a shuffled file, they are dropped
  and a duplicate names only its own row);
- per period and point, the reading with the highest rate (for `substitute: max-rate`).

The reading interval is the declared one, or it is inferred from the first 200,000
readings of the parameter, held until then (with the rest of the 1 MiB block that
crosses that number); the result then carries an information finding (JCM-D060) that
says so. Readings off the grid (between two slot boundaries, outside every period, or
of a parameter without a regular interval, such as events) keep an 8-byte key each for
the duplicate check, as every reading did before; a regular series keeps none. Peak
memory therefore grows at most with periods × points × intervals (one bit per slot),
and for complete data read in order with periods × points alone (the totals, then the
result and its JSON text), not with the number of readings. The JSON text is written
in batches as it is encoded (`json.dumps` with an indent gathers every piece of the
text in one list first, several times the text's size), and the content hash reads
the canonical form one period at a time. (The benchmark's periods are months, so a
larger file also has more periods: 50M rows of 15-minute readings at 10 points span
142 years.)
"""


READER_SECTIONS = {
    "csv": (
        "Large CSV: `calculate` against a script doing the same job",
        [
            "pandas, polars, pyarrow and DuckDB read the same 15-minute CSV and compute the",
            "same per-period, per-point sums and formula (`benchmarks/baselines.py`); none",
            "hashes the file or checks duplicates, gaps, bounds and units, nor sums exactly.",
            "polars and DuckDB use every core (their CPU time counts every thread).",
        ],
    ),
    "xlsx": (
        "Excel workbooks",
        [
            "The same readings as an xlsx sheet (date cells), read by openpyxl in read-only",
            "mode, python-calamine and `pandas.read_excel` (openpyxl), each then summing per",
            "period.",
        ],
    ),
}


def report(args: argparse.Namespace, parts: dict[str, object]) -> str:
    """The Markdown page with the figures."""
    cpu = platform.processor() or platform.machine()
    lines = [
        "# Performance",
        "",
        "<!-- Written by `python benchmarks/run.py --write docs/performance.md`. -->",
        "",
        "Figures are ratios against references measured in the same run on the same",
        "machine: each repetition runs jcm-mrv, then each reference, and a ratio is the",
        "median over these pairs of CPU time (user + system, all threads) or peak",
        "resident memory. Every reference prints the same credits per period as jcm-mrv.",
        "Re-run them after every change to the engine, the formula compiler or the",
        "monitoring readers:",
        "",
        "```bash",
        'pip install -e ".[bench]"',
        f"python benchmarks/run.py {' '.join(args.command_line)} --write docs/performance.md",
        "```",
        "",
        f"Machine: {platform.system()} {cpu}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, numpy {np.__version__}; {args.repeat} paired runs"
        f"{f' ({args.xlsx_repeat} for xlsx)' if args.xlsx_repeat else ''}.",
        *(["", args.note] if args.note else []),
        "",
    ]
    for kind, (title, intro) in READER_SECTIONS.items():
        results = parts.get(kind)
        if not isinstance(results, list) or not results:
            continue
        lines += [f"## {title}", "", *intro, "", *_reader_rows(results), ""]
        if kind == "csv":
            lines += ["### How jcm-mrv's cost grows with the size of the file", ""]
            lines += [*_growth(results), ""]
    reader = parts.get("xlsx-reader")
    if isinstance(reader, list) and reader:
        lines += _xlsx_reader_rows(reader)
    lines += _other_rows(args, parts)
    lines.append(MEMORY)
    return "\n".join(lines)


def _other_rows(args: argparse.Namespace, parts: dict[str, object]) -> list[str]:
    rows = []
    engines = parts.get("engine")
    if isinstance(engines, list):
        rows += [
            f"| engine alone (credits, exact), {shape} | {e_ours * 1e3:.3f} ms | "
            f"{e_numpy * 1e3:.3f} ms (hand-written numpy) | {e_ours / e_numpy:.2f} | ≤ 2 |"
            for shape, (e_ours, e_numpy, _) in engines
        ]
        rows += [
            f"| engine display values (fsum-accurate sums), {shape} | {e_shown * 1e3:.3f} ms | "
            f"{e_numpy * 1e3:.3f} ms (hand-written numpy) | {e_shown / e_numpy:.2f} | |"
            for shape, (_, e_numpy, e_shown) in engines
        ]
    small = parts.get("small")
    if isinstance(small, Pairing):
        rows.append(
            f"| `calculate` on the bundled example (CPU) | {small.median('ours', 'cpu'):.2f} s "
            f"| {small.median('theirs', 'cpu'):.2f} s (`import pandas`) "
            f"| {small.ratio('cpu'):.2f} | < 1 |"
        )
    portfolio = parts.get("portfolio")
    if isinstance(portfolio, list):
        rows += [
            f"| `calculate DIR {jobs}`, {args.projects} small projects (wall) "
            f"| {pair.median('ours', 'wall'):.2f} s | {pair.median('theirs', 'wall'):.2f} s "
            f"(one Python loop over `jcm_mrv.calculate`) | {pair.ratio('wall'):.2f} "
            "| ≤ 1.2 on one core |"
            for jobs, pair in portfolio
        ]
    if not rows:
        return []
    return [
        "## Engine, start-up and portfolio",
        "",
        "| benchmark | jcm-mrv | reference | ratio (jcm-mrv / reference) | goal |",
        "| --- | ---: | ---: | ---: | --- |",
        *rows,
        "",
    ]


def _sizes(text: str) -> list[int]:
    """``1M,10M,50M`` or ``100k`` as numbers of rows."""
    scale = {"k": 1_000, "m": 1_000_000}
    sizes = []
    for part in text.lower().split(","):
        part = part.strip()
        if part:
            sizes.append(int(float(part.rstrip("km")) * scale.get(part[-1], 1)))
    return sizes


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1M,10M,50M", help="CSV rows, e.g. 1M,10M")
    parser.add_argument("--xlsx-sizes", default="100k,1M", help="xlsx rows ('' to skip)")
    parser.add_argument("--repeat", type=int, default=3, help="paired runs of each benchmark")
    parser.add_argument("--xlsx-repeat", type=int, help="paired runs of the xlsx ones")
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--projects", type=int, default=200, help="portfolio size")
    parser.add_argument(
        "--only", default="csv,xlsx,xlsx-reader,engine,small,portfolio", help="what to run"
    )
    parser.add_argument("--note", default="", help="a paragraph about the run, for the page")
    parser.add_argument("--write", type=Path, help="write the Markdown page here")
    args = parser.parse_args()
    args.command_line = [
        a for a in sys.argv[1:] if a not in ("--write", str(args.write), "--note", args.note)
    ]
    only = set(args.only.split(","))
    parts: dict[str, object] = {}
    if "csv" in only:
        csv = available(CSV_REFERENCES)
        parts["csv"] = bench_readers(args.data, _sizes(args.sizes), csv, args.repeat, xlsx=False)
    if "xlsx" in only:
        xlsx = available(XLSX_REFERENCES)
        repeat = args.xlsx_repeat or args.repeat
        parts["xlsx"] = bench_readers(args.data, _sizes(args.xlsx_sizes), xlsx, repeat, xlsx=True)
    if "xlsx-reader" in only and available(["xlsx-calamine"]):
        repeat = args.xlsx_repeat or args.repeat
        parts["xlsx-reader"] = bench_xlsx_reader(args.data, _sizes(args.xlsx_sizes), repeat)
    if "engine" in only:
        parts["engine"] = [
            (f"{periods:,} periods × {points} points", bench_engine(periods, points))
            for periods, points in ((12, 10), (100_000, 10))
        ]
    if "small" in only:
        parts["small"] = bench_small(args.repeat)
    if "portfolio" in only:
        parts["portfolio"] = bench_portfolio(make_portfolio(args.data, args.projects), args.repeat)
    text = report(args, parts)
    print(text)
    if args.write:
        previous = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        kept = previous[previous.index(KEPT) :] if KEPT in previous else KEPT + "\n"
        args.write.write_text(text + "\n" + kept, encoding="utf-8")


if __name__ == "__main__":
    main()
