"""Lookup tables whose bands the project file gives (JCM_ID_AM002's reference COP)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import jcm_mrv
from jcm_mrv.outcome import Status
from jcm_mrv.project.loader import load_project

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "chiller-id"
BANDS = """    bands:
      - {min: 300, max: 450, value: 5.0}
      - {min: 450, max: 1250, value: 5.2}
"""


def project_with(tmp_path: Path, bands: str) -> Path:
    """The chiller example with its COP_RE bands replaced by ``bands``."""
    for item in EXAMPLE.iterdir():
        if item.is_file():
            shutil.copy(item, tmp_path / item.name)
    path = tmp_path / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert BANDS in text
    path.write_text(text.replace(BANDS, bands), encoding="utf-8")
    return path


def codes_at(path: Path) -> list[tuple[str, int | None]]:
    return [(f.code, f.line) for f in load_project(path).findings]


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_the_bands_select_each_chillers_reference_cop(tmp_path: Path) -> None:
    # CH-1 is rated 400 USRt (band 300-450: COP 5.0), CH-2 800 USRt (band 450-1250: 5.2).
    # Moving CH-2 into a band of 5.8 changes its ratio from 6.5 / 5.2 = 1.25 to
    # 6.5 / 5.8; H1 RE of CH-2: 280.5 MWh x 6.5 / 5.8 x 0.8 tCO2/MWh = 251.4827586... t,
    # CH-1 unchanged: 201.0 x 5.8 / 5.0 x 0.8 = 186.528 t; RE = 438.0107586... t.
    path = project_with(
        tmp_path,
        "    bands:\n      - {min: 300, max: 450, value: 5.0}\n"
        "      - {min: 450, max: 1250, value: 5.8}\n",
    )
    outcome = jcm_mrv.calculate(path)
    assert outcome.result is not None, outcome.findings
    assert outcome.result.result.periods[0].reference_emissions == pytest.approx(
        186.528 + 280.5 * 6.5 / 5.8 * 0.8, rel=1e-12
    )


def test_missing_bands_are_named(tmp_path: Path) -> None:
    path = project_with(tmp_path, "    bands: null\n")
    assert ("JCM-P003", line_of(path, "    bands: null")) in codes_at(path)


def test_overlapping_bands_are_refused(tmp_path: Path) -> None:
    path = project_with(
        tmp_path,
        "    bands:\n      - {min: 300, max: 500, value: 5.0}\n"
        "      - {min: 450, max: 1250, value: 5.2}\n",
    )
    line = line_of(path, "      - {min: 450, max: 1250, value: 5.2}")
    assert ("JCM-M007", line) in codes_at(path)


def test_a_band_value_outside_the_bounds_is_refused(tmp_path: Path) -> None:
    path = project_with(
        tmp_path,
        "    bands:\n      - {min: 300, max: 450, value: 50}\n"
        "      - {min: 450, max: 1250, value: 5.2}\n",
    )
    assert "JCM-P006" in [code for code, _ in codes_at(path)]


def test_a_single_value_instead_of_bands_is_refused(tmp_path: Path) -> None:
    path = project_with(tmp_path, "    value: 5.0\n")
    assert "JCM-P005" in [code for code, _ in codes_at(path)]


def test_a_capacity_outside_every_band_gives_no_number(tmp_path: Path) -> None:
    path = project_with(tmp_path, "    bands:\n      - {min: 300, max: 450, value: 5.0}\n")
    outcome = jcm_mrv.calculate(path)
    assert (outcome.status, outcome.result) == (Status.UNUSABLE, None)
    assert "JCM-C003" in [f.code for f in outcome.findings]
