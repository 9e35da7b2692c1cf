"""Shared fixtures of the methodology tests: the command line, run in-process."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from jcm_mrv.cli import app

HERE = Path(__file__).parent
BASE = HERE / "base.yaml"

Validate = Callable[..., tuple[Result, list[dict[str, Any]]]]


@pytest.fixture(scope="session")
def warm() -> None:
    """Validate the base methodology once, so pint's registry is built before timing."""
    result = CliRunner().invoke(app, ["validate", str(BASE)])
    assert result.exit_code == 0, result.output


@pytest.fixture
def validate_json(warm: None) -> Validate:
    """Run ``jcm-mrv validate --format json ARGS…``; return the result and its findings."""

    def run(*args: str | Path) -> tuple[Result, list[dict[str, Any]]]:
        result = CliRunner().invoke(app, ["validate", "--format", "json", *map(str, args)])
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
        return result, findings

    return run
