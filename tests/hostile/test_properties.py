"""Property tests: random bytes and near-valid files never make a reader raise.

Every reader must turn whatever it is given into data or findings: the CSV and xlsx
readers (through :func:`read_monitoring_data`), the YAML reader, the JSON reader and
the share parser of the allocation settings. The only exception allowed anywhere is
:class:`~jcm_mrv.findings.errors.InputError`, and none of these readers raises even that.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jcm_mrv.fileformats.jsonfile import parse_json_bytes
from jcm_mrv.fileformats.yamlfile import parse_yaml_bytes
from jcm_mrv.findings import Finding
from jcm_mrv.monitoring import ParameterSpec, PeriodSpec, SourceSpec, read_monitoring_data
from jcm_mrv.project.allocation import AllocationSettings, resolve_allocation

from .make_cases import _header_xml, _xlsx_bytes

PARAMETERS = {"EG_i_p": ParameterSpec("EG_i_p", "kWh", per_point=True, minimum=0.0)}
PERIODS = [PeriodSpec("P1", datetime.date(2025, 1, 1), datetime.date(2025, 1, 2))]
POINTS = ["INV-01", "INV-02"]
HEADER = b"timestamp,point,EG_i_p [kWh]\n"
FAST = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Near-valid CSV: the pieces of real rows, shuffled, with quotes, CRs, NULs and junk.
PIECES = st.sampled_from(
    [
        b"2025-01-01T00:15",
        b"2025/1/1 0:15",
        b"2025-02-30T00:15",
        b"0000-01-01",
        b"INV-01",
        b"INV-02",
        b"INV-99",
        b"1.5",
        b"-3",
        b"1e308",
        b"1e999",
        b"NaN",
        b"1" * 400,
        b",",
        b";",
        b"\t",
        b'"',
        b'""',
        b"\n",
        b"\r\n",
        b"\r",
        b"\x00",
        b" ",
        b"\xff\xfe",
        "日時".encode(),
        "日時".encode("cp932"),
    ]
)
NEAR_CSV = st.lists(PIECES, max_size=60).map(lambda parts: HEADER + b"".join(parts))


def _read(path: Path, **source: object) -> list[Finding]:
    data = read_monitoring_data(
        [SourceSpec(path, "wide", **source)],  # type: ignore[arg-type]
        PARAMETERS,
        PERIODS,
        POINTS,
    )
    for finding in data.findings:
        assert finding.code.startswith("JCM-")
        assert len(finding.message) < 2000  # excerpts, never whole cells
    return data.findings


@FAST
@given(raw=st.binary(max_size=2000))
def test_random_bytes_as_csv(raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(raw)
    _read(path)


@FAST
@given(raw=NEAR_CSV, encoding=st.sampled_from([None, "utf-8", "cp932", "utf-16", "rot13"]))
def test_near_valid_csv(raw: bytes, encoding: str | None, tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(raw)
    _read(path, encoding=encoding)


CELL_VALUES = st.sampled_from(
    ["1.5", "NaN", "abc", "1" * 400, "-0", "1e999", "7", "", "2025-01-01", "&amp;", "<"]
)
CELL_TYPES = st.sampled_from(["", ' t="s"', ' t="n"', ' t="b"', ' t="d"', ' t="str"', ' t="e"'])
REFERENCES = st.sampled_from(["C2", "C3", "C!2", "ZZZZ2", "A0", "", "XFD2", "C99999999999"])


@st.composite
def near_valid_sheets(draw: st.DrawFn) -> str:
    rows = []
    for r in range(2, 2 + draw(st.integers(0, 4))):
        value = draw(CELL_VALUES).replace("&", "&amp;").replace("<", "&lt;")
        reference = draw(REFERENCES)
        attribute = f' r="{reference}"' if reference else ""
        row_number = draw(st.sampled_from([str(r), "0", "-1", "99999999999", "x"]))
        rows.append(
            f'<row r="{row_number}"><c r="A{r}" t="inlineStr"><is><t>2025-01-01T00:15</t>'
            f'</is></c><c r="B{r}" t="inlineStr"><is><t>INV-01</t></is></c>'
            f"<c{attribute}{draw(CELL_TYPES)}><v>{value}</v></c></row>"
        )
    return _header_xml() + "".join(rows)


@FAST
@given(sheet=near_valid_sheets())
def test_near_valid_xlsx(sheet: str, tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    path.write_bytes(_xlsx_bytes(sheet, "<si><t>INV-01</t></si>"))
    _read(path)


@FAST
@given(raw=st.binary(max_size=3000), cut=st.integers(0, 3000))
def test_damaged_xlsx(raw: bytes, cut: int, tmp_path: Path) -> None:
    valid = _xlsx_bytes(_header_xml())
    path = tmp_path / "data.xlsx"
    path.write_bytes(valid[:cut] + raw + valid[cut + len(raw) :])
    _read(path)


def test_an_xlsx_member_declared_too_large_is_refused_unread(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<x/>")
    raw = bytearray(buffer.getvalue())
    # Declare 300 MiB in the central directory (offset 24 of the entry: uncompressed size).
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (300 << 20).to_bytes(4, "little")
    path = tmp_path / "data.xlsx"
    path.write_bytes(bytes(raw))
    findings = _read(path)
    assert [f.code for f in findings if f.code == "JCM-D025"] == ["JCM-D025"]
    assert "JCM_MRV_LIMIT_XLSX_MEMBER_BYTES" in findings[0].message


YAML_PIECES = st.sampled_from(
    [
        "kind: project\n",
        "a: ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "&x ",
        "*x",
        "!!python/object:os.system ",
        "1" * 300,
        "1e-999999999",
        "0000-01-01",
        '"',
        "'",
        "\n",
        "  ",
        "\t",
        "---\n",
        ": ",
        "\x00",
        "\ufeff",
        "? ",
    ]
)


@FAST
@given(text=st.lists(YAML_PIECES, max_size=40).map("".join))
def test_near_valid_yaml(text: str) -> None:
    doc = parse_yaml_bytes(text.encode("utf-8", "surrogatepass"), file="p.yaml")
    assert doc.data is not None or doc.findings


@FAST
@given(raw=st.binary(max_size=500))
def test_random_bytes_as_yaml(raw: bytes) -> None:
    doc = parse_yaml_bytes(raw, file="p.yaml")
    assert doc.data is not None or doc.findings


JSON_PIECES = st.sampled_from(
    ["{", "}", "[", "]", ",", ":", '"a"', '"\\"', "1" * 200, "1e999", "NaN", "-", "0", "null"]
)


@FAST
@given(text=st.lists(JSON_PIECES, max_size=80).map("".join))
def test_near_valid_json(text: str) -> None:
    doc = parse_json_bytes(text.encode(), file="r.json")
    assert doc.ok or doc.findings


@FAST
@given(raw=st.binary(max_size=500))
def test_random_bytes_as_json(raw: bytes) -> None:
    doc = parse_json_bytes(raw, file="r.json")
    assert doc.ok or doc.findings


SHARES = st.one_of(
    st.text(alphabet="0123456789.eE+-/% ", max_size=30),
    st.sampled_from(["1e-999999999", "1/" + "9" * 5000, "1e+99999", "10%", "1/3", "0.1"]),
)


@FAST
@given(share=SHARES)
def test_any_share_is_read_or_refused_with_a_finding(share: str) -> None:
    settings_ = AllocationSettings.model_validate(
        {"scheme": "custom", "participants": [{"name": "A", "share": share}]}
    )
    resolved = resolve_allocation(settings_)
    assert resolved.scheme is not None or resolved.findings
