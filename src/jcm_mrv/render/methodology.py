"""Render the methodology catalogue and one methodology's tables.

Every renderer reads the records of :mod:`jcm_mrv.methodology.catalogue`
(:class:`MethodologySummary`, :class:`MethodologyDetail`): a rich table for people,
JSON for machines, Markdown for documents (``docs/methodologies.md`` is one).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from jcm_mrv.methodology.catalogue import DRAFT_NOTICE
from jcm_mrv.methodology.model import FAMILIES, PARTNER_COUNTRIES
from jcm_mrv.outputs import json_text

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.methodology.catalogue import (
        MethodologyDetail,
        MethodologySummary,
        ParameterRow,
    )


PARAMETER_COLUMNS = ("symbol", "description", "unit", "kind", "index", "options", "default")
"""Columns of the parameter table (the Monitoring Plan Sheet), before source and bounds."""

TRAILING_COLUMNS = ("source", "bounds", "direction")
"""The columns after :data:`PARAMETER_COLUMNS`; ``direction``: what an increase does to ER."""

DIRECTION_TEXT = {
    "raises": "↑ raises ER",
    "lowers": "↑ lowers ER",
    "unchanged": "no effect on ER",
    "depends": "depends on values",
}
"""How each derived direction (:class:`jcm_mrv.methodology.direction.Direction`) reads."""


def list_to_json(summaries: Sequence[MethodologySummary]) -> str:
    """``{"methodologies": [...]}`` with one object per methodology."""
    payload = {"methodologies": [s.to_dict() for s in summaries]}
    return json_text(payload)


LIST_COLUMNS = (
    "id",
    "version",
    "title",
    "family",
    "proponent",
    "approved",
    "country",
    "sectoral scope",
    "status",
)
"""Columns of the catalogue list in Markdown."""

TABLE_COLUMNS = ("id", "version", "title", "country", "sectoral scope", "status")
"""The columns of the list that fit a terminal (``show`` gives the rest)."""


def list_cells(s: MethodologySummary) -> list[str]:
    """One methodology's cells in the order of :data:`LIST_COLUMNS`.

    Unconfirmed identity fields carry ``[open]``; a draft's status says it is not a JCM
    methodology.
    """
    return [
        s.id,
        s.shown("version"),
        s.shown("title"),
        s.family_title if s.family else "",
        s.shown("proponent"),
        s.shown("approved"),
        _countries(s.countries),
        s.shown("sectoral_scopes"),
        s.status_text,
    ]


def list_to_markdown(summaries: Sequence[MethodologySummary]) -> str:
    """A Markdown table: id, version, title, family, proponent, approval, country, scope, status."""
    lines = [
        "| " + " | ".join(LIST_COLUMNS) + " |",
        "|" + " --- |" * len(LIST_COLUMNS),
    ]
    for s in summaries:
        lines.append("| " + " | ".join(_cell(c) for c in list_cells(s)) + " |")
    return "\n".join(lines) + "\n"


def print_list(summaries: Sequence[MethodologySummary], console: Console) -> None:
    """The catalogue as a table for people."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Bundled methodologies", title_justify="left")
    shown = [n for n, column in enumerate(LIST_COLUMNS) if column in TABLE_COLUMNS]
    for column in TABLE_COLUMNS:
        table.add_column(column, overflow="fold", no_wrap=column == "id")
    for s in summaries:
        cells = list_cells(s)
        table.add_row(*(escape(cells[n]) for n in shown))
    console.print(table)
    drafts = sum(1 for s in summaries if s.is_draft)
    console.print(
        f"{len(summaries)} methodolog{'y' if len(summaries) == 1 else 'ies'}"
        + (
            f", {drafts} of them draft{'s' if drafts != 1 else ''} of jcm-mrv (not JCM "
            "methodologies)"
            if drafts
            else ""
        )
        + ". [open]: not confirmed from a public JCM source. "
        "Details: jcm-mrv methodologies show ID",
        highlight=False,
        markup=False,
    )


def detail_to_json(detail: MethodologyDetail) -> str:
    """One methodology as a JSON object: identity, parameters, equations, eligibility."""
    return json_text(detail.to_dict())


def detail_to_markdown(detail: MethodologyDetail, level: int = 1) -> str:
    """One methodology as a Markdown section; ``level`` is its heading level."""
    h = "#" * level
    s = detail.summary
    lines = [
        f"{h} {s.id} version {s.version}: {_cell(s.title)}",
        "",
        *(f"- {line}" for line in identity_lines(detail)),
    ]
    if s.file:
        lines.append(f"- File: `methodologies/{s.file}`")
    if detail.note:
        lines.append(f"- Note: {_cell(detail.note)}")
    if detail.description:
        lines += ["", detail.description]
    if detail.indices:
        lines += ["", f"{h}# Indices", ""]
        lines += [f"- `{name}`: {text}" for name, text in detail.indices.items()]
        lines.append("- `p`: monitoring period")
    if detail.eligibility:
        lines += ["", f"{h}# Eligibility criteria", "", "| id | criterion | checked by |"]
        lines.append("| --- | --- | --- |")
        for c in detail.eligibility:
            check = f"condition `{c.condition}`" if c.condition else f"attestation: {c.attestation}"
            lines.append(f"| {c.id} | {_cell(c.text)} | {_cell(check)} |")
    lines += ["", f"{h}# Parameters", ""]
    lines.append("| " + " | ".join((*PARAMETER_COLUMNS, *TRAILING_COLUMNS)) + " |")
    lines.append("|" + " --- |" * (len(PARAMETER_COLUMNS) + len(TRAILING_COLUMNS)))
    for p in detail.parameters:
        cells = [f"`{p.symbol}`", *(_cell(c) for c in parameter_cells(p)[1:])]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"{h}# Equations", "", "| equation | unit | index | description |"]
    lines.append("| --- | --- | --- | --- |")
    for e in detail.equations:
        role = f" (**{e.output}**)" if e.output else ""
        lines.append(
            f"| `{_cell(e.equation)}` | {e.unit} | {', '.join(e.index)} | "
            f"{_cell(e.description)}{role} |"
        )
    lines += ["", f"Rounding of each period's emission reductions: {detail.rounding}."]
    return "\n".join(lines) + "\n"


def identity_lines(detail: MethodologyDetail) -> list[str]:
    """The identity of one methodology, line by line, unconfirmed fields marked [open].

    A draft says first that it is not a JCM methodology.
    """
    s = detail.summary
    lines = []
    if s.is_draft:
        lines.append(f"This is {DRAFT_NOTICE}.")
    lines += [
        f"Version: {s.shown('version')}",
        f"Title: {s.shown('title')}",
        f"Status: {s.status_text}",
    ]
    if s.family:
        lines.append(f"Family: {s.family_title} ({s.family})")
    if s.proponent or not s.is_draft:
        lines.append(f"Proponent: {s.shown('proponent')}")
    if not s.is_draft:
        lines.append(f"Approved: {s.shown('approved')}")
    lines += [
        f"Partner countries: {_countries(s.countries, names=True)}",
        f"Sectoral scopes: {s.shown('sectoral_scopes')}",
        f"Source: {detail.document}" + (f" <{detail.url}>" if detail.url else ""),
    ]
    if s.page or not s.is_draft:
        lines.append(f"Source page: {s.shown('page')}")
    return lines


def parameter_cells(p: ParameterRow) -> list[str]:
    """A parameter's cells in the order of :data:`PARAMETER_COLUMNS`, then source, bounds
    and direction (whether an increase raises or lowers ER, derived from the equations).

    For a monitored parameter the source of data is how it is measured (and how often).
    """
    source = p.source or ""
    if p.kind == "monitored":
        frequency = f"Frequency: {p.frequency}" if p.frequency else None
        source = " ".join(x for x in (p.measurement, frequency) if x)
    return [
        p.symbol,
        p.description,
        p.unit,
        p.kind if p.required else f"{p.kind} (optional)",
        ", ".join(p.index),
        ", ".join(p.options),
        p.default or (f"one of: {', '.join(p.choices)}" if p.choices else ""),
        source,
        p.bounds or "",
        DIRECTION_TEXT.get(p.direction or "", p.direction or ""),
    ]


def print_detail(detail: MethodologyDetail, console: Console) -> None:
    """One methodology for people: identity, eligibility, parameters, equations."""
    from rich.markup import escape
    from rich.table import Table

    s = detail.summary
    console.print(
        f"[bold]{escape(s.id)}[/bold] version {escape(s.version)}: {escape(s.title)}\n"
        + escape("\n".join(identity_lines(detail))),
        highlight=False,
    )
    if detail.note:
        console.print(escape(f"Note: {detail.note}"), highlight=False)
    if detail.description:
        console.print(escape(detail.description), highlight=False)
    if detail.eligibility:
        table = Table(title="Eligibility criteria", title_justify="left")
        table.add_column("id", no_wrap=True)
        table.add_column("criterion", overflow="fold")
        table.add_column("checked by", overflow="fold")
        for c in detail.eligibility:
            check = f"condition {c.condition}" if c.condition else f"attestation: {c.attestation}"
            table.add_row(escape(c.id), escape(c.text), escape(check))
        console.print(table)
    table = Table(title="Parameters (Monitoring Plan Sheet)", title_justify="left")
    for column in (*PARAMETER_COLUMNS, *TRAILING_COLUMNS):
        table.add_column(column, overflow="fold", no_wrap=column == "symbol")
    for p in detail.parameters:
        table.add_row(*(escape(c) for c in parameter_cells(p)))
    console.print(table)
    table = Table(title="Equations", title_justify="left")
    table.add_column("equation", overflow="fold")
    table.add_column("unit", no_wrap=True)
    table.add_column("description", overflow="fold")
    for e in detail.equations:
        role = f" [bold]({e.output})[/bold]" if e.output else ""
        table.add_row(escape(e.equation), escape(e.unit), f"{escape(e.description)}{role}")
    console.print(table)
    console.print(escape(f"Rounding: {detail.rounding}"), highlight=False)


def catalogue_to_markdown(
    summaries: Sequence[MethodologySummary], details: Iterable[MethodologyDetail]
) -> str:
    """The page ``docs/methodologies.md``: the list, then each methodology in full."""
    lines = [
        "# Bundled methodologies",
        "",
        "<!-- Generated from methodologies/*.yaml by "
        "`python -m jcm_mrv.render.methodology > docs/methodologies.md`; "
        "do not edit by hand (a test fails when it is out of date). -->",
        "",
        "The methodologies that ship with jcm-mrv. Each is a YAML file in the "
        "[methodology format](methodology-format.md); `jcm-mrv methodologies show ID` "
        "prints the same tables, and `jcm-mrv template ID -o DIR` makes a monitoring "
        "sheet and a project file to fill in.",
        "",
        "Values marked [likely] or [open] are not confirmed from the approved text: check "
        "them against the approved methodology before relying on them. An identity field "
        "marked [open] (a version, a title, a proponent …) is not confirmed from a public "
        "JCM source. A methodology with status **draft** is a draft of jcm-mrv, **not a "
        "JCM methodology**: its identifier (`DRAFT_…`) is never in a JCM form.",
    ]
    by_family: dict[str, list[MethodologySummary]] = {}
    for summary in summaries:
        by_family.setdefault(summary.family_title, []).append(summary)
    order = [*FAMILIES.values(), "Other"]
    families = sorted(by_family, key=order.index)
    lines += ["", "Families: " + ", ".join(f"[{f}](#{_anchor(f)})" for f in families) + "."]
    for family in families:
        lines += ["", f"## {family}", ""]
        lines += [
            f"- {s.id}: {s.shown('page')}" if not s.is_draft else f"- {s.id}: {DRAFT_NOTICE}"
            for s in by_family[family]
        ]
        lines += ["", list_to_markdown(by_family[family]).rstrip("\n")]
    lines += ["", "# Methodologies in full"]
    for detail in details:
        lines += ["", detail_to_markdown(detail, level=2).rstrip("\n")]
    return "\n".join(lines) + "\n"


def _anchor(heading: str) -> str:
    """The GitHub anchor of a Markdown heading."""
    kept = "".join(c for c in heading.lower() if c.isalnum() or c in " -")
    return kept.replace(" ", "-")


def _countries(codes: Sequence[str], *, names: bool = False) -> str:
    if not names:
        return ", ".join(codes)
    return ", ".join(
        f"{c} ({PARTNER_COUNTRIES[c]})" if c in PARTNER_COUNTRIES else c for c in codes
    )


def _scopes(scopes: Sequence[int]) -> str:
    return ", ".join(str(s) for s in scopes)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def catalogue_markdown() -> str:
    """The text of ``docs/methodologies.md``, generated from the bundled files."""
    from jcm_mrv.methodology.catalogue import bundled_details, bundled_summaries

    return catalogue_to_markdown(bundled_summaries(), bundled_details())


if __name__ == "__main__":  # pragma: no cover - exercised by the docs test through the function
    import sys

    sys.stdout.write(catalogue_markdown())
