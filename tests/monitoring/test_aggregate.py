"""Aggregation: period boundaries, fsum-accurate sums, the other aggregations."""

from __future__ import annotations

import datetime
import math
from pathlib import Path

import numpy as np

from jcm_mrv.monitoring import ParameterSpec, PeriodSpec, SourceSpec
from jcm_mrv.monitoring.aggregate import PeriodGrid

from .conftest import read, write_text

JANUARY = PeriodSpec("Jan", datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))
MARCH = PeriodSpec("Mar", datetime.date(2025, 3, 1), datetime.date(2025, 3, 31))


def _ms(text: str) -> int:
    return int(np.datetime64(text, "ms").astype(np.int64))


def test_period_boundaries_for_start_and_end_timestamps() -> None:
    grid, problems = PeriodGrid.build([MARCH, JANUARY])  # declared order is kept
    assert problems == []
    times = [
        "2024-12-31T23:45",
        "2025-01-01T00:00",
        "2025-01-31T23:45",
        "2025-02-01T00:00",
        "2025-03-01T00:00",
        "2025-04-01T00:00",
    ]
    millis = np.array([_ms(t) for t in times])
    # start: [first day 00:00, day after last day 00:00)
    assert grid.assign(millis, "start").tolist() == [-1, 1, 1, -1, 0, -1]
    # end: (first day 00:00, day after last day 00:00]
    assert grid.assign(millis, "end").tolist() == [-1, -1, 1, 1, -1, 0]
    shuffled = millis[[3, 0, 5, 1, 4, 2]]  # unsorted timestamps take the general path
    assert grid.assign(shuffled, "start").tolist() == [-1, -1, -1, 1, 0, 1]


def test_invalid_periods_are_reported() -> None:
    backwards = PeriodSpec("X", datetime.date(2025, 2, 1), datetime.date(2025, 1, 1))
    _, problems = PeriodGrid.build([JANUARY, JANUARY, backwards])
    # one check for the project file and the reader: a duplicate id, a period that ends
    # before it starts, and the overlap that makes
    assert [p.code for p in problems] == ["JCM-P008", "JCM-P009", "JCM-P009"]


def _one_point(tmp_path: Path, spec: ParameterSpec, rows: str) -> np.ndarray:
    text = f"timestamp,{spec.symbol} [degC]\n{rows}"
    source = SourceSpec(write_text(tmp_path / "t.csv", text), "wide", point="A")
    data = read(source, {spec.symbol: spec}, [JANUARY], ["A"])
    assert data.findings == []
    return data.values[spec.symbol]


READINGS = "2025-01-01T00:00,20\n2025-01-02T00:00,25\n2025-01-03T00:00,18\n"


def test_mean_min_max_last_with_an_offset_unit(tmp_path: Path) -> None:
    # Readings 20, 25, 18 degC in kelvin: mean (20 + 25 + 18) / 3 = 21, min 18, max 25,
    # last 18; each plus 273.15.
    for how, expected in (("mean", 21.0), ("min", 18.0), ("max", 25.0), ("last", 18.0)):
        spec = ParameterSpec("T_i", "K", per_point=False, aggregation=how)  # type: ignore[arg-type]
        value = _one_point(tmp_path, spec, READINGS)
        assert math.isclose(value[0, 0], expected + 273.15, rel_tol=0, abs_tol=1e-9), how


def test_last_is_by_time_not_by_row(tmp_path: Path) -> None:
    spec = ParameterSpec("T_i", "degC", per_point=False, aggregation="last")
    rows = "2025-01-03T00:00,18\n2025-01-01T00:00,20\n"
    assert _one_point(tmp_path, spec, rows)[0, 0] == 18.0


def test_sums_convert_once_per_period_not_once_per_reading(tmp_path: Path) -> None:
    # 1000 + 1000.5 kWh = 2000.5 kWh = 2.0005 MWh; per reading: 1 + 1.0005 = 2.0004999...
    spec = ParameterSpec("EG", "MWh", per_point=False)
    text = "timestamp,EG [kWh]\n2025-01-01T00:00,1000\n2025-01-01T01:00,1000.5\n"
    source = SourceSpec(write_text(tmp_path / "k.csv", text), "wide")
    data = read(source, {"EG": spec}, [JANUARY], ["A"])
    assert data.values["EG"][0, 0] == 2.0005
    assert data.counts["EG"].tolist() == [[2]]
