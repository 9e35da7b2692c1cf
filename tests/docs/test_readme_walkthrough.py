"""The README's walk-through, from ``template`` to ``credits``, run as a new user would.

The commands are taken from the README's console block as written; the test fills the
skeleton in between (the numbers a user would type). Worked case (JCM_TH_AM001, RE_p =
Σ_i EG_i,p × EF_RE, PE_p = 0): two PV systems that each generate 10 MWh per period with
EF_RE = 0.5 tCO2/MWh give RE = ER = 10 t per period, 10 credits each; with the partner's
10 % and Japan at least half under moej-financing, per period the partner gets 1 credit.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

from jcm_mrv.exitcodes import ExitCode
from jcm_mrv.monitoring.mrs import load_sheet

ROOT = Path(__file__).resolve().parents[2]


def walkthrough() -> list[list[str]]:
    """The commands of the README block that starts with ``jcm-mrv methodologies list``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```console\n(.*?)```", text, re.S) if "template" in b)
    commands = []
    for line in block.splitlines():
        command = line.removeprefix("$ ").split("  #")[0].strip()
        commands.append(shlex.split(command))
    assert [c[1] for c in commands] == [
        "methodologies",
        "methodologies",
        "template",
        "calculate",
        "credits",
        "report",
    ]
    return commands


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    assert args[0] == "jcm-mrv"
    return subprocess.run(
        [sys.executable, "-m", "jcm_mrv", *args[1:]],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
        check=False,
    )


def fill_skeleton(project: Path, *, in_yaml: bool) -> None:
    data = yaml.safe_load(project.read_text(encoding="utf-8"))
    if in_yaml:
        data["parameters"]["EF_RE"]["value"] = 0.5
    # the optional rated outputs the skeleton leaves commented out: without them the
    # readings are not checked against them, and a warning says so
    data.setdefault("parameters", {})["P_out_i"] = {
        "unit": "kW",
        "values": {"INV-01": 50, "INV-02": 50},
    }
    data["allocation"]["partner_share"] = "10%"
    data["allocation"]["participants"] = [
        {"name": "Company A", "share": 0.6},
        {"name": "Company B", "share": 0.4},
    ]
    project.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("data_format", ["csv", "xlsx"])
def test_the_readme_walkthrough_runs(tmp_path: Path, data_format: str) -> None:
    commands = walkthrough()
    if data_format == "xlsx":
        commands[2] = [*commands[2], "--format", "xlsx"]
    for command in commands[:3]:
        done = run(command, tmp_path)
        assert done.returncode == ExitCode.OK, (command, done.stderr)
    project = tmp_path / "my-project" / "project.yaml"
    for command in commands[3:]:  # nothing filled in yet: each names what is missing
        done = run(command, tmp_path)
        assert done.returncode == ExitCode.UNUSABLE_INPUT, (command, done.stderr)
        assert "FILL IN" in done.stderr or "not filled in" in done.stderr
    fill_skeleton(project, in_yaml=data_format == "csv")
    if data_format == "csv":
        sheet = project.parent / "monitoring.csv"
        lines = sheet.read_text(encoding="utf-8").splitlines()
        sheet.write_text("\n".join([lines[0], *(f"{x}10.0" for x in lines[1:])]) + "\n")
    else:
        workbook = project.parent / "monitoring.xlsx"
        found = load_sheet(workbook, "monitoring.xlsx", "MRS(input)", [])
        assert found is not None
        book = openpyxl.load_workbook(workbook)
        for kind, value in (("monitored", 10.0), ("project", 0.5)):
            table = found.table(kind)  # type: ignore[arg-type]
            assert table is not None
            for row, _ in table.rows:
                book["MRS(input)"].cell(row, table.columns["value"] + 1).value = value
        book.save(workbook)
    calculated = run([*commands[3], "--format", "json"], tmp_path)
    assert calculated.returncode == ExitCode.OK, calculated.stderr
    outcome = json.loads(calculated.stdout)
    assert outcome["status"] == "clean"
    result = outcome["result"]  # the outcome envelope (docs/output-formats.md)
    assert [p["emission_reductions_rounded"] for p in result["periods"]] == [10, 10]
    credits = run([*commands[4], "--format", "json"], tmp_path)
    assert credits.returncode == ExitCode.OK, credits.stderr
    allocated = json.loads(credits.stdout)["result"]
    assert allocated["issued"] == 20
    assert sum(a["credits"] for a in allocated["allocations"]) == 20
    shares = {a["role"]: a["credits"] for a in allocated["allocations"]}
    assert shares["partner-government"] == 2  # 10 % of 10, each period
    assert shares["japan-government"] >= 10  # at least half
    report = run(commands[5], tmp_path)
    assert report.returncode == ExitCode.OK, report.stderr
    assert (project.parent / "report.xlsx").is_file()
