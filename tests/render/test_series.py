"""The monitored values over time: the report's daily or monthly series per point."""

from __future__ import annotations

import datetime
import math
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from jcm_mrv.engine.calculation import calculate_loaded
from jcm_mrv.engine.results import CalculationResult
from jcm_mrv.project.loader import load_project
from jcm_mrv.render.series import DAILY_LIMIT, monitored_series, resolution_of, sub_periods

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
D = datetime.date


def _calculated(project: Path) -> CalculationResult:
    return calculate_loaded(load_project(project), explain=True)


def test_sub_periods_are_calendar_days_or_months_cut_by_the_periods() -> None:
    periods = [(D(2025, 1, 15), D(2025, 3, 10)), (D(2025, 3, 11), D(2025, 3, 12))]
    assert sub_periods(periods, "month") == [
        (D(2025, 1, 15), D(2025, 1, 31)),
        (D(2025, 2, 1), D(2025, 2, 28)),
        (D(2025, 3, 1), D(2025, 3, 10)),
        (D(2025, 3, 11), D(2025, 3, 12)),
    ]
    days = sub_periods(periods, "day")
    assert len(days) == 57 and all(start == end for start, end in days)
    assert days[0][0] == D(2025, 1, 15) and days[-1][0] == D(2025, 3, 12)
    assert sub_periods([(D(2024, 12, 20), D(2025, 1, 5))], "month") == [
        (D(2024, 12, 20), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 1, 5)),
    ]


def test_daily_up_to_the_limit_then_monthly() -> None:
    def spanning(days: int) -> Any:
        start = D(2025, 1, 1)
        end = start + datetime.timedelta(days=days - 1)
        return SimpleNamespace(periods=[SimpleNamespace(start=start, end=end)])

    assert resolution_of(spanning(DAILY_LIMIT)) == "day"
    assert resolution_of(spanning(DAILY_LIMIT + 1)) == "month"


@pytest.mark.parametrize(
    ("example", "symbol", "resolution", "count"),
    [
        ("solar-pv-th", "EG_i_p", "day", 365),  # 15-minute readings, one year
        ("chiller-id", "EC_PJ_i_p", "month", 12),  # monthly readings
        ("solar-pv-kh", "EG_i_p_d", "day", 181),  # a parameter read per day (index d)
        ("anaerobic-digestion-vn", "EC_PJ_p", "month", 24),  # two years
    ],
)
def test_the_series_adds_up_to_each_periods_value(
    example: str, symbol: str, resolution: str, count: int
) -> None:
    project = EXAMPLES / example / "project.yaml"
    result = _calculated(project)
    series = {s.symbol: s for s in monitored_series(project, result)}
    one = series[symbol]
    assert (one.resolution, len(one.starts)) == (resolution, count)
    explained = next(e for e in result.explanation if e.symbol == symbol)
    for n, period in enumerate(result.periods):
        inside = [k for k, day in enumerate(one.starts) if period.start <= day <= period.end]
        for j, line in enumerate(one.values):
            total = math.fsum(v for k in inside if (v := line[k]) is not None)
            expected = explained.values[n][j]
            if isinstance(expected, list):  # per day: the period's days
                expected = math.fsum(expected)
            assert total == pytest.approx(expected, rel=1e-12), (period.id, j)
            assert all(line[k] is not None for k in inside)


def test_values_per_period_have_no_series() -> None:
    # a monitoring report with one value per period and point: nothing to draw over time
    project = EXAMPLES / "absorption-chiller-id" / "project.yaml"
    assert "period" in (project.parent / "monitoring-report.csv").read_text().splitlines()[0]
    result = _calculated(project)
    assert result.explanation and monitored_series(project, result) == []


def test_a_gap_is_a_break_in_the_line_not_a_zero(tmp_path: Path) -> None:
    folder = tmp_path / "gap"
    shutil.copytree(EXAMPLES / "solar-pv-bd", folder)
    readings = folder / "readings.csv"
    lines = readings.read_text(encoding="utf-8").splitlines(keepends=True)
    readings.write_text(
        "".join(line for line in lines if not line.startswith("2025-03-10")), encoding="utf-8"
    )
    project = folder / "project.yaml"
    one = monitored_series(project, _calculated(project))[0]
    k = one.starts.index(D(2025, 3, 10))
    for line in one.values:
        assert line[k] is None
        assert line[k - 1] is not None and line[k + 1] is not None
