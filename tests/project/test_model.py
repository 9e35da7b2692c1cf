"""The project file format: what the models accept, their defaults and their strictness."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from pydantic import ValidationError

from jcm_mrv.project.model import DataFile, ParameterValue, Project


def minimal(**changes: Any) -> dict[str, Any]:
    """The smallest valid project, as the YAML reader gives it, with some keys changed."""
    data: dict[str, Any] = {
        "kind": "project",
        "id": "TH901",
        "title": "Rooftop PV",
        "country": "TH",
        "methodology": {"id": "JCM_TH_AM001", "version": "01.0"},
        "monitoring_points": [{"id": "INV-01"}],
        "data": [{"path": "readings.csv"}],
        "periods": [
            {"id": "2025", "start": datetime.date(2025, 1, 1), "end": datetime.date(2025, 12, 31)}
        ],
    }
    data.update(changes)
    return data


def test_minimal_project_and_its_defaults() -> None:
    project = Project.model_validate(minimal())
    assert project.parameters == {}
    assert project.monitoring_options == {}
    assert project.methodology.path is None
    data = project.data[0]
    assert (data.layout, data.sheet, data.encoding, data.point, data.timestamps) == (
        "wide",
        None,
        None,
        None,
        "start",
    )
    assert project.periods[0].end == datetime.date(2025, 12, 31)


def test_bare_number_is_short_for_a_value() -> None:
    assert ParameterValue.model_validate(0.5) == ParameterValue(value=0.5)
    assert ParameterValue.model_validate(1) == ParameterValue(value=1.0)
    per_point = ParameterValue.model_validate({"values": {"A": 1.0, "B": 2.0}, "unit": "kW"})
    assert (per_point.value, per_point.values, per_point.unit) == (None, {"A": 1, "B": 2}, "kW")


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "methodology"},
        {"id": "TH-901"},  # two capitals and three digits
        {"country": "Thailand"},
        {"methodology": {"id": "JCM_TH_AM001", "version": 1.0}},  # the version is quoted text
        {"methodology": {"id": "AM001", "version": "01.0"}},
        {"monitoring_points": []},
        {"monitoring_points": [{"id": "INV 01"}]},  # no blanks in point ids
        {"data": []},
        {"periods": []},
        {"periods": [{"id": "2025", "start": "2025-01-01", "end": "2025-12-31"}]},  # strict
        {"parameters": {"EF_RE": True}},  # a boolean is not a number
        {"parameters": {"EF-RE": 0.5}},  # not a symbol
        {"monitoring_options": {"EG_i_p": "D"}},  # options are A, B or C
        {"data": [{"path": "readings.csv", "layout": "tall"}]},
        {"data": [{"path": "readings.csv", "timestamps": "middle"}]},
        {"sector": "energy"},  # unknown keys are errors, not ignored
    ],
)
def test_invalid_project_is_rejected(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Project.model_validate(minimal(**changes))


def test_models_are_frozen() -> None:
    data = DataFile(path="readings.csv")
    with pytest.raises(ValidationError):
        data.layout = "long"  # type: ignore[misc]
