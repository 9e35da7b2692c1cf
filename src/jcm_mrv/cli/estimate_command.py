"""``jcm-mrv estimate``: the ex-ante estimate and the programme screening."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jcm_mrv.cli.help import PlainCommand
from jcm_mrv.cli.options import STRICT, option
from jcm_mrv.cli.report import Renderers, finish, output_target

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.engine.estimate import Estimate
    from jcm_mrv.outcome import Outcome
    from jcm_mrv.render.messages import Language


class EstimateFormat(StrEnum):
    """Output formats of an estimate."""

    table = "table"
    json = "json"
    markdown = "markdown"


class Lang(StrEnum):
    """The language of the headings and fixed texts (JSON field names never change)."""

    en = "en"
    ja = "ja"


LANG_OPTION_HELP = (
    "en (default) or ja: headings and fixed texts in Japanese, the findings table's too "
    "(the finding messages stay English)."
)


def estimate(
    project: Path = typer.Argument(
        ...,
        metavar="PROJECT",
        help="The project file, with an estimates: section.",
        show_default=False,
    ),
    output_format: EstimateFormat | None = option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table (default), json or markdown. Default with -o: from the file's extension.",
    ),
    output: Path | None = option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the estimate to FILE (.json .md .txt; '-' is stdout).",
    ),
    lang: Lang = typer.Option(Lang.en, "--lang", metavar="LANG", help=LANG_OPTION_HELP),
    strict: bool = STRICT,
) -> None:
    """Estimate a project's emission reductions ex ante, and screen it as the financing programme does.

    From the estimated annual values of the monitored parameters (the project's estimates: section): the annual RE, PE and ER through the methodology (the annual ER rounded as it declares), their totals over the crediting period and over the equipment's legal durable years and, with screening:, the cost-effectiveness (subsidy ÷ (annual ER × durable years), yen/tCO2) and the investment payback ((investment − subsidy) ÷ annual savings), each with its formula, its figures and its threshold.

    [bold]Examples[/bold]

      jcm-mrv estimate examples/solar-pv-th/project.yaml

      jcm-mrv estimate examples/solar-pv-th/project.yaml --format json -o estimate.json

      jcm-mrv estimate examples/solar-pv-th/project.yaml --format markdown --lang ja

    Exit codes: 0 estimated; 1 an error finding (e.g. a failed eligibility criterion), or a failed screening test with --strict; 2 no usable estimates: section or project (the findings say where) or a usage error.
    """
    from jcm_mrv.api import estimate as run

    target = output_target(
        output, output_format.value if output_format else None, list(EstimateFormat)
    )
    outcome = run(project)
    finish(outcome, target, _renderers(lang.value, project.parent), strict=strict)


def _renderers(lang: Language, base: Path) -> Renderers[Estimate]:
    """The renderers of an estimate in ``lang``; the JSON names files relative to ``base``."""
    from jcm_mrv.engine.estimate import Estimate
    from jcm_mrv.render import estimate as render

    def table(outcome: Outcome[Estimate], console: Console) -> None:
        assert outcome.result is not None
        render.print_table(outcome.result, console, lang)

    def markdown(outcome: Outcome[Estimate]) -> str:
        assert outcome.result is not None
        return render.to_markdown(outcome.result, lang)

    return Renderers(
        table=table,
        result=Estimate.to_dict,
        texts={"markdown": markdown},
        json_base=base,
        lang=lang,
    )


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the application."""
    app.command("estimate", cls=PlainCommand)(estimate)
