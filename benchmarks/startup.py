"""The start-up of a small ``jcm-mrv calculate`` against ``python -c "import pandas"``.

Runs each command ``--repeat`` times, interleaved (so load on a shared machine falls
on all of them alike), and prints the median wall and CPU (user + system) time of
each and the CPU ratio to ``import pandas``. ``--imports`` adds where the import
time goes: ``python -X importtime`` self times summed by package (``jcm_mrv`` by
subpackage), medians over the runs.

Measure as a user's install runs: with bytecode caches. This script compiles the
package's caches first (``compileall``) and clears ``PYTHONDONTWRITEBYTECODE`` for
the runs; ``--no-bytecode`` instead sets it and gives Python no caches of the
package's own modules (a checkout run where bytecode is never written).

    python benchmarks/startup.py --repeat 10 --imports
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOURCE = ROOT / "src"

LED_TH = ["-m", "jcm_mrv", "calculate", "examples/led-th/project.yaml"]
COMMANDS: dict[str, list[str]] = {
    "calculate led-th": LED_TH,
    "calculate led-th -f json": [*LED_TH, "-f", "json"],
    "calculate solar-pv-th": ["-m", "jcm_mrv", "calculate", "examples/solar-pv-th/project.yaml"],
    "--version": ["-m", "jcm_mrv", "--version"],
    "import pandas": ["-c", "import pandas"],
}


def environment(source: Path, bytecode: bool) -> dict[str, str]:
    """The runs' environment: the checkout's package first, bytecode on or off."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(source)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run(arguments: Sequence[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds and standard error of one run (which must succeed)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    error = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(arguments)} failed:\n{error}")
    return elapsed, usage.ru_utime + usage.ru_stime, error


PACKAGE = re.compile(r"import time:\s+(\d+) \|\s+\d+ \|( *)(\S+)")


def import_shares(stderr: str) -> dict[str, float]:
    """Self import time (s) by package from ``-X importtime`` output."""
    totals: dict[str, float] = defaultdict(float)
    for match in PACKAGE.finditer(stderr):
        name = match.group(3)
        parts = name.split(".")
        key = ".".join(parts[:2]) if parts[0] == "jcm_mrv" else parts[0]
        totals[key] += int(match.group(1)) / 1e6
    return totals


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--imports", action="store_true", help="add import time by package")
    parser.add_argument("--no-bytecode", action="store_true", help="no caches of jcm_mrv")
    parser.add_argument("--source", type=Path, default=SOURCE, help="the package's src folder")
    parser.add_argument(
        "--compare",
        type=Path,
        help="another src folder (an older commit's): its calculate runs interleaved too",
    )
    parser.add_argument("commands", nargs="*", help=f"a subset of {list(COMMANDS)}")
    options = parser.parse_args()
    chosen = options.commands or list(COMMANDS)
    sources = [options.source] + ([options.compare] if options.compare else [])
    for source in sources:
        if options.no_bytecode:
            for cache in source.rglob("__pycache__"):
                shutil.rmtree(cache)
        else:
            compileall.compile_dir(source, quiet=1)
    env = environment(options.source, not options.no_bytecode)
    envs = {name: env for name in chosen}
    if options.compare is not None:
        other = environment(options.compare, not options.no_bytecode)
        for name in [n for n in chosen if n.startswith("calculate")]:
            COMMANDS[f"{name} (compared)"] = COMMANDS[name]
            envs[f"{name} (compared)"] = other
            chosen.append(f"{name} (compared)")
    walls: dict[str, list[float]] = defaultdict(list)
    cpus: dict[str, list[float]] = defaultdict(list)
    imports: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for _ in range(options.repeat):
        for name in chosen:
            wall, cpu, _ = run(COMMANDS[name], envs[name])
            walls[name].append(wall)
            cpus[name].append(cpu)
            if options.imports and name.startswith("calculate"):
                _, _, err = run(["-X", "importtime", *COMMANDS[name]], envs[name])
                for package, seconds in import_shares(err).items():
                    imports[name][package].append(seconds)
    pandas = statistics.median(cpus["import pandas"]) if "import pandas" in cpus else None
    print(f"median of {options.repeat}, bytecode caches {'off' if options.no_bytecode else 'on'}")
    print(f"{'command':40} {'wall s':>8} {'CPU s':>8} {'CPU/pandas':>11}")
    for name in chosen:
        cpu = statistics.median(cpus[name])
        ratio = f"{cpu / pandas:11.2f}" if pandas else ""
        print(f"{name:40} {statistics.median(walls[name]):8.3f} {cpu:8.3f} {ratio}")
    for name, packages in imports.items():
        medians = {
            p: statistics.median(v + [0.0] * (options.repeat - len(v))) for p, v in packages.items()
        }
        total = sum(medians.values())
        print(f"\nimport self time of {name}: {total:.3f} s (median by package)")
        for package, seconds in sorted(medians.items(), key=lambda kv: -kv[1])[:25]:
            print(f"  {package:34} {seconds:7.3f} s {100 * seconds / total:5.1f} %")


if __name__ == "__main__":
    main()
