"""Bounds given as expressions: checked with the methodology, evaluated with a project.

Worked numbers: a chiller of 400 USRt (1 USRt = 3.516853 kW) with a rated COP of 6.6
draws at most 400 x 3.516853 / 6.6 = 213.1426 kW, so 158.578 MWh in a month of 744 h
and 143.232 MWh in one of 672 h.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from jcm_mrv.engine.bounds import expression_bounds
from jcm_mrv.findings import Finding
from jcm_mrv.methodology.catalogue import bounds_text
from jcm_mrv.methodology.checks import CheckedMethodology
from jcm_mrv.methodology.loader import load_methodology
from jcm_mrv.methodology.model import Bounds
from jcm_mrv.methodology.registry import find_bundled

KW_PER_USRT = 3.516852842


def chiller_data() -> dict[str, Any]:
    entry = find_bundled("JCM_ID_AM002")
    assert entry is not None
    data: dict[str, Any] = yaml.safe_load(entry.path.read_text(encoding="utf-8"))
    return data


def load(tmp_path: Path, data: dict[str, Any]) -> tuple[CheckedMethodology | None, list[Finding]]:
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    loaded = load_methodology(path)
    return loaded.checked, loaded.findings


def test_the_bundled_chiller_bound_is_rated_input_times_the_duration() -> None:
    entry = find_bundled("JCM_ID_AM002")
    assert entry is not None
    checked = load_methodology(entry.path).checked
    assert checked is not None
    bounds = expression_bounds(
        checked,
        {"Q_PJ_i": {"CH-1": 400.0, "CH-2": 800.0}, "COP_PJ_i": {"CH-1": 6.6, "CH-2": 6.5}},
        ["CH-1", "CH-2"],
    )
    upper = bounds["EC_PJ_i_p"]["max"]
    assert upper.per_duration and upper.text == "Q_PJ_i / COP_PJ_i * duration"
    limits = upper.limits(np.array([744.0, 672.0]))
    assert limits.shape == (2, 2)
    assert limits[0, 0] == pytest.approx(400 * KW_PER_USRT / 6.6 * 744 / 1000, rel=1e-6)
    assert limits[0, 0] == pytest.approx(158.578, abs=1e-3)
    assert limits[1, 0] == pytest.approx(143.232, abs=1e-3)
    assert limits[0, 1] == pytest.approx(800 * KW_PER_USRT / 6.5 * 744 / 1000, rel=1e-6)
    assert "min" not in bounds["EC_PJ_i_p"]  # the minimum is the number 0


def test_a_bound_in_days_or_hours_is_converted_into_the_parameters_unit(tmp_path: Path) -> None:
    data = chiller_data()
    data["parameters"]["D_i_p"] = {
        "kind": "monitored",
        "description": "Operating days of chiller i in period p.",
        "unit": "day",
        "index": ["i"],
        "options": ["C"],
        "bounds": {"min": 0, "max": "duration"},
    }
    data["equations"]["PE_p"]["expression"] += " + 0 * sum(D_i_p, i) * EF_elec / day"
    checked, findings = load(tmp_path, data)
    assert checked is not None, findings
    bounds = expression_bounds(checked, {}, ["CH-1"])
    assert bounds["D_i_p"]["max"].limits(np.array([744.0])).tolist() == [[31.0]]


@pytest.mark.parametrize(
    ("bound", "code", "said"),
    [
        ("COP_PJ_i * duration", "JCM-M014", "its declared unit is MWh"),
        ("Q_PJ_i / COP_PJ_i", "JCM-M014", "duration"),
        ("EC_PJ_i_p * 2", "JCM-M013", "which is a monitored parameter"),
        ("COP_PJ_tc_i * duration", "JCM-M013", "which is an equation"),
        ("Q_PJ / COP_PJ_i * duration", "JCM-M013", "Q_PJ_i"),  # did you mean
        ("Q_PJ_i / COP_PJ_i * (duration", "JCM-F001", None),
    ],
)
def test_a_bad_bound_expression_is_a_methodology_finding(
    tmp_path: Path, bound: str, code: str, said: str | None
) -> None:
    data = chiller_data()
    data["parameters"]["EC_PJ_i_p"]["bounds"] = {"min": 0, "max": bound}
    _, findings = load(tmp_path, data)
    assert [f.code for f in findings] == [code], findings
    if said is not None:
        assert said in f"{findings[0].message} {findings[0].hint}"


def test_only_a_monitored_parameter_may_have_an_expression_bound(tmp_path: Path) -> None:
    data = chiller_data()
    data["parameters"]["T_cool_out_i"]["bounds"] = {"min": "T_chill_out_i"}
    _, findings = load(tmp_path, data)
    assert [f.code for f in findings] == ["JCM-M013"]
    assert "must be a number" in findings[0].message


def test_a_parameter_used_only_in_a_bound_is_not_unused(tmp_path: Path) -> None:
    data = chiller_data()
    data["parameters"]["P_rated_i"] = {
        "kind": "project",
        "description": "Rated electrical input of chiller i.",
        "unit": "kW",
        "index": ["i"],
        "bounds": {"min": 0},
    }
    data["parameters"]["EC_PJ_i_p"]["bounds"] = {"min": 0, "max": "P_rated_i * duration"}
    checked, findings = load(tmp_path, data)
    assert findings == [] and checked is not None
    bounds = expression_bounds(checked, {"P_rated_i": {"CH-1": 500.0}}, ["CH-1"])
    assert bounds["EC_PJ_i_p"]["max"].limits(np.array([24.0])).tolist() == [[12.0]]


def test_bounds_are_shown_as_written_and_normalised() -> None:
    assert bounds_text(Bounds(min=0, max="Q_PJ_i/COP_PJ_i*duration")) == (
        "0 to Q_PJ_i / COP_PJ_i * duration"
    )
    assert bounds_text(Bounds(max="duration")) == "≤ duration"
    assert bounds_text(Bounds(min=0, max=1.5)) == "0 to 1.5"
