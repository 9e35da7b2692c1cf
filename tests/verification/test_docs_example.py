"""docs/verification.md walks through the bundled example claim: its output cannot rot."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from jcm_mrv.cli import app
from jcm_mrv.exitcodes import ExitCode

from .conftest import EXAMPLE, ROOT

PAGE = ROOT / "docs" / "verification.md"


def blocks_after(marker: str) -> str:
    """The first fenced block after the line containing ``marker``."""
    text = PAGE.read_text(encoding="utf-8")
    rest = text[text.index(marker) :]
    start = rest.index("```")
    body = rest[rest.index("\n", start) + 1 :]
    return body[: body.index("```")]


def test_the_page_shows_the_example_claim_verbatim() -> None:
    shown = blocks_after("<!-- excerpt: examples/chiller-id/claimed.csv -->")
    assert shown == (EXAMPLE / "claimed.csv").read_text(encoding="utf-8")


def test_the_walkthrough_output_is_what_verify_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the page runs the command from the repository root
    result = CliRunner().invoke(
        app,
        [
            "verify",
            "examples/chiller-id/project.yaml",
            "--claimed",
            "examples/chiller-id/claimed.csv",
            "--format",
            "markdown",
        ],
    )
    assert result.exit_code == ExitCode.FINDINGS
    shown = blocks_after("The report (here as `--format markdown`, shortened) says:")
    for line in shown.splitlines():
        if line.strip():
            # table rows of findings are shortened: each must begin a line of the output
            assert line.removesuffix(" |") in result.stdout, line
