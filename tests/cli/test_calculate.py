"""``jcm-mrv calculate``: malformed inputs, exit codes, formats, reproducible output.

Every test runs the real command (in-process through typer's runner, once as a process)
on a small project written into ``tmp_path``: two PV systems, two monthly periods, six
readings. Worked by hand (EF_RE = 0.5 tCO2/MWh):

- P1: PV-A 12,500.5 + 11,000.25 = 23,500.75 kWh; PV-B 9,800.75 + 10,200 = 20,000.75 kWh;
  43,501.5 kWh = 43.5015 MWh; RE = 43.5015 × 0.5 = 21.75075 t; PE = 0; ER floors to 21.
- P2: PV-A 14,000.125 + PV-B 9,000.5 = 23,000.625 kWh = 23.000625 MWh;
  RE = 11.5003125 t; ER floors to 11. Total 21 + 11 = 32 credits.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import jcm_mrv
from jcm_mrv.api import Calculation
from jcm_mrv.exitcodes import ExitCode
from jcm_mrv.findings import Finding, Severity

from .conftest import ROOT, Invoke

FIXTURE_METHODOLOGY = ROOT / "tests" / "project" / "pv-with-consumption.yaml"
"""JCM_TH_AM098: EG_i_p, EC_p monitored; EF_RE, CAP_i (per point) project-specific."""

PROJECT = """\
kind: project
id: TH990
title: A small PV project (test)
country: TH
methodology:
  id: JCM_TH_AM001
  version: "01.0"
monitoring_points:
  - id: PV-A
  - id: PV-B
parameters:
  EF_RE:
    value: 0.5
    unit: tCO2/MWh
monitoring_options:
  EG_i_p: C
data:
  - path: readings.csv
periods:
  - id: P1
    start: 2025-01-01
    end: 2025-01-31
  - id: P2
    start: 2025-02-01
    end: 2025-02-28
"""
# Line numbers the findings must name: 4 country, 5 methodology, 12 EF_RE, 13 its value,
# 16 EG_i_p's option, 18 the data path, 22 P1's end, 24 P2's start.

READINGS = """\
timestamp,point,EG_i_p [kWh]
2025-01-05T10:00,PV-A,12500.5
2025-01-05T10:00,PV-B,9800.75
2025-01-20T10:00,PV-A,11000.25
2025-01-20T10:00,PV-B,10200
2025-02-10T10:00,PV-A,14000.125
2025-02-10T10:00,PV-B,9000.5
"""
# Spreadsheet rows: the header is row 1, so 12500.5 is row 2 and 9000.5 row 7.

FIXTURE_PROJECT = f"""\
kind: project
id: TH991
title: PV with plant consumption (test)
country: TH
methodology:
  id: JCM_TH_AM098
  version: "01.0"
  path: {FIXTURE_METHODOLOGY}
monitoring_points:
  - id: PV-A
  - id: PV-B
parameters:
  EF_RE: 0.5
  CAP_i:
    values: {{PV-A: 20, PV-B: 30}}
    unit: kW
monitoring_options:
  EG_i_p: C
data:
  - path: generation.csv
  - path: consumption.csv
periods:
  - id: P1
    start: 2025-01-01
    end: 2025-01-31
"""
GENERATION = "period,point,EG_i_p [MWh]\nP1,PV-A,30\nP1,PV-B,20\n"
CONSUMPTION = "period,EC_p [MWh]\nP1,4\n"
# ER = (30 + 20) × 0.5 - 4 × 0.5 = 25 - 2 = 23 t.


def edit(text: str, old: str, new: str) -> str:
    """Replace one exact piece of a file's text (failing if it is not there)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Case:
    """A malformed input: the files of the project directory and the extra arguments."""

    files: dict[str, str]
    code: str
    where: str
    """A piece of the finding's location: ``project.yaml:13``, ``readings.csv:row 2``…"""
    args: tuple[str, ...] = ()
    write: Callable[[Path], None] | None = None
    exit_code: ExitCode = ExitCode.UNUSABLE_INPUT


def project(old: str = "", new: str = "", **files: str) -> dict[str, str]:
    """The small project's files, with one edit of project.yaml and other files replaced."""
    text = edit(PROJECT, old, new) if old else PROJECT
    return {"project.yaml": text, "readings.csv": READINGS, **files}


def readings(old: str, new: str) -> dict[str, str]:
    """The small project's files, with one edit of readings.csv."""
    return project(**{"readings.csv": edit(READINGS, old, new)})


def fixture_project(old: str = "", new: str = "") -> dict[str, str]:
    """The JCM_TH_AM098 project's files, with one edit of project.yaml."""
    return {
        "project.yaml": edit(FIXTURE_PROJECT, old, new) if old else FIXTURE_PROJECT,
        "generation.csv": GENERATION,
        "consumption.csv": CONSUMPTION,
    }


def _uncached_formula_workbook(directory: Path) -> None:
    # openpyxl writes a formula without a cached result: nobody opened it in Excel.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "MRS(input)"
    sheet.append(["timestamp", "point", "EG_i_p [kWh]"])
    sheet.append(["2025-01-05T10:00", "PV-A", 12500.5])
    sheet.append(["2025-01-05T10:00", "PV-B", "=9800+0.75"])
    sheet.append(["2025-02-10T10:00", "PV-A", 14000.125])
    sheet.append(["2025-02-10T10:00", "PV-B", 9000.5])
    workbook.save(directory / "readings.xlsx")


BROKEN_METHODOLOGY = edit(
    FIXTURE_METHODOLOGY.read_text(encoding="utf-8"),
    "expression: RE_p - PE_p",
    "expression: RE_p - PE_q",
)

CASES: dict[str, Case] = {
    # --- monitoring data ---------------------------------------------------------------
    "text in a number cell": Case(
        readings("PV-A,12500.5", "PV-A,twelve thousand"), "JCM-D009", "readings.csv:row 2"
    ),
    "unit that does not convert": Case(
        readings("EG_i_p [kWh]", "EG_i_p [kg]"), "JCM-D008", "readings.csv"
    ),
    "unknown unit": Case(readings("EG_i_p [kWh]", "EG_i_p [kWhh]"), "JCM-D007", "readings.csv"),
    "missing column": Case(
        readings("timestamp,point,EG_i_p [kWh]", "timestamp,point,output [kWh]"),
        "JCM-D021",
        "readings.csv:row 1",
    ),
    "missing point column": Case(
        readings("timestamp,point,EG_i_p [kWh]", "timestamp,where,EG_i_p [kWh]"),
        "JCM-D005",
        "readings.csv:row 1",
    ),
    "negative meter reading": Case(
        readings("PV-B,10200", "PV-B,-10200"), "JCM-D015", "readings.csv:row 5"
    ),
    "duplicated timestamp": Case(
        readings("2025-02-10T10:00,PV-B,9000.5\n", "2025-02-10T10:00,PV-B,9000.5\n" * 2),
        "JCM-D016",
        "readings.csv:row 8",
    ),
    "period with no data": Case(
        project(
            "    end: 2025-02-28\n",
            "    end: 2025-02-28\n  - id: P3\n    start: 2025-03-01\n    end: 2025-03-31\n",
        ),
        "JCM-D017",
        "P3",
    ),
    "reading of an unknown monitoring point": Case(
        readings("2025-01-20T10:00,PV-B", "2025-01-20T10:00,PV-C"),
        "JCM-D011",
        "readings.csv:row 5",
    ),
    "unreadable timestamp": Case(
        readings("2025-01-20T10:00,PV-A", "2025-13-20T10:00,PV-A"),
        "JCM-D010",
        "readings.csv:row 4",
    ),
    "uncached formula cell": Case(
        project("path: readings.csv", "path: readings.xlsx"),
        "JCM-D014",
        "readings.xlsx[MRS(input)]!C3",
        write=_uncached_formula_workbook,
    ),
    # --- the project file --------------------------------------------------------------
    "data file that does not exist": Case(
        project("path: readings.csv", "path: absent.csv"), "JCM-P010", "project.yaml:18"
    ),
    "unknown project-specific parameter": Case(
        project("  EF_RE:\n", "  EF_GRID: 0.5\n  EF_RE:\n"), "JCM-P004", "project.yaml:12"
    ),
    "missing project value": Case(
        project("  EF_RE:\n    value: 0.5\n    unit: tCO2/MWh\n", "  {}\n"),
        "JCM-P003",
        "project.yaml:",
    ),
    "per-point values missing a point": Case(
        fixture_project("{PV-A: 20, PV-B: 30}", "{PV-A: 20}"), "JCM-P005", "project.yaml:15"
    ),
    "value out of the methodology's bounds": Case(
        project("value: 0.5", "value: 2.5"), "JCM-P006", "project.yaml:13"
    ),
    "value in a unit that does not convert": Case(
        project("unit: tCO2/MWh", "unit: tCO2/kg"), "JCM-U001", "project.yaml:14"
    ),
    "monitoring option not allowed": Case(
        project("EG_i_p: C", "EG_i_p: A"), "JCM-P007", "project.yaml:16"
    ),
    "period end before start": Case(
        project("end: 2025-01-31", "end: 2024-12-31"), "JCM-P009", "project.yaml:22"
    ),
    "overlapping periods": Case(
        project("start: 2025-02-01", "start: 2025-01-15"), "JCM-P009", "project.yaml:"
    ),
    "unknown methodology id": Case(
        project("id: JCM_TH_AM001", "id: JCM_TH_AM777"), "JCM-P001", "project.yaml:6"
    ),
    "unknown methodology version": Case(
        project('version: "01.0"', 'version: "02.0"'), "JCM-P001", "project.yaml:6"
    ),
    "methodology path to a broken methodology": Case(
        {
            **fixture_project(f"path: {FIXTURE_METHODOLOGY}", "path: broken.yaml"),
            "broken.yaml": BROKEN_METHODOLOGY,
        },
        "JCM-P002",
        "project.yaml:",
    ),
    "methodology path that does not exist": Case(
        fixture_project(f"path: {FIXTURE_METHODOLOGY}", "path: absent.yaml"),
        "JCM-P001",
        "project.yaml:8",
    ),
    "wrong country": Case(project("country: TH", "country: VN"), "JCM-P011", "project.yaml:4"),
    "unknown key": Case(
        project("country: TH\n", "country: TH\nsector: energy\n"), "JCM-S", "project.yaml:5"
    ),
    "YAML syntax error": Case(
        project("  - id: PV-B\n", "  - id: [PV-B\n"), "JCM-Y", "project.yaml"
    ),
    # --- options -----------------------------------------------------------------------
    "--set without a value": Case(project(), "JCM-P014", "--set", args=("--set", "EF_RE")),
    "--set with text": Case(project(), "JCM-P014", "--set", args=("--set", "EF_RE=half")),
    "--set of an unknown name": Case(project(), "JCM-P014", "--set", args=("--set", "EF_X=1")),
    "--set of a monitored value": Case(project(), "JCM-P014", "--set", args=("--set", "EG_i_p=1")),
    "--set in a unit that does not convert": Case(
        project(), "JCM-P014", "--set", args=("--set", "EF_RE=450 kg")
    ),
    "unknown --period": Case(project(), "JCM-P014", "--period", args=("--period", "2025")),
}


def _write_case(case: Case, directory: Path) -> None:
    for name, text in case.files.items():
        (directory / name).write_text(text, encoding="utf-8")
    if case.write is not None:
        case.write(directory)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in ``tmp_path``, so that locations read ``project.yaml:13``."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_input_is_located_and_gives_no_number(
    name: str, in_tmp: Path, invoke: Invoke
) -> None:
    case = CASES[name]
    _write_case(case, in_tmp)
    for output_format in ("table", "csv", "markdown"):
        result = invoke("calculate", "project.yaml", "--format", output_format, *case.args)
        assert result.exit_code == case.exit_code, result.output
        assert result.stdout == "", result.stdout  # no table, no number
        assert "Traceback" not in result.stderr
        assert case.code in result.stderr, result.stderr
        assert case.where in result.stderr, result.stderr
    # JSON: one document on stdout with the located findings and no result
    result = invoke("calculate", "project.yaml", "--format", "json", *case.args)
    assert result.exit_code == case.exit_code, result.output
    document = json.loads(result.stdout)
    assert (document["status"], document["result"]) == ("unusable", None)
    assert document["summary"]["errors"] >= 1
    found = [(f.code, f"{f.location}: {f.message}") for f in map(finding_of, document["findings"])]
    assert any(code.startswith(case.code) and case.where in text for code, text in found), found


def finding_of(data: dict[str, Any]) -> Finding:
    """A finding read back from the JSON output."""
    return Finding(**{**data, "severity": Severity(data["severity"])})


def test_enough_malformed_inputs_are_covered() -> None:
    assert len(CASES) >= 20


def test_error_line_keeps_square_brackets(in_tmp: Path, invoke: Invoke) -> None:
    # "[mass]" is text in a message, not rich markup: it must not vanish.
    _write_case(CASES["--set in a unit that does not convert"], in_tmp)
    result = invoke("calculate", "project.yaml", "--set", "EF_RE=450 kg")
    first_line = result.stderr.splitlines()[0]
    assert first_line.startswith("error: --set EF_RE: cannot convert kilogram ([mass])")


def test_malformed_input_through_a_process(tmp_path: Path) -> None:
    _write_case(CASES["negative meter reading"], tmp_path)
    done = run_python("-m", "jcm_mrv", "calculate", "project.yaml", cwd=tmp_path)
    assert done.returncode == ExitCode.UNUSABLE_INPUT, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert "JCM-D015" in done.stderr
    assert "readings.csv:row 5" in done.stderr


def run_python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the interpreter running the tests, with jcm_mrv importable."""
    source = str(Path(jcm_mrv.__file__).parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60
    )


# --- results ---------------------------------------------------------------------------------


@pytest.fixture
def small(in_tmp: Path) -> Path:
    """The small project, clean: with its PV systems' rated output, the readings are checked."""
    rated = "  P_out_i: {unit: kW, values: {PV-A: 100, PV-B: 100}}\nmonitoring_options:\n"
    _write_case(Case(project("monitoring_options:\n", rated), "", ""), in_tmp)
    return in_tmp / "project.yaml"


def test_clean_project_exits_0_with_the_hand_computed_numbers(small: Path, invoke: Invoke) -> None:
    result = invoke("calculate", "project.yaml", "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    document = json.loads(result.stdout)
    assert (document["status"], document["findings"]) == ("clean", [])
    data = document["result"]
    # 43.5015 MWh × 0.5 = 21.75075 t; 23.000625 MWh × 0.5 = 11.5003125 t (module docstring)
    assert [p["reference_emissions"] for p in data["periods"]] == pytest.approx(
        [21.75075, 11.5003125], rel=1e-12
    )
    assert [p["emission_reductions_rounded"] for p in data["periods"]] == [21, 11]
    assert data["totals"]["emission_reductions_rounded"] == 32


def test_table_shows_periods_and_total(small: Path, invoke: Invoke) -> None:
    result = invoke("calculate", "project.yaml")
    assert result.exit_code == ExitCode.OK
    assert "21.751" in result.stdout  # RE of P1 with three decimals
    assert "11.500" in result.stdout
    assert "32" in result.stdout.split("total")[1]
    assert result.stderr == ""


def test_csv_and_markdown_hold_the_totals(small: Path, invoke: Invoke) -> None:
    text = invoke("calculate", "project.yaml", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["period"] for r in rows] == ["P1", "P2", "TOTAL"]
    total = rows[-1]
    assert (total["start"], total["end"]) == ("2025-01-01", "2025-02-28")
    assert float(total["reference_emissions"]) == pytest.approx(21.75075 + 11.5003125)
    assert total["emission_reductions_rounded"] == "32"
    markdown = invoke("calculate", "project.yaml", "--format", "markdown").stdout
    assert "| P1 | 2025-01-01 | 2025-01-31 | 21.751 | 0.000 | 21.751 | 21 |" in markdown
    assert "| **total** | | | 33.251 | 0.000 | 33.251 | **32** |" in markdown
    assert "sha256" in markdown


def test_two_runs_give_byte_identical_json(small: Path, invoke: Invoke) -> None:
    first = invoke("calculate", "project.yaml", "--format", "json", "--explain").stdout_bytes
    second = invoke("calculate", "project.yaml", "--format", "json", "--explain").stdout_bytes
    assert first == second


def test_output_file_is_written_atomically_and_inputs_stay_unchanged(
    small: Path, invoke: Invoke
) -> None:
    directory = small.parent
    before = {p.name: sha256(p) for p in directory.iterdir()}
    printed = invoke("calculate", "project.yaml", "--format", "json").stdout_bytes
    result = invoke("calculate", "project.yaml", "--format", "json", "-o", "out/result.json")
    # the directory of the output must exist: a usage error, not a traceback
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    (directory / "out").mkdir()
    result = invoke("calculate", "project.yaml", "--format", "json", "-o", "out/result.json")
    assert result.exit_code == ExitCode.OK
    assert result.stdout == ""
    assert (directory / "out" / "result.json").read_bytes() == printed
    assert sorted(p.name for p in (directory / "out").iterdir()) == ["result.json"]
    # overwriting keeps a single file too
    invoke("calculate", "project.yaml", "--format", "json", "-o", "out/result.json")
    assert sorted(p.name for p in (directory / "out").iterdir()) == ["result.json"]
    after = {p.name: sha256(p) for p in directory.iterdir() if p.is_file()}
    assert after == before


def test_table_written_to_a_file_is_markdown(small: Path, invoke: Invoke) -> None:
    result = invoke("calculate", "project.yaml", "-o", "report.md")
    assert result.exit_code == ExitCode.OK
    assert result.stdout == ""
    assert "**32**" in (small.parent / "report.md").read_text(encoding="utf-8")


def test_set_and_period_are_recorded(small: Path, invoke: Invoke) -> None:
    # EF_RE = 450 kgCO2/MWh = 0.45 tCO2/MWh; P2: 23.000625 MWh × 0.45 = 10.35028125 t,
    # floored to 10.
    result = invoke(
        "calculate", "project.yaml", "-f", "json", "--set", "EF_RE=450 kgCO2/MWh", "-p", "P2"
    )
    assert result.exit_code == ExitCode.OK, result.output
    data = json.loads(result.stdout)["result"]
    assert [p["id"] for p in data["periods"]] == ["P2"]
    assert data["periods"][0]["reference_emissions"] == pytest.approx(10.35028125, rel=1e-12)
    assert data["totals"]["emission_reductions_rounded"] == 10
    assert data["provenance"]["overrides"] == {"EF_RE": "450.0 kgCO2/MWh"}
    table = invoke("calculate", "project.yaml", "--set", "EF_RE=0.45").stdout
    assert "override" in table
    assert "EF_RE = 0.45" in table


def test_python_api_gives_the_numbers_of_the_json(small: Path, invoke: Invoke) -> None:
    printed = json.loads(invoke("calculate", "project.yaml", "--format", "json").stdout)
    outcome = jcm_mrv.calculate("project.yaml")
    assert outcome.to_dict(Calculation.to_dict) == printed


# --- exit code 1: computed, with error findings ----------------------------------------------


def test_failed_eligibility_exits_1_with_the_numbers(in_tmp: Path, invoke: Invoke) -> None:
    # CAP_i of PV-B is 5 kW, below CAP_MIN = 10 kW: criterion C1 fails for PV-B only.
    _write_case(Case(fixture_project("PV-B: 30", "PV-B: 5"), "", ""), in_tmp)
    result = invoke("calculate", "project.yaml", "--format", "json")
    assert result.exit_code == ExitCode.FINDINGS, result.output
    document = json.loads(result.stdout)
    data = document["result"]
    assert data["periods"][0]["emission_reductions_rounded"] == 23  # (50 - 4) × 0.5
    c1 = next(e for e in data["eligibility"] if e["id"] == "C1")
    assert c1["status"] == "fail"
    assert "PV-B" in c1["detail"]
    assert document["status"] == "findings"
    assert [f["code"] for f in document["findings"]] == ["JCM-C004"]


def test_passing_eligibility_exits_0(in_tmp: Path, invoke: Invoke) -> None:
    _write_case(Case(fixture_project("PV-B: 30", "PV-B: 10"), "", ""), in_tmp)  # 10 >= 10
    result = invoke("calculate", "project.yaml", "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    statuses = {e["id"]: e["status"] for e in json.loads(result.stdout)["result"]["eligibility"]}
    assert statuses == {"C1": "pass", "C2": "attestation-needed"}


def test_calculate_help_shows_an_example(invoke: Invoke) -> None:
    result = invoke("calculate", "--help")
    assert result.exit_code == ExitCode.OK
    assert "jcm-mrv calculate examples/solar-pv-th/project.yaml" in result.stdout


def test_warnings_alone_exit_0(in_tmp: Path, invoke: Invoke) -> None:
    # EC_p = 60 MWh > EG = 50 MWh: ER = (50 - 60) × 0.5 = -5 t, 0 credits and a warning.
    files = fixture_project()
    files["consumption.csv"] = "period,EC_p [MWh]\nP1,60\n"
    _write_case(Case(files, "", ""), in_tmp)
    result = invoke("calculate", "project.yaml", "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    document = json.loads(result.stdout)
    assert document["result"]["periods"][0]["emission_reductions_rounded"] == 0
    assert [f["code"] for f in document["findings"]] == ["JCM-C001"]
    assert document["status"] == "findings"
    # --strict: the warning fails the run, the numbers are still given
    strict = invoke("calculate", "project.yaml", "--strict")
    assert strict.exit_code == ExitCode.FINDINGS
    assert "JCM-C001" in strict.stderr and "(negative: 0 issued)" in strict.stdout


def test_failed_calculation_leaves_an_earlier_output_file_alone(
    small: Path, invoke: Invoke
) -> None:
    assert invoke("calculate", "project.yaml", "-f", "json", "-o", "result.json").exit_code == 0
    before = sha256(small.parent / "result.json")
    result = invoke("calculate", "project.yaml", "-f", "json", "-o", "result.json", "-p", "P9")
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert sha256(small.parent / "result.json") == before
    assert not [p.name for p in small.parent.iterdir() if p.name.endswith(".tmp")]


def test_explain_table_shows_every_value_per_point(small: Path, invoke: Invoke) -> None:
    result = invoke("calculate", "project.yaml", "--explain", "--period", "P1")
    assert result.exit_code == ExitCode.OK, result.output
    assert "Calculation, period P1" in result.stdout
    assert "Calculation, period P2" not in result.stdout
    # PV-A: 23,500.75 kWh = 23.50075 MWh; PV-B: 20.00075 MWh
    assert "EG_i_p[PV-A]" in result.stdout
    assert "23.500750" in result.stdout
    assert "20.000750" in result.stdout
    assert "sum(EG_i_p * EF_RE, i)" in result.stdout


def test_explain_table_keeps_lower_case_point_ids(in_tmp: Path, invoke: Invoke) -> None:
    # "EG_i_p[pv-a]" is a label, not rich markup: the point id must stay visible.
    files = {name: text.replace("PV-A", "pv-a") for name, text in project().items()}
    _write_case(Case(files, "", ""), in_tmp)
    result = invoke("calculate", "project.yaml", "--explain", "--period", "P1")
    assert result.exit_code == ExitCode.OK, result.output
    assert "EG_i_p[pv-a]" in result.stdout


def test_finding_location_keeps_the_column_unit(in_tmp: Path, invoke: Invoke) -> None:
    _write_case(CASES["text in a number cell"], in_tmp)
    result = invoke("calculate", "project.yaml")
    assert "readings.csv:row 2, column 'EG_i_p [kWh]'" in result.stderr
