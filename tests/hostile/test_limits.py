"""The limits: each documented with its default, each adjustable, none lifted by a typo."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jcm_mrv.cli import app
from jcm_mrv.fileformats.limits import LIMITS, LINE_BYTES, shown
from jcm_mrv.findings.errors import InputError

from .make_cases import HEADER, project_text, rows

SECURITY = Path(__file__).parents[2] / "docs" / "security.md"


@pytest.mark.parametrize("name", list(LIMITS))
def test_every_limit_is_documented_with_its_default(name: str) -> None:
    limit = LIMITS[name]
    assert f"| `{limit.variable}` | {shown(limit)} | {limit.description} |" in (
        SECURITY.read_text(encoding="utf-8")
    )


def _project(folder: Path) -> Path:
    (folder / "project.yaml").write_text(project_text(), encoding="utf-8")
    (folder / "data.csv").write_text(HEADER + rows(8), encoding="utf-8")
    return folder / "project.yaml"


def test_a_limit_is_set_with_its_environment_variable(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert CliRunner().invoke(app, ["calculate", str(project)]).exit_code == 0
    lowered = CliRunner().invoke(
        app, ["calculate", str(project)], env={LINE_BYTES.variable: "16", "COLUMNS": "400"}
    )
    assert lowered.exit_code == 2
    assert "JCM-D025" in lowered.output and LINE_BYTES.variable in lowered.output


@pytest.mark.parametrize("value", ["lots", "0", "-5", "1e9"])
def test_a_limit_set_to_nonsense_is_refused(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LINE_BYTES.variable, value)
    with pytest.raises(InputError, match=LINE_BYTES.variable):
        LINE_BYTES.get()
