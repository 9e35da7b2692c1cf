"""The bundled methodologies, found by identifier and version."""

from __future__ import annotations

from jcm_mrv.methodology.registry import bundled, find_bundled


def test_every_bundled_file_is_named_after_its_identifier() -> None:
    # find_bundled reads <ID>.yaml first; a file named otherwise is still found, by a scan
    entries = bundled()
    assert len(entries) >= 8
    assert all(entry.path.stem.startswith(entry.id) for entry in entries)


def test_found_by_identifier_and_version() -> None:
    entry = find_bundled("JCM_TH_AM001", "01.0")
    assert entry is not None
    assert (entry.id, entry.version, entry.path.name) == (
        "JCM_TH_AM001",
        "01.0",
        "JCM_TH_AM001.yaml",
    )
    assert find_bundled("JCM_TH_AM001") == entry  # the latest, here the only version


def test_unknown_identifier_or_version_is_not_found() -> None:
    assert find_bundled("JCM_TH_AM001", "99.0") is None
    assert find_bundled("JCM_XX_AM999", "01.0") is None
