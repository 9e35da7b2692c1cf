"""A result says what its figures rest on that no public JCM source confirms."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jcm_mrv.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_defaults_marked_likely_and_open_identity_fields_are_named_in_every_report() -> None:
    # JCM_ID_AM002 ships the standard temperatures 37/7 degC and TD 1.5 K as [likely]
    # defaults, and its title, proponent, approval date and page are not confirmed.
    project = EXAMPLES / "chiller-id" / "project.yaml"
    document = json.loads(CliRunner().invoke(app, ["calculate", str(project), "-f", "json"]).stdout)
    notes = document["result"]["methodology"]["unconfirmed"]
    assert "default T_cool_out_std [likely]" in notes and "title [open]" in notes
    table = CliRunner(env={"COLUMNS": "300"}).invoke(app, ["calculate", str(project)]).stdout
    markdown = CliRunner().invoke(app, ["calculate", str(project), "-f", "markdown"]).stdout
    for text in (table, markdown):
        assert "default T_cool_out_std [likely]" in text
        assert "not official values" in text


def test_a_draft_says_it_is_no_jcm_methodology() -> None:
    project = EXAMPLES / "amorphous-transformer-vn" / "project.yaml"
    document = json.loads(CliRunner().invoke(app, ["calculate", str(project), "-f", "json"]).stdout)
    methodology = document["result"]["methodology"]
    assert methodology["status"] == "draft"
    assert "a draft of jcm-mrv, not a JCM methodology" in methodology["unconfirmed"]
