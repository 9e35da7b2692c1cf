"""Every renderer's output is pinned: the commands of generate.py give the golden files.

A changed column order, label or number in any format (table, JSON, CSV, Markdown,
GitHub annotations, SARIF) of calculate, credits or validate fails here. When a change
is intended, regenerate with ``python tests/golden/generate.py`` and review the diff.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from .generate import CASES, GOLDEN, MANIFEST, Case, files_of, generator_hash, input_hashes, run
from .generate import sha256 as hash_of

REGENERATE = "regenerate with `python tests/golden/generate.py` and review the diff"


@pytest.fixture(scope="module")
def manifest() -> dict[str, object]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_manifest_is_current(manifest: dict[str, object]) -> None:
    assert manifest["generator_sha256"] == generator_hash(), f"generate.py changed: {REGENERATE}"
    assert manifest["inputs"] == input_hashes(), f"golden inputs changed: {REGENERATE}"
    assert sorted(manifest["cases"]) == sorted(c.name for c in CASES), REGENERATE  # type: ignore[call-overload]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_golden_files_are_not_edited_by_hand(case: Case, manifest: dict[str, object]) -> None:
    recorded: dict[str, str] = manifest["cases"][case.name]  # type: ignore[index]
    directory = GOLDEN / case.name
    on_disk = {p.name: hash_of(p.read_bytes()) for p in sorted(directory.iterdir())}
    assert on_disk == recorded, f"{directory} differs from MANIFEST.json: {REGENERATE}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_output_equals_golden(case: Case) -> None:
    directory = GOLDEN / case.name
    expected = {p.name: p.read_text(encoding="utf-8") for p in sorted(directory.iterdir())}
    actual = files_of(run(case))
    for name in sorted(set(expected) | set(actual)):
        assert actual.get(name) == expected.get(name), (
            f"{case.name}: {name} differs from {directory / name}; if intended, {REGENERATE}"
        )


def test_golden_outputs_show_distinct_re_and_pe() -> None:
    # The pinned case must tell RE from PE and the two periods apart, or a swapped
    # column would go unnoticed: RE 467.028 / PE 385.200 in 2025-H1.
    text = (GOLDEN / "calculate-csv" / "stdout").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    h1 = rows[0]
    assert h1["period"] == "2025-H1"
    assert float(h1["reference_emissions"]) == pytest.approx(467.028)
    assert float(h1["project_emissions"]) == pytest.approx(385.2)
