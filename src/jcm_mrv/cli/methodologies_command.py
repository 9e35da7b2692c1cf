"""``jcm-mrv methodologies list`` and ``jcm-mrv methodologies show``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from jcm_mrv.cli.console import fail, stdout
from jcm_mrv.cli.help import PlainCommand, PlainGroup, version_option
from jcm_mrv.cli.options import option
from jcm_mrv.cli.report import emit


class CatalogueFormat(StrEnum):
    """Output formats of the catalogue and of one methodology."""

    table = "table"
    json = "json"
    markdown = "markdown"


app = typer.Typer(
    help=(
        "The bundled methodologies: list them, or show one's parameters and equations.\n\n"
        "Exit codes: 0 shown, 2 unknown methodology or usage error."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=PlainGroup,
)


@app.command("list", cls=PlainCommand)
def list_methodologies(
    output_format: CatalogueFormat = typer.Option(
        CatalogueFormat.table, "--format", "-f", help="table for people; json or markdown."
    ),
    output: Path | None = option(
        "--output", "-o", metavar="FILE", help="Write the list to FILE ('-' is stdout)."
    ),
    country: str | None = option(
        "--country", metavar="CC", help="Only methodologies for this partner country, e.g. MN."
    ),
    family: str | None = option(
        "--family", metavar="FAMILY", help="Only this technology family, e.g. solar-pv or chiller."
    ),
    scope: int | None = option(
        "--scope", metavar="N", help="Only this sectoral scope, e.g. 1 (energy industries)."
    ),
    status: str | None = option(
        "--status",
        metavar="STATUS",
        help="Only this status: approved, proposed, draft or inactive.",
    ),
) -> None:
    """List the bundled methodologies: id, version, title, family, proponent, country, scope, status.

    Identity fields not confirmed from a public JCM source are marked [open]; a draft says it is not a JCM methodology.

    [bold]Examples[/bold]

      jcm-mrv methodologies list

      jcm-mrv methodologies list --country MN --family solar-pv

      jcm-mrv methodologies list --status draft --format json

    Exit code: 0 (also when no methodology matches the filters).
    """
    from jcm_mrv.methodology.catalogue import bundled_summaries, select
    from jcm_mrv.render import methodology as render

    summaries = select(
        bundled_summaries(), country=country, family=family, scope=scope, status=status
    )
    if output_format is CatalogueFormat.table and output is None:
        render.print_list(summaries, stdout())
        return
    renderers = {
        CatalogueFormat.table: render.list_to_markdown,
        CatalogueFormat.json: render.list_to_json,
        CatalogueFormat.markdown: render.list_to_markdown,
    }
    emit(renderers[output_format](summaries), output)


@app.command("show", cls=PlainCommand)
def show(
    methodology: str = typer.Argument(
        ...,
        metavar="ID",
        help="A bundled methodology's id (e.g. JCM_TH_AM001) or a methodology file.",
        show_default=False,
    ),
    version: str | None = version_option(),
    output_format: CatalogueFormat = typer.Option(
        CatalogueFormat.table, "--format", "-f", help="table for people; json or markdown."
    ),
    output: Path | None = option(
        "--output", "-o", metavar="FILE", help="Write the description to FILE ('-' is stdout)."
    ),
) -> None:
    """Show a methodology: its parameters as the Monitoring Plan Sheet lists them, and its equations.

    The parameter table gives each parameter's symbol, description, unit, kind (monitored, project-specific or default), index, monitoring options, default value, source and bounds; the equations are shown in readable form, with the eligibility criteria and the rounding rule.

    [bold]Examples[/bold]

      jcm-mrv methodologies show JCM_TH_AM001

      jcm-mrv methodologies show JCM_TH_AM001 --version 01.0 --format markdown

      jcm-mrv methodologies show methodologies/JCM_ID_AM002.yaml --format json

    Exit codes: 0 shown; 2 unknown methodology, or a methodology file with errors.
    """
    from jcm_mrv.findings.errors import InputError
    from jcm_mrv.methodology.catalogue import describe
    from jcm_mrv.methodology.loader import resolve_methodology
    from jcm_mrv.render import methodology as render

    try:
        loaded = resolve_methodology(methodology, version)
    except InputError as exc:
        fail(exc.message, exc.findings)
    assert loaded.methodology is not None
    detail = describe(loaded.methodology, Path(loaded.file).name)
    if output_format is CatalogueFormat.table and output is None:
        render.print_detail(detail, stdout())
        return
    renderers = {
        CatalogueFormat.table: render.detail_to_markdown,
        CatalogueFormat.json: render.detail_to_json,
        CatalogueFormat.markdown: render.detail_to_markdown,
    }
    emit(renderers[output_format](detail), output)


def register(root: typer.Typer) -> None:
    """Add the ``methodologies`` command group to the application."""
    root.add_typer(app, name="methodologies")
