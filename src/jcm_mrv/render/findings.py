"""Render findings as a table, JSON, GitHub workflow annotations or SARIF.

Every renderer takes the same list of :class:`~jcm_mrv.findings.Finding` records and
returns text; the CLI decides where it goes (stdout) and which exit code follows. The
table (:func:`print_table`) speaks the command's language (``--lang ja``): its column
headings, the severities and the summary line come from the message catalogue, while
the finding messages themselves, their codes and locations stay as they are (English).
The machine formats (text, JSON, GitHub, SARIF) never change with the language.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jcm_mrv._version import __version__
from jcm_mrv.findings import Finding, Severity
from jcm_mrv.outputs import json_text

if TYPE_CHECKING:
    from jcm_mrv.render.messages import Language


def summary(findings: Sequence[Finding], files: int) -> dict[str, int]:
    """Counts of files and of findings by severity."""
    return {
        "files": files,
        "errors": sum(f.severity is Severity.ERROR for f in findings),
        "warnings": sum(f.severity is Severity.WARNING for f in findings),
        "infos": sum(f.severity is Severity.INFO for f in findings),
    }


def to_text(findings: Sequence[Finding], files: int) -> str:
    """Plain lines, ``file:line:column: CODE severity: message``, like a compiler's."""
    lines = [
        f"{f.location}: {f.code} {f.severity.value}: {f.message}"
        + (f" ({f.hint})" if f.hint else "")
        for f in findings
    ]
    counts = summary(findings, files)
    lines.append(
        f"{files} file(s) checked: {counts['errors']} error(s), {counts['warnings']} warning(s)"
    )
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…::message``), escaped."""
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for f in findings:
        props = []
        if f.file:
            props.append(f"file={_escape_property(f.file)}")
        if f.line:
            props.append(f"line={f.line}")
        if f.column:
            props.append(f"col={f.column}")
        props.append(f"title={_escape_property(f.code)}")
        message = f.message + (f" ({f.hint})" if f.hint else "")
        if f.sheet or f.cell or f.row:
            message = f"{f.location}: {message}"
        lines.append(f"::{levels[f.severity]} {','.join(props)}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)


SRCROOT = "%SRCROOT%"
"""The ``uriBaseId`` of SARIF locations: the directory jcm-mrv ran in."""


def sarif_uri(file: str, base: Path) -> dict[str, str]:
    """A SARIF ``artifactLocation`` for ``file``, as read from the directory ``base``.

    A file inside ``base`` gets a relative, percent-encoded URI with ``uriBaseId``
    ``%SRCROOT%`` (``data/monitoring%20sheet.csv``); a file outside it gets its absolute
    ``file://`` URI, never ``../``.
    """
    from urllib.parse import quote

    path = Path(file)
    absolute = path if path.is_absolute() else base / path
    absolute = Path(os.path.normpath(absolute))
    try:
        relative = absolute.relative_to(Path(os.path.normpath(base)))
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": SRCROOT}


def to_sarif(findings: Sequence[Finding], base: Path | None = None) -> str:
    """A SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

    File locations are relative to ``%SRCROOT%``, the directory ``base`` (default: the
    current directory); see :func:`sarif_uri`. The log does not spell out that
    directory (no ``originalUriBaseIds``): a SARIF viewer such as GitHub code scanning
    supplies its checkout for ``%SRCROOT%``, and the log stays the same bytes wherever
    it is made, naming no home folder. A finding about a command-line option (``--set``) has no file
    location.
    """
    from jcm_mrv.findings.codes import CATALOGUE

    root = (base or Path.cwd()).absolute()
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    used = sorted({f.code for f in findings})
    rules = [
        {
            "id": code,
            "name": CATALOGUE[code].title if code in CATALOGUE else code,
            "shortDescription": {"text": CATALOGUE[code].title if code in CATALOGUE else code},
            "fullDescription": {"text": CATALOGUE[code].explanation if code in CATALOGUE else code},
        }
        for code in used
    ]
    results: list[dict[str, Any]] = []
    for f in findings:
        message = f.message + (f" ({f.hint})" if f.hint else "")
        if f.sheet or f.cell or f.row:
            message = f"{f.location}: {message}"
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": levels[f.severity],
            "message": {"text": message},
        }
        if f.file and not f.file.startswith("-"):
            region: dict[str, int] = {}
            if f.line:
                region["startLine"] = f.line
            if f.column:
                region["startColumn"] = f.column
            location: dict[str, Any] = {"artifactLocation": sarif_uri(f.file, root)}
            if region:
                location["region"] = region
            result["locations"] = [{"physicalLocation": location}]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "jcm-mrv",
                        "version": __version__,
                        "informationUri": "https://github.com/jcm-mrv/jcm-mrv",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json_text(log)


def print_table(
    findings: Sequence[Finding], files: int | None, console: Any, lang: Language = "en"
) -> None:
    """Print findings as a rich table; with a count of ``files``, a summary line follows.

    ``lang`` is the language of the headings, the severities and the summary; the
    messages, codes and locations are the findings' own.
    """
    from rich.table import Table
    from rich.text import Text

    from jcm_mrv.render.messages import messages

    m = messages(lang)
    styles = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
    if findings:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column(m["location"], no_wrap=True)
        table.add_column(m["code"], no_wrap=True)
        table.add_column(m["severity"], no_wrap=True)
        table.add_column(m["message"], overflow="fold")
        for f in findings:
            message = Text(f.message)
            if f.hint:
                message.append(f" ({f.hint})", style="dim")
            severity = m[f"severity:{f.severity.value}"]
            table.add_row(
                Text(f.location), f.code, Text(severity, style=styles[f.severity]), message
            )
        console.print(table)
    if files is None:
        return
    counts = summary(findings, files)
    key = "files_checked_one" if files == 1 else "files_checked"
    console.print(
        m[key].format(files=files, errors=counts["errors"], warnings=counts["warnings"]),
        highlight=False,
    )
