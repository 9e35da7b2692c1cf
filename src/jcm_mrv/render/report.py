"""A monitoring report people read: one self-contained HTML file, or Markdown.

Both are rendered from the same sections (:func:`sections`) of a calculation run with
``explain``: the project and methodology identity, the per-period table, the credit
allocation, eligibility, the findings on the data, and the calculation trace. The HTML
adds charts drawn by matplotlib (imported here only, when a report is written) as
inline SVG: no script, no external font or stylesheet, nothing fetched when it opens.

Every figure of the per-period table carries ``data-field``, ``data-period`` and
``data-value`` (the figure at full precision) so that a reader or a test can check the
page against the JSON result.
"""

from __future__ import annotations

import datetime
import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jcm_mrv.render.messages import Language, messages, rounding_text
from jcm_mrv.render.results import CSV_COLUMNS

if TYPE_CHECKING:
    from jcm_mrv.api import Calculation
    from jcm_mrv.engine.results import CalculationResult
    from jcm_mrv.render.series import Series

MARKDOWN_SERIES_ROWS = 40
"""The Markdown report gives a series as a table up to this many days or months."""


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and, for a result figure, what it is."""

    text: str
    field: str | None = None
    period: str | None = None
    value: float | int | None = None


@dataclass(frozen=True)
class Section:
    """A heading with lines of text and a table."""

    heading: str
    lines: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    right: tuple[int, ...] = ()
    tables: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)
    """Further tables with a caption each, as Markdown lines (Markdown only)."""


def _tonnes(value: float) -> str:
    return f"{value:,.3f}"


def _figure(text: str, name: str, period: str, value: float | int) -> Cell:
    return Cell(text, name, period, value)


def sections(calculation: Calculation, lang: Language = "en") -> list[Section]:
    """The report's sections, in the order they are shown."""
    m = messages(lang)
    result = calculation.result
    found = [_identity(result, m), _periods(result, m)]
    if calculation.allocation is not None:
        found.append(_allocation(calculation, m))
    if result.eligibility:
        found.append(
            Section(
                m["eligibility"],
                header=(m["criterion"], m["status"], m["detail"]),
                rows=tuple(
                    (Cell(e.id), Cell(m["status:" + e.status]), Cell(e.detail))
                    for e in result.eligibility
                ),
            )
        )
    found.append(
        Section(
            m["findings"],
            lines=() if result.findings else (m["no_findings"],),
            header=(m["status"], m["code"], m["detail"]) if result.findings else (),
            rows=tuple(
                (Cell(f.severity.value), Cell(f.code), Cell(f.message)) for f in result.findings
            ),
        )
    )
    found.append(_trace(result, m))
    found.append(_provenance(result, m))
    return found


def _identity(result: CalculationResult, m: Mapping[str, str]) -> Section:
    rounding = result.provenance.rounding
    lines = [
        f"{m['project']}: {result.project.id} {result.project.title}",
        f"{m['partner_country']}: {result.project.country}",
        f"{m['methodology']}: {result.methodology.id} {m['version']} "
        f"{result.methodology.version} ({result.methodology.title})",
        rounding_text(rounding, m),
    ]
    if result.provenance.overrides:
        lines.append(
            f"{m['overrides']}: "
            + ", ".join(f"{k} = {v}" for k, v in result.provenance.overrides.items())
        )
    return Section(m["identity"], lines=tuple(lines))


def _periods(result: CalculationResult, m: Mapping[str, str]) -> Section:
    rows = []
    for p in result.periods:
        rows.append(
            (
                Cell(p.id),
                Cell(str(p.start)),
                Cell(str(p.end)),
                _figure(
                    _tonnes(p.reference_emissions),
                    "reference_emissions",
                    p.id,
                    p.reference_emissions,
                ),
                _figure(
                    _tonnes(p.project_emissions), "project_emissions", p.id, p.project_emissions
                ),
                _figure(
                    _tonnes(p.emission_reductions),
                    "emission_reductions",
                    p.id,
                    p.emission_reductions,
                ),
                _figure(
                    f"{p.emission_reductions_rounded:,}",
                    "emission_reductions_rounded",
                    p.id,
                    p.emission_reductions_rounded,
                ),
            )
        )
    t = result.totals
    total = "TOTAL"
    rows.append(
        (
            Cell(m["total"]),
            Cell(""),
            Cell(""),
            _figure(
                _tonnes(t.reference_emissions), "reference_emissions", total, t.reference_emissions
            ),
            _figure(_tonnes(t.project_emissions), "project_emissions", total, t.project_emissions),
            _figure(
                _tonnes(t.emission_reductions), "emission_reductions", total, t.emission_reductions
            ),
            _figure(
                f"{t.emission_reductions_rounded:,}",
                "emission_reductions_rounded",
                total,
                t.emission_reductions_rounded,
            ),
        )
    )
    header = tuple(m[k] for k in CSV_COLUMNS)  # the CSV's columns, in the reader's words
    return Section(m["periods_heading"], header=header, rows=tuple(rows), right=(3, 4, 5, 6))


def _allocation(calculation: Calculation, m: Mapping[str, str]) -> Section:
    from jcm_mrv.credits.cumulative import cumulative_allocation

    assert calculation.allocation is not None
    total = cumulative_allocation(calculation.allocation)
    return Section(
        f"{m['allocation']} ({total.scheme})",
        header=(m["party"], m["role"], m["credits"], m["rule"]),
        rows=tuple(
            (
                Cell(line.party),
                Cell(m["role:" + line.role.value]),
                Cell(f"{line.credits:,}"),
                Cell(line.rule),
            )
            for line in total.lines
        ),
        right=(2,),
    )


def _trace(result: CalculationResult, m: Mapping[str, str]) -> Section:
    """Every parameter and equation per period and point (values by day left out)."""
    rows = []
    for item in result.explanation:
        if item.days:
            continue
        periods = item.periods or [""]
        points = item.points or [""]
        values: Sequence[Sequence[float | list[float]]] = item.values
        for period, row in zip(periods, values, strict=False):
            for point, value in zip(points, row, strict=False):
                assert not isinstance(value, list)
                rows.append(
                    (
                        Cell(item.symbol),
                        Cell(item.expression or item.kind),
                        Cell(period),
                        Cell(point),
                        Cell(f"{value:,.6g}"),
                        Cell(item.unit),
                    )
                )
    return Section(
        m["trace"],
        header=(m["symbol"], m["expression"], m["period"], m["point"], m["value"], m["unit"]),
        rows=tuple(rows),
        right=(4,),
    )


def _provenance(result: CalculationResult, m: Mapping[str, str]) -> Section:
    lines = [
        m["generated_by"].format(version=result.provenance.tool_version),
        f"{m['project_file']} sha256 {result.provenance.project_sha256}",
        f"{m['methodology_file']} sha256 {result.methodology.sha256}",
    ]
    lines += [
        f"{m['data_file']} {name} sha256 {digest}"
        for name, digest in sorted(result.provenance.data_files.items())
    ]
    return Section(m["provenance"], lines=tuple(lines))


# --- Markdown -------------------------------------------------------------------------


def to_markdown(
    calculation: Calculation, lang: Language = "en", series: Sequence[Series] = ()
) -> str:
    """The report as Markdown: the same sections as the HTML, without the charts.

    After the per-period table, each series of monitored values over time
    (:mod:`jcm_mrv.render.series`) is a table of its own when it has at most
    :data:`MARKDOWN_SERIES_ROWS` days or months, else a line that says where its chart is.
    """
    m = messages(lang)
    parts = [f"# {m['report_title']}"]
    found = sections(calculation, lang)
    if series:
        found.insert(2, _series_section(series, m))
    for section in found:
        parts += ["", f"## {_md(section.heading)}"]
        if section.lines:
            parts += [""] + [f"- {_md(line)}" for line in section.lines]
        if section.header:
            rows = [[c.text for c in row] for row in section.rows]
            parts += ["", *markdown_table(section.header, rows, section.right)]
        for caption, table in section.tables:
            parts += ["", f"### {_md(caption)}", "", *table]
    return "\n".join(parts) + "\n"


def _series_section(series: Sequence[Series], m: Mapping[str, str]) -> Section:
    """The monitored values over time, as Markdown: tables that fit, pointers otherwise."""
    lines: list[str] = []
    tables: list[tuple[str, tuple[str, ...]]] = []
    for one in series:
        caption = series_caption(one, m)
        if len(one.starts) > MARKDOWN_SERIES_ROWS:
            lines.append(m["series_in_html"].format(caption=caption, count=f"{len(one.starts):,}"))
            continue
        rows = [
            [str(start), *(_series_value(line[k]) for line in one.values)]
            for k, start in enumerate(one.starts)
        ]
        header = (m["series_from"], *one.points)
        right = tuple(range(1, len(header)))
        tables.append((caption, tuple(markdown_table(header, rows, right))))
    return Section(m["series_heading"], lines=tuple(lines), tables=tuple(tables))


def _series_value(value: float | None) -> str:
    return "–" if value is None else f"{value:,.6g}"


def series_caption(series: Series, m: Mapping[str, str]) -> str:
    """``EG_i_p per monitoring point, by day (MWh)``, in ``m``'s language."""
    key = "chart_series_day" if series.resolution == "day" else "chart_series_month"
    return m[key].format(symbol=series.symbol, unit=series.unit)


def markdown_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> list[str]:
    """A Markdown table's lines (``right``: the columns aligned right)."""
    rule = ["---:" if n in right else "---" for n in range(len(header))]
    return [
        "| " + " | ".join(_md(h) for h in header) + " |",
        "| " + " | ".join(rule) + " |",
        *("| " + " | ".join(_md(c) for c in row) + " |" for row in rows),
    ]


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# --- HTML -----------------------------------------------------------------------------

_STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; }
th { background: #eef; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0; }
"""


def to_html(calculation: Calculation, lang: Language = "en", series: Sequence[Series] = ()) -> str:
    """The report as one self-contained HTML document with inline SVG charts (those of
    :func:`charts`; each figure names its chart in ``data-chart``)."""
    m = messages(lang)
    result = calculation.result
    title = f"{m['report_title']}: {result.project.id} {result.project.title}"
    body = [f"<h1>{_h(title)}</h1>"]
    for n, section in enumerate(sections(calculation, lang)):
        body.append(f"<section><h2>{_h(section.heading)}</h2>")
        if section.lines:
            body.append(
                "<ul>" + "".join(f"<li>{_h(line)}</li>" for line in section.lines) + "</ul>"
            )
        if section.header:
            body.append(_html_table(section))
        body.append("</section>")
        if n == 1:  # the charts follow the per-period table
            body.append(f"<section><h2>{_h(m['charts'])}</h2>")
            body += [
                f'<figure data-chart="{_h(name)}">{svg}<figcaption>{_h(caption)}</figcaption>'
                "</figure>"
                for name, caption, svg in charts(result, lang, series)
            ]
            body.append("</section>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_h(title)}</title><style>{_STYLE}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _html_table(section: Section) -> str:
    head = "".join(f"<th>{_h(h)}</th>" for h in section.header)
    rows = []
    for row in section.rows:
        cells = []
        for n, cell in enumerate(row):
            attributes = ' class="num"' if n in section.right else ""
            if cell.field is not None:
                attributes += (
                    f' data-field="{_h(cell.field)}" data-period="{_h(cell.period or "")}"'
                    f' data-value="{cell.value!r}"'
                )
            cells.append(f"<td{attributes}>{_h(cell.text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"


def charts(
    result: CalculationResult, lang: Language = "en", series: Sequence[Series] = ()
) -> list[tuple[str, str, str]]:
    """The report's charts: (name, caption, SVG) of RE/PE/ER per period (``outputs``),
    of each monitored value over time per point where ``series`` has it
    (``series:SYMBOL``), and per period where it does not (``periods:SYMBOL``).

    The drawings hold symbols, units, ids and dates only: the caption (in ``lang``) is
    the page's text, so no font with Japanese glyphs is needed to draw."""
    m = messages(lang)
    periods = [p.id for p in result.periods]
    drawn = [
        (
            "outputs",
            m["chart_outputs"],
            _chart(
                periods,
                {
                    "RE": [p.reference_emissions for p in result.periods],
                    "PE": [p.project_emissions for p in result.periods],
                    "ER": [p.emission_reductions for p in result.periods],
                },
                "tCO2",
            ),
        )
    ]
    over_time = {one.symbol: one for one in series}
    for item in result.explanation:
        if item.kind != "monitored" or len(item.periods) < 1:
            continue
        one = over_time.get(item.symbol)
        if one is not None:
            lines = dict(zip(one.points, one.values, strict=True))
            svg = _chart(list(one.starts), lines, one.unit, markers=one.resolution == "month")
            drawn.append((f"series:{item.symbol}", series_caption(one, m), svg))
            continue
        if item.days:
            continue  # values by day without a series: too many for a chart per period
        values = {
            point or item.symbol: [float(row[n]) for row in item.values]  # type: ignore[arg-type]  # days excluded above
            for n, point in enumerate(item.points or [""])
        }
        title = m["chart_monitored"].format(symbol=item.symbol, unit=item.unit)
        drawn.append((f"periods:{item.symbol}", title, _chart(item.periods, values, item.unit)))
    return drawn


def _chart(
    along: Sequence[Any],
    series: Mapping[str, Sequence[float | None]],
    unit: str,
    *,
    markers: bool = True,
) -> str:
    """One line chart of ``series`` along ``along`` (period ids, or dates): its SVG.

    ``None`` values are breaks in the line."""
    import io

    import matplotlib

    matplotlib.use("svg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 3.2))
    axes = figure.subplots()
    for label, values in series.items():
        ys = [math.nan if v is None else v for v in values]
        axes.plot(list(along), ys, marker="o" if markers else None, label=label)
    if along and isinstance(along[0], datetime.date):
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

        locator = AutoDateLocator()  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.set_ylabel(unit)
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    buffer = io.StringIO()
    # text as paths: no font is needed where the file is opened; a fixed hash salt
    # keeps the SVG the same bytes for the same result
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "jcm-mrv"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]
