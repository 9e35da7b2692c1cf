"""``jcm-mrv methodologies list`` filters, identity marks and drafts in every listing."""

from __future__ import annotations

import json

import pytest

from jcm_mrv.exitcodes import ExitCode
from jcm_mrv.methodology.registry import bundled

from .conftest import Invoke


def _listed(invoke: Invoke, *filters: str) -> list[dict[str, object]]:
    result = invoke("methodologies", "list", "--format", "json", *filters)
    assert result.exit_code == ExitCode.OK, result.output
    listed: list[dict[str, object]] = json.loads(result.stdout)["methodologies"]
    return listed


@pytest.mark.parametrize(
    ("filters", "wanted"),
    [
        (("--country", "KH"), lambda e: "KH" in e.countries),
        (("--country", "vn"), lambda e: "VN" in e.countries),
        (("--family", "solar-pv"), lambda e: e.family == "solar-pv"),
        (("--scope", "3"), lambda e: 3 in e.sectoral_scopes),
        (("--status", "draft"), lambda e: e.status == "draft"),
        (
            ("--country", "ID", "--scope", "3", "--status", "approved"),
            lambda e: "ID" in e.countries and 3 in e.sectoral_scopes and e.status == "approved",
        ),
    ],
)
def test_filters_keep_exactly_the_matching_methodologies(
    invoke: Invoke, filters: tuple[str, ...], wanted: object
) -> None:
    assert callable(wanted)
    expected = [e.id for e in bundled() if wanted(e)]
    assert expected  # the filter is not vacuous on the bundled library
    assert [m["id"] for m in _listed(invoke, *filters)] == expected


def test_a_filter_that_matches_nothing_lists_nothing(invoke: Invoke) -> None:
    assert _listed(invoke, "--country", "MN", "--family", "chiller") == []


def test_drafts_say_they_are_not_jcm_methodologies(invoke: Invoke) -> None:
    drafts = _listed(invoke, "--status", "draft")
    assert drafts
    for m in drafts:
        assert str(m["id"]).startswith("DRAFT_")
        assert m["jcm_methodology"] is False
        assert m["notice"] == "a draft of jcm-mrv, not a JCM methodology"
    for output_format in ("table", "markdown"):
        result = invoke("methodologies", "list", "--status", "draft", "--format", output_format)
        text = " ".join(result.stdout.split())
        assert text.count("draft (not a JCM methodology)") == len(drafts)
    shown = invoke("methodologies", "show", "DRAFT_VN_AMORPHOUS_TRANSFORMER")
    assert "This is a draft of jcm-mrv, not a JCM methodology." in shown.stdout


def test_unconfirmed_identity_fields_are_marked_open(invoke: Invoke) -> None:
    listed = {m["id"]: m for m in _listed(invoke)}
    assert listed["JCM_ID_AM002"]["version"] == "02.0"
    assert "version" not in listed["JCM_ID_AM002"]["unconfirmed"]  # type: ignore[operator]
    result = invoke("methodologies", "list", "--format", "markdown", "--country", "ID")
    row = next(line for line in result.stdout.splitlines() if "| JCM_ID_AM002 |" in line)
    # confirmed version; title, proponent and approval date are not confirmed
    assert "| 02.0 | Energy Saving by Introduction of High Efficiency Centrifugal " in row
    assert "Chiller [open] | Chillers | [open] | [open] |" in row
    row = next(line for line in result.stdout.splitlines() if "| JCM_ID_AM004 |" in line)
    assert "| 02.0 |" in row
    assert "| myclimate Japan | 2015-11-10 |" in row
    assert "[open]" not in row


def test_show_names_proponent_approval_and_source_page(invoke: Invoke) -> None:
    result = invoke("methodologies", "show", "JCM_TH_AM016", "--format", "markdown")
    assert result.exit_code == ExitCode.OK
    assert "- Proponent: FAST RETAILING" in result.stdout
    assert "- Approved: 2022-06-17" in result.stdout
    assert "- Source page: https://www.jcm.go.jp/th-jp/methodologies/130" in result.stdout
