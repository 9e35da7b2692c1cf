"""Plausibility through ``jcm-mrv calculate`` on a copy of chiller-id (issue 11, item 6).

Hand-worked: CH-1 is rated 400 USRt at a COP of 6.6, so it draws at most
400 x 3.516853 kW / 6.6 = 213.14 kW: 158.578 MWh in January (744 h). CH-2 (800 USRt,
COP 6.5) at most 432.84 kW: 322.036 MWh in March (744 h).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tests.cli.conftest import ROOT, Invoke

from jcm_mrv.exitcodes import ExitCode


def _chiller(tmp_path: Path) -> tuple[Path, Path]:
    target = tmp_path / "chiller-id"
    shutil.copytree(ROOT / "examples" / "chiller-id", target)
    return target / "project.yaml", target / "chiller-power.csv"


def _run(invoke: Invoke, project: Path) -> tuple[int, dict[str, Any]]:
    result = invoke("calculate", project, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_the_example_as_bundled_is_plausible(tmp_path: Path, invoke: Invoke) -> None:
    project, _ = _chiller(tmp_path)
    code, document = _run(invoke, project)
    assert code == ExitCode.OK
    codes = {f["code"] for f in document["findings"]}
    assert not codes & {"JCM-D015", "JCM-D045", "JCM-D046"}


def test_kwh_values_under_an_mwh_label_are_an_error_at_each_cell_with_the_unit_hint(
    tmp_path: Path, invoke: Invoke
) -> None:
    project, csv = _chiller(tmp_path)
    text = csv.read_text(encoding="utf-8")
    csv.write_text(text.replace("EC_PJ_i_p [kWh]", "EC_PJ_i_p [MWh]", 1), encoding="utf-8")
    code, document = _run(invoke, project)
    assert code in (ExitCode.FINDINGS, ExitCode.UNUSABLE_INPUT)
    assert document["result"] is None  # no number at all
    first = document["findings"][0]
    assert first["code"] == "JCM-D015" and first["severity"] == "error"
    assert (first["row"], first["field"]) == (2, "EC_PJ_i_p [MWh]")  # 2025-01-01, CH-1
    assert first["file"].endswith("chiller-power.csv")
    assert "31000 MWh is above the maximum 158.578 MWh" in first["message"]
    assert "Q_PJ_i / COP_PJ_i * duration, for 744 h" in first["message"]
    assert "unit label is probably wrong" in first["hint"]
    assert "kWh values under an [MWh] label" in first["hint"]


def test_one_month_at_12_mw_is_an_error_naming_the_cell(tmp_path: Path, invoke: Invoke) -> None:
    project, csv = _chiller(tmp_path)
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(n for n, line in enumerate(lines) if line.startswith("2025-03-01,CH-2,"))
    lines[row] = "2025-03-01,CH-2,8928000\n"  # 12 MW x 744 h, in kWh
    csv.write_text("".join(lines), encoding="utf-8")
    code, document = _run(invoke, project)
    assert code in (ExitCode.FINDINGS, ExitCode.UNUSABLE_INPUT)
    assert document["result"] is None
    errors = [f for f in document["findings"] if f["severity"] == "error"]
    assert [(f["code"], f["row"]) for f in errors] == [("JCM-D015", row + 1)]
    assert "CH-2' = 8928 MWh is above the maximum 322.036 MWh" in errors[0]["message"]
    assert errors[0]["hint"] is None  # 28 times the bound: an excess, not a unit label


def test_methodologies_show_gives_the_bound_expression(invoke: Invoke) -> None:
    result = invoke("methodologies", "show", "JCM_ID_AM002", "--format", "json")
    assert result.exit_code == ExitCode.OK
    parameters = {p["symbol"]: p for p in json.loads(result.stdout)["parameters"]}
    assert parameters["EC_PJ_i_p"]["bounds"] == "0 to Q_PJ_i / COP_PJ_i * duration"
