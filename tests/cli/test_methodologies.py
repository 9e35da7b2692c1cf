"""``jcm-mrv methodologies list`` and ``show``: the catalogue and one methodology's tables."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from jcm_mrv.exitcodes import ExitCode
from jcm_mrv.methodology.registry import bundled

from .conftest import METHODOLOGIES, ROOT, Invoke

BUNDLED = [pytest.param(e.id, id=e.id) for e in bundled()]
CHILLER_WITH_TABLE = ROOT / "docs" / "methodology-format.md"
"""Its complete example (a draft) has a lookup table and a numeric eligibility condition."""


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_list_json_names_every_bundled_methodology(invoke: Invoke) -> None:
    result = invoke("methodologies", "list", "--format", "json")
    assert result.exit_code == ExitCode.OK
    listed = json.loads(result.stdout)["methodologies"]
    assert [(m["id"], m["version"]) for m in listed] == [(e.id, e.version) for e in bundled()]
    solar = next(m for m in listed if m["id"] == "JCM_TH_AM001")
    assert solar == {
        "id": "JCM_TH_AM001",
        "version": "01.0",
        "title": "Installation of Solar PV System",
        "countries": ["TH"],
        "sectoral_scopes": [1],
        "status": "approved",
        "jcm_methodology": True,
        "notice": None,
        "family": "solar-pv",
        "proponent": "Pacific Consultants",
        "approved": "2016-08-23",
        "page": "https://www.jcm.go.jp/th-jp/methodologies/39",
        "unconfirmed": ["title"],
        "file": "JCM_TH_AM001.yaml",
    }


@pytest.mark.parametrize("output_format", ["table", "markdown"])
def test_list_for_people(invoke: Invoke, output_format: str) -> None:
    result = invoke("methodologies", "list", "--format", output_format)
    assert result.exit_code == ExitCode.OK
    for entry in bundled():
        assert entry.id in result.stdout
    assert "Installation of Solar PV System" in result.stdout


def test_list_writes_a_file(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "list.json"
    result = invoke("methodologies", "list", "-f", "json", "-o", target)
    assert result.exit_code == ExitCode.OK
    assert result.stdout == ""
    listed = json.loads(target.read_text(encoding="utf-8"))["methodologies"]
    assert "JCM_TH_AM001" in [m["id"] for m in listed]


def test_show_gives_the_monitoring_plan_table_and_readable_equations(invoke: Invoke) -> None:
    result = invoke("methodologies", "show", "JCM_TH_AM001", "--format", "json")
    assert result.exit_code == ExitCode.OK
    shown = json.loads(result.stdout)
    parameters = {p["symbol"]: p for p in shown["parameters"]}
    # monitored first, as the MPS lists them; then the project's, P_out_i optional
    assert list(parameters) == ["EG_i_p", "EF_RE", "P_out_i"]
    assert parameters["EG_i_p"] | {"description": ""} == {
        "symbol": "EG_i_p",
        "printed": "EG_{i,p}",
        "description": "",
        "unit": "MWh",
        "kind": "monitored",
        "index": ["i", "p"],
        "options": ["C"],
        "default": None,
        "source": None,
        "bounds": "0 to P_out_i * duration",
        "measurement": "Measured by a power meter at the output of the PV system's inverters.",
        "frequency": "Continuous, aggregated per monitoring period",
        "aggregation": "sum",
        "direction": "raises",
        "choices": None,
        "required": True,
    }
    assert parameters["EF_RE"]["kind"] == "project"
    assert parameters["EF_RE"]["bounds"] == "0 to 1.5"
    assert "[open]" in parameters["EF_RE"]["source"]
    equations = {e["symbol"]: e for e in shown["equations"]}
    assert equations["RE_p"]["expression"] == "sum(EG_i_p * EF_RE, i)"
    assert equations["RE_p"]["output"] == "reference emissions"
    assert equations["PE_p"]["expression"] == "0"
    assert [c["id"] for c in shown["eligibility"]] == ["C1", "C2", "C3"]


def test_show_table_keeps_the_confidence_marks(invoke: Invoke) -> None:
    result = invoke("methodologies", "show", "JCM_TH_AM001")
    assert result.exit_code == ExitCode.OK
    text = _flat(result.stdout)
    assert "RE_p = sum(EG_i_p * EF_RE, i)" in text
    assert "Parameters (Monitoring Plan Sheet)" in text
    # rich would swallow "[open]" as a style tag if the cells were not escaped
    assert "[open]" in text
    assert "[likely]" in text


def test_show_markdown_of_a_file_with_a_lookup_table(invoke: Invoke, tmp_path: Path) -> None:
    page = CHILLER_WITH_TABLE.read_text(encoding="utf-8")
    start = page.index("```yaml\n# yaml-language-server", page.index("## Complete example"))
    body = page[start + len("```yaml\n") : page.index("```\n", start + 8)]
    path = tmp_path / "DRAFT_ID_CHILLER_EXAMPLE.yaml"
    path.write_text(body, encoding="utf-8")
    result = invoke("methodologies", "show", path, "--format", "markdown")
    assert result.exit_code == ExitCode.OK, result.output
    assert (
        "# DRAFT_ID_CHILLER_EXAMPLE version 01.0: High-efficiency centrifugal chiller"
        in result.stdout
    )
    assert "- Status: draft (not a JCM methodology)" in result.stdout
    assert (
        "by cooling capacity [USRt]: < 300: 5.3; 300–450: 5.5; 450–500: 5.6; ≥ 500: 5.8"
        in result.stdout
    )
    assert (
        "| C1 | The COP of the project chiller is more than 6.0. | condition `COP_PJ_i > 6` |"
        in (result.stdout)
    )
    assert "| `COP_RE_i = lookup(COP_RE, Q_PJ_i)` | dimensionless | i |" in result.stdout


@pytest.mark.parametrize("ident", BUNDLED)
def test_every_bundled_methodology_can_be_shown(invoke: Invoke, ident: str) -> None:
    result = invoke("methodologies", "show", ident, "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    shown = json.loads(result.stdout)
    assert shown["id"] == ident
    assert {p["kind"] for p in shown["parameters"]} <= {"monitored", "project", "default"}
    outputs = {e["output"] for e in shown["equations"]} - {None}
    assert outputs == {"reference emissions", "project emissions", "emission reductions"}


def test_show_a_version(invoke: Invoke) -> None:
    assert invoke("methodologies", "show", "JCM_TH_AM001", "--version", "01.0").exit_code == 0
    missing = invoke("methodologies", "show", "JCM_TH_AM001", "--version", "09.0")
    assert missing.exit_code == ExitCode.UNUSABLE_INPUT
    assert "bundled versions: JCM_TH_AM001 01.0" in _flat(missing.output)


def test_show_an_unknown_id_suggests_a_close_one(invoke: Invoke) -> None:
    result = invoke("methodologies", "show", "JCM-TH-AM001")
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert "did you mean 'JCM_TH_AM001'?" in _flat(result.output)


def test_show_a_file_with_errors_exits_2(invoke: Invoke, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    shutil.copy(METHODOLOGIES / "JCM_TH_AM001.yaml", broken)
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("unit: MWh", "unit: furlongs"),
        encoding="utf-8",
    )
    result = invoke("methodologies", "show", broken)
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert "JCM-U002" in result.output  # the formula no longer gives tCO2


def test_the_group_without_a_command_shows_help(invoke: Invoke) -> None:
    result = invoke("methodologies")
    assert "list" in result.output
    assert "show" in result.output
