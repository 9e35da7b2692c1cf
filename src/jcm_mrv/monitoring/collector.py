"""Collecting findings without drowning the user: a few per kind, then a count.

A column of a million cells that are all text would otherwise give a million findings.
Each finding is filed under a key (typically file, column and code); past a limit, the
rest are only counted, and :meth:`FindingCollector.results` adds one summary finding
per key that says how many more there were.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from jcm_mrv.findings import Finding

PER_KEY_LIMIT = 10


@dataclass
class _Overflow:
    template: Finding
    more: int = 0


@dataclass
class FindingCollector:
    """Findings in the order reported, at most ``limit`` per key."""

    limit: int = PER_KEY_LIMIT
    _findings: list[Finding] = field(default_factory=list)
    _counts: dict[Hashable, int] = field(default_factory=dict)
    _overflow: dict[Hashable, _Overflow] = field(default_factory=dict)

    def add(self, finding: Finding, key: Hashable | None = None) -> None:
        """Record a finding; with a ``key``, only the first ``limit`` per key are kept."""
        if key is None:
            self._findings.append(finding)
            return
        seen = self._counts.get(key, 0)
        self._counts[key] = seen + 1
        if seen < self.limit:
            self._findings.append(finding)
        else:
            self._overflow.setdefault(key, _Overflow(finding)).more += 1

    def add_many(self, findings: list[Finding]) -> None:
        """Record findings that need no limit."""
        self._findings.extend(findings)

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
        return out
