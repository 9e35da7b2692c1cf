"""Parquet and Arrow (Feather) data files: the same readings and findings as the CSV."""

from __future__ import annotations

import datetime
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from jcm_mrv.cli import app
from jcm_mrv.monitoring import SourceSpec

from .conftest import EXPECTED_COUNTS, EXPECTED_MWH, WIDE_ROWS, read, wide_csv_text, write_text

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pa_csv = pytest.importorskip("pyarrow.csv")
pa_feather = pytest.importorskip("pyarrow.feather")

EXAMPLES = Path(__file__).parents[2] / "examples"


def _converted(example: str, data: str, suffix: str, tmp_path: Path, **csv_options: Any) -> Path:
    """A copy of a bundled example whose CSV data is converted to ``suffix``."""
    folder = tmp_path / f"{example}{suffix}"
    shutil.copytree(EXAMPLES / example, folder)
    table = pa_csv.read_csv(folder / data, convert_options=pa_csv.ConvertOptions(**csv_options))
    target = folder / Path(data).with_suffix(suffix).name
    if suffix == ".parquet":
        pq.write_table(table, target, row_group_size=10_000)  # many row groups
    else:
        pa_feather.write_feather(table, target, chunksize=10_000)
    (folder / data).unlink()
    project = folder / "project.yaml"
    project.write_text(project.read_text().replace(data, target.name))
    return project


def _result(project: Path) -> dict[str, Any]:
    """The JSON result of ``calculate``, without what names or hashes the data file."""
    outcome = CliRunner().invoke(app, ["calculate", str(project), "--format", "json"])
    assert outcome.exit_code in (0, 1), outcome.output
    return _without_file_identity(json.loads(outcome.output))


def _without_file_identity(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _without_file_identity(v)
            for k, v in value.items()
            if k not in {"file", "path", "sha256", "input_hashes", "content_hash", "provenance"}
        }
    if isinstance(value, list):
        return [_without_file_identity(v) for v in value]
    return value


@pytest.mark.parametrize("suffix", [".parquet", ".arrow"])
def test_wide_example_as_parquet_or_arrow_gives_the_csv_result(suffix: str, tmp_path: Path) -> None:
    csv_result = _result(EXAMPLES / "solar-pv-th" / "project.yaml")
    project = _converted("solar-pv-th", "inverter-readings.csv", suffix, tmp_path)
    converted = _result(project)
    assert converted == csv_result
    assert converted["result"]["periods"]  # a real result, not two empty ones


def test_timestamps_kept_as_text_give_the_same_result(tmp_path: Path) -> None:
    csv_result = _result(EXAMPLES / "solar-pv-th" / "project.yaml")
    project = _converted(
        "solar-pv-th",
        "inverter-readings.csv",
        ".parquet",
        tmp_path,
        column_types={"timestamp": pa.string()},
    )
    schema = pq.read_schema(project.parent / "inverter-readings.parquet")
    assert schema.field("timestamp").type == pa.string()
    assert _result(project) == csv_result


def test_long_example_as_feather_gives_the_csv_result(tmp_path: Path) -> None:
    csv_result = _result(EXAMPLES / "led-th" / "project.yaml")
    project = _converted("led-th", "monitoring-report.csv", ".feather", tmp_path)
    assert _result(project) == csv_result


def _wide_table(values: list[object], value_type: Any = None) -> Any:
    stamps = [datetime.datetime.fromisoformat(r[0]) for r in WIDE_ROWS]
    return pa.table(
        {
            "timestamp": pa.array(stamps, pa.timestamp("s")),
            "point": [r[1] for r in WIDE_ROWS],
            "EG_i_p [kWh]": pa.array(values, value_type),
        }
    )


def test_readings_sum_exactly_and_units_come_from_the_column_name(tmp_path: Path) -> None:
    path = tmp_path / "pv.parquet"
    pq.write_table(_wide_table([float(r[2]) for r in WIDE_ROWS]), path)
    data = read(SourceSpec(path, "wide"))
    assert [f for f in data.findings if f.severity.value == "error"] == []
    np.testing.assert_allclose(data.values["EG_i_p"], EXPECTED_MWH, rtol=0, atol=1e-12)
    assert data.counts["EG_i_p"].tolist() == EXPECTED_COUNTS
    assert data.exact["EG_i_p"][0, 1] * 10_000 == 20_005  # 2.0005 MWh exactly
    assert data.rows_read[str(path)] == len(WIDE_ROWS)


def test_findings_name_the_same_row_and_column_as_in_the_csv(tmp_path: Path) -> None:
    rows = [list(r) for r in WIDE_ROWS]
    rows[3][2] = "-5"  # below the minimum of 0
    rows[4][2] = ""  # a missing reading
    csv_path = write_text(tmp_path / "pv.csv", wide_csv_text(rows=rows))
    parquet_path = tmp_path / "pv.parquet"
    values = [float(r[2]) if r[2] else None for r in rows]
    pq.write_table(_wide_table(values, pa.float64()), parquet_path, row_group_size=2)

    def located(path: Path) -> list[tuple[str, int | None, str | None]]:
        data = read(SourceSpec(path, "wide"))
        found = [(f.code, f.row, f.field) for f in data.findings if f.code.startswith("JCM-D")]
        return sorted(found, key=str)

    from_csv = located(csv_path)
    assert {code for code, _, _ in from_csv} >= {"JCM-D015", "JCM-D019"}
    assert located(parquet_path) == from_csv


def test_decimal_columns_are_numbers(tmp_path: Path) -> None:
    import decimal

    path = tmp_path / "pv.parquet"
    values = [decimal.Decimal(r[2]) for r in WIDE_ROWS]
    pq.write_table(_wide_table(values, pa.decimal128(12, 3)), path)
    data = read(SourceSpec(path, "wide"))
    assert [f for f in data.findings if f.severity.value == "error"] == []
    np.testing.assert_allclose(data.values["EG_i_p"], EXPECTED_MWH, rtol=0, atol=1e-12)


def test_a_time_zone_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    table = _wide_table([float(r[2]) for r in WIDE_ROWS]).set_column(
        0,
        "timestamp",
        pa.array(
            [datetime.datetime.fromisoformat(r[0] + "+07:00") for r in WIDE_ROWS],
            pa.timestamp("s", tz="Asia/Bangkok"),
        ),
    )
    path = tmp_path / "pv.parquet"
    pq.write_table(table, path)
    data = read(SourceSpec(path, "wide"))
    zone = [f for f in data.findings if f.code == "JCM-D010"]
    assert zone and zone[0].row == 2 and zone[0].field == "timestamp"
    assert "time zone" in zone[0].message


def test_text_numbers_and_integers_are_read_like_csv_cells(tmp_path: Path) -> None:
    path = tmp_path / "pv.arrow"
    values = [int(float(r[2])) if float(r[2]).is_integer() else None for r in WIDE_ROWS]
    with pa.ipc.new_file(path, _wide_table(values, pa.int64()).schema) as writer:
        writer.write_table(_wide_table(values, pa.int64()))
    data = read(SourceSpec(path, "wide"))
    # 1000.5 kWh is not a whole number: the null is a blank reading at row 5.
    missing = [f for f in data.findings if f.code == "JCM-D019"]
    assert [(f.row, f.field) for f in missing] == [(5, "EG_i_p [kWh]")]
    assert data.values["EG_i_p"][1].tolist() == [4.0, 0.125]


def test_a_damaged_file_is_a_located_finding(tmp_path: Path) -> None:
    path = tmp_path / "pv.parquet"
    pq.write_table(_wide_table([float(r[2]) for r in WIDE_ROWS]), path)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 40] = b"\xff" * 40
    path.write_bytes(bytes(raw[: len(raw) - 12]))  # and the footer cut off
    data = read(SourceSpec(path, "wide"))
    assert [f.code for f in data.findings if f.file == str(path)] == ["JCM-D001"]


def test_without_pyarrow_the_finding_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _converted("solar-pv-th", "inverter-readings.csv", ".parquet", tmp_path)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    outcome = CliRunner().invoke(app, ["calculate", str(project)], env={"COLUMNS": "300"})
    assert outcome.exit_code == 2, outcome.output
    line = next(line for line in outcome.output.splitlines() if "JCM-D055" in line)
    assert "inverter-readings.parquet" in line and "jcm-mrv[parquet]" in outcome.output
