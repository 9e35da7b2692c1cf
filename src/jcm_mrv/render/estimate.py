"""Render an ex-ante estimate as a table or as Markdown, in English or Japanese.

Both read the same :class:`~jcm_mrv.engine.estimate.Estimate`; the JSON document is
the outcome's (:meth:`jcm_mrv.outcome.Outcome.to_dict`, field names in English always).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from jcm_mrv.render.messages import Language, messages, rounding_text
from jcm_mrv.render.report import markdown_table

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.engine.estimate import Estimate, Test


def tonnes(value: float) -> str:
    """A tCO2 figure for people: thousands separators and three decimals."""
    return f"{value:,.3f}"


def figure_rows(estimate: Estimate, m: Mapping[str, str]) -> list[list[str]]:
    """The annual figures and their totals: one row per span (a year, the periods)."""
    period = estimate.annual.periods[0]
    rows = [
        [
            m["per_year"],
            tonnes(period.reference_emissions),
            tonnes(period.project_emissions),
            tonnes(period.emission_reductions),
            f"{period.emission_reductions_rounded:,}",
        ]
    ]
    for key, span in (
        ("over_crediting", estimate.crediting_period),
        ("over_durable", estimate.durable_years),
    ):
        rows.append(
            [
                m[key].format(years=span.years),
                tonnes(span.reference_emissions),
                tonnes(span.project_emissions),
                tonnes(span.emission_reductions),
                f"{span.credits:,}",
            ]
        )
    return rows


def test_row(test: Test, m: Mapping[str, str]) -> list[str]:
    """One screening test for people: name, formula, figures, threshold, verdict, source."""
    return [
        m[test.name],
        m.get(f"formula:{test.name}", test.formula),
        test.worked,
        f"{test.comparison} {test.threshold:,g} {test.unit}",
        m["passed"] if test.passed else m["not_passed"],
        m["source_marks"].format(formula=test.formula_source, threshold=test.threshold_source),
    ]


def _columns(m: Mapping[str, str]) -> list[str]:
    return [
        m["span"],
        m["reference_emissions"],
        m["project_emissions"],
        m["emission_reductions"],
        m["emission_reductions_rounded"],
    ]


def _test_columns(m: Mapping[str, str]) -> list[str]:
    return [m["test"], m["formula"], m["worked"], m["threshold"], m["result"], m["source"]]


def _identity(estimate: Estimate, m: Mapping[str, str]) -> list[str]:
    result = estimate.annual
    rounding = result.provenance.rounding
    return [
        f"{m['partner_country']}: {result.project.country}",
        f"{m['methodology']}: {result.methodology.id} {m['version']} "
        f"{result.methodology.version} ({result.methodology.title})",
        rounding_text(rounding, m),
    ]


def to_markdown(estimate: Estimate, lang: Language = "en") -> str:
    """The estimate as a Markdown document."""
    m = messages(lang)
    result = estimate.annual
    lines = [f"# {m['estimate_title']}: {result.project.id} {result.project.title}", ""]
    lines += [f"- {item}" for item in _identity(estimate, m)]
    lines += ["", f"## {m['annual']}", ""]
    lines += markdown_table(_columns(m), figure_rows(estimate, m), right=range(1, 5))
    if estimate.screening:
        lines += ["", f"## {m['screening']}", ""]
        lines += markdown_table(_test_columns(m), [test_row(t, m) for t in estimate.screening])
        lines += ["", m["marks_note"]]
    if result.eligibility:
        lines += ["", f"## {m['eligibility']}", ""]
        lines += markdown_table(
            [m["criterion"], m["status"], m["detail"]],
            [[e.id, e.status, e.detail] for e in result.eligibility],
        )
    return "\n".join(lines) + "\n"


def print_table(estimate: Estimate, console: Console, lang: Language = "en") -> None:
    """Print the estimate for people: identity, annual figures and totals, screening."""
    from rich.markup import escape
    from rich.table import Table

    m = messages(lang)
    result = estimate.annual
    console.print(
        f"[bold]{escape(result.project.id)}[/bold] {escape(result.project.title)} — "
        f"{m['estimate_title']}",
        highlight=False,
    )
    for item in _identity(estimate, m):
        console.print(escape(item), highlight=False)
    figures = Table(title=m["annual"], title_justify="left")
    for n, name in enumerate(_columns(m)):
        figures.add_column(name, justify="right" if n else "left")
    for row in figure_rows(estimate, m):
        figures.add_row(*(escape(c) for c in row))
    console.print(figures)
    if estimate.screening:
        tests = Table(title=m["screening"], title_justify="left")
        for name in _test_columns(m):
            tests.add_column(name, overflow="fold")
        for test in estimate.screening:
            row = [escape(c) for c in test_row(test, m)]
            row[4] = f"[{'green' if test.passed else 'bold red'}]{row[4]}[/]"
            tests.add_row(*row)
        console.print(tests)
        console.print(escape(m["marks_note"]), highlight=False)
