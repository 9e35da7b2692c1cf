"""Render a portfolio: a row per project, then totals by country, methodology and scheme.

The table and the CSV read the same :class:`~jcm_mrv.portfolio.Portfolio`; the JSON
document is the outcome's (:meth:`jcm_mrv.outcome.Outcome.to_dict` with
:meth:`~jcm_mrv.portfolio.Portfolio.to_dict`).
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from jcm_mrv.render.results import tonnes

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.portfolio import Portfolio

CSV_COLUMNS = (
    "row",
    "key",
    "project",
    "country",
    "methodology",
    "scheme",
    "status",
    "projects",
    "periods",
    "reference_emissions",
    "project_emissions",
    "emission_reductions",
    "credits",
    "errors",
    "warnings",
)
"""The CSV columns: ``row`` is ``project`` (``key`` its file) or ``total``,
``country``, ``methodology`` or ``scheme`` (``key`` the group)."""


def to_csv(portfolio: Portfolio) -> str:
    """A row per project, then a row per group total and the grand total; full
    precision, tCO2."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in portfolio.projects:
        counts = p.summary()
        writer.writerow(
            [
                "project",
                p.file,
                p.project or "",
                p.country or "",
                p.methodology or "",
                p.scheme or "",
                p.status.value,
                1,
                p.periods,
                repr(p.reference_emissions),
                repr(p.project_emissions),
                repr(p.emission_reductions),
                p.credits,
                counts["errors"],
                counts["warnings"],
            ]
        )
    groups = [
        (group, t)
        for group in ("country", "methodology", "scheme")
        for t in portfolio.totals_by(group)
    ]
    for group, total in [*groups, ("total", portfolio.total())]:
        writer.writerow(
            [
                group,
                total.key,
                *([""] * 5),
                total.projects,
                total.periods,
                repr(total.reference_emissions),
                repr(total.project_emissions),
                repr(total.emission_reductions),
                total.credits,
                "",
                "",
            ]
        )
    return buffer.getvalue()


def print_table(portfolio: Portfolio, console: Console) -> None:
    """Print the portfolio for people: the projects, then the totals per group."""
    from rich.markup import escape
    from rich.table import Table

    total = portfolio.total()
    table = Table(title="Portfolio (tCO2)", title_justify="left", show_footer=True)
    table.add_column("project", footer="total")
    table.add_column("country")
    table.add_column("methodology")
    table.add_column("status", footer=f"{total.projects} of {len(portfolio.projects)}")
    table.add_column("periods", justify="right", footer=str(total.periods))
    table.add_column("RE", justify="right", footer=tonnes(total.reference_emissions))
    table.add_column("PE", justify="right", footer=tonnes(total.project_emissions))
    table.add_column("ER", justify="right", footer=tonnes(total.emission_reductions))
    table.add_column("credits", justify="right", footer=f"{total.credits:,}", style="bold")
    table.add_column("errors", justify="right")
    table.add_column("warnings", justify="right")
    styles = {"clean": "green", "findings": "yellow", "unusable": "bold red"}
    for p in portfolio.projects:
        counts = p.summary()
        calculated = p.project is not None
        table.add_row(
            escape(p.project or p.file),
            escape(p.country or ""),
            escape(p.methodology or ""),
            f"[{styles[p.status.value]}]{p.status.value}[/]",
            str(p.periods) if calculated else "",
            tonnes(p.reference_emissions) if calculated else "",
            tonnes(p.project_emissions) if calculated else "",
            tonnes(p.emission_reductions) if calculated else "",
            f"{p.credits:,}" if calculated else "",
            str(counts["errors"]),
            str(counts["warnings"]),
        )
    console.print(table)
    for group in ("country", "methodology", "scheme"):
        sums = Table(title=f"By {group} (tCO2)", title_justify="left")
        for name in (group, "projects", "periods", "RE", "PE", "ER", "credits"):
            sums.add_column(name, justify="left" if name == group else "right")
        for t in portfolio.totals_by(group):
            sums.add_row(
                escape(t.key),
                str(t.projects),
                str(t.periods),
                tonnes(t.reference_emissions),
                tonnes(t.project_emissions),
                tonnes(t.emission_reductions),
                f"{t.credits:,}",
            )
        console.print(sums)
