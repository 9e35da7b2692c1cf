"""Sheets with a title block above the table: the declared header row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from jcm_mrv.monitoring import ParameterSpec, PeriodSpec, SourceSpec, read_monitoring_data

SPECS = {"EG_i_p": ParameterSpec("EG_i_p", "MWh", per_point=True)}
PERIODS = [PeriodSpec("P1", date(2025, 1, 1), date(2025, 1, 31))]
TITLE = ["Monitoring Report Sheet, MRS(input)", "Project: TH901 (illustrative)", ""]
TABLE = ["period,point,EG_i_p [kWh]", "P1,INV-01,1500", "P1,INV-02,2500"]


def read(source: SourceSpec) -> tuple[list[float], list[tuple[str, int | None]]]:
    data = read_monitoring_data([source], SPECS, PERIODS, ["INV-01", "INV-02"])
    return data.values["EG_i_p"][0].tolist(), [(f.code, f.row) for f in data.findings]


def test_csv_table_below_a_title_block(tmp_path: Path) -> None:
    path = tmp_path / "mrs.csv"
    path.write_text("\n".join(TITLE + TABLE) + "\n", encoding="utf-8")
    # 1,500 kWh = 1.5 MWh and 2,500 kWh = 2.5 MWh
    assert read(SourceSpec(path, layout="wide", header_row=4)) == ([1.5, 2.5], [])


def test_xlsx_table_below_a_title_block(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([TITLE[0]])
    sheet.append([TITLE[1]])
    sheet.append([])
    for line in TABLE:
        sheet.append([int(c) if c.isdigit() else c for c in line.split(",")])
    path = tmp_path / "mrs.xlsx"
    workbook.save(path)
    assert read(SourceSpec(path, layout="wide", header_row=4)) == ([1.5, 2.5], [])


def test_a_declared_header_row_that_is_empty_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "mrs.csv"
    path.write_text("\n".join(TITLE + TABLE) + "\n", encoding="utf-8")
    values, findings = read(SourceSpec(path, layout="wide", header_row=3))
    assert ("JCM-D003", 3) in findings  # the file has no table where it was declared
    assert all(v != v for v in values)  # NaN: no number without its table


def test_a_header_row_past_the_end_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "mrs.csv"
    path.write_text("\n".join(TABLE) + "\n", encoding="utf-8")
    _, findings = read(SourceSpec(path, layout="wide", header_row=40))
    assert findings[0][0] == "JCM-D003"
