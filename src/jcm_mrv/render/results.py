"""Render a calculation result as a table, CSV or Markdown.

All renderers read the same :class:`~jcm_mrv.engine.results.CalculationResult` (and,
where they show it, the allocation computed beside it). The JSON document is the
outcome's (:meth:`jcm_mrv.outcome.Outcome.to_dict`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jcm_mrv.render.csvtext import csv_text
from jcm_mrv.render.messages import Language, messages, rounding_text

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.credits.periods import PeriodAllocations
from jcm_mrv.engine.results import CalculationResult

CSV_COLUMNS = (
    "period",
    "start",
    "end",
    "reference_emissions",
    "project_emissions",
    "emission_reductions",
    "emission_reductions_rounded",
)


def tonnes(value: float) -> str:
    """A tCO2 figure for people: thousands separators and three decimals."""
    return f"{value:,.3f}"


def to_csv(result: CalculationResult) -> str:
    """A row per period and a ``TOTAL`` row, full precision, tCO2."""
    rows: list[list[Any]] = [list(CSV_COLUMNS)]
    for p in result.periods:
        rows.append(
            [
                p.id,
                p.start.isoformat(),
                p.end.isoformat(),
                repr(p.reference_emissions),
                repr(p.project_emissions),
                repr(p.emission_reductions),
                p.emission_reductions_rounded,
            ]
        )
    t = result.totals
    rows.append(
        [
            "TOTAL",
            result.periods[0].start.isoformat() if result.periods else "",
            result.periods[-1].end.isoformat() if result.periods else "",
            repr(t.reference_emissions),
            repr(t.project_emissions),
            repr(t.emission_reductions),
            t.emission_reductions_rounded,
        ]
    )
    return csv_text(rows)


def unconfirmed(result: CalculationResult, lang: Language = "en") -> str:
    """What the figures rest on that is not confirmed, in one line, said plainly."""
    return "; ".join(result.methodology.unconfirmed) + f" ({messages(lang)['unconfirmed_note']})"


def to_markdown(
    result: CalculationResult, allocation: PeriodAllocations | None = None, lang: Language = "en"
) -> str:
    """A Markdown report: identity, results per period, allocation, eligibility, provenance.

    ``lang`` is the language of the headings and fixed texts (:mod:`jcm_mrv.render.messages`).
    """
    m = messages(lang)
    lines = [
        f"# {m['emission_reductions_title']}: {result.project.id} {result.project.title}",
        "",
        f"- {m['partner_country']}: {result.project.country}",
        f"- {m['methodology']}: {result.methodology.id} {m['version']} "
        f"{result.methodology.version} ({result.methodology.title})",
        f"- {rounding_text(result.provenance.rounding, m)}",
    ]
    if result.methodology.unconfirmed:
        lines.append(f"- {m['not_confirmed']}: {unconfirmed(result, lang)}")
    if result.provenance.overrides:
        lines.append(
            f"- {m['overrides']}: "
            + ", ".join(f"{k} = {v}" for k, v in result.provenance.overrides.items())
        )
    columns = CSV_COLUMNS
    lines += [
        "",
        "| " + " | ".join(m[c] for c in columns) + " |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for p in result.periods:
        lines.append(
            f"| {p.id} | {p.start} | {p.end} | {tonnes(p.reference_emissions)} | "
            f"{tonnes(p.project_emissions)} | {tonnes(p.emission_reductions)} | "
            f"{p.emission_reductions_rounded:,} |"
        )
    t = result.totals
    lines.append(
        f"| **{m['total']}** | | | {tonnes(t.reference_emissions)} | "
        f"{tonnes(t.project_emissions)} | "
        f"{tonnes(t.emission_reductions)} | **{t.emission_reductions_rounded:,}** |"
    )
    if allocation is not None:
        from jcm_mrv.credits.cumulative import cumulative_allocation

        total = cumulative_allocation(allocation)
        lines += [
            "",
            f"## {m['allocation']} ({total.scheme})",
            "",
            f"| {m['party']} | {m['role']} | {m['credits']} | {m['rule']} |",
            "| --- | --- | ---: | --- |",
        ]
        lines += [
            f"| {_cell(line.party)} | {m['role:' + line.role.value]} | {line.credits:,} | "
            f"{_cell(line.rule)} |"
            for line in total.lines
        ]
    if result.eligibility:
        lines += [
            "",
            f"## {m['eligibility']}",
            "",
            f"| {m['criterion']} | {m['status']} | {m['detail']} |",
            "| --- | --- | --- |",
        ]
        lines += [
            f"| {e.id} | {m['status:' + e.status]} | {_cell(e.detail)} |"
            for e in result.eligibility
        ]
    if result.findings:
        lines += ["", f"## {m['findings']}", ""]
        lines += [f"- `{f.code}` {f.severity.value}: {f.message}" for f in result.findings]
    lines += ["", f"## {m['provenance']}", ""]
    lines.append(f"- jcm-mrv {result.provenance.tool_version}")
    lines.append(f"- {m['project_file']} sha256 `{result.provenance.project_sha256}`")
    lines.append(f"- {m['methodology_file']} sha256 `{result.methodology.sha256}`")
    for name, digest in sorted(result.provenance.data_files.items()):
        lines.append(f"- {m['data_file']} {name} sha256 `{digest}`")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def print_table(
    result: CalculationResult,
    console: Console,
    *,
    explain: bool = False,
    allocation: PeriodAllocations | None = None,
    lang: Language = "en",
) -> None:
    """Print the result for people: periods and totals, the allocation, eligibility.

    ``lang`` is the language of the headings and fixed texts (:mod:`jcm_mrv.render.messages`).
    """
    from rich.markup import escape
    from rich.table import Table

    m = messages(lang)
    console.print(
        f"[bold]{escape(result.project.id)}[/bold] {escape(result.project.title)} "
        f"({result.project.country}) — {result.methodology.id} v{result.methodology.version}",
        highlight=False,
    )
    if result.methodology.unconfirmed:
        console.print(
            f"[yellow]{m['not_confirmed']}:[/yellow] {escape(unconfirmed(result, lang))}",
            highlight=False,
        )
    for name, value in result.provenance.overrides.items():
        console.print(f"[yellow]{m['override']}[/yellow] {name} = {escape(value)}", highlight=False)
    table = Table(title=m["table_title"], title_justify="left", show_footer=True)
    t = result.totals
    table.add_column(m["period"], footer=m["total"])
    table.add_column(m["start"])
    table.add_column(m["end"])
    table.add_column(m["re_short"], justify="right", footer=tonnes(t.reference_emissions))
    table.add_column(m["pe_short"], justify="right", footer=tonnes(t.project_emissions))
    table.add_column(m["er_short"], justify="right", footer=tonnes(t.emission_reductions))
    table.add_column(
        m["er_rounded_short"],
        justify="right",
        footer=f"{t.emission_reductions_rounded:,}",
        style="bold",
    )
    for p in result.periods:
        marks = (" *" if p.near_boundary else "") + (
            f" ({m['negative_issued']})" if p.negative else ""
        )
        table.add_row(
            escape(p.id),
            str(p.start),
            str(p.end),
            tonnes(p.reference_emissions),
            tonnes(p.project_emissions),
            tonnes(p.emission_reductions),
            f"{p.emission_reductions_rounded:,}{marks}",
        )
    console.print(table)
    console.print(rounding_text(result.provenance.rounding, m), highlight=False)
    if allocation is not None:
        from jcm_mrv.render import allocation as render_allocation

        render_allocation.print_table(allocation, console, explain=explain, lang=lang)
    if explain:
        print_explanation(result, console, lang)
    if result.eligibility:
        eligibility = Table(title=m["eligibility"], title_justify="left")
        eligibility.add_column(m["criterion"])
        eligibility.add_column(m["status"])
        eligibility.add_column(m["detail"], overflow="fold")
        styles = {"pass": "green", "fail": "bold red", "attestation-needed": "yellow"}
        for e in result.eligibility:
            # Criterion texts are the methodology's words: "[likely]" is text, not markup.
            eligibility.add_row(
                e.id, f"[{styles[e.status]}]{m['status:' + e.status]}[/]", escape(e.detail)
            )
        console.print(eligibility)


def print_explanation(result: CalculationResult, console: Console, lang: Language = "en") -> None:
    """Every parameter and equation per period and monitoring point (a calc_process sheet).

    Values that vary by day (index ``d``) are too many for the table: they are named
    below it and are in the JSON output (``--format json --explain``).
    """
    from rich.markup import escape
    from rich.table import Table

    m = messages(lang)
    per_point = [item for item in result.explanation if not item.days]
    per_day = [item.symbol for item in result.explanation if item.days]
    periods = [p.id for p in result.periods]
    for period in periods:
        table = Table(
            title=escape(m["calculation_period"].format(period=period)), title_justify="left"
        )
        table.add_column(m["symbol"], no_wrap=True)
        table.add_column(m["kind"])
        table.add_column(m["value"], justify="right")
        table.add_column(m["unit"])
        table.add_column(m["expression_column"], overflow="fold")
        for item in per_point:
            row = item.values[item.periods.index(period)] if item.periods else item.values[0]
            labels = [f"{item.symbol}[{p}]" for p in item.points] or [item.symbol]
            for label, value in zip(labels, row, strict=True):
                # "EG_i_p[inv-01]" is text: rich would take "[inv-01]" for a markup tag.
                table.add_row(
                    escape(label),
                    item.kind,
                    f"{value:,.6f}",
                    escape(item.unit),
                    escape(item.expression or ""),
                )
        console.print(table)
    if per_day:
        console.print(
            escape(m["values_by_day"].format(symbols=", ".join(per_day))), highlight=False
        )
    print_calibration_corrections(result, console)
    print_substitutions(result, console)


def print_substitutions(result: CalculationResult, console: Console) -> None:
    """The gaps filled with a substitute, one row per period, parameter and point.

    Nothing is printed when no gap was filled.
    """
    from rich.markup import escape

    rows = [
        [
            escape(p.id),
            escape(s.parameter),
            escape(s.point or ""),
            "; ".join(s.intervals),
            s.rule,
            f"{s.amount:+,.6f} {escape(s.unit)}",
        ]
        for p in result.periods
        for s in p.substitutions
    ]
    columns = ("period", "parameter", "point", "missing intervals", "rule", "amount")
    _print_records(console, "Gaps filled with a substitute", columns, ("amount",), rows)


def print_calibration_corrections(result: CalculationResult, console: Console) -> None:
    """The readings corrected after a calibration, one row per period, point and rule.

    Nothing is printed when no reading was corrected.
    """
    from rich.markup import escape

    rows = [
        [
            escape(p.id),
            escape(c.parameter),
            escape(c.point),
            c.span,
            f"{c.rule} ({c.calibration})",
            f"{float(c.factor):g}",
            f"{c.readings:,}",
            f"{float(c.amount):+,.6f} {escape(c.unit)}",
        ]
        for p in result.periods
        for c in p.calibration_corrections
    ]
    columns = ("period", "parameter", "point", "days", "rule", "factor", "readings", "change")
    _print_records(
        console, "Calibration corrections", columns, ("factor", "readings", "change"), rows
    )


def _print_records(
    console: Console,
    title: str,
    columns: Sequence[str],
    right: Sequence[str],
    rows: Sequence[Sequence[str]],
) -> None:
    """A titled table of records (nothing when there are none)."""
    from rich.table import Table

    if not rows:
        return
    table = Table(title=title, title_justify="left")
    for name in columns:
        table.add_column(name, justify="right" if name in right else "left", overflow="fold")
    for row in rows:
        table.add_row(*row)
    console.print(table)


def explained_rows(result: CalculationResult) -> list[dict[str, Any]]:
    """The explanation as flat rows (symbol, period, point, value) for machine use.

    Rows of a value that varies by day also carry ``day``, the ISO date.
    """
    starts = {p.id: p.start for p in result.periods}
    rows: list[dict[str, Any]] = []
    for item in result.explanation:
        periods = item.periods or [""]
        points = item.points or [""]
        values: Sequence[Sequence[float | list[float]]] = item.values
        for period, row in zip(periods, values, strict=False):
            for point, value in zip(points, row, strict=False):
                base = {"symbol": item.symbol, "period": period, "point": point}
                if not isinstance(value, list):
                    rows.append({**base, "value": value})
                    continue
                first = starts.get(period)
                for k, daily in enumerate(value):
                    day = (first + datetime.timedelta(days=k)).isoformat() if first else str(k)
                    rows.append({**base, "day": day, "value": daily})
    return rows
