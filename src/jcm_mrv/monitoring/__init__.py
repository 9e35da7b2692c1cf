"""Monitoring data: the project's data files as per-period, per-point arrays.

:func:`read_monitoring_data` reads wide and long CSV and xlsx files, converts every
value into the methodology's unit, aggregates timestamped readings into the declared
monitoring periods, and reports every problem as a finding that names the file and the
sheet, row, column or cell.
"""

from jcm_mrv.monitoring.reader import read_monitoring_data
from jcm_mrv.monitoring.sources import (
    MeterSpec,
    MonitoringData,
    ParameterSpec,
    PeriodSpec,
    SourceSpec,
)

__all__ = [
    "MeterSpec",
    "MonitoringData",
    "ParameterSpec",
    "PeriodSpec",
    "SourceSpec",
    "read_monitoring_data",
]
