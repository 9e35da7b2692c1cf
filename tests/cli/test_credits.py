"""``jcm-mrv credits``: sources of credits and settings, formats, exit codes, errors."""

from __future__ import annotations

import csv
import datetime
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from jcm_mrv import __version__
from jcm_mrv.engine.provenance import content_sha256, file_sha256
from jcm_mrv.engine.results import (
    CalculationResult,
    MethodologyInfo,
    PeriodResult,
    ProjectInfo,
    Provenance,
    Totals,
)
from jcm_mrv.exitcodes import ExitCode
from jcm_mrv.findings import codes
from jcm_mrv.project.loader import LoadedProject

from .conftest import ROOT, Invoke

EXAMPLE = ROOT / "examples" / "solar-pv-th" / "project.yaml"
README_EXAMPLE = (
    "credits",
    "--issued",
    "743",
    "--scheme",
    "moej-financing",
    "--partner-share",
    "0.10",
    "--participant",
    "Company A=0.6",
    "--participant",
    "Company B=0.4",
)
JAPAN = "Government of Japan"
PARTNER = "Partner country government"
ROLES = {"japan-government", "partner-government", "participant"}


def parts(data: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(party, role, credits) of every line of a JSON allocation."""
    return [(item["party"], item["role"], item["credits"]) for item in data["allocations"]]


def result_of(stdout: str) -> dict[str, Any]:
    """The result in a JSON document on stdout (which must be one JSON document)."""
    document = json.loads(stdout)
    assert document["status"] in ("clean", "findings"), document
    result: dict[str, Any] = document["result"]
    return result


def fake_result(*periods: tuple[str, int], findings: list[Any] | None = None) -> CalculationResult:
    """A calculation result of the example project with these rounded ERs per period."""
    day = datetime.date(2025, 1, 1)
    return CalculationResult(
        project=ProjectInfo("TH901", "Example", "TH", str(EXAMPLE)),
        methodology=MethodologyInfo("JCM_TH_AM001", "01.0", "Solar PV", "0" * 64),
        periods=[
            PeriodResult(label, day, day, float(er), 0.0, float(er), er) for label, er in periods
        ],
        totals=Totals(0.0, 0.0, 0.0, sum(er for _, er in periods)),
        eligibility=[],
        findings=findings or [],
        provenance=Provenance("0", "0" * 64, {}, {}, {}),
    )


@pytest.fixture
def calculated(monkeypatch: pytest.MonkeyPatch) -> list[CalculationResult]:
    """Make the engine return the first result of the list (set by the test)."""
    results: list[CalculationResult] = []

    def calculate_loaded(loaded: LoadedProject, **_: Any) -> CalculationResult:
        assert loaded.path == EXAMPLE
        return results[0]

    monkeypatch.setattr("jcm_mrv.engine.calculation.calculate_loaded", calculate_loaded)
    return results


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the example project (data file included) to edit."""
    for name in ("project.yaml", "inverter-readings.csv"):
        shutil.copy(EXAMPLE.parent / name, tmp_path / name)
    return tmp_path / "project.yaml"


def write_result(path: Path, *periods: tuple[str, int], project: str = "TH901") -> Path:
    """A saved result that passes the integrity checks: consistent rounding, content hash."""
    payload: dict[str, Any] = {
        "project": {"id": project},
        "methodology": {
            "id": "JCM_TH_AM001",
            "version": "01.0",
            "sha256": file_sha256(ROOT / "methodologies" / "JCM_TH_AM001.yaml"),
        },
        "periods": [
            {"id": label, "emission_reductions": er + 0.25, "emission_reductions_rounded": er}
            for label, er in periods
        ],
        "totals": {"emission_reductions_rounded": sum(er for _, er in periods)},
        "provenance": {
            "tool_version": __version__,
            "rounding": {"mode": "floor", "step": "1", "tolerance": "0.000001"},
        },
    }
    payload["provenance"]["result_sha256"] = content_sha256(payload)
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


# --- the README's example --------------------------------------------------------------


def test_readme_example_as_json(invoke: Invoke) -> None:
    result = invoke(*README_EXAMPLE, "--format", "json")
    assert result.exit_code == ExitCode.OK
    data = result_of(result.stdout)
    # Japan ceil(1/2 × 743 = 371.5) = 372; partner ceil(1/10 × 743 = 74.3) = 75;
    # 743 − 372 − 75 = 296 left: A 0.6 × 296 = 177.6, B 0.4 × 296 = 118.4; whole parts
    # 177 + 118 = 295, the one left over goes to A (.6 > .4)
    assert data["issued"] == 743
    assert data["scheme"] == "moej-financing"
    assert parts(data) == [
        (JAPAN, "japan-government", 372),
        (PARTNER, "partner-government", 75),
        ("Company A", "participant", 178),
        ("Company B", "participant", 118),
    ]
    for item in data["allocations"]:
        assert {"party", "role", "credits", "rule"} <= item.keys()
        assert item["role"] in ROLES and isinstance(item["credits"], int)
    assert data["allocations"][0]["rule"] == "japan-minimum: ceil(1/2 × 743) = 372"
    assert [p["period"] for p in data["periods"]] == ["issued"]
    assert data["findings"] == []


def test_readme_example_as_a_table(invoke: Invoke) -> None:
    result = invoke(*README_EXAMPLE)
    assert result.exit_code == ExitCode.OK
    for text in ("Government of Japan", "372", "50.1 %", "Company A", "178", "743"):
        assert text in result.stdout
    assert "ceil" not in result.stdout  # the arithmetic only with --explain
    explained = invoke(*README_EXAMPLE, "--explain")
    assert explained.exit_code == ExitCode.OK
    assert "japan-minimum: ceil(1/2 × 743) = 372" in explained.stdout
    assert "371.5" in explained.stdout  # the explanation's arithmetic
    assert "largest" in explained.stdout  # Company A's extra credit


def test_readme_example_as_csv_in_a_file(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "split.csv"
    result = invoke(*README_EXAMPLE, "--format", "csv", "--output", target)
    assert result.exit_code == ExitCode.OK and result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [(r["period"], r["party"], r["credits"]) for r in rows] == [
        ("issued", JAPAN, "372"),
        ("issued", PARTNER, "75"),
        ("issued", "Company A", "178"),
        ("issued", "Company B", "118"),
        ("TOTAL", JAPAN, "372"),
        ("TOTAL", PARTNER, "75"),
        ("TOTAL", "Company A", "178"),
        ("TOTAL", "Company B", "118"),
    ]


def test_fgas_subsidy_and_custom_from_options(invoke: Invoke) -> None:
    result = invoke(
        "credits",
        "--issued",
        "101",
        "--scheme",
        "fgas-subsidy",
        "--partner-share",
        "10%",
        "--subsidy-share",
        "0.3",
        "--participant",
        "A=1",
        "-f",
        "json",
    )
    # partner ceil(10.1) = 11; 90 left; Japan ceil(max(0.3, 1/2) × 90) = 45; A 45
    assert [c for *_, c in parts(result_of(result.stdout))] == [45, 11, 45]
    result = invoke(
        "credits",
        "--issued",
        "33",
        "--scheme",
        "custom",
        "--minimum",
        "japan-government:Government of Japan=1/2",
        "--minimum",
        "participant:Fund=1/5",
        "--participant",
        "Company A=1",
        "-f",
        "json",
    )
    # Japan ceil(16.5) = 17, Fund ceil(6.6) = 7, Company A 33 − 24 = 9
    assert parts(result_of(result.stdout)) == [
        (JAPAN, "japan-government", 17),
        ("Fund", "participant", 7),
        ("Company A", "participant", 9),
    ]


def test_a_capped_minimum_is_a_warning(invoke: Invoke) -> None:
    result_args = (
        "credits",
        "--issued",
        "1",
        "--scheme",
        "moej-financing",
        "--partner-share",
        "10%",
        "--participant",
        "A=1",
    )
    result = invoke(*result_args, "-f", "json")
    assert result.exit_code == ExitCode.OK
    assert invoke(*result_args, "--strict").exit_code == ExitCode.FINDINGS
    data = result_of(result.stdout)
    # Japan ceil(0.5) = 1 takes the only credit; the partner's ceil(0.1) = 1 is capped at 0
    assert [c for *_, c in parts(data)] == [1, 0, 0]
    assert [f["code"] for f in data["findings"]] == [codes.MINIMUM_CAPPED.code]
    findings = json.loads(result.stdout)["findings"]  # every stage's, in the document
    assert [f["code"] for f in findings] == [codes.MINIMUM_CAPPED.code]
    assert codes.MINIMUM_CAPPED.code in invoke(*result_args).stderr  # the table: on stderr


# --- from a project, a saved result, or both --------------------------------------------


def test_project_is_calculated_and_split_per_period(
    invoke: Invoke, calculated: list[CalculationResult]
) -> None:
    calculated.append(fake_result(("2025-H1", 132), ("2025-H2", 7)))
    result = invoke("credits", EXAMPLE, "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    data = result_of(result.stdout)
    # the example: moej-financing, partner 10 % (Government of Thailand), 0.6 / 0.4
    # H1 132: Japan 66, partner ceil(13.2) = 14, 52 left: 31.2 → 31, 20.8 → 20 + 1 = 21
    # H2 7: Japan ceil(3.5) = 4, partner ceil(0.7) = 1, 2 left: 1.2 → 1, 0.8 → 0 + 1 = 1
    assert [[c for *_, c in parts(p)] for p in data["periods"]] == [[66, 14, 31, 21], [4, 1, 1, 1]]
    assert [p["period"] for p in data["periods"]] == ["2025-H1", "2025-H2"]
    assert data["issued"] == 139
    assert [c for *_, c in parts(data)] == [70, 15, 32, 22]
    assert data["allocations"][1]["party"] == "Government of Thailand"
    assert data["allocations"][0]["rule"] == "sum-of-periods: 66 + 4 = 70"


def test_project_table_has_a_column_per_period(
    invoke: Invoke, calculated: list[CalculationResult]
) -> None:
    calculated.append(fake_result(("2025-H1", 132), ("2025-H2", 7)))
    result = invoke("credits", EXAMPLE, "--explain")
    assert result.exit_code == ExitCode.OK
    for text in ("TH901", "2025-H1", "2025-H2", "total", "139", "Period 2025-H2: 7 credits"):
        assert text in result.stdout


def test_calculation_errors_exit_1_after_the_allocation(
    invoke: Invoke, calculated: list[CalculationResult]
) -> None:
    failed = codes.ELIGIBILITY_FAILED("criterion C1 does not hold")
    calculated.append(fake_result(("2025", 10), findings=[failed]))
    result = invoke("credits", EXAMPLE, "-f", "json")
    assert result.exit_code == ExitCode.FINDINGS
    assert result_of(result.stdout)["issued"] == 10
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["JCM-C004"]
    table = invoke("credits", EXAMPLE)
    assert table.exit_code == ExitCode.FINDINGS
    assert "JCM-C004" in table.stderr and "10" in table.stdout


def test_the_real_example_project(invoke: Invoke) -> None:
    calculation = result_of(invoke("calculate", EXAMPLE, "-f", "json").stdout)
    result = invoke("credits", EXAMPLE, "-f", "json")
    assert result.exit_code == ExitCode.OK, result.output
    data = result_of(result.stdout)
    issued = [p["emission_reductions_rounded"] for p in calculation["periods"]]
    assert [p["issued"] for p in data["periods"]] == issued
    assert sum(c for *_, c in parts(data)) == data["issued"] == sum(issued)


def test_saved_result_with_scheme_options(invoke: Invoke, tmp_path: Path) -> None:
    saved = write_result(tmp_path / "result.json", ("P1", 10), ("P2", 11))
    result = invoke(
        "credits", "--result", saved, "--scheme", "moej-financing", "--participant", "A=1"
    )
    assert result.exit_code == ExitCode.OK
    result = invoke(
        "credits",
        "--result",
        saved,
        "--scheme",
        "moej-financing",
        "--participant",
        "A=1",
        "-f",
        "json",
    )
    data = result_of(result.stdout)
    # P1: Japan 5, A 5; P2: Japan ceil(5.5) = 6, A 5
    assert [c for *_, c in parts(data)] == [11, 0, 10]


def test_saved_result_with_the_project_settings(invoke: Invoke, tmp_path: Path) -> None:
    saved = write_result(tmp_path / "result.json", ("2025", 10))
    result = invoke("credits", EXAMPLE, "--result", saved, "-f", "json")
    assert result.exit_code == ExitCode.OK, result.output
    # Japan 5, Thailand ceil(1) = 1, 4 left: 2.4 → 2, 1.6 → 1 + 1 = 2
    assert [c for *_, c in parts(result_of(result.stdout))] == [5, 1, 2, 2]
    other = write_result(tmp_path / "other.json", ("2025", 10), project="ID001")
    result = invoke("credits", EXAMPLE, "--result", other)
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert "ID001" in result.stderr and "TH901" in result.stderr


def test_project_settings_with_issued(invoke: Invoke) -> None:
    result = invoke("credits", EXAMPLE, "--issued", "743", "-f", "json")
    assert result.exit_code == ExitCode.OK
    # as the README example, with the partner named: 372, 75, 178, 118
    assert [c for *_, c in parts(result_of(result.stdout))] == [372, 75, 178, 118]


# --- input that cannot be used ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "nothing to allocate"),
        (("--issued", "5", "--participant", "A=1"), "--scheme"),
        (("--issued", "5", "--result", "r.json", "--scheme", "custom"), "not both"),
        ((EXAMPLE, "--scheme", "custom"), "replace a project's allocation"),
        ((EXAMPLE, "--participant", "A=1"), "replace a project's allocation"),
        (("--issued", "5", "--scheme", "custom", "--participant", "A"), "NAME=SHARE"),
        (
            ("--issued", "5", "--scheme", "custom", "--minimum", "Fund=1/5"),
            "ROLE:NAME=SHARE",
        ),
        (("--issued", "5", "--scheme", "private", "--participant", "A=1"), "private"),
        (("--issued", "5", "--scheme", "custom", "--participant", "A=1", "-f", "xml"), "xml"),
    ],
)
def test_usage_errors_exit_2(invoke: Invoke, args: tuple[str | Path, ...], message: str) -> None:
    result = invoke("credits", *args)
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert message in result.stderr


def test_inconsistent_options_are_all_reported(invoke: Invoke) -> None:
    result = invoke(
        "credits",
        "--issued",
        "5",
        "--scheme",
        "moej-financing",
        "--partner-share",
        "60%",
        "--participant",
        "A=0.5",
        "--participant",
        "B=-0.5",
    )
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    for text in ("--participant 'B=-0.5'", "JCM-A002", "JCM-A003", "JCM-A004"):
        assert text in result.stderr
    result = invoke("credits", "--issued", "-3", "--scheme", "custom", "--participant", "A=1")
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert "JCM-A007" in result.stderr


def test_unusable_result_file_names_the_file_and_key(invoke: Invoke, tmp_path: Path) -> None:
    options = ("--scheme", "custom", "--participant", "A=1")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = invoke("credits", "--result", broken, *options)
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert "broken.json" in result.stderr and "not JSON" in result.stderr
    broken.write_text('{"periods": [{"id": "P1"}]}', encoding="utf-8")
    result = invoke("credits", "--result", broken, *options)
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert "emission_reductions_rounded" in result.stderr


def test_project_without_allocation_exits_2(invoke: Invoke, project_copy: Path) -> None:
    text = project_copy.read_text(encoding="utf-8")
    project_copy.write_text(text[: text.index("# Credit allocation")], encoding="utf-8")
    result = invoke("credits", project_copy, "--issued", "10")
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert "no allocation section" in result.stderr


def test_broken_allocation_is_located_by_credits_and_validate(
    invoke: Invoke, project_copy: Path
) -> None:
    text = project_copy.read_text(encoding="utf-8").replace("share: 0.4", "share: 0.5")
    project_copy.write_text(text, encoding="utf-8")
    line = 2 + text.splitlines().index("  participants:")  # its first item
    result = invoke("credits", project_copy, "--issued", "10")
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert f"{project_copy}:{line}:" in result.stderr and "JCM-A004" in result.stderr
    result = invoke("validate", project_copy, "--format", "json")
    assert result.exit_code == ExitCode.FINDINGS
    found = [(f["code"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    assert ("JCM-A004", line) in found


def test_the_example_project_validates_with_its_allocation(invoke: Invoke) -> None:
    result = invoke("validate", EXAMPLE)
    assert result.exit_code == ExitCode.OK, result.stdout


def test_runs_as_a_subprocess() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "jcm_mrv", *README_EXAMPLE, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
    )
    assert completed.returncode == ExitCode.OK, completed.stderr
    assert result_of(completed.stdout)["issued"] == 743
