"""The streaming CSV reader: chunk boundaries, encodings, quoting, row numbers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from jcm_mrv.monitoring import ParameterSpec, SourceSpec, csvfile

from .conftest import read, write_text

HEADER = "timestamp,point,EG_i_p [kWh],comment\n"
KWH = {"EG_i_p": ParameterSpec("EG_i_p", "kWh", per_point=True)}


def _rows(n: int, comment: str = "") -> str:
    # Two rows per quarter hour of 2025-01-01: INV-01 reads k, INV-02 reads 0.5.
    lines = []
    for k in range(n):
        stamp = f"2025-01-01T{k // 4:02d}:{k % 4 * 15:02d}"
        lines.append(f"{stamp},INV-01,{k},{comment}\n{stamp},INV-02,0.5,{comment}\n")
    return "".join(lines)


@pytest.fixture(params=[64, 1 << 20], ids=["tiny chunks", "one chunk"])
def chunk_bytes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(csvfile, "CHUNK_BYTES", request.param)
    return int(request.param)


def _eg(tmp_path: Path, text: str, encoding: str = "utf-8", **spec: object) -> np.ndarray:
    source = SourceSpec(write_text(tmp_path / "d.csv", text, encoding), "wide", **spec)  # type: ignore[arg-type]
    data = read(source, KWH, points=["INV-01", "INV-02"])
    assert [f for f in data.findings if f.code != "JCM-D017"] == []
    return data.values["EG_i_p"]


def test_chunk_size_does_not_change_the_result(tmp_path: Path, chunk_bytes: int) -> None:
    # 96 quarter hours: INV-01 sums 0 + 1 + ... + 95 = 95 * 96 / 2 = 4560; INV-02 96 * 0.5.
    values = _eg(tmp_path, HEADER + _rows(96))
    assert values[0].tolist() == [4560.0, 48.0]


def test_quoted_fields_with_delimiters_and_newlines_across_chunks(
    tmp_path: Path, chunk_bytes: int
) -> None:
    values = _eg(tmp_path, HEADER + _rows(40, comment='"a, b\nand ""c"""'))
    assert values[0].tolist() == [780.0, 20.0]  # 0 + ... + 39 = 780; 40 * 0.5


def test_ascii_then_shift_jis_switches_encoding(tmp_path: Path, chunk_bytes: int) -> None:
    text = HEADER + _rows(40) + "2025-01-01T10:00,INV-01,1,晴れ\n"
    values = _eg(tmp_path, text, "cp932")
    assert values[0].tolist() == [781.0, 20.0]


def test_crlf_blank_lines_and_ragged_rows(tmp_path: Path, chunk_bytes: int) -> None:
    body = _rows(8).replace(",\n", "\n")  # rows shorter than the header (no comment field)
    text = (HEADER + "\n" + body + ",,,\n\n").replace("\n", "\r\n")
    assert _eg(tmp_path, text)[0].tolist() == [28.0, 4.0]


def test_trailing_empty_columns_in_header_and_rows(tmp_path: Path, chunk_bytes: int) -> None:
    text = "timestamp,point,EG_i_p [kWh],,\n" + _rows(8).replace(",\n", ",,\n")
    assert _eg(tmp_path, text)[0].tolist() == [28.0, 4.0]


def test_row_numbers_survive_chunks_and_blank_lines(tmp_path: Path, chunk_bytes: int) -> None:
    text = HEADER + "\n" + _rows(10) + "\n\n" + "2025-01-01T05:00,INV-01,oops,\n"
    source = SourceSpec(write_text(tmp_path / "d.csv", text), "wide")
    data = read(source, KWH)
    finding = next(f for f in data.findings if f.code == "JCM-D009")
    # header row 1, blank row 2, 20 data rows (3-22), blank rows 23-24, the bad row 25
    assert finding.row == 25
    assert data.rows_read[str(source.path)] == 21


def test_invalid_utf8_after_utf8_text_names_the_row(tmp_path: Path, chunk_bytes: int) -> None:
    raw = (
        HEADER + "2025-01-01T00:00,INV-01,1,café\n"
    ).encode() + b"2025-01-01T00:15,INV-01,1,\xff\n"
    path = tmp_path / "d.csv"
    path.write_bytes(raw)
    data = read(SourceSpec(path, "wide"), KWH)
    finding = next(f for f in data.findings if f.code == "JCM-D002")
    assert finding.row == 3


def test_utf16_from_excel_unicode_text(tmp_path: Path) -> None:
    text = HEADER.replace(",", "\t") + _rows(4).replace(",", "\t")
    path = tmp_path / "u.txt"
    path.write_bytes(text.encode("utf-16"))
    data = read(SourceSpec(path, "wide"), KWH)
    assert data.values["EG_i_p"][0].tolist() == [6.0, 2.0]


def test_semicolon_delimited(tmp_path: Path) -> None:
    text = HEADER.replace(",", ";") + _rows(4).replace(",", ";")
    assert _eg(tmp_path, text)[0].tolist() == [6.0, 2.0]


def test_nul_bytes_end_reading_with_a_finding_at_their_row(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_bytes(HEADER.encode() + b"2025-01-01T00:00,INV-01,1\x002,\n")
    data = read(SourceSpec(path, "wide"), KWH)
    assert any(f.code == "JCM-D026" and f.row == 2 for f in data.findings)


def test_japanese_point_names_in_shift_jis(tmp_path: Path, chunk_bytes: int) -> None:
    points = ["インバータ1", "インバータ2"]
    text = "日時,ポイント,point,発電量 EG_i_p [kWh]\n" + "".join(
        f"2025/1/1 {h}:00,x,{points[h % 2]},{h}\n" for h in range(12)
    )
    source = SourceSpec(write_text(tmp_path / "j.csv", text, "cp932"), "wide")
    data = read(source, KWH, points=points)
    assert [f.code for f in data.findings] == ["JCM-D017"]  # P2 (2 January) has no data
    # even hours 0 + 2 + ... + 10 = 30; odd hours 1 + 3 + ... + 11 = 36
    assert data.values["EG_i_p"][0].tolist() == [30.0, 36.0]
