"""The safe YAML reader: positions, YAML 1.2 scalars, and everything it refuses."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import pytest

from jcm_mrv.fileformats.yamlfile import (
    MAX_DEPTH,
    MAX_YAML_BYTES,
    Position,
    YamlDocument,
    dotted,
    parse_yaml_bytes,
    read_yaml_file,
)

PARAMETERS = b"""\
kind: methodology
parameters:
  EF_RE:
    unit: "tCO2/MWh"
    bounds: {min: 0, max: 1.5}
    note: |
      first line
      second line
eligibility:
  - id: C1
"""


def read(text: str | bytes) -> YamlDocument:
    return parse_yaml_bytes(text.encode() if isinstance(text, str) else text, file="m.yaml")


def problems(doc: YamlDocument) -> list[tuple[str, int | None, int | None]]:
    return [(f.code, f.line, f.column) for f in doc.findings]


# --- positions -------------------------------------------------------------------------


def test_keys_and_values_have_one_based_positions() -> None:
    doc = read(PARAMETERS)
    assert doc.ok
    assert doc.keys[("parameters", "EF_RE", "unit")] == Position(4, 5)
    # the quoted value starts at its opening quote, column 11
    assert doc.values[("parameters", "EF_RE", "unit")] == Position(4, 11, '"', True)
    assert doc.values[("parameters", "EF_RE", "bounds", "max")].line == 5
    assert doc.values[("parameters", "EF_RE", "bounds", "max")].column == 27
    assert doc.values[("eligibility", 0, "id")] == Position(10, 9)


def test_block_scalars_record_their_style() -> None:
    note = read(PARAMETERS).values[("parameters", "EF_RE", "note")]
    assert (note.line, note.style, note.single_line) == (6, "|", False)


def test_position_falls_back_to_the_nearest_parent() -> None:
    doc = read(PARAMETERS)
    # a missing key is reported where its mapping starts
    assert doc.position(("parameters", "EF_RE", "value")) == Position(4, 5)
    assert doc.position(("parameters", "EF_RE", "unit"), key=True) == Position(4, 5)
    assert doc.locate(("eligibility", 0, "text")) == {
        "file": "m.yaml",
        "line": 10,
        "column": 5,
        "path": "eligibility[0].text",
    }


def test_dotted_paths_read_like_the_file() -> None:
    assert dotted(("parameters", "EF_RE", "value")) == "parameters.EF_RE.value"
    assert dotted(("eligibility", 2, "text")) == "eligibility[2].text"
    assert dotted(()) == ""


# --- YAML 1.2 scalars --------------------------------------------------------------------


def test_yaml_1_1_booleans_stay_strings() -> None:
    doc = read("countries: [NO, no, on, yes, off, y]\nflag: true\nother: False\n")
    assert doc.data == {
        "countries": ["NO", "no", "on", "yes", "off", "y"],
        "flag": True,
        "other": False,
    }


def test_exponent_without_a_dot_is_a_float() -> None:
    doc = read("tolerance: 1e-6\nbig: 2E+3\nplain: 0.5\nhalf: .5\ninf: .inf\n")
    assert doc.data == {
        "tolerance": 1e-6,
        "big": 2000.0,
        "plain": 0.5,
        "half": 0.5,
        "inf": float("inf"),
    }
    assert all(type(value) is float for value in doc.data.values())


def test_integers_follow_yaml_1_2() -> None:
    doc = read("decimal: 010\ntime: 1:30\noctal: 0o17\nhex: 0x1F\nsigned: -12\nunder: 1_000\n")
    # YAML 1.1 would read 010 as 8 and 1:30 as 90
    assert doc.data == {
        "decimal": 10,
        "time": "1:30",
        "octal": 15,
        "hex": 31,
        "signed": -12,
        "under": "1_000",
    }


def test_version_written_as_a_number_is_a_float_the_schema_refuses() -> None:
    assert read("version: 02.0\n").data == {"version": 2.0}
    assert read('version: "02.0"\n').data == {"version": "02.0"}


def test_dates_are_dates_and_an_impossible_one_is_a_finding() -> None:
    assert read("start: 2025-02-28\n").data == {"start": datetime.date(2025, 2, 28)}
    doc = read("start: 2025-02-30\n")
    assert problems(doc) == [("JCM-Y004", 1, 8)]
    assert doc.data is None


def test_an_integer_too_long_to_read_is_a_finding() -> None:
    doc = read("value: 1" + "0" * 5000 + "\n")
    assert problems(doc) == [("JCM-Y010", 1, 8)]


def test_a_number_with_a_huge_exponent_is_refused_before_conversion() -> None:
    doc = read("value: 1" + "0" * 400 + ".5e-999999999\n")
    assert problems(doc) == [("JCM-Y010", 1, 8)]
    assert doc.data is None


# --- what the reader refuses ------------------------------------------------------------------


def test_duplicate_key_is_reported_at_the_second_with_the_first_line() -> None:
    doc = read("kind: methodology\nparameters:\n  EF:\n    unit: MWh\n    unit: kWh\n")
    assert problems(doc) == [("JCM-Y005", 5, 5)]
    assert "first at line 4" in doc.findings[0].message
    assert doc.findings[0].path == "parameters.EF.unit"
    assert doc.data is None and not doc.ok


def test_every_duplicate_key_is_reported() -> None:
    doc = read("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n")
    assert problems(doc) == [("JCM-Y005", 2, 1), ("JCM-Y005", 5, 3)]


def test_a_second_document_is_refused() -> None:
    doc = read("a: 1\n---\nb: 2\n")
    assert problems(doc) == [("JCM-Y004", 2, 1)]
    assert "one YAML document" in doc.findings[0].message


def test_one_document_with_explicit_markers_is_fine() -> None:
    assert read("---\na: 1\n...\n").data == {"a": 1}


def test_byte_order_mark_is_accepted() -> None:
    doc = read(b"\xef\xbb\xbfkind: methodology\n")
    assert doc.data == {"kind": "methodology"}
    assert doc.keys[("kind",)] == Position(1, 1)


def test_not_utf8_is_reported_with_its_line() -> None:
    doc = read(b"kind: methodology\ntitle: Caf\xe9\n")
    assert problems(doc) == [("JCM-Y003", 2, None)]
    assert "UTF-8" in doc.findings[0].message


@pytest.mark.parametrize(
    ("text", "column"),
    [("1: a\n", 1), ("true: a\n", 1), ("null: a\n", 1), ("x: 1\n1.5: a\n", 1), ("? [a]\n: b\n", 3)],
)
def test_keys_must_be_strings(text: str, column: int) -> None:
    doc = read(text)
    assert [(f.code, f.column) for f in doc.findings] == [("JCM-Y009", column)]
    assert doc.data is None


def test_quoted_and_yaml_1_1_keys_are_strings() -> None:
    assert read('"1": a\non: b\nno: c\n').data == {"1": "a", "on": "b", "no": "c"}


def test_nesting_is_limited() -> None:
    # the top-level mapping is the first level
    fine = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert read(fine).ok
    deep = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    doc = read(deep)
    assert [f.code for f in doc.findings] == ["JCM-Y004"]
    assert "nesting" in doc.findings[0].message


def test_very_deep_nesting_is_refused_without_recursion() -> None:
    doc = read("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert [f.code for f in doc.findings] == ["JCM-Y004"]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file_is_reported(text: str) -> None:
    doc = read(text)
    assert problems(doc) == [("JCM-Y008", 1, 1)]
    assert doc.findings[0].message == "the file is empty"


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "42\n", "---\n"])
def test_top_level_must_be_a_mapping(text: str) -> None:
    assert [f.code for f in read(text).findings] == ["JCM-Y008"]


def test_anchors_aliases_and_tags_are_refused() -> None:
    assert problems(read("a: &x 1\nb: 2\n")) == [("JCM-Y006", 1, 4)]
    assert problems(read("a: !!python/object:os.system 1\n")) == [("JCM-Y007", 1, 4)]
    assert problems(read("a: !custom 1\n")) == [("JCM-Y007", 1, 4)]


def test_syntax_error_has_a_position() -> None:
    doc = read("a: [1, 2\nb: 3\n")
    assert [f.code for f in doc.findings] == ["JCM-Y004"]
    assert doc.findings[0].line is not None


# --- files ---------------------------------------------------------------------------------


def test_read_file_keeps_the_label_and_hash(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes(PARAMETERS)
    doc = read_yaml_file(path, label="methodologies/m.yaml")
    assert doc.ok and doc.file == "methodologies/m.yaml"
    assert doc.sha256 == hashlib.sha256(PARAMETERS).hexdigest()


def test_file_at_the_size_limit_is_read_and_above_it_refused(tmp_path: Path) -> None:
    head = b"a: 1\n"
    path = tmp_path / "big.yaml"
    path.write_bytes(head + b"#" * (MAX_YAML_BYTES - len(head)))
    assert read_yaml_file(path).ok
    path.write_bytes(head + b"#" * (MAX_YAML_BYTES - len(head) + 1))
    doc = read_yaml_file(path)
    assert problems(doc) == [("JCM-Y002", None, None)]
    assert parse_yaml_bytes(path.read_bytes(), file="big.yaml").findings[0].code == "JCM-Y002"


def test_missing_file_and_directory_are_unreadable(tmp_path: Path) -> None:
    assert problems(read_yaml_file(tmp_path / "absent.yaml")) == [("JCM-Y001", None, None)]
    assert problems(read_yaml_file(tmp_path)) == [("JCM-Y001", None, None)]
