"""``jcm-mrv calculate``: a project's emission reductions per monitoring period."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jcm_mrv.cli.console import emit, fail, stderr, stdout
from jcm_mrv.exitcodes import ExitCode

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress as RichProgress

    from jcm_mrv.engine.calculation import Progress


class ResultFormat(StrEnum):
    """Output formats of a calculation."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def calculate(
    project: Path = typer.Argument(
        ..., help="The project file (kind: project).", show_default=False
    ),
    output_format: ResultFormat = typer.Option(
        ResultFormat.table, "--format", "-f", help="table for people; json, csv or markdown."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the result to this file (atomically)."
    ),
    period: list[str] = typer.Option(
        [], "--period", "-p", help="Only this period (by id); repeat for several."
    ),
    overrides: list[str] = typer.Option(
        [],
        "--set",
        help="Override a project-specific or default value: NAME=VALUE [UNIT]. Recorded in "
        "the output.",
    ),
    explain: bool = typer.Option(
        False,
        "--explain",
        help="Show every parameter and equation per period and monitoring point.",
    ),
) -> None:
    """Calculate reference emissions, project emissions and emission reductions.

    Reads the project, its methodology and its monitoring data; prints RE, PE and ER per monitoring period (ER unrounded and rounded as the methodology declares) with totals, and the eligibility criteria.

    [bold]Examples[/bold]

      jcm-mrv calculate examples/solar-pv-th/project.yaml

      jcm-mrv calculate examples/solar-pv-th/project.yaml --explain --period 2025

      jcm-mrv calculate examples/solar-pv-th/project.yaml --format json -o result.json

      jcm-mrv calculate examples/solar-pv-th/project.yaml --set EF_RE=0.45

    Exit codes: 0 computed; 1 computed with error findings (e.g. a failed eligibility criterion); 2 input that cannot be used (the findings say where).
    """

    from jcm_mrv.engine.calculation import calculate as run
    from jcm_mrv.errors import InputError
    from jcm_mrv.findings import has_errors
    from jcm_mrv.render import findings as render_findings
    from jcm_mrv.render import results as render

    err = stderr()
    try:
        with _progress(err) as note:
            result = run(
                project, periods=period, overrides=overrides, explain=explain, progress=note
            )
    except InputError as exc:
        fail(exc.message, exc.findings, err)
    if output_format is ResultFormat.table and output is None:
        render.print_table(result, stdout(), explain=explain)
    else:
        renderers: dict[ResultFormat, Callable[..., str]] = {
            ResultFormat.table: render.to_markdown,
            ResultFormat.json: render.to_json,
            ResultFormat.csv: render.to_csv,
            ResultFormat.markdown: render.to_markdown,
        }
        emit(renderers[output_format](result), output)
    if result.findings:
        render_findings.print_table(result.findings, None, err)
    if has_errors(result.findings):
        raise typer.Exit(ExitCode.FINDINGS)


class _Bar:
    """A transient progress bar on stderr: the step, and the monitoring data read."""

    def __init__(self, progress: RichProgress) -> None:
        self.progress = progress
        self.task = progress.add_task("checking project and methodology", total=None)

    def phase(self, message: str) -> None:
        self.progress.update(self.task, description=message)

    def advance(self, done: int, total: int) -> None:
        self.progress.update(self.task, completed=done, total=total or None)


@contextmanager
def _progress(console: Console) -> Iterator[Progress]:
    """A progress bar on stderr while the calculation runs; silent when not a terminal."""
    from jcm_mrv.engine.calculation import NoProgress

    if not console.is_terminal:
        yield NoProgress()
        return
    from rich.progress import BarColumn, DownloadColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as RichProgress

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
    )
    with RichProgress(*columns, console=console, transient=True) as progress:
        yield _Bar(progress)


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the application."""
    app.command("calculate")(calculate)
