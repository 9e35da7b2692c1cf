"""The commands the README and every ``--help`` show are run, as a new user would.

Each ``$ jcm-mrv …`` line of the README's console blocks and each example under a
command's "Examples" heading runs in-process, in order, in one working folder holding
a copy of the repository's examples (so that a command that writes ``result.json`` or
``my-project/`` feeds the next one). Every one must end as documented: exit 0 or 1, or
the exit code its comment names (``# exit 2 until …``), and never a traceback.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from jcm_mrv.cli import app

ROOT = Path(__file__).resolve().parents[2]
_PROMPT = re.compile(r"^\$ (jcm-mrv .*?)\s*(?:#\s*(.*))?$")
_EXIT = re.compile(r"\bexit (\d)\b")


@dataclass(frozen=True)
class Documented:
    """One documented command line, where it is shown and the exit codes it may end with."""

    where: str
    argv: tuple[str, ...]
    exit_codes: frozenset[int]


def _expected(comment: str | None) -> frozenset[int]:
    named = _EXIT.search(comment or "")
    return frozenset({int(named.group(1))}) if named else frozenset({0, 1})


def readme_commands() -> list[Documented]:
    """The ``$ jcm-mrv …`` lines of the README's console blocks, in order."""
    found = []
    in_console = False
    for number, line in enumerate(ROOT.joinpath("README.md").read_text().splitlines(), 1):
        if line.startswith("```"):
            in_console = line.strip() == "```console"
            continue
        match = _PROMPT.match(line) if in_console else None
        if match:
            argv = tuple(shlex.split(match.group(1)))[1:]
            found.append(Documented(f"README.md:{number}", argv, _expected(match.group(2))))
    return found


def _commands(group: object, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    commands = getattr(group, "commands", {})
    for name in commands:
        command = commands[name]
        yield from _commands(command, (*prefix, name))
        if command.help:
            yield " ".join((*prefix, name)), command.help


def help_examples() -> list[Documented]:
    """The example lines under every command's "Examples" heading in ``--help``."""
    found = []
    for name, text in _commands(get_command(app)):
        in_examples = False
        for line in text.splitlines():
            stripped = line.strip()
            if "Examples" in stripped and not stripped.startswith("jcm-mrv"):
                in_examples = True
            elif in_examples and stripped.startswith("jcm-mrv "):
                command, _, comment = stripped.partition("#")
                argv = tuple(shlex.split(command))[1:]
                found.append(Documented(f"jcm-mrv {name} --help", argv, _expected(comment)))
    return found


DOCUMENTED = readme_commands() + help_examples()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder with a copy of the examples and methodologies, as in a fresh clone."""
    folder = tmp_path_factory.mktemp("new-user")
    for name in ("examples", "methodologies"):
        shutil.copytree(ROOT / name, folder / name)
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(cwd)


def test_there_are_documented_commands() -> None:
    assert len(readme_commands()) >= 6
    commands_with_examples = {d.where for d in help_examples()}
    assert len(commands_with_examples) >= 5, commands_with_examples


@pytest.mark.parametrize("documented", DOCUMENTED, ids=lambda d: f"{d.where}: {shlex.join(d.argv)}")
def test_documented_command_runs(documented: Documented, workdir: Path) -> None:
    result = CliRunner().invoke(app, list(documented.argv))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in documented.exit_codes, (
        f"{documented.where}: `jcm-mrv {shlex.join(documented.argv)}` exited "
        f"{result.exit_code}, documented {sorted(documented.exit_codes)}:\n{result.output}"
    )
