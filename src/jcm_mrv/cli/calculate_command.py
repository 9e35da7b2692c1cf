"""``jcm-mrv calculate``: a project's emission reductions per monitoring period."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from jcm_mrv.cli.console import stderr, stderr_may_be_terminal
from jcm_mrv.cli.estimate_command import LANG_OPTION_HELP, Lang
from jcm_mrv.cli.help import PlainCommand
from jcm_mrv.cli.options import STRICT, flag, option
from jcm_mrv.cli.report import Renderers, finish, output_target

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress as RichProgress

    from jcm_mrv.api import Calculation
    from jcm_mrv.engine.calculation import Progress
    from jcm_mrv.outcome import Outcome
    from jcm_mrv.render.messages import Language


class ResultFormat(StrEnum):
    """Output formats of a calculation."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    github = "github"
    sarif = "sarif"


def calculate(
    projects: list[Path] = typer.Argument(
        ...,
        metavar="PROJECT",
        help="The project file (kind: project); several files or folders (searched for "
        "project files) make a portfolio.",
        show_default=False,
    ),
    output_format: ResultFormat | None = option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table (default) for people; json, csv or markdown; github or sarif for the "
        "findings only. Default with -o: from the file's extension.",
    ),
    output: Path | None = option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the result to FILE (.json .csv .md .txt .sarif; '-' is stdout).",
    ),
    period: list[str] = option(
        "--period",
        "-p",
        metavar="ID",
        help="Only this period (by id); repeat for several.",
        default=[],
    ),
    overrides: list[str] = option(
        "--set",
        metavar="NAME=VALUE",
        help="Override a project-specific or default value: NAME=VALUE [UNIT]. Recorded in "
        "the output.",
        default=[],
    ),
    explain: bool = flag(
        "--explain", help="Show every parameter and equation per period and monitoring point."
    ),
    strict: bool = STRICT,
    lang: Lang = typer.Option(
        Lang.en, "--lang", metavar="LANG", help=LANG_OPTION_HELP + " (table and markdown)"
    ),
    jobs: int | None = option(
        "--jobs",
        "-j",
        metavar="N",
        help="Portfolio: calculate the projects in N worker processes (default: the number "
        "of cores; 1: in this process).",
        min=1,
    ),
) -> None:
    """Calculate reference emissions, project emissions and emission reductions.

    Reads the project, its methodology and its monitoring data; prints RE, PE and ER per monitoring period (ER unrounded and rounded as the methodology declares) with totals, the split of the credits when the project has an allocation section, and the eligibility criteria. Findings go to stderr, or into the output with --format json, github or sarif.

    [bold]Examples[/bold]

      jcm-mrv calculate examples/solar-pv-th/project.yaml

      jcm-mrv calculate examples/solar-pv-th/project.yaml --explain --period 2025-H1

      jcm-mrv calculate examples/solar-pv-th/project.yaml -o result.json

      jcm-mrv calculate examples/solar-pv-th/project.yaml --set EF_RE=0.45

      jcm-mrv calculate examples/solar-pv-th/project.yaml --lang ja

      jcm-mrv calculate examples/ --jobs 2 -o portfolio.csv

    Several project files, or a folder, make a portfolio: each project is calculated (one that fails never stops the others) and the output is one row per project (periods, RE, PE, ER, credits, findings) with totals by country, methodology and scheme, as a table, json or csv. The exit code follows the worst project.

    Exit codes: 0 computed; 1 computed with error findings (e.g. a failed eligibility criterion), or warnings with --strict; 2 input that cannot be used (the findings say where) or a usage error.
    """
    if len(projects) > 1 or projects[0].is_dir():
        _portfolio(
            projects, output_format, output, jobs, strict, bool(period or overrides or explain)
        )
    project = projects[0]
    from jcm_mrv.api import calculate as run

    target = output_target(
        output, output_format.value if output_format else None, list(ResultFormat)
    )
    with _progress() as note:
        outcome = run(project, periods=period, overrides=overrides, explain=explain, progress=note)
    finish(outcome, target, _renderers(explain, project.parent, lang.value), strict=strict)


PORTFOLIO_FORMATS = ("table", "json", "csv", "github", "sarif")
"""The formats of a portfolio (no Markdown)."""


def _portfolio(
    paths: list[Path],
    output_format: ResultFormat | None,
    output: Path | None,
    jobs: int | None,
    strict: bool,
    narrowed: bool,
) -> NoReturn:
    """Calculate a portfolio and finish with its outcome."""
    if narrowed:
        raise typer.BadParameter(
            "--period, --set and --explain apply to one project; calculate the project alone",
            param_hint="'PROJECT'",
        )
    given = output_format.value if output_format else None
    if given is not None and given not in PORTFOLIO_FORMATS:
        raise typer.BadParameter(
            f"a portfolio is written as {', '.join(PORTFOLIO_FORMATS)}, not {given}",
            param_hint="'--format'",
        )
    from jcm_mrv.api import calculate_portfolio
    from jcm_mrv.portfolio import Portfolio
    from jcm_mrv.render import portfolio as render

    target = output_target(output, given, PORTFOLIO_FORMATS)
    outcome = calculate_portfolio(paths, jobs=jobs)

    def table(outcome: Outcome[Portfolio], console: Console) -> None:
        assert outcome.result is not None
        render.print_table(outcome.result, console)

    def csv(outcome: Outcome[Portfolio]) -> str:
        assert outcome.result is not None
        return render.to_csv(outcome.result)

    renderers = Renderers(table=table, result=Portfolio.to_dict, texts={"csv": csv})
    finish(outcome, target, renderers, strict=strict)


def _renderers(explain: bool, base: Path, lang: Language = "en") -> Renderers[Calculation]:
    """The renderers of a calculation (with ``explain``: the table explains); the JSON
    names files relative to ``base``, the project's folder."""
    from jcm_mrv.api import Calculation
    from jcm_mrv.render import results as render

    def table(outcome: Outcome[Calculation], console: Console) -> None:
        assert outcome.result is not None
        calculation = outcome.result
        render.print_table(
            calculation.result,
            console,
            explain=explain,
            allocation=calculation.allocation,
            lang=lang,
        )

    def markdown(outcome: Outcome[Calculation]) -> str:
        assert outcome.result is not None
        return render.to_markdown(outcome.result.result, outcome.result.allocation, lang)

    def csv(outcome: Outcome[Calculation]) -> str:
        assert outcome.result is not None
        return render.to_csv(outcome.result.result)

    return Renderers(
        table=table,
        result=Calculation.to_dict,
        texts={"markdown": markdown, "csv": csv},
        json_base=base,
        lang=lang,
    )


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
def _progress() -> Iterator[Progress]:
    """A progress bar on stderr while the calculation runs; silent when not a terminal
    (then rich is not even imported for it)."""
    from jcm_mrv.engine.calculation import NoProgress

    console = stderr() if stderr_may_be_terminal() else None
    if console is None or not console.is_terminal:
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
    app.command("calculate", cls=PlainCommand)(calculate)
