"""Collecting findings without drowning the user: a few per kind, then a count.

A column of a million cells that are all text would otherwise give a million findings.
Each finding is filed under a key (typically file, column and code); past a limit, the
rest are only counted, and :meth:`FindingCollector.results` adds one summary finding
per key that says how many more there were. Besides, no file gets more than
``per_file`` findings (``JCM_MRV_LIMIT_FINDINGS_PER_FILE``, default 100): past that, one
finding per file counts the rest.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from jcm_mrv.fileformats import limits
from jcm_mrv.findings import Finding

PER_KEY_LIMIT = 10


@dataclass
class _Overflow:
    """The first finding of a key past its limit (the template of the summary) and how
    many more there were."""

    template: Finding
    more: int = 0


@dataclass
class FindingCollector:
    """Findings in the order reported, at most ``limit`` per key."""

    limit: int = PER_KEY_LIMIT
    per_file: int = field(default_factory=limits.FINDINGS_PER_FILE.get)
    _findings: list[Finding] = field(default_factory=list)
    _per_file: dict[str, int] = field(default_factory=dict)
    _file_overflow: dict[str, _Overflow] = field(default_factory=dict)
    _counts: dict[Hashable, int] = field(default_factory=dict)
    _overflow: dict[Hashable, _Overflow] = field(default_factory=dict)

    def add(self, finding: Finding, key: Hashable | None = None) -> None:
        """Record a finding; with a ``key``, only the first ``limit`` per key are kept."""
        if key is not None:
            seen = self._counts.get(key, 0)
            self._counts[key] = seen + 1
            if seen >= self.limit:
                self._overflow.setdefault(key, _Overflow(finding)).more += 1
                return
        self._keep(finding)

    def _keep(self, finding: Finding) -> None:
        if finding.file is not None:
            listed = self._per_file.get(finding.file, 0)
            if listed >= self.per_file:
                self._file_overflow.setdefault(finding.file, _Overflow(finding)).more += 1
                return
            self._per_file[finding.file] = listed + 1
        self._findings.append(finding)

    def add_many(self, findings: list[Finding]) -> None:
        """Record findings that need no per-key limit (the per-file limit applies)."""
        for finding in findings:
            self._keep(finding)

    def results(self) -> list[Finding]:
        """The findings, plus one summary per key that passed the limit."""
        out = list(self._findings)
        for overflow in self._overflow.values():
            first = overflow.template
            out.append(
                first.with_location(
                    message=f"{overflow.more} more finding(s) like the above "
                    f"({first.code}) not listed",
                    row=None,
                    cell=None,
                    line=None,
                )
            )
        for file, overflow in self._file_overflow.items():
            out.append(
                overflow.template.with_location(
                    message=f"{overflow.more:,} more finding(s) about {file} not listed "
                    f"(at most {self.per_file} per file; {limits.FINDINGS_PER_FILE.variable})",
                    row=None,
                    cell=None,
                    line=None,
                    field=None,
                )
            )
        return out
