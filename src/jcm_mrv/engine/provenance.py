"""What makes a result file reproducible and tamper-evident.

A result JSON records every input file by its path relative to the project file's
folder (never an absolute path, so no user name and no working directory leaks into
it), its size and SHA-256; the versions of the libraries that can change a figure;
and the SHA-256 of its own canonical content. The canonical content is the JSON with
sorted keys, no insignificant whitespace and the hash field left out: any edit of the
file (a rounded ER changed from 30 to 300) makes the recorded hash disagree.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jcm_mrv.fileformats.paths import declared_path, portable_path

RESULT_FORMAT_VERSION = "2"
"""Version of the result JSON format: 2 adds inputs, dependencies and the content hash."""

CONTENT_HASH_KEY = "result_sha256"
"""The key in ``provenance`` that holds the SHA-256 of the canonical content."""

FIGURE_LIBRARIES = ("numpy", "pint")
"""Libraries whose version can change a computed figure (besides Python itself)."""

InputRole = Literal["project", "methodology", "data"]


@dataclass(frozen=True)
class InputFile:
    """One file: its role, portable path, size and SHA-256.

    A result records its inputs so (roles ``project``, ``methodology``, ``data``); a run
    bundle's manifest records its files so too.
    """

    role: str
    path: str
    size: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"role": self.role, "path": self.path, "size": self.size, "sha256": self.sha256}


def input_file(
    role: InputRole, path: Path, base: Path, sha256: str | None = None, declared: str | None = None
) -> InputFile:
    """Describe an input file (hashing it unless its SHA-256 is known already).

    Its path is ``declared`` (as the project file gives it) when known, else ``path``
    relative to ``base``.
    """
    if sha256 is None:
        sha256 = file_sha256(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = -1
    shown = declared_path(declared, base) if declared is not None else portable_path(path, base)
    return InputFile(role=role, path=shown, size=size, sha256=sha256)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks ("" when it cannot be read)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """The versions of Python and of the libraries that can change a figure."""
    from importlib.metadata import PackageNotFoundError, version

    versions = {"python": platform.python_version()}
    for name in FIGURE_LIBRARIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:  # pragma: no cover - both are dependencies
            versions[name] = "unknown"
    return versions


DERIVED_KEYS = frozenset({"allocation"})
"""Keys of a result document that the content hash leaves out: derived again by whoever
uses them (``credits --result`` splits the rounded ER afresh, never reads these)."""


def canonical_bytes(data: dict[str, Any]) -> bytes:
    """The canonical form of a result: sorted keys, compact, UTF-8, hash field left out.

    The keys of :data:`DERIVED_KEYS` are left out too, so that the calculation a
    document holds has the same hash with or without the split of its credits.
    """
    return b"".join(canonical_pieces(data))


def canonical_pieces(data: dict[str, Any]) -> Iterator[bytes]:
    """:func:`canonical_bytes` in pieces: each top-level list one item at a time.

    The compact form composes: ``json.dumps`` of the whole document is ``{``, its
    sorted keys each with ``:`` and its value's own compact form, joined by ``,``, then
    ``}``; a list is ``[``, its items' forms joined by ``,``, ``]``. Encoding a result
    of 1,700 periods one period at a time gives the same bytes without holding the
    whole text (some 5 MB) and its UTF-8 copy at once.
    """
    copy = {k: v for k, v in data.items() if k not in DERIVED_KEYS}
    provenance = copy.get("provenance")
    if isinstance(provenance, dict):
        copy["provenance"] = {k: v for k, v in provenance.items() if k != CONTENT_HASH_KEY}

    def compact(value: Any) -> bytes:
        return json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        ).encode("utf-8")

    yield b"{"
    for n, (key, value) in enumerate(sorted(copy.items())):
        yield (b"," if n else b"") + compact(key) + b":"
        if isinstance(value, list | tuple):
            yield b"["
            for k, item in enumerate(value):
                yield (b"," if k else b"") + compact(item)
            yield b"]"
        else:
            yield compact(value)
    yield b"}"


def content_sha256(data: dict[str, Any]) -> str:
    """The SHA-256 of a result's canonical content (see :func:`canonical_bytes`)."""
    digest = hashlib.sha256()
    for piece in canonical_pieces(data):
        digest.update(piece)
    return digest.hexdigest()
