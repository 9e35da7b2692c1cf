"""The command line's options, declared one way: a meaningful metavar, no default shown.

Every command's parameters are declared with :func:`option` (an option that takes a
value) or :func:`flag` (an on/off switch, which takes none), so that ``--help`` shows
``FILE``, ``N`` or ``NAME=VALUE`` instead of Python types, and no option looks like a
flag while taking a value.
"""

from __future__ import annotations

from typing import Any

import typer


def option(*names: str, metavar: str, help: str, default: Any = None, **more: Any) -> Any:
    """An option that takes a value (``--output FILE``); ``default`` when not given."""
    return typer.Option(default, *names, metavar=metavar, help=help, show_default=False, **more)


def flag(*names: str, help: str) -> Any:
    """An on/off switch (``--strict``): off unless given."""
    return typer.Option(False, *names, metavar="", help=help, show_default=False)


STRICT = flag("--strict", help="Fail on warnings too (exit 1).")
"""``--strict``, the same on every command that reports findings."""
