"""``jcm-mrv report``: the project's Monitoring Spreadsheet (MPS and MRS sheets), or a
monitoring report people read (one self-contained HTML file, or Markdown)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jcm_mrv.cli.console import fail, stderr
from jcm_mrv.cli.estimate_command import LANG_OPTION_HELP, Lang
from jcm_mrv.cli.help import PlainCommand
from jcm_mrv.cli.options import option
from jcm_mrv.cli.report import Renderers, Target, finish, write

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.api import Calculation
    from jcm_mrv.outcome import Outcome
    from jcm_mrv.render.messages import Language
    from jcm_mrv.render.series import Series


class ReportFormat(StrEnum):
    """What the report is written as."""

    xlsx = "xlsx"
    html = "html"
    markdown = "markdown"


def report(
    project: Path = typer.Argument(
        ..., metavar="PROJECT", help="The project file.", show_default=False
    ),
    output: Path = option(
        "--output",
        "-o",
        metavar="FILE",
        help="The file to write (.xlsx, .html or .md); an existing file is replaced "
        "atomically, as every command's output file.",
        default=...,
    ),
    output_format: ReportFormat = option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="xlsx (the default): the Monitoring Spreadsheet; html: a self-contained report "
        "with charts (needs the 'report' extra: matplotlib); markdown: the same as text.",
        default=ReportFormat.xlsx,
    ),
    lang: Lang = typer.Option(
        Lang.en,
        "--lang",
        metavar="LANG",
        help=LANG_OPTION_HELP + " (xlsx: the labels; sheet names and formulas stay the same)",
    ),
) -> None:
    """Write the project's Monitoring Spreadsheet, or a monitoring report people read.

    xlsx: MPS(input), MPS(calc_process), MRS(input) and MRS(calc_process); the calc_process sheets hold live Excel formulas over the input cells that give RE, PE, ER and the rounded ER of every period; the MRS(input) sheet reads back with [italic]layout: mrs[/italic]. With an estimates: section in the project, the MPS sheets hold the estimated annual values and the ex-ante RE, PE and ER (and their totals over the crediting period and the durable years) as formulas. html: one self-contained file (no script, no network) with the project and methodology, the per-period table, the credit allocation, eligibility, the findings, charts of the monitored values over time per monitoring point (daily up to 400 days, else monthly) and of RE/PE/ER per period, and the calculation trace; markdown: the same without the charts.

    [bold]Examples[/bold]

      jcm-mrv report examples/solar-pv-th/project.yaml --format xlsx -o monitoring.xlsx

      jcm-mrv report examples/solar-pv-th/project.yaml --format html -o report.html

      jcm-mrv report examples/solar-pv-th/project.yaml --format markdown --lang ja -o report.md

    Exit codes: 0 written; 1 written, with error findings (html, markdown: e.g. a failed eligibility criterion; xlsx: an estimates: section that cannot be used, the MPS sheets left blank); 2 the project cannot be calculated (nothing is written: an existing file stays as it was), or the file cannot be written.
    """

    from jcm_mrv.findings.errors import InputError
    from jcm_mrv.render.spreadsheet import monitoring_workbook_bytes, project_spreadsheet

    err = stderr()
    if output.is_dir():
        raise typer.BadParameter(f"{output} is a directory: give a file name", param_hint="'-o'")
    if output_format is not ReportFormat.xlsx:
        _readable_report(project, output, output_format, lang.value)
    try:
        contents = project_spreadsheet(project, lang.value)
        workbook = monitoring_workbook_bytes(contents)
    except InputError as exc:
        fail(exc.message, exc.findings, err, lang.value)
    write(workbook, output)  # atomically, as every command's -o FILE
    if contents.findings:
        from jcm_mrv.render import findings as render_findings

        err.print(
            "the ex-ante estimate cannot be made: the MPS sheets are left blank", highlight=False
        )
        render_findings.print_table(contents.findings, None, err, lang.value)
        raise typer.Exit(1)


def _readable_report(project: Path, output: Path, chosen: ReportFormat, lang: Language) -> None:
    """Calculate ``project`` (with its trace) and write the HTML or Markdown report."""
    from jcm_mrv.api import calculate

    if chosen is ReportFormat.html:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise typer.BadParameter(
                "the HTML report draws its charts with matplotlib: pip install 'jcm-mrv[report]'",
                param_hint="'--format'",
            ) from None
    from jcm_mrv.render.series import monitored_series

    outcome = calculate(project, explain=True)
    series = [] if outcome.result is None else monitored_series(project, outcome.result.result)
    finish(outcome, Target(chosen.value, output), _renderers(lang, series))


def _renderers(lang: Language, series: Sequence[Series] = ()) -> Renderers[Calculation]:
    """The report renderers (the table is never drawn: the report goes to a file);
    ``series``: the monitored values over time."""
    from jcm_mrv.api import Calculation
    from jcm_mrv.render import report as render

    def table(outcome: Outcome[Calculation], console: Console) -> None:  # pragma: no cover
        raise AssertionError("a report is always written to a file")

    def html(outcome: Outcome[Calculation]) -> str:
        assert outcome.result is not None
        return render.to_html(outcome.result, lang, series)

    def markdown(outcome: Outcome[Calculation]) -> str:
        assert outcome.result is not None
        return render.to_markdown(outcome.result, lang, series)

    return Renderers(
        table=table,
        result=Calculation.to_dict,
        texts={"html": html, "markdown": markdown},
        lang=lang,
    )


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the application."""
    app.command("report", cls=PlainCommand)(report)
