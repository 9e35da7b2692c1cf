"""``docs/methodologies.md`` is generated from the bundled methodology files."""

from __future__ import annotations

from pathlib import Path

from jcm_mrv.methodology.registry import bundled
from jcm_mrv.render.methodology import catalogue_markdown

PAGE = Path(__file__).resolve().parents[2] / "docs" / "methodologies.md"
REGENERATE = "PYTHONPATH=src python -m jcm_mrv.render.methodology > docs/methodologies.md"


def test_the_page_matches_the_bundled_files() -> None:
    assert PAGE.read_text(encoding="utf-8") == catalogue_markdown(), (
        f"docs/methodologies.md is out of date; regenerate it with: {REGENERATE}"
    )


def test_the_page_has_a_section_per_bundled_methodology() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for entry in bundled():
        assert f"\n## {entry.id} version {entry.version}: " in text
