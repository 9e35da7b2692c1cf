"""Shared helpers for the tests of the bundled methodologies.

``evaluate(methodology_id, values, periods=…, points=…)`` runs a bundled methodology's
compiled equations on arrays built from plain numbers, without project or data files,
so that property tests can try thousands of inputs quickly.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import jcm_mrv
from jcm_mrv.engine.evaluation import CompiledMethodology
from jcm_mrv.engine.results import CalculationResult
from jcm_mrv.engine.rounding import RoundingRule, round_emission_reductions
from jcm_mrv.formula import Band
from jcm_mrv.methodology.loader import load_methodology
from jcm_mrv.methodology.model import DefaultParameter, MonitoredParameter
from jcm_mrv.methodology.registry import find_bundled

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@cache
def compiled(methodology_id: str) -> CompiledMethodology:
    """The bundled methodology with this id, checked and compiled (cached)."""
    entry = find_bundled(methodology_id)
    assert entry is not None, f"{methodology_id} is not bundled"
    loaded = load_methodology(entry.path)
    assert loaded.checked is not None, loaded.findings
    errors = [f for f in loaded.findings if f.severity.value == "error"]
    assert not errors, errors
    return CompiledMethodology.build(loaded.checked)


def evaluate(
    methodology_id: str,
    values: Mapping[str, float | Sequence[float] | Sequence[Sequence[float]]],
    *,
    periods: int = 1,
    tables: Mapping[str, tuple[Band, ...]] | None = None,
) -> dict[str, Any]:
    """Evaluate a methodology on plain numbers in the methodology's units.

    A monitored value is given per period (a list of ``periods`` numbers, or a list of
    per-point lists); a project value per point as a list, or one number. Default
    values are taken from the methodology unless given. Returns every equation's
    array; the outputs are shaped ``(periods, 1)``. ``tables`` gives the bands of lookup
    tables the project supplies.
    """
    methodology = compiled(methodology_id)
    if tables:
        methodology = CompiledMethodology.build(methodology.checked, tables)
    m = methodology.checked.methodology
    env: dict[str, Any] = {}
    for name, param in m.parameters.items():
        if isinstance(param, DefaultParameter) and param.value is not None:
            env[name] = np.full((1, 1), param.value)
    for name, value in values.items():
        array = np.asarray(value, dtype=np.float64)
        param = m.parameters[name]
        if isinstance(param, MonitoredParameter):
            array = array.reshape(periods, -1)
        else:
            array = array.reshape(1, -1)
        env[name] = array
    return methodology.evaluate(env, periods)


def calculated(project: Path, **options: Any) -> CalculationResult:
    """A project calculated end to end through the public API (``jcm_mrv.calculate``).

    The one place the methodology tests call the library for a whole project, so that
    a change of the API's return type is adapted here only.
    """
    return jcm_mrv.calculate(project, **options)


def outputs(methodology_id: str, result: Mapping[str, Any]) -> tuple[float, float, float]:
    """RE, PE and ER of the first period, as floats."""
    o = compiled(methodology_id).checked.methodology.outputs
    return (
        float(result[o.reference_emissions][0, 0]),
        float(result[o.project_emissions][0, 0]),
        float(result[o.emission_reductions][0, 0]),
    )


def rounding_rule(methodology_id: str) -> RoundingRule:
    """The rounding rule the bundled methodology declares."""
    return RoundingRule.from_settings(compiled(methodology_id).checked.methodology.rounding)


def slack(*results: tuple[float, float, float]) -> float:
    """Float noise allowed when comparing RE, PE and ER values of these sizes."""
    return 1e-9 * max(1.0, *(abs(x) for r in results for x in r))


Values = dict[str, list[float] | float]
Results = Callable[[Values], tuple[float, float, float]]


def scaled(values: Values, name: str, factor: float) -> Values:
    """``values`` with every entry of the per-point list ``name`` multiplied by ``factor``."""
    entries = values[name]
    assert isinstance(entries, list)
    return {**values, name: [factor * v for v in entries]}


def assert_less_efficient_raises_pe_only(
    results: Results, values: Values, consumption: str, efficiency: str, factor: float
) -> None:
    """At fixed output (consumption × efficiency), more consumption never raises ER.

    For methodologies of the efficiency-ratio family (RE = EC × η_PJ / η_RE × EF,
    PE = EC × EF): a project `factor` times less efficient needs `factor` times the
    electricity for the same output, so RE is unchanged, PE grows, ER cannot rise.
    """
    less_efficient = scaled(scaled(values, consumption, factor), efficiency, 1 / factor)
    before, after = results(values), results(less_efficient)
    noise = slack(before, after)
    assert after[0] == pytest.approx(before[0], rel=1e-9, abs=1e-9)  # same RE
    assert after[1] >= before[1] - noise  # more PE
    assert after[2] <= before[2] + noise  # never more ER


def assert_doubling_doubles(results: Results, values: Values, monitored: str) -> None:
    """The equations are linear in the monitored value: doubling it doubles RE, PE, ER."""
    before, after = results(values), results(scaled(values, monitored, 2))
    for single, double in zip(before, after, strict=True):
        assert double == pytest.approx(2 * single, rel=1e-9, abs=slack(before, after))


def assert_credits_floor_er(methodology_id: str, er: float) -> None:
    """A period's credits are ER floored (never negative: a negative ER issues 0)."""
    rounded = round_emission_reductions(er, rounding_rule(methodology_id))
    assert rounded.rounded >= 0
    if er >= 0:  # floored (after snapping to the 1e-6 t tolerance)
        assert er - 1 < rounded.rounded <= er + 1e-6
    else:
        assert rounded.rounded == 0


def example_variant(project: Path, tmp_path: Path, old: str, new: str) -> Path:
    """A copy of an example project, with its data files, with ``old`` replaced by ``new``.

    For a case the numeric ``--set`` overrides cannot express, such as another option of
    a choice parameter (``choice: grid`` to ``choice: captive``).
    """
    folder = shutil.copytree(project.parent, tmp_path / project.parent.name)
    copy = folder / project.name
    text = copy.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {project}"
    copy.write_text(text.replace(old, new), encoding="utf-8")
    return copy
