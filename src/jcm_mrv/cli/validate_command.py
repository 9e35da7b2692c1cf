"""``jcm-mrv validate`` and ``jcm-mrv schema``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jcm_mrv.cli.help import PlainCommand
from jcm_mrv.cli.options import STRICT, flag, option
from jcm_mrv.cli.report import Renderers, emit, finish, output_target

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.api import Validation
    from jcm_mrv.outcome import Outcome


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
        metavar="PATH...",
        help="Methodology or project files, or directories searched recursively for *.yaml.",
        show_default=False,
    ),
    output_format: FindingsFormat | None = option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table (default) for people; json, github (workflow annotations) or sarif for "
        "machines. Default with -o: from the file's extension.",
    ),
    strict: bool = STRICT,
    no_data: bool = flag(
        "--no-data", help="Do not read the monitoring data of project files (check the files only)."
    ),
    output: Path | None = option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report to FILE (.json .sarif .txt; '-' is stdout).",
    ),
) -> None:
    """Check methodology and project files: schema, formulas, units, names, bounds.

    Every finding is reported at once, with a stable code, file, line and column. A project file's monitoring data are read too, every cell checked against the methodology (nothing is calculated), unless --no-data is given.

    [bold]Examples[/bold]

      jcm-mrv validate methodologies/

      jcm-mrv validate --strict --format github methodologies/JCM_TH_AM001.yaml

      jcm-mrv validate examples/solar-pv-th/project.yaml --format sarif -o findings.sarif

    Exit codes: 0 clean, 1 errors (or warnings with --strict), 2 a path that cannot be read or a usage error.
    """
    from jcm_mrv.api import validate as run

    target = output_target(
        output, output_format.value if output_format else None, list(FindingsFormat)
    )
    finish(run(paths, data=not no_data), target, _renderers(), strict=strict)


def _renderers() -> Renderers[Validation]:
    """The renderers of a validation: the table is the findings and a summary line."""
    from jcm_mrv.api import Validation
    from jcm_mrv.render import findings as render

    def table(outcome: Outcome[Validation], console: Console) -> None:
        assert outcome.result is not None
        render.print_table(outcome.findings, len(outcome.result.files), console)

    def text(outcome: Outcome[Validation]) -> str:  # a table written to a file: plain lines
        assert outcome.result is not None
        return render.to_text(outcome.findings, len(outcome.result.files))

    return Renderers(
        table=table, result=Validation.to_dict, texts={"table": text}, table_has_findings=True
    )


def schema(
    kind: SchemaKind = typer.Option(
        SchemaKind.methodology, "--kind", "-k", help="Which file format."
    ),
    output: Path | None = option(
        "--output", "-o", metavar="FILE", help="Write the schema to FILE ('-' is stdout)."
    ),
) -> None:
    """Print the JSON Schema (draft-07) of a file format, for YAML editors.

    [bold]Example[/bold]

      jcm-mrv schema --kind methodology -o schema/methodology.schema.json

    Point your editor at it, e.g. with a first line [italic]# yaml-language-server: $schema=../schema/methodology.schema.json[/italic].
    """
    from jcm_mrv.fileformats.schemas import render_kind

    emit(render_kind(kind.value), output)


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the application."""
    app.command("validate", cls=PlainCommand)(validate)
    app.command("schema", cls=PlainCommand)(schema)
