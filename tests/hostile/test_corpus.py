"""The hostile-input corpus through the real CLI: a located finding, exit 1 or 2, fast, small.

Every case of :mod:`tests.hostile.make_cases` is built in ``tmp_path`` and run with
``jcm-mrv calculate`` or ``jcm-mrv validate`` in-process: the run must end with the
case's exit code, no traceback, its finding code at its location, within the time
bound, and without the process's peak memory growing past the memory bound. A few
cases also run as a subprocess under an address-space limit and a timeout, the way a
CI runner would meet them.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jcm_mrv.cli import app

from .make_cases import BY_NAME, CASES, Case, build

EXAMPLES = Path(__file__).parents[2] / "examples"
EXAMPLE = EXAMPLES / "led-th" / "project.yaml"
EXAMPLE_XLSX = EXAMPLES / "solar-pv-th-xlsx" / "project.yaml"
SECONDS = 5.0
"""Every case ends within this (in-process, imports done)."""
PEAK_BYTES = 1 << 30
"""The process's peak resident memory after every case stays below this."""
ADDRESS_SPACE = 2 << 30
"""The address-space limit of the subprocess runs (a crash would show as exit != 1/2)."""


def _location(case: Case, folder: Path) -> str:
    """The location text the finding must show, as the table renders it."""
    where = case.where
    file = str(folder / str(where.get("file", "project.yaml")))
    if "cell" in where:
        return f"{file}[data]!{where['cell']}"
    if "row" in where:
        return f"{file}:row {where['row']}"
    if "line" in where:
        return f"{file}:{where['line']}:"
    return file


@pytest.fixture(scope="module", autouse=True)
def _imports_done() -> None:
    """Import what a run imports lazily, so that the time bound measures the run."""
    CliRunner().invoke(app, ["calculate", str(EXAMPLE)])
    CliRunner().invoke(app, ["calculate", str(EXAMPLE_XLSX)])


def _peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


@pytest.mark.parametrize("case", [c for c in CASES if not c.large], ids=lambda c: c.name)
def test_case(case: Case, tmp_path: Path) -> None:
    _run(case, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in CASES if c.large], ids=lambda c: c.name)
def test_large_case(case: Case, tmp_path: Path) -> None:
    _run(case, tmp_path)


def _run(case: Case, tmp_path: Path) -> None:
    project = build(case, tmp_path / case.name)
    started = time.monotonic()
    environment = {"COLUMNS": "400", **case.env}
    result = CliRunner().invoke(app, [case.command, str(project)], env=environment)
    elapsed = time.monotonic() - started
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output and "internal error" not in output, output
    assert result.exit_code in case.exit_codes, output
    assert case.code in output, output
    assert any(
        case.code in line and _location(case, project.parent) in line
        for line in output.splitlines()
    ), output
    assert elapsed < SECONDS, f"{case.name} took {elapsed:.1f} s"
    assert _peak_bytes() < PEAK_BYTES


def test_findings_never_show_the_content_of_a_file_outside(tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("timestamp,point,EG_i_p [kWh]\nTOP-SECRET-TOKEN,INV-01,1\n")
    project = build(BY_NAME["path-absolute"], tmp_path / "project")
    text = project.read_text().replace("/etc/passwd", str(secret))
    project.write_text(text)
    for command in ("validate", "calculate"):
        result = CliRunner().invoke(app, [command, str(project)], env={"COLUMNS": "400"})
        assert result.exit_code in (1, 2)
        assert "JCM-P017" in result.output and str(secret) in result.output
        assert "TOP-SECRET-TOKEN" not in result.output


def test_many_undeclared_points_are_named_a_few_and_counted(tmp_path: Path) -> None:
    project = build(BY_NAME["csv-many-points"], tmp_path / "case")
    result = CliRunner().invoke(app, ["calculate", str(project)], env={"COLUMNS": "400"})
    lines = [line for line in result.output.splitlines() if "JCM-D011" in line]
    assert 2 <= len(lines) <= 25  # a few named one by one, then one that counts the rest
    assert "199,980 row(s) name further points" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("name", ["timestamp-30-february", "xlsx-huge-row-number"])
def test_subprocess_under_resource_limits(name: str, tmp_path: Path) -> None:
    """As CI meets it: a separate process, 2 GiB of address space, a timeout."""
    project = build(BY_NAME[name], tmp_path / name)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    src = Path(__file__).parents[2] / "src"
    environment = {**os.environ, "PYTHONPATH": str(src), "COLUMNS": "400", **BY_NAME[name].env}
    completed = subprocess.run(
        [sys.executable, "-m", "jcm_mrv", BY_NAME[name].command, str(project)],
        capture_output=True,
        text=True,
        timeout=60,  # start-up included; a hang or a quadratic read would pass it
        preexec_fn=limit,
        env=environment,
        check=False,
    )
    assert completed.returncode in BY_NAME[name].exit_codes, completed.stderr
    assert BY_NAME[name].code in completed.stdout + completed.stderr


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("/dev/zero", "JCM-Y001"),
        ("fifo", "JCM-Y001"),
        ("deep.json", "JCM-J001"),
        ("digits.json", "JCM-Y010"),
        ("infinite.json", "JCM-J001"),
    ],
)
def test_hostile_result_files(name: str, code: str, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "deep.json").write_text('{"periods": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (tmp_path / "digits.json").write_text(
        '{"periods": [{"id": "P1", "emission_reductions_rounded": ' + "7" * 5000 + "}]}"
    )
    (tmp_path / "infinite.json").write_text(
        '{"periods": [{"id": "P1", "emission_reductions_rounded": 1e999}]}'
    )
    project = EXAMPLES / "solar-pv-th" / "project.yaml"
    target = name if name.startswith("/") else str(tmp_path / name)
    started = time.monotonic()
    result = CliRunner().invoke(app, ["credits", str(project), "--result", target])
    assert result.exit_code == 2, result.output
    assert code in result.output
    assert time.monotonic() - started < SECONDS
