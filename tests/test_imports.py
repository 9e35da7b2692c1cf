"""The package's import graph, read from the source: one direction, no cycles.

The pipeline runs one way (methodology → formula → monitoring → engine → credits →
render → cli), so the engine never imports the credits package, and no module
imports, directly or through others, a module that imports it. Every import counts,
also those inside functions and under ``TYPE_CHECKING``: a lazy import is still a
dependency.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(__file__).parents[1] / "src"
PACKAGE = SOURCE / "jcm_mrv"


def module_name(path: Path) -> str:
    """``src/jcm_mrv/engine/calculation.py`` → ``jcm_mrv.engine.calculation``."""
    parts = path.relative_to(SOURCE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def resolve(name: str) -> str | None:
    """The package module an imported name is (a module, or the module holding it)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(name: str) -> set[str]:
    """Every module of the package that module ``name`` imports."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            targets = [f"{base}.{alias.name}" for alias in node.names] or [base]
        else:
            continue
        for target in targets:
            module = resolve(target)
            if module is not None and module != name:
                found.add(module)
                found |= _packages_run(module, name)
    return found


def _packages_run(module: str, importer: str) -> set[str]:
    """The packages whose ``__init__`` Python runs to import ``module`` from ``importer``.

    Importing ``jcm_mrv.credits.schemes`` runs ``jcm_mrv/credits/__init__.py`` first:
    a cycle through a package's ``__init__`` is a cycle too. The importer's own
    packages have run already.
    """
    parts = module.split(".")
    parents = {".".join(parts[:n]) for n in range(2, len(parts))}
    own = {".".join(importer.split(".")[:n]) for n in range(2, importer.count(".") + 2)}
    return {p for p in parents - own if p in MODULES}


GRAPH = {name: imports_of(name) for name in MODULES}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the graph as a list of modules (first repeated last), or ``None``."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)) is not None:
            return cycle
    return None


def test_the_graph_is_read_from_the_source() -> None:
    # a guard against a reader that finds nothing: known edges are there
    assert "jcm_mrv.engine.evaluation" in GRAPH["jcm_mrv.engine.calculation"]
    assert "jcm_mrv.outcome" in GRAPH["jcm_mrv.api"]
    assert "jcm_mrv.credits.periods" in GRAPH["jcm_mrv.api"]


def test_a_package_init_counts_as_imported() -> None:
    # jcm_mrv.api imports jcm_mrv.credits.periods, which runs jcm_mrv/credits/__init__.py
    assert "jcm_mrv.credits" in GRAPH["jcm_mrv.api"]


def test_the_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_in_the_package() -> None:
    assert find_cycle(GRAPH) is None, " → ".join(find_cycle(GRAPH) or [])


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("jcm_mrv.engine")))
def test_the_engine_does_not_import_credits(name: str) -> None:
    assert not {m for m in GRAPH[name] if m.startswith("jcm_mrv.credits")}


def test_exit_codes_are_decided_in_one_module() -> None:
    # ExitCode's members are named only by the outcome (a job's 0, 1 or 2) and by the
    # command line's entry point (3, 130, 141)
    naming = sorted(
        name
        for name, path in MODULES.items()
        if "ExitCode." in path.read_text(encoding="utf-8") and name != "jcm_mrv.exitcodes"
    )
    assert naming == ["jcm_mrv.cli", "jcm_mrv.outcome"]


# --- what a small calculate imports ---------------------------------------------------------

ROOT = SOURCE.parent
# Modules for other commands, formats or inputs: a small `calculate` must not pay for them.
NOT_FOR_CALCULATE = (
    "openpyxl",
    "matplotlib",
    "pandas",
    "rich.progress",  # only for a terminal
    "jcm_mrv.engine.estimate",
    "jcm_mrv.fileformats.jsonschema",
    "jcm_mrv.methodology.catalogue",
    "jcm_mrv.monitoring.xlsxfile",  # the bundled example's data is CSV
    "jcm_mrv.monitoring.registers",  # its data are amounts per interval, not registers
    "jcm_mrv.credits",  # it has no allocation section
    "jcm_mrv.monitoring.calibration",  # nor calibration records
    "jcm_mrv.engine.decisions",  # its data are complete: nothing left to decide per point
    "numpy.ma",  # np.unique would import it (monitoring.categories.codes_present)
    "jcm_mrv.monitoring.xlsxscan",
    "python_calamine",
    "jcm_mrv.portfolio",
    "jcm_mrv.project.template",
    "jcm_mrv.render.estimate",
    "jcm_mrv.render.methodology",
    "jcm_mrv.render.portfolio",
    "jcm_mrv.render.report",
    "jcm_mrv.render.spreadsheet",
    "jcm_mrv.render.verification",
    "jcm_mrv.verification",
)
# The modules loaded when the command ends, written to stderr by an exit handler.
PROBE = (
    "import atexit, json, sys; "
    "atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr)); "
    "sys.argv = ['jcm-mrv', *{args!r}]; "
    "from jcm_mrv.cli import main; main()"
)


@pytest.mark.parametrize("output_format", ["table", "json", "csv"])
def test_a_small_calculate_imports_only_what_it_uses(output_format: str) -> None:
    args = ["calculate", "examples/led-th/project.yaml", "--format", output_format]
    env = {**os.environ, "PYTHONPATH": str(SOURCE)}
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):  # stderr is a pipe
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()  # the result was printed
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "jcm_mrv.engine.calculation" in loaded  # the probe ran the calculation
    imported = sorted(
        name
        for name in NOT_FOR_CALCULATE
        if any(m == name or m.startswith(f"{name}.") for m in loaded)
    )
    assert imported == []
    # A clean result in JSON or CSV, stderr no terminal: nothing is drawn, rich stays out.
    assert ("rich" in loaded) == (output_format == "table")
