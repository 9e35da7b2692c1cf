"""The bundled library as a whole: identities are complete, drafts cannot pass for JCM ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from jcm_mrv.findings import has_errors
from jcm_mrv.methodology.loader import load_methodology
from jcm_mrv.methodology.model import FAMILIES, id_kind
from jcm_mrv.methodology.registry import BundledEntry, bundled

ENTRIES = [pytest.param(e, id=e.id) for e in bundled()]


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_methodology_has_a_family_and_a_complete_identity(entry: BundledEntry) -> None:
    """A JCM methodology states proponent, approval date and page, or marks them [open]."""
    loaded = load_methodology(entry.path)
    m = loaded.methodology
    assert m is not None and not has_errors(loaded.findings), loaded.findings
    assert m.family in FAMILIES
    if m.status == "draft":
        assert id_kind(m.id) == "draft"
        assert m.approved is None
        return
    assert id_kind(m.id) == ("proposed" if m.status == "proposed" else "approved")
    stated: list[tuple[str, object]] = [("proponent", m.proponent), ("page", m.source.page)]
    if m.status == "proposed":
        assert m.approved is None  # not approved (yet)
    else:
        stated.append(("approved", m.approved))
    for field, value in stated:
        assert value is not None or field in m.source.unconfirmed, field


def test_the_format_page_lists_every_family() -> None:
    """docs/methodology-format.md names each family key with its heading."""
    page = (Path(__file__).resolve().parents[2] / "docs" / "methodology-format.md").read_text(
        encoding="utf-8"
    )
    for key, heading in FAMILIES.items():
        assert f"| `{key}` | {heading} |" in page
