"""The broken-methodology corpus: every defect is reported with its code, at its line.

Each file under ``broken/`` is ``base.yaml`` with one defect (written by
``make_broken.py``); the line where the finding belongs carries ``# <- JCM-XXXX``,
optionally followed by text the message or hint must contain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from jcm_mrv.exitcodes import ExitCode
from jcm_mrv.findings.codes import CATALOGUE

from .conftest import BASE, Validate
from .make_broken import BROKEN, MARKER, broken_files

MARKER_PATTERN = re.compile(re.escape(MARKER) + r"(JCM-[A-Z][0-9]{3})(?:\s+(.*?))?\s*$")
CORPUS = sorted(BROKEN.glob("*.yaml"))

UNMARKABLE: list[tuple[str, bytes, int | None]] = [
    # code, file content, expected line (None: the finding is about the whole file)
    ("JCM-Y002", b"kind: methodology\n" + b"# padding\n" * 120_000, None),
    ("JCM-Y003", b"kind: methodology\ntitle: Caf\xe9\n", 2),
    ("JCM-Y008", b"", 1),
    ("JCM-Y008", b"- kind: methodology\n- id: JCM_TH_AM099\n", 1),
    ("JCM-Y010", b"kind: methodology\nversion: 1" + b"0" * 400 + b"\n", 2),
]
"""Defects that cannot carry a marker comment: too large, not UTF-8, not a mapping."""


@dataclass(frozen=True)
class Expected:
    """A finding a broken file must produce: code, line and text in message or hint."""

    code: str
    line: int
    text: str | None


def expected_findings(path: Path) -> list[Expected]:
    """The ``# <- JCM-XXXX`` markers of a broken file."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = MARKER_PATTERN.search(line)
        if match:
            found.append(Expected(match.group(1), number, match.group(2)))
    return found


def test_base_methodology_is_clean(validate_json: Validate) -> None:
    result, findings = validate_json(BASE)
    assert findings == []
    assert result.exit_code == ExitCode.OK


def test_committed_corpus_is_what_the_generator_writes() -> None:
    committed = {path.name: path.read_text(encoding="utf-8") for path in CORPUS}
    generated = broken_files()
    how = "regenerate with: python tests/methodology/make_broken.py"
    assert sorted(committed) == sorted(generated), how
    for name, text in generated.items():
        assert committed[name] == text, f"{name} differs from the generator's output; {how}"


def test_corpus_is_large_and_every_file_is_marked() -> None:
    assert len(CORPUS) >= 25
    for path in CORPUS:
        assert expected_findings(path), f"{path.name} has no '{MARKER}JCM-…' marker"


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_broken_file_reports_its_defect_and_nothing_else(
    path: Path, validate_json: Validate
) -> None:
    expected = expected_findings(path)
    result, findings = validate_json(path)

    for want in expected:
        at_line = [f for f in findings if f["code"] == want.code and f["line"] == want.line]
        assert at_line, f"no {want.code} at line {want.line}; got {findings}"
        if want.text:
            said = [f"{f['message']} {f['hint'] or ''}" for f in at_line]
            assert any(want.text in text for text in said), said
    marked = {(want.code, want.line) for want in expected}
    unexpected = [f for f in findings if (f["code"], f["line"]) not in marked]
    assert unexpected == [], "one defect each: the file reports more than is marked"
    assert all(f["file"] == str(path) for f in findings)

    errors = any(f["severity"] == "error" for f in findings)
    assert result.exit_code == (ExitCode.FINDINGS if errors else ExitCode.OK)


def test_corpus_covers_every_check_of_a_methodology_file() -> None:
    covered = {want.code for path in CORPUS for want in expected_findings(path)}
    covered |= {code for code, _, _ in UNMARKABLE}
    covered.add("JCM-Y001")  # test_missing_file_is_a_usage_problem
    covered.add("JCM-Y011")  # control characters: tests/render/test_csvtext.py
    methodology_codes = {code for code in CATALOGUE if code[4] in "YSFUM"}
    assert methodology_codes - covered == set()


@pytest.mark.parametrize(
    ("code", "content", "line"),
    UNMARKABLE,
    ids=[f"{c}-{n}" for n, (c, _, _) in enumerate(UNMARKABLE)],
)
def test_defects_without_a_marker(
    code: str, content: bytes, line: int | None, tmp_path: Path, validate_json: Validate
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    result, findings = validate_json(path)
    assert [(f["code"], f["line"]) for f in findings] == [(code, line)]
    assert result.exit_code == ExitCode.FINDINGS


def test_missing_file_is_a_usage_problem(tmp_path: Path, validate_json: Validate) -> None:
    result, findings = validate_json(tmp_path / "absent.yaml")
    assert [f["code"] for f in findings] == ["JCM-Y001"]
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
