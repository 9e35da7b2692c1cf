"""The message catalogue and ``--lang ja`` of ``calculate``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jcm_mrv.cli import app
from jcm_mrv.render.messages import CATALOGUE, messages

PROJECT = Path(__file__).parent.parent.parent / "examples" / "solar-pv-th" / "project.yaml"


def test_every_text_has_both_languages() -> None:
    english, japanese = messages("en"), messages("ja")
    assert set(english) == set(japanese) == set(CATALOGUE)
    assert all(english[k] and japanese[k] for k in CATALOGUE)
    # the same placeholders in both, so that a translation never drops a figure
    for key in CATALOGUE:
        assert sorted(_fields(english[key])) == sorted(_fields(japanese[key])), key


def _fields(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


def test_calculate_markdown_in_japanese_json_unchanged() -> None:
    ja = CliRunner().invoke(app, ["calculate", str(PROJECT), "-f", "markdown", "--lang", "ja"])
    assert ja.exit_code == 0
    assert ja.stdout.startswith("# 排出削減量: TH901")
    assert "| モニタリング期間 | 開始日 | 終了日 | リファレンス排出量 (tCO2) |" in ja.stdout
    en = CliRunner().invoke(app, ["calculate", str(PROJECT), "-f", "markdown"])
    assert en.stdout.startswith("# Emission reductions: TH901")
    # the figures are the same in both languages
    rows = [
        [line for line in text.splitlines() if line.startswith("| 2025")]
        for text in (ja.stdout, en.stdout)
    ]
    assert len(rows[0]) == 2 and rows[0] == rows[1]
    as_json = [
        json.loads(
            CliRunner().invoke(app, ["calculate", str(PROJECT), "-f", "json", *extra]).stdout
        )
        for extra in ((), ("--lang", "ja"))
    ]
    assert as_json[0] == as_json[1]
