"""Shared helpers: a small PV project (two inverters, two one-day periods) and writers."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

import pytest

from jcm_mrv.findings import Finding, Severity
from jcm_mrv.monitoring import (
    MonitoringData,
    ParameterSpec,
    PeriodSpec,
    SourceSpec,
    read_monitoring_data,
)

POINTS = ("INV-01", "INV-02")
PERIODS = (
    PeriodSpec("P1", datetime.date(2025, 1, 1), datetime.date(2025, 1, 1)),
    PeriodSpec("P2", datetime.date(2025, 1, 2), datetime.date(2025, 1, 2)),
)
EG = ParameterSpec("EG_i_p", "MWh", per_point=True, minimum=0.0)
PARAMETERS = {"EG_i_p": EG}

# Readings in kWh, one row per timestamp and inverter.
WIDE_ROWS = (
    ("2025-01-01T00:00", "INV-01", "1500"),
    ("2025-01-01T00:00", "INV-02", "1000"),
    ("2025-01-01T12:00", "INV-01", "2250"),
    ("2025-01-01T12:00", "INV-02", "1000.5"),
    ("2025-01-02T00:00", "INV-01", "4000"),
    ("2025-01-02T00:00", "INV-02", "125"),
)
# P1: INV-01 1500 + 2250 = 3750 kWh = 3.75 MWh; INV-02 1000 + 1000.5 = 2000.5 kWh.
# P2: INV-01 4000 kWh = 4 MWh; INV-02 125 kWh = 0.125 MWh.
EXPECTED_MWH = [[3.75, 2.0005], [4.0, 0.125]]
EXPECTED_COUNTS = [[2, 2], [1, 1]]


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a data file exactly (newlines untranslated)."""
    path.write_bytes(text.encode(encoding))
    return path


def wide_csv_text(
    header: str = "timestamp,point,EG_i_p [kWh]", rows: Sequence[Sequence[str]] = WIDE_ROWS
) -> str:
    """The readings as a wide CSV."""
    return header + "\n" + "".join(",".join(r) + "\n" for r in rows)


def read(
    sources: Sequence[SourceSpec] | SourceSpec,
    parameters: dict[str, ParameterSpec] | None = None,
    periods: Sequence[PeriodSpec] = PERIODS,
    points: Sequence[str] = POINTS,
) -> MonitoringData:
    """Read with the small project's defaults."""
    if isinstance(sources, SourceSpec):
        sources = [sources]
    return read_monitoring_data(sources, parameters or PARAMETERS, periods, points)


def errors(data: MonitoringData) -> list[Finding]:
    """The error findings."""
    return [f for f in data.findings if f.severity is Severity.ERROR]


def only(data: MonitoringData, code: str) -> Finding:
    """The one finding with ``code`` (fails listing all findings otherwise)."""
    matching = [f for f in data.findings if f.code == code]
    assert len(matching) >= 1, [f.to_dict() for f in data.findings]
    return matching[0]


@pytest.fixture
def wide_csv(tmp_path: Path) -> Path:
    """The readings as a UTF-8 wide CSV."""
    return write_text(tmp_path / "pv.csv", wide_csv_text())
