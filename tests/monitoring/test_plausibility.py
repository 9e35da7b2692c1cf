"""Plausibility: bounds over duration on every reading and period, unit hints, outliers.

The bound here is a PV system's rated power times the interval, ``P_i * duration``,
with P = 10 kW at INV-01 and 4 kW at INV-02 (an :class:`ExpressionBound` as the engine
builds it from a methodology and a project's values).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import pytest

from jcm_mrv.findings import Severity
from jcm_mrv.monitoring import ParameterSpec, PeriodSpec, SourceSpec
from jcm_mrv.monitoring.plausibility import unit_hint
from jcm_mrv.monitoring.sources import ExpressionBound

from .conftest import read, write_text

RATED_KW = np.array([10.0, 4.0])  # INV-01, INV-02


def rated_times_duration(hours: np.ndarray) -> np.ndarray:
    """``P_i * duration`` in MWh: (durations, points)."""
    return hours.reshape(-1, 1) * RATED_KW.reshape(1, -1) / 1000.0


BOUND = ExpressionBound("P_i * duration", True, rated_times_duration)
EG = ParameterSpec("EG_i_p", "MWh", per_point=True, minimum=0.0, upper=BOUND)
JANUARY = (PeriodSpec("2025-01", datetime.date(2025, 1, 1), datetime.date(2025, 1, 31)),)


def hourly(
    tmp_path: Path, values: dict[tuple[int, str], str], header: str = "[kWh]", usual: str = "1"
) -> Path:
    """Hourly readings on 1 January 2025, ``usual`` each unless ``values`` says otherwise."""
    lines = [f"timestamp,point,EG_i_p {header}"]
    for hour in range(24):
        for point in ("INV-01", "INV-02"):
            value = values.get((hour, point), usual)
            lines.append(f"2025-01-01T{hour:02d}:00,{point},{value}")
    return write_text(tmp_path / "hourly.csv", "\n".join(lines) + "\n")


def one_day() -> tuple[PeriodSpec, ...]:
    return (PeriodSpec("D1", datetime.date(2025, 1, 1), datetime.date(2025, 1, 1)),)


def test_an_hourly_reading_above_rated_power_for_an_hour_is_an_error_at_its_cell(
    tmp_path: Path,
) -> None:
    # 4 kW for 1 h allows 4 kWh at INV-02; 4.5 kWh is above it, 10 kWh at INV-01 is not
    path = hourly(tmp_path, {(12, "INV-02"): "4.5", (12, "INV-01"): "10"})
    data = read(SourceSpec(path, "wide", interval="1h"), {"EG_i_p": EG}, one_day())
    found = [f for f in data.findings if f.code == "JCM-D015"]
    assert len(found) == 1
    finding = found[0]
    assert finding.severity is Severity.ERROR
    assert finding.row == 2 + 12 * 2 + 1  # header, 12 hours of two rows, INV-02's row
    assert "INV-02" in finding.message and "0.0045 MWh" in finding.message
    assert "0.004 MWh (= P_i * duration, for 1 h)" in finding.message
    assert finding.hint is None  # 1.1 times the bound: a real excess, not a unit
    assert np.isnan(data.values["EG_i_p"][0, 1])  # no value for the day at INV-02


def test_a_value_just_above_its_bound_is_shown_apart_from_it(tmp_path: Path) -> None:
    # 4.000001 kWh against 4 kWh: six significant digits would print both as 0.004 MWh
    path = hourly(tmp_path, {(12, "INV-02"): "4.000001"})
    data = read(SourceSpec(path, "wide", interval="1h"), {"EG_i_p": EG}, one_day())
    [finding] = [f for f in data.findings if f.code == "JCM-D015"]
    assert "= 0.004000001 MWh is above the maximum 0.004 MWh" in finding.message


def test_the_interval_is_inferred_when_not_declared(tmp_path: Path) -> None:
    path = hourly(tmp_path, {(3, "INV-01"): "10.5"})
    data = read(SourceSpec(path, "wide"), {"EG_i_p": EG}, one_day())
    finding = next(f for f in data.findings if f.code == "JCM-D015")
    assert finding.row == 2 + 3 * 2 and "0.01 MWh" in finding.message


def test_kwh_under_an_mwh_label_gets_the_unit_hint(tmp_path: Path) -> None:
    # 0.5 kWh an hour written under [MWh]: 0.5 MWh against 0.004 MWh is 125 times it
    inv02 = {(h, "INV-02"): "0.5" for h in range(24)}
    path = hourly(tmp_path, inv02, header="[MWh]", usual="0.001")
    data = read(SourceSpec(path, "wide"), {"EG_i_p": EG}, one_day())
    found = [f for f in data.findings if f.code == "JCM-D015" and f.row is not None]
    assert [f.row for f in found] == list(range(3, 23, 2))  # INV-02's rows, 10 listed
    assert "14 more" in data.findings[-1].message
    assert found[0].hint is not None and "unit label is probably wrong" in found[0].hint
    assert "125 times the maximum" in found[0].hint


def test_a_monthly_value_is_checked_against_the_days_of_its_month(tmp_path: Path) -> None:
    # declared month values: January 744 h, February 672 h; at 4 kW: 2.976 and 2.688 MWh
    text = "timestamp,point,EG_i_p [MWh]\n2025-01,INV-02,2.9\n2025-02,INV-02,2.7\n"
    path = write_text(tmp_path / "months.csv", text)
    periods = (PeriodSpec("2025", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),)
    source = SourceSpec(path, "wide", date_format="%Y-%m")
    data = read(source, {"EG_i_p": EG}, periods)
    found = [f for f in data.findings if f.code == "JCM-D015"]
    assert [f.row for f in found] == [3]  # February only: 2.7 > 2.688
    assert "for 672 h" in found[0].message


def test_a_period_total_above_rated_power_for_the_period_is_an_error(tmp_path: Path) -> None:
    # irregular readings, about 10 days apart (no clock interval): each reading is
    # checked against the longer step to its neighbours (9 to 11 days) and passes;
    # the month's total is checked: 10 kW x 744 h = 7.44 MWh; 4 readings of 2 MWh = 8 MWh
    rows = ["timestamp,point,EG_i_p [MWh]"]
    rows += [f"2025-01-{day:02d}T10:17,INV-01,2" for day in (1, 10, 20, 31)]
    path = write_text(tmp_path / "events.csv", "\n".join(rows) + "\n")
    data = read(SourceSpec(path, "wide"), {"EG_i_p": EG}, JANUARY)
    found = [f for f in data.findings if f.code == "JCM-D015"]
    assert len(found) == 1 and found[0].row is None
    assert "period '2025-01' at point 'INV-01'" in found[0].message
    assert "8 MWh is above the maximum 7.44 MWh (= P_i * duration, for 744 h)" in found[0].message
    assert np.isnan(data.values["EG_i_p"][0, 0])


def test_a_reading_of_unknown_interval_is_said_to_be_unchecked(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "one.csv", "timestamp,point,EG_i_p [MWh]\n2025-01-05T10:17,INV-01,9\n"
    )
    data = read(SourceSpec(path, "wide"), {"EG_i_p": EG}, JANUARY)
    told = [f for f in data.findings if f.code == "JCM-D046"]
    assert len(told) == 1 and told[0].severity is Severity.INFO and told[0].row == 2
    # the month's value is still checked: 9 MWh > 7.44 MWh
    assert any(f.code == "JCM-D015" and "9 MWh" in f.message for f in data.findings)


def test_monthly_totals_dated_by_a_day_count_as_months(tmp_path: Path) -> None:
    # 15/01/2025 under %d/%m/%Y names a day, but the readings come a month apart: the
    # bound is taken over the longer step to its neighbours (at least 28 days: 672 h,
    # 2.688 MWh at INV-02)
    rows = ["timestamp,point,EG_i_p [MWh]"]
    rows += [f"15/{m:02d}/2025,INV-02,2.5" for m in range(1, 7)]
    path = write_text(tmp_path / "days.csv", "\n".join(rows) + "\n")
    half = (PeriodSpec("H1", datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),)
    data = read(SourceSpec(path, "wide", date_format="%d/%m/%Y"), {"EG_i_p": EG}, half)
    assert [f for f in data.findings if f.code == "JCM-D015"] == []


def test_values_within_the_bound_give_no_finding(tmp_path: Path) -> None:
    path = hourly(tmp_path, {(12, "INV-01"): "10", (12, "INV-02"): "4"})
    data = read(SourceSpec(path, "wide"), {"EG_i_p": EG}, one_day())
    assert data.findings == []
    assert data.values["EG_i_p"][0].tolist() == pytest.approx([0.033, 0.027])


def monthly(tmp_path: Path, values: list[str]) -> Path:
    lines = ["timestamp,point,EG_i_p [MWh]"]
    lines += [f"2025-{m + 1:02d}-01,INV-01,{v}" for m, v in enumerate(values)]
    return write_text(tmp_path / "monthly.csv", "\n".join(lines) + "\n")


YEAR = (PeriodSpec("2025", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),)
PLAIN = ParameterSpec("EG_i_p", "MWh", per_point=True, minimum=0.0)


def test_a_reading_far_above_its_points_distribution_is_a_warning(tmp_path: Path) -> None:
    # 11 months near 1.2 MWh and one of 30 MWh (a typo): the rates per hour, median
    # about 1.6 kWh/h; 30 MWh / 744 h = 40 kWh/h is far beyond 8 scales
    values = ["1.2", "1.1", "1.3", "1.2", "1.25", "1.15", "1.2", "1.3", "1.1", "1.2", "1.2", "30"]
    data = read(SourceSpec(monthly(tmp_path, values), "wide"), {"EG_i_p": PLAIN}, YEAR)
    found = [f for f in data.findings if f.code == "JCM-D045"]
    assert len(found) == 1
    assert found[0].severity is Severity.WARNING
    assert found[0].row == 13 and "EG_i_p at point 'INV-01' = 30 MWh" in found[0].message
    assert data.values["EG_i_p"][0, 0] == pytest.approx(43.2)  # used as read


def test_an_idle_month_or_seasonal_swing_is_not_an_outlier(tmp_path: Path) -> None:
    values = ["0", "1.1", "1.3", "2.2", "2.5", "1.15", "0.4", "1.3", "1.1", "1.2", "1.2", "2.9"]
    data = read(SourceSpec(monthly(tmp_path, values), "wide"), {"EG_i_p": PLAIN}, YEAR)
    assert [f for f in data.findings if f.code == "JCM-D045"] == []


def test_too_few_readings_are_not_judged(tmp_path: Path) -> None:
    values = ["1.2", "1.1", "1.3", "1.2", "1.25", "1.15", "1.2", "1.3", "1.1", "1.2", "30"]
    data = read(SourceSpec(monthly(tmp_path, values), "wide"), {"EG_i_p": PLAIN}, YEAR)
    assert [f for f in data.findings if f.code == "JCM-D045"] == []


@pytest.mark.parametrize(
    ("value", "limit", "below", "hinted"),
    [
        (31000.0, 158.6, False, True),  # kWh under MWh at a monthly load of 20 %
        (15000.0, 15.0, False, True),  # exactly 1,000 times
        (8928.0, 322.0, False, False),  # 12 MW for a month at an 0.43 MW chiller: 28x
        (16000.0, 15.0, False, False),  # more than 1,000 times: not explained by k
        (0.002, 1.0, True, True),  # MWh under kWh, below a positive minimum
        (-5.0, 0.0, True, False),
    ],
)
def test_the_unit_hint_rule(value: float, limit: float, below: bool, hinted: bool) -> None:
    assert (unit_hint(value, limit, below=below, unit="MWh") is not None) is hinted
