"""CSV output is safe to open in a spreadsheet; YAML text never moves a terminal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from jcm_mrv.cli import app
from jcm_mrv.fileformats.yamlfile import parse_yaml_bytes
from jcm_mrv.render.csvtext import csv_text, spreadsheet_safe

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "solar-pv-th" / "project.yaml"


def test_text_that_would_start_a_formula_is_quoted() -> None:
    for text in ("=1+1", '=HYPERLINK("http://x","y")', "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1"):
        assert spreadsheet_safe(text) == "'" + text
    # numbers, negative ones included, and ordinary text stay as they are
    for value in ("-5.25", "+1", "1e3", "2025-H1", "Company A", 742, -3.5):
        assert spreadsheet_safe(value) == value


def test_csv_text_quotes_every_formula_cell() -> None:
    text = csv_text([["period", "party"], ["=1+1", '=HYPERLINK("x")'], ["-1.5", "A"]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["period", "party"], ["'=1+1", '\'=HYPERLINK("x")'], ["-1.5", "A"]]


def test_a_party_named_as_a_formula_is_not_a_formula_in_the_credits_csv() -> None:
    result = CliRunner().invoke(
        app,
        [
            "credits",
            "--issued",
            "10",
            "--scheme",
            "custom",
            "--participant",
            "=1+1=1",
            "--format",
            "csv",
        ],
    )
    cells = [row[1] for row in csv.reader(io.StringIO(result.stdout)) if len(row) > 1]
    assert "'=1+1" in cells and "=1+1" not in cells, result.output


def test_control_characters_in_yaml_text_are_escaped_and_reported() -> None:
    raw = b'kind: project\ntitle: "\\e]0;PWNED\\a\\e[31mRED"\n'
    doc = parse_yaml_bytes(raw, file="p.yaml")
    assert doc.data is not None
    assert doc.data["title"] == "\\x1b]0;PWNED\\x07\\x1b[31mRED"
    assert [(f.code, f.line) for f in doc.findings] == [("JCM-Y011", 2)]


def test_an_escape_sequence_in_a_title_never_reaches_the_output(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    for source in EXAMPLE.parent.iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    project = folder / "project.yaml"
    text = project.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    project.write_text(text.replace(title, 'title: "\\e[2J\\e[31mwiped"'), encoding="utf-8")
    for args in ([], ["--format", "json"], ["--format", "markdown"]):
        result = CliRunner().invoke(app, ["calculate", str(project), *args])
        assert "\x1b" not in result.output
    document = json.loads(CliRunner().invoke(app, ["calculate", str(project), "-f", "json"]).stdout)
    assert document["result"]["project"]["title"] == "\\x1b[2J\\x1b[31mwiped"
