"""Translate pydantic validation errors into located findings.

pydantic reports errors with a ``loc`` path into the data; the YAML reader knows the
line and column of every key and value on that path. This module joins the two, and
rewords pydantic's messages for people who write YAML, not Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from jcm_mrv.fileformats.yamlfile import YamlDocument, YamlPath, dotted
from jcm_mrv.findings import Finding, codes
from jcm_mrv.findings.suggest import did_you_mean

_TYPE_NAMES = {
    bool: "true/false",
    int: "a whole number",
    float: "a number",
    str: "text",
    list: "a list",
    dict: "a mapping",
}


def schema_findings(
    error: ValidationError, doc: YamlDocument, model: type[BaseModel]
) -> list[Finding]:
    """Turn every error of a pydantic validation into a finding located in ``doc``."""
    known = sorted(_field_names(model))
    findings: list[Finding] = []
    for item in error.errors(include_url=False):
        path, at_key = _data_path(doc.data, item["loc"])
        findings.append(_finding(item, path, at_key, doc, known))
    return _dedupe(findings)


def _finding(
    item: Any, path: YamlPath, at_key: bool, doc: YamlDocument, known: list[str]
) -> Finding:
    kind = item["type"]
    value = item.get("input")
    where = dotted(path) or "the top level"
    if kind == "missing":
        name = path[-1] if path else "?"
        return codes.SCHEMA_MISSING(
            f"missing required key {name!r} in {dotted(path[:-1]) or 'the top level'}",
            **doc.locate(path[:-1]),
        )
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else "?"
        return codes.SCHEMA_UNKNOWN(
            f"unknown key {name!r} in {dotted(path[:-1]) or 'the top level'}",
            hint=did_you_mean(name, known),
            **doc.locate(path, key=True),
        )
    if kind in {"union_tag_not_found", "union_tag_invalid"}:
        ctx = item.get("ctx", {})
        message = (
            f"{where} needs the key {ctx.get('discriminator', 'kind')}"
            if kind == "union_tag_not_found"
            else f"{where}: kind {ctx.get('tag')!r} is not one of {ctx.get('expected_tags')}"
        )
        code = codes.SCHEMA_MISSING if kind == "union_tag_not_found" else codes.SCHEMA_TYPE
        target = (*path, "kind") if kind == "union_tag_invalid" else path
        return code(message, **doc.locate(target))
    hint = None
    if path and path[-1] == "version" and isinstance(value, int | float):
        hint = 'write the version in quotes, e.g. version: "02.0"'
    message = f"{where}: {_reword(item, value)}"
    return codes.SCHEMA_TYPE(message, hint=hint, **doc.locate(path, key=at_key))


def _reword(item: Any, value: Any) -> str:
    kind: str = item["type"]
    got = f"got {_describe(value)}"
    if kind.endswith("_type") or kind in {"model_type", "dict_type", "list_type"}:
        expected = item["msg"].removeprefix("Input should be ").removeprefix("a valid ")
        return f"expected {expected}, {got}"
    if kind == "string_pattern_mismatch":
        pattern = item.get("ctx", {}).get("pattern", "")
        return f"{_describe(value)} does not have the expected form ({pattern})"
    if kind == "literal_error":
        return f"{_describe(value)} is not allowed: {item['msg'].removeprefix('Input should be ')}"
    return f"{item['msg']} ({got})"


def _describe(value: Any) -> str:
    for typ, name in _TYPE_NAMES.items():
        if type(value) is typ:
            shown = repr(value)
            if len(shown) > 40:
                shown = shown[:37] + "..."
            return f"{name} {shown}" if typ in (int, float, str, bool) else name
    return "nothing" if value is None else type(value).__name__


def _data_path(data: Any, loc: Iterable[Any]) -> tuple[YamlPath, bool]:
    """Map a pydantic ``loc`` onto the YAML data path, dropping union tags.

    Returns the path and whether the error is about a mapping key (``[key]`` in loc).
    """
    path: list[str | int] = []
    node = data
    at_key = False
    for part in loc:
        if part == "[key]":
            at_key = True
            break
        if isinstance(node, dict):
            if part in node:
                path.append(part)
                node = node[part]
                continue
            if node.get("kind") == part:  # discriminated-union tag, not a data key
                continue
            path.append(part)
            node = None
            continue
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
            continue
        if isinstance(part, str | int):
            path.append(part)
        node = None
    return tuple(path), at_key


def _field_names(model: type[BaseModel]) -> set[str]:
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()

    def visit(cls: type[BaseModel]) -> None:
        if cls in seen:
            return
        seen.add(cls)
        for name, info in cls.model_fields.items():
            names.add(name)
            for sub in _models_in(info.annotation):
                visit(sub)

    visit(model)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models_in(arg))
    metadata = getattr(annotation, "__metadata__", None)
    if metadata is not None:
        found.extend(_models_in(getattr(annotation, "__origin__", None)))
    return found


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[Any, ...]] = set()
    out: list[Finding] = []
    for f in findings:
        key = (f.code, f.line, f.column, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
