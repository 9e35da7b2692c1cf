"""Calibration corrections (docs/calibration.md), with the numbers worked out by hand.

The small project: two points, A and B, one reading a day at 00:00 (timestamps open
their interval), A 100 kWh a day and B 50 kWh a day, in January (31 days: A 3,100 kWh)
and February (28 days: A 2,800 kWh). The meters are class 0.5S: 0.5 % permissible.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from jcm_mrv.findings import Severity, codes
from jcm_mrv.monitoring import MonitoringData, ParameterSpec, PeriodSpec, SourceSpec
from jcm_mrv.monitoring.calibration import (
    CalibrationRecord,
    MeterCalibration,
    class_permissible_error,
    late_spans,
    uncovered,
    validity_spans,
)
from jcm_mrv.monitoring.reader import read_monitoring_data
from jcm_mrv.monitoring.sources import ErDirection

from .conftest import write_text

D = datetime.date
POINTS = ("A", "B")
JAN = PeriodSpec("Jan", D(2025, 1, 1), D(2025, 1, 31))
FEB = PeriodSpec("Feb", D(2025, 2, 1), D(2025, 2, 28))
HALF = Fraction(1, 200)  # class 0.5S


def daily_csv(tmp_path: Path, a: str = "100", b: str = "50") -> Path:
    """One reading a day per point for January and February 2025."""
    day, rows = D(2025, 1, 1), ["timestamp,point,EG_i_p [kWh]"]
    while day <= D(2025, 2, 28):
        rows += [f"{day},A,{a}", f"{day},B,{b}"]
        day += datetime.timedelta(days=1)
    return write_text(tmp_path / "daily.csv", "\n".join(rows) + "\n")


def record(day: str, **fields: Any) -> CalibrationRecord:
    """A calibration record of ISO dates; ``error`` as a decimal text."""
    if "valid_until" in fields:
        fields["valid_until"] = D.fromisoformat(fields["valid_until"])
    if "error" in fields:
        fields["error"] = Fraction(fields["error"])
    return CalibrationRecord(D.fromisoformat(day), where={"file": "project.yaml"}, **fields)


def meter(*records: CalibrationRecord, permissible: Fraction | None = HALF) -> MeterCalibration:
    """Point A's meter."""
    return MeterCalibration("A", records, permissible, "accuracy class 0.5S")


def read(
    source: Path | SourceSpec,
    *meters: MeterCalibration,
    direction: ErDirection | None = "raises",
    aggregation: Any = "sum",
) -> MonitoringData:
    spec = ParameterSpec(
        "EG_i_p", "MWh", per_point=True, direction=direction, aggregation=aggregation
    )
    if isinstance(source, Path):
        source = SourceSpec(source, layout="wide")
    return read_monitoring_data([source], {"EG_i_p": spec}, [JAN, FEB], POINTS, calibrations=meters)


def exact(data: MonitoringData) -> list[list[Fraction]]:
    """Period totals in MWh, exactly: [[Jan A, Jan B], [Feb A, Feb B]]."""
    return [[Fraction(v) for v in row] for row in data.exact["EG_i_p"].tolist()]


def found(data: MonitoringData, code: codes.Code) -> list[str]:
    return [f.message for f in data.findings if f.code == code.code]


UNCORRECTED = [[Fraction("3.1"), Fraction("1.55")], [Fraction("2.8"), Fraction("1.4")]]


# -- the rule functions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.5S", Fraction(1, 200)),
        ("0.2S", Fraction(1, 500)),
        ("1", Fraction(1, 100)),
        ("1.0", Fraction(1, 100)),
        ("2 %", Fraction(1, 50)),
        ("Class 0.5", Fraction(1, 200)),
        ("0.1 kg", None),
        ("A", None),
        ("0", None),
        (None, None),
    ],
)
def test_the_permissible_error_an_accuracy_class_names(
    text: str | None, expected: Fraction | None
) -> None:
    assert class_permissible_error(text) == expected


def test_validity_late_spans_and_uncovered_days() -> None:
    records = [
        record("2024-12-01", valid_until="2025-01-31"),
        record("2025-02-05"),  # late: 1 to 5 February; valid from then on (the last)
    ]
    spans = validity_spans(records)
    assert spans == [(D(2024, 12, 1), D(2025, 1, 31)), (D(2025, 2, 5), D.max)]
    assert late_spans(records) == [(D(2025, 2, 1), D(2025, 2, 5), 1)]
    assert list(uncovered(D(2025, 1, 1), D(2025, 2, 28), spans)) == [(D(2025, 2, 1), D(2025, 2, 4))]
    # without valid_until a calibration lasts until the day before the next one
    assert validity_spans([record("2025-01-01"), record("2025-01-10")])[0] == (
        D(2025, 1, 1),
        D(2025, 1, 9),
    )


# -- error found ----------------------------------------------------------------------


def test_an_error_beyond_the_permissible_one_scales_the_readings_down(tmp_path: Path) -> None:
    # 2 % > 0.5 %: readings from 2024-12-20 (previous record) to 2025-01-10 inclusive,
    # in January 1 to 10 at A: 10 × 100 kWh = 1,000 kWh, × 0.98 → -20 kWh.
    # January at A: 3,100 - 20 = 3,080 kWh = 3.08 MWh.
    data = read(
        daily_csv(tmp_path),
        meter(record("2024-12-20"), record("2025-01-10", error="0.02")),
    )
    assert exact(data) == [[Fraction("3.08"), Fraction("1.55")], UNCORRECTED[1]]
    assert data.values["EG_i_p"][0, 0] == pytest.approx(3.08, rel=1e-15)
    (correction,) = data.corrections
    assert correction.to_dict() == {
        "parameter": "EG_i_p",
        "point": "A",
        "span": "2024-12-20 to 2025-01-10",
        "rule": "error-found",
        "calibration": "2025-01-10",
        "error": 0.02,
        "factor": 0.98,
        "factor_exact": "49/50",
        "readings": 10,
        "amount": -0.02,
        "amount_exact": "-1/50",
        "unit": "MWh",
    }
    assert correction.period == "Jan"
    (message,) = found(data, codes.CALIBRATION_ERROR_CORRECTED)
    assert "10 reading(s) of 2024-12-20 to 2025-01-10 corrected by 2 % (×0.98)" in message
    assert not [f for f in data.findings if f.severity is Severity.ERROR]


def test_a_parameter_that_lowers_er_is_scaled_up(tmp_path: Path) -> None:
    # the same readings × 1.02: January at A 3,100 + 20 = 3,120 kWh
    data = read(
        daily_csv(tmp_path),
        meter(record("2024-12-20"), record("2025-01-10", error="-0.02")),
        direction="lowers",
    )
    assert exact(data)[0] == [Fraction("3.12"), Fraction("1.55")]
    assert data.corrections[0].factor == Fraction(51, 50)


def test_the_first_record_corrects_every_earlier_reading(tmp_path: Path) -> None:
    # no previous calibration: January 1 to 10 and nothing before (no readings)
    data = read(daily_csv(tmp_path), meter(record("2025-01-10", error="0.01")))
    assert exact(data)[0][0] == Fraction("3.09")  # 3,100 - 1,000 × 0.01 kWh
    assert data.corrections[0].span == "up to 2025-01-10"
    # and January 1 to 9 are before any calibration: used as read apart from that, reported
    (message,) = found(data, codes.CALIBRATION_UNCOVERED)
    assert "'A' in period 'Jan'" in message and "up to 2025-01-09" in message


def test_an_error_within_the_permissible_one_changes_nothing(tmp_path: Path) -> None:
    data = read(
        daily_csv(tmp_path), meter(record("2024-12-20"), record("2025-01-10", error="0.005"))
    )
    assert exact(data) == UNCORRECTED
    assert data.corrections == [] and data.findings == []


def test_without_a_permissible_error_any_error_found_corrects(tmp_path: Path) -> None:
    data = read(
        daily_csv(tmp_path),
        meter(record("2024-12-20"), record("2025-01-10", error="0.001"), permissible=None),
    )
    assert exact(data)[0][0] == Fraction("3.099")  # 3,100 - 1,000 × 0.001 kWh


# -- late calibration -----------------------------------------------------------------


def test_a_late_calibration_applies_the_permissible_error_to_the_late_span(
    tmp_path: Path,
) -> None:
    # validity ended 2025-01-31, recalibrated 2025-02-05: 1 to 5 February, 5 readings,
    # × 0.995: February at A 2,800 - 500 × 0.005 = 2,797.5 kWh
    data = read(
        daily_csv(tmp_path),
        meter(record("2024-12-01", valid_until="2025-01-31"), record("2025-02-05")),
    )
    assert exact(data) == [UNCORRECTED[0], [Fraction("2.7975"), Fraction("1.4")]]
    (correction,) = data.corrections
    assert (correction.rule, correction.span, correction.readings) == (
        "late",
        "2025-02-01 to 2025-02-05",
        5,
    )
    assert correction.amount == Fraction("-0.0025")
    assert found(data, codes.CALIBRATION_LATE)
    assert not found(data, codes.CALIBRATION_UNCOVERED)  # the late span is handled


def test_the_largest_correction_applies_once(tmp_path: Path) -> None:
    # late (0.5 %) and an error found (1 %) both cover 1 to 5 February: 1 % once.
    # January: 3,100 × 0.99 = 3,069; February: 2,800 - 500 × 0.01 = 2,795 kWh.
    data = read(
        daily_csv(tmp_path),
        meter(record("2024-12-01", valid_until="2025-01-31"), record("2025-02-05", error="0.01")),
    )
    assert exact(data)[0][0] == Fraction("3.069")
    assert exact(data)[1][0] == Fraction("2.795")
    assert {c.rule for c in data.corrections} == {"error-found"}


def test_a_late_calibration_without_a_permissible_error_is_an_error(tmp_path: Path) -> None:
    data = read(
        daily_csv(tmp_path),
        meter(
            record("2024-12-01", valid_until="2025-01-31"), record("2025-02-05"), permissible=None
        ),
    )
    (message,) = found(data, codes.CALIBRATION_NO_PERMISSIBLE_ERROR)
    assert "2025-02-01 to 2025-02-05" in message


# -- direction ------------------------------------------------------------------------


def test_a_direction_that_depends_on_the_values_is_left_to_the_engine(tmp_path: Path) -> None:
    # the readings stay as read; the engine gets what it needs to correct either way:
    # January 1 to 10 at A, 1,000 kWh = 1 MWh of readings ≥ 0
    data = read(
        daily_csv(tmp_path),
        meter(record("2024-12-20"), record("2025-01-10", error="0.02")),
        direction="depends",
    )
    assert exact(data) == UNCORRECTED
    assert data.corrections == [] and data.findings == []
    (pending,) = data.pending
    assert (pending.record.period, pending.record.point, pending.record.readings) == (
        "Jan",
        "A",
        10,
    )
    assert (pending.positive, pending.negative) == (Fraction(1), Fraction(0))
    assert pending.decided(down=True).amount == Fraction("-0.02")
    assert pending.decided(down=False).amount == Fraction("0.02")


def test_a_mean_whose_direction_depends_is_an_error_not_a_guess(tmp_path: Path) -> None:
    data = read(
        daily_csv(tmp_path),
        meter(record("2024-12-20"), record("2025-01-10", error="0.02")),
        direction="depends",
        aggregation="mean",
    )
    (message,) = found(data, codes.CALIBRATION_UNDECIDED)
    assert "'A' in period 'Jan'" in message and "2024-12-20 to 2025-01-10" in message
    assert codes.CALIBRATION_UNDECIDED.severity is Severity.ERROR
    assert data.corrections == [] and data.pending == []


@pytest.mark.parametrize("direction", ["unchanged", None])
def test_no_correction_where_er_does_not_depend_on_it(
    tmp_path: Path, direction: ErDirection | None
) -> None:
    data = read(
        daily_csv(tmp_path),
        meter(record("2024-12-20"), record("2025-01-10", error="0.02")),
        direction=direction,
    )
    assert exact(data) == UNCORRECTED and data.corrections == []


def test_negative_readings_move_the_conservative_way_too(tmp_path: Path) -> None:
    # A reads -10 kWh a day (net export): lowered by 2 %, × 1.02: January 1 to 10
    # -100 kWh → -102 kWh; January at A -310 - 2 = -312 kWh
    data = read(
        daily_csv(tmp_path, a="-10"),
        meter(record("2024-12-20"), record("2025-01-10", error="0.02")),
    )
    assert exact(data)[0][0] == Fraction("-0.312")
    assert data.corrections[0].factor == Fraction(49, 50)  # of readings ≥ 0
    assert data.corrections[0].amount == Fraction("-0.002")


def test_a_mean_is_corrected_the_same_way(tmp_path: Path) -> None:
    # mean of 31 readings, 10 of them × 0.98: (3,100 - 20) / 31 kWh
    data = read(
        daily_csv(tmp_path),
        meter(record("2024-12-20"), record("2025-01-10", error="0.02")),
        aggregation="mean",
    )
    assert exact(data)[0][0] == Fraction("3.08") / 31


# -- which readings -------------------------------------------------------------------


def test_uncovered_readings_are_a_warning(tmp_path: Path) -> None:
    data = read(daily_csv(tmp_path), meter(record("2025-01-15", valid_until="2025-02-20")))
    assert exact(data) == UNCORRECTED
    messages = sorted(found(data, codes.CALIBRATION_UNCOVERED))
    assert len(messages) == 2
    assert "'Feb'" in messages[0] and "from 2025-02-21 on" in messages[0]
    assert "'Jan'" in messages[1] and "up to 2025-01-14" in messages[1]


def test_a_value_for_a_whole_period_is_in_a_span_when_any_day_is(tmp_path: Path) -> None:
    # late span 31 January to 2 February touches both periods: both whole values × 0.995
    path = write_text(
        tmp_path / "periods.csv",
        "period,point,EG_i_p [kWh]\nJan,A,3100\nJan,B,1550\nFeb,A,2800\nFeb,B,1400\n",
    )
    data = read(path, meter(record("2024-12-01", valid_until="2025-01-30"), record("2025-02-02")))
    assert exact(data) == [
        [Fraction("3.0845"), Fraction("1.55")],
        [Fraction("2.786"), Fraction("1.4")],
    ]


def test_a_month_value_is_in_a_span_when_any_day_of_it_is(tmp_path: Path) -> None:
    # '%Y-%m' names a month: the late span 2 to 5 February touches February
    path = write_text(
        tmp_path / "months.csv",
        "month,point,EG_i_p [kWh]\n2025-01,A,3100\n2025-01,B,1550\n2025-02,A,2800\n"
        "2025-02,B,1400\n",
    )
    source = SourceSpec(path, layout="wide", time_column="month", date_format="%Y-%m")
    data = read(source, meter(record("2024-12-01", valid_until="2025-02-01"), record("2025-02-05")))
    assert exact(data)[1][0] == Fraction("2.786")  # 2,800 × 0.995
    assert exact(data)[0][0] == Fraction("3.1")


@pytest.mark.parametrize(("interval", "february_a"), [(None, "2.8"), ("1mo", "2.786")])
def test_a_declared_interval_makes_a_timestamp_count_over_its_interval(
    tmp_path: Path, interval: str | None, february_a: str
) -> None:
    # monthly readings stamped on the 1st; late span 2 to 5 February: only with
    # 'interval: 1mo' does the reading of 1 February cover those days
    path = write_text(
        tmp_path / "monthly.csv",
        "timestamp,point,EG_i_p [kWh]\n2025-01-01,A,3100\n2025-01-01,B,1550\n"
        "2025-02-01,A,2800\n2025-02-01,B,1400\n",
    )
    source = SourceSpec(path, layout="wide", interval=interval)
    data = read(source, meter(record("2024-12-01", valid_until="2025-02-01"), record("2025-02-05")))
    assert exact(data)[1][0] == Fraction(february_a)


def test_a_calibration_applies_to_the_parameters_it_names(tmp_path: Path) -> None:
    other = ParameterSpec("EC_i_p", "MWh", per_point=True, direction="lowers")
    eg = ParameterSpec("EG_i_p", "MWh", per_point=True, direction="raises")
    path = daily_csv(tmp_path)
    path.write_text(path.read_text().replace("EG_i_p [kWh]", "EG_i_p [kWh],EC_i_p [kWh]"))
    rows = path.read_text().splitlines()
    path.write_text("\n".join([rows[0]] + [r + ",1" for r in rows[1:]]) + "\n")
    calibrated = meter(
        record("2024-12-20", parameters=("EC_i_p",)),
        record("2025-01-10", error="0.02", parameters=("EC_i_p",)),
    )
    data = read_monitoring_data(
        [SourceSpec(path, layout="wide")],
        {"EG_i_p": eg, "EC_i_p": other},
        [JAN, FEB],
        POINTS,
        calibrations=[calibrated],
    )
    assert data.exact["EG_i_p"][0, 0] == Fraction("3.1")  # not named: uncorrected
    assert data.exact["EC_i_p"][0, 0] == Fraction("0.0312")  # 31 + 10 × 0.02 kWh
    assert [c.parameter for c in data.corrections] == ["EC_i_p"]


def test_records_that_cannot_be_used(tmp_path: Path) -> None:
    data = read(
        daily_csv(tmp_path),
        meter(
            record("2024-12-20"),
            record("2024-12-20", certificate="second"),
            record("2025-03-01", parameters=("EG_x",)),
        ),
    )
    assert found(data, codes.CALIBRATION_PARAMETER_UNKNOWN)
    (twice,) = found(data, codes.CALIBRATION_TWICE)
    assert "2024-12-20" in twice


def test_a_parameter_without_the_point_index_follows_the_point_that_names_it(
    tmp_path: Path,
) -> None:
    # one plant-wide reading a day, 100 kWh; B's meter gives it: January 1 to 10 × 0.98
    rows = ["timestamp,EG_p [kWh]"]
    rows += [f"2025-01-{day:02d},100" for day in range(1, 32)]
    path = write_text(tmp_path / "plant.csv", "\n".join(rows) + "\n")
    plant = ParameterSpec("EG_p", "MWh", per_point=False, direction="raises")
    unnamed = MeterCalibration("A", (record("2024-12-20"), record("2025-01-10", error="0.02")))
    named = MeterCalibration(
        "B",
        (
            record("2024-12-20", parameters=("EG_p",)),
            record("2025-01-10", error="0.02", parameters=("EG_p",)),
        ),
        HALF,
    )

    def january(*meters: MeterCalibration) -> MonitoringData:
        return read_monitoring_data(
            [SourceSpec(path, layout="wide")], {"EG_p": plant}, [JAN], POINTS, calibrations=meters
        )

    assert january(unnamed).exact["EG_p"][0, 0] == Fraction("3.1")  # a default: per point only
    data = january(unnamed, named)
    assert data.exact["EG_p"][0, 0] == Fraction("3.08")
    assert [(c.point, c.readings) for c in data.corrections] == [("B", 10)]
    twice = january(named, replace(named, point="A"))
    (message,) = found(twice, codes.CALIBRATION_PARAMETER_UNKNOWN)
    assert "the calibrations of both B and A name it" in message
