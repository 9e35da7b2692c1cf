"""``validate``: check methodology and project files, collecting every finding.

Files are recognised by their top-level ``kind`` key (``methodology`` or ``project``).
Directories are searched recursively for ``*.yaml`` and ``*.yml`` files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jcm_mrv.fileformats.yamlfile import YamlDocument, read_yaml_file
from jcm_mrv.findings import Finding, codes, has_errors, sort_findings

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class ValidationReport:
    """Findings of a validation run and the files it read."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    """Paths that do not exist or cannot be read (a usage problem, exit code 2)."""

    def failed(self, *, strict: bool = False) -> bool:
        """True when any finding is an error (or a warning, under ``strict``)."""
        return has_errors(self.findings, strict=strict)


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Expand directories into their YAML files (sorted); report paths that do not exist."""
    files: list[Path] = []
    missing: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            missing.append(str(path))
    return files, missing


def _check_methodology(document: YamlDocument, data: bool) -> list[Finding]:
    from jcm_mrv.methodology.loader import check_methodology_document

    return check_methodology_document(document).findings


def _check_project(document: YamlDocument, data: bool) -> list[Finding]:
    """A project's findings; with ``data``, those of its monitoring data too.

    The data are read as a calculation reads them (the engine's reading path), and only
    when the project itself has no error: without its periods, points and units there
    is nothing to check the cells against.
    """
    from jcm_mrv.project.loader import check_project_document

    loaded = check_project_document(document, Path(document.file))
    if not data or not loaded.usable:
        return loaded.findings
    from jcm_mrv.engine.calculation import check_monitoring_data

    return [*loaded.findings, *check_monitoring_data(loaded)]


CHECKERS: dict[str, Callable[[YamlDocument, bool], list[Finding]]] = {
    "methodology": _check_methodology,
    "project": _check_project,
}
"""What to run for each ``kind`` of file."""


def validate_document(document: YamlDocument, *, data: bool = False) -> list[Finding]:
    """Check one read YAML document according to its ``kind``.

    With ``data``, a project's monitoring data are read and checked too.
    """
    if document.data is None:
        return list(document.findings)
    kind = document.data.get("kind")
    checker = CHECKERS.get(kind) if isinstance(kind, str) else None
    if checker is None:
        known = " or ".join(repr(k) for k in CHECKERS)
        if kind is None:
            return [
                codes.SCHEMA_MISSING(
                    f"missing required key 'kind' ({known}): is this a jcm-mrv file?",
                    **document.locate(()),
                )
            ]
        return [codes.SCHEMA_TYPE(f"kind {kind!r} is not {known}", **document.locate(("kind",)))]
    return checker(document, data)


def validate_paths(paths: Iterable[Path | str], *, data: bool = False) -> ValidationReport:
    """Validate files and directories; every problem becomes a finding in the report.

    With ``data``, each usable project's monitoring data are read and every cell is
    checked (nothing is calculated); :func:`jcm_mrv.validate` does so by default.
    """
    report = ValidationReport()
    files, missing = expand_paths(Path(p) for p in paths)
    for name in missing:
        report.unreadable.append(name)
        report.findings.append(codes.FILE_UNREADABLE("no such file or directory", file=name))
    for path in files:
        report.files.append(str(path))
        document = read_yaml_file(path)
        if document.data is None and any(
            f.code == codes.FILE_UNREADABLE.code for f in document.findings
        ):
            report.unreadable.append(str(path))
        report.findings.extend(validate_document(document, data=data))
    report.findings = sort_findings(report.findings)
    return report
