"""The base of every file-format model (methodology, project, allocation settings)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FileModel(BaseModel):
    """Strict (no type coercion: "5" is not 5), closed (unknown keys are errors), frozen.

    Validators are built when a model first validates (``defer_build``), not when its
    class is created: each class would otherwise build its own, and those of the nested
    models once more inside every model that holds them (about 0.005 s of a small
    ``calculate``, which validates a methodology and a project once each).
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)
