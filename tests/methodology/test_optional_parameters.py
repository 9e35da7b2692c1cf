"""Optional project-specific values (``required: false``): only bounds may use them.

Hand-worked: JCM_TH_AM001 bounds a PV system's generation by ``P_out_i * duration``
(kW x h, converted to the parameter's MWh). At 500 kW, a 15-minute reading may be at most
500 kW x 0.25 h = 125 kWh = 0.125 MWh, a day 500 x 24 = 12,000 kWh = 12 MWh.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from tests.monitoring.conftest import read, write_text

from jcm_mrv.engine.bounds import expression_bounds
from jcm_mrv.findings import Finding, Severity
from jcm_mrv.methodology.checks import CheckedMethodology
from jcm_mrv.methodology.loader import load_methodology
from jcm_mrv.methodology.model import ProjectParameter
from jcm_mrv.methodology.registry import find_bundled
from jcm_mrv.monitoring import ParameterSpec, PeriodSpec, SourceSpec
from jcm_mrv.project.loader import load_project

SOLAR = ("BD_PM002", "JCM_CL_AM001", "JCM_ID_AM017", "JCM_KE_AM002", "JCM_KH_AM002")
SOLAR += ("JCM_MN_AM003", "JCM_MV_AM001", "JCM_TH_AM001", "JCM_VN_AM007")
HYDRO = ("JCM_PH_AM001", "KE_PM003")


def bundled(ident: str) -> CheckedMethodology:
    entry = find_bundled(ident)
    assert entry is not None
    loaded = load_methodology(entry.path)
    assert loaded.checked is not None and loaded.findings == []
    return loaded.checked


def solar_data() -> dict[str, Any]:
    entry = find_bundled("JCM_TH_AM001")
    assert entry is not None
    data: dict[str, Any] = yaml.safe_load(entry.path.read_text(encoding="utf-8"))
    return data


def load(tmp_path: Path, data: dict[str, Any]) -> list[Finding]:
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_methodology(path).findings


@pytest.mark.parametrize("ident", SOLAR + HYDRO)
def test_pv_and_hydro_bound_their_generation_by_an_optional_rated_output(ident: str) -> None:
    checked = bundled(ident)
    capacity = checked.methodology.parameters["P_out_i"]
    assert isinstance(capacity, ProjectParameter) and not capacity.required
    assert capacity.unit == ("MW" if ident in HYDRO else "kW") and capacity.index == ["i"]
    assert "NOT a parameter of the" in capacity.description  # honest: added by jcm-mrv
    (generation,) = checked.bounds  # the one parameter bounded by an expression
    assert generation.startswith("EG_")
    assert "P_out_i" in checked.bounds[generation]["max"].names
    used = " ".join(e.expression for e in checked.methodology.equations.values())
    assert "P_out_i" not in used


def test_rated_output_times_duration_is_converted_into_mwh() -> None:
    bounds = expression_bounds(bundled("JCM_TH_AM001"), {"P_out_i": {"A": 500.0}}, ["A"])
    limits = bounds["EG_i_p"]["max"].limits(np.array([0.25, 24.0]))
    assert limits.tolist() == [[pytest.approx(0.125)], [pytest.approx(12.0)]]


def test_a_hydro_rated_output_in_mw_bounds_mwh() -> None:
    # 0.8 MW for a day of 24 h: 19.2 MWh
    bounds = expression_bounds(bundled("JCM_PH_AM001"), {"P_out_i": {"U": 0.8}}, ["U"])
    assert bounds["EG_i_p"]["max"].limits(np.array([24.0])).tolist() == [[pytest.approx(19.2)]]


def test_a_value_left_out_gives_no_limit_nan() -> None:
    checked = bundled("JCM_TH_AM001")
    absent = expression_bounds(checked, {}, ["A", "B"])["EG_i_p"]["max"]
    assert np.isnan(absent.limits(np.array([0.25, 1.0]))).all()
    assert absent.limits(np.array([0.25, 1.0])).shape == (2, 2)
    # one point without a value: NaN there only, the other point still bounded
    partial = expression_bounds(checked, {"P_out_i": {"A": 500.0}}, ["A", "B"])["EG_i_p"]["max"]
    limits = partial.limits(np.array([0.25]))
    assert limits[0, 0] == pytest.approx(0.125) and np.isnan(limits[0, 1])


def test_a_reading_is_checked_only_where_its_bound_has_a_value(tmp_path: Path) -> None:
    # the bound as the engine builds it for A at 500 kW and B left out; both read 200 kWh
    # in 15 minutes (800 kW): A's reading is an error, B's is not checked
    checked = bundled("JCM_TH_AM001")
    upper = expression_bounds(checked, {"P_out_i": {"A": 500.0}}, ["A", "B"])["EG_i_p"]["max"]
    spec = ParameterSpec("EG_i_p", "MWh", per_point=True, minimum=0.0, upper=upper)
    text = "timestamp,point,EG_i_p [kWh]\n" + "".join(
        f"2025-01-01T12:{m:02d},{p},200\n" for m in (0, 15, 30, 45) for p in ("A", "B")
    )
    path = write_text(tmp_path / "q.csv", text)
    day = (PeriodSpec("D1", datetime.date(2025, 1, 1), datetime.date(2025, 1, 1)),)
    data = read(SourceSpec(path, "wide", interval="15min"), {"EG_i_p": spec}, day, ["A", "B"])
    errors = [f for f in data.findings if f.severity is Severity.ERROR]
    assert {f.code for f in errors} == {"JCM-D015"}
    assert {f.row for f in errors} == {2, 4, 6, 8}  # A's rows only
    assert all("'A' = 0.2 MWh is above the maximum 0.125 MWh" in f.message for f in errors)
    assert data.values["EG_i_p"][0, 1] == pytest.approx(0.8)  # B: 4 x 200 kWh


def test_an_optional_value_in_an_equation_is_refused(tmp_path: Path) -> None:
    data = solar_data()
    # generation capped at rated output for a year: ER would need P_out_i
    data["parameters"]["H_year"] = {
        "kind": "default",
        "description": "Hours of a year.",
        "unit": "h",
        "value": 8760,
        "source": "test",
    }
    data["equations"]["RE_p"]["expression"] = "sum(min(EG_i_p, P_out_i * H_year) * EF_RE, i)"
    findings = load(tmp_path, data)
    assert [f.code for f in findings] == ["JCM-M015"], findings
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert "equation RE_p uses P_out_i, which is optional" in finding.message
    assert finding.hint is not None and "declare P_out_i required" in finding.hint


def test_an_optional_value_in_a_condition_is_refused(tmp_path: Path) -> None:
    data = solar_data()
    data["eligibility"][0] = {
        "id": "C1",
        "text": "At least 10 kW.",
        "condition": "P_out_i > 0 * P_out_i",
    }
    findings = load(tmp_path, data)
    assert [f.code for f in findings] == ["JCM-M015"], findings
    assert "the condition of C1 uses P_out_i" in findings[0].message


def test_declared_required_the_same_use_is_fine(tmp_path: Path) -> None:
    data = solar_data()
    data["parameters"]["P_out_i"]["required"] = True
    data["eligibility"][0] = {
        "id": "C1",
        "text": "At least 10 kW.",
        "condition": "P_out_i > 0 * P_out_i",
    }
    assert load(tmp_path, data) == []


def test_required_is_for_project_parameters_only(tmp_path: Path) -> None:
    data = solar_data()
    data["parameters"]["EG_i_p"]["required"] = False
    assert [f.code for f in load(tmp_path, data)] == ["JCM-S002"]  # not a key of it


def project_file(tmp_path: Path, capacity: str) -> Path:
    path = tmp_path / "project.yaml"
    write_text(tmp_path / "readings.csv", "timestamp,point,EG_i_p [kWh]\n")
    path.write_text(
        "kind: project\nid: TH001\ntitle: t\ncountry: TH\n"
        'methodology: {id: JCM_TH_AM001, version: "01.0"}\n'
        "monitoring_points: [{id: A}, {id: B}]\n"
        f"parameters:\n  EF_RE: {{value: 0.5, unit: tCO2/MWh}}\n{capacity}"
        "monitoring_options: {EG_i_p: C}\n"
        "data: [{path: readings.csv}]\n"
        "periods: [{id: P1, start: 2025-01-01, end: 2025-01-31}]\n",
        encoding="utf-8",
    )
    return path


def test_a_project_leaving_it_out_gets_one_warning_saying_what_to_add(tmp_path: Path) -> None:
    loaded = load_project(project_file(tmp_path, ""))
    (finding,) = loaded.findings
    assert (finding.code, finding.severity) == ("JCM-P024", Severity.WARNING)
    assert finding.line == 8  # under 'parameters'
    assert finding.hint == (
        "to check the monitoring data against it, add under parameters: "
        "P_out_i: {unit: kW, values: {A: …, B: …}}"
    )
    assert "P_out_i" not in loaded.values and loaded.usable


def test_a_project_giving_it_is_converted_and_bounds_checked(tmp_path: Path) -> None:
    loaded = load_project(
        project_file(tmp_path, "  P_out_i: {unit: MW, values: {A: 0.5, B: -1}}\n")
    )
    assert [(f.code, f.line) for f in loaded.findings] == [("JCM-P006", 9)]  # B below 0
    assert "P_out_i = -1000 kW is below the minimum 0" in loaded.findings[0].message
    fine = load_project(project_file(tmp_path, "  P_out_i: {unit: MW, values: {A: 0.5, B: 2}}\n"))
    assert fine.findings == [] and fine.values["P_out_i"] == {"A": 500.0, "B": 2000.0}


def test_a_project_giving_it_for_some_points_only_is_an_error(tmp_path: Path) -> None:
    loaded = load_project(project_file(tmp_path, "  P_out_i: {unit: kW, values: {A: 500}}\n"))
    (finding,) = loaded.findings
    assert (finding.code, finding.severity) == ("JCM-P005", Severity.ERROR)
    assert finding.message == "P_out_i: values missing for B"
    assert finding.hint is not None and "or leave it out" in finding.hint
