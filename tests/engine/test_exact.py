"""Exact figures: credits come from the ER computed exactly from the inputs as written.

Uses the fixture methodology JCM_TH_AM098 (tests/project/pv-with-consumption.yaml):
``RE_p = sum(EG_i_p × EF_RE, i)``, ``PE_p = EC_p × EF_RE``, ``ER_p = RE_p - PE_p``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from jcm_mrv import calculate
from jcm_mrv.engine.results import CalculationResult
from jcm_mrv.findings.errors import InputError
from jcm_mrv.project.loader import load_project

FIXTURE_METHODOLOGY = Path(__file__).parents[1] / "project" / "pv-with-consumption.yaml"


def _project(directory: Path, *, ef: str = "0.5", methodology: Path = FIXTURE_METHODOLOGY) -> str:
    return f"""\
kind: project
id: TH992
title: Exact figures (test)
country: TH
methodology:
  id: JCM_TH_AM098
  version: "01.0"
  path: {methodology}
monitoring_points:
  - id: A
  - id: B
parameters:
  EF_RE: {ef}
  CAP_i:
    values: {{A: 20, B: 30}}
    unit: kW
monitoring_options:
  EG_i_p: C
data:
  - path: generation.csv
  - path: consumption.csv
periods:
  - id: P1
    start: 2025-01-01
    end: 2025-01-31
"""


def _calculate(
    directory: Path,
    generation: str,
    consumption: str = "period,EC_p [MWh]\nP1,0\n",
    **options: str | Path,
) -> CalculationResult:
    (directory / "generation.csv").write_text(generation, encoding="utf-8")
    (directory / "consumption.csv").write_text(consumption, encoding="utf-8")
    project = directory / "project.yaml"
    project.write_text(_project(directory, **options), encoding="utf-8")  # type: ignore[arg-type]
    outcome = calculate(project)
    if outcome.result is None:  # unusable: the findings say why, as the engine raised them
        raise InputError(outcome.message or "unusable", outcome.findings)
    return outcome.result.result


def test_a_real_742_9999995_t_gives_742_credits_not_743(tmp_path: Path) -> None:
    # 742,999.999 + 743,000 kWh = 1,485.999999 MWh; × 0.5 t/MWh = 742.9999995 t
    generation = (
        "timestamp,point,EG_i_p [kWh]\n2025-01-05T10:00,A,742999.999\n2025-01-06T10:00,A,743000\n"
        "2025-01-05T10:00,B,0\n"
    )
    period = _calculate(tmp_path, generation).periods[0]
    assert period.emission_reductions_rounded == 742
    assert not period.near_boundary


def test_every_tonne_of_a_huge_figure_counts(tmp_path: Path) -> None:
    # 4 × 5e15 + 2 MWh at 0.5 t/MWh: exactly 10**16 + 1 t (floats cannot hold it)
    generation = "timestamp,point,EG_i_p [MWh]\n" + "".join(
        f"2025-01-0{day}T00:00,{point},{value}\n"
        for day, (point, value) in enumerate(
            [
                ("A", "5000000000000000"),
                ("B", "5000000000000000"),
                ("A", "5000000000000000"),
                ("B", "5000000000000002"),
            ],
            start=1,
        )
    )
    period = _calculate(tmp_path, generation).periods[0]
    assert period.emission_reductions_rounded == 10**16 + 1


def test_4_1_minus_1_1_gives_3(tmp_path: Path) -> None:
    generation = "period,point,EG_i_p [MWh]\nP1,A,3\nP1,B,1.1\n"
    result = _calculate(tmp_path, generation, "period,EC_p [MWh]\nP1,1.1\n", ef="1.0")
    assert result.periods[0].emission_reductions == 4.1 - 1.1  # the float, for display
    assert result.periods[0].emission_reductions_rounded == 3
    assert result.findings == []


def _methodology_variant(tmp_path: Path, old: str, new: str, count: int) -> Path:
    text = FIXTURE_METHODOLOGY.read_text(encoding="utf-8")
    assert text.count(old) == count, old
    path = tmp_path / "variant.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_outputs_declared_in_kgco2_are_converted_to_tonnes(tmp_path: Path) -> None:
    generation = "period,point,EG_i_p [MWh]\nP1,A,7.2\nP1,B,0.3\n"
    in_tonnes = _calculate(tmp_path, generation)
    in_kg = _methodology_variant(tmp_path, "    unit: tCO2\n", "    unit: kgCO2\n", 3)
    result = _calculate(tmp_path, generation, methodology=in_kg)
    assert in_tonnes.periods[0].emission_reductions_rounded == 3  # 7.5 MWh × 0.5
    assert result.periods[0].emission_reductions_rounded == 3  # not 3,750
    assert result.periods[0].emission_reductions == pytest.approx(3.75)


def test_a_non_rational_er_near_a_boundary_is_floored_and_reported(tmp_path: Path) -> None:
    # (2 ** 0.5) ** 2 is 2.0000000000000004 in floats: ER is known only to a bound
    variant = _methodology_variant(
        tmp_path, "expression: RE_p - PE_p", "expression: RE_p * (2 ** 0.5) ** 2 / 2 - PE_p", 1
    )
    generation = "period,point,EG_i_p [MWh]\nP1,A,6\nP1,B,0\n"
    result = _calculate(tmp_path, generation, methodology=variant)
    period = result.periods[0]
    assert period.emission_reductions > 3  # 3.0000000000000004
    assert period.emission_reductions_rounded == 2  # the lower candidate, never snapped up
    assert period.near_boundary
    assert [f.code for f in result.findings] == ["JCM-C005"]


def test_a_non_rational_er_far_from_a_boundary_is_floored_quietly(tmp_path: Path) -> None:
    variant = _methodology_variant(
        tmp_path, "expression: RE_p - PE_p", "expression: RE_p * (2 ** 0.5) - PE_p", 1
    )
    generation = "period,point,EG_i_p [MWh]\nP1,A,6\nP1,B,0\n"
    result = _calculate(tmp_path, generation, methodology=variant)
    assert result.periods[0].emission_reductions_rounded == math.floor(3 * math.sqrt(2))
    assert result.findings == []


decimals = st.decimals(0, 10**6, places=3, allow_nan=False, allow_infinity=False)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(st.sampled_from("AB"), decimals), min_size=1, max_size=6),
    st.decimals(0, 500, places=3, allow_nan=False, allow_infinity=False),
    st.decimals(0, "1.5", places=4, allow_nan=False, allow_infinity=False),
)
def test_rounded_er_is_the_floor_of_the_same_calculation_in_fractions(
    tmp_path: Path, readings: list[tuple[str, object]], consumption: object, ef: object
) -> None:
    rows = "".join(
        f"2025-01-{n + 1:02d}T00:00,{point},{value}\n" for n, (point, value) in enumerate(readings)
    )
    generation = "timestamp,point,EG_i_p [kWh]\n" + rows + "2025-01-31T00:00,A,0\n"
    generation += "2025-01-31T00:00,B,0\n"
    expected_er = (
        sum((Fraction(str(v)) for _, v in readings), Fraction(0)) / 1000
        - Fraction(str(consumption))
    ) * Fraction(str(ef))
    result = _calculate(tmp_path, generation, f"period,EC_p [MWh]\nP1,{consumption}\n", ef=str(ef))
    assert result.periods[0].emission_reductions_rounded == max(math.floor(expected_er), 0)


def test_a_header_naming_two_units_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        _calculate(tmp_path, "period,point,EG_i_p [MWh] [kWh]\nP1,A,1\nP1,B,1\n")
    finding = next(f for f in caught.value.findings if f.code == "JCM-D006")
    assert "two units, 'MWh' and 'kWh'" in finding.message
    assert finding.row == 1


@pytest.mark.parametrize("unit", ["byte", "turn", "MB", "degree"])
def test_units_that_are_no_physical_quantity_are_refused_in_headers(
    tmp_path: Path, unit: str
) -> None:
    with pytest.raises(InputError) as caught:
        _calculate(tmp_path, f"period,point,EG_i_p [{unit}]\nP1,A,1\nP1,B,1\n")
    assert any("not a physical quantity" in f.message for f in caught.value.findings)


def test_units_that_are_no_physical_quantity_are_refused_in_project_values(
    tmp_path: Path,
) -> None:
    (tmp_path / "generation.csv").write_text("period,point,EG_i_p [MWh]\nP1,A,1\n")
    (tmp_path / "consumption.csv").write_text("period,EC_p [MWh]\nP1,0\n")
    project = tmp_path / "project.yaml"
    text = _project(tmp_path).replace("EF_RE: 0.5", "EF_RE:\n    value: 0.5\n    unit: turn")
    project.write_text(text, encoding="utf-8")
    loaded = load_project(project)
    finding = next(f for f in loaded.findings if f.code == "JCM-U001")
    assert "is an angle, not a physical quantity" in finding.message


def test_units_that_are_no_physical_quantity_are_refused_in_methodologies(
    tmp_path: Path,
) -> None:
    from jcm_mrv.methodology.loader import load_methodology

    variant = _methodology_variant(tmp_path, "unit: kW\n", "unit: byte\n", 2)
    loaded = load_methodology(variant)
    assert any("not a physical quantity" in f.message for f in loaded.findings)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(st.sampled_from("AB"), decimals), min_size=1, max_size=6),
    st.integers(0, 10**5),
    st.sampled_from(["0", "0.000001", "-0.000001", "0.000000001", "-0.000000001"]),
)
def test_an_er_at_or_next_to_a_whole_tonne_rounds_like_the_fractions(
    tmp_path: Path, readings: list[tuple[str, object]], whole: int, nudge: str
) -> None:
    # EF_RE = 0.5, so ER = (Σ EG / 1000 - EC) / 2: choose EC so that ER is a whole
    # tonne plus the nudge, exactly in decimals (the float path cannot tell; the
    # decision must come from the exact figure)
    total = sum((Fraction(str(v)) for _, v in readings), Fraction(0)) / 1000
    target = Fraction(min(whole, int(total / 2))) + Fraction(nudge)
    consumption = total - 2 * target
    assume(0 <= consumption <= 1000)  # the fixture bounds EC_p by [0, 1000] MWh
    rows = "".join(
        f"2025-01-{n + 1:02d}T00:00,{point},{value}\n" for n, (point, value) in enumerate(readings)
    )
    generation = "timestamp,point,EG_i_p [kWh]\n" + rows + "2025-01-31T00:00,A,0\n"
    generation += "2025-01-31T00:00,B,0\n"
    written = f"{float(consumption):.12f}" if consumption.denominator > 1 else str(consumption)
    assert Fraction(written) == consumption
    result = _calculate(tmp_path, generation, f"period,EC_p [MWh]\nP1,{written}\n")
    period = result.periods[0]
    assert period.emission_reductions_rounded == max(math.floor(target), 0)
    assert period.negative == (target < 0)
    assert Fraction(period.emission_reductions_exact or "nan") == target
