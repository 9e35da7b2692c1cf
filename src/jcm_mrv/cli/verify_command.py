"""``jcm-mrv verify``, ``bundle`` and ``reproduce``: a verifier's commands."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jcm_mrv.cli.console import emit, fail, stderr, stdout
from jcm_mrv.exitcodes import ExitCode

if TYPE_CHECKING:
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
    try:
        value = (
            float(Fraction(raw[:-1].strip()) / 100) if raw.endswith("%") else float(Fraction(raw))
        )
    except (ValueError, ZeroDivisionError):
        raise typer.BadParameter(
            f"{text!r} is not a share, e.g. 0.05, 5% or 1/20", param_hint="--materiality"
        ) from None
    if not 0 <= value < 1:
        raise typer.BadParameter(
            f"{text!r} must be from 0 up to (not including) 1", param_hint="--materiality"
        )
    return value


def verify(
    project: Path = typer.Argument(
        ..., help="The project file (kind: project) to recompute.", show_default=False
    ),
    claimed: Path = typer.Option(
        ...,
        "--claimed",
        "-c",
        metavar="CLAIM",
        help="What was claimed: a jcm-mrv result JSON, or a CSV/xlsx table of RE, PE, ER and "
        "credits per period (see docs/verification.md).",
        show_default=False,
    ),
    materiality: str = typer.Option(
        "0.05",
        "--materiality",
        "-m",
        metavar="FRACTION",
        help="A discrepancy above this share of the period's ER is an error, below it a "
        "warning (0.05, 5% or 1/20). The 5 % default is not a JCM figure: see "
        "docs/verification.md.",
    ),
    overrides: list[str] = typer.Option(
        [],
        "--set",
        help="Recompute with this override: NAME=VALUE [UNIT] (a result claim's own "
        "overrides apply anyway).",
    ),
    output_format: ReportFormat = typer.Option(
        ReportFormat.table,
        "--format",
        "-f",
        help="table for people; json or markdown reports; github or sarif findings.",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the report to this file (atomically)."
    ),
) -> None:
    """Recompute a project and compare it with the figures claimed for it.

    For every claimed period: RE, PE, ER and the rounded ER as claimed and as recomputed, the difference and its share of the period's ER. A jcm-mrv result claim is also checked for edits (its content hash), for inputs changed since it was made, and for the jcm-mrv and methodology versions; for a result made with --explain, every parameter and equation value is compared too, and the first place where the calculations part is named. Then the checks beyond arithmetic: calibration, monitoring plan, attestations, unconfirmed values.

    [bold]Examples[/bold]

      jcm-mrv verify examples/chiller-id/project.yaml --claimed examples/chiller-id/claimed.csv

      jcm-mrv verify project.yaml --claimed result.json --materiality 2% --format markdown -o report.md

    Exit codes: 0 no error finding (discrepancies below materiality are warnings); 1 a material discrepancy or another error finding (an edited result, changed inputs …); 2 a claim or project that cannot be used.
    """
    from jcm_mrv.errors import InputError
    from jcm_mrv.render import findings as render_findings
    from jcm_mrv.render import verification as render
    from jcm_mrv.verification import verify as run

    share = _materiality(materiality)
    err = stderr()
    try:
        report = run(project, claimed, materiality=share, overrides=overrides)
    except InputError as exc:
        fail(exc.message, exc.findings, err)
    if output_format is ReportFormat.table and output is None:
        render.print_table(report, stdout())
        if report.findings:
            render_findings.print_table(report.findings, None, err)
    else:
        texts: dict[ReportFormat, Callable[[VerificationReport], str]] = {
            ReportFormat.table: render.to_markdown,
            ReportFormat.json: render.to_json,
            ReportFormat.markdown: render.to_markdown,
            ReportFormat.github: lambda r: render_findings.to_github(r.findings, 2),
            ReportFormat.sarif: lambda r: render_findings.to_sarif(r.findings, 2),
        }
        emit(texts[output_format](report), output)
        typer.echo(report.conclusion, err=True)
    if report.failed:
        raise typer.Exit(ExitCode.FINDINGS)


def bundle(
    project: Path = typer.Argument(
        ..., help="The project file (kind: project) to calculate and bundle.", show_default=False
    ),
    output: Path = typer.Option(
        ..., "--output", "-o", metavar="ZIP", help="The archive to write.", show_default=False
    ),
    overrides: list[str] = typer.Option(
        [], "--set", help="Override a value: NAME=VALUE [UNIT]. Recorded in the result."
    ),
    explain: bool = typer.Option(
        False, "--explain", help="Keep every parameter and equation value in the result."
    ),
) -> None:
    """Calculate a project and write one archive a verifier can reproduce.

    The zip holds the project file, its methodology, every data file (under inputs/), the result JSON (result.json) and a manifest of sizes and SHA-256 hashes (manifest.json). Names are sorted and timestamps fixed: the same inputs give the same bytes.

    [bold]Examples[/bold]

      jcm-mrv bundle examples/chiller-id/project.yaml -o run.zip

      jcm-mrv reproduce run.zip

    Exit codes: 0 written; 1 written, but the calculation reported errors; 2 a project that cannot be calculated or bundled.
    """
    from jcm_mrv.errors import InputError
    from jcm_mrv.findings import has_errors
    from jcm_mrv.render import findings as render_findings
    from jcm_mrv.verification.bundle import write_bundle

    err = stderr()
    try:
        written = write_bundle(project, output, overrides=overrides, explain=explain)
    except InputError as exc:
        fail(exc.message, exc.findings, err)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}", [], err)
    typer.echo(f"{output}: {len(written.files) + 1} files, with manifest.json", err=True)
    if written.result.findings:
        render_findings.print_table(written.result.findings, None, err)
    if has_errors(written.result.findings):
        raise typer.Exit(ExitCode.FINDINGS)


def reproduce(
    archive: Path = typer.Argument(
        ..., help="A run bundle made by 'jcm-mrv bundle'.", show_default=False
    ),
    output_format: ReportFormat = typer.Option(
        ReportFormat.table,
        "--format",
        "-f",
        help="table for people; json; github or sarif findings (markdown: as table).",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the report to this file (atomically)."
    ),
) -> None:
    """Recompute a run bundle in a temporary folder and confirm its result byte for byte.

    The archive is opened safely (no absolute paths, no '..', no links, size limits); every file is checked against the manifest; the project is recomputed and its result JSON compared with the bundled one.

    [bold]Examples[/bold]

      jcm-mrv reproduce run.zip

    Exit codes: 0 reproduced byte for byte; 1 not reproduced (the findings name the files and figures that differ); 2 an archive that cannot be opened or used.
    """
    from jcm_mrv.errors import InputError
    from jcm_mrv.render import findings as render_findings
    from jcm_mrv.render import verification as render
    from jcm_mrv.verification.bundle import reproduce as run

    err = stderr()
    try:
        outcome = run(archive)
    except InputError as exc:
        fail(exc.message, exc.findings, err)
    findings = outcome.all_findings()
    if output_format in (ReportFormat.table, ReportFormat.markdown) and output is None:
        out = stdout()
        if not outcome.identical and outcome.verification is not None:
            render.print_table(outcome.verification, out)
        out.print(outcome.conclusion, style="bold red" if outcome.failed else "bold green")
        if findings:
            render_findings.print_table(findings, None, err)
    else:
        import json

        texts = {
            ReportFormat.json: json.dumps(outcome.to_dict(), indent=2, ensure_ascii=False) + "\n",
            ReportFormat.github: render_findings.to_github(findings, 1),
            ReportFormat.sarif: render_findings.to_sarif(findings, 1),
        }
        text = texts.get(output_format)
        if text is None:  # table or markdown written to a file
            text = (
                render.to_markdown(outcome.verification)
                if outcome.verification is not None and not outcome.identical
                else ""
            ) + f"\n**Conclusion:** {outcome.conclusion}\n"
        emit(text, output)
        typer.echo(outcome.conclusion, err=True)
    if outcome.failed:
        raise typer.Exit(ExitCode.FINDINGS)


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the application."""
    app.command("verify")(verify)
    app.command("bundle")(bundle)
    app.command("reproduce")(reproduce)
