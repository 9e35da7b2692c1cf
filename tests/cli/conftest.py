"""Shared helpers of the command-line tests: paths, and the CLI run in-process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from jcm_mrv.cli import app

ROOT = Path(__file__).parent.parent.parent
METHODOLOGIES = ROOT / "methodologies"
CLEAN = ROOT / "tests" / "methodology" / "base.yaml"
"""A methodology without a single finding."""
BROKEN = ROOT / "tests" / "methodology" / "broken"
UNKNOWN_NAME = BROKEN / "23-unknown-name.yaml"
"""One error: JCM-F003 on line 121."""
UNUSED_PARAMETER = BROKEN / "41-unused-parameter.yaml"
"""One warning: JCM-M002 on line 59."""

Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Invoke:
    """Run ``jcm-mrv ARGS…`` in-process; fail on a traceback or an unexpected exception."""

    def run(*args: str | Path) -> Result:
        result = CliRunner().invoke(app, [str(arg) for arg in args])
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        return result

    return run
