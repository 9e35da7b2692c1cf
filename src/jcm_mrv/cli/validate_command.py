"""``jcm-mrv validate`` and ``jcm-mrv schema``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from jcm_mrv.cli.console import emit, stdout
from jcm_mrv.exitcodes import ExitCode


class FindingsFormat(StrEnum):
    """Output formats of findings."""

    table = "table"
    json = "json"
    github = "github"
    sarif = "sarif"


class SchemaKind(StrEnum):
    """File formats with a JSON Schema."""

    methodology = "methodology"
    project = "project"


def validate(
    paths: list[Path] = typer.Argument(
        ...,
        help="Methodology or project files, or directories searched recursively for *.yaml.",
        show_default=False,
    ),
    output_format: FindingsFormat = typer.Option(
        FindingsFormat.table,
        "--format",
        "-f",
        help="table for people; json, github (workflow annotations) or sarif for machines.",
    ),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too (exit 1)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the report to this file (atomically)."
    ),
) -> None:
    """Check methodology and project files: schema, formulas, units, names, bounds.

    Every finding is reported at once, with a stable code, file, line and column.

    [bold]Examples[/bold]

      jcm-mrv validate methodologies/

      jcm-mrv validate --strict --format github methodologies/JCM_TH_AM001.yaml

    Exit codes: 0 clean, 1 errors (or warnings with --strict), 2 a path that cannot be read.
    """
    from jcm_mrv.render import findings as render
    from jcm_mrv.validation import validate_paths

    report = validate_paths(paths)
    files = len(report.files)
    if output_format is FindingsFormat.table and output is None:
        render.print_table(report.findings, files, stdout())
    else:
        renderers = {
            FindingsFormat.table: render.to_text,  # a table written to a file: plain lines
            FindingsFormat.json: render.to_json,
            FindingsFormat.github: render.to_github,
            FindingsFormat.sarif: render.to_sarif,
        }
        emit(renderers[output_format](report.findings, files), output)
    if report.unreadable:
        raise typer.Exit(ExitCode.UNUSABLE_INPUT)
    if report.failed(strict=strict):
        raise typer.Exit(ExitCode.FINDINGS)


def schema(
    kind: SchemaKind = typer.Option(
        SchemaKind.methodology, "--kind", "-k", help="Which file format."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the schema to this file (atomically)."
    ),
) -> None:
    """Print the JSON Schema (draft-07) of a file format, for YAML editors.

    [bold]Example[/bold]

      jcm-mrv schema --kind methodology -o schema/methodology.schema.json

    Point your editor at it, e.g. with a first line [italic]# yaml-language-server: $schema=../schema/methodology.schema.json[/italic].
    """
    from jcm_mrv.schemas import render_kind

    emit(render_kind(kind.value), output)


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the application."""
    app.command("validate")(validate)
    app.command("schema")(schema)
