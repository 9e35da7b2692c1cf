"""Aggregation: period boundaries, fsum-accurate sums, the other aggregations."""

from __future__ import annotations

import datetime
import math
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from jcm_mrv.monitoring import ParameterSpec, PeriodSpec, SourceSpec
from jcm_mrv.monitoring.aggregate import PeriodGrid, grouped_sum

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
    assert [p.code for p in problems] == ["JCM-D023", "JCM-D023", "JCM-D023"]


def test_grouped_sum_beats_naive_summation() -> None:
    # Naively 1e16 + 1 - 1e16 is 0; the exact sum of group 0 is 1, of group 1 is 0.3.
    groups = np.array([0, 0, 0, 1, 1, 1])
    values = np.array([1e16, 1.0, -1e16, 0.1, 0.1, 0.1])
    assert grouped_sum(groups, values, 2).tolist() == [1.0, math.fsum([0.1, 0.1, 0.1])]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),
            st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False, allow_subnormal=False),
        ),
        max_size=200,
    )
)
def test_grouped_sum_is_within_one_ulp_of_fsum(pairs: list[tuple[int, float]]) -> None:
    # fsum rounds the exact sum once (half an ulp); grouped_sum may differ from it by one
    # ulp when the exact sum sits on a rounding tie that a tiny remainder breaks.
    groups = np.array([g for g, _ in pairs], dtype=np.int64)
    values = np.array([v for _, v in pairs], dtype=np.float64)
    expected = np.array([math.fsum(v for g, v in pairs if g == k) for k in range(4)])
    got = grouped_sum(groups, values, 4)
    assert (np.abs(got - expected) <= np.spacing(np.abs(expected))).all()


@given(
    st.lists(st.tuples(st.integers(0, 2), st.decimals(0, 10**6, places=3).map(float)), max_size=300)
)
def test_grouped_sum_of_metered_decimals_equals_fsum(pairs: list[tuple[int, float]]) -> None:
    groups = np.array([g for g, _ in pairs], dtype=np.int64)
    values = np.array([v for _, v in pairs], dtype=np.float64)
    expected = [math.fsum(v for g, v in pairs if g == k) for k in range(3)]
    assert grouped_sum(groups, values, 3).tolist() == expected


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
