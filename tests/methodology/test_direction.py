"""The conservative direction of each parameter, derived from the equations.

Every bundled methodology's directions are asserted; the sign rules are tried one by
one on small methodologies; and a property test checks, for random values within
the declared bounds, that an increase never moves ER against the derived direction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jcm_mrv.engine.evaluation import CompiledMethodology
from jcm_mrv.findings import has_errors
from jcm_mrv.formula import Band
from jcm_mrv.methodology.checks import CheckedMethodology
from jcm_mrv.methodology.direction import Direction, directions, equation_directions
from jcm_mrv.methodology.loader import load_methodology
from jcm_mrv.methodology.model import DefaultParameter, ProjectParameter
from jcm_mrv.methodology.registry import find_bundled

R, L, U, D = Direction.RAISES, Direction.LOWERS, Direction.UNCHANGED, Direction.DEPENDS

BUNDLED: dict[str, dict[str, Direction]] = {
    "JCM_TH_AM001": {"EG_i_p": R, "EF_RE": R},
    "JCM_KE_AM002": {"EG_i_p": R, "EF_grid": R, "EF_captive": R},
    # per-day diesel share: a switch between emission factors, so it depends
    "JCM_KH_AM002": {"EG_i_p_d": R, "DIESEL_p_d": D, "EF_grid": R, "EF_diesel": R},
    # net generation EG_gross - EC_aux may be negative (its bounds allow it), so the
    # emission factors depend; the captive share switches the factor
    "JCM_ID_AM001": {
        "EG_gross_p": R,
        "EC_aux_p": L,
        "EF_grid": D,
        "EF_captive": D,
        "S_captive": D,
    },
    # chillers: consumption raises ER when the corrected COP exceeds the reference COP
    # and lowers it otherwise; the temperatures have no bounds, so the sign of the
    # corrected COP (and with it every other direction) is not known statically
    "JCM_ID_AM002": {
        "EC_PJ_i_p": D,
        "EF_elec": D,
        "COP_PJ_i": D,
        "COP_RE": D,
        "Q_PJ_i": D,
        "T_cool_out_i": D,
        "T_chill_out_i": D,
        "T_cool_out_std": D,
        "T_chill_out_std": D,
        "TD_chill": D,
        "TD_cool": D,
    },
    # efficiency ratios: a better project unit raises ER, a better reference lowers it
    "JCM_ID_AM004": {"EC_PJ_i_p": D, "EF_elec": D, "COP_PJ_i": R, "COP_RE_i": L},
    "JCM_TH_AM016": {"EC_PJ_i_p": D, "EF_elec": D, "eta_PJ_i": R, "eta_RE_i": L},
    "MN_PM901": {"FC_PJ_i_p": D, "eta_PJ_i": R, "eta_RE": L, "NCV_fuel": D, "EF_fuel": D},
    "VN_PM901": {"H_i_p": D, "NLL_PJ_i": L, "NLL_RE_i": R, "EF_elec": D},
    "VN_PM902": {
        "M_i_p": D,
        "EC_PJ_p": L,
        "FC_PJ_p": L,
        "GWP_i": R,
        "EF_dest_i": L,
        "EF_elec": L,
        "NCV_fuel": L,
        "EF_fuel": L,
    },
}


def bundled(methodology_id: str) -> CheckedMethodology:
    entry = find_bundled(methodology_id)
    assert entry is not None
    loaded = load_methodology(entry.path)
    assert loaded.checked is not None and not has_errors(loaded.findings)
    return loaded.checked


def test_every_bundled_methodology_is_covered() -> None:
    root = Path(__file__).resolve().parents[2] / "methodologies"
    assert {path.stem for path in root.glob("*.yaml")} == set(BUNDLED)


@pytest.mark.parametrize("methodology_id", sorted(BUNDLED))
def test_bundled_directions(methodology_id: str) -> None:
    assert directions(bundled(methodology_id)) == BUNDLED[methodology_id]


def test_the_solar_generation_raises_reference_and_reduction_but_not_project_emissions() -> None:
    per_equation = equation_directions(bundled("JCM_TH_AM001"), "EG_i_p")
    assert per_equation == {"RE_p": R, "PE_p": U, "ER_p": R}


def test_chiller_corrected_cop_with_plausible_temperatures_makes_directions_definite(
    tmp_path: Path,
) -> None:
    """With temperature bounds, the chiller's corrected COP is positive: COP_RE lowers ER.

    The bundled file declares no bounds on the temperatures; this copy declares
    plausible ones, and the analysis then knows every sign it needs.
    """
    entry = find_bundled("JCM_ID_AM002")
    assert entry is not None
    data = yaml.safe_load(entry.path.read_text(encoding="utf-8"))
    parameters = data["parameters"]
    parameters["T_cool_out_i"]["bounds"] = {"min": 20, "max": 45}
    parameters["T_chill_out_i"]["bounds"] = {"min": 0, "max": 20}
    parameters["T_cool_out_std"]["bounds"] = {"min": 30, "max": 40}
    parameters["T_chill_out_std"]["bounds"] = {"min": 5, "max": 10}
    found = directions(checked_from(tmp_path, data))
    assert found["COP_RE"] is L
    assert found["COP_PJ_i"] is R
    assert found["EC_PJ_i_p"] is D  # corrected COP above or below the reference COP
    assert found["EF_elec"] is D
    assert found["T_cool_out_std"] is L  # a larger standard difference deflates the COP
    assert found["Q_PJ_i"] is D  # the project supplies the table


# --- the rules, one small methodology each ------------------------------------------


def checked_from(tmp_path: Path, data: dict[str, Any]) -> CheckedMethodology:
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    loaded = load_methodology(path)
    assert loaded.checked is not None
    assert not has_errors(loaded.findings), loaded.findings
    return loaded.checked


def small(
    tmp_path: Path,
    re: str,
    parameters: dict[str, dict[str, Any]],
    pe: str = "0",
    eligibility: list[dict[str, str]] | None = None,
) -> CheckedMethodology:
    """A methodology with one point index ``i``, ``ER_p = RE_p - PE_p``."""
    params = {}
    for name, spec in parameters.items():
        param = {"description": name, "kind": "project", **spec}
        if param["kind"] == "default":
            param["source"] = "test"
        params[name] = param
    data = {
        "kind": "methodology",
        "id": "JCM_TH_AM098",
        "version": "01.0",
        "title": "Direction rules (test fixture)",
        "countries": ["TH"],
        "sectoral_scopes": [1],
        "status": "draft",
        "source": {"document": "test fixture"},
        "summary": "test",
        "eligibility": eligibility
        or [{"id": "C1", "text": "test", "attestation": "nothing to attest"}],
        "emission_sources": {
            "reference": [{"source": "grid", "ghg": ["CO2"]}],
            "project": [{"source": "none", "ghg": ["CO2"]}],
        },
        "indices": {"i": "point"},
        "parameters": params,
        "equations": {
            "RE_p": {"description": "RE", "expression": re, "unit": "tCO2", "index": ["p"]},
            "PE_p": {"description": "PE", "expression": pe, "unit": "tCO2", "index": ["p"]},
            "ER_p": {"description": "ER", "expression": "RE_p - PE_p", "unit": "tCO2"},
        },
        "outputs": {
            "reference_emissions": "RE_p",
            "project_emissions": "PE_p",
            "emission_reductions": "ER_p",
        },
    }
    return checked_from(tmp_path, data)


X_POSITIVE = {"kind": "monitored", "unit": "tCO2", "options": ["C"], "bounds": {"min": 0}}
X_ANY = {"kind": "monitored", "unit": "tCO2", "options": ["C"]}
X_I = {**X_POSITIVE, "index": ["i"]}


def factor(lo: float | None = None, hi: float | None = None) -> dict[str, Any]:
    bounds = {k: v for k, v in (("min", lo), ("max", hi)) if v is not None}
    return {"unit": "dimensionless", **({"bounds": bounds} if bounds else {})}


@pytest.mark.parametrize(
    ("re", "parameters", "expected"),
    [
        ("X * A", {"X": X_ANY, "A": factor(0, 2)}, R),
        ("X * A", {"X": X_ANY, "A": factor(-2, 0)}, L),
        ("X * A", {"X": X_ANY, "A": factor()}, D),  # the sign of A is unknown
        ("-X * A", {"X": X_ANY, "A": factor(1)}, L),
        ("X / A", {"X": X_ANY, "A": factor(1, 2)}, R),
        ("X / A", {"X": X_ANY, "A": factor(-1, 2)}, D),  # A may be 0
        ("sum(X * A, i)", {"X": X_I, "A": factor(0)}, R),
        ("min(X, B)", {"X": X_ANY, "B": {"unit": "tCO2"}}, R),
        ("max(X, B)", {"X": X_ANY, "B": {"unit": "tCO2"}}, R),
        ("min(X, -X)", {"X": X_ANY}, D),
        ("abs(X)", {"X": X_POSITIVE}, R),
        ("abs(X)", {"X": {**X_ANY, "bounds": {"max": 0}}}, L),
        ("abs(X)", {"X": X_ANY}, D),
        ("where(A > 1, X, 2 * X)", {"X": X_ANY, "A": factor()}, R),
        ("where(A > 1, X, -X)", {"X": X_ANY, "A": factor()}, D),  # the branches disagree
        ("where(X > B, X, B)", {"X": X_ANY, "B": {"unit": "tCO2"}}, D),  # X switches it
        ("X + 0 * B", {"X": X_ANY, "B": {"unit": "tCO2"}}, R),
        ("X - X", {"X": X_ANY}, D),  # not simplified: never a guess
    ],
)
def test_sign_rules(
    tmp_path: Path,
    re: str,
    parameters: dict[str, dict[str, Any]],
    expected: Direction,
) -> None:
    assert directions(small(tmp_path, re, parameters))["X"] is expected


@pytest.mark.parametrize(
    ("exponent", "bounds", "expected"),
    [
        ("2", (0, None), R),
        ("2", (None, 0), L),
        ("2", (None, None), D),
        ("3", (None, None), R),
        ("(-1)", (1, None), L),
        ("(-1)", (None, -1), L),
        ("(-2)", (None, -1), R),
        ("0.5", (0, None), R),
        ("0.5", (None, None), D),  # no real root of a negative base
    ],
)
def test_constant_powers(
    tmp_path: Path, exponent: str, bounds: tuple[float | None, float | None], expected: Direction
) -> None:
    parameters = {"A": factor(*bounds), "B": {"unit": "tCO2", "bounds": {"min": 1, "max": 1}}}
    checked = small(tmp_path, f"A ** {exponent} * B", parameters)
    assert directions(checked)["A"] is expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [((0.1, 0.2, 0.3), R), ((0.3, 0.2, 0.1), L), ((0.2, 0.1, 0.3), D), ((0.2, 0.2, 0.2), U)],
)
def test_lookup_follows_the_table(
    tmp_path: Path, values: tuple[float, float, float], expected: Direction
) -> None:
    table = {
        "kind": "default",
        "unit": "dimensionless",
        "table": {
            "key_unit": "dimensionless",
            "bands": [
                {"max": 1, "value": values[0]},
                {"min": 1, "max": 2, "value": values[1]},
                {"min": 2, "value": values[2]},
            ],
        },
    }
    parameters = {"K": factor(), "T": table, "B": {"unit": "tCO2", "bounds": {"min": 0}}}
    found = directions(small(tmp_path, "lookup(T, K) * B", parameters))
    assert found["K"] is expected
    assert found["T"] is R  # raising the table's values raises the looked-up value


def test_parameters_of_conditions_only_leave_er_unchanged(tmp_path: Path) -> None:
    parameters = {
        "X": X_POSITIVE,
        "CAP": {"unit": "kW", "bounds": {"min": 0}},
        "CAP_MIN": {"kind": "default", "unit": "kW", "value": 10},
    }
    condition = [{"id": "C1", "text": "large enough", "condition": "CAP >= CAP_MIN"}]
    found = directions(small(tmp_path, "X", parameters, eligibility=condition))
    assert found == {"X": R, "CAP": U, "CAP_MIN": U}


def test_project_emissions_reverse_the_direction(tmp_path: Path) -> None:
    parameters = {"X": X_POSITIVE, "F": {"unit": "tCO2", "kind": "monitored", "options": ["C"]}}
    found = directions(small(tmp_path, "X", parameters, pe="F"))
    assert found == {"X": R, "F": L}


# --- property: an increase never moves ER against the derived direction ------------

FINITE = 50.0  # the range tried for a parameter without a bound on that side
PERIODS, POINTS, DAYS = 2, 3, 3


def _range(param: Any) -> tuple[float, float]:
    bounds = param.bounds
    lo = bounds.min if bounds and bounds.min is not None else -FINITE
    hi = bounds.max if bounds and bounds.max is not None else FINITE
    if isinstance(param, DefaultParameter) and param.value is not None:
        lo, hi = min(lo, param.value), max(hi, param.value)
    return lo, min(hi, lo + 2 * FINITE)


def _shape(compiled: CompiledMethodology, name: str) -> tuple[int, ...]:
    indices = compiled.checked.symbols[name].indices
    ndim = len(compiled.axes)
    shape = [1] * ndim
    sizes = {0: PERIODS, 1: POINTS, 2: DAYS}
    for index in indices:
        axis = compiled.axes.get(index, 1)
        shape[axis] = sizes[axis]
    return tuple(shape)


def _table(lo: float, hi: float, fractions: list[float]) -> tuple[Band, ...]:
    """Bands covering every key, their values in [lo, hi]."""
    edges = [None, 100.0, 500.0, None]
    return tuple(
        Band(edges[n], edges[n + 1], lo + f * (hi - lo)) for n, f in enumerate(fractions[:3])
    )


definite = [
    (methodology_id, name)
    for methodology_id, found in sorted(BUNDLED.items())
    for name, direction in found.items()
    if direction in (R, L)
]


@pytest.mark.parametrize(("methodology_id", "name"), definite)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_an_increase_never_moves_er_against_the_direction(
    methodology_id: str, name: str, data: st.DataObject
) -> None:
    checked = bundled(methodology_id)
    fraction = st.floats(0, 1)
    tables: dict[str, tuple[Band, ...]] = {}
    for pname, param in checked.methodology.parameters.items():
        if isinstance(param, ProjectParameter) and param.table is not None:
            lo, hi = _range(param)
            tables[pname] = _table(lo, hi, data.draw(st.lists(fraction, min_size=3, max_size=3)))
    compiled = CompiledMethodology.build(checked, tables)
    env: dict[str, Any] = {}
    for pname, param in checked.methodology.parameters.items():
        if pname in tables or (isinstance(param, DefaultParameter) and param.table is not None):
            continue
        lo, hi = _range(param)
        shape = _shape(compiled, pname)
        draws = data.draw(
            st.lists(fraction, min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))
        )
        env[pname] = lo + (hi - lo) * np.array(draws).reshape(shape)
    assert name not in tables  # no bundled table has a definite direction yet
    lo, hi = _range(checked.methodology.parameters[name])
    step = data.draw(st.floats(1e-6, 1.0)) * (hi - lo) / 4
    before = compiled.evaluate(env, PERIODS)
    raised = dict(env)
    raised[name] = np.minimum(env[name] + step, hi)
    after = compiled.evaluate(raised, PERIODS)
    outputs = checked.methodology.outputs
    er_before = before[outputs.emission_reductions][:, 0]
    er_after = after[outputs.emission_reductions][:, 0]
    scale = np.abs(before[outputs.reference_emissions]) + np.abs(before[outputs.project_emissions])
    noise = 1e-9 * (1.0 + scale[:, 0])
    change = er_after - er_before
    if BUNDLED[methodology_id][name] is R:
        assert (change >= -noise).all(), (change, env)
    else:
        assert (change <= noise).all(), (change, env)
