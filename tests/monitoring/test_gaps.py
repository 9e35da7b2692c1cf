"""Gaps the reader leaves to the engine: a summed parameter whose effect on ER depends on
the values (issue 11, item 5).

One point read monthly in kWh, Q1 2025, February missing: January 31,000 kWh over 31
days (1,000 kWh a day) and March 62,000 kWh over 31 days (2,000 kWh a day, the highest
rate); February's 28 days at 2,000 kWh a day are 56 MWh.
"""

from __future__ import annotations

import datetime
from fractions import Fraction
from pathlib import Path

import pytest

from jcm_mrv.monitoring import (
    MonitoringData,
    ParameterSpec,
    PeriodSpec,
    SourceSpec,
    read_monitoring_data,
)
from jcm_mrv.monitoring.sources import ErDirection, GapSubstitute

Q1 = (PeriodSpec("Q1", datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)),)


def _read(
    tmp_path: Path, direction: ErDirection, substitute: GapSubstitute | None
) -> MonitoringData:
    csv = tmp_path / "power.csv"
    csv.write_text(
        "timestamp,point,EC_i_p [kWh]\n2025-01-01,CH-1,31000\n2025-03-01,CH-1,62000\n",
        encoding="utf-8",
    )
    spec = ParameterSpec("EC_i_p", "MWh", per_point=True, minimum=0, direction=direction)
    return read_monitoring_data(
        [SourceSpec(csv, "wide", interval="1mo", substitute=substitute)],
        {"EC_i_p": spec},
        Q1,
        ["CH-1"],
    )


@pytest.mark.parametrize("substitute", [None, "max-rate"])
def test_a_gap_whose_direction_depends_is_left_to_the_engine(
    tmp_path: Path, substitute: GapSubstitute | None
) -> None:
    data = _read(tmp_path, "depends", substitute)
    assert not data.findings and not data.substitutions  # the engine decides and says
    assert data.exact["EC_i_p"][0, 0] == 93  # the readings present, nothing added
    [gap] = data.gaps
    assert (gap.parameter, gap.period, gap.point) == ("EC_i_p", "Q1", "CH-1")
    assert (gap.period_index, gap.point_index, gap.missing) == (0, 0, 1)
    assert gap.intervals == ("2025-02-01 to 2025-03-01",)
    assert gap.substitute == (None if substitute is None else Fraction(56))
    assert gap.where == {"file": str(tmp_path / "power.csv"), "path": "monitoring.EC_i_p"}


def test_a_gap_that_lowers_er_is_filled_by_the_reader(tmp_path: Path) -> None:
    data = _read(tmp_path, "lowers", "max-rate")
    assert data.exact["EC_i_p"][0, 0] == 93 + 56 and not data.gaps
    [substitution] = data.substitutions
    assert substitution.amount_exact == "56"
    assert [f.code for f in data.findings] == ["JCM-D034"]
