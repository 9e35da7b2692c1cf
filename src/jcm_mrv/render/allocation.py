"""Render a credit allocation as a table, JSON or CSV.

Every renderer reads the same :class:`~jcm_mrv.credits.periods.PeriodAllocations`
(one entry per monitoring period, or a single one for ``--issued N``). The JSON object
has the cumulative allocation at the top (``issued``, ``scheme``, ``allocations``: a
list of ``party``, ``role``, ``credits``, ``rule``, ``explanation``) and each period's
allocation under ``periods``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from jcm_mrv.credits.cumulative import allocation_report, cumulative_allocation
from jcm_mrv.outputs import json_text
from jcm_mrv.render.csvtext import csv_text
from jcm_mrv.render.messages import Language, messages

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.credits.allocation import Allocation
    from jcm_mrv.credits.periods import PeriodAllocations

CSV_COLUMNS = ("period", "party", "role", "credits", "rule", "explanation")
TOTAL = "TOTAL"
"""The ``period`` of the cumulative rows of the CSV (as in ``calculate --format csv``)."""


def to_json(allocations: PeriodAllocations) -> str:
    """The documented JSON object (:func:`~jcm_mrv.credits.cumulative.allocation_report`)."""
    return json_text(allocation_report(allocations))


def to_csv(allocations: PeriodAllocations) -> str:
    """A row per period and party, then the cumulative rows (period ``TOTAL``)."""
    labelled = [(p.period, p.allocation) for p in allocations.periods]
    labelled.append((TOTAL, cumulative_allocation(allocations)))
    rows = [
        [label, line.party, line.role.value, line.credits, line.rule, line.explanation]
        for label, allocation in labelled
        for line in allocation.lines
    ]
    return csv_text([list(CSV_COLUMNS), *rows])


def percent(credits: int, issued: int) -> str:
    """A part of the credits issued as a percentage for people (``50.1 %``)."""
    return f"{100 * credits / issued:.1f} %" if issued else "-"


def print_table(
    allocations: PeriodAllocations,
    console: Console,
    *,
    explain: bool = False,
    title: str | None = None,
    lang: Language = "en",
) -> None:
    """Print the allocation for people.

    One period: a row per party with its credits and share of the issuance. Several: a
    column per period and the cumulative total. With ``explain``, each period's rule and
    arithmetic follow, line by line. ``lang`` is the language of the headings and fixed
    texts (the rules and their arithmetic stay as the allocation writes them).
    """
    from rich.markup import escape
    from rich.table import Table

    m = messages(lang)
    total = cumulative_allocation(allocations)
    periods = allocations.periods
    heading = title or f"{m['allocation']} ({total.scheme})"
    table = Table(title=escape(heading), title_justify="left", show_footer=True)
    table.add_column(m["party"], footer=m["issued"])
    table.add_column(m["role"])
    if len(periods) == 1:
        table.add_column(m["credits"], justify="right", footer=f"{total.issued:,}", style="bold")
        table.add_column(m["share"], justify="right", footer=percent(total.issued, total.issued))
        for line in total.lines:
            table.add_row(
                escape(line.party),
                m["role:" + line.role.value],
                f"{line.credits:,}",
                percent(line.credits, total.issued),
            )
    else:
        for period in periods:
            table.add_column(
                escape(period.period), justify="right", footer=f"{period.allocation.issued:,}"
            )
        table.add_column(m["total"], justify="right", footer=f"{total.issued:,}", style="bold")
        for line in total.lines:
            parts = [_credits_of(period.allocation, line.party) for period in periods]
            table.add_row(
                escape(line.party), m["role:" + line.role.value], *parts, f"{line.credits:,}"
            )
    console.print(table)
    if explain:
        for period in periods:
            label = None if len(periods) == 1 else period.period
            _print_explained(period.allocation, label, console, m)


def _credits_of(allocation: Allocation, party: str) -> str:
    try:
        return f"{allocation.credits_of(party):,}"
    except KeyError:  # pragma: no cover - every period of one scheme has the same parties
        return "-"


def _print_explained(
    allocation: Allocation, period: str | None, console: Console, m: Mapping[str, str]
) -> None:
    from rich.markup import escape
    from rich.table import Table

    title = m["issued_under"].format(issued=f"{allocation.issued:,}", scheme=allocation.scheme)
    if period is not None:
        title = m["period_prefix"].format(period=period) + title
    table = Table(title=escape(title), title_justify="left", show_lines=True)
    table.add_column(m["party"])
    table.add_column(m["credits"], justify="right")
    table.add_column(m["rule"])
    table.add_column(m["arithmetic"], overflow="fold")
    for line in allocation.lines:
        table.add_row(
            escape(line.party), f"{line.credits:,}", escape(line.rule), escape(line.explanation)
        )
    console.print(table)
