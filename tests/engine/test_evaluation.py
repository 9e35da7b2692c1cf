"""A methodology compiled once and evaluated on whole arrays (periods × monitoring points).

Uses the fixture methodology JCM_TH_AM098 (tests/project/pv-with-consumption.yaml):
``RE_p = sum(EG_i_p × EF_RE, i)``, ``PE_p = EC_p × EF_RE``, ``ER_p = RE_p - PE_p`` and the
eligibility condition ``CAP_i >= CAP_MIN``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from jcm_mrv.engine.evaluation import POINT_AXIS, CompiledMethodology
from jcm_mrv.methodology.loader import load_methodology
from jcm_mrv.methodology.registry import find_bundled

FIXTURE_METHODOLOGY = Path(__file__).parents[1] / "project" / "pv-with-consumption.yaml"


def compile_file(path: Path) -> CompiledMethodology:
    """Load, check and compile a methodology file."""
    loaded = load_methodology(path)
    assert loaded.checked is not None, [f.to_dict() for f in loaded.findings]
    return CompiledMethodology.build(loaded.checked)


@pytest.fixture(scope="module")
def compiled() -> CompiledMethodology:
    """The fixture methodology, compiled."""
    return compile_file(FIXTURE_METHODOLOGY)


def test_axes_are_period_then_point(compiled: CompiledMethodology) -> None:
    assert compiled.axes == {"p": 0, "i": POINT_AXIS}
    assert compiled.index == "i"
    assert list(compiled.equations) == ["RE_p", "PE_p", "ER_p"]  # dependency order
    assert list(compiled.conditions) == ["C1"]


def test_evaluate_on_periods_and_points(compiled: CompiledMethodology) -> None:
    # Three periods, two points. EF_RE = 0.5 (a default-shaped (1, 1) value).
    eg = np.array([[10.0, 20.0], [0.0, 4.0], [1.5, 2.5]])
    ec = np.array([[2.0], [10.0], [0.0]])
    values = compiled.evaluate({"EG_i_p": eg, "EC_p": ec, "EF_RE": np.full((1, 1), 0.5)}, 3)
    # RE = (10 + 20) × 0.5 = 15; (0 + 4) × 0.5 = 2; (1.5 + 2.5) × 0.5 = 2
    assert values["RE_p"].tolist() == [[15.0], [2.0], [2.0]]
    # PE = 2 × 0.5 = 1; 10 × 0.5 = 5; 0
    assert values["PE_p"].tolist() == [[1.0], [5.0], [0.0]]
    assert values["ER_p"].tolist() == [[14.0], [-3.0], [2.0]]
    assert values["EG_i_p"] is eg  # inputs are passed through, not copied


def test_outputs_are_broadcast_to_every_period() -> None:
    # JCM_TH_AM001's PE_p is the constant 0: it still comes back with a row per period.
    entry = find_bundled("JCM_TH_AM001")
    assert entry is not None
    am001 = compile_file(entry.path)
    eg = np.array([[1000.0, 2000.0], [3000.0, 0.0]])
    values = am001.evaluate({"EG_i_p": eg, "EF_RE": np.full((1, 1), 0.5)}, 2)
    assert values["PE_p"].shape == (2, 1)
    assert values["PE_p"].tolist() == [[0.0], [0.0]]
    assert values["RE_p"].tolist() == [[1500.0], [1500.0]]  # 3000 × 0.5; 3000 × 0.5
    assert values["ER_p"].tolist() == [[1500.0], [1500.0]]


def test_condition_holds_per_point(compiled: CompiledMethodology) -> None:
    env = {"CAP_i": np.array([[20.0, 9.99, 10.0]]), "CAP_MIN": np.full((1, 1), 10.0)}
    assert compiled.holds("C1", env).tolist() == [True, False, True]


def test_evaluation_is_vectorised_not_a_loop_per_row(compiled: CompiledMethodology) -> None:
    # 10,000 periods × 50 points in one call; every row equals the hand-computed one.
    periods, points = 10_000, 50
    eg = np.full((periods, points), 2.0)
    ec = np.full((periods, 1), 4.0)
    values = compiled.evaluate({"EG_i_p": eg, "EC_p": ec, "EF_RE": np.full((1, 1), 0.5)}, periods)
    # RE = 50 × 2 × 0.5 = 50; PE = 4 × 0.5 = 2; ER = 48
    assert values["ER_p"].shape == (periods, 1)
    assert np.all(values["ER_p"] == 48.0)
