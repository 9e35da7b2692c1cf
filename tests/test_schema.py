"""The committed JSON Schemas of methodology and project files: current, draft-07,
documented."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jcm_mrv.cli import app
from jcm_mrv.fileformats.jsonschema import DRAFT_07, untitled_properties
from jcm_mrv.fileformats.yamlfile import read_yaml_file

ROOT = Path(__file__).parent.parent

DRAFT_07_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$ref", "$comment", "title", "description", "default", "examples",
        "readOnly", "writeOnly", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
        "exclusiveMinimum", "maxLength", "minLength", "pattern", "additionalItems", "items",
        "maxItems", "minItems", "uniqueItems", "contains", "maxProperties", "minProperties",
        "required", "additionalProperties", "definitions", "properties", "patternProperties",
        "dependencies", "propertyNames", "const", "enum", "type", "format", "contentMediaType",
        "contentEncoding", "if", "then", "else", "allOf", "anyOf", "oneOf", "not",
    }
)  # fmt: skip
"""The keywords of JSON Schema draft-07 (validation and annotation vocabularies)."""

SUBSCHEMA = (
    "additionalItems",
    "additionalProperties",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
)
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
SUBSCHEMA_MAPS = ("properties", "patternProperties", "definitions")


def subschemas(schema: Any, where: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object in ``schema`` (not property names or enum values), with its path."""
    if not isinstance(schema, dict):
        return  # true/false schemas
    yield where, schema
    for key in SUBSCHEMA:
        if key in schema:
            yield from subschemas(schema[key], f"{where}.{key}")
    for key in SUBSCHEMA_LISTS:
        for n, item in enumerate(schema.get(key, [])):
            yield from subschemas(item, f"{where}.{key}[{n}]")
    for key in SUBSCHEMA_MAPS:
        for name, item in schema.get(key, {}).items():
            yield from subschemas(item, f"{where}.{key}.{name}")
    items = schema.get("items")
    for n, item in enumerate(items if isinstance(items, list) else [items]):
        yield from subschemas(item, f"{where}.items[{n}]")
    for name, item in schema.get("dependencies", {}).items():
        yield from subschemas(item, f"{where}.dependencies.{name}")


@pytest.fixture(scope="module")
def generated() -> str:
    result = CliRunner().invoke(app, ["schema", "--kind", "methodology"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def schema(generated: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(generated)
    return loaded


@pytest.fixture(scope="module", params=["methodology", "project"])
def kind(request: pytest.FixtureRequest) -> str:
    """Each file kind with a committed schema."""
    name: str = request.param
    return name


@pytest.fixture(scope="module")
def any_generated(kind: str) -> str:
    result = CliRunner().invoke(app, ["schema", "--kind", kind])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def any_schema(any_generated: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(any_generated)
    return loaded


def test_committed_schema_is_current(kind: str, any_generated: str) -> None:
    committed = (ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    regenerate = f"jcm-mrv schema --kind {kind} -o schema/{kind}.schema.json"
    assert any_generated == committed, f"schema/{kind}.schema.json is stale; run: {regenerate}"


def test_schema_command_writes_the_file(tmp_path: Path, generated: str) -> None:
    target = tmp_path / "methodology.schema.json"
    result = CliRunner().invoke(app, ["schema", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == generated


def test_schema_declares_draft_07(kind: str, any_schema: dict[str, Any]) -> None:
    assert any_schema["$schema"] == DRAFT_07 == "http://json-schema.org/draft-07/schema#"
    assert any_schema["$id"].endswith(f"{kind}.schema.json")
    assert any_schema["type"] == "object"
    assert any_schema["additionalProperties"] is False


def test_schema_uses_only_draft_07_keywords(any_schema: dict[str, Any]) -> None:
    schema = any_schema
    foreign = {
        f"{where}.{key}"
        for where, node in subschemas(schema)
        for key in node
        if key not in DRAFT_07_KEYWORDS
    }
    assert foreign == set()
    text = json.dumps(schema)
    for later in ("$defs", "discriminator", "prefixItems", "unevaluatedProperties", "$anchor"):
        assert later not in text


def test_references_point_into_definitions_and_stand_alone(any_schema: dict[str, Any]) -> None:
    schema = any_schema
    # draft-07 ignores every keyword next to a $ref, so a $ref must be alone
    refs = [(where, node) for where, node in subschemas(schema) if "$ref" in node]
    assert refs
    for where, node in refs:
        assert list(node) == ["$ref"], where
        name = node["$ref"].removeprefix("#/definitions/")
        assert name in schema["definitions"], where


def test_every_property_has_a_title_and_a_description(any_schema: dict[str, Any]) -> None:
    assert untitled_properties(any_schema) == []


def test_untitled_properties_finds_what_is_missing() -> None:
    schema = {"properties": {"a": {"title": "A"}, "b": {"title": "B", "description": "b"}}}
    assert untitled_properties(schema) == ["$.a"]


def test_parameter_names_are_constrained(schema: dict[str, Any]) -> None:
    parameters = schema["properties"]["parameters"]
    assert parameters["additionalProperties"] is False
    assert list(parameters["patternProperties"]) == ["^[A-Za-z][A-Za-z0-9_]*$"]


def validator(schema: dict[str, Any]) -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize(
    "path",
    [
        *sorted((ROOT / "methodologies").glob("*.yaml")),
        ROOT / "tests" / "methodology" / "base.yaml",
    ],
    ids=lambda p: p.name,
)
def test_bundled_methodology_satisfies_the_schema(path: Path, schema: dict[str, Any]) -> None:
    check = validator(schema)
    document = read_yaml_file(path)
    assert document.ok
    # an editor sees YAML dates (the approval date) as text, as JSON has no date type
    as_json = json.loads(json.dumps(document.data, default=str))
    assert [error.message for error in check.iter_errors(as_json)] == []


def test_schema_refuses_what_the_model_refuses(schema: dict[str, Any]) -> None:
    check = validator(schema)
    data = read_yaml_file(ROOT / "methodologies" / "JCM_TH_AM001.yaml").data
    assert not check.is_valid({**data, "version": 1.0})
    assert not check.is_valid({**data, "sumary": "typo"})
    assert not check.is_valid({**data, "parameters": {"1bad": data["parameters"]["EF_RE"]}})


@pytest.mark.parametrize(
    "path", sorted((ROOT / "examples").glob("*/project.yaml")), ids=lambda p: p.parent.name
)
def test_example_projects_satisfy_the_project_schema(path: Path) -> None:
    result = CliRunner().invoke(app, ["schema", "--kind", "project"])
    check = validator(json.loads(result.stdout))
    document = read_yaml_file(path)
    assert document.ok
    # an editor sees YAML dates as text, as JSON has no date type
    as_json = json.loads(json.dumps(document.data, default=str))
    assert [error.message for error in check.iter_errors(as_json)] == []
