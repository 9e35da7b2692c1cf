"""How jcm-mrv names files in what it writes: relative to the project, never absolute.

A result, a finding in a JSON document, a bundle's manifest: each names a file by its
path relative to the project file's folder, with forward slashes, so that the output is
the same bytes from any working directory and on any machine, and never carries a user
name or a home folder.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


def portable_path(path: str | Path, base: str | Path) -> str:
    """``path`` relative to the folder ``base``, with forward slashes.

    A path outside ``base`` that would need ``..`` (a bundled methodology in the
    installed package, say) is given by its file name alone: its absolute form would
    differ from machine to machine and can name the user.
    """
    target = Path(path).absolute()
    relative = os.path.relpath(target, Path(base).absolute())
    if relative == ".." or relative.startswith(".." + os.sep) or Path(relative).is_absolute():
        return target.name
    return PurePosixPath(*Path(relative).parts).as_posix()


def declared_path(declared: str, base: Path) -> str:
    """A path as the project file declares it, normalised (``./a/../b.csv`` → ``b.csv``).

    A relative path stays relative, ``..`` included: it names only what the project
    file itself says, and it is what a verifier needs to find the file again. An
    absolute one is made portable (:func:`portable_path`).
    """
    if Path(declared).is_absolute():
        return portable_path(declared, base)
    return PurePosixPath(os.path.normpath(declared).replace(os.sep, "/")).as_posix()
