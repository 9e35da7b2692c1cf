"""Declared number and date formats, through ``jcm-mrv calculate`` (issue 11, item 2).

The chiller example's readings are rewritten as a European export would hold them: a
semicolon-delimited file in MWh with decimal commas (31000 kWh is ``31,000`` MWh), or
with months written ``2025-01`` and days ``15/01/2025``. Declared, each gives exactly
the example's own figures (81 and 90 credits, hand-checked in examples/chiller-id:
ER 2025-H1 = 467.028 - 385.2 = 81.828 t); undeclared, each is refused, never guessed.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.cli.conftest import ROOT, Invoke

EXAMPLE = ROOT / "examples" / "chiller-id"
CREDITS = [81, 90]  # the example's own figures: they must not move
EXACT_H1 = "20457/250"  # 81.828 t


def _example(tmp_path: Path, rows: list[list[str]], data: str, delimiter: str = ",") -> Path:
    """A copy of the chiller example whose data file is ``rows`` and whose project
    declares the data source as ``data`` (YAML of the entry under ``data:``)."""
    shutil.copytree(EXAMPLE, tmp_path / "p")
    project = tmp_path / "p" / "project.yaml"
    text = project.read_text(encoding="utf-8")
    entry = "data:\n  - path: chiller-power.csv\n    layout: wide\n"
    assert entry in text
    project.write_text(text.replace(entry, "data:\n  - " + data + "\n"), encoding="utf-8")
    with (tmp_path / "p" / "export.csv").open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(rows)
    return project


def _original() -> list[list[str]]:
    with (EXAMPLE / "chiller-power.csv").open(newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))


def _decimal_comma_rows() -> list[list[str]]:
    """kWh readings as MWh with a decimal comma: 31000 kWh → '31,000'."""
    header, *body = _original()
    assert header == ["timestamp", "point", "EC_PJ_i_p [kWh]"]
    rows = [["timestamp", "point", "EC_PJ_i_p [MWh]"]]
    for timestamp, point, kwh in body:
        mwh = f"{int(kwh) // 1000},{int(kwh) % 1000:03d}"
        rows.append([timestamp, point, mwh])
    return rows


def _calculate(invoke: Invoke, project: Path) -> tuple[int, dict[str, Any]]:
    result = invoke("calculate", project, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def _credits(document: dict[str, Any]) -> list[int | None]:
    """Each period's credits; none at all when the data could not be used (exit 2)."""
    if document.get("result") is None:
        return []
    return [p["emission_reductions_rounded"] for p in document["result"]["periods"]]


def test_decimal_comma_declared_gives_the_examples_credits(tmp_path: Path, invoke: Invoke) -> None:
    rows = _decimal_comma_rows()
    assert rows[1] == ["2025-01-01", "CH-1", "31,000"]  # reads 31000 if guessed wrong
    project = _example(
        tmp_path,
        rows,
        "{path: export.csv, layout: wide, delimiter: semicolon, decimal: comma}",
        delimiter=";",
    )
    code, document = _calculate(invoke, project)
    assert code == 0, document["findings"]
    assert _credits(document) == CREDITS
    assert document["result"]["periods"][0]["emission_reductions_exact"] == EXACT_H1


def test_decimal_comma_undeclared_is_refused_naming_both_readings(
    tmp_path: Path, invoke: Invoke
) -> None:
    project = _example(tmp_path, _decimal_comma_rows(), "{path: export.csv, layout: wide}", ";")
    code, document = _calculate(invoke, project)
    assert code in (1, 2)  # findings, or no usable data at all: never a figure
    refused = [f for f in document["findings"] if f["code"] == "JCM-D009"]
    assert refused, document["findings"]
    first = refused[0]
    assert first["file"].endswith("export.csv") and first["row"] == 2
    assert "31.000 with a decimal comma" in first["message"]
    assert "31000 with a thousands comma" in first["message"]
    # no period gets a figure from data it could not read
    assert all(c is None for c in _credits(document))


def test_thousands_point_with_decimal_comma(tmp_path: Path, invoke: Invoke) -> None:
    """'31.000,5' kWh: a thousands point and a decimal comma, as declared."""
    header, *body = _original()
    rows = [header] + [[t, p, f"{int(v) // 1000}.{int(v) % 1000:03d},0"] for t, p, v in body]
    data = (
        "{path: export.csv, layout: wide, delimiter: semicolon, decimal: comma, thousands: point}"
    )
    code, document = _calculate(invoke, _example(tmp_path, rows, data, ";"))
    assert code == 0, document["findings"]
    assert _credits(document) == CREDITS


@pytest.mark.parametrize(
    ("date_format", "write"),
    [
        ("'%Y-%m'", lambda day: day[:7]),  # 2025-01: the month of January
        ("'%d/%m/%Y'", lambda day: f"{day[8:10]}/{day[5:7]}/{day[:4]}"),  # 01/01/2025
    ],
)
def test_declared_date_formats_give_the_examples_credits(
    tmp_path: Path, invoke: Invoke, date_format: str, write: Any
) -> None:
    header, *body = _original()
    rows = [header] + [[write(t), p, v] for t, p, v in body]
    declared = f"{{path: export.csv, layout: wide, date_format: {date_format}}}"
    code, document = _calculate(invoke, _example(tmp_path, rows, declared))
    assert code == 0, document["findings"]
    assert _credits(document) == CREDITS
    undeclared = _example(tmp_path / "u", rows, "{path: export.csv, layout: wide}")
    code, document = _calculate(invoke, undeclared)
    assert code in (1, 2)
    assert not any(_credits(document))
    assert any(f["code"] == "JCM-D010" and f["row"] == 2 for f in document["findings"])


def test_day_month_year_dates_read_as_written(tmp_path: Path, invoke: Invoke) -> None:
    """'15/01/2025' is the 15th of January, never the first of a 15th month."""
    header, *body = _original()
    rows = [header] + [[f"15/{t[5:7]}/{t[:4]}", p, v] for t, p, v in body]
    declared = "{path: export.csv, layout: wide, date_format: '%d/%m/%Y'}"
    code, document = _calculate(invoke, _example(tmp_path, rows, declared))
    assert code == 0, document["findings"]
    assert _credits(document) == CREDITS


def test_a_month_across_a_period_boundary_is_refused(tmp_path: Path, invoke: Invoke) -> None:
    """A monthly value cannot be split between two periods without a guess."""
    header, *body = _original()
    rows = [header] + [[t[:7], p, v] for t, p, v in body]
    project = _example(tmp_path, rows, "{path: export.csv, layout: wide, date_format: '%Y-%m'}")
    text = project.read_text(encoding="utf-8")
    text = text.replace("end: 2025-06-30", "end: 2025-06-15").replace(
        "start: 2025-07-01", "start: 2025-06-16"
    )
    project.write_text(text, encoding="utf-8")
    code, document = _calculate(invoke, project)
    assert code in (1, 2)
    split = [f for f in document["findings"] if f["code"] == "JCM-D031"]
    assert split and "2025-06-01" in split[0]["message"] and split[0]["row"] == 12
    assert not any(_credits(document))  # both periods touch June: neither gets a figure


def test_conflicting_marks_are_a_project_error(tmp_path: Path, invoke: Invoke) -> None:
    data = "{path: export.csv, layout: wide, decimal: comma, thousands: comma}"
    project = _example(tmp_path, _original(), data)
    result = invoke("calculate", project, "--format", "json")
    assert result.exit_code in (1, 2)
    assert "also the decimal mark" in result.stdout
