"""Where a command's outcome goes: the format, the file, the findings, the exit code.

Every command that reports findings (``validate``, ``calculate``, ``credits``) ends in
:func:`finish`: it renders the outcome in the format asked for, writes it to standard
output or to the ``-o`` file, shows the findings the format does not carry on standard
error, and exits with :meth:`~jcm_mrv.outcome.Outcome.exit_code`.

The format of an ``-o`` file is taken from its extension when ``--format`` is not
given (:data:`EXTENSIONS`); an extension the command cannot write, or one that
contradicts ``--format``, is a usage error (exit code 2) before any work is done.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar

import typer

from jcm_mrv.cli.console import OutputClosed, stderr, stdout

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.outcome import Outcome
    from jcm_mrv.outputs import Output
    from jcm_mrv.render.messages import Language

T = TypeVar("T")

EXTENSIONS: dict[str, str] = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "table",
    ".sarif": "sarif",
}
"""The format an ``-o`` file's extension implies (``.txt``: the table as plain text)."""

ALSO_WRITES: dict[str, tuple[str, ...]] = {"sarif": (".json",), "github": (".txt",)}
"""Extensions a format may be written under besides its own (a SARIF log is JSON)."""

FINDINGS_FORMATS = ("json", "github", "sarif")
"""Formats that carry the findings themselves (the others show them on stderr)."""


@dataclass(frozen=True)
class Target:
    """The format to render and the file to write (``None``: standard output)."""

    format: str
    path: Path | None = None


def output_target(output: Path | None, given: str | None, formats: Sequence[str]) -> Target:
    """The format and destination of ``-o output`` with ``--format given``.

    ``-o -`` is standard output. Without ``--format`` the extension decides (no
    extension: ``table``). Raises a usage error (exit code 2) for a directory, an
    extension the command cannot write, or a ``--format`` the extension contradicts.
    """
    if output is None or str(output) == "-":
        return Target(given or "table", None)
    if output.is_dir():
        raise typer.BadParameter(f"{output} is a directory: give a file name", param_hint="'-o'")
    suffix = output.suffix.lower()
    if not suffix:
        return Target(given or "table", output)
    implied = EXTENSIONS.get(suffix)
    if implied not in formats:
        writable = sorted(ext for ext, fmt in EXTENSIONS.items() if fmt in formats)
        raise typer.BadParameter(
            f"cannot write {suffix} files; this command writes {', '.join(writable)} "
            "(or a file without an extension, in the --format given)",
            param_hint="'-o'",
        )
    assert implied is not None
    if given is not None and given != implied and suffix not in ALSO_WRITES.get(given, ()):
        raise typer.BadParameter(
            f"--format {given} contradicts the extension of {output} ({suffix} is {implied}); "
            "drop --format or change the extension",
            param_hint="'--format'",
        )
    return Target(given or implied, output)


@dataclass(frozen=True)
class Renderers(Generic[T]):
    """How a command renders its outcome (only called when there is a result).

    ``table`` prints for people on a console; ``texts`` render the other formats of the
    result (``csv``, ``markdown``, and ``table`` when it goes to a file, else the
    printed table as plain text); ``result`` is the result's JSON data.
    """

    table: Callable[[Outcome[T], Console], None]
    result: Callable[[T], Any]
    texts: Mapping[str, Callable[[Outcome[T]], str]] = field(default_factory=dict)
    table_has_findings: bool = False
    """The table is the findings (``validate``): do not repeat them on stderr."""
    json_base: Path | None = None
    """The folder the JSON document names files relative to (the project's), so that it
    is the same bytes from any working directory; ``None``: as given."""
    lang: Language = "en"
    """The language of the findings table on standard error (``--lang``)."""


def finish(
    outcome: Outcome[T], target: Target, renderers: Renderers[T], *, strict: bool = False
) -> NoReturn:
    """Render ``outcome`` as ``target`` asks, show its findings, exit with its code."""
    from jcm_mrv.render import findings as render_findings

    if outcome.message:
        from rich.markup import escape

        stderr().print(f"[bold red]error:[/bold red] {escape(outcome.message)}", highlight=False)
    # Without a result nothing is written to a file: an earlier output stays as it was.
    kept = outcome.result is None and target.path is not None
    text = None if kept else _text(outcome, target, renderers)
    if text is not None:
        write(text, target.path)
    elif outcome.result is not None:  # a table for people on the terminal
        with _closed_as_quiet():
            renderers.table(outcome, stdout())
    carried = not kept and (
        target.format in FINDINGS_FORMATS
        or (target.format == "table" and renderers.table_has_findings)
    )
    if outcome.findings and not carried:
        # The console only now: a clean result in JSON or CSV never imports rich.
        render_findings.print_table(outcome.findings, None, stderr(), renderers.lang)
    raise typer.Exit(outcome.exit_code(strict=strict))


def _text(outcome: Outcome[T], target: Target, renderers: Renderers[T]) -> Output | None:
    """The rendered text, or ``None`` for a table printed on the terminal (or nothing)."""
    from jcm_mrv.render import findings as render_findings

    if target.format == "json":
        portable = (
            outcome if renderers.json_base is None else outcome.relative_to(renderers.json_base)
        )
        return portable.json_pieces(renderers.result)  # written as encoded
    if target.format == "github":
        return render_findings.to_github(outcome.findings)
    if target.format == "sarif":
        return render_findings.to_sarif(outcome.findings)
    if outcome.result is None or (target.format == "table" and target.path is None):
        return None
    if target.format in renderers.texts:
        return renderers.texts[target.format](outcome)
    return plain_table(lambda console: renderers.table(outcome, console))


def plain_table(draw: Callable[[Console], None]) -> str:
    """What ``draw`` prints, as plain text (no colour), for a file."""
    from rich.console import Console

    buffer = io.StringIO()
    draw(Console(file=buffer, width=120, color_system=None, force_terminal=False))
    return buffer.getvalue()


def emit(text: str, output: Path | None) -> None:
    """Write rendered text to ``output`` (``-``: standard output), or to standard output."""
    write(text, None if output is None or str(output) == "-" else output)


def write(text: Output, path: Path | None) -> None:
    """Write ``text`` (or a file's bytes, or text in pieces) to ``path`` (see
    :func:`jcm_mrv.outputs.write_output`: atomically) or stdout."""
    if path is None:
        with _closed_as_quiet():
            for piece in [text] if isinstance(text, str | bytes) else text:
                typer.echo(piece, nl=False)
        return
    from jcm_mrv.outputs import write_output

    try:
        write_output(path, text)
    except OSError as exc:
        raise typer.BadParameter(
            f"cannot write {path}: {exc.strerror or exc}", param_hint="'-o'"
        ) from None
    typer.echo(f"wrote {path}", err=True)


class _closed_as_quiet:
    """Turn a closed standard output (``| head``) into :class:`OutputClosed`."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None and issubclass(kind, BrokenPipeError):
            raise OutputClosed from None
