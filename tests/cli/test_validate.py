"""``jcm-mrv validate``: exit codes, output formats, directories, and a light start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import jcm_mrv
from jcm_mrv.exitcodes import ExitCode
from jcm_mrv.findings import Finding, Severity
from jcm_mrv.render.findings import to_github

from .conftest import CLEAN, METHODOLOGIES, ROOT, UNKNOWN_NAME, UNUSED_PARAMETER, Invoke

FINDING_KEYS = {"code", "severity", "file", "line", "column", "message"}


# --- exit codes ----------------------------------------------------------------------------


def test_bundled_methodologies_are_clean(invoke: Invoke) -> None:
    result = invoke("validate", METHODOLOGIES)
    assert result.exit_code == ExitCode.OK
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_version_prints_the_version(invoke: Invoke) -> None:
    for flag in ("--version", "-V"):
        result = invoke(flag)
        assert result.exit_code == ExitCode.OK
        assert result.stdout == f"jcm-mrv {jcm_mrv.__version__}\n"


def test_errors_exit_1(invoke: Invoke) -> None:
    result = invoke("validate", UNKNOWN_NAME)
    assert result.exit_code == ExitCode.FINDINGS
    assert "JCM-F003" in result.stdout
    assert f"{UNKNOWN_NAME}:121:" in result.stdout


def test_warnings_exit_0_and_1_under_strict(invoke: Invoke) -> None:
    assert invoke("validate", UNUSED_PARAMETER).exit_code == ExitCode.OK
    assert invoke("validate", "--strict", UNUSED_PARAMETER).exit_code == ExitCode.FINDINGS
    assert invoke("validate", "--strict", CLEAN).exit_code == ExitCode.OK


def test_path_that_does_not_exist_exits_2(invoke: Invoke, tmp_path: Path) -> None:
    absent = tmp_path / "absent.yaml"
    result = invoke("validate", "--format", "json", absent)
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["JCM-Y001"]
    # an unreadable path wins over the findings of the other files
    assert invoke("validate", UNKNOWN_NAME, absent).exit_code == ExitCode.UNUSABLE_INPUT


def test_unknown_format_is_a_usage_error(invoke: Invoke) -> None:
    assert invoke("validate", "--format", "xml", CLEAN).exit_code == ExitCode.UNUSABLE_INPUT


def test_file_of_another_kind_is_a_finding(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text("kind: recipe\n", encoding="utf-8")
    result = invoke("validate", "--format", "json", path)
    assert result.exit_code == ExitCode.FINDINGS
    finding = json.loads(result.stdout)["findings"][0]
    assert (finding["code"], finding["line"], finding["column"]) == ("JCM-S003", 1, 7)


# --- formats -------------------------------------------------------------------------------


def test_json_is_an_object_with_located_findings(invoke: Invoke) -> None:
    result = invoke("validate", "--format", "json", UNKNOWN_NAME, CLEAN)
    assert result.exit_code == ExitCode.FINDINGS
    report = json.loads(result.stdout)
    assert report["status"] == "findings"
    assert report["summary"] == {"errors": 1, "warnings": 0, "infos": 0}
    assert report["result"]["files"] == [str(UNKNOWN_NAME), str(CLEAN)]
    [finding] = report["findings"]
    assert set(finding) >= FINDING_KEYS
    assert finding["code"] == "JCM-F003"
    assert finding["severity"] == "error"
    assert finding["file"] == str(UNKNOWN_NAME)
    # "    expression: RE_p - PE_P": the unknown name starts at column 24
    assert (finding["line"], finding["column"]) == (121, 24)
    assert finding["path"] == "equations.ER_p.expression"
    assert "PE_P" in finding["message"]
    assert "PE_p" in finding["hint"]


def test_json_of_a_clean_file_has_no_findings(invoke: Invoke) -> None:
    report = json.loads(invoke("validate", "-f", "json", CLEAN).stdout)
    assert report == {
        "status": "clean",
        "message": None,
        "summary": {"errors": 0, "warnings": 0, "infos": 0},
        "findings": [],
        "result": {"files": [str(CLEAN)], "unreadable": []},
    }


def test_github_annotations(invoke: Invoke) -> None:
    result = invoke("validate", "--format", "github", UNKNOWN_NAME, UNUSED_PARAMETER)
    assert result.exit_code == ExitCode.FINDINGS
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"::error file={UNKNOWN_NAME},line=121,col=24,title=JCM-F003::")
    assert lines[1].startswith(
        f"::warning file={UNUSED_PARAMETER},line=59,col=3,title=JCM-M002::parameter EF_grid"
    )
    assert len(lines) == 2


def test_github_escapes_messages_and_properties() -> None:
    finding = Finding(
        code="JCM-U001",
        severity=Severity.ERROR,
        message="50% of\r\nthe lines: a, b",
        file="dir/a:b,c.yaml",
        line=3,
        column=4,
        hint="100%",
    )
    assert to_github([finding]) == (
        "::error file=dir/a%3Ab%2Cc.yaml,line=3,col=4,title=JCM-U001"
        "::50%25 of%0D%0Athe lines: a, b (100%25)\n"
    )


def test_github_escapes_a_file_name_and_a_message_from_a_real_run(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "odd:name,1.yaml"
    text = CLEAN.read_text(encoding="utf-8").replace("unit: kL\n", "unit: '%diesel'\n")
    path.write_text(text, encoding="utf-8")
    result = invoke("validate", "--format", "github", path)
    assert result.exit_code == ExitCode.FINDINGS
    first = result.stdout.splitlines()[0]
    escaped_name = str(path).replace(":", "%3A").replace(",", "%2C")
    assert first.startswith(f"::error file={escaped_name},line=")
    assert "%25diesel" in first and "'%diesel'" not in first


def test_sarif_log(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke("validate", "--format", "sarif", UNKNOWN_NAME, UNUSED_PARAMETER)
    assert result.exit_code == ExitCode.FINDINGS
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    assert "sarif" in log["$schema"]
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "jcm-mrv"
    assert driver["version"] == jcm_mrv.__version__
    assert {rule["id"] for rule in driver["rules"]} == {"JCM-F003", "JCM-M002"}
    assert all(rule["shortDescription"]["text"] for rule in driver["rules"])
    results = {r["ruleId"]: r for r in run["results"]}
    assert results["JCM-F003"]["level"] == "error"
    assert results["JCM-M002"]["level"] == "warning"
    location = results["JCM-F003"]["locations"][0]["physicalLocation"]
    # relative to the directory jcm-mrv ran in, which the log names as %SRCROOT%
    assert location["artifactLocation"] == {
        "uri": "tests/methodology/broken/23-unknown-name.yaml",
        "uriBaseId": "%SRCROOT%",
    }
    assert "originalUriBaseIds" not in run  # no absolute path: the same log anywhere
    assert location["region"] == {"startLine": 121, "startColumn": 24}
    assert "PE_P" in results["JCM-F003"]["message"]["text"]


def test_table_names_location_code_and_message(invoke: Invoke) -> None:
    result = invoke("validate", UNKNOWN_NAME)
    assert "JCM-F003" in result.stdout
    assert "unknown name" in result.stdout
    assert "1 file checked: 1 error(s), 0 warning(s)" in result.stdout


# --- output file and directories -----------------------------------------------------------


def test_output_file_receives_the_report(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "reports" / "findings.json"
    target.parent.mkdir()
    result = invoke("validate", "--format", "json", "-o", target, UNKNOWN_NAME)
    assert result.exit_code == ExitCode.FINDINGS
    assert result.stdout == ""
    report = json.loads(target.read_text(encoding="utf-8"))
    assert [f["code"] for f in report["findings"]] == ["JCM-F003"]


def test_table_to_a_file_is_plain_lines(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "findings.txt"
    result = invoke("validate", "--output", target, UNKNOWN_NAME)
    assert result.exit_code == ExitCode.FINDINGS
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith(f"{UNKNOWN_NAME}:121:24: JCM-F003 error: unknown name")
    assert lines[-1] == "1 file(s) checked: 1 error(s), 0 warning(s)"


def test_directories_are_searched_recursively(invoke: Invoke, tmp_path: Path) -> None:
    deeper = tmp_path / "a" / "b"
    deeper.mkdir(parents=True)
    (tmp_path / "a" / "clean.yaml").write_bytes(CLEAN.read_bytes())
    (deeper / "broken.yml").write_bytes(UNKNOWN_NAME.read_bytes())
    (deeper / "notes.txt").write_text("kind: nonsense\n", encoding="utf-8")
    result = invoke("validate", "--format", "json", tmp_path)
    assert result.exit_code == ExitCode.FINDINGS
    report = json.loads(result.stdout)
    assert len(report["result"]["files"]) == 2
    assert [f["file"] for f in report["findings"]] == [str(deeper / "broken.yml")]


def test_empty_directory_is_clean(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("validate", tmp_path)
    assert result.exit_code == ExitCode.OK
    assert "0 files checked" in result.stdout


# --- the real command ------------------------------------------------------------------------


def run_python(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the interpreter running the tests, with jcm_mrv importable, from the repository."""
    source = str(Path(jcm_mrv.__file__).parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )


def test_command_runs_as_a_process() -> None:
    clean = run_python("-m", "jcm_mrv", "validate", "methodologies")
    assert clean.returncode == ExitCode.OK, clean.stderr
    broken = run_python("-m", "jcm_mrv", "validate", "--format", "json", str(UNKNOWN_NAME))
    assert broken.returncode == ExitCode.FINDINGS
    assert "Traceback" not in broken.stderr
    assert json.loads(broken.stdout)["findings"][0]["code"] == "JCM-F003"


HEAVY = ("numpy", "pint", "openpyxl", "pydantic", "yaml")
PROBE = """
import json, sys
sys.argv = ["jcm-mrv", *{args!r}]
from jcm_mrv.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({{"code": code, "loaded": [m for m in {heavy!r} if m in sys.modules]}}))
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["validate", "--help"]], ids=" ".join)
def test_help_and_version_do_not_import_heavy_modules(args: list[str]) -> None:
    process = run_python("-c", PROBE.format(args=args, heavy=HEAVY))
    assert process.returncode == 0, process.stderr
    probe = json.loads(process.stdout.splitlines()[-1])
    assert probe["code"] in (0, None)
    assert "numpy" not in probe["loaded"] and "pint" not in probe["loaded"], probe
