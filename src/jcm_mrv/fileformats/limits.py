"""Limits on what one input may make jcm-mrv do: bytes, lines, cells, rows, nesting.

Project files, methodology files and monitoring data come from strangers, and CI runs
jcm-mrv unattended (often as root). Every reader checks its input against these limits
*before* it spends memory or time on it, and reports a located finding when one is
exceeded, so that no input, however large or deliberately hostile, makes a run crash,
hang or exhaust memory.

Each limit has a default far above what a real project needs and far below what would
hurt the machine; a project that truly needs more raises it with an environment
variable, ``JCM_MRV_LIMIT_<NAME>`` (for example ``JCM_MRV_LIMIT_CSV_ROWS=500000000``).
``docs/security.md`` lists them all; :data:`LIMITS` is that list.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from jcm_mrv.findings.errors import InputError

ENV_PREFIX = "JCM_MRV_LIMIT_"
KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30


@dataclass(frozen=True)
class Limit:
    """One limit: its name (the environment variable's suffix), default and meaning."""

    name: str
    default: int
    description: str

    @property
    def variable(self) -> str:
        """The environment variable that raises (or lowers) the limit."""
        return ENV_PREFIX + self.name

    def get(self) -> int:
        """The limit in force: the environment variable's value, else the default.

        Raises :class:`~jcm_mrv.findings.errors.InputError` when the variable is set to anything
        but a whole number >= 1 (a typo must not silently remove a limit).
        """
        text = os.environ.get(self.variable)
        if text is None or not text.strip():
            return self.default
        try:
            value = int(text.strip().replace("_", ""))
        except ValueError:
            value = 0
        if value < 1 or len(text) > 30:
            raise InputError(f"{self.variable}={text[:30]!r}: give a whole number >= 1")
        return value


LIMITS: dict[str, Limit] = {}


def shown(limit: Limit) -> str:
    """A limit's default as ``docs/security.md`` shows it: ``4 GiB``, ``32,767``."""
    if limit.name.endswith("_BYTES"):
        for unit, size in (("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
            if limit.default % size == 0:
                return f"{limit.default // size} {unit}"
    return f"{limit.default:,}"


def _limit(name: str, default: int, description: str) -> Limit:
    limit = Limit(name, default, description)
    LIMITS[name] = limit
    return limit


DATA_FILE_BYTES = _limit(
    "DATA_FILE_BYTES", 4 * GIB, "Size of one monitoring data file (CSV or xlsx), in bytes."
)
LINE_BYTES = _limit("LINE_BYTES", 1 * MIB, "Length of one line of a CSV file, in bytes.")
CELL_CHARS = _limit(
    "CELL_CHARS", 32_767, "Length of one cell, in characters (Excel's own limit is 32,767)."
)
CSV_ROWS = _limit("CSV_ROWS", 100_000_000, "Rows of one CSV file.")
XLSX_ROWS = _limit(
    "XLSX_ROWS", 1_048_576, "Row number of a worksheet (Excel's own limit is 1,048,576)."
)
COLUMNS = _limit("COLUMNS", 16_384, "Columns of one table (Excel's own limit is 16,384).")
XLSX_MEMBER_BYTES = _limit(
    "XLSX_MEMBER_BYTES",
    256 * MIB,
    "Decompressed size of one part of an xlsx workbook (a worksheet, the shared strings).",
)
XLSX_TOTAL_BYTES = _limit(
    "XLSX_TOTAL_BYTES", 1 * GIB, "Decompressed size of all parts of an xlsx workbook together."
)
POINTS = _limit("POINTS", 10_000, "Monitoring points of one project.")
PERIODS = _limit("PERIODS", 10_000, "Monitoring periods of one project.")
DAY_CELLS = _limit(
    "DAY_CELLS",
    1_000_000,
    "Values of a per-day parameter: periods x points x days of the longest period "
    "(each takes 16 bytes while the data are read).",
)
FINDINGS_PER_FILE = _limit(
    "FINDINGS_PER_FILE", 100, "Findings listed per data file; one more finding counts the rest."
)
YAML_BYTES = _limit("YAML_BYTES", 1 * MIB, "Size of a project or methodology file, in bytes.")
JSON_BYTES = _limit("JSON_BYTES", 8 * MIB, "Size of a JSON input file (credits --result).")
NESTING = _limit("NESTING", 64, "Nesting depth of lists and mappings in a YAML or JSON file.")
NUMBER_CHARS = _limit(
    "NUMBER_CHARS", 100, "Length of one number written in a YAML or JSON file, in characters."
)
