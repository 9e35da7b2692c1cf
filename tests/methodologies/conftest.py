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
from typing import Any, NamedTuple

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def credits_exactly(
    methodology_id: str,
    values: Mapping[str, float | Sequence[float] | Sequence[Sequence[float]]],
    *,
    periods: int = 1,
) -> list[int]:
    """Each period's credits as the engine issues them: the exact ER, rounded.

    ``values`` as for :func:`evaluate` (decimals as written: their floats' shortest
    repr); the equations run in exact arithmetic (``CompiledMethodology.evaluate_exact``).
    """
    from jcm_mrv.formula.exact import exact_array

    methodology = compiled(methodology_id)
    m = methodology.checked.methodology
    env: dict[str, Any] = {}
    for name, param in m.parameters.items():
        if isinstance(param, DefaultParameter) and param.value is not None:
            env[name] = exact_array(np.full((1, 1), param.value))
    for name, value in values.items():
        array = np.asarray(value, dtype=np.float64)
        shape = (periods, -1) if isinstance(m.parameters[name], MonitoredParameter) else (1, -1)
        env[name] = exact_array(array.reshape(shape))
    er = methodology.evaluate_exact(env, periods)[m.outputs.emission_reductions]
    rule = rounding_rule(methodology_id)
    return [round_emission_reductions(er[n, 0], rule).rounded for n in range(periods)]


def calculated(project: Path, **options: Any) -> CalculationResult:
    """A project calculated end to end through the public API (``jcm_mrv.calculate``).

    The one place the methodology tests call the library for a whole project, so that
    a change of the API's return type is adapted here only. The test fails, listing
    the findings, when the outcome is unusable.
    """
    outcome = jcm_mrv.calculate(project, **options)
    if outcome.result is None:
        listed = "\n".join(f"  {f.location}: {f.code} {f.message}" for f in outcome.findings)
        pytest.fail(f"{project} cannot be calculated: {outcome.message}\n{listed}")
    return outcome.result.result


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
    if er >= 0:  # floored: never above the figure, never a credit short
        assert er - 1 < rounded.rounded <= er
    else:
        assert rounded.rounded == 0


def assert_periods(
    result: CalculationResult,
    expected: Mapping[str, tuple[float, float, float]],
    credits: Sequence[int],
    total: int,
) -> None:
    """A calculated project has these periods (id → RE, PE, ER), credits and no findings.

    ``expected`` holds the figures a test worked out by hand, in plain Python; the
    credits are each period's ER floored and their sum (not the floor of the summed ER).
    """
    assert [p.id for p in result.periods] == list(expected)
    for period, (re, pe, er) in zip(result.periods, expected.values(), strict=True):
        assert period.reference_emissions == pytest.approx(re, abs=1e-9), period.id
        assert period.project_emissions == pytest.approx(pe, abs=1e-9), period.id
        assert period.emission_reductions == pytest.approx(er, abs=1e-9), period.id
    assert [p.emission_reductions_rounded for p in result.periods] == list(credits)
    assert result.totals.emission_reductions_rounded == total
    assert result.findings == []


class EfficiencyRatioProperties(NamedTuple):
    """The property tests of one efficiency-ratio methodology, for a test module to bind.

    Bind each to a ``test_…`` name in the methodology's test module, so that pytest
    collects it there and reports it under that methodology.
    """

    equal_efficiency_gives_no_reductions: Callable[[], None]
    larger_reference_never_raises_er: Callable[[], None]
    less_efficient_raises_pe_only: Callable[[], None]
    doubling_doubles: Callable[[], None]
    credits_floor_er: Callable[[], None]


def efficiency_ratio_properties(
    methodology_id: str,
    *,
    units: int,
    efficiency_range: tuple[float, float],
    consumption: str = "EC_PJ_i_p",
    efficiency: str = "COP_PJ_i",
    reference: str = "COP_RE_i",
    emission_factor: str = "EF_elec",
) -> EfficiencyRatioProperties:
    """Property tests for RE = Σ_i EC_i × η_PJ,i / η_RE × EF and PE = Σ_i EC_i × EF.

    The reference efficiency may be per unit (indexed by ``i``) or one value. Inputs are
    drawn for ``units`` units: consumption 0 to 1e5 MWh, efficiencies in
    ``efficiency_range``, the emission factor 0 to 1.5 tCO2/MWh.
    """
    per_unit = bool(compiled(methodology_id).checked.methodology.parameters[reference].index)
    level = st.floats(*efficiency_range, allow_nan=False)
    growth = st.floats(min_value=1, max_value=100, allow_nan=False)

    @st.composite
    def inputs(draw: st.DrawFn) -> Values:
        values: Values = {
            consumption: [draw(st.floats(0, 1e5, allow_nan=False)) for _ in range(units)],
            emission_factor: draw(st.floats(0, 1.5, allow_nan=False)),
            efficiency: [draw(level) for _ in range(units)],
        }
        values[reference] = [draw(level) for _ in range(units)] if per_unit else draw(level)
        return values

    def results(values: Values) -> tuple[float, float, float]:
        return outputs(methodology_id, evaluate(methodology_id, values))

    @settings(deadline=None)
    @given(inputs())
    def equal_efficiency_gives_no_reductions(values: Values) -> None:
        """Equipment no more efficient than the reference saves nothing: RE = PE, ER = 0."""
        project = values[efficiency]
        assert isinstance(project, list)
        if per_unit:
            values = {**values, reference: project}
        else:
            values = {**values, efficiency: [project[0]] * units, reference: project[0]}
        re, pe, er = results(values)
        assert re == pytest.approx(pe, rel=1e-12, abs=1e-12)
        assert er == pytest.approx(0, abs=slack((re, pe, er)))

    @settings(deadline=None)
    @given(inputs(), growth)
    def larger_reference_never_raises_er(values: Values, factor: float) -> None:
        """ER = Σ_i EC_i × EF × (η_PJ,i / η_RE − 1) falls as the reference efficiency rises."""
        level_re = values[reference]
        better = [x * factor for x in level_re] if isinstance(level_re, list) else level_re * factor
        before, after = results(values), results({**values, reference: better})
        assert after[1] == before[1]  # PE does not depend on the reference
        assert after[2] <= before[2] + slack(before, after)

    @settings(deadline=None)
    @given(inputs(), growth)
    def less_efficient_raises_pe_only(values: Values, factor: float) -> None:
        """Less efficient equipment needs more electricity for the same output: ER cannot rise."""
        assert_less_efficient_raises_pe_only(results, values, consumption, efficiency, factor)

    @settings(deadline=None)
    @given(inputs())
    def doubling_doubles(values: Values) -> None:
        """The equations are linear in the monitored consumption."""
        assert_doubling_doubles(results, values, consumption)

    @settings(deadline=None)
    @given(inputs())
    def credits_floor_er(values: Values) -> None:
        """Less efficient equipment gives negative ER, which issues 0 credits, never fewer."""
        assert_credits_floor_er(methodology_id, results(values)[2])

    return EfficiencyRatioProperties(
        equal_efficiency_gives_no_reductions,
        larger_reference_never_raises_er,
        less_efficient_raises_pe_only,
        doubling_doubles,
        credits_floor_er,
    )


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
