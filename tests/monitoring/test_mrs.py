"""Reading the Monitoring Spreadsheet's MRS(input) sheet in its official layout.

The workbooks are built here cell by cell, as the official sheets lay them out (a title
block, tables headed by an enumerator row (a)…(k), printed symbols, per-period units,
period strings such as ``1/Jan/2025- 30/Jun/2025``, point numbers ``(1)``), independently
of jcm-mrv's own writer.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from jcm_mrv.engine.calculation import calculate_loaded
from jcm_mrv.engine.results import CalculationResult
from jcm_mrv.findings import codes
from jcm_mrv.findings.errors import InputError
from jcm_mrv.monitoring.mrs import parse_dates, symbol_key
from jcm_mrv.project.loader import load_project


def calculate(project: Path, **options: Any) -> CalculationResult:
    """The engine on a project file (raises InputError when it cannot be used)."""
    return calculate_loaded(load_project(project), **options)


openpyxl = pytest.importorskip("openpyxl")


CHILLER_HEAD = """\
kind: project
id: ID901
title: Chillers (test)
country: ID
methodology: {id: JCM_ID_AM002, version: "02.0"}
monitoring_points: [{id: CH-1}, {id: CH-2}]
monitoring_options: {EC_PJ_i_p: C}
periods:
  - {id: 2025-H1, start: 2025-01-01, end: 2025-06-30}
  - {id: 2025-H2, start: 2025-07-01, end: 2025-12-31}
"""
BANDS = """\
  COP_RE:
    bands:
      - {min: 300, max: 450, value: 5.0}
      - {min: 450, max: 1250, value: 5.2}
"""
YAML_VALUES = """\
parameters:
  EF_elec: {value: 0.8, unit: tCO2/MWh}
  COP_PJ_i: {values: {CH-1: 6.6, CH-2: 6.5}}
  Q_PJ_i: {values: {CH-1: 400, CH-2: 800}, unit: USRt}
  T_cool_out_i: {values: {CH-1: 33, CH-2: 37}, unit: degC}
  T_chill_out_i: {values: {CH-1: 7, CH-2: 7}}
"""
# (period text, point number, printed parameter, value, unit)
MONITORED = [
    ("1/Jan/2025- 30/Jun/2025", "(1)", "EC_PJ,i,p", 181.25, "MWh/p"),
    ("1/Jan/2025- 30/Jun/2025", "(2)", "EC_PJ,i,p", 266_500, "kWh/p"),
    ("1/Jul/2025- 31/Dec/2025", "(1)", "EC_PJ,i,p", 190.5, "MWh/p"),
    ("1/Jul/2025- 31/Dec/2025", "(2)", "EC_PJ,i,p", 270.125, "MWh/p"),
]
CSV = """\
period,point,parameter,value,unit
2025-H1,CH-1,EC_PJ_i_p,181.25,MWh
2025-H1,CH-2,EC_PJ_i_p,266500,kWh
2025-H2,CH-1,EC_PJ_i_p,190.5,MWh
2025-H2,CH-2,EC_PJ_i_p,270.125,MWh
"""
# (point number, printed parameter, value, unit)
FIXED = [
    ("", "EF_elec", 0.8, "tCO2/MWh"),
    ("(1)", "COP_PJ,i", 6.6, "-"),
    ("(2)", "COP_PJ,i", 6.5, "-"),
    ("(1)", "Q_PJ,i", 400, "USRt"),
    ("(2)", "Q_PJ,i", 800, "USRt"),
    ("(1)", "T_cool-out,i", 33, "degC"),
    ("(2)", "T_cool-out,i", 37, "degC"),
    ("(1)", "T_chill-out,i", 7, "degC"),
    ("(2)", "T_chill-out,i", 7, "degC"),
]
MRS_NAMES = [
    "Monitoring period",
    "Monitoring point No.",
    "Parameters",
    "Description of data",
    "Values",
    "Units",
    "Monitoring option",
    "Source of data",
    "Measurement methods and procedures",
    "Monitoring frequency",
    "Other comments",
]
FIXED_NAMES = [
    "Monitoring point No.",
    "Parameters",
    "Description of data",
    "Values",
    "Units",
    "Source of data",
    "Other comments",
]


def official_workbook(
    path: Path,
    monitored: list[tuple[Any, ...]] = MONITORED,
    fixed: list[tuple[Any, ...]] = FIXED,
) -> None:
    """An MRS(input) sheet as the official spreadsheets lay it out."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "MRS(input)"
    sheet.append(["Monitoring Spreadsheet: JCM_ID_AM002 ver02.0"])
    sheet.append(["Reference Number", "ID901"])
    sheet.append([])
    sheet.append(["Table 1: Parameters monitored ex post"])
    sheet.append([f"({chr(97 + k)})" for k in range(11)])
    sheet.append(MRS_NAMES)
    for period, point, parameter, value, unit in monitored:
        sheet.append([period, point, parameter, "Power consumption", value, unit, "Option C"])
    sheet.append([])
    sheet.append(["Table 2: Project-specific parameters to be fixed ex ante"])
    sheet.append([f"({chr(97 + k)})" for k in range(7)])
    sheet.append(FIXED_NAMES)
    for point, parameter, value, unit in fixed:
        sheet.append([point, parameter, "", value, unit, "Specification"])
    sheet.append([])
    sheet.append(["Table 3: Ex-post calculation of CO2 emission reductions"])
    sheet.append(["(a)", "(b)", "(c)"])
    sheet.append(["Monitoring period", "CO2 emission reductions", "Units"])
    sheet.append(["1/Jan/2025- 30/Jun/2025", 1, "tCO2/p"])
    workbook.save(path)


def _projects(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "ec.csv").write_text(CSV, encoding="utf-8")
    official_workbook(tmp_path / "mrs.xlsx")
    csv_project = tmp_path / "csv.yaml"
    csv_project.write_text(
        CHILLER_HEAD + YAML_VALUES + BANDS + "data: [{path: ec.csv, layout: long}]\n"
    )
    mrs_project = tmp_path / "mrs.yaml"
    mrs_project.write_text(
        CHILLER_HEAD
        + "parameters_from: {path: mrs.xlsx}\nparameters:\n"
        + BANDS
        + "data: [{path: mrs.xlsx, layout: mrs}]\n"
    )
    return csv_project, mrs_project


def test_official_sheet_calculates_as_the_equivalent_csv(tmp_path: Path) -> None:
    csv_project, mrs_project = _projects(tmp_path)
    from_csv = calculate(csv_project)
    from_sheet = calculate(mrs_project)
    assert [p.emission_reductions for p in from_sheet.periods] == [
        p.emission_reductions for p in from_csv.periods
    ]
    assert [p.reference_emissions for p in from_sheet.periods] == [
        p.reference_emissions for p in from_csv.periods
    ]
    assert [p.emission_reductions_rounded for p in from_sheet.periods] == [
        p.emission_reductions_rounded for p in from_csv.periods
    ]
    assert from_sheet.periods[0].project_emissions == pytest.approx((181.25 + 266.5) * 0.8)
    assert not [f for f in from_sheet.findings if f.severity.value == "error"]


def test_project_values_come_from_the_sheet(tmp_path: Path) -> None:
    _, mrs_project = _projects(tmp_path)
    loaded = load_project(mrs_project)
    assert loaded.usable, loaded.findings
    assert loaded.values["EF_elec"] == 0.8
    assert loaded.values["COP_PJ_i"] == {"CH-1": 6.6, "CH-2": 6.5}
    assert loaded.values["T_cool_out_i"] == {"CH-1": 33.0, "CH-2": 37.0}


def test_value_given_twice_is_an_error(tmp_path: Path) -> None:
    _, mrs_project = _projects(tmp_path)
    text = mrs_project.read_text().replace("parameters:\n", "parameters:\n  EF_elec: 0.7\n")
    mrs_project.write_text(text)
    loaded = load_project(mrs_project)
    assert [f.code for f in loaded.findings] == [codes.PARAMETER_TWICE.code]


def test_cells_that_do_not_fit_are_findings_with_their_cell(tmp_path: Path) -> None:
    _, mrs_project = _projects(tmp_path)
    monitored = [
        ("1/Jan/2025- 30/Jun/2025", "(1)", "EC_PJ,i,p", 181.25, "MWh/p"),
        ("1/Jan/2025- 30/Jun/2025", "(2)", "EC_PJ,i,p", "n/a", "MWh/p"),  # row 8
        ("1/Jan/2024- 31/Dec/2024", "(1)", "EC_PJ,i,p", 190.5, "MWh/p"),  # row 9
        ("1/Jul/2025- 31/Dec/2025", "(7)", "EC_PJ,i,p", 190.5, "MWh/p"),  # row 10
        ("1/Jul/2025- 31/Dec/2025", "(1)", "EC_XX,i,p", 1.0, "MWh/p"),  # row 11
    ]
    fixed = [*FIXED[:1], ("(1)", "COP_PJ,i", "six", "-"), *FIXED[2:]]
    official_workbook(tmp_path / "mrs.xlsx", monitored, fixed)
    loaded = load_project(mrs_project)
    bad_value = [f for f in loaded.findings if f.code == codes.DATA_NOT_A_NUMBER.code]
    assert [(f.sheet, f.row, f.cell) for f in bad_value] == [("MRS(input)", 17, "D17")]
    mrs_project.write_text(
        mrs_project.read_text().replace(
            "parameters_from: {path: mrs.xlsx}\nparameters:\n", YAML_VALUES
        )
    )
    with pytest.raises(InputError) as raised:
        calculate(mrs_project)
    found = {(f.code, f.cell) for f in raised.value.findings}
    assert (codes.DATA_NOT_A_NUMBER.code, "E8") in found
    assert (codes.DATA_UNKNOWN_PERIOD.code, "A9") in found
    assert (codes.DATA_UNKNOWN_POINT.code, "B10") in found
    assert (codes.DATA_UNKNOWN_PARAMETER.code, "C11") in found


def test_printed_symbols_and_period_strings() -> None:
    assert symbol_key("EC_{PJ,i,p}") == symbol_key("EC_PJ,i,p") == "EC_PJ_i_p"
    assert symbol_key("EG_i, p") == "EG_i_p"
    assert parse_dates("1/Jan/2017- 31/Dec/2017") == [
        datetime.date(2017, 1, 1),
        datetime.date(2017, 12, 31),
    ]
    assert parse_dates("2017-01-01 - 2017-03-31") == [
        datetime.date(2017, 1, 1),
        datetime.date(2017, 3, 31),
    ]
    assert parse_dates("31/Feb/2017 - 1/Mar/2017") is None
