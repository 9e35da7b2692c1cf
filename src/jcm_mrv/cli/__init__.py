"""The ``jcm-mrv`` command line: a thin layer over the library.

Each command parses its arguments, calls the library (:mod:`jcm_mrv.api`), renders
the outcome and exits with the outcome's code (:meth:`jcm_mrv.outcome.Outcome.exit_code`).
:func:`main` adds only what no outcome can say: an internal error (3), Ctrl-C (130)
and a closed standard output (141, quietly); :func:`run` (the script's entry point)
leaves without the interpreter's teardown. Heavy modules (numpy, pint,
openpyxl) are imported inside the commands that need them, so ``--help`` and
``--version`` stay fast.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
import traceback
from typing import NoReturn

import typer

from jcm_mrv._version import __version__
from jcm_mrv.cli import (
    calculate_command,
    credits_command,
    estimate_command,
    methodologies_command,
    report_command,
    template_command,
    validate_command,
    verify_command,
)
from jcm_mrv.cli.console import OutputClosed
from jcm_mrv.cli.help import PlainGroup
from jcm_mrv.exitcodes import ExitCode

app = typer.Typer(
    name="jcm-mrv",
    help=(
        "Emission-reduction quantification (MRV) for Japan's Joint Crediting Mechanism.\n\n"
        "Methodologies are YAML files checked for schema, formulas and units; projects "
        "apply them to monitoring data.\n\n"
        "Exit codes: 0 clean, 1 findings, 2 unusable input or usage, 3 internal error."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    cls=PlainGroup,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jcm-mrv {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        metavar="",
        help="Print the version and exit.",
        callback=_version,
        is_eager=True,
    ),
) -> None:
    """Emission-reduction quantification (MRV) for Japan's Joint Crediting Mechanism."""


validate_command.register(app)
calculate_command.register(app)
credits_command.register(app)
estimate_command.register(app)
methodologies_command.register(app)
template_command.register(app)
verify_command.register(app)
report_command.register(app)


def main() -> None:
    """Entry point of the ``jcm-mrv`` script: maps every failure to a documented exit code."""
    try:
        app(prog_name="jcm-mrv")
    except OutputClosed:
        # The reader of stdout is gone (`| head`): nothing more can be said there, and
        # Python's final flush must not complain about it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(ExitCode.OUTPUT_CLOSED)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except Exception as exc:
        if os.environ.get("JCM_MRV_DEBUG"):
            traceback.print_exc()
        typer.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in jcm-mrv; please report it with the command you ran "
            "(set JCM_MRV_DEBUG=1 to see the traceback).",
            err=True,
        )
        sys.exit(ExitCode.INTERNAL_ERROR)


def run() -> NoReturn:
    """Entry point of the ``jcm-mrv`` script and ``python -m jcm_mrv``: :func:`main`, then exit.

    Tearing the interpreter down after a command (freeing every module, numpy's and
    pint's objects, a final garbage collection) costs about 0.15 s of CPU, a fifth of
    a small ``calculate``, and serves no purpose: every file a command writes is
    closed when it returns (:mod:`jcm_mrv.outputs`), and worker processes are joined.
    So the process runs the exit handlers, flushes stdout and stderr and leaves with
    ``os._exit``. The ordinary exit is kept whenever that could lose something: an
    exit code that is not a number, another thread still running, or a stream that
    cannot be flushed (a closed pipe: Python's own exit reports it as before).

    The cyclic garbage collector runs every 100,000 new objects instead of every 700
    (as mypy does): importing numpy, pydantic and pint and building the models leaves
    about 63,000 long-lived objects the collector tracks, none of them garbage, and
    with the default it scans them again and again, 0.05 to 0.15 s of a small
    ``calculate``. Reference counting still frees the rest at once; only cycles wait
    a little longer.

    OpenBLAS, the linear algebra inside numpy's wheels, starts a thread per core when
    numpy is imported, and each spins a while waiting for work: 0.08 s of CPU on two
    cores (more with more cores), 0.1 of a small ``calculate``. jcm-mrv makes no call
    that reaches BLAS (its only matrix product is of integers, which numpy does
    itself), so the script asks for one thread (``OPENBLAS_NUM_THREADS=1``) unless the
    user has set the variable. Worker processes inherit it.
    """
    gc.set_threshold(100_000, 50, 100)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        main()
        code: object = ExitCode.OK
    except SystemExit as done:
        code = ExitCode.OK if done.code is None else done.code
    if not isinstance(code, int) or threading.active_count() > 1 or not _flushed():
        sys.exit(code)  # type: ignore[arg-type]
    atexit._run_exitfuncs()  # they run once: this empties their list
    if not _flushed():
        sys.exit(code)
    os._exit(code)


def _flushed() -> bool:
    """Flush stdout and stderr; False when either cannot be."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return False
    return True
