"""The message catalogue and ``--lang ja`` of ``calculate``."""

from __future__ import annotations

import io
import json
from pathlib import Path

from typer.testing import CliRunner

from jcm_mrv.cli import app
from jcm_mrv.findings import Finding, Severity
from jcm_mrv.render.findings import print_table
from jcm_mrv.render.messages import CATALOGUE, Language, messages

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


def _figures(text: str) -> list[str]:
    """The numbers of a table, in order (the same in every language)."""
    import re

    return re.findall(r"\d[\d,]*\.\d{3}|\b\d[\d,]*\b", text)


def test_calculate_table_in_japanese() -> None:
    args = ["calculate", str(PROJECT), "--explain"]
    ja = CliRunner().invoke(app, [*args, "--lang", "ja"])
    en = CliRunner().invoke(app, args)
    assert ja.exit_code == en.exit_code == 0
    for heading in (
        "排出削減量 (tCO2)",
        "モニタリング期間",
        "リファレンス排出量",
        "プロジェクト排出量",
        "排出削減量 端数処理後",
        "合計",
        "端数処理: 厳密な排出削減量を 1 tCO2 単位で切り捨て",
        "クレジットの配分 (moej-financing)",
        "日本国政府",
        "プロジェクト参加者",
        "計算の過程、モニタリング期間 2025-H1",
        "適格性要件",
    ):
        assert heading in ja.stdout, heading
    for english in ("Emission reductions", "ER rounded", "Rounding:", "Eligibility", "total"):
        assert english not in ja.stdout, english
    assert _figures(ja.stdout) == _figures(en.stdout)


def test_credits_table_in_japanese() -> None:
    args = ["credits", str(PROJECT), "--explain"]
    ja = CliRunner().invoke(app, [*args, "--lang", "ja"])
    en = CliRunner().invoke(app, args)
    assert ja.exit_code == en.exit_code == 0
    assert "クレジットの配分: TH901 (moej-financing)" in ja.stdout
    assert "配分先" in ja.stdout and "発行量" in ja.stdout
    assert "モニタリング期間 2025-H1: moej-financing による発行 132 クレジット" in ja.stdout
    assert "Credit allocation" not in ja.stdout and "issued under" not in ja.stdout
    assert _figures(ja.stdout) == _figures(en.stdout)
    issued = ["credits", "--issued", "743", "--scheme", "moej-financing"]
    issued += ["--participant", "A=1", "--lang", "ja"]
    one = CliRunner().invoke(app, issued)
    assert one.exit_code == 0
    assert "割合" in one.stdout and "743" in one.stdout
    as_json = [
        json.loads(CliRunner().invoke(app, ["credits", str(PROJECT), "-f", "json", *x]).stdout)
        for x in ((), ("--lang", "ja"))
    ]
    assert as_json[0] == as_json[1]


def test_every_text_the_renderers_ask_for_is_in_the_catalogue() -> None:
    """A key missing from the catalogue would fail only when its output is drawn."""
    import re
    import typing

    from jcm_mrv.credits.schemes import Role
    from jcm_mrv.engine.results import EligibilityStatus
    from jcm_mrv.render import spreadsheet

    source = Path(__file__).parents[2] / "src" / "jcm_mrv"
    files = [*(source / "render").glob("*.py"), *(source / "cli").glob("*.py")]
    used = {
        key
        for path in files
        for key in re.findall(
            r"\b(?:m|t|self\.t|writer\.t)\[\s*\"([^\"]+)\"\s*\]", path.read_text("utf-8")
        )
    }
    used |= set(spreadsheet.MRS_COLUMNS + spreadsheet.MPS_COLUMNS + spreadsheet.FIXED_COLUMNS)
    used |= {f"role:{role.value}" for role in Role}
    used |= {f"status:{status}" for status in typing.get_args(EligibilityStatus)}
    used |= {f"severity:{severity.value}" for severity in Severity}
    assert len(used) > 100
    assert sorted(used - set(CATALOGUE)) == []


def _drawn(findings: list[Finding], files: int | None, lang: Language) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    print_table(findings, files, Console(file=buffer, width=200, color_system=None), lang)
    return buffer.getvalue()


def test_the_findings_table_in_japanese_keeps_the_messages() -> None:
    findings = [
        Finding("JCM-D009", Severity.ERROR, "text '32000x' where a number is expected", "a.csv"),
        Finding("JCM-M002", Severity.WARNING, "parameter X is never used", "m.yaml", line=59),
    ]
    ja = _drawn(findings, 2, "ja")
    header = ja.splitlines()[0].split()
    assert header == ["場所", "コード", "重大度", "内容"]
    assert "エラー" in ja and "警告" in ja
    # the messages, codes and locations are the findings' own, in every language
    for kept in ("text '32000x' where a number is expected", "JCM-M002", "m.yaml:59"):
        assert kept in ja
    assert ja.splitlines()[-1] == "2 個のファイルを検査: エラー 1 件、警告 1 件"
    en = _drawn(findings, 1, "en")
    assert en.splitlines()[0].split() == ["location", "code", "severity", "message"]
    assert en.splitlines()[-1] == "1 file checked: 1 error(s), 1 warning(s)"


BAD_CELL = Path(__file__).parents[1] / "golden" / "inputs" / "chiller-bad-cell" / "project.yaml"


def test_a_command_shows_its_findings_in_its_language_and_json_is_unchanged() -> None:
    runner = CliRunner()
    for command in ("calculate", "credits"):
        ja = runner.invoke(app, [command, str(BAD_CELL), "--lang", "ja"])
        assert ja.exit_code == 2
        assert "重大度" in ja.stderr and "エラー" in ja.stderr
        assert "where a number is expected" in " ".join(ja.stderr.split())
        assert "severity" not in ja.stderr
        as_json = [
            runner.invoke(app, [command, str(BAD_CELL), "-f", "json", *x]).stdout
            for x in ((), ("--lang", "ja"))
        ]
        assert as_json[0] == as_json[1] and "JCM-D009" in as_json[0]
