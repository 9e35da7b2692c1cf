"""Malformed CSV, sparse workbooks and hostile Parquet files: fast, located, never exit 3.

A quote that is never closed once made the CSV reader quadratic (1 MiB took 6.5 s) and
then end in an internal error; a workbook with one cell far away would make calamine
allocate the whole rectangle and abort the process. Each case runs the real command
in-process and must end within :data:`SECONDS` with its finding at its location.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jcm_mrv.cli import app

from .make_cases import HEADER, _header_xml, _xlsx_bytes, project_text, rows

SECONDS = 5.0
BODY = rows(150_000)  # about 4 MiB of valid rows
LINES = BODY.splitlines(keepends=True)


def _with(line: int, old: str, new: str, body: list[str] = LINES) -> str:
    changed = list(body)
    changed[line] = changed[line].replace(old, new, 1)
    return HEADER + "".join(changed)


QUOTED = [line.replace(",INV-01,", ',"INV-01",') for line in LINES]

CSV_CASES: dict[str, tuple[Callable[[], str], str, int]] = {
    # name: (the file's text, the finding's code, its row)
    "quote-opens-in-the-middle": (lambda: _with(75_000, ",INV", ',"INV'), "JCM-D026", 75_002),
    "quote-opens-on-the-last-row": (
        lambda: _with(len(LINES) - 1, ",INV", ',"INV'),
        "JCM-D026",
        len(LINES) + 1,
    ),
    "quote-inside-a-number": (lambda: _with(1_000, "1.5", '1"5'), "JCM-D026", 1_002),
    "one-bad-quote-in-a-quoted-file": (
        lambda: _with(100_000, '"INV-01"', '"INV-01', QUOTED),
        "JCM-D026",
        100_002,
    ),
    "one-huge-line-without-a-newline": (lambda: HEADER + "x" * (3 << 20), "JCM-D025", 2),
    "a-huge-quoted-field": (
        lambda: HEADER + "".join(LINES[:5]) + '2025-01-02T00:00,"' + "1" * (2 << 20) + "\n",
        "JCM-D026",
        7,
    ),
}


def _run(folder: Path, data_name: str) -> tuple[int, str, float]:
    (folder / "project.yaml").write_text(project_text(data_name, period_end="2030-12-31"))
    started = time.monotonic()
    result = CliRunner().invoke(
        app, ["calculate", str(folder / "project.yaml")], env={"COLUMNS": "400"}
    )
    elapsed = time.monotonic() - started
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result.exit_code, result.output, elapsed


@pytest.fixture(scope="module", autouse=True)
def _imports_done(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Import what a run imports lazily, so that the time bound measures the run."""
    folder = tmp_path_factory.mktemp("warm")
    (folder / "data.csv").write_text(HEADER + rows(4))
    _run(folder, "data.csv")


@pytest.mark.parametrize("name", list(CSV_CASES))
def test_malformed_csv_fails_fast_with_a_located_finding(name: str, tmp_path: Path) -> None:
    text, code, row = CSV_CASES[name]
    (tmp_path / "data.csv").write_text(text())
    exit_code, output, elapsed = _run(tmp_path, "data.csv")
    assert exit_code == 2, output
    assert any(code in line and f"data.csv:row {row} " in line for line in output.splitlines()), (
        output
    )
    assert elapsed < SECONDS, f"{name} took {elapsed:.1f} s"


def test_a_sparse_workbook_is_read_without_loading_its_rectangle(tmp_path: Path) -> None:
    # A1 to XFD100000: loaded whole, 1.6 billion cells (calamine would abort the process).
    sheet = (
        _header_xml() + '<row r="2"><c r="A2" t="inlineStr"><is><t>2025-01-01T00:15</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>INV-01</t></is></c><c r="C2"><v>1.5</v></c></row>'
        '<row r="100000"><c r="XFD100000"><v>1</v></c></row>'
    )
    (tmp_path / "data.xlsx").write_bytes(_xlsx_bytes(sheet))
    exit_code, output, elapsed = _run(tmp_path, "data.xlsx")
    assert exit_code in (0, 1), output
    assert elapsed < SECONDS, f"took {elapsed:.1f} s"  # openpyxl walks the empty rows


@pytest.mark.parametrize(
    ("reference", "code"),
    [("C!2", "JCM-D026"), ("ZZZZ2", "JCM-D026"), ("C99999999999", "JCM-D025")],
)
def test_references_that_are_not_refused_before_calamine(
    reference: str, code: str, tmp_path: Path
) -> None:
    sheet = _header_xml() + f'<row r="2"><c r="{reference}"><v>1</v></c></row>'
    (tmp_path / "data.xlsx").write_bytes(_xlsx_bytes(sheet))
    exit_code, output, elapsed = _run(tmp_path, "data.xlsx")
    assert exit_code == 2 and code in output, output
    assert elapsed < SECONDS


pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _parquet(path: Path, n_rows: int, extra_columns: int = 0) -> None:
    import datetime

    start = datetime.datetime(2025, 1, 1)
    columns = {
        "timestamp": pa.array(
            [start + datetime.timedelta(minutes=15 * k) for k in range(n_rows)], pa.timestamp("s")
        ),
        "point": ["INV-01"] * n_rows,
        "EG_i_p [kWh]": [1.5] * n_rows,
    }
    columns.update({f"note {k}": [""] * n_rows for k in range(extra_columns)})
    pq.write_table(pa.table(columns), path)


@pytest.mark.parametrize(
    ("variable", "value", "extra"),
    [("JCM_MRV_LIMIT_CSV_ROWS", "1000", 0), ("JCM_MRV_LIMIT_COLUMNS", "10", 20)],
)
def test_parquet_limits(
    variable: str, value: str, extra: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _parquet(tmp_path / "data.parquet", 2_000, extra)
    monkeypatch.setenv(variable, value)
    exit_code, output, _ = _run(tmp_path, "data.parquet")
    assert exit_code == 2 and "JCM-D025" in output and variable in output, output


def test_a_truncated_parquet_file_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    _parquet(tmp_path / "data.parquet", 100)
    raw = (tmp_path / "data.parquet").read_bytes()
    (tmp_path / "data.parquet").write_bytes(raw[: len(raw) // 2])
    exit_code, output, _ = _run(tmp_path, "data.parquet")
    assert exit_code == 2 and "JCM-D001" in output, output
