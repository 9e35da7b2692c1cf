"""The same readings in every supported shape give the same arrays."""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from jcm_mrv.monitoring import SourceSpec

from .conftest import (
    EXPECTED_COUNTS,
    EXPECTED_MWH,
    WIDE_ROWS,
    errors,
    read,
    wide_csv_text,
    write_text,
)


def _japanese_time(iso: str) -> str:
    moment = datetime.datetime.fromisoformat(iso)
    return f"{moment.year}/{moment.month:02d}/{moment.day:02d} {moment.hour}:{moment.minute:02d}"


def _wide_utf8(tmp_path: Path) -> SourceSpec:
    return SourceSpec(write_text(tmp_path / "a.csv", wide_csv_text()), "wide")


def _wide_cp932(tmp_path: Path) -> SourceSpec:
    # As Japanese Excel saves it: Shift-JIS, CRLF, a Japanese label and a comment column.
    header = "日時,monitoring_point,発電量 EG_i_p [kWh],備考"
    rows = [(_japanese_time(t), p, v, "点検済み") for t, p, v in WIDE_ROWS]
    text = wide_csv_text(header, rows).replace("\n", "\r\n")
    return SourceSpec(write_text(tmp_path / "sjis.csv", text, "cp932"), "wide")


def _wide_bom_crlf_thousands(tmp_path: Path) -> SourceSpec:
    header = "Timestamp,Point,EG_i_p (発電量) (kWh),comment"
    rows = [(t.replace("T", " ") + ":00", p, f'"{float(v):,}"', "") for t, p, v in WIDE_ROWS]
    text = "\ufeff" + wide_csv_text(header, rows).replace("\n", "\r\n")
    return SourceSpec(write_text(tmp_path / "bom.csv", text), "wide")


def _wide_tsv(tmp_path: Path) -> SourceSpec:
    header = "timestamp\tpoint\tEG_i_p [kWh]"
    rows = WIDE_ROWS
    text = header + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    return SourceSpec(write_text(tmp_path / "a.tsv", text), "wide")


def _wide_xlsx(tmp_path: Path) -> SourceSpec:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Readings"
    sheet.append(["timestamp", "point", "EG_i_p [kWh]", "note"])
    for t, p, v in WIDE_ROWS:
        sheet.append([datetime.datetime.fromisoformat(t), p, float(v), None])
    path = tmp_path / "pv.xlsx"
    workbook.save(path)
    return SourceSpec(path, "wide", sheet="Readings")


def _long_timestamps_csv(tmp_path: Path) -> SourceSpec:
    lines = ["timestamp,point,parameter,value,unit"]
    lines += [f"{t},{p},EG_i_p,{v},kWh" for t, p, v in WIDE_ROWS]
    return SourceSpec(write_text(tmp_path / "long.csv", "\n".join(lines) + "\n"), "long")


def _long_timestamps_xlsx(tmp_path: Path) -> SourceSpec:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["(a) Monitoring period", "(b) Monitoring point No.", "(c) Parameter"])
    sheet.delete_rows(1)
    sheet.append(["timestamp", "monitoring point", "parameter", "value", "unit", "comment"])
    for t, p, v in WIDE_ROWS:
        sheet.append([datetime.datetime.fromisoformat(t), p, "発電量 EG_i_p", float(v), "kWh", "x"])
    path = tmp_path / "long.xlsx"
    workbook.save(path)
    return SourceSpec(path, "long")


SHAPES = {
    "wide UTF-8 CSV": _wide_utf8,
    "wide CP932 CSV from Japanese Excel": _wide_cp932,
    "wide CSV with BOM, CRLF, quoted thousands": _wide_bom_crlf_thousands,
    "wide TSV": _wide_tsv,
    "wide xlsx with date cells": _wide_xlsx,
    "long CSV with timestamps": _long_timestamps_csv,
    "long xlsx with labels": _long_timestamps_xlsx,
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_shape_gives_the_same_arrays(tmp_path: Path, shape: str) -> None:
    source = SHAPES[shape](tmp_path)
    data = read(source)
    assert errors(data) == []
    assert data.findings == []
    np.testing.assert_array_equal(data.values["EG_i_p"], EXPECTED_MWH)
    np.testing.assert_array_equal(data.counts["EG_i_p"], EXPECTED_COUNTS)
    assert data.rows_read[str(source.path)] == 6


def test_long_file_by_period_as_in_the_monitoring_report_sheet(tmp_path: Path) -> None:
    # MRS(input): one row per period, point and parameter, units per period.
    text = (
        "period,point,parameter,value,unit\n"
        "P1,INV-01,EG_i_p,3.75,MWh/p\n"
        "P1,INV-02,EG_i_p,2000.5,kWh/p\n"  # mixed units in one file: both convert
        "P2,INV-01,EG_i_p,4,MWh/p\n"
        "P2,INV-02,EG_i_p,125,kWh\n"
    )
    data = read(SourceSpec(write_text(tmp_path / "mrs.csv", text), "long"))
    assert data.findings == []
    np.testing.assert_array_equal(data.values["EG_i_p"], EXPECTED_MWH)
    np.testing.assert_array_equal(data.counts["EG_i_p"], [[1, 1], [1, 1]])


def test_wide_file_by_period(tmp_path: Path) -> None:
    text = (
        "period,point,EG_i_p [MWh]\n"
        "P1,INV-01,3.75\nP1,INV-02,2.0005\nP2,INV-01,4\nP2,INV-02,0.125\n"
    )
    data = read(SourceSpec(write_text(tmp_path / "periods.csv", text), "wide"))
    assert data.findings == []
    np.testing.assert_array_equal(data.values["EG_i_p"], EXPECTED_MWH)


def test_hash_is_of_the_file_bytes_and_files_are_not_modified(tmp_path: Path) -> None:
    import hashlib

    sources = [f(tmp_path) for f in SHAPES.values()]
    before = {s.path: (s.path.read_bytes(), s.path.stat().st_mtime_ns) for s in sources}
    for source in sources:
        data = read(source)
        content, _ = before[source.path]
        assert data.file_hashes == {str(source.path): hashlib.sha256(content).hexdigest()}
    assert before == {s.path: (s.path.read_bytes(), s.path.stat().st_mtime_ns) for s in sources}


def test_a_source_without_point_column_declares_its_point(tmp_path: Path) -> None:
    header = "timestamp,EG_i_p [kWh]\n"
    one = header + "2025-01-01T00:00,1500\n2025-01-01T12:00,2250\n2025-01-02T00:00,4000\n"
    two = header + "2025-01-01T00:00,1000\n2025-01-01T12:00,1000.5\n2025-01-02T00:00,125\n"
    data = read(
        [
            SourceSpec(write_text(tmp_path / "inv1.csv", one), "wide", point="INV-01"),
            SourceSpec(write_text(tmp_path / "inv2.csv", two), "wide", point="INV-02"),
        ]
    )
    assert data.findings == []
    np.testing.assert_array_equal(data.values["EG_i_p"], EXPECTED_MWH)
