"""The xlsx reader on calamine gives what the openpyxl reader gave, cell for cell.

Each workbook is read twice: with calamine (openpyxl made unusable, to prove it is not
used) and with the openpyxl reader that remains for sheets calamine should not load
(forced by a rectangle limit of 0 cells). Values, counts and findings must be equal.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from tests.hostile.make_cases import _header_xml, _xlsx_bytes

from jcm_mrv.monitoring import MonitoringData, SourceSpec, xlsxfile

from .conftest import read

STAMP = datetime.datetime(2025, 1, 1, 6)


def _engines(
    source: SourceSpec, monkeypatch: pytest.MonkeyPatch
) -> tuple[MonitoringData, MonitoringData]:
    """The source read with calamine, then with openpyxl."""

    def no_openpyxl(path: Path, *, data_only: bool) -> Any:
        raise AssertionError("openpyxl was used where calamine reads the sheet")

    with monkeypatch.context() as patched:
        patched.setattr(xlsxfile, "_load", no_openpyxl)
        fast = read(source)
    with monkeypatch.context() as patched:
        patched.setattr(xlsxfile, "CALAMINE_CELLS", 0)
        slow = read(source)
    return fast, slow


def _same(fast: MonitoringData, slow: MonitoringData) -> None:
    assert [f.to_dict() for f in fast.findings] == [f.to_dict() for f in slow.findings]
    for symbol, values in slow.values.items():
        np.testing.assert_array_equal(fast.values[symbol], values)
        assert fast.counts[symbol].tolist() == slow.counts[symbol].tolist()
    assert fast.rows_read == slow.rows_read


def _workbook(tmp_path: Path, rows: list[tuple[object, ...]], *, at: str = "A1") -> Path:
    """A sheet 'data' with a header (timestamp, point, EG_i_p [MWh]) starting at ``at``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "data"
    first = openpyxl.utils.cell.coordinate_to_tuple(at)
    for r, row in enumerate([("timestamp", "point", "EG_i_p [MWh]"), *rows]):
        for c, value in enumerate(row):
            if value is not None:
                sheet.cell(first[0] + r, first[1] + c, value)
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    return path


def test_numbers_dates_and_offset_tables_read_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows: list[tuple[object, ...]] = [
        (datetime.datetime(2025, 1, 1), "INV-01", 1),  # midnight: calamine says date
        (datetime.datetime(2025, 1, 1, 6, 15), "INV-02", 0.125),
        (datetime.date(2025, 1, 2), "INV-01", 4),
        (datetime.datetime(2025, 1, 2, 23, 59, 59), "INV-02", 1e-3),
    ]
    path = _workbook(tmp_path, rows, at="C4")
    fast, slow = _engines(SourceSpec(path, "wide"), monkeypatch)
    _same(fast, slow)
    assert fast.values["EG_i_p"].tolist() == [[1.0, 0.125], [4.0, 0.001]]
    assert not fast.findings


def test_text_numbers_follow_the_declared_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows: list[tuple[object, ...]] = [
        (STAMP, "INV-01", "1.234,5"),
        (STAMP, "INV-02", "0,5"),
        (STAMP + datetime.timedelta(days=1), "INV-01", 2.5),  # a number cell stays a number
        (STAMP + datetime.timedelta(days=1), "INV-02", "1,5 MWh"),  # not a number
    ]
    path = _workbook(tmp_path, rows)
    source = SourceSpec(path, "wide", decimal="comma", thousands="point")
    fast, slow = _engines(source, monkeypatch)
    _same(fast, slow)
    assert fast.values["EG_i_p"][0].tolist() == [1234.5, 0.5]
    bad = [f for f in fast.findings if f.code == "JCM-D009"]
    assert [(f.cell, f.sheet) for f in bad] == [("C5", "data")]


def test_blank_cells_and_blank_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows: list[tuple[object, ...]] = [
        (STAMP, "INV-01", 1.5),
        (None, None, None),  # a blank row is skipped
        (STAMP, "INV-02", None),  # a blank value cell
        (STAMP, "   ", 2),  # a blank point
    ]
    path = _workbook(tmp_path, rows)
    fast, slow = _engines(SourceSpec(path, "wide"), monkeypatch)
    _same(fast, slow)
    assert fast.rows_read[str(path)] == 3
    assert {f.code for f in fast.findings} >= {"JCM-D019"}


def _raw_book(tmp_path: Path, cells: str, rows: int = 3) -> Path:
    """A minimal workbook: the header, then data rows whose C cells are ``cells``."""
    body = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>2025-01-01T0{r}:00</t></is></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>INV-01</t></is></c>{cells.format(r=r)}</row>'
        for r in range(2, 2 + rows)
    )
    path = tmp_path / "raw.xlsx"
    path.write_bytes(_xlsx_bytes(_header_xml() + body))
    return path


@pytest.mark.parametrize(
    ("cell", "code", "text"),
    [
        ('<c r="C{r}"><f>B{r}*2</f><v>4</v></c>', None, None),  # cached value: read
        ('<c r="C{r}"><f>B{r}*2</f></c>', "JCM-D014", "formula"),  # never calculated
        ('<c r="C{r}"><f>B{r}*2</f><v></v></c>', "JCM-D014", "formula"),
        ('<c r="C{r}" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "JCM-D009", "#DIV/0!"),
        ('<c r="C{r}" t="e"><v>#N/A</v></c>', "JCM-D009", "#N/A"),
        ('<c r="C{r}" t="b"><v>1</v></c>', "JCM-D009", "True"),
        ('<c r="C{r}" t="str"><v>12.5</v></c>', None, None),  # a formula's text result
    ],
)
def test_formulas_and_error_cells(
    cell: str, code: str | None, text: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _raw_book(tmp_path, cell)
    fast, slow = _engines(SourceSpec(path, "wide", point="INV-01"), monkeypatch)
    _same(fast, slow)
    codes = [f for f in fast.findings if f.severity.value == "error" and f.cell is not None]
    if code is None:
        assert codes == []
        return
    assert [(f.code, f.cell) for f in codes if f.code == code][:1] == [(code, "C2")]
    assert text is not None and text in codes[0].message


def test_uncached_formulas_after_the_last_value_are_still_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # calamine leaves out the trailing rows whose only cells are formulas without a value.
    body = (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>2025-01-01T01:00</t></is></c>'
        '<c r="C2"><v>1</v></c></row>'
        '<row r="3"><c r="A3"><f>A2+1</f></c><c r="C3"><f>C2*2</f></c></row>'
    )
    path = tmp_path / "raw.xlsx"
    path.write_bytes(_xlsx_bytes(_header_xml() + body))
    fast, slow = _engines(SourceSpec(path, "wide", point="INV-01"), monkeypatch)
    _same(fast, slow)
    assert ("JCM-D014", "C3") in {(f.code, f.cell) for f in fast.findings}


def test_numeric_point_ids_and_header_numbers_read_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "data"
    sheet.append(["period", "point", "parameter", "value", "unit", 2025])
    sheet.append(["P1", 1, "EG_i_p", 1500, "kWh", None])
    sheet.append(["P2", 2, "EG_i_p", 2.5, "MWh", None])
    path = tmp_path / "long.xlsx"
    workbook.save(path)
    from jcm_mrv.monitoring import ParameterSpec, read_monitoring_data

    from .conftest import PERIODS

    def read_points(engine_patch: dict[str, Any]) -> MonitoringData:
        with monkeypatch.context() as patched:
            for name, value in engine_patch.items():
                patched.setattr(xlsxfile, name, value)
            return read_monitoring_data(
                [SourceSpec(path, "long")],
                {"EG_i_p": ParameterSpec("EG_i_p", "MWh", per_point=True)},
                PERIODS,
                ["1", "2"],
            )

    fast = read_points({})
    slow = read_points({"CALAMINE_CELLS": 0})
    _same(fast, slow)
    assert fast.values["EG_i_p"][0, 0] == 1.5 and fast.values["EG_i_p"][1, 1] == 2.5


def test_a_sparse_sheet_is_streamed_by_openpyxl_not_loaded_whole(tmp_path: Path) -> None:
    # One cell in XFD1048576: calamine would allocate a 17-billion-cell rectangle.
    far = '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
    path = tmp_path / "sparse.xlsx"
    path.write_bytes(
        _xlsx_bytes(
            _header_xml()
            + '<row r="2"><c r="A2" t="inlineStr"><is><t>2025-01-01T01:00</t></is></c>'
            '<c r="C2"><v>1.5</v></c></row>' + far
        )
    )
    data = read(SourceSpec(path, "wide", point="INV-01"))
    assert data.values["EG_i_p"][0, 0] == 0.0015
    assert data.rows_read[str(path)] == 1


def test_the_scan_finds_the_used_rectangle(tmp_path: Path) -> None:
    from jcm_mrv.monitoring.xlsxscan import scan_shape, sheet_parts

    path = _workbook(tmp_path, [(STAMP, "INV-01", 1.0)] * 5, at="C4")
    part = sheet_parts(path)
    assert part is not None and part["data"] is not None
    shape = scan_shape(path, part["data"], 1_048_576, 16_384)
    assert shape is not None
    assert (shape.last_row, shape.last_column, shape.cells) == (9, 5, 18)


def test_rows_checked_batch_by_batch_as_openpyxl_read_them_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # calamine's rows are converted and checked in batches (here of 3 rows), openpyxl's
    # all at once: blank rows, empty cells, midnight dates, whole numbers and text are
    # read alike wherever a batch ends.
    midnight = datetime.datetime(2025, 1, 1)
    rows: list[tuple[object, ...]] = []
    for k in range(14):
        stamp = midnight + datetime.timedelta(hours=k)
        rows.append((stamp, f"INV-0{1 + k % 2}", float(k) if k % 3 else k + 0.25))
        if k in (2, 3, 7):
            rows.append((None, None, None))
        if k == 9:
            rows.append((stamp, "  ", None))
    path = _workbook(tmp_path, rows)
    monkeypatch.setattr(xlsxfile, "_BATCH_ROWS", 3)
    monkeypatch.setattr(xlsxfile, "BLOCK_ROWS", 7)
    fast, slow = _engines(SourceSpec(path, "wide"), monkeypatch)
    _same(fast, slow)
    assert fast.rows_read[str(path)] == 15


def test_the_long_cell_reported_does_not_depend_on_where_batches_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # C (value) has a long cell in the first batch, B (point) one in the last: the block
    # is refused naming the first long cell of the first column (in the order the layout
    # asks for them), as when a block was checked whole.
    rows: list[tuple[object, ...]] = [(STAMP, "INV-01", 1.5)] * 8
    rows[1] = (STAMP, "INV-01", "9" * 40)
    rows[6] = (STAMP, "P" * 40, 1.5)
    path = _workbook(tmp_path, rows)
    monkeypatch.setenv("JCM_MRV_LIMIT_CELL_CHARS", "30")
    whole = read(SourceSpec(path, "wide"))
    monkeypatch.setattr(xlsxfile, "_BATCH_ROWS", 2)
    batched = read(SourceSpec(path, "wide"))
    assert [f.to_dict() for f in batched.findings] == [f.to_dict() for f in whole.findings]
    [limit] = [f for f in batched.findings if f.code == "JCM-D025"]
    assert "row 8 has a cell longer than the limit" in limit.message
