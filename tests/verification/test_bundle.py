"""Run bundles: deterministic archives, byte-for-byte reproduction, safe extraction."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest

import jcm_mrv
from jcm_mrv.findings import codes


def rewrite(bundle: Path, changes: dict[str, bytes]) -> None:
    """Replace entries of an archive (keeping the others and their order)."""
    with zipfile.ZipFile(bundle) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(bundle, "w") as archive:
        for info, data in members:
            archive.writestr(info, changes.get(info.filename, data))


def test_a_bundle_is_deterministic_and_complete(project: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    jcm_mrv.bundle(project, first)
    jcm_mrv.bundle(project, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert names == sorted(names)
    assert names == [
        "bundled-methodology/JCM_ID_AM002.yaml",
        "inputs/chiller-power.csv",
        "inputs/project.yaml",
        "manifest.json",
        "result.json",
    ]
    assert [f["path"] for f in manifest["files"]] == [n for n in names if n != "manifest.json"]


def test_an_untouched_bundle_is_reproduced(project: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "run.zip"
    jcm_mrv.bundle(project, bundle, explain=True)
    outcome = jcm_mrv.reproduce(bundle).result
    assert outcome is not None
    assert outcome.identical and not outcome.failed
    assert outcome.all_findings() == []
    assert outcome.conclusion.startswith("Reproduced")


def test_a_changed_byte_of_a_data_file_names_the_file(project: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "run.zip"
    jcm_mrv.bundle(project, bundle)
    with zipfile.ZipFile(bundle) as archive:
        data = archive.read("inputs/chiller-power.csv")
    changed = data.replace(b"31000", b"31900", 1)
    assert changed != data and len(changed) == len(data)
    rewrite(bundle, {"inputs/chiller-power.csv": changed})
    outcome = jcm_mrv.reproduce(bundle).result
    assert outcome is not None
    assert outcome.failed and not outcome.identical
    found = {(f.code, f.file) for f in outcome.all_findings()}
    assert (codes.BUNDLE_FILE_CHANGED.code, "inputs/chiller-power.csv") in found
    assert codes.REPRODUCTION_DIFFERS.code in {code for code, _ in found}
    assert "inputs/chiller-power.csv" in outcome.conclusion
    assert outcome.verification is not None
    moved = {r.period for r in outcome.verification.rows if r.status != "agrees"}
    assert moved == {"2025-H1"}  # 900 kWh more in January: the ER of 2025-H1 moved


def test_a_changed_result_is_not_reproduced(project: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "run.zip"
    jcm_mrv.bundle(project, bundle)
    with zipfile.ZipFile(bundle) as archive:
        result = archive.read("result.json")
    rewrite(
        bundle,
        {
            "result.json": result.replace(
                b'"emission_reductions_rounded": 90', b'"emission_reductions_rounded": 99'
            )
        },
    )
    outcome = jcm_mrv.reproduce(bundle).result
    assert outcome is not None
    assert outcome.failed
    assert {f.code for f in outcome.all_findings()} >= {
        codes.BUNDLE_FILE_CHANGED.code,
        codes.REPRODUCTION_DIFFERS.code,
        codes.RESULT_HASH_MISMATCH.code,
    }


def unsafe_bundle(path: Path, name: str, *, link: bool = False) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo(name)
        if link:
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, b"x")
    return path


@pytest.mark.parametrize(
    ("name", "link", "message"),
    [
        ("../escape.txt", False, "outside"),
        ("/etc/passwd", False, "outside"),
        ("inputs/..\\..\\x", False, "backslash"),
        ("inputs/link", True, "symbolic link"),
        ("inputs/project.yaml", False, "manifest"),
    ],
)
def test_unsafe_or_foreign_archives_are_refused(
    tmp_path: Path, name: str, link: bool, message: str
) -> None:
    bundle = unsafe_bundle(tmp_path / "evil.zip", name, link=link)
    outcome = jcm_mrv.reproduce(bundle)
    assert outcome.result is None and outcome.exit_code() == 2
    assert message in (outcome.message or "")
    assert [f.code for f in outcome.findings] == [codes.BUNDLE_UNSAFE.code]
    assert not (tmp_path.parent / "escape.txt").exists()


def test_a_file_that_is_no_zip_is_refused(tmp_path: Path) -> None:
    bundle = tmp_path / "run.zip"
    bundle.write_text("not a zip", encoding="utf-8")
    outcome = jcm_mrv.reproduce(bundle)
    assert outcome.result is None and "not a readable zip" in (outcome.message or "")


def test_an_input_outside_the_project_folder_cannot_be_bundled(
    project: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "shared.csv"
    (project.parent / "chiller-power.csv").rename(outside)
    text = project.read_text(encoding="utf-8").replace(
        "path: chiller-power.csv", "path: ../shared.csv"
    )
    project.write_text(text, encoding="utf-8")
    outcome = jcm_mrv.bundle(project, tmp_path / "run.zip")
    assert outcome.result is None  # refused before anything is read (JCM-P017)
    assert "JCM-P017" in {f.code for f in outcome.findings}
