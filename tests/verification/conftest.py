"""Shared fixtures of the verification tests: a copy of the chiller example to change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "chiller-id"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of examples/chiller-id (project.yaml, chiller-power.csv, claimed.csv)."""
    folder = tmp_path / "chiller"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder / "project.yaml"


def change_reading(project: Path, factor: int = 10) -> None:
    """Multiply CH-1's January reading by ``factor`` (a period 2025-H1 value)."""
    data = project.parent / "chiller-power.csv"
    lines = data.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "2025-01-01,CH-1,31000"
    lines[1] = f"2025-01-01,CH-1,{31000 * factor}"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
