"""The script's entry point (:func:`jcm_mrv.cli.run`) leaves without the teardown.

It must lose nothing on the way: the whole output (on a pipe and in a file), the
exit code, and the exit handlers a command or a library registered.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
LED = ROOT / "examples" / "led-th" / "project.yaml"


def jcm_mrv(
    *args: str,
    code: str = "from jcm_mrv.cli import run; run()",
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the entry point in a fresh process with ``args`` (in ``env``: default ours)."""
    env = {**(os.environ if env is None else env), "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-c", f"import sys; sys.argv = ['jcm-mrv', *{list(args)!r}]; {code}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_whole_output_reaches_a_pipe() -> None:
    done = jcm_mrv("calculate", str(LED), "--format", "json", "--explain")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"]["periods"]


def test_the_output_file_is_complete(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    done = jcm_mrv("calculate", str(LED), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["result"]["periods"]


def test_the_exit_code_of_unusable_input_is_kept(tmp_path: Path) -> None:
    done = jcm_mrv("calculate", str(tmp_path / "missing.yaml"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_exit_handlers_still_run() -> None:
    code = (
        "import atexit; atexit.register(print, 'handler ran', file=sys.stderr); "
        "from jcm_mrv.cli import run; run()"
    )
    done = jcm_mrv("--version", code=code)
    assert done.returncode == 0
    assert done.stdout.startswith("jcm-mrv ")
    assert done.stderr.count("handler ran") == 1


def test_openblas_runs_one_thread_unless_the_user_says_otherwise() -> None:
    # numpy's OpenBLAS would start a spinning thread per core at import; nothing
    # jcm-mrv does reaches BLAS, so the script asks for one, and a user's setting wins
    code = (
        "import atexit, os; atexit.register(lambda: print("
        "'threads', os.environ.get('OPENBLAS_NUM_THREADS'), file=sys.stderr)); "
        "from jcm_mrv.cli import run; run()"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = jcm_mrv("--version", code=code, env=env)
    assert done.returncode == 0
    assert "threads 1" in done.stderr
    done = jcm_mrv("--version", code=code, env={**env, "OPENBLAS_NUM_THREADS": "2"})
    assert "threads 2" in done.stderr
