"""The xlsx reader: sheets, row numbers, uncached formulas, dates, no modification."""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import openpyxl

from jcm_mrv.monitoring import SourceSpec
from jcm_mrv.monitoring.xlsxfile import column_letter

from .conftest import read


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def _book(tmp_path: Path) -> Path:
    workbook = openpyxl.Workbook()
    cover = workbook.active
    cover.title = "Cover"
    cover["A1"] = "Monitoring data of project XX001"
    sheet = workbook.create_sheet("MRS(input)")
    sheet["B3"] = "timestamp"  # the table starts at B3, with blank rows and a gap
    sheet["C3"] = "point"
    sheet["D3"] = "EG_i_p [MWh]"
    rows = [
        (4, datetime.datetime(2025, 1, 1, 6), "INV-01", 1.25),
        (5, datetime.datetime(2025, 1, 1, 6), "INV-02", "=D4*2"),
        (7, datetime.datetime(2025, 1, 2, 6), "INV-01", 4),
        (8, datetime.datetime(2025, 1, 2, 6), "INV-02", 0.125),
    ]
    for row, stamp, point, value in rows:
        sheet.cell(row, 2, stamp)
        sheet.cell(row, 3, point)
        sheet.cell(row, 4, value)
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    return path


def test_named_sheet_with_offset_table_and_uncached_formula(tmp_path: Path) -> None:
    path = _book(tmp_path)
    before = path.read_bytes()
    data = read(SourceSpec(path, "wide", sheet="MRS(input)"))
    formula = next(f for f in data.findings if f.code == "JCM-D014")
    assert (formula.sheet, formula.cell, formula.row, formula.field) == (
        "MRS(input)",
        "D5",
        5,
        "EG_i_p [MWh]",
    )
    values = data.values["EG_i_p"]
    assert values[0, 0] == 1.25 and np.isnan(values[0, 1])  # never a zero for the formula
    assert values[1].tolist() == [4.0, 0.125]
    assert data.rows_read[str(path)] == 4
    assert path.read_bytes() == before


def test_default_sheet_is_the_first(tmp_path: Path) -> None:
    data = read(SourceSpec(_book(tmp_path), "wide"))
    missing = next(f for f in data.findings if f.code == "JCM-D005")
    assert missing.sheet == "Cover"
