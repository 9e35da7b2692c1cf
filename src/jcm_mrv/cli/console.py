"""Consoles and output helpers shared by the commands."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from jcm_mrv.exitcodes import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.findings import Finding


def stdout() -> Console:
    """A rich console on standard output (machine output and tables)."""
    from rich.console import Console

    console = Console()
    if not console.is_terminal:  # piped or redirected: do not squeeze tables into 80 columns
        console = Console(width=max(console.width, 160))
    return console


def stderr() -> Console:
    """A rich console on standard error (progress and diagnostics)."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        console = Console(stderr=True, width=max(console.width, 160))
    return console


def emit(text: str, output: Path | None) -> None:
    """Write rendered text to ``output`` atomically, or to standard output."""
    if output is None:
        typer.echo(text, nl=False)
        return
    from jcm_mrv.outputs import write_atomically

    try:
        write_atomically(output, text)
    except OSError as exc:
        typer.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(ExitCode.UNUSABLE_INPUT) from None


def choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    """Check an option's value against its choices (a usage error, exit code 2)."""
    if value not in allowed:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(allowed)}", param_hint=option)
    return value


def fail(
    message: str, findings: Sequence[Finding] = (), console: Console | None = None
) -> NoReturn:
    """Report input that cannot be used (and its findings) on stderr; exit with code 2."""
    from rich.markup import escape

    from jcm_mrv.findings import sort_findings
    from jcm_mrv.render import findings as render_findings

    err = console or stderr()
    err.print(f"[bold red]error:[/bold red] {escape(message)}", highlight=False)
    if findings:
        render_findings.print_table(sort_findings(findings), None, err)
    raise typer.Exit(ExitCode.UNUSABLE_INPUT)
