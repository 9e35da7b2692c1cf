"""Writing output files: atomically for regular files, in place for special files.

A regular file (or a new path) is written through a temporary file renamed over it,
so a reader never sees half a file and a failed run leaves the old content. A
device, FIFO or socket (``-o /dev/null``, ``-o /dev/stdout``, a named pipe) is opened
and written: renaming over it would replace the device with a regular file. A
directory is refused.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_JSON_BATCH = 8192
"""Pieces of JSON text joined at a time (see :func:`json_text`)."""


def json_text(document: Any) -> str:
    """``json.dumps(document, indent=2, ensure_ascii=False) + "\\n"``, in less memory.

    With an indent, :func:`json.dumps` encodes in Python and joins a list of every piece
    of the text at the end: for a result of 1,700 periods, some 700,000 small strings
    (tens of MiB) to make 5.5 MB of text. Joining the pieces in batches as they come
    keeps a few large strings instead; the text is the same, byte for byte.
    """
    return "".join(json_pieces(document))


def json_pieces(document: Any) -> Iterator[str]:
    """The text of :func:`json_text` in pieces of some 8,192 encoder pieces each.

    For writing a large document without holding its text: :func:`write_output` and
    :func:`write_atomically` take the iterator and write each piece as it comes.
    """
    import json

    encoder = json.JSONEncoder(ensure_ascii=False, indent=2)
    batch: list[str] = []
    for piece in encoder.iterencode(document):
        batch.append(piece)
        if len(batch) == _JSON_BATCH:
            yield "".join(batch)
            batch.clear()
    batch.append("\n")
    yield "".join(batch)


Output = str | bytes | Iterator[str]
"""What the writers take: text, bytes, or text in pieces (written as they come)."""


def _encoded(data: Output) -> Iterator[bytes]:
    if isinstance(data, str):
        yield data.encode("utf-8")
    elif isinstance(data, bytes):
        yield data
    else:
        for piece in data:
            yield piece.encode("utf-8")


def write_output(path: Path, data: Output) -> None:
    """Write ``data`` to ``path``: atomically if it is a regular file or new.

    Follows a symbolic link (the link stays, its target is replaced). Raises
    :class:`IsADirectoryError` for a directory and :class:`OSError` when the path
    cannot be written.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "is a directory", str(path))
    if mode is not None and not stat.S_ISREG(mode):
        with path.open("wb") as handle:  # a device or a pipe: write, never replace
            for raw in _encoded(data):
                handle.write(raw)
        return
    write_atomically(Path(os.path.realpath(path)), data)


def write_atomically(path: Path, data: Output) -> None:
    """Write ``data`` to the regular file ``path`` through a temporary file beside it.

    The temporary file is flushed, synced and renamed over the target, so the target
    holds either its old content or the complete new content, never a partial write.
    The temporary file is removed on any error, and on SIGTERM while writing.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path()
    with _terminate_as_exit():
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                for raw in _encoded(data):
                    handle.write(raw)
                handle.flush()
                os.fsync(handle.fileno())
            if path.exists():
                tmp.chmod(path.stat().st_mode & 0o777)
            else:
                umask = os.umask(0)
                os.umask(umask)
                tmp.chmod(0o666 & ~umask)
            tmp.replace(path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """While writing, turn SIGTERM into ``SystemExit(143)`` so the cleanup runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
