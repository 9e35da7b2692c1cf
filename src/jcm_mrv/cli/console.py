"""Consoles and output helpers shared by the commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

import typer

from jcm_mrv.findings.errors import JcmMrvError

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.findings import Finding
    from jcm_mrv.render.messages import Language


def stdout() -> Console:
    """A rich console on standard output (machine output and tables).

    When the reader of standard output goes away (``| head``) it raises
    :class:`OutputClosed` (rich's own reaction would be to exit with code 1).
    """
    from rich.console import Console

    class Stdout(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise OutputClosed

    console = Stdout()
    if not console.is_terminal:  # piped or redirected: do not squeeze tables into 80 columns
        console = Stdout(width=max(console.width, 160))
    return console


def stderr() -> Console:
    """A rich console on standard error (progress and diagnostics)."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        console = Console(stderr=True, width=max(console.width, 160))
    return console


TERMINAL_VARIABLES = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")
"""Environment variables with which rich may treat a stream that is not a terminal as one."""


def stderr_may_be_terminal() -> bool:
    """False when standard error is surely no terminal to rich: not a tty, and none of
    :data:`TERMINAL_VARIABLES` set. Then a command that has nothing to report there
    need not build the console (importing rich costs about 0.03 s); otherwise ask the
    console (``stderr().is_terminal``)."""
    if any(name in os.environ for name in TERMINAL_VARIABLES):
        return True
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


class OutputClosed(JcmMrvError):
    """Standard output was closed by its reader (``jcm-mrv … | head``): stop quietly."""


def fail(
    message: str,
    findings: Sequence[Finding] = (),
    console: Console | None = None,
    lang: Language = "en",
) -> NoReturn:
    """Report input that cannot be used (and its findings, as a table in ``lang``) on
    stderr; exit with code 2."""
    from rich.markup import escape

    from jcm_mrv.findings import sort_findings
    from jcm_mrv.outcome import Outcome
    from jcm_mrv.render import findings as render_findings

    err = console or stderr()
    err.print(f"[bold red]error:[/bold red] {escape(message)}", highlight=False)
    if findings:
        render_findings.print_table(sort_findings(findings), None, err, lang)
    raise typer.Exit(Outcome.unusable(message, findings).exit_code())


def usage_error(message: str, command: str = "credits") -> NoReturn:
    """Report a usage problem on stderr and exit 2, like a mistyped option."""
    from jcm_mrv.outcome import Outcome

    typer.echo(f"error: {message}\nTry 'jcm-mrv {command} --help' for help.", err=True)
    raise typer.Exit(Outcome.unusable(message).exit_code())
