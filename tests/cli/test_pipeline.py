"""One pipeline, one outcome: what a new user sees on a project with one bad cell.

The example chiller project (examples/chiller-id) is copied into ``tmp_path`` and one
monitored cell is changed to ``12x``. Every format must then carry the finding (file,
row, column, code), ``validate`` must report it, and the exit code must say the input
is unusable. Output files take their format from the extension; special files are
written, never replaced.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import jcm_mrv
from jcm_mrv.exitcodes import ExitCode
from jcm_mrv.outcome import Status

from .conftest import ROOT, Invoke

CHILLER = ROOT / "examples" / "chiller-id"
SOLAR = ROOT / "examples" / "solar-pv-th" / "project.yaml"
BAD_ROW = 4
"""The data row (1-based, header row 1) whose reading becomes ``12x``: CH-1's March."""


@pytest.fixture
def bad_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The chiller example in ``tmp_path`` (the working directory) with one bad cell."""
    for name in ("project.yaml", "chiller-power.csv"):
        shutil.copy(CHILLER / name, tmp_path / name)
    data = tmp_path / "chiller-power.csv"
    lines = data.read_text(encoding="utf-8").splitlines()
    timestamp, point, _ = lines[BAD_ROW - 1].split(",")
    lines[BAD_ROW - 1] = f"{timestamp},{point},12x"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "project.yaml"


def the_bad_cell(findings: list[dict[str, Any]]) -> dict[str, Any]:
    """The one error finding about the ``12x`` cell."""
    [finding] = [f for f in findings if f["severity"] == "error"]
    assert finding["code"] == "JCM-D009", finding
    assert (finding["file"], finding["row"]) == ("chiller-power.csv", BAD_ROW)
    assert finding["field"] is not None and "EC_PJ_i_p" in finding["field"]
    return finding


# --- every finding in the format asked for ---------------------------------------------


def test_json_of_an_unusable_project_is_one_document_with_the_finding(
    bad_cell: Path, invoke: Invoke
) -> None:
    result = invoke("calculate", "project.yaml", "--format", "json")
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    document = json.loads(result.stdout)  # exactly one JSON document
    assert document["status"] == "unusable" and document["result"] is None
    assert document["summary"]["errors"] == 1
    the_bad_cell(document["findings"])
    assert "monitoring data cannot be used" in document["message"]
    assert "Traceback" not in result.stderr


def test_github_and_sarif_carry_the_bad_cell(bad_cell: Path, invoke: Invoke) -> None:
    github = invoke("calculate", "project.yaml", "--format", "github")
    assert github.exit_code == ExitCode.UNUSABLE_INPUT
    [line] = github.stdout.splitlines()
    assert line.startswith("::error file=chiller-power.csv,title=JCM-D009::")
    assert f"chiller-power.csv:row {BAD_ROW}" in line
    sarif = invoke("calculate", "project.yaml", "--format", "sarif")
    assert sarif.exit_code == ExitCode.UNUSABLE_INPUT
    [run] = json.loads(sarif.stdout)["runs"]
    [found] = run["results"]
    assert found["ruleId"] == "JCM-D009"
    location = found["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "chiller-power.csv", "uriBaseId": "%SRCROOT%"}
    assert "originalUriBaseIds" not in run  # no absolute path: the same log anywhere


def test_validate_reads_the_monitoring_data_unless_no_data(bad_cell: Path, invoke: Invoke) -> None:
    result = invoke("validate", "project.yaml", "--format", "json")
    assert result.exit_code == ExitCode.FINDINGS
    the_bad_cell(json.loads(result.stdout)["findings"])
    table = invoke("validate", "project.yaml")
    assert table.exit_code == ExitCode.FINDINGS
    assert "JCM-D009" in table.stdout and "12x" in table.stdout
    assert invoke("validate", "project.yaml", "--no-data").exit_code == ExitCode.OK
    # the library does the same, and the clean example is clean with its data
    assert jcm_mrv.validate([bad_cell]).status is Status.FINDINGS
    assert jcm_mrv.validate([bad_cell], data=False).status is Status.CLEAN
    assert jcm_mrv.validate([CHILLER / "project.yaml"]).status is Status.CLEAN


def test_credits_of_an_unusable_saved_result_is_one_json_document(
    in_tmp: Path, invoke: Invoke
) -> None:
    (in_tmp / "result.json").write_text('{"periods": [{"id": "P1"}]}', encoding="utf-8")
    options = ("--scheme", "custom", "--participant", "A=1", "--format", "json")
    result = invoke("credits", "--result", "result.json", *options)
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    document = json.loads(result.stdout)
    assert (document["status"], document["result"]) == ("unusable", None)
    [finding] = document["findings"]
    assert (finding["code"], finding["file"], finding["path"]) == (
        "JCM-A010",
        "result.json",
        "periods[0]",
    )
    assert "emission_reductions_rounded" in finding["message"]


def test_credits_from_a_project_report_in_github_and_sarif(invoke: Invoke) -> None:
    result = invoke("credits", SOLAR, "--format", "github")
    assert (result.exit_code, result.stdout) == (ExitCode.OK, "")  # no findings
    sarif = json.loads(invoke("credits", SOLAR, "--format", "sarif").stdout)
    assert sarif["runs"][0]["results"] == []


def test_strict_fails_on_a_warning_in_every_command(invoke: Invoke) -> None:
    # 1 credit, Japan at least 1/2 and the partner 10 %: the partner's minimum is capped
    args = ("--issued", "1", "--scheme", "moej-financing", "--partner-share", "10%")
    capped = ("credits", *args, "--participant", "A=1")
    assert invoke(*capped).exit_code == ExitCode.OK
    assert invoke(*capped, "--strict").exit_code == ExitCode.FINDINGS


# --- output files ------------------------------------------------------------------------


def test_the_extension_picks_the_format_and_wrote_is_said(
    in_tmp: Path, invoke: Invoke, tmp_path: Path
) -> None:
    result = invoke("calculate", SOLAR, "-o", "result.json")
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout == "" and "wrote result.json" in result.stderr
    document = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert document["result"]["totals"]["emission_reductions_rounded"] == 266
    assert invoke("calculate", SOLAR, "-o", "result.csv").exit_code == ExitCode.OK
    assert (tmp_path / "result.csv").read_text(encoding="utf-8").startswith("period,start,end,")
    assert invoke("calculate", SOLAR, "-o", "report.md").exit_code == ExitCode.OK
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("# Emission")
    assert invoke("calculate", SOLAR, "-o", "report.txt").exit_code == ExitCode.OK
    table = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert "Emission reductions (tCO2)" in table and "\x1b[" not in table
    assert invoke("validate", SOLAR, "-o", "findings.sarif").exit_code == ExitCode.OK
    assert json.loads((tmp_path / "findings.sarif").read_text(encoding="utf-8"))["version"]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("calculate", SOLAR, "-o", "report.xlsx"), "cannot write .xlsx files"),
        (("validate", SOLAR, "-o", "report.csv"), "cannot write .csv files"),
        (("credits", SOLAR, "-o", "split.md"), "cannot write .md files"),
        (("calculate", SOLAR, "-o", "result.json", "--format", "csv"), "contradicts"),
        (("validate", SOLAR, "-o", "findings.json", "--format", "github"), "contradicts"),
    ],
)
def test_an_extension_that_cannot_be_written_is_a_usage_error(
    in_tmp: Path, invoke: Invoke, args: tuple[str | Path, ...], message: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert message in " ".join(result.stderr.split()).replace("│", "")
    assert list(in_tmp.iterdir()) == []  # nothing written, nothing left behind


def test_a_directory_is_refused_and_dash_is_stdout(in_tmp: Path, invoke: Invoke) -> None:
    (in_tmp / "out").mkdir()
    result = invoke("calculate", SOLAR, "-o", "out")
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert "is a directory" in result.stderr
    dash = invoke("calculate", SOLAR, "-o", "-", "--format", "csv")
    assert dash.exit_code == ExitCode.OK
    assert dash.stdout.startswith("period,start,end,") and "wrote" not in dash.stderr
    assert not (in_tmp / "-").exists()


def test_a_fifo_is_written_and_stays_a_fifo(in_tmp: Path, invoke: Invoke) -> None:
    fifo = in_tmp / "results"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = invoke("calculate", SOLAR, "--format", "json", "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == ExitCode.OK, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["result"]["totals"]["emission_reductions_rounded"] == 266
    assert sorted(p.name for p in in_tmp.iterdir()) == ["results"]


def test_dev_null_stays_a_device(invoke: Invoke) -> None:
    before = Path(os.devnull).stat()
    assert stat.S_ISCHR(before.st_mode)
    result = invoke("calculate", SOLAR, "--format", "json", "-o", os.devnull)
    assert result.exit_code == ExitCode.OK, result.output
    after = Path(os.devnull).stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_an_unusable_run_leaves_an_earlier_output_file(bad_cell: Path, invoke: Invoke) -> None:
    earlier = bad_cell.parent / "result.json"
    earlier.write_text("{}", encoding="utf-8")
    result = invoke("calculate", "project.yaml", "-o", "result.json")
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert earlier.read_text(encoding="utf-8") == "{}"
    assert "JCM-D009" in result.stderr  # not in the file: so on stderr


# --- the real process: broken pipe, exit codes ------------------------------------------------


def run(*args: str, **options: Any) -> subprocess.Popen[bytes]:
    """Start ``python -m jcm_mrv ARGS…`` with this checkout importable."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "jcm_mrv", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **options,
    )


@pytest.mark.parametrize("output_format", ["json", "table"])
def test_a_closed_pipe_ends_quietly_with_141(output_format: str) -> None:
    process = run("calculate", str(SOLAR), "--explain", "--format", output_format)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `| head -0`: the reader is gone before anything is read
    with process.stderr:
        stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == ExitCode.OUTPUT_CLOSED == 128 + signal.SIGPIPE
    assert stderr == ""  # no traceback, no "findings"


def test_unusable_input_through_a_process(bad_cell: Path) -> None:
    process = run("calculate", "project.yaml", "--format", "json", cwd=bad_cell.parent)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == ExitCode.UNUSABLE_INPUT
    the_bad_cell(json.loads(stdout)["findings"])
    assert b"Traceback" not in stderr


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    from jcm_mrv.cli import main

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("jcm_mrv.api.calculate", interrupted)
    monkeypatch.setattr(sys, "argv", ["jcm-mrv", "calculate", str(SOLAR)])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == ExitCode.INTERRUPTED == 130


# --- help texts -------------------------------------------------------------------------------

COMMANDS = [
    (),
    ("validate",),
    ("calculate",),
    ("credits",),
    ("schema",),
    ("template",),
    ("methodologies",),
    ("methodologies", "list"),
    ("methodologies", "show"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "jcm-mrv")
def test_help_shows_no_python_types(invoke: Invoke, command: tuple[str, ...]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == ExitCode.OK
    for python_type in ("<bool>", "<path>", "<str>", "<int>", "<list", "<Path", "TEXT", "INTEGER"):
        assert python_type not in result.stdout, (python_type, result.stdout)
    if command and command != ("methodologies",):
        assert f"jcm-mrv {' '.join(command)}" in result.stdout.split("Examples")[-1]


def test_flags_take_no_value(invoke: Invoke) -> None:
    # a flag followed by a value would take it as an argument: --strict is a flag
    result = invoke("validate", "--strict", "true", SOLAR)
    assert result.exit_code == ExitCode.UNUSABLE_INPUT  # "true" is a path that does not exist
