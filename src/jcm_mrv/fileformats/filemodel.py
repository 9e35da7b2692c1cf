"""The base of every file-format model (methodology, project, allocation settings)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FileModel(BaseModel):
    """Strict (no type coercion: "5" is not 5), closed (unknown keys are errors), frozen."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
