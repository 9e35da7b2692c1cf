"""``jcm-mrv verify``, ``bundle`` and ``reproduce``: a verifier's commands."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jcm_mrv.cli.help import PlainCommand
from jcm_mrv.cli.options import STRICT, flag, option
from jcm_mrv.cli.report import Renderers, finish, output_target

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.outcome import Outcome
    from jcm_mrv.verification.bundle import Reproduction, WrittenBundle
    from jcm_mrv.verification.report import VerificationReport


class ReportFormat(StrEnum):
    """Output formats of a verification (github and sarif give the findings only)."""

    table = "table"
    json = "json"
    markdown = "markdown"
    github = "github"
    sarif = "sarif"


def _materiality(text: str) -> float:
    """A share of the ER: 0.05, 5% or 1/20 (a usage error otherwise)."""
    from fractions import Fraction

    raw = text.strip()
    if len(raw) > 40:
        raise typer.BadParameter(f"{raw[:40]!r}…: too long for a share", param_hint="--materiality")
    try:
        value = (
            float(Fraction(raw[:-1].strip()) / 100) if raw.endswith("%") else float(Fraction(raw))
        )
    except (ValueError, ZeroDivisionError, OverflowError):
        raise typer.BadParameter(
            f"{text!r} is not a share, e.g. 0.05, 5% or 1/20", param_hint="--materiality"
        ) from None
    if not 0 <= value < 1:
        raise typer.BadParameter(
            f"{text!r} must be from 0 up to (not including) 1", param_hint="--materiality"
        )
    return value


_FORMAT = option(
    "--format",
    "-f",
    metavar="FORMAT",
    help="table (default) for people; json or markdown reports; github or sarif findings. "
    "Default with -o: from the file's extension.",
)
_OUTPUT = option(
    "--output",
    "-o",
    metavar="FILE",
    help="Write the report to FILE (.json .md .txt .sarif; '-' is stdout).",
)
_STRICT = STRICT


def verify(
    project: Path = typer.Argument(
        ..., help="The project file (kind: project) to recompute.", show_default=False
    ),
    claimed: Path = option(
        "--claimed",
        "-c",
        metavar="CLAIM",
        help="What was claimed: a jcm-mrv result JSON, or a CSV/xlsx table of RE, PE, ER and "
        "credits per period (see docs/verification.md).",
        default=...,
    ),
    materiality: str = option(
        "--materiality",
        "-m",
        metavar="FRACTION",
        help="A discrepancy above this share of the period's ER is an error, below it a "
        "warning (0.05, 5% or 1/20). The 5 % default is not a JCM figure: see "
        "docs/verification.md.",
        default="0.05",
    ),
    overrides: list[str] = option(
        "--set",
        metavar="NAME=VALUE",
        help="Recompute with this override: NAME=VALUE [UNIT] (a result claim's own "
        "overrides apply anyway).",
        default=[],
    ),
    output_format: ReportFormat | None = _FORMAT,
    output: Path | None = _OUTPUT,
    strict: bool = _STRICT,
) -> None:
    """Recompute a project and compare it with the figures claimed for it.

    For every claimed period: RE, PE, ER and the rounded ER as claimed and as recomputed, the difference and its share of the period's ER. A jcm-mrv result claim is also checked for edits (its content hash), for inputs changed since it was made, and for the jcm-mrv and methodology versions; for a result made with --explain, every parameter and equation value is compared too, and the first place where the calculations part is named. Then the checks beyond arithmetic: calibration, monitoring plan, attestations, unconfirmed values.

    [bold]Examples[/bold]

      jcm-mrv verify examples/chiller-id/project.yaml --claimed examples/chiller-id/claimed.csv

      jcm-mrv verify examples/solar-pv-th/project.yaml --claimed result.json --materiality 2% --format markdown -o verification.md

    Exit codes: 0 no error finding (discrepancies below materiality are warnings); 1 a material discrepancy or another error finding (an edited result, changed inputs …); 2 a claim or project that cannot be used.
    """
    from jcm_mrv.api import verify as run

    target = output_target(
        output, output_format.value if output_format else None, list(ReportFormat)
    )
    outcome = run(project, claimed, materiality=_materiality(materiality), overrides=overrides)
    finish(outcome, target, _verification_renderers(project.parent), strict=strict)


def _verification_renderers(base: Path) -> Renderers[VerificationReport]:
    from jcm_mrv.render import verification as render
    from jcm_mrv.verification.report import VerificationReport

    def table(outcome: Outcome[VerificationReport], console: Console) -> None:
        assert outcome.result is not None
        render.print_table(outcome.result, console)

    def markdown(outcome: Outcome[VerificationReport]) -> str:
        assert outcome.result is not None
        return render.to_markdown(outcome.result)

    return Renderers(
        table=table,
        result=VerificationReport.to_dict,
        texts={"markdown": markdown},
        json_base=base,
    )


def bundle(
    project: Path = typer.Argument(
        ..., help="The project file (kind: project) to calculate and bundle.", show_default=False
    ),
    output: Path = option(
        "--output", "-o", metavar="ZIP", help="The archive to write.", default=...
    ),
    overrides: list[str] = option(
        "--set",
        metavar="NAME=VALUE",
        help="Override a value: NAME=VALUE [UNIT]. Recorded in the result.",
        default=[],
    ),
    explain: bool = flag(
        "--explain", help="Keep every parameter and equation value in the result."
    ),
    strict: bool = _STRICT,
) -> None:
    """Calculate a project and write one archive a verifier can reproduce.

    The zip holds the project file, its methodology, every data file (under inputs/), the result JSON (result.json) and a manifest of sizes and SHA-256 hashes (manifest.json). Names are sorted and timestamps fixed: the same inputs give the same bytes.

    [bold]Examples[/bold]

      jcm-mrv bundle examples/chiller-id/project.yaml -o run.zip

      jcm-mrv reproduce run.zip

    Exit codes: 0 written; 1 written, but the calculation reported errors; 2 a project that cannot be calculated or bundled.
    """
    from jcm_mrv.api import bundle as run

    if output.is_dir():
        raise typer.BadParameter(f"{output} is a directory: give a file name", param_hint="'-o'")
    outcome = run(project, output, overrides=overrides, explain=explain)
    finish(
        outcome, output_target(None, "table", ["table"]), _bundle_renderers(output), strict=strict
    )


def _bundle_renderers(output: Path) -> Renderers[WrittenBundle]:
    def table(outcome: Outcome[WrittenBundle], console: Console) -> None:
        assert outcome.result is not None
        console.print(
            f"wrote {output}: {len(outcome.result.files) + 1} files, with manifest.json",
            highlight=False,
        )

    return Renderers(table=table, result=lambda written: None)


def reproduce(
    archive: Path = typer.Argument(
        ..., help="A run bundle made by 'jcm-mrv bundle'.", show_default=False
    ),
    output_format: ReportFormat | None = _FORMAT,
    output: Path | None = _OUTPUT,
    strict: bool = _STRICT,
) -> None:
    """Recompute a run bundle in a temporary folder and confirm its result byte for byte.

    The archive is opened safely (no absolute paths, no '..', no links, size limits); every file is checked against the manifest; the project is recomputed and its result JSON compared with the bundled one.

    [bold]Examples[/bold]

      jcm-mrv reproduce run.zip

    Exit codes: 0 reproduced byte for byte; 1 not reproduced (the findings name the files and figures that differ); 2 an archive that cannot be opened or used.
    """
    from jcm_mrv.api import reproduce as run

    target = output_target(
        output, output_format.value if output_format else None, list(ReportFormat)
    )
    finish(run(archive), target, _reproduction_renderers(), strict=strict)


def _reproduction_renderers() -> Renderers[Reproduction]:
    from jcm_mrv.render import verification as render
    from jcm_mrv.verification.bundle import Reproduction

    def table(outcome: Outcome[Reproduction], console: Console) -> None:
        assert outcome.result is not None
        reproduction = outcome.result
        if not reproduction.identical and reproduction.verification is not None:
            render.print_table(reproduction.verification, console)
        style = "bold red" if reproduction.failed else "bold green"
        console.print(reproduction.conclusion, style=style, highlight=False)

    def markdown(outcome: Outcome[Reproduction]) -> str:
        assert outcome.result is not None
        reproduction = outcome.result
        shown = reproduction.verification is not None and not reproduction.identical
        report = render.to_markdown(reproduction.verification) if shown else ""  # type: ignore[arg-type]
        return report + f"\n**Conclusion:** {reproduction.conclusion}\n"

    return Renderers(table=table, result=Reproduction.to_dict, texts={"markdown": markdown})


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the application."""
    app.command("verify", cls=PlainCommand)(verify)
    app.command("bundle", cls=PlainCommand)(bundle)
    app.command("reproduce", cls=PlainCommand)(reproduce)
