"""The monitoring report people read: HTML (opened in a real browser) and Markdown."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jcm_mrv.cli import app

ROOT = Path(__file__).parent.parent.parent
PROJECT = ROOT / "examples" / "solar-pv-th" / "project.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FIELDS = (
    "reference_emissions",
    "project_emissions",
    "emission_reductions",
    "emission_reductions_rounded",
)


class _Figures(HTMLParser):
    """The result figures of a page: (field, period) → (data-value, text shown)."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[tuple[str, str], tuple[str, str]] = {}
        self._open: tuple[str, str, str] | None = None
        self.headings: list[str] = []
        self._heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "td" and named.get("data-field"):
            self._open = (
                named["data-field"] or "",
                named["data-period"] or "",
                named["data-value"] or "",
            )
        self._heading = tag in ("h1", "h2")

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            name, period, value = self._open
            self.figures[(name, period)] = (value, data)
            self._open = None
        if self._heading:
            self.headings.append(data)
            self._heading = False


def _result() -> dict[str, object]:
    run = CliRunner().invoke(app, ["calculate", str(PROJECT), "--format", "json"])
    assert run.exit_code == 0, run.output
    result: dict[str, object] = json.loads(run.stdout)["result"]
    return result


def _write(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "report.html"
    run = CliRunner().invoke(app, ["report", str(PROJECT), "-o", str(out), *args])
    assert run.exit_code == 0, run.output
    return out


def _browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does)")
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_html_is_self_contained(tmp_path: Path) -> None:
    text = _write(tmp_path, "--format", "html").read_text(encoding="utf-8")
    assert "<script" not in text and "<link" not in text and "@import" not in text
    # only references inside the page (an SVG's markers: href="#…")
    assert not re.search(r"\b(src|href)\s*=\s*\"(?!#)", text), "the page must load nothing"
    assert not re.search(r"url\((?!#)", text)  # clip paths inside the page only
    assert text.count("<svg") >= 2  # RE/PE/ER per period, EG per point over time


def test_html_renders_in_a_browser_with_the_results_figures(tmp_path: Path) -> None:
    out = _write(tmp_path, "--format", "html")
    dom = _browser(tmp_path, "--dump-dom", out.as_uri()).stdout
    page = _Figures()
    page.feed(dom)
    result = _result()
    periods = result["periods"]
    assert isinstance(periods, list) and periods
    for period in periods:
        for name in FIELDS:
            value, shown = page.figures[(name, period["id"])]
            assert float(value) == period[name], (name, period["id"])
            assert float(shown.replace(",", "")) == pytest.approx(period[name], abs=5e-4)
    totals = result["totals"]
    assert isinstance(totals, dict)
    for name in FIELDS:
        assert float(page.figures[(name, "TOTAL")][0]) == totals[name]
    assert "Credit allocation (moej-financing)" in page.headings
    assert "Calculation trace" in page.headings
    screenshot = tmp_path / "report.png"
    _browser(tmp_path, f"--screenshot={screenshot}", "--window-size=1200,2400", out.as_uri())
    assert screenshot.stat().st_size > 10_000  # a drawn page, kept as the test's artefact


def test_japanese_html_has_japanese_headings(tmp_path: Path) -> None:
    out = _write(tmp_path, "--format", "html", "--lang", "ja")
    dom = _browser(tmp_path, "--dump-dom", out.as_uri()).stdout
    page = _Figures()
    page.feed(dom)
    assert "モニタリング期間ごとの排出削減量" in page.headings
    assert "クレジットの配分 (moej-financing)" in page.headings
    assert 'lang="ja"' in dom


def test_markdown_has_the_same_figures(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    run = CliRunner().invoke(app, ["report", str(PROJECT), "-f", "markdown", "-o", str(out)])
    assert run.exit_code == 0, run.output
    text = out.read_text(encoding="utf-8")
    periods = _result()["periods"]
    assert isinstance(periods, list)
    for period in periods:
        assert f"| {period['emission_reductions_rounded']:,} |" in text
    assert "## Calculation trace" in text and "## Eligibility" in text
    japanese = tmp_path / "ja.md"
    CliRunner().invoke(
        app, ["report", str(PROJECT), "-f", "markdown", "--lang", "ja", "-o", str(japanese)]
    )
    assert "リファレンス排出量 (tCO2)" in japanese.read_text(encoding="utf-8")


class _Charts(HTMLParser):
    """The figures of a page that name a chart: data-chart → number of drawn paths."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: dict[str, int] = {}
        self._chart: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "figure" and named.get("data-chart"):
            self._chart = named["data-chart"]
            self.paths[self._chart or ""] = 0
        elif tag == "path" and self._chart is not None:
            self.paths[self._chart] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self._chart = None


@pytest.mark.parametrize(
    ("example", "chart", "caption"),
    [
        ("solar-pv-th", "series:EG_i_p", "EG_i_p per monitoring point, by day (MWh)"),
        ("chiller-id", "series:EC_PJ_i_p", "EC_PJ_i_p per monitoring point, by calendar month"),
    ],
)
def test_monitored_values_over_time_render_in_a_browser(
    example: str, chart: str, caption: str, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    project = ROOT / "examples" / example / "project.yaml"
    run = CliRunner().invoke(app, ["report", str(project), "-f", "html", "-o", str(out)])
    assert run.exit_code in (0, 1), run.output
    dom = _browser(tmp_path, "--dump-dom", out.as_uri()).stdout
    charts = _Charts()
    charts.feed(dom)
    assert "outputs" in charts.paths  # RE, PE and ER per period
    assert charts.paths[chart] > 20  # axes, ticks, one line per point: drawn
    assert caption in dom
    screenshot = tmp_path / f"{example}.png"
    _browser(tmp_path, f"--screenshot={screenshot}", "--window-size=1200,1600", out.as_uri())
    assert screenshot.stat().st_size > 10_000


def test_markdown_gives_a_short_series_as_a_table_and_points_to_a_long_one(
    tmp_path: Path,
) -> None:
    monthly = tmp_path / "chiller.md"
    chiller = ROOT / "examples" / "chiller-id" / "project.yaml"
    run = CliRunner().invoke(app, ["report", str(chiller), "-f", "markdown", "-o", str(monthly)])
    assert run.exit_code in (0, 1), run.output
    text = monthly.read_text(encoding="utf-8")
    assert "## Monitored values over time" in text
    assert "### EC_PJ_i_p per monitoring point, by calendar month (MWh)" in text
    assert "| from | CH-1 | CH-2 |" in text
    assert "| 2025-01-01 | 31 | 45.5 |" in text  # 31,000 kWh and 45,500 kWh in January
    daily = tmp_path / "solar.md"
    run = CliRunner().invoke(
        app, ["report", str(PROJECT), "-f", "markdown", "--lang", "ja", "-o", str(daily)]
    )
    assert run.exit_code == 0, run.output
    assert (
        "モニタリングポイントごとの EG_i_p、日別 (MWh): ポイントごとに 365 個の値。"
        "グラフは HTML 報告書 (--format html) にあります"
    ) in daily.read_text(encoding="utf-8")
