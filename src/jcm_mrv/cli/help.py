"""Help screens without Python types.

typer prints a type beside every parameter (``<path>``, ``<str>``, ``<list[Path]>``,
``<bool>`` for a flag). People need the value's meaning instead: every option that
takes a value names it with ``metavar=`` (``FILE``, ``NAME=VALUE``), an argument is
shown by its name (``PROJECT``), and a flag, ``--help`` included, shows nothing.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


def _no_type(ctx: Any) -> None:
    return None


def _plain(params: list[Any]) -> list[Any]:
    """Hide the Python type of arguments and flags; options keep their metavar or choices."""
    for param in params:
        if isinstance(param, TyperArgument) or (isinstance(param, TyperOption) and param.is_flag):
            # typer has no setting for this: the instance's method is replaced
            param.display_type_rich = _no_type  # type: ignore[method-assign]
    return params


class PlainCommand(TyperCommand):
    """A command whose help shows no Python types."""

    def get_params(self, ctx: Any) -> list[Any]:
        """The parameters, with the types of arguments and flags hidden."""
        return _plain(super().get_params(ctx))


class PlainGroup(TyperGroup):
    """A group of commands whose help shows no Python types."""

    def get_params(self, ctx: Any) -> list[Any]:
        """The parameters, with the types of arguments and flags hidden."""
        return _plain(super().get_params(ctx))


def version_option() -> Any:
    """``--version VERSION`` of a bundled methodology (``methodologies show``, ``template``)."""
    return typer.Option(
        None,
        "--version",
        "-v",
        metavar="VERSION",
        help='The version, e.g. "01.0" (default: the latest bundled).',
        show_default=False,
    )
