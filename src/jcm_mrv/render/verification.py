"""Render a verification report as a table, JSON or Markdown.

All renderers read the same :class:`~jcm_mrv.verification.report.VerificationReport`;
its findings alone go through :mod:`jcm_mrv.render.findings` for GitHub annotations
and SARIF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jcm_mrv.outputs import json_text

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.verification.report import ComparisonRow, ValueRow, VerificationReport

_STATUS = {"agrees": "agrees", "differs": "differs (below materiality)", "material": "MATERIAL"}


def to_json(report: VerificationReport) -> str:
    """The documented JSON object of a verification."""
    return json_text(report.to_dict())


def figure(value: float, quantity: str = "") -> str:
    """A figure for people: whole credits as integers, tCO2 with three decimals."""
    if quantity == "ER rounded":
        return f"{value:,.0f}"
    return f"{value:,.3f}"


def difference(row: ComparisonRow) -> str:
    """Claimed minus recomputed, for people (float noise in an agreeing figure shows as 0)."""
    if row.status == "agrees" and abs(row.difference) < 5e-7:
        return "0"
    return f"{row.difference:+,.6g}"


def share(row: ComparisonRow) -> str:
    """The difference as a share of the period's ER, for people."""
    if row.share is None:
        return "n/a (ER is 0)"
    return f"{row.share:+.3%}"


def _headline(report: VerificationReport) -> list[str]:
    claim = f"{report.claim_file} ({report.claim_kind}, sha256 {report.claim_sha256})"
    return [
        f"Project: {report.project_id} {report.project_title} ({report.project_file})",
        f"Claim: {claim}",
        f"Claim's recorded result hash: {report.claim_result_sha256 or 'none'}",
        f"Recomputation's result hash: {report.recomputed_sha256}",
        f"Periods compared: {', '.join(report.periods) or 'none'}",
        f"Materiality: {report.materiality * 100:.4g} % of each period's recomputed ER",
    ]


def _value_cells(row: ValueRow) -> list[str]:
    def show(value: float | None) -> str:
        return "missing" if value is None else repr(value)

    return [row.place, row.unit, show(row.claimed), show(row.recomputed)]


def to_markdown(report: VerificationReport) -> str:
    """A Markdown verification report: identity, comparison, values, findings, conclusion."""
    lines = [f"# Verification of {report.project_id}", ""]
    lines += [f"- {line}" for line in _headline(report)]
    lines += [
        "",
        f"**Conclusion:** {report.conclusion}",
        "",
        "## Claimed and recomputed figures (tCO2)",
        "",
        "| period | figure | claimed | recomputed | difference | share of ER | status |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in report.rows:
        lines.append(
            f"| {row.period} | {row.quantity} | {figure(row.claimed, row.quantity)} | "
            f"{figure(row.recomputed, row.quantity)} | {difference(row)} | {share(row)} | "
            f"{_STATUS[row.status]} |"
        )
    if report.values_compared:
        differing = [row for row in report.values if not row.agrees]
        lines += ["", "## Parameter and equation values", ""]
        if report.first_difference is not None:
            lines.append(
                f"{report.values_compared} values compared; the calculations first part at "
                f"`{report.first_difference.place}`."
            )
            lines += [
                "",
                "| value | unit | claimed | recomputed |",
                "| --- | --- | ---: | ---: |",
            ]
            lines += ["| " + " | ".join(_value_cells(row)) + " |" for row in differing]
        else:
            lines.append(f"{report.values_compared} values compared: all agree.")
    lines += ["", "## Findings", ""]
    if report.findings:
        lines += ["| code | severity | location | message |", "| --- | --- | --- | --- |"]
        for f in report.findings:
            message = f.message + (f" ({f.hint})" if f.hint else "")
            lines.append(
                f"| {f.code} | {f.severity.value} | {_cell(f.location)} | {_cell(message)} |"
            )
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def print_table(report: VerificationReport, console: Console) -> None:
    """Print the report for people: headline, comparison table, differing values, conclusion."""
    from rich.table import Table
    from rich.text import Text

    for line in _headline(report):
        console.print(Text(line))
    table = Table(title="Claimed and recomputed figures (tCO2)", title_justify="left")
    for name in ("period", "figure", "claimed", "recomputed", "difference", "share of ER"):
        table.add_column(name, justify="right" if name not in ("period", "figure") else "left")
    table.add_column("status")
    styles = {"agrees": "green", "differs": "yellow", "material": "bold red"}
    for row in report.rows:
        table.add_row(
            row.period,
            row.quantity,
            figure(row.claimed, row.quantity),
            figure(row.recomputed, row.quantity),
            difference(row),
            share(row),
            Text(_STATUS[row.status], style=styles[row.status]),
        )
    console.print(table)
    if report.values_compared:
        differing = [row for row in report.values if not row.agrees]
        console.print(
            Text(
                f"{report.values_compared} parameter and equation values compared: "
                + ("all agree" if not differing else f"{len(differing)} differ")
            )
        )
        if differing:
            values = Table(title="Values that differ (first where the calculations part)")
            for name in ("value", "unit", "claimed", "recomputed"):
                values.add_column(name)
            for value in differing:
                values.add_row(*(Text(cell) for cell in _value_cells(value)))
            console.print(values)
    style = "bold red" if report.failed else "bold green"
    console.print(Text(report.conclusion, style=style))
