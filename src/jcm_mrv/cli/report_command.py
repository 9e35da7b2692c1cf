"""``jcm-mrv report``: the project's Monitoring Spreadsheet (MPS and MRS sheets)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from jcm_mrv.cli.console import fail, stderr
from jcm_mrv.cli.help import PlainCommand


class ReportFormat(StrEnum):
    """What the report is written as."""

    xlsx = "xlsx"


def report(
    project: Path = typer.Argument(
        ..., metavar="PROJECT", help="The project file.", show_default=False
    ),
    output: Path = typer.Option(
        ...,
        "--output",
        "-o",
        metavar="FILE",
        help="The workbook to write (.xlsx).",
        show_default=False,
    ),
    output_format: ReportFormat = typer.Option(
        ReportFormat.xlsx,
        "--format",
        "-f",
        metavar="FORMAT",
        help="xlsx (the default): the Monitoring Spreadsheet.",
        show_default=False,
    ),
    force: bool = typer.Option(
        False, "--force", metavar="", help="Replace the file if it exists.", show_default=False
    ),
) -> None:
    """Write the project's Monitoring Spreadsheet: MPS(input), MPS(calc_process), MRS(input) and MRS(calc_process).

    The calc_process sheets hold live Excel formulas over the input cells that give RE, PE, ER and the rounded ER of every period; the MRS(input) sheet reads back with [italic]layout: mrs[/italic].

    [bold]Examples[/bold]

      jcm-mrv report examples/solar-pv-th/project.yaml --format xlsx -o monitoring.xlsx

    Exit codes: 0 written; 2 the project cannot be calculated, or the file exists (without --force).
    """
    from jcm_mrv.findings.errors import InputError
    from jcm_mrv.render.spreadsheet import project_spreadsheet, write_monitoring_workbook

    err = stderr()
    del output_format  # one format so far
    if output.exists() and not force:
        raise typer.BadParameter(f"{output} exists; use --force to replace it", param_hint="-o")
    try:
        write_monitoring_workbook(project_spreadsheet(project), output)
    except InputError as exc:
        fail(exc.message, exc.findings, err)
    err.print(f"wrote {output}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the application."""
    app.command("report", cls=PlainCommand)(report)
