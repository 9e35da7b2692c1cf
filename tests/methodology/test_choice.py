"""Choice parameters: a declared site configuration selects a factor (``SITE == "off-grid"``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import jcm_mrv
from jcm_mrv.errors import InputError
from jcm_mrv.formula import FormulaError
from jcm_mrv.formula.parser import parse
from jcm_mrv.formula.render import render
from jcm_mrv.methodology.loader import load_methodology

METHODOLOGY = """\
kind: methodology
id: DRAFT_MN_CHOICE_TEST
version: "01.0"
title: Solar PV, factor by site configuration (test)
countries: [MN]
sectoral_scopes: [1]
status: draft
source: {document: a test methodology}
emission_sources:
  reference: [{source: Grid or captive power, ghg: [CO2]}]
  project: [{source: Solar PV, ghg: []}]
parameters:
  EG_p:
    kind: monitored
    description: Electricity generated.
    unit: MWh
    options: [C]
  SITE:
    kind: project
    description: How the PV system is connected.
    unit: dimensionless
    choices: [grid, captive, off-grid]
  EF_grid: {kind: project, description: Grid factor., unit: tCO2/MWh}
  EF_captive:
    {kind: default, description: Captive factor., unit: tCO2/MWh, value: 0.533, source: t}
eligibility:
  - id: C1
    text: The site is not off the grid.
    condition: SITE != "off-grid"
equations:
  RE_p:
    description: Reference emissions.
    expression: EG_p * where(SITE == "grid", EF_grid, EF_captive)
    unit: tCO2
    index: [p]
  PE_p: {description: Project emissions., expression: "0", unit: tCO2}
  ER_p: {description: Emission reductions., expression: RE_p - PE_p, unit: tCO2}
outputs: {reference_emissions: RE_p, project_emissions: PE_p, emission_reductions: ER_p}
"""

PROJECT = """\
kind: project
id: MN999
title: Choice test
country: MN
methodology: {id: DRAFT_MN_CHOICE_TEST, version: "01.0", path: methodology.yaml}
monitoring_points: [{id: PV-1}]
parameters:
  SITE: SITE_VALUE
  EF_grid: 0.797
data: [{path: generation.csv, layout: wide}]
periods: [{id: P1, start: 2025-01-01, end: 2025-01-31}]
"""


def _project(root: Path, site: str, methodology: str = METHODOLOGY) -> Path:
    (root / "methodology.yaml").write_text(methodology, encoding="utf-8")
    (root / "generation.csv").write_text("period,point,EG_p [MWh]\nP1,PV-1,100\n", encoding="utf-8")
    path = root / "project.yaml"
    path.write_text(PROJECT.replace("SITE_VALUE", site), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("site", "re", "c1"),
    [
        ("grid", 79.7, "pass"),  # 100 MWh x 0.797 tCO2/MWh
        ("captive", 53.3, "pass"),  # 100 MWh x 0.533 tCO2/MWh
        ("off-grid", 53.3, "fail"),  # 100 MWh x 0.533; C1 excludes off-grid sites
        ("{choice: captive, source: PDD section A.3}", 53.3, "pass"),
    ],
)
def test_the_declared_configuration_selects_the_factor(
    tmp_path: Path, site: str, re: float, c1: str
) -> None:
    result = jcm_mrv.calculate(_project(tmp_path, site))
    assert result.periods[0].reference_emissions == pytest.approx(re, rel=1e-12)
    assert {e.id: e.status for e in result.eligibility} == {"C1": c1}


@pytest.mark.parametrize(
    ("site", "code", "text"),
    [
        ("offgrid", "JCM-P015", "did you mean 'off-grid'"),
        ("2", "JCM-P015", "not a number"),
        ("null", "JCM-P003", "choose one of grid, captive, off-grid"),
    ],
)
def test_a_choice_that_is_not_an_option_stops_the_calculation(
    tmp_path: Path, site: str, code: str, text: str
) -> None:
    with pytest.raises(InputError) as caught:
        jcm_mrv.calculate(_project(tmp_path, site))
    found = [f for f in caught.value.findings if f.code == code]
    assert found, caught.value.findings
    assert text in found[0].message + (f" ({found[0].hint})" if found[0].hint else "")


def test_an_option_for_a_numeric_parameter_is_refused(tmp_path: Path) -> None:
    path = _project(tmp_path, "grid")
    path.write_text(path.read_text().replace("EF_grid: 0.797", "EF_grid: high"))
    with pytest.raises(InputError) as caught:
        jcm_mrv.calculate(path)
    assert [f.code for f in caught.value.findings] == ["JCM-P015"]


@pytest.mark.parametrize(
    ("edit", "code", "text"),
    [
        ('SITE == "grid"', 'SITE == "gird"', "not an option of SITE"),
        ('SITE == "grid"', 'EF_grid == "grid"', "only be compared with a choice parameter"),
        (
            'where(SITE == "grid", EF_grid, EF_captive)',
            "SITE * min(EF_grid, EF_captive)",
            "is a choice",
        ),
        ("    unit: dimensionless\n    choices", "    unit: MWh\n    choices", "'dimensionless'"),
        ("[grid, captive, off-grid]", "[grid, grid]", "listed twice"),
    ],
)
def test_a_choice_used_wrongly_is_a_finding(
    tmp_path: Path, edit: str, code: str, text: str
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(METHODOLOGY.replace(edit, code, 1), encoding="utf-8")
    loaded = load_methodology(path)
    messages = [f"{f.code} {f.message}" for f in loaded.findings]
    assert any(text in m for m in messages), messages
    assert all(m.startswith(("JCM-F009", "JCM-S003")) for m in messages), messages


def test_option_text_is_only_allowed_in_an_equality() -> None:
    assert render(parse('where(SITE == "off-grid", a, b)')) == 'where(SITE == "off-grid", a, b)'
    assert render(parse('"grid" != SITE')) == '"grid" != SITE'
    for text in ('SITE < "grid"', '"grid"', 'a + "x"', 'SITE == "Off Grid"', '0 < SITE == "x"'):
        with pytest.raises(FormulaError) as caught:
            parse(text)
        assert caught.value.code.code == "JCM-F002"
