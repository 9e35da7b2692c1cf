"""Generate the golden outputs of every renderer: ``python tests/golden/generate.py``.

Each case runs one ``jcm-mrv`` command in-process on the inputs under
``tests/golden/inputs/`` and records its exit code, standard output and standard error
under ``tests/golden/<case>/``. ``MANIFEST.json`` records the SHA-256 of this script, of
every input and of every output: ``test_golden.py`` refuses outputs that were edited by
hand (their hash no longer matches) and outputs whose inputs or generator changed since
they were made (regenerate them with this script, then review the diff).

The commands run from the repository root with a fixed terminal width, no colour and
the UTC time zone, as the test runs them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent
ROOT = GOLDEN.parents[1]
INPUTS = GOLDEN / "inputs"
MANIFEST = GOLDEN / "MANIFEST.json"
ENVIRONMENT = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "TZ": "UTC"}
"""Set while a case runs: rich renders tables to this width, without colour."""

CHILLER = "tests/golden/inputs/chiller/project.yaml"
BAD_CELL = "tests/golden/inputs/chiller-bad-cell/project.yaml"
SUBSTITUTE = "tests/golden/inputs/chiller-substitute/project.yaml"
UNKNOWN_NAME = "tests/golden/inputs/validate/unknown-name.yaml"
UNUSED_PARAMETER = "tests/golden/inputs/validate/unused-parameter.yaml"
ISSUED = (
    "--issued",
    "743",
    "--scheme",
    "moej-financing",
    "--partner-share",
    "0.10",
    "--participant",
    "Company A=0.6",
    "--participant",
    "Company B=0.4",
)


@dataclass(frozen=True)
class Case:
    """One command whose output is pinned."""

    name: str
    args: tuple[str, ...]


CASES = (
    # calculate: every format, a clean project with RE != PE, two periods, two points
    Case("calculate-table", ("calculate", CHILLER)),
    Case("calculate-explain", ("calculate", CHILLER, "--explain")),
    Case("calculate-json", ("calculate", CHILLER, "--format", "json")),
    Case("calculate-json-explain", ("calculate", CHILLER, "--format", "json", "--explain")),
    Case("calculate-csv", ("calculate", CHILLER, "--format", "csv")),
    Case("calculate-markdown", ("calculate", CHILLER, "--format", "markdown")),
    # --lang ja: the same figures under Japanese headings
    Case("calculate-table-ja", ("calculate", CHILLER, "--lang", "ja")),
    # a gap filled with its declared substitute: the explanation's table of gaps
    Case("calculate-explain-substitute", ("calculate", SUBSTITUTE, "--explain")),
    # calculate on unusable data: the findings in the format asked for
    Case("calculate-bad-cell-table", ("calculate", BAD_CELL)),
    # the findings table in the command's language: headings and severities (the
    # finding messages stay English)
    Case("calculate-bad-cell-table-ja", ("calculate", BAD_CELL, "--lang", "ja")),
    Case("calculate-bad-cell-json", ("calculate", BAD_CELL, "--format", "json")),
    Case("calculate-bad-cell-github", ("calculate", BAD_CELL, "--format", "github")),
    Case("calculate-bad-cell-sarif", ("calculate", BAD_CELL, "--format", "sarif")),
    # credits: from a project, and from an issued number
    Case("credits-project-table", ("credits", CHILLER)),
    Case("credits-project-explain", ("credits", CHILLER, "--explain")),
    Case("credits-project-explain-ja", ("credits", CHILLER, "--explain", "--lang", "ja")),
    Case("credits-project-json", ("credits", CHILLER, "--format", "json")),
    Case("credits-project-csv", ("credits", CHILLER, "--format", "csv")),
    Case("credits-issued-table", ("credits", *ISSUED)),
    Case("credits-issued-csv", ("credits", *ISSUED, "--format", "csv")),
    Case("credits-issued-json", ("credits", *ISSUED, "--format", "json")),
    # validate: an error and a warning in every findings format
    Case("validate-table", ("validate", UNKNOWN_NAME, UNUSED_PARAMETER)),
    Case("validate-json", ("validate", UNKNOWN_NAME, UNUSED_PARAMETER, "--format", "json")),
    Case("validate-github", ("validate", UNKNOWN_NAME, UNUSED_PARAMETER, "--format", "github")),
    Case("validate-sarif", ("validate", UNKNOWN_NAME, UNUSED_PARAMETER, "--format", "sarif")),
    Case("validate-project-table", ("validate", BAD_CELL)),
)


@dataclass(frozen=True)
class Output:
    """What one case printed, and how it ended."""

    exit_code: int
    stdout: str
    stderr: str


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def input_hashes() -> dict[str, str]:
    """The SHA-256 of every input file, by path relative to the repository root."""
    return {
        path.relative_to(ROOT).as_posix(): sha256(path.read_bytes())
        for path in sorted(INPUTS.rglob("*"))
        if path.is_file()
    }


def generator_hash() -> str:
    """The SHA-256 of this script: changing a case means regenerating."""
    return sha256(Path(__file__).read_bytes())


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(cwd)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run(case: Case) -> Output:
    """Run one case's command in-process, as the test does."""
    from typer.testing import CliRunner

    from jcm_mrv.cli import app

    with _environment(ENVIRONMENT):
        result = CliRunner(env=ENVIRONMENT).invoke(app, list(case.args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise RuntimeError(f"{case.name}: {result.exception!r}") from result.exception
    return Output(result.exit_code, result.stdout, result.stderr)


def files_of(output: Output) -> dict[str, str]:
    """The golden files of one case: exit code, stdout and (when not empty) stderr."""
    files = {"exit_code": f"{output.exit_code}\n", "stdout": output.stdout}
    if output.stderr:
        files["stderr"] = output.stderr
    return files


def main() -> None:
    """Regenerate every case and the manifest."""
    manifest: dict[str, object] = {
        "note": "Generated by tests/golden/generate.py; do not edit by hand.",
        "generator_sha256": generator_hash(),
        "inputs": input_hashes(),
    }
    cases: dict[str, dict[str, str]] = {}
    for case in CASES:
        directory = GOLDEN / case.name
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir()
        hashes = {}
        for name, text in files_of(run(case)).items():
            (directory / name).write_text(text, encoding="utf-8", newline="")
            hashes[name] = sha256(text.encode("utf-8"))
        cases[case.name] = hashes
    manifest["cases"] = cases
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(CASES)} golden cases under {GOLDEN.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
