"""Portfolios: many projects calculated in one run, one record per project and totals.

:func:`calculate_portfolio` finds the project files (folders are searched recursively
for ``project.yaml`` and for YAML files whose top-level ``kind`` is ``project``),
each one is calculated with :func:`jcm_mrv.api.calculate` (by
:func:`jcm_mrv.api.calculate_portfolio`, in this process or across worker processes),
which gathers a :class:`PortfolioProject` per project: its figures,
its status and its findings. A project that cannot be calculated is recorded as such
and never stops the others. Only these small frozen records cross between processes.

The portfolio's outcome holds every project's findings; its status is the worst of
the projects' (unusable, then findings, then clean), so that
:meth:`~jcm_mrv.outcome.Outcome.exit_code` decides the exit code as for one project.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from jcm_mrv.findings import Finding, codes, count_by_severity
from jcm_mrv.outcome import Outcome, Status

PROJECT_FILE = "project.yaml"
"""A file of this name in a searched folder is taken as a project file."""

_KIND_PROJECT = re.compile(rb"^kind:[ \t]*[\"']?project[\"']?[ \t]*(#.*)?$", re.MULTILINE)
_YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class PortfolioProject:
    """One project of a portfolio: what it is, its figures (tCO2) and its findings.

    The figures are the project's totals over its periods; they are zero, and
    ``status`` is ``unusable``, when the project could not be calculated.
    """

    file: str
    status: Status
    findings: tuple[Finding, ...] = ()
    message: str | None = None
    project: str | None = None
    country: str | None = None
    methodology: str | None = None
    scheme: str | None = None
    """The allocation scheme of the project's ``allocation:`` section, if any."""
    periods: int = 0
    reference_emissions: float = 0.0
    project_emissions: float = 0.0
    emission_reductions: float = 0.0
    credits: int = 0
    """The rounded emission reductions: the credits the periods give."""

    def summary(self) -> dict[str, int]:
        """Counts of the project's findings by severity."""
        return count_by_severity(self.findings)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "file": self.file,
            "project": self.project,
            "country": self.country,
            "methodology": self.methodology,
            "scheme": self.scheme,
            "status": self.status.value,
            "message": self.message,
            "periods": self.periods,
            "reference_emissions": self.reference_emissions,
            "project_emissions": self.project_emissions,
            "emission_reductions": self.emission_reductions,
            "credits": self.credits,
            "summary": self.summary(),
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class PortfolioTotal:
    """Sums over the calculated projects of one group (a country, a methodology …)."""

    key: str
    projects: int
    periods: int
    reference_emissions: float
    project_emissions: float
    emission_reductions: float
    credits: int

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)


NO_SCHEME = "(no allocation)"
"""The scheme group of the projects without an ``allocation:`` section."""

GROUPS: dict[str, Callable[[PortfolioProject], str]] = {
    "country": lambda p: p.country or "",
    "methodology": lambda p: p.methodology or "",
    "scheme": lambda p: p.scheme or NO_SCHEME,
}
"""How the totals are grouped: by country, by methodology and by allocation scheme."""


@dataclass(frozen=True)
class Portfolio:
    """Every project of a portfolio, in the order found, and their totals."""

    projects: tuple[PortfolioProject, ...]

    @property
    def calculated(self) -> tuple[PortfolioProject, ...]:
        """The projects that could be calculated (the ones the totals sum)."""
        return tuple(p for p in self.projects if p.status is not Status.UNUSABLE)

    def total(self) -> PortfolioTotal:
        """Sums over every calculated project."""
        return _total("total", self.calculated)

    def totals_by(self, group: str) -> tuple[PortfolioTotal, ...]:
        """Sums per ``country``, ``methodology`` or ``scheme``, sorted by that key."""
        key = GROUPS[group]
        grouped: dict[str, list[PortfolioProject]] = {}
        for project in self.calculated:
            grouped.setdefault(key(project), []).append(project)
        return tuple(_total(name, grouped[name]) for name in sorted(grouped))

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON structure of a portfolio."""
        data: dict[str, Any] = {
            "projects": [p.to_dict() for p in self.projects],
            "summary": {
                "projects": len(self.projects),
                "calculated": len(self.calculated),
                "unusable": len(self.projects) - len(self.calculated),
            },
            "totals": self.total().to_dict(),
        }
        for group in GROUPS:
            data[f"by_{group}"] = [t.to_dict() for t in self.totals_by(group)]
        return data


def _total(key: str, projects: Sequence[PortfolioProject]) -> PortfolioTotal:
    return PortfolioTotal(
        key=key,
        projects=len(projects),
        periods=sum(p.periods for p in projects),
        reference_emissions=math.fsum(p.reference_emissions for p in projects),
        project_emissions=math.fsum(p.project_emissions for p in projects),
        emission_reductions=math.fsum(p.emission_reductions for p in projects),
        credits=sum(p.credits for p in projects),
    )


# --- finding the projects ----------------------------------------------------------


def find_projects(paths: Iterable[Path | str]) -> tuple[list[Path], list[Finding]]:
    """The project files named by ``paths`` (folders searched recursively, sorted) and a
    finding per path that does not exist or is a folder without a project file."""
    found: list[Path] = []
    problems: list[Finding] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if _is_project_file(p))
            if not inside:
                problems.append(
                    codes.FILE_UNREADABLE(
                        f"no project file ({PROJECT_FILE} or kind: project) in this folder",
                        file=str(path),
                    )
                )
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            problems.append(codes.FILE_UNREADABLE("no such file or directory", file=str(path)))
    return found, problems


def _is_project_file(path: Path) -> bool:
    """A ``project.yaml``, or a YAML file whose top-level ``kind`` is ``project``."""
    if path.suffix not in _YAML_SUFFIXES or not path.is_file():
        return False
    if path.name == PROJECT_FILE:
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    return _KIND_PROJECT.search(head) is not None


# --- the portfolio's outcome -------------------------------------------------------


def portfolio_outcome(portfolio: Portfolio) -> Outcome[Portfolio]:
    """The portfolio's outcome: every finding, and the worst status of its projects."""
    findings = [f for p in portfolio.projects for f in p.findings]
    failed = [p.file for p in portfolio.projects if p.status is Status.UNUSABLE]
    if not portfolio.projects:
        return Outcome.unusable("no project to calculate", findings, result=portfolio)
    if failed:
        count = f"{len(failed)} of {len(portfolio.projects)} project(s)"
        message = f"{count} cannot be calculated: {', '.join(failed)}"
        return Outcome.unusable(message, findings, result=portfolio)
    return Outcome.of(portfolio, findings)


def unusable_entry(finding: Finding) -> PortfolioProject:
    """The record of a path that names no usable project (``finding`` says why)."""
    return PortfolioProject(finding.file or "", Status.UNUSABLE, (finding,), finding.message)
