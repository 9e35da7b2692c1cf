"""Result files: portable, byte-identical from any folder, time zone and locale; self-hashed."""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import jcm_mrv
from jcm_mrv.api import Calculation
from jcm_mrv.engine.provenance import (
    CONTENT_HASH_KEY,
    canonical_bytes,
    content_sha256,
    file_sha256,
)
from jcm_mrv.fileformats.paths import portable_path

from .conftest import ROOT


def run_calculate(project: Path, cwd: Path, env: dict[str, str]) -> bytes:
    """``python -m jcm_mrv calculate PROJECT --format json`` in a subprocess; its stdout."""
    completed = subprocess.run(
        [sys.executable, "-m", "jcm_mrv", "calculate", str(project), "--format", "json"],
        cwd=cwd,
        env=env,
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    return completed.stdout


def test_result_is_byte_identical_from_two_folders_time_zones_and_locales(
    project: Path, tmp_path: Path
) -> None:
    base = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    first = run_calculate(project.relative_to(tmp_path), tmp_path, {**base, "TZ": "UTC"})
    second = run_calculate(
        project, elsewhere, {**base, "TZ": "Asia/Tokyo", "LANG": "ja_JP.UTF-8", "LC_ALL": "C"}
    )
    assert first == second
    text = first.decode()
    assert str(tmp_path) not in text
    assert str(Path.home()) not in text
    assert f'"{getpass.getuser()}' not in text and f"/{getpass.getuser()}/" not in text


def test_provenance_records_inputs_versions_and_its_own_hash(project: Path) -> None:
    data = _result(project)
    provenance = data["provenance"]
    assert provenance["format_version"] == "2"
    assert provenance["tool_version"] == jcm_mrv.__version__
    assert set(provenance["dependencies"]) == {"python", "numpy", "pint"}
    assert provenance["inputs"] == [
        {
            "role": role,
            "path": name,
            "size": (project.parent / name).stat().st_size,
            "sha256": file_sha256(project.parent / name),
        }
        for role, name in (("project", "project.yaml"), ("data", "chiller-power.csv"))
    ]
    assert provenance[CONTENT_HASH_KEY] == content_sha256(data)
    # the hash covers the content: change one figure and it no longer matches
    data["periods"][0]["emission_reductions_rounded"] += 1
    assert content_sha256(data) != provenance[CONTENT_HASH_KEY]


def test_findings_name_files_relative_to_the_project_folder(project: Path) -> None:
    data = project.parent / "chiller-power.csv"
    data.write_text(data.read_text() + "2026-01-01,CH-1,100\n", encoding="utf-8")
    outcome = jcm_mrv.calculate(project.resolve())
    files = {f["file"] for f in _result(project.resolve())["findings"]}
    assert files == {"chiller-power.csv"}  # a reading outside every period, named portably
    # and so in the document's own findings, as --format json prints them
    document = json.loads(outcome.relative_to(project.parent).to_json(Calculation.to_dict))
    assert {f["file"] for f in document["findings"]} == {"chiller-power.csv"}


def test_portable_path(tmp_path: Path) -> None:
    assert portable_path(tmp_path / "a" / "b.csv", tmp_path) == "a/b.csv"
    assert portable_path(tmp_path / "x" / ".." / "b.csv", tmp_path) == "b.csv"
    # outside the folder: the file name alone, never an absolute path
    assert portable_path("/opt/somewhere/JCM_TH_AM001.yaml", tmp_path) == "JCM_TH_AM001.yaml"


def test_json_round_trip_keeps_the_hash(project: Path) -> None:
    outcome = jcm_mrv.calculate(project, explain=True)
    data = json.loads(outcome.to_json(Calculation.to_dict))["result"]
    assert data["provenance"][CONTENT_HASH_KEY] == content_sha256(data)


def _result(project: Path) -> dict[str, Any]:
    """The calculation's result as the JSON document holds it."""
    outcome = jcm_mrv.calculate(project)
    assert outcome.result is not None, outcome.findings
    return outcome.result.to_dict()


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=6), JSON_VALUES | st.lists(JSON_VALUES, max_size=5)))
def test_the_canonical_form_is_the_compact_sorted_json_of_the_result(
    document: dict[str, Any],
) -> None:
    # written in pieces (each top-level list item by item), it is the same bytes as the
    # whole document's compact JSON, so a result's hash never depends on how it is made
    document["provenance"] = {"tool": "jcm-mrv", CONTENT_HASH_KEY: "left out"}
    expected = json.dumps(
        {**document, "provenance": {"tool": "jcm-mrv"}},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    ).encode("utf-8")
    assert canonical_bytes(document) == expected
    assert content_sha256(document) == hashlib.sha256(expected).hexdigest()
