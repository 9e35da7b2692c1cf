"""Writing output files: atomic for regular files, in place for special files, no leftovers."""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from jcm_mrv import outputs
from jcm_mrv.outputs import write_output


def test_a_new_and_an_existing_file_are_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_output(target, "first")
    target.chmod(0o640)
    write_output(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the permissions are kept
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_symbolic_link_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_output(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_output(tmp_path, "text")


def test_a_fifo_is_written_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so that opening works
    try:
        write_output(fifo, "through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_dev_null_is_written_not_replaced() -> None:
    before = Path(os.devnull).stat()
    write_output(Path(os.devnull), "nothing")
    after = Path(os.devnull).stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "result.json"
    target.write_text("old", encoding="utf-8")

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError, match="No space"):
        write_output(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_sigterm_while_writing_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    def terminated(fd: int) -> None:
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "fsync", terminated)
    with pytest.raises(SystemExit) as stopped:
        write_output(tmp_path / "result.json", "new")
    assert stopped.value.code == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # restored


def test_json_text_is_json_dumps_byte_for_byte_over_many_batches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(outputs, "_JSON_BATCH", 7)  # many batches, and one partly filled
    document = {
        "status": "clean",
        "message": None,
        "periods": [
            {"id": f"期間-{k}", "er": k / 3, "nan": math.nan, "rows": [k, True, None, "é\n"]}
            for k in range(25)
        ],
        "empty": {},
        "none": [],
    }
    expected = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert outputs.json_text(document) == expected
    assert outputs.json_text({}) == "{}\n"


def test_text_in_pieces_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    document = {"periods": [{"id": f"期間-{k}", "er": k / 7} for k in range(2000)]}
    write_output(target, outputs.json_pieces(document))
    assert target.read_text(encoding="utf-8") == outputs.json_text(document)

    def broken() -> Iterator[str]:
        yield '{"periods": ['
        raise RuntimeError("the document could not be encoded")

    with pytest.raises(RuntimeError):
        write_output(target, broken())
    assert target.read_text(encoding="utf-8") == outputs.json_text(document)  # as it was
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]  # no temporary file
