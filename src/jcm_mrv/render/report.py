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

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jcm_mrv.render.messages import Language, messages, rounding_text
from jcm_mrv.render.results import CSV_COLUMNS

if TYPE_CHECKING:
    from jcm_mrv.api import Calculation
    from jcm_mrv.engine.results import CalculationResult


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
    charts: tuple[str, ...] = field(default=(), compare=False)
    """SVG drawings (HTML only)."""


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
            header=(m["status"], "code", m["detail"]) if result.findings else (),
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


def to_markdown(calculation: Calculation, lang: Language = "en") -> str:
    """The report as Markdown: the same sections as the HTML, without the charts."""
    m = messages(lang)
    parts = [f"# {m['report_title']}"]
    for section in sections(calculation, lang):
        parts += ["", f"## {_md(section.heading)}"]
        if section.lines:
            parts += [""] + [f"- {_md(line)}" for line in section.lines]
        if section.header:
            rows = [[c.text for c in row] for row in section.rows]
            parts += ["", *markdown_table(section.header, rows, section.right)]
    return "\n".join(parts) + "\n"


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


def to_html(calculation: Calculation, lang: Language = "en") -> str:
    """The report as one self-contained HTML document with inline SVG charts."""
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
                f"<figure>{svg}<figcaption>{_h(caption)}</figcaption></figure>"
                for caption, svg in charts(result, lang)
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


def charts(result: CalculationResult, lang: Language = "en") -> list[tuple[str, str]]:
    """The report's charts: (caption, SVG) of RE/PE/ER per period and of each monitored
    value per point. The drawings hold symbols, units and ids only: the caption (in
    ``lang``) is the page's text, so no font with Japanese glyphs is needed to draw."""
    m = messages(lang)
    periods = [p.id for p in result.periods]
    drawn = [
        _chart(
            m["chart_outputs"],
            periods,
            {
                "RE": [p.reference_emissions for p in result.periods],
                "PE": [p.project_emissions for p in result.periods],
                "ER": [p.emission_reductions for p in result.periods],
            },
            "tCO2",
        )
    ]
    for item in result.explanation:
        if item.kind != "monitored" or item.days or len(item.periods) < 1:
            continue
        series = {
            point or item.symbol: [float(row[n]) for row in item.values]  # type: ignore[arg-type]  # days excluded above
            for n, point in enumerate(item.points or [""])
        }
        title = m["chart_monitored"].format(symbol=item.symbol, unit=item.unit)
        drawn.append(_chart(title, item.periods, series, item.unit))
    return drawn


def _chart(
    caption: str, periods: Sequence[str], series: Mapping[str, list[float]], unit: str
) -> tuple[str, str]:
    """One line-and-marker chart of ``series`` over ``periods``: its caption and SVG."""
    import io

    import matplotlib

    matplotlib.use("svg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 3.2))
    axes = figure.subplots()
    for label, values in series.items():
        axes.plot(list(periods), values, marker="o", label=label)
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
    return caption, text[text.index("<svg") :]
