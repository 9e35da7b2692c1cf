"""Hostile methodology files: each is refused quickly, with a finding, never a traceback.

Files come from strangers. Whatever they hold, ``jcm-mrv validate`` must answer within a
second with a finding and exit code 1 or 2: no object is constructed from a YAML tag, no
alias is expanded, no formula is evaluated.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from jcm_mrv.exitcodes import ExitCode

from .conftest import BASE, Validate

SECONDS = 1.0
"""The longest a hostile file may take to be refused."""

ER_EXPRESSION = "expression: RE_p - PE_p\n"


def with_expression(expression: str) -> tuple[bytes, int]:
    """The base methodology with ER_p's formula replaced; and the line of that formula."""
    text = BASE.read_text(encoding="utf-8")
    line = text[: text.index(ER_EXPRESSION)].count("\n") + 1
    text = text.replace(ER_EXPRESSION, f"expression: {json.dumps(expression)}\n")
    return text.encode(), line


def formula_case(expression: str, code: str) -> tuple[bytes, str, int]:
    """A hostile formula in ER_p, the code it must be refused with, and its line."""
    content, line = with_expression(expression)
    return content, code, line


def billion_laughs() -> bytes:
    """Nine levels of nine aliases each: 9**9 strings if anything expanded them."""
    lines = ['l0: &l0 "lol"']
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return ("kind: methodology\n" + "\n".join(lines) + "\n").encode()


def python_object_tag() -> bytes:
    return b"kind: methodology\nid: !!python/object/apply:os.system ['echo pwned']\n"


def five_megabytes() -> bytes:
    return BASE.read_bytes() + b"# padding\n" * 500_000


def deep_nesting() -> bytes:
    return b"kind: methodology\nsummary: " + b"[" * 10_000 + b"]" * 10_000 + b"\n"


HOSTILE_FILES: dict[str, tuple[bytes, str, int | None]] = {
    # name: (content, expected code, expected line)
    "python-object-tag": (python_object_tag(), "JCM-Y007", 2),
    "billion-laughs": (billion_laughs(), "JCM-Y006", 2),
    "five-megabytes": (five_megabytes(), "JCM-Y002", None),
    "deep-nesting": (deep_nesting(), "JCM-Y004", 2),
    "huge-power": formula_case("RE_p ** 9**9**9", "JCM-U005"),
    "dunder-import": formula_case("__import__('os').system('echo pwned')", "JCM-F002"),
    "class-of-tuple": formula_case("().__class__.__bases__[0].__subclasses__()", "JCM-F002"),
    "attribute": formula_case("RE_p.real - PE_p", "JCM-F002"),
    "lambda": formula_case("(lambda: RE_p)()", "JCM-F002"),
    "comprehension": formula_case("sum([RE_p for _ in range(9**9)])", "JCM-F002"),
    "long-formula": formula_case("RE_p" + " + RE_p" * 2_000, "JCM-F001"),
    "deep-parentheses": formula_case("(" * 990 + "RE_p" + ")" * 990, "JCM-F001"),
}
"""Each hostile file, the code it must be refused with, and the line of that finding."""


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_file_is_refused_quickly(
    name: str, tmp_path: Path, validate_json: Validate
) -> None:
    content, code, line = HOSTILE_FILES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content)

    started = time.perf_counter()
    result, findings = validate_json(path)
    elapsed = time.perf_counter() - started

    assert elapsed < SECONDS, f"{name} took {elapsed:.2f} s"
    assert result.exit_code in (ExitCode.FINDINGS, ExitCode.UNUSABLE_INPUT)
    assert (code, line) in [(f["code"], f["line"]) for f in findings], findings


def test_overflowing_literal_power_is_refused_by_validation(
    tmp_path: Path, validate_json: Validate
) -> None:
    content, line = with_expression("RE_p * 9**9**9 - PE_p")
    path = tmp_path / "overflow.yaml"
    path.write_bytes(content)
    result, findings = validate_json(path)
    assert [(f["code"], f["line"]) for f in findings if f["severity"] == "error"] == [
        ("JCM-F008", line)
    ]
    assert result.exit_code == ExitCode.FINDINGS
