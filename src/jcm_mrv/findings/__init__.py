"""Findings: small frozen records of what is wrong (or worth a look) in an input.

Every check in jcm-mrv returns findings instead of printing or raising. A finding has a
stable code from :mod:`jcm_mrv.findings.codes`, a severity, a message and a location: file,
line and column (1-based) and a dotted path for YAML files, or sheet, row, column and
cell for monitoring data. Renderers (:mod:`jcm_mrv.render`) turn the same list of
findings into a table, JSON, GitHub annotations or SARIF.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How much a finding matters: errors fail a check, warnings only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem or remark, located as precisely as the input allows."""

    code: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None
    sheet: str | None = None
    row: int | None = None
    field: str | None = None
    cell: str | None = None
    hint: str | None = None

    def with_location(self, **changes: Any) -> Finding:
        """Return a copy with location fields replaced (``file=``, ``line=`` …)."""
        return replace(self, **changes)

    @property
    def location(self) -> str:
        """A human-readable location: ``file:line:column`` or ``file[sheet]!B7``."""
        parts = self.file or "<input>"
        if self.sheet is not None:
            parts += f"[{self.sheet}]"
        if self.cell is not None:
            parts += f"!{self.cell}"
        elif self.row is not None:
            parts += f":row {self.row}"
            if self.field is not None:
                parts += f", column {self.field!r}"
        elif self.line is not None:
            parts += f":{self.line}"
            if self.column is not None:
                parts += f":{self.column}"
        return parts

    def to_dict(self) -> dict[str, Any]:
        """Serialise to a plain dict with every key present (``None`` where unknown)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "sheet": self.sheet,
            "row": self.row,
            "field": self.field,
            "cell": self.cell,
            "hint": self.hint,
        }


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Order findings by file, then position, then code, for stable output."""
    return sorted(
        findings,
        key=lambda f: (
            f.file or "",
            f.sheet or "",
            f.line or 0,
            f.row or 0,
            f.column or 0,
            f.code,
            f.message,
        ),
    )


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts of the findings by severity: ``{"errors", "warnings", "infos"}``."""
    kept = list(findings)
    return {
        "errors": sum(f.severity is Severity.ERROR for f in kept),
        "warnings": sum(f.severity is Severity.WARNING for f in kept),
        "infos": sum(f.severity is Severity.INFO for f in kept),
    }


def has_errors(findings: Iterable[Finding], *, strict: bool = False) -> bool:
    """True when any finding is an error, or (``strict``) a warning."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(f.severity in failing for f in findings)
