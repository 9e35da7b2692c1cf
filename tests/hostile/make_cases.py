"""The hostile-input corpus: malformed and hostile projects and data, built on demand.

Every case is a small project folder (a project file and its data) that one defect
makes unusable, built by :func:`build` into a folder of the caller's choosing, often
large (a 20 MB line, a sparse 2 GiB file of NUL bytes, a zip bomb): nothing large is
committed, the tests build each case in ``tmp_path``. ``python -m tests.hostile.make_cases
FOLDER`` writes them all, to try the tool on them by hand.

Each case says what a user must get: the finding code, where it points (the file and
the row, cell or line), and the exit code of the command the case runs.
"""

from __future__ import annotations

import datetime
import io
import os
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HEADER = "timestamp,point,EG_i_p [kWh]\n"
START = datetime.datetime(2025, 1, 1)


def rows(n: int) -> str:
    """``n`` valid data rows of INV-01, 15 minutes apart from 2025-01-01T00:00."""
    step = datetime.timedelta(minutes=15)
    return "".join(f"{START + k * step:%Y-%m-%dT%H:%M},INV-01,1.5\n" for k in range(n))


def project_text(
    data: str = "data.csv", *, extra: str = "", period_end: str = "2025-01-31", more: str = ""
) -> str:
    """A JCM_TH_AM001 project (solar PV) with one point, one period and one data file."""
    return f"""\
kind: project
id: TH901
title: Hostile input test
country: TH
methodology:
  id: JCM_TH_AM001
  version: "01.0"
monitoring_points:
  - id: INV-01
parameters:
  EF_RE:
    value: 0.5
    unit: tCO2/MWh
monitoring_options:
  EG_i_p: C
data:
  - path: {data}
    layout: wide{extra}
periods:
  - id: P1
    start: 2025-01-01
    end: {period_end}
{more}"""


@dataclass(frozen=True)
class Case:
    """One hostile input: how to build it and what the user must get.

    ``where`` holds location fields the finding must carry (``file`` as the output
    names it, ``row``, ``line``, ``cell``); ``exit_codes`` the acceptable exit codes.
    """

    name: str
    build: Callable[[Path], None]
    code: str
    where: dict[str, object] = field(default_factory=dict)
    command: str = "calculate"
    exit_codes: tuple[int, ...] = (2,)
    large: bool = False
    env: dict[str, str] = field(default_factory=dict)
    """Limits lowered for the case (the mechanism is the same, the input much smaller)."""


def _write(folder: Path, data: bytes | str, *, name: str = "data.csv", project: str = "") -> None:
    (folder / "project.yaml").write_text(project or project_text(name), encoding="utf-8")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    (folder / name).write_bytes(raw)


def _csv(data: bytes | str, **kwargs: object) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        _write(folder, data, **kwargs)  # type: ignore[arg-type]

    return build


def _impossible(stamp: str) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        lines = (HEADER + rows(600)).splitlines(keepends=True)
        rest = lines[300].split(",", 1)[1]
        lines[300] = f"{stamp},{rest}"  # spreadsheet row 301
        _write(folder, "".join(lines))

    return build


def _project(text: str, data: str = HEADER + rows(4)) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        (folder / "project.yaml").write_text(text, encoding="utf-8")
        (folder / "data.csv").write_text(data, encoding="utf-8")

    return build


def _outside(path: str) -> Callable[[Path], None]:
    return _project(project_text(path))


def _symlink_out(folder: Path) -> None:
    _project(project_text("link.csv"))(folder)
    (folder / "link.csv").symlink_to("/etc/passwd")


def _fifo(folder: Path) -> None:
    _project(project_text("pipe.csv"))(folder)
    os.mkfifo(folder / "pipe.csv")


def _stray_quote(folder: Path) -> None:
    body = rows(40_000)  # about 1.1 MB
    _write(folder, HEADER + '2025-01-01T00:00,"INV-01,1.5\n' + body)


def _long_line(folder: Path) -> None:
    _write(folder, HEADER + rows(2) + "2025-01-02T00:00,INV-01," + "1" * (20 << 20) + "\n")


def _nul_bytes(folder: Path) -> None:
    _write(folder, HEADER)
    with (folder / "data.csv").open("r+b") as stream:
        stream.truncate(2 << 30)  # sparse: 2 GiB of NUL bytes, nothing written


def _whitespace(folder: Path) -> None:
    _write(folder, HEADER + rows(2) + "2025-01-02T00:00,INV-01," + " " * (2 << 20) + "1\n")


def _blank_lines(folder: Path) -> None:
    _write(
        folder, HEADER + "\n" * (8 << 20) + " , ,\r\n" * (1 << 20) + "2025-01-01T00:00,INV-01,x\n"
    )


def _many_points(folder: Path) -> None:
    body = "".join(f"2025-01-01T00:00,P{k},1\n" for k in range(200_000))
    _write(folder, HEADER + body)


def _long_period(folder: Path) -> None:
    text = """\
kind: project
id: KH901
title: A per-day parameter over 3,000 years
country: KH
methodology:
  id: JCM_KH_AM002
  version: "01.0"
monitoring_points:
  - id: INV-01
parameters:
  EF_grid: 0.5
monitoring_options:
  EG_i_p_d: C
  DIESEL_p_d: C
data:
  - path: data.csv
    layout: wide
periods:
  - id: P1
    start: 2025-01-01
    end: 5024-12-31
"""
    (folder / "project.yaml").write_text(text, encoding="utf-8")
    (folder / "data.csv").write_text(
        "timestamp,point,EG_i_p_d [kWh],DIESEL_p_d [1]\n2025-01-01,INV-01,1,0\n"
    )


def _xlsx_bytes(sheet_xml: str, shared: str | None = None, *, huge: int = 0) -> bytes:
    """A minimal workbook with one sheet; ``huge`` adds a member of that many spaces."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
            '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>'
            + (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if shared is not None
                else ""
            )
            + "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            "//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
            '" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id='
            '"rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
            '"worksheets/sheet1.xml"/>'
            + (
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                if shared is not None
                else ""
            )
            + "</Relationships>",
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + sheet_xml
            + "</sheetData></worksheet>",
        )
        if shared is not None:
            archive.writestr(
                "xl/sharedStrings.xml",
                '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
                '.org/spreadsheetml/2006/main">' + shared + "</sst>",
            )
        if huge:
            info = zipfile.ZipInfo("xl/media/padding.bin")
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as member:
                block = b" " * (1 << 20)
                for _ in range(huge >> 20):
                    member.write(block)
    return buffer.getvalue()


def _header_xml() -> str:
    return (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>timestamp</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>point</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>EG_i_p [kWh]</t></is></c></row>'
    )


def _data_row(r: int, value: str, *, reference: str | None = None, kind: str = "") -> str:
    cell = reference or f"C{r}"
    return (
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>2025-01-01T00:{r:02d}</t></is></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>INV-01</t></is></c>'
        f'<c r="{cell}"{kind}><v>{value}</v></c></row>'
    )


def _xlsx(
    sheet_xml: str | Callable[[], str], shared: str | None = None, *, huge: int = 0
) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        xml = sheet_xml() if callable(sheet_xml) else sheet_xml
        _write(folder, _xlsx_bytes(xml, shared, huge=huge), name="data.xlsx")

    return build


def _huge_cell() -> str:
    return (
        _header_xml()
        + '<row r="2"><c r="C2" t="inlineStr"><is><t>'
        + " " * (40 << 20)
        + "1</t></is></c></row>"
    )


def _yaml_value(value: str) -> Callable[[Path], None]:
    return _project(project_text().replace("    value: 0.5\n", f"    value: {value}\n"))


def _allocation(share: str) -> Callable[[Path], None]:
    more = f"""\
allocation:
  scheme: moej-financing
  partner_share: {share}
  participants:
    - name: A
      share: 1
"""
    return _project(project_text(more=more))


CASES: list[Case] = [
    # 1. impossible timestamps in a CSV of 600 rows (a segfault, exit 139, before)
    *(
        Case(
            f"timestamp-{label}",
            _impossible(stamp),
            "JCM-D010",
            {"file": "data.csv", "row": 301},
        )
        for label, stamp in [
            ("30-february", "2025-02-30T00:15"),
            ("29-february", "2025-02-29T00:15"),
            ("month-13", "2025-13-01T00:15"),
            ("hour-25", "2025-01-01T25:00"),
            ("year-0", "0000-01-01T00:15"),
        ]
    ),
    # 2. paths that leave the project
    Case(
        "path-proc-environ",
        _outside("/proc/self/environ"),
        "JCM-P017",
        {"line": 17},
        "validate",
        (1,),
    ),
    Case(
        "path-climbs-out",
        _outside("../../../etc/passwd"),
        "JCM-P017",
        {"line": 17},
        "validate",
        (1,),
    ),
    Case("path-absolute", _outside("/etc/passwd"), "JCM-P017", {"line": 17}),
    Case("path-symlink-out", _symlink_out, "JCM-P017", {"line": 17}),
    Case("path-fifo", _fifo, "JCM-P017", {"line": 17}, "validate", (1,)),
    Case("path-folder", _outside("."), "JCM-P017", {"line": 17}),
    Case("path-device", _outside("/dev/zero"), "JCM-P017", {"line": 17}),
    # 3. CSV structure and exhaustion
    Case("csv-stray-quote", _stray_quote, "JCM-D026", {"file": "data.csv", "row": 2}),
    Case("csv-long-line", _long_line, "JCM-D025", {"file": "data.csv", "row": 4}, large=True),
    Case("csv-nul-bytes", _nul_bytes, "JCM-D026", {"file": "data.csv", "row": 2}),
    Case("csv-whitespace-bomb", _whitespace, "JCM-D025", {"file": "data.csv", "row": 4}),
    Case(
        "csv-cr-line-endings",
        _csv((HEADER + rows(3)).replace("\n", "\r")),
        "JCM-D026",
        {"file": "data.csv", "row": 1},
    ),
    Case(
        "csv-blank-line-bomb",
        _blank_lines,
        "JCM-D009",
        {"file": "data.csv", "row": 2 + (8 << 20) + (1 << 20)},
    ),
    Case("csv-many-points", _many_points, "JCM-D011", {"file": "data.csv", "row": 2}, large=True),
    *(
        Case(
            f"csv-encoding-{name}",
            _project(project_text(extra=f"\n    encoding: {name}")),
            "JCM-D002",
            {"file": "data.csv"},
        )
        for name in ("rot13", "base64", "punycode", "zlib")
    ),
    # 4. project values and periods
    Case(
        "project-400-digit-value",
        _yaml_value("1" + "0" * 400),
        "JCM-Y010",
        {"line": 12},
        "validate",
        (1,),
    ),
    Case(
        "project-year-0",
        _project(project_text().replace("start: 2025-01-01", "start: 0000-01-01")),
        "JCM-Y004",
        {"line": 21},
        "validate",
        (1,),
    ),
    Case("project-3000-year-per-day", _long_period, "JCM-D025", {}, large=True),
    Case(
        "share-huge-exponent",
        _allocation('"1e-999999999"'),
        "JCM-A001",
        {"line": 25},
        "validate",
        (1,),
    ),
    Case(
        "share-long-fraction",
        _allocation('"1/' + "9" * 5000 + '"'),
        "JCM-A001",
        {"line": 25},
        "validate",
        (1,),
    ),
    # 5. xlsx cells and structure
    Case(
        "xlsx-nan",
        _xlsx(_header_xml() + _data_row(2, "NaN")),
        "JCM-D009",
        {"file": "data.xlsx", "cell": "C2"},
    ),
    Case(
        "xlsx-text-in-number",
        _xlsx(_header_xml() + _data_row(2, "abc")),
        "JCM-D009",
        {"file": "data.xlsx", "cell": "C2"},
    ),
    Case(
        "xlsx-400-digits",
        _xlsx(_header_xml() + _data_row(2, "1" * 400)),
        "JCM-D009",
        {"file": "data.xlsx", "cell": "C2"},
    ),
    Case(
        "xlsx-bad-shared-string",
        _xlsx(_header_xml() + _data_row(2, "7", kind=' t="s"'), "<si><t>x</t></si>"),
        "JCM-D026",
        {"file": "data.xlsx"},
    ),
    Case(
        "xlsx-bad-reference",
        _xlsx(_header_xml() + _data_row(2, "1", reference="C!2")),
        "JCM-D026",
        {"file": "data.xlsx"},
    ),
    Case(
        "xlsx-huge-row-number",
        _xlsx(_header_xml() + _data_row(99999999999, "1")),
        "JCM-D025",
        {"file": "data.xlsx"},
    ),
    Case(
        "xlsx-bad-column",
        _xlsx(_header_xml() + _data_row(2, "1", reference="ZZZZ2")),
        "JCM-D026",
        {"file": "data.xlsx"},
    ),
    Case(
        "xlsx-wide-row",
        _xlsx(_header_xml() + '<row r="2">' + "<c/>" * 20_000 + "</row>"),
        "JCM-D025",
        {"file": "data.xlsx"},
    ),
    Case("xlsx-huge-cell", _xlsx(_huge_cell), "JCM-D025", {"file": "data.xlsx"}, large=True),
    Case(
        "xlsx-zip-bomb",
        _xlsx(_header_xml() + _data_row(2, "1"), huge=20 << 20),
        "JCM-D025",
        {"file": "data.xlsx"},
        env={"JCM_MRV_LIMIT_XLSX_MEMBER_BYTES": str(16 << 20)},
    ),
]

BY_NAME = {case.name: case for case in CASES}


def build(case: Case, folder: Path) -> Path:
    """Build ``case`` into ``folder`` (created); return the project file."""
    folder.mkdir(parents=True, exist_ok=True)
    case.build(folder)
    return folder / "project.yaml"


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-cases")
    for each in CASES:
        build(each, target / each.name)
        print(target / each.name)
