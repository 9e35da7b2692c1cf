"""Declared date formats of monitoring data: what interval a written value names.

A data source may declare how its timestamps are written, as a strftime format
(``%d/%m/%Y``, ``%Y-%m``, ``%Y-%m-%d %H:%M``). A format with a time of day names an
instant; one without names an interval: a day (``%d/%m/%Y``), a month (``%Y-%m``) or a
year (``%Y``). This module is light (no numpy): the project loader checks formats with it.
"""

from __future__ import annotations

import datetime
from typing import Literal

Span = Literal["instant", "day", "month", "year"]
_TIME_DIRECTIVES = ("%H", "%I", "%M", "%S", "%f", "%p", "%X", "%c", "%T", "%R")
_DAY_DIRECTIVES = ("%d", "%j", "%x", "%a", "%A", "%e")
_MONTH_DIRECTIVES = ("%m", "%b", "%B")
_ZONE_DIRECTIVES = ("%z", "%Z", "%:z")
SAMPLE = datetime.datetime(2025, 11, 23, 17, 45, 59)


def format_span(date_format: str) -> Span:
    """The interval a value written in ``date_format`` names (``instant`` with a time)."""
    if any(d in date_format for d in _TIME_DIRECTIVES):
        return "instant"
    if any(d in date_format for d in _DAY_DIRECTIVES):
        return "day"
    if any(d in date_format for d in _MONTH_DIRECTIVES):
        return "month"
    return "year"


def date_format_problem(date_format: str) -> str | None:
    """Why ``date_format`` cannot be used (``None`` when it can)."""
    if any(d in date_format for d in _ZONE_DIRECTIVES):
        return "a time zone directive; monitoring data are in the project's local time"
    if "%Y" not in date_format and "%y" not in date_format:
        return "no year (%Y)"
    try:
        written = SAMPLE.strftime(date_format)
        read = datetime.datetime.strptime(written, date_format)
    except ValueError as exc:
        return f"not a usable strftime format ({exc})"
    if read != span_start(SAMPLE, format_span(date_format), date_format):
        return "it does not read back what it writes (a field is missing or repeated)"
    return None


def span_start(moment: datetime.datetime, span: Span, date_format: str) -> datetime.datetime:
    """The first moment of the ``span`` holding ``moment`` (an instant: to its precision)."""
    if span == "instant":
        keep_seconds = "%S" in date_format or "%T" in date_format or "%X" in date_format
        keep_seconds = keep_seconds or "%c" in date_format
        if "%f" in date_format:
            return moment
        return moment.replace(microsecond=0) if keep_seconds else moment.replace(second=0)
    if span == "day":
        return datetime.datetime(moment.year, moment.month, moment.day)
    if span == "month":
        return datetime.datetime(moment.year, moment.month, 1)
    return datetime.datetime(moment.year, 1, 1)


def span_end(start: datetime.datetime, span: Span) -> datetime.datetime:
    """The (exclusive) end of the day, month or year that opens at ``start``."""
    if span == "day":
        return start + datetime.timedelta(days=1)
    if span == "month":
        if start.month == 12:
            return start.replace(year=start.year + 1, month=1)
        return start.replace(month=start.month + 1)
    return start.replace(year=start.year + 1)
