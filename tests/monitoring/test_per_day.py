"""Per-day parameters (index ``d``): readings aggregated per calendar day of each period."""

from __future__ import annotations

import datetime
import math
from pathlib import Path

import numpy as np

from jcm_mrv.monitoring import ParameterSpec, PeriodSpec, SourceSpec

from .conftest import errors, only, read, write_text

# Two periods of unequal length: 3 days and 4 days, so P1 has one padding day.
P1 = PeriodSpec("P1", datetime.date(2025, 1, 1), datetime.date(2025, 1, 3))
P2 = PeriodSpec("P2", datetime.date(2025, 1, 4), datetime.date(2025, 1, 7))
PERIODS = (P1, P2)
EG_DAY = ParameterSpec("EG_i_p_d", "MWh", per_point=True, minimum=0.0, per_day=True)
DIESEL = ParameterSpec(
    "DIESEL_p_d", "dimensionless", per_point=False, aggregation="max", per_day=True
)


def _day_rows(day: int, first: str, second: str) -> list[str]:
    """Two readings per point on 2025-01-<day>: at 00:00 and at 12:00 (kWh)."""
    stamp = f"2025-01-{day:02d}"
    return [
        f"{stamp}T00:00,INV-01,{first}",
        f"{stamp}T12:00,INV-01,{first}",
        f"{stamp}T00:00,INV-02,{second}",
        f"{stamp}T12:00,INV-02,{second}",
    ]


def _wide(path: Path, days: range, *, skip: tuple[int, str] | None = None) -> SourceSpec:
    """Day n: INV-01 reads n × 100 kWh twice, INV-02 reads 250 kWh twice."""
    rows = []
    for day in days:
        for row in _day_rows(day, str(day * 100), "250"):
            if skip is None or not (row.startswith(f"2025-01-{skip[0]:02d}") and skip[1] in row):
                rows.append(row)
    write_text(path, "timestamp,point,EG_i_p_d [kWh]\n" + "\n".join(rows) + "\n")
    return SourceSpec(path, layout="wide")


def test_readings_are_summed_per_day_and_short_periods_are_padded(tmp_path: Path) -> None:
    data = read(_wide(tmp_path / "eg.csv", range(1, 8)), {"EG_i_p_d": EG_DAY}, PERIODS)
    assert errors(data) == []
    values = data.values["EG_i_p_d"]
    assert values.shape == (2, 2, 4)  # periods × points × days of the longest period
    # INV-01 on day n: 2 × n × 100 kWh = n/5 MWh; INV-02: 2 × 250 kWh = 0.5 MWh.
    # P1 = 1–3 January, then one padding day (0.0); P2 = 4–7 January.
    assert values[0].tolist() == [[0.2, 0.4, 0.6, 0.0], [0.5, 0.5, 0.5, 0.0]]
    assert values[1].tolist() == [[0.8, 1.0, 1.2, 1.4], [0.5, 0.5, 0.5, 0.5]]
    assert data.counts["EG_i_p_d"][0].tolist() == [[2, 2, 2, 0], [2, 2, 2, 0]]
    assert data.counts["EG_i_p_d"][1].tolist() == [[2, 2, 2, 2], [2, 2, 2, 2]]


def test_a_parameter_without_points_has_one_point_column(tmp_path: Path) -> None:
    # Diesel flag per day, one site: max of the hourly flags of the day.
    rows = ["timestamp,DIESEL_p_d [dimensionless]"]
    flags = {1: (0, 0), 2: (0, 1), 3: (1, 1), 4: (0, 0), 5: (0, 0), 6: (1, 0), 7: (0, 0)}
    for day, (morning, evening) in flags.items():
        rows += [f"2025-01-{day:02d}T06:00,{morning}", f"2025-01-{day:02d}T18:00,{evening}"]
    path = write_text(tmp_path / "diesel.csv", "\n".join(rows) + "\n")
    data = read(SourceSpec(path, layout="wide"), {"DIESEL_p_d": DIESEL}, PERIODS)
    assert errors(data) == []
    assert data.values["DIESEL_p_d"].tolist() == [[[0.0, 1.0, 1.0, 0.0]], [[0.0, 0.0, 1.0, 0.0]]]


def test_a_day_without_readings_is_an_error_naming_period_day_and_point(tmp_path: Path) -> None:
    source = _wide(tmp_path / "eg.csv", range(1, 8), skip=(5, "INV-02"))
    data = read(source, {"EG_i_p_d": EG_DAY}, PERIODS)
    missing = only(data, "JCM-D017")
    assert [f.code for f in errors(data)] == ["JCM-D017"]  # the padding day is not missing
    assert "period 'P2'" in missing.message
    assert "1 of its 4 day(s): 2025-01-05 at INV-02" in missing.message
    values = data.values["EG_i_p_d"]
    assert math.isnan(values[1, 1, 1])
    assert values[1, 0, 1] == 1.0  # INV-01 on 5 January is unaffected
    assert values[0, 1, 3] == 0.0  # padding


def test_missing_days_are_listed_once_per_period(tmp_path: Path) -> None:
    # No data at all for 2–3 January: one finding for P1 naming both days and points.
    data = read(
        _wide(tmp_path / "eg.csv", range(4, 8)),
        {"EG_i_p_d": EG_DAY},
        PERIODS,
    )
    messages = [f.message for f in errors(data)]
    assert len(messages) == 1
    assert (
        "period 'P1' on 3 of its 3 day(s): 2025-01-01 at INV-01, INV-02; 2025-01-02"
        in (messages[0])
    )


def test_end_timestamps_close_the_day_before(tmp_path: Path) -> None:
    # With timestamps=end, a reading at 00:00 on 2 January closes 1 January.
    path = write_text(
        tmp_path / "eg.csv",
        "timestamp,EG_i_p_d [MWh]\n"
        "2025-01-01T12:00,1\n"
        "2025-01-02T00:00,2\n"  # 1 January: 1 + 2 = 3
        "2025-01-02T00:15,4\n"  # 2 January
        "2025-01-03T00:00,8\n",  # 2 January: 4 + 8 = 12
    )
    spec = ParameterSpec("EG_i_p_d", "MWh", per_point=False, per_day=True)
    period = PeriodSpec("P", datetime.date(2025, 1, 1), datetime.date(2025, 1, 2))
    data = read(SourceSpec(path, layout="wide", timestamps="end"), {"EG_i_p_d": spec}, [period])
    assert errors(data) == []
    assert data.values["EG_i_p_d"].tolist() == [[[3.0, 12.0]]]


def test_fifteen_minute_sums_are_exact_per_day(tmp_path: Path) -> None:
    # 96 readings of 0.1 kWh a day: fsum gives 9.6 kWh exactly as printed (naive 9.59…).
    stamps = np.arange("2025-01-01T00:00", "2025-01-03T00:00", 15, dtype="datetime64[m]")
    text = "timestamp,EG_i_p_d [kWh]\n" + "".join(f"{s},0.1\n" for s in stamps.astype(str))
    path = write_text(tmp_path / "eg.csv", text)
    spec = ParameterSpec("EG_i_p_d", "kWh", per_point=False, per_day=True)
    period = PeriodSpec("P", datetime.date(2025, 1, 1), datetime.date(2025, 1, 2))
    data = read(SourceSpec(path, layout="wide"), {"EG_i_p_d": spec}, [period])
    assert errors(data) == []
    assert data.values["EG_i_p_d"].tolist() == [[[math.fsum([0.1] * 96)] * 2]]
    assert data.counts["EG_i_p_d"].tolist() == [[[96, 96]]]


def test_unsorted_timestamps_give_the_same_days(tmp_path: Path) -> None:
    ordered = _wide(tmp_path / "a.csv", range(1, 8))
    lines = ordered.path.read_text().splitlines()
    shuffled = write_text(tmp_path / "b.csv", "\n".join([lines[0], *reversed(lines[1:])]) + "\n")
    a = read(ordered, {"EG_i_p_d": EG_DAY}, PERIODS)
    b = read(SourceSpec(shuffled, layout="wide"), {"EG_i_p_d": EG_DAY}, PERIODS)
    assert errors(b) == []
    assert b.values["EG_i_p_d"].tolist() == a.values["EG_i_p_d"].tolist()


def test_period_labelled_rows_cannot_give_days(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "mrs.csv",
        "period,point,parameter,value,unit\nP1,INV-01,EG_i_p_d,10,MWh\nP1,INV-02,EG_i_p_d,5,MWh\n",
    )
    data = read(SourceSpec(path, layout="long"), {"EG_i_p_d": EG_DAY}, [P1])
    finding = only(data, "JCM-D005")
    assert "EG_i_p_d varies by day" in finding.message
    assert "2 row(s) give a value for a whole period" in finding.message
    assert finding.row == 2
    # refused, not reported a second time as three missing days per point
    assert [f.code for f in errors(data)] == ["JCM-D005"]
    assert np.isnan(data.values["EG_i_p_d"]).all()


def test_a_day_value_outside_the_bounds_names_the_day(tmp_path: Path) -> None:
    spec = ParameterSpec("EG_i_p_d", "MWh", per_point=True, maximum=1.0, per_day=True)
    data = read(_wide(tmp_path / "eg.csv", range(1, 8)), {"EG_i_p_d": spec}, PERIODS)
    # INV-01 makes n/5 MWh on day n: above 1 MWh on 6 January (1.2) and 7 January (1.4).
    messages = [f.message for f in errors(data) if f.code == "JCM-D015"]
    assert len(messages) == 2
    assert "in period 'P2' at point 'INV-01' on 2025-01-06" in messages[0]
    values = data.values["EG_i_p_d"]
    assert np.isnan(values[1, 0, 2:]).all()
    assert values[1, 0, 1] == 1.0


def test_a_duplicated_reading_spoils_only_its_day(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "eg.csv",
        "timestamp,EG_i_p_d [MWh]\n"
        "2025-01-01T01:00,1\n"
        "2025-01-02T01:00,2\n"
        "2025-01-02T01:00,2\n"
        "2025-01-03T01:00,3\n",
    )
    spec = ParameterSpec("EG_i_p_d", "MWh", per_point=False, per_day=True)
    data = read(SourceSpec(path, layout="wide"), {"EG_i_p_d": spec}, [P1])
    assert [f.code for f in errors(data)] == ["JCM-D016"]
    values = data.values["EG_i_p_d"][0, 0]
    assert values[0] == 1.0 and math.isnan(values[1]) and values[2] == 3.0


def test_parameters_without_days_keep_their_shape(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "pv.csv",
        "timestamp,point,EG_i_p [MWh],EG_i_p_d [MWh]\n"
        + "".join(
            f"2025-01-{day:02d}T10:00,{point},{day},{day}\n"
            for day in range(1, 4)
            for point in ("INV-01", "INV-02")
        ),
    )
    per_period = ParameterSpec("EG_i_p", "MWh", per_point=True)
    data = read(SourceSpec(path, layout="wide"), {"EG_i_p": per_period, "EG_i_p_d": EG_DAY}, [P1])
    assert errors(data) == []
    assert data.values["EG_i_p"].tolist() == [[6.0, 6.0]]  # 1 + 2 + 3 MWh
    assert data.values["EG_i_p_d"].tolist() == [[[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]]


def test_many_days_out_of_bounds_are_summarised(tmp_path: Path) -> None:
    spec = ParameterSpec("EG_i_p_d", "MWh", per_point=True, maximum=0.1, per_day=True)
    data = read(_wide(tmp_path / "eg.csv", range(1, 8)), {"EG_i_p_d": spec}, PERIODS)
    # both points exceed 0.1 MWh on all 7 days: 14 day values, 10 listed, then a count
    messages = [f.message for f in errors(data) if f.code == "JCM-D015"]
    assert len(messages) == 11
    assert messages[-1] == "4 more finding(s) like the above (JCM-D015) not listed"
