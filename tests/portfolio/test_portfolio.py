"""Portfolios: many projects in one run, one failing project never stops the others."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jcm_mrv
from jcm_mrv.cli import app
from jcm_mrv.outcome import Status

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
GOOD = ("solar-pv-th", "chiller-id", "hydro-ke")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three bundled examples and a fourth whose project file misspells a key."""
    root = tmp_path / "portfolio"
    for name in (*GOOD, "led-th"):
        shutil.copytree(EXAMPLES / name, root / name)
    broken = root / "led-th" / "project.yaml"
    broken.write_text(broken.read_text().replace("\nmethodology:", "\nmethodolgy:", 1))
    return root


def test_every_other_project_is_calculated_and_the_broken_one_reported(folder: Path) -> None:
    outcome = jcm_mrv.calculate_portfolio([folder], jobs=1)
    assert outcome.status is Status.UNUSABLE and outcome.exit_code() == 2
    assert outcome.result is not None
    by_file = {Path(p.file).parent.name: p for p in outcome.result.projects}
    assert sorted(by_file) == sorted((*GOOD, "led-th"))
    broken = by_file["led-th"]
    assert broken.status is Status.UNUSABLE
    assert {f.code for f in broken.findings} == {"JCM-S001", "JCM-S002"}
    assert all(f.file == broken.file for f in broken.findings)
    assert "led-th" in (outcome.message or "")
    for name in GOOD:
        alone = jcm_mrv.calculate(folder / name / "project.yaml")
        assert alone.result is not None
        entry = by_file[name]
        totals = alone.result.result.totals
        assert entry.status is alone.status
        assert entry.emission_reductions == totals.emission_reductions
        assert entry.credits == totals.emission_reductions_rounded
        assert entry.periods == len(alone.result.result.periods)
    total = outcome.result.total()
    assert total.projects == len(GOOD)
    assert total.credits == sum(by_file[n].credits for n in GOOD)
    for group in ("country", "methodology", "scheme"):
        sums = outcome.result.totals_by(group)
        assert sum(t.credits for t in sums) == total.credits
        assert sum(t.projects for t in sums) == len(GOOD)


def test_jobs_one_and_two_give_identical_json(folder: Path, tmp_path: Path) -> None:
    documents = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.json"
        result = CliRunner().invoke(app, ["calculate", str(folder), "--jobs", jobs, "-o", str(out)])
        assert result.exit_code == 2, result.output
        documents.append(out.read_bytes())
    assert documents[0] == documents[1]
    data = json.loads(documents[0])
    assert data["status"] == "unusable"
    assert data["result"]["summary"] == {"projects": 4, "calculated": 3, "unusable": 1}
    assert {f["code"] for f in data["findings"]} == {"JCM-S001", "JCM-S002"}


def test_several_clean_files_exit_zero_with_a_csv_row_per_project_and_totals(
    tmp_path: Path,
) -> None:
    files = [EXAMPLES / name / "project.yaml" for name in GOOD]
    out = tmp_path / "portfolio.csv"
    result = CliRunner().invoke(app, ["calculate", *map(str, files), "-j", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    projects = [r for r in rows if r["row"] == "project"]
    assert [r["key"] for r in projects] == [str(f) for f in files]
    (total,) = [r for r in rows if r["row"] == "total"]
    expected = 0
    for f in files:
        alone = jcm_mrv.calculate(f)
        assert alone.result is not None
        expected += alone.result.result.totals.emission_reductions_rounded
    assert int(total["credits"]) == expected
    assert {r["row"] for r in rows} == {"project", "country", "methodology", "scheme", "total"}


def test_a_crashing_project_does_not_stop_the_others(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jcm_mrv.api

    real = jcm_mrv.api.calculate

    def crash_on_hydro(project: Path | str) -> object:
        if "hydro-ke" in str(project):
            raise RuntimeError("boom")
        return real(project)

    monkeypatch.setattr(jcm_mrv.api, "calculate", crash_on_hydro)
    outcome = jcm_mrv.calculate_portfolio([folder / "hydro-ke", folder / "solar-pv-th"], jobs=1)
    assert outcome.result is not None
    hydro, solar = outcome.result.projects
    assert hydro.status is Status.UNUSABLE
    assert [f.code for f in hydro.findings] == ["JCM-C008"]
    assert solar.status is Status.CLEAN and solar.credits > 0
    assert outcome.exit_code() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "markdown"], "not markdown"),
        (["--explain"], "apply to one project"),
        (["--set", "EF_RE=0.5"], "apply to one project"),
    ],
)
def test_options_of_one_project_are_refused_for_a_portfolio(
    folder: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["calculate", str(folder), *args], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert message in result.output


def test_a_folder_without_projects_and_a_missing_path_are_unusable(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    outcome = jcm_mrv.calculate_portfolio([tmp_path / "empty", tmp_path / "gone.yaml"])
    assert outcome.exit_code() == 2
    assert outcome.result is not None and outcome.result.total().projects == 0
    assert [f.code for f in outcome.findings] == ["JCM-Y001", "JCM-Y001"]


def test_a_project_file_is_found_by_its_kind(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "solar-pv-th", tmp_path / "pv")
    (tmp_path / "pv" / "project.yaml").rename(tmp_path / "pv" / "site-a.yaml")
    outcome = jcm_mrv.calculate_portfolio([tmp_path], jobs=1)
    assert outcome.result is not None
    assert [Path(p.file).name for p in outcome.result.projects] == ["site-a.yaml"]
    assert outcome.status is Status.CLEAN
