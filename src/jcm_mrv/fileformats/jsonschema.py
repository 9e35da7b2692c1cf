"""JSON Schema (draft-07) of the file formats, for YAML editors and other tools.

pydantic generates JSON Schema draft 2020-12; editors that speak draft-07 ignore its
``$defs`` and ``discriminator``. This module rewrites the output into draft-07 form:
``definitions`` instead of ``$defs``, no OpenAPI ``discriminator``, and a title and
description on every property. Draft-07 ignores every keyword beside a ``$ref``, so a
property that refers to a definition and has its own title and description wraps the
reference in ``allOf``; a map with ``patternProperties`` refuses keys that match none.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def draft07_schema(model: type[BaseModel], *, schema_id: str) -> dict[str, Any]:
    """The draft-07 JSON Schema of a pydantic model."""
    raw = model.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    definitions = raw.pop("$defs", {})
    schema: dict[str, Any] = {"$schema": DRAFT_07, "$id": schema_id, **raw}
    if definitions:
        schema["definitions"] = definitions
    cleaned: dict[str, Any] = _clean(schema, definitions)
    return cleaned


def _clean(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_clean(v, definitions) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _clean(v, definitions) for k, v in node.items() if k != "discriminator"}
    ref = out.get("$ref")
    if isinstance(ref, str) and len(out) > 1:
        # pydantic drops a field's title when it equals the referenced model's title
        target = definitions.get(ref.rsplit("/", 1)[-1], {})
        if "title" not in out and "title" in target:
            out["title"] = target["title"]
        del out["$ref"]
        out["allOf"] = [{"$ref": ref}]
    if "patternProperties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def render_schema(model: type[BaseModel], *, schema_id: str) -> str:
    """The schema as stable, indented JSON text (what is committed under ``schema/``)."""
    return json.dumps(draft07_schema(model, schema_id=schema_id), indent=2, sort_keys=True) + "\n"


def untitled_properties(schema: dict[str, Any]) -> list[str]:
    """Paths of properties that lack a title or a description (should be none)."""
    missing: list[str] = []

    def visit(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                if not isinstance(prop, dict) or "title" not in prop or "description" not in prop:
                    missing.append(f"{where}.{name}")
            for key, value in node.items():
                visit(value, f"{where}.{key}")
        elif isinstance(node, list):
            for n, value in enumerate(node):
                visit(value, f"{where}[{n}]")

    visit(schema, "$")
    return missing
