"""Shared fixtures of the verification tests: a copy of the chiller example to change."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import jcm_mrv
from jcm_mrv.api import Calculation
from jcm_mrv.verification import VerificationReport, recompute_and_compare

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "chiller-id"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of examples/chiller-id (project.yaml, chiller-power.csv, claimed.csv)."""
    folder = tmp_path / "chiller"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder / "project.yaml"


def change_reading(project: Path, factor: int = 4) -> None:
    """Multiply CH-1's January reading by ``factor`` (a period 2025-H1 value).

    Four times (124 MWh) stays within CH-1's rated input for January (158.578 MWh): a
    plausible change that only the comparison can catch.
    """
    data = project.parent / "chiller-power.csv"
    lines = data.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "2025-01-01,CH-1,31000"
    lines[1] = f"2025-01-01,CH-1,{31000 * factor}"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")


def verified(*args: Any, **options: Any) -> VerificationReport:
    """The verification report of ``recompute_and_compare`` (raises InputError as it does)."""
    return recompute_and_compare(*args, **options).report


def result_json(project: Path, **options: Any) -> str:
    """The result JSON of a calculation, as ``jcm-mrv calculate --format json`` prints it."""
    outcome = jcm_mrv.calculate(project, **options)
    assert outcome.result is not None, outcome.findings
    return outcome.to_json(Calculation.to_dict)
