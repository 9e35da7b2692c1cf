"""A PV system's rated output bounds its readings, through ``jcm-mrv`` (issue 11, item 6).

On a copy of ``examples/solar-pv-th``: 15-minute readings, and the optional ``P_out_i``
(the inverters' rated AC output) of 50 kW at INV-01, 60 kW at INV-02, 40 kW at INV-03.
Hand-worked: a 15-minute reading at INV-01 may be at most 50 kW x 0.25 h = 12.5 kWh =
0.0125 MWh; its daylight reading of 10.25 kWh written under an ``[MWh]`` label is
10.25 / 0.0125 = 820 times that (the unit hint's range is 100 to 1,000 times). At INV-02
the limit is 60 kW x 0.25 h = 15 kWh: 16 kWh is above it, 1.07 times (no unit hint).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from tests.cli.conftest import ROOT, Invoke

from jcm_mrv.exitcodes import ExitCode

HEADER = "timestamp,point,EG_i_p [kWh]"


def _solar(tmp_path: Path) -> tuple[Path, Path]:
    target = tmp_path / "solar-pv-th"
    shutil.copytree(ROOT / "examples" / "solar-pv-th", target)
    return target / "project.yaml", target / "inverter-readings.csv"


def _run(invoke: Invoke, project: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = invoke("calculate", project, "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def _edit_parameters(project: Path, change: Any) -> None:
    data = yaml.safe_load(project.read_text(encoding="utf-8"))
    change(data["parameters"])
    project.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _over_capacity(csv: Path) -> int:
    """INV-02's reading at noon on 2 January set to 16 kWh; its 1-based row."""
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(n for n, line in enumerate(lines) if line.startswith("2025-01-02T12:00,INV-02,"))
    lines[row] = "2025-01-02T12:00,INV-02,16\n"
    csv.write_text("".join(lines), encoding="utf-8")
    return row + 1


def _credits(document: dict[str, Any]) -> list[int]:
    return [p["emission_reductions_rounded"] for p in document["result"]["periods"]]


def test_the_example_with_its_capacities_is_plausible(tmp_path: Path, invoke: Invoke) -> None:
    project, _ = _solar(tmp_path)
    code, document = _run(invoke, project)
    assert code == ExitCode.OK
    assert document["findings"] == []


def test_kwh_values_under_an_mwh_label_are_an_error_with_the_unit_hint(
    tmp_path: Path, invoke: Invoke
) -> None:
    project, csv = _solar(tmp_path)
    text = csv.read_text(encoding="utf-8")
    csv.write_text(text.replace(HEADER, "timestamp,point,EG_i_p [MWh]", 1), encoding="utf-8")
    code, document = _run(invoke, project)
    assert code == ExitCode.UNUSABLE_INPUT  # the data cannot be used: no figure at all
    assert document["result"] is None
    first = document["findings"][0]
    assert (first["code"], first["severity"]) == ("JCM-D015", "error")
    assert first["file"] == "inverter-readings.csv"
    assert (first["row"], first["field"]) == (74, "EG_i_p [MWh]")  # 2025-01-01T06:00, INV-01
    assert "'INV-01' = 10.25 MWh is above the maximum 0.0125 MWh" in first["message"]
    assert "(= P_out_i * duration, for 0.25 h)" in first["message"]
    assert "820 times the maximum" in first["hint"]
    assert "kWh values under an [MWh] label" in first["hint"]


def test_one_reading_above_rated_output_is_an_error_naming_file_and_row(
    tmp_path: Path, invoke: Invoke
) -> None:
    project, csv = _solar(tmp_path)
    row = _over_capacity(csv)
    code, document = _run(invoke, project)
    assert code == ExitCode.UNUSABLE_INPUT
    assert document["result"] is None
    errors = [f for f in document["findings"] if f["severity"] == "error"]
    assert [(f["code"], f["file"], f["row"]) for f in errors] == [
        ("JCM-D015", "inverter-readings.csv", row)
    ]
    assert "'INV-02' = 0.016 MWh is above the maximum 0.015 MWh" in errors[0]["message"]
    assert errors[0]["hint"] is None  # 1.07 times the bound: an excess, not a unit label


def test_without_the_capacity_the_same_data_pass_with_one_warning(
    tmp_path: Path, invoke: Invoke
) -> None:
    project, csv = _solar(tmp_path)
    _over_capacity(csv)
    _edit_parameters(project, lambda parameters: parameters.pop("P_out_i"))
    code, document = _run(invoke, project)
    assert code == ExitCode.OK
    assert document["result"] is not None
    (warning,) = document["findings"]
    assert (warning["code"], warning["severity"]) == ("JCM-P024", "warning")
    assert warning["file"].endswith("project.yaml") and warning["line"] is not None
    assert "the max of EG_i_p (P_out_i * duration) is not checked" in warning["message"]
    assert (
        "add under parameters: P_out_i: {unit: kW, values: {INV-01: …, INV-02: …, INV-03: …}}"
        in (warning["hint"])
    )
    strict, _ = _run(invoke, project, "--strict")
    assert strict == ExitCode.FINDINGS


def test_the_capacity_does_not_change_the_credits(tmp_path: Path, invoke: Invoke) -> None:
    project, _ = _solar(tmp_path)
    _, given = _run(invoke, project)
    _edit_parameters(project, lambda parameters: parameters.pop("P_out_i"))
    _, left_out = _run(invoke, project)
    assert _credits(given) == _credits(left_out) == [132, 134]


def test_a_capacity_for_some_points_only_is_an_error(tmp_path: Path, invoke: Invoke) -> None:
    project, _ = _solar(tmp_path)
    _edit_parameters(project, lambda parameters: parameters["P_out_i"]["values"].pop("INV-03"))
    code, document = _run(invoke, project)
    assert code == ExitCode.UNUSABLE_INPUT
    (finding,) = [f for f in document["findings"] if f["severity"] == "error"]
    assert finding["code"] == "JCM-P005"
    assert "P_out_i: values missing for INV-03" in finding["message"]
    assert "give it for every point, or leave it out" in finding["hint"]


def test_a_capacity_in_mw_is_converted(tmp_path: Path, invoke: Invoke) -> None:
    # 0.05 MW = 50 kW at INV-01: 10.25 kWh in 15 minutes is 41 kW, within it
    project, _ = _solar(tmp_path)

    def in_mw(parameters: dict[str, Any]) -> None:
        parameters["P_out_i"] = {
            "unit": "MW",
            "values": {"INV-01": 0.05, "INV-02": 0.06, "INV-03": 0.04},
        }

    _edit_parameters(project, in_mw)
    code, document = _run(invoke, project)
    assert code == ExitCode.OK and document["findings"] == []
    # 0.04 MW at INV-01 allows 10 kWh in 15 minutes: its 10.25 kWh readings are above it

    def lower(parameters: dict[str, Any]) -> None:
        parameters["P_out_i"]["values"]["INV-01"] = 0.04

    _edit_parameters(project, lower)
    code, document = _run(invoke, project)
    assert code == ExitCode.UNUSABLE_INPUT
    first = document["findings"][0]
    assert "'INV-01' = 0.01025 MWh is above the maximum 0.01 MWh" in first["message"]


def test_set_does_not_take_an_optional_value(tmp_path: Path, invoke: Invoke) -> None:
    project, _ = _solar(tmp_path)
    code, document = _run(invoke, project, "--set", "P_out_i=1000")
    assert code == ExitCode.UNUSABLE_INPUT
    assert [f["code"] for f in document["findings"]] == ["JCM-P014"]
    assert "optional" in document["findings"][0]["message"]


def test_methodologies_show_marks_the_capacity_optional(invoke: Invoke) -> None:
    result = invoke("methodologies", "show", "JCM_TH_AM001", "--format", "json")
    assert result.exit_code == ExitCode.OK
    parameters = {p["symbol"]: p for p in json.loads(result.stdout)["parameters"]}
    assert parameters["P_out_i"]["required"] is False and parameters["P_out_i"]["unit"] == "kW"
    assert parameters["EF_RE"]["required"] is True
    assert parameters["EG_i_p"]["bounds"] == "0 to P_out_i * duration"
    markdown = invoke("methodologies", "show", "JCM_TH_AM001", "--format", "markdown")
    assert "| kW | project (optional) | i |" in markdown.stdout


def _table_2_symbols(workbook: Path) -> list[str]:
    book = openpyxl.load_workbook(workbook, read_only=True)
    try:
        rows = book["MRS(input)"].iter_rows(values_only=True)
        return [str(row[1]) for row in rows if row[1] is not None]
    finally:
        book.close()  # a read-only workbook keeps its file open until closed


def test_the_report_workbook_shows_the_capacity_only_when_given(
    tmp_path: Path, invoke: Invoke
) -> None:
    project, _ = _solar(tmp_path)
    given = tmp_path / "given.xlsx"
    assert invoke("report", project, "--format", "xlsx", "-o", given).exit_code == ExitCode.OK
    assert "P_out,i" in _table_2_symbols(given)
    _edit_parameters(project, lambda parameters: parameters.pop("P_out_i"))
    left_out = tmp_path / "left-out.xlsx"
    result = invoke("report", project, "--format", "xlsx", "-o", left_out)
    assert result.exit_code == ExitCode.OK
    symbols = _table_2_symbols(left_out)
    assert "EF_RE" in symbols and "P_out,i" not in symbols


def test_the_estimate_runs_with_and_without_the_capacity(tmp_path: Path, invoke: Invoke) -> None:
    project, _ = _solar(tmp_path)
    with_capacity = invoke("estimate", project, "--format", "json")
    assert with_capacity.exit_code == ExitCode.OK
    _edit_parameters(project, lambda parameters: parameters.pop("P_out_i"))
    without = invoke("estimate", project, "--format", "json")
    assert without.exit_code == ExitCode.OK
    annual = [json.loads(r.stdout)["result"]["annual"] for r in (with_capacity, without)]
    assert annual[0] == annual[1]
    assert annual[0]["emission_reductions_rounded"] == 814


def test_the_template_leaves_the_capacity_commented_out(tmp_path: Path, invoke: Invoke) -> None:
    out = tmp_path / "new"
    result = invoke("template", "JCM_TH_AM001", "--point", "INV-01", "-o", out)
    assert result.exit_code == ExitCode.OK
    text = (out / "project.yaml").read_text(encoding="utf-8")
    assert "  # P_out_i:\n    # values:\n      # INV-01: null  # FILL IN: a number in kW" in text
    assert "P_out_i" not in yaml.safe_load(text)["parameters"]
    # uncommented and filled in, it is a value like any other
    filled = text.replace(
        "  # P_out_i:\n    # values:\n      # INV-01: null",
        "  P_out_i:\n    values:\n      INV-01: 50",
    )
    filled = filled.replace("    # unit: kW\n", "    unit: kW\n")
    assert yaml.safe_load(filled)["parameters"]["P_out_i"] == {
        "values": {"INV-01": 50},
        "unit": "kW",
    }


DAILY = {  # example → its generation file (daily readings, kWh, per point)
    "solar-pv-battery-id": "readings.csv",
    "solar-pv-bd": "readings.csv",
    "solar-pv-cl": "readings.csv",
    "solar-pv-ke": "inverter-daily.csv",
    "solar-pv-kh": "inverter-daily.csv",
    "solar-pv-mn": "readings.csv",
    "solar-pv-mv": "readings.csv",
    "solar-pv-vn": "readings.csv",
    "hydro-ke": "readings.csv",
    "hydro-ph": "readings.csv",
}


@pytest.mark.parametrize("example", sorted(DAILY))
def test_every_pv_and_hydro_example_catches_kwh_under_an_mwh_label(
    tmp_path: Path, invoke: Invoke, example: str
) -> None:
    # each declares capacities a daily reading stays under; written in MWh, a reading is
    # 1,000 times larger: e.g. 1,000 kWh a day at 250 kW (6,000 kWh a day) becomes
    # 1,000 MWh against 6 MWh, 167 times the bound, so the unit hint comes with it
    target = tmp_path / example
    shutil.copytree(ROOT / "examples" / example, target)
    clean, document = _run(invoke, target / "project.yaml")
    assert clean == ExitCode.OK
    assert not {f["code"] for f in document["findings"]} & {"JCM-D015", "JCM-P024"}
    csv = target / DAILY[example]
    header, rest = csv.read_text(encoding="utf-8").split("\n", 1)
    assert header.endswith(" [kWh]")
    csv.write_text(header.replace(" [kWh]", " [MWh]") + "\n" + rest, encoding="utf-8")
    code, document = _run(invoke, target / "project.yaml")
    assert code == ExitCode.UNUSABLE_INPUT and document["result"] is None
    first = document["findings"][0]
    assert (first["code"], first["row"]) == ("JCM-D015", 2)
    assert "P_out_i * duration, for 24 h" in first["message"]
    assert "kWh values under an [MWh] label" in first["hint"]
