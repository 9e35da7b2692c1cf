"""``jcm-mrv verify``, ``bundle``, ``reproduce`` and ``credits --result`` integrity: exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from jcm_mrv.exitcodes import ExitCode

from .conftest import ROOT, Invoke

EXAMPLE = ROOT / "examples" / "chiller-id"
SCHEME = ("--scheme", "custom", "--participant", "A=1")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "chiller"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("*.py"))
    return folder / "project.yaml"


@pytest.fixture
def saved(project: Path, invoke: Invoke) -> Path:
    """The project's result JSON, made by ``calculate --explain``."""
    path = project.parent / "result.json"
    result = invoke("calculate", project, "--explain", "-f", "json", "-o", path)
    assert result.exit_code == ExitCode.OK, result.output
    return path


def change_reading(project: Path) -> None:
    data = project.parent / "chiller-power.csv"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("2025-01-01,CH-1,31000", "2025-01-01,CH-1,124000"), "utf-8")


def edit_rounded(saved: Path, value: int) -> None:
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["result"]["periods"][0]["emission_reductions_rounded"] = value
    saved.write_text(json.dumps(data, indent=2), encoding="utf-8")


def test_verify_a_clean_claim_from_another_folder_and_time_zone(
    project: Path, saved: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TZ": "America/Lima", "LANG": "C"}
    completed = subprocess.run(
        [sys.executable, "-m", "jcm_mrv", "verify", str(project), "--claimed", str(saved)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == ExitCode.OK, completed.stdout + completed.stderr
    assert "No discrepancy" in completed.stdout


def test_verify_after_a_changed_value_exits_1_naming_file_and_period(
    invoke: Invoke, project: Path, saved: Path
) -> None:
    change_reading(project)
    result = invoke("verify", project, "--claimed", saved, "-f", "json")
    assert result.exit_code == ExitCode.FINDINGS
    report = json.loads(result.stdout)["result"]
    assert report["material_periods"] == ["2025-H1"]
    changed = [f for f in report["findings"] if f["code"] == "JCM-V003"]
    assert len(changed) == 1 and "chiller-power.csv" in changed[0]["message"]
    er = next(r for r in report["comparison"] if (r["period"], r["quantity"]) == ("2025-H1", "ER"))
    assert er["difference"] == pytest.approx(er["claimed"] - er["recomputed"])
    assert er["difference"] != 0
    assert report["first_difference"]["symbol"] == "EC_PJ_i_p"


def test_credits_refuses_a_result_whose_inputs_changed(invoke: Invoke, tmp_path: Path) -> None:
    # the solar example has an allocation section, so 'credits PROJECT --result' applies
    folder = tmp_path / "solar"
    shutil.copytree(ROOT / "examples" / "solar-pv-th", folder)
    project = folder / "project.yaml"
    saved = folder / "result.json"
    assert invoke("calculate", project, "-f", "json", "-o", saved).exit_code == ExitCode.OK
    assert invoke("credits", project, "--result", saved).exit_code == ExitCode.OK
    data = folder / "inverter-readings.csv"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("2025-01-01T08:00,INV-01,10.25", "2025-01-01T08:00,INV-01,102.5"))
    result = invoke("credits", project, "--result", saved, "-f", "json")
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    refused = json.loads(result.stdout)
    assert (refused["status"], refused["result"]) == ("unusable", None)
    assert any(
        f["code"] == "JCM-V003" and "inverter-readings.csv" in f["message"]
        for f in refused["findings"]
    )
    trusted = invoke("credits", project, "--result", saved, "-f", "json", "--trust-result")
    assert trusted.exit_code == ExitCode.FINDINGS
    assert json.loads(trusted.stdout)["result"]["issued"] == 132 + 134


def test_credits_refuses_a_hand_edited_result_even_when_trusted(
    invoke: Invoke, saved: Path
) -> None:
    edit_rounded(saved, 810)
    for extra in ((), ("--trust-result",)):
        result = invoke("credits", "--result", saved, *SCHEME, *extra)
        assert result.exit_code == ExitCode.UNUSABLE_INPUT
        assert "JCM-V008" in result.stderr
        assert result.stdout == ""


def test_credits_accepts_an_untouched_result(invoke: Invoke, project: Path, saved: Path) -> None:
    result = invoke("credits", "--result", saved, *SCHEME, "-f", "json")
    assert result.exit_code == ExitCode.OK, result.output
    assert json.loads(result.stdout)["result"]["issued"] == 81 + 90


def test_verify_reports_a_hand_edited_rounded_er(
    invoke: Invoke, project: Path, saved: Path
) -> None:
    edit_rounded(saved, 810)
    result = invoke("verify", project, "--claimed", saved, "-f", "github")
    assert result.exit_code == ExitCode.FINDINGS
    assert "title=JCM-V001" in result.stdout and "title=JCM-V008" in result.stdout


@pytest.mark.parametrize(("er", "code"), [("83.5", ExitCode.OK), ("90.0", ExitCode.FINDINGS)])
def test_claimed_csv_below_and_above_materiality(
    invoke: Invoke, project: Path, er: str, code: ExitCode
) -> None:
    claim = project.parent / "claim.csv"
    claim.write_text(f"period,ER [tCO2]\n2025-H1,{er}\n2025-H2,90.04\n", encoding="utf-8")
    result = invoke("verify", project, "--claimed", claim)
    assert result.exit_code == code, result.output
    expected = "JCM-V011" if code == ExitCode.OK else "JCM-V010"
    assert expected in result.stderr
    assert "2025-H1" in result.stderr


def test_materiality_option(invoke: Invoke, project: Path) -> None:
    claim = project.parent / "claimed.csv"
    assert invoke("verify", project, "-c", claim).exit_code == ExitCode.FINDINGS
    assert invoke("verify", project, "-c", claim, "--materiality", "12%").exit_code == 0
    result = invoke("verify", project, "-c", claim, "--materiality", "lots")
    assert result.exit_code == ExitCode.UNUSABLE_INPUT


def test_verify_formats(invoke: Invoke, project: Path, tmp_path: Path) -> None:
    claim = project.parent / "claimed.csv"
    markdown = invoke("verify", project, "-c", claim, "-f", "markdown")
    assert "**Conclusion:** Material discrepancy in period(s) 2025-H2" in markdown.stdout
    sarif = json.loads(invoke("verify", project, "-c", claim, "-f", "sarif").stdout)
    assert "JCM-V010" in {r["ruleId"] for r in sarif["runs"][0]["results"]}
    out = tmp_path / "report.json"
    written = invoke("verify", project, "-c", claim, "-f", "json", "-o", out)
    assert written.exit_code == ExitCode.FINDINGS
    assert json.loads(out.read_text(encoding="utf-8"))["result"]["material_periods"] == ["2025-H2"]


def test_verify_unusable_claim_exits_2(invoke: Invoke, project: Path) -> None:
    claim = project.parent / "claim.csv"
    claim.write_text("period,remark\n2025-H1,fine\n", encoding="utf-8")
    result = invoke("verify", project, "--claimed", claim)
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert "JCM-V009" in result.stderr


def test_bundle_and_reproduce(invoke: Invoke, project: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "run.zip"
    made = invoke("bundle", project, "-o", bundle)
    assert made.exit_code == ExitCode.OK, made.output
    reproduced = invoke("reproduce", bundle)
    assert reproduced.exit_code == ExitCode.OK, reproduced.output
    assert "Reproduced" in reproduced.stdout
    with zipfile.ZipFile(bundle) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(bundle, "w") as archive:
        for info, data in members:
            if info.filename == "inputs/chiller-power.csv":
                data = data.replace(b"45500", b"45501")
            archive.writestr(info, data)
    changed = invoke("reproduce", bundle, "-f", "json")
    assert changed.exit_code == ExitCode.FINDINGS
    document = json.loads(changed.stdout)
    assert document["result"]["identical"] is False
    assert "inputs/chiller-power.csv" in {f["file"] for f in document["findings"]}


def test_reproduce_refuses_what_is_no_bundle(invoke: Invoke, tmp_path: Path) -> None:
    bogus = tmp_path / "run.zip"
    bogus.write_bytes(b"PK nothing")
    result = invoke("reproduce", bogus)
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert "JCM-V031" in result.stderr
