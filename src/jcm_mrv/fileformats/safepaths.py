"""Files named by input files: kept inside the project, regular files only, never blocking.

A project file names its data files and may name its methodology file. It may come
from a stranger, so a path in it must not reach the rest of the machine: not
``/proc/self/environ`` (CI secrets), not ``../../home/user/.ssh/id_rsa``, not a
symbolic link that leads out of the project's folder, not a device or a FIFO (reading
``/dev/zero`` never ends; opening a FIFO blocks forever). :func:`resolve_inside`
resolves a path given in a file and refuses all of these; :func:`open_regular` opens a
file for reading without ever blocking and refuses anything but a regular file.

Further folders may be allowed with the environment variable ``JCM_MRV_DATA_ROOTS``
(folders separated by ``:``, ``;`` on Windows), for a project whose data live in a
shared folder beside it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

ROOTS_VARIABLE = "JCM_MRV_DATA_ROOTS"


class PathRefused(Exception):
    """A path given in an input file that may not be read; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotRegularFile(OSError):
    """Raised by :func:`open_regular` for a device, FIFO, socket or folder."""


def extra_roots() -> tuple[Path, ...]:
    """The folders allowed besides the project's own (``JCM_MRV_DATA_ROOTS``)."""
    text = os.environ.get(ROOTS_VARIABLE, "")
    return tuple(Path(part) for part in text.split(os.pathsep) if part.strip())


def resolve_inside(folder: Path, given: str, roots: Sequence[Path] = ()) -> Path:
    """The file ``given`` (relative to ``folder``) names, if it stays inside the folder.

    Symbolic links are followed and the real path must lie inside ``folder`` or one of
    ``roots``; a path that exists must be a regular file. A path that does not exist is
    returned as is (the caller reports it missing). Raises :class:`PathRefused` with a
    reason that names the path, never its content.
    """
    if "\x00" in given:
        raise PathRefused(f"{given!r} contains a NUL character")
    base = Path(os.path.realpath(folder))
    target = Path(os.path.realpath(folder / given))
    allowed = (base, *(Path(os.path.realpath(root)) for root in roots))
    if not any(target == root or target.is_relative_to(root) for root in allowed):
        how = "an absolute path" if Path(given).is_absolute() else "a path"
        if not Path(given).is_absolute() and (folder / given).is_symlink():
            how = "a symbolic link"
        raise PathRefused(
            f"{given} is {how} that leads outside the project's folder; files are read only "
            f"from inside it (or from a folder listed in {ROOTS_VARIABLE})"
        )
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise PathRefused(f"{given} cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(mode):
        raise PathRefused(f"{given} is {_kind(mode)}, not a regular file")
    return target


def open_regular(path: Path) -> BinaryIO:
    """Open a file for reading in binary mode, refusing anything but a regular file.

    The file is opened without blocking (a FIFO would otherwise wait for a writer
    forever) and checked with ``fstat`` on the open descriptor, so that it cannot be
    swapped between the check and the read. Raises :class:`NotRegularFile` (an
    :class:`OSError`) for devices, FIFOs, sockets and folders, and :class:`OSError`
    when the file cannot be opened.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except ValueError:  # an embedded NUL character
        raise NotRegularFile(0, "the path contains a NUL character") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(0, f"{_kind(mode)}, not a regular file")
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_bounded(path: Path, limit: int) -> tuple[bytes, int]:
    """Read a regular file of at most ``limit`` bytes: ``(content, size)``.

    When the file is larger, nothing is read and ``content`` is empty; ``size`` is
    then above ``limit`` (the size :func:`os.fstat` reports, or what a file that grew
    while it was read gave). Raises :class:`OSError` as :func:`open_regular` does.
    """
    with open_regular(path) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > limit:
            return b"", size
        raw = stream.read(limit + 1)
    return (b"", len(raw)) if len(raw) > limit else (raw, len(raw))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
