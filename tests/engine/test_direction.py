"""The direction of a parameter decided per monitoring point and period from values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jcm_mrv
from jcm_mrv.engine.direction import local_directions
from jcm_mrv.engine.evaluation import CompiledMethodology
from jcm_mrv.formula import Band
from jcm_mrv.methodology.direction import Direction, directions
from jcm_mrv.methodology.loader import load_methodology
from jcm_mrv.methodology.registry import find_bundled
from jcm_mrv.project.loader import load_project

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CHILLER = EXAMPLES / "chiller-id" / "project.yaml"


def example(project: Path) -> tuple[CompiledMethodology, dict[str, Any], dict[str, Any]]:
    """The compiled methodology, the evaluation's inputs and the project's tables.

    The inputs are rebuilt from ``calculate(..., explain=True)``, which lists every
    parameter's values per period and monitoring point.
    """
    loaded = load_project(project)
    assert loaded.methodology is not None and loaded.methodology.checked is not None
    tables = dict(loaded.tables)
    compiled = CompiledMethodology.build(loaded.methodology.checked, tables)
    outcome = jcm_mrv.calculate(project, explain=True)
    assert outcome.result is not None, outcome.findings
    env: dict[str, Any] = {}
    for value in outcome.result.result.explanation:
        if value.kind != "equation":
            env[value.symbol] = compiled.lift(np.array(value.values, dtype=np.float64))
    return compiled, env, tables


def er(compiled: CompiledMethodology, env: dict[str, Any]) -> Any:
    outputs = compiled.checked.methodology.outputs
    periods = max(np.shape(a)[0] for a in env.values())
    return compiled.evaluate(env, periods)[outputs.emission_reductions][:, 0]


def test_chiller_consumption_raises_er_while_corrected_cop_beats_the_reference() -> None:
    # CH-1: 6.6 × (33 - 7 + 3) / 33 = 5.8 against 5.0 (400 USRt); CH-2: 6.5 against 5.2
    compiled, env, tables = example(CHILLER)
    signs = local_directions(compiled, env, "EC_PJ_i_p", tables)
    assert signs.tolist() == [[1.0, 1.0], [1.0, 1.0]]  # (periods, chillers)
    assert local_directions(compiled, env, "COP_RE", tables).tolist() == [[-1.0], [-1.0]]
    assert local_directions(compiled, env, "COP_PJ_i", tables).tolist() == [[1.0, 1.0]] * 2
    # the capacity selects a band: inside it, a small change has no effect
    assert local_directions(compiled, env, "Q_PJ_i", tables).tolist() == [[0.0, 0.0]] * 2


def test_chiller_below_its_reference_cop_lowers_er_with_more_consumption() -> None:
    """The issue's case: that chiller's data lowers ER, so a gap must not count as zero."""
    compiled, env, tables = example(CHILLER)
    env["COP_PJ_i"] = compiled.lift(np.array([[5.5, 6.5]]))  # CH-1 corrected: 4.83 < 5.0
    signs = local_directions(compiled, env, "EC_PJ_i_p", tables)
    assert signs.tolist() == [[-1.0, 1.0], [-1.0, 1.0]]
    before = er(compiled, env)
    more = dict(env)
    more["EC_PJ_i_p"] = env["EC_PJ_i_p"] + np.array([[1.0, 0.0]])
    assert (er(compiled, more) < before).all()  # the numbers agree: ER falls
    # the static analysis cannot tell (it depends): the per-point decision is needed
    assert directions(compiled.checked)["EC_PJ_i_p"] is Direction.DEPENDS


def test_chiller_exactly_at_its_reference_cop_is_never_given_a_sign() -> None:
    compiled, env, tables = example(CHILLER)
    env["COP_PJ_i"] = compiled.lift(np.array([[6.6, 5.2]]))  # CH-2 corrected = 5.2 exactly
    signs = local_directions(compiled, env, "EC_PJ_i_p", tables)
    assert signs[:, 0].tolist() == [1.0, 1.0]
    assert all(s == 0.0 or np.isnan(s) for s in signs[:, 1])


def test_a_missing_value_leaves_its_sign_unknown() -> None:
    compiled, env, tables = example(CHILLER)
    env["EC_PJ_i_p"] = env["EC_PJ_i_p"].copy()
    env["EC_PJ_i_p"][0, 0] = np.nan
    signs = local_directions(compiled, env, "EF_elec", tables)
    assert np.isnan(signs[0, 0]) and signs[1, 0] == 1.0


def bundled(methodology_id: str) -> CompiledMethodology:
    entry = find_bundled(methodology_id)
    assert entry is not None
    loaded = load_methodology(entry.path)
    assert loaded.checked is not None
    return CompiledMethodology.build(loaded.checked)


def test_a_switch_at_the_value_makes_the_sign_unknown() -> None:
    """Category of the day: a grid day (0) sits on the switch to the diesel factor (> 0)."""
    compiled = bundled("JCM_KH_AM002")
    categories = np.array([[[0.0, 1.0, 1.0, 0.0]]])  # (period, -, day): grid, diesel x2, grid
    env = {
        "EG_i_p_d": np.full((1, 2, 4), 2.0),
        "DIESEL_p_d": categories,
        "EF_grid": np.full((1, 1, 1), 0.6),
        "EF_diesel": np.full((1, 1, 1), 0.533),
    }
    signs = local_directions(compiled, env, "DIESEL_p_d", None)
    assert signs.shape == (1, 1, 4)
    assert np.isnan(signs[0, 0, 0]) and np.isnan(signs[0, 0, 3])  # on the switch
    assert signs[0, 0, 1] == 0.0 and signs[0, 0, 2] == 0.0  # past it: flat
    # the numbers: the smallest increase on a grid day jumps to the diesel factor,
    # 2 PV systems x 2 MWh x (0.533 - 0.6) tCO2/MWh
    nudged = {**env, "DIESEL_p_d": categories + np.array([[[1e-9, 0.0, 0.0, 0.0]]])}
    assert er(compiled, nudged) - er(compiled, env) == pytest.approx([2 * 2.0 * (0.533 - 0.6)])
    more_diesel = {**env, "DIESEL_p_d": categories + np.array([[[0.0, 1e-3, 0.0, 0.0]]])}
    assert er(compiled, more_diesel) == pytest.approx(er(compiled, env))
    assert (local_directions(compiled, env, "EG_i_p_d", None) == 1.0).all()


def test_a_choice_is_never_given_a_sign_but_selects_the_branch_that_counts() -> None:
    """MONITORING of TH_AM016: option 1 uses the meter, option 2 power x hours x days."""
    compiled = bundled("JCM_TH_AM016")
    env = {
        "EC_PJ_i_p": np.full((1, 2), 10.0),
        "DAYS_p": np.full((1, 1), 30.0),
        "P_PJ_i": np.full((1, 2), 5.0),
        "H_PJ_i": np.full((1, 2), 12.0),
        "EF_elec": np.full((1, 1), 0.5),
        "eta_PJ_i": np.full((1, 2), 150.0),  # LED above the reference: more use, more ER
        "eta_RE_i": np.full((1, 2), 60.0),
    }
    for option, metered in ((1.0, 1.0), (2.0, 0.0)):
        env["MONITORING"] = np.full((1, 1), option)
        # its options are not quantities: neither the option compared with (1) nor
        # another (2, where a small step would not cross the comparison) has a sign
        assert np.isnan(local_directions(compiled, env, "MONITORING", None)).all()
        assert local_directions(compiled, env, "EC_PJ_i_p", None).tolist() == [[metered] * 2]
        assert local_directions(compiled, env, "P_PJ_i", None).tolist() == [[1.0 - metered] * 2]
        assert local_directions(compiled, env, "eta_PJ_i", None).tolist() == [[1.0, 1.0]]


def test_the_decision_never_contradicts_a_derived_direction() -> None:
    compiled, env, tables = example(EXAMPLES / "solar-pv-th" / "project.yaml")
    for name, direction in directions(compiled.checked).items():
        if name == "P_out_i":  # the optional rated output only bounds the readings
            assert direction is Direction.UNCHANGED
            continue
        signs = local_directions(compiled, env, name, tables)
        assert direction is Direction.RAISES
        assert (signs == 1.0).all()


@st.composite
def chiller_inputs(draw: st.DrawFn) -> dict[str, Any]:
    def row(lo: float, hi: float, n: int = 3) -> list[float]:
        return draw(st.lists(st.floats(lo, hi), min_size=n, max_size=n))

    return {
        "EC_PJ_i_p": np.array([row(0, 500), row(0, 500)]),
        "EF_elec": np.array([[draw(st.floats(0, 1.5))]]),
        "COP_PJ_i": np.array([row(1, 15)]),
        "Q_PJ_i": np.array([row(0, 2000)]),
        "T_cool_out_i": np.array([row(20, 45)]),
        "T_chill_out_i": np.array([row(0, 20)]),
        "T_cool_out_std": np.array([[37.0]]),
        "T_chill_out_std": np.array([[7.0]]),
        "TD_chill": np.array([[draw(st.floats(0, 10))]]),
        "TD_cool": np.array([[draw(st.floats(0, 10))]]),
        "bands": row(1, 15),
    }


@settings(max_examples=200, deadline=None)
@given(inputs=chiller_inputs())
def test_chiller_decision_matches_the_corrected_cop_and_the_numbers(inputs: dict[str, Any]) -> None:
    values = inputs.pop("bands")
    tables = {
        "COP_RE": (
            Band(None, 450.0, values[0]),
            Band(450.0, 1250.0, values[1]),
            Band(1250.0, None, values[2]),
        )
    }
    checked = bundled("JCM_ID_AM002").checked
    compiled = CompiledMethodology.build(checked, tables)
    env = {name: np.asarray(value, dtype=np.float64) for name, value in inputs.items()}
    signs = local_directions(compiled, env, "EC_PJ_i_p", tables)
    corrected = compiled.evaluate(env, 2)["COP_PJ_tc_i"]
    reference = compiled.evaluate(env, 2)["COP_RE_i"]
    gain = env["EF_elec"] * (corrected / reference - 1.0)  # ∂ER/∂EC per chiller
    clear = np.abs(gain) > 1e-9
    assert (
        signs[np.broadcast_to(clear, signs.shape)]
        == np.sign(np.broadcast_to(gain, signs.shape)[np.broadcast_to(clear, signs.shape)])
    ).all()
    # and the numbers: a 1 MWh increase moves ER the decided way
    before = er(compiled, env)
    for point in range(3):
        more = dict(env)
        bump = np.zeros((1, 3))
        bump[0, point] = 1.0
        more["EC_PJ_i_p"] = env["EC_PJ_i_p"] + bump
        change = er(compiled, more) - before
        noise = 1e-9 * (1.0 + np.abs(before))
        for period in range(2):
            sign = signs[period, point]
            if sign == 1.0:
                assert change[period] >= -noise[period]
            elif sign == -1.0:
                assert change[period] <= noise[period]
            elif sign == 0.0:
                assert abs(change[period]) <= noise[period]


@pytest.mark.parametrize(
    "methodology_id",
    [
        "JCM_ID_AM004",
        "JCM_TH_AM016",
        "DRAFT_MN_HEAT_ONLY_BOILER",
        "DRAFT_VN_AMORPHOUS_TRANSFORMER",
        "DRAFT_VN_FLUOROCARBON_DESTRUCTION",
        "JCM_KE_AM002",  # a choice and min()
        "JCM_ID_AM020",  # a switch on a parameter
        "JCM_VN_AM004",  # exp() and a switch on the years
    ],
)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_local_signs_agree_with_small_increases(methodology_id: str, data: st.DataObject) -> None:
    compiled = bundled(methodology_id)
    checked = compiled.checked
    env: dict[str, Any] = {}
    for name, param in checked.methodology.parameters.items():
        indices = checked.symbols[name].indices
        shape = (2 if "p" in indices else 1, 3 if "i" in indices else 1)
        choices = checked.symbols[name].choices
        if choices is not None:  # a choice is the position of one of its options
            env[name] = np.full(shape, float(data.draw(st.integers(1, len(choices)))))
            continue
        # an expression bound (rated power x duration) is no number: the default range
        lo = param.bounds.low if param.bounds and param.bounds.low is not None else 0.0
        hi = param.bounds.high if param.bounds and param.bounds.high is not None else 1000.0
        draws = data.draw(
            st.lists(st.floats(lo, hi), min_size=shape[0] * shape[1], max_size=shape[0] * shape[1])
        )
        env[name] = np.array(draws).reshape(shape)
    before = er(compiled, env)
    for name in checked.methodology.parameters:
        signs = local_directions(compiled, env, name, None)
        step = 1e-6 * (1.0 + np.abs(env[name]))
        after = er(compiled, {**env, name: env[name] + step})
        noise = 1e-8 * (1.0 + np.abs(before))
        change = after - before
        # an increase of every element: where all signs agree, ER moves that way
        for period in range(2):
            row = signs[period] if signs.shape[0] > 1 else signs[0]
            if (row == 1.0).all():
                assert change[period] >= -noise[period]
            if (row == -1.0).all():
                assert change[period] <= noise[period]
