"""The documentation cannot rot: codes, commands and YAML examples are checked against the code.

Markers in the Markdown, on the line right above a fenced block:

* ``<!-- partial -->``: a fragment; it must be valid YAML but is not validated as a
  methodology;
* ``<!-- excerpt: PATH -->``: a fragment copied from the file at PATH (relative to the
  repository root); it must appear there verbatim;
* ``<!-- refused: CODE -->``: an example of YAML that jcm-mrv refuses; reading it must
  give the finding CODE.

Every other YAML block whose top level has ``kind: methodology`` is a complete example
and must validate with no findings at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.main
import yaml

from jcm_mrv.cli import app
from jcm_mrv.fileformats.yamlfile import parse_yaml_bytes
from jcm_mrv.findings import codes
from jcm_mrv.validation import validate_paths

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
REGENERATE = "PYTHONPATH=src python -m jcm_mrv.findings.codes > docs/findings.md"

_FENCE = re.compile(r"^```(?P<language>[\w-]*)\s*$")
_MARKER = re.compile(r"^<!--\s*(?P<marker>.*?)\s*-->$")
_INLINE_CODE = re.compile(r"`([^`\n]+)`")
_FINDING_CODE = re.compile(r"\bJCM-[A-Z][0-9]{3}\b")
# "jcm-mrv <command>" where a command starts: at the start of a line or inline code
# span, after a shell prompt or a YAML key (run:, entry:), or after | & ; (
_COMMAND = re.compile(r"(?:^|[$:|&;(])[ \t]*jcm-mrv[ \t]+([a-z][a-z0-9-]*)", re.MULTILINE)


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code block of a Markdown page."""

    page: Path
    line: int
    """1-based line of the opening fence."""
    language: str
    text: str
    marker: str | None
    """The HTML comment right above the fence (``partial``, ``excerpt: …``), if any."""

    @property
    def name(self) -> str:
        """``page.md:line``, for test ids and messages."""
        return f"{self.page.name}:{self.line}"


def doc_pages() -> list[Path]:
    """Every Markdown page of docs/ and the README (when there is one)."""
    pages = sorted(DOCS.glob("*.md"))
    readme = ROOT / "README.md"
    return [*pages, readme] if readme.is_file() else pages


def code_blocks(page: Path) -> list[CodeBlock]:
    """The fenced code blocks of a page, with the marker comment above each."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks: list[CodeBlock] = []
    start: int | None = None
    language = ""
    for number, line in enumerate(lines):
        fence = _FENCE.match(line)
        if fence is None:
            continue
        if start is None:
            start, language = number, fence["language"]
            continue
        previous = lines[start - 1].strip() if start > 0 else ""
        marker = _MARKER.match(previous)
        blocks.append(
            CodeBlock(
                page=page,
                line=start + 1,
                language=language,
                text="".join(f"{text}\n" for text in lines[start + 1 : number]),
                marker=marker["marker"] if marker else None,
            )
        )
        start = None
    assert start is None, f"{page.name}:{start + 1}: code block is never closed"
    return blocks


def prose(page: Path) -> str:
    """A page's text outside fenced code blocks."""
    text = page.read_text(encoding="utf-8")
    for block in code_blocks(page):
        text = text.replace(block.text, "\n")
    return text


YAML_BLOCKS = [
    block
    for page in doc_pages()
    for block in code_blocks(page)
    if block.language in ("yaml", "yml")
]


def _is_methodology(block: CodeBlock) -> bool:
    try:
        data = yaml.safe_load(block.text)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and data.get("kind") == "methodology"


COMPLETE_METHODOLOGIES = [
    block for block in YAML_BLOCKS if block.marker is None and _is_methodology(block)
]
EXCERPTS = [b for b in YAML_BLOCKS if b.marker and b.marker.startswith("excerpt:")]
REFUSED = [b for b in YAML_BLOCKS if b.marker and b.marker.startswith("refused:")]
READABLE = [b for b in YAML_BLOCKS if b not in REFUSED]


def _ids(blocks: list[CodeBlock]) -> list[str]:
    return [block.name for block in blocks]


# --- (a) the findings page is generated from the catalogue -------------------------


def test_findings_page_matches_the_catalogue() -> None:
    page = DOCS / "findings.md"
    assert page.is_file(), f"docs/findings.md is missing; generate it with `{REGENERATE}`"
    assert page.read_text(encoding="utf-8") == codes.render_markdown(), (
        f"docs/findings.md is out of date; regenerate it with `{REGENERATE}`"
    )


# --- (b) every finding code named in the docs exists --------------------------------


@pytest.mark.parametrize("page", doc_pages(), ids=lambda page: page.name)
def test_finding_codes_in_docs_exist(page: Path) -> None:
    named = set(_FINDING_CODE.findall(page.read_text(encoding="utf-8")))
    unknown = sorted(named - set(codes.CATALOGUE))
    assert not unknown, f"{page.name} names finding codes that do not exist: {unknown}"


# --- (c) YAML examples are valid; complete methodologies validate -------------------


def test_the_format_page_has_a_complete_example() -> None:
    pages = {block.page.name for block in COMPLETE_METHODOLOGIES}
    assert "methodology-format.md" in pages


@pytest.mark.parametrize("block", READABLE, ids=_ids(READABLE))
def test_yaml_examples_are_valid_yaml(block: CodeBlock) -> None:
    try:
        yaml.safe_load(block.text)
    except yaml.YAMLError as exc:
        pytest.fail(f"{block.name}: not valid YAML: {exc}")


@pytest.mark.parametrize("block", COMPLETE_METHODOLOGIES, ids=_ids(COMPLETE_METHODOLOGIES))
def test_complete_methodology_examples_validate_cleanly(block: CodeBlock, tmp_path: Path) -> None:
    example = tmp_path / "example.yaml"
    example.write_text(block.text, encoding="utf-8")
    report = validate_paths([example])
    # a finding's line in the example is line block.line + line of the page
    found = [
        f"{f.code} at {block.page.name}:{block.line + (f.line or 0)}: {f.message}"
        for f in report.findings
    ]
    assert not found, f"{block.name}: the example does not validate cleanly: {found}"


@pytest.mark.parametrize("block", EXCERPTS, ids=_ids(EXCERPTS))
def test_excerpts_are_copied_verbatim(block: CodeBlock) -> None:
    assert block.marker is not None
    source = ROOT / block.marker.removeprefix("excerpt:").strip()
    assert source.is_file(), f"{block.name}: excerpt of a missing file {source}"
    assert block.text in source.read_text(encoding="utf-8"), (
        f"{block.name}: the excerpt differs from {source.relative_to(ROOT)}; copy it again"
    )


@pytest.mark.parametrize("block", REFUSED, ids=_ids(REFUSED))
def test_refused_yaml_examples_are_refused(block: CodeBlock) -> None:
    assert block.marker is not None
    expected = block.marker.removeprefix("refused:").strip()
    document = parse_yaml_bytes(block.text.encode("utf-8"), file=block.name)
    found = {f.code for f in document.findings}
    assert expected in found, f"{block.name}: expected {expected}, jcm-mrv reports {found}"


# --- (d) every command named in the docs exists -------------------------------------


def commands_named(page: Path) -> set[str]:
    """Commands named as ``jcm-mrv <command>`` in inline code and in code blocks."""
    spans = _INLINE_CODE.findall(prose(page))
    blocks = [block.text for block in code_blocks(page)]
    return {command for text in [*spans, *blocks] for command in _COMMAND.findall(text)}


def test_docs_name_commands() -> None:
    assert "validate" in commands_named(DOCS / "ci.md")


@pytest.mark.parametrize("page", doc_pages(), ids=lambda page: page.name)
def test_commands_in_docs_exist(page: Path) -> None:
    group = typer.main.get_command(app)
    existing = set(getattr(group, "commands", {}))
    unknown = sorted(commands_named(page) - existing)
    assert not unknown, (
        f"{page.name} names commands that jcm-mrv does not have: {unknown} "
        f"(it has {sorted(existing)})"
    )
