"""``jcm-mrv template``: a blank monitoring sheet and a project file to fill in."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from jcm_mrv.cli.console import fail, stderr
from jcm_mrv.cli.estimate_command import LANG_OPTION_HELP, Lang
from jcm_mrv.cli.help import PlainCommand, version_option
from jcm_mrv.cli.options import option


class TemplateFormat(StrEnum):
    """File formats of the monitoring sheet."""

    csv = "csv"
    xlsx = "xlsx"


def template(
    methodology: str = typer.Argument(
        ...,
        metavar="ID",
        help="A bundled methodology's id (e.g. JCM_TH_AM001) or a methodology file.",
        show_default=False,
    ),
    output: Path | None = option(
        "--output",
        "-o",
        metavar="DIRECTORY",
        help="Write project.yaml and the monitoring sheet into this directory (made if "
        "needed). Without it, the CSV template is printed.",
    ),
    output_format: TemplateFormat = typer.Option(
        TemplateFormat.csv, "--format", "-f", help="csv files, or one xlsx workbook."
    ),
    version: str | None = version_option(),
    points: list[str] = option(
        "--point",
        metavar="ID",
        help="A monitoring point id, e.g. INV-01; repeat for each (default: POINT-1, POINT-2).",
        default=[],
    ),
    lang: Lang = typer.Option(
        Lang.en,
        "--lang",
        metavar="LANG",
        help=LANG_OPTION_HELP
        + " (the workbook's labels and the project file's comments; the keys, sheet names "
        "and formulas stay the same)",
    ),
    force: bool = typer.Option(False, "--force", help="Replace files that already exist."),
) -> None:
    """Make a blank monitoring sheet and a project file to fill in for a methodology.

    The sheet has a row per monitoring period and point and a column per monitored parameter with its unit ([italic]EG_i_p \\[MWh][/italic]); with [italic]--format xlsx[/italic] it is the methodology's Monitoring Spreadsheet (MPS and MRS sheets, live formulas) whose MRS(input) sheet takes the monitored and project-specific values. The project file names the sheet, and marks every value to fill in (allocation included) with [italic]FILL IN[/italic]. Neither validates until the numbers are filled in; then [italic]jcm-mrv calculate[/italic] and [italic]jcm-mrv credits[/italic] accept them.

    [bold]Examples[/bold]

      jcm-mrv template JCM_TH_AM001 -o my-solar-project

      jcm-mrv template JCM_TH_AM001 --format xlsx --point INV-01 --point INV-02 -o my-workbook-project

      jcm-mrv template JCM_TH_AM001 --format xlsx --lang ja -o my-japanese-project

      jcm-mrv calculate my-solar-project/project.yaml  # exit 2 until every value is filled in

    Exit codes: 0 written; 2 unknown methodology, files that exist (without --force), or an xlsx template without -o.
    """
    import os

    from jcm_mrv.findings.errors import InputError
    from jcm_mrv.methodology.loader import looks_like_path, resolve_methodology
    from jcm_mrv.project.template import build_template, write_template

    err = stderr()
    if output is None and output_format is TemplateFormat.xlsx:
        raise typer.BadParameter(
            "an xlsx template is a workbook: give a directory with -o", param_hint="--format"
        )
    try:
        loaded = resolve_methodology(methodology, version)
        assert loaded.methodology is not None
        methodology_path = None
        if looks_like_path(methodology):
            base = output if output is not None else Path()
            methodology_path = Path(
                os.path.relpath(Path(methodology).resolve(), base.resolve())
            ).as_posix()
        built = build_template(
            loaded.methodology,
            data_format="xlsx" if output_format is TemplateFormat.xlsx else "csv",
            points=points or None,
            methodology_path=methodology_path,
            checked=loaded.checked,
            lang=lang.value,
        )
        if output is None:
            for name, data in built.files().items():
                typer.echo(f"==> {name} <==")
                typer.echo(data.decode("utf-8"))
            err.print("Write these files with -o DIRECTORY.", highlight=False)
            return
        written = write_template(built, output, overwrite=force)
    except InputError as exc:
        fail(exc.message, exc.findings, err, lang.value)
    for path in written:
        err.print(f"wrote {path}", highlight=False)
    err.print(
        f"Next: fill in every 'FILL IN' in {written[0]} and the blank cells of "
        f"{', '.join(str(p) for p in written[1:])}, then run "
        f"'jcm-mrv calculate {written[0]}' and 'jcm-mrv credits {written[0]}'.",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the application."""
    app.command("template", cls=PlainCommand)(template)
