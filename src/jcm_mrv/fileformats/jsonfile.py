"""Reading JSON from strangers: bounded in size, nesting and number length, never blocking.

:func:`read_json_file` reads a JSON file (such as the ``calculate --format json`` output
that ``credits --result`` reads) and returns its data or findings, never raising for a
problem with the file. Before anything is parsed it refuses what is not a regular file
(``/dev/zero`` would be read forever, a FIFO would block forever) and files above the
size limit; the nesting depth is measured with a linear scan before :mod:`json` (which
recurses) sees the text; and every number is checked for length before Python converts
it (a 5,000-digit integer or ``1e999999999`` would otherwise cost seconds, an error or
an infinity). The limits are those of :mod:`jcm_mrv.fileformats.limits`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jcm_mrv.fileformats import limits
from jcm_mrv.fileformats.safepaths import read_bounded
from jcm_mrv.fileformats.yamlfile import decode_utf8
from jcm_mrv.findings import Finding, codes

# Strings (escapes included) are removed before the depth scan counts brackets.
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCAN_BYTES = 1 << 20


@dataclass
class JsonDocument:
    """A JSON file read into plain Python data, or the findings that say why not."""

    file: str
    data: Any = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file was read into data."""
        return not self.findings


class _Refused(ValueError):
    """A number the hooks refuse; carries the finding."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def read_json_file(path: Path, *, label: str | None = None) -> JsonDocument:
    """Read a JSON file from disk into a :class:`JsonDocument` (data or findings).

    Example::

        doc = read_json_file(Path("result.json"))
        if doc.ok:
            periods = doc.data["periods"]
    """
    name = label or str(path)
    limit = limits.JSON_BYTES.get()
    try:
        raw, size = read_bounded(path, limit)
    except OSError as exc:
        return JsonDocument(
            name, findings=[codes.FILE_UNREADABLE(f"cannot read file: {exc.strerror}", file=name)]
        )
    if size > limit:
        message = (
            f"file is {size:,} bytes; JSON files above {limit:,} bytes are refused "
            f"(raise the limit with {limits.JSON_BYTES.variable})"
        )
        return JsonDocument(name, findings=[codes.FILE_TOO_LARGE(message, file=name)])
    return parse_json_bytes(raw, file=name)


def parse_json_bytes(raw: bytes, *, file: str) -> JsonDocument:
    """Parse JSON bytes (UTF-8, BOM allowed) into a :class:`JsonDocument`."""
    doc = JsonDocument(file)
    text = decode_utf8(raw, file, doc.findings)
    if text is None:
        return doc
    too_deep = _too_deep(raw)
    if too_deep is not None:
        doc.findings.append(too_deep.with_location(file=file))
        return doc
    longest = limits.NUMBER_CHARS.get()

    def number(kind: type[int] | type[float]) -> Any:
        def convert(literal: str) -> int | float:
            if len(literal) > longest:
                raise _Refused(
                    codes.NUMBER_TOO_LONG(
                        f"a number of {len(literal):,} characters; numbers longer than "
                        f"{longest} characters are refused ({limits.NUMBER_CHARS.variable})",
                        file=file,
                    )
                )
            value = kind(literal)
            if isinstance(value, float) and not math.isfinite(value):
                raise _Refused(
                    codes.JSON_SYNTAX(f"{literal[:40]} is too large for a number", file=file)
                )
            return value

        return convert

    def constant(name: str) -> Any:
        raise _Refused(codes.JSON_SYNTAX(f"{name} is not a number JSON allows", file=file))

    # A hook on every integer triples the parse time: only when a long one may be there.
    long_run = re.search(rb"[-+0-9.eE]{%d,}" % (longest + 1), raw) is not None
    try:
        doc.data = json.loads(
            text,
            parse_int=number(int) if long_run else None,
            parse_float=number(float),
            parse_constant=constant,
        )
    except _Refused as exc:
        doc.findings.append(exc.finding)
    except json.JSONDecodeError as exc:
        doc.findings.append(
            codes.JSON_SYNTAX(f"not JSON: {exc.msg}", file=file, line=exc.lineno, column=exc.colno)
        )
    except RecursionError:  # pragma: no cover - the depth scan comes first
        doc.findings.append(codes.JSON_SYNTAX("nesting too deep", file=file))
    return doc


def _too_deep(raw: bytes) -> Finding | None:
    """A finding when lists and objects nest deeper than the limit (strings skipped)."""
    deepest = limits.NESTING.get()
    if raw.count(b"[") + raw.count(b"{") <= deepest:
        return None
    import numpy as np  # only for files with many brackets: a linear scan at C speed

    step = np.zeros(256, dtype=np.int32)
    step[list(b"[{")], step[list(b"]}")] = 1, -1
    text = np.frombuffer(_STRING.sub(b"", raw), dtype=np.uint8)
    depth = 0
    for start in range(0, text.size, _SCAN_BYTES):
        running = np.cumsum(step[text[start : start + _SCAN_BYTES]]) + depth
        if int(running.max()) > deepest:
            break
        depth = int(running[-1])
    else:
        return None
    return codes.JSON_SYNTAX(
        f"nesting deeper than {deepest} levels is refused ({limits.NESTING.variable})"
    )
