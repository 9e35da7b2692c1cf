"""The methodologies bundled with jcm-mrv, found by identifier and version."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jcm_mrv.yamlfile import read_yaml_file


@dataclass(frozen=True)
class BundledEntry:
    """One bundled methodology file and the identity read from it."""

    id: str
    version: str
    title: str
    path: Path


def bundled_directory() -> Path:
    """Where the bundled methodology files are.

    An installed wheel carries them inside the package; a source checkout (or an
    editable install) has them in the repository's ``methodologies/`` folder.
    """
    packaged = Path(__file__).resolve().parent.parent / "_bundled" / "methodologies"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "methodologies"


@lru_cache(maxsize=1)
def bundled() -> tuple[BundledEntry, ...]:
    """Every bundled methodology, sorted by identifier and version."""
    entries = []
    directory = bundled_directory()
    for path in sorted(directory.glob("*.y*ml")):
        data = read_yaml_file(path).data
        if not isinstance(data, dict):
            continue
        ident, version, title = data.get("id"), data.get("version"), data.get("title")
        if isinstance(ident, str) and isinstance(version, str):
            entries.append(BundledEntry(ident, version, str(title or ""), path))
    return tuple(sorted(entries, key=lambda e: (e.id, e.version)))


def find_bundled(ident: str, version: str | None = None) -> BundledEntry | None:
    """The bundled methodology with this id (and version; the latest when not given)."""
    matches = [e for e in bundled() if e.id == ident and (version is None or e.version == version)]
    return matches[-1] if matches else None
