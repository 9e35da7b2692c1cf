"""Shared helpers for the tests of the bundled methodologies.

``evaluate(methodology_id, values, periods=…, points=…)`` runs a bundled methodology's
compiled equations on arrays built from plain numbers, without project or data files,
so that property tests can try thousands of inputs quickly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from jcm_mrv.engine.evaluation import CompiledMethodology
from jcm_mrv.engine.rounding import RoundingRule
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
