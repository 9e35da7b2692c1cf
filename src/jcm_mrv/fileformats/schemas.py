"""The JSON Schemas of jcm-mrv's file formats, by kind (committed under ``schema/``)."""

from __future__ import annotations

SCHEMA_BASE = "https://jcm-mrv.invalid/schema/"


def render_kind(kind: str) -> str:
    """The draft-07 JSON Schema of a file kind, as stable JSON text."""
    from pydantic import BaseModel

    from jcm_mrv.fileformats.jsonschema import render_schema
    from jcm_mrv.methodology.model import Methodology
    from jcm_mrv.project.model import Project

    models: dict[str, type[BaseModel]] = {"methodology": Methodology, "project": Project}
    return render_schema(models[kind], schema_id=f"{SCHEMA_BASE}{kind}.schema.json")
