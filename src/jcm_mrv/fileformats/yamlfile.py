"""Reading YAML from strangers: safely, with every value's position, and all findings.

Methodology and project files are plain data. This reader refuses what plain data
does not need and what makes YAML dangerous or ambiguous: explicit tags
(``!!python/object``), anchors and aliases (alias bombs), duplicate keys (YAML keeps
the last one silently), non-string keys, several documents in one file, and files
above a size limit. It records the line and column of every key and value so that
schema and formula findings can point at the exact place in the file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jcm_mrv.fileformats import limits
from jcm_mrv.fileformats.safepaths import read_bounded
from jcm_mrv.findings import Finding, codes, has_errors

MAX_YAML_BYTES = limits.YAML_BYTES.default
"""Files above this size are refused before parsing (``JCM_MRV_LIMIT_YAML_BYTES``)."""

MAX_DEPTH = limits.NESTING.default
"""Deeper nesting is refused (real files nest five or six levels; ``JCM_MRV_LIMIT_NESTING``)."""

YamlPath = tuple[str | int, ...]


# libyaml's parser (shipped in PyYAML's wheels) is about ten times faster than the pure
# Python one; the resolvers below (YAML 1.2 scalars) are Python either way.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[valid-type,misc]
    """SafeLoader with YAML 1.2 core-schema booleans, integers and floats.

    YAML 1.1 reads ``no``/``on`` as booleans (a country code NO becomes ``False``),
    ``1e-6`` as a string, ``010`` as the octal 8 and ``1:30`` as the sexagesimal 90;
    authors of methodology files should not trip on any of them.
    """


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_YAML_12_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")

_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _YAML_12_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |\.[0-9_]+(?:[eE][-+]?[0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.VERBOSE,
    ),
    list("-+0123456789."),
)


class _Constructor(yaml.constructor.SafeConstructor):
    """SafeConstructor that reads integers as YAML 1.2 does (``010`` is ten)."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        if text.startswith(("0o", "0x")):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text, 10)


_Constructor.yaml_constructors = {
    **yaml.constructor.SafeConstructor.yaml_constructors,
    "tag:yaml.org,2002:int": _Constructor.construct_yaml_int,
}


@dataclass(frozen=True, slots=True)
class Position:
    """Where a node starts (1-based line and column) and how its scalar was written."""

    line: int
    column: int
    style: str | None = None
    """The scalar style: ``None`` plain, ``'`` or ``"`` quoted, ``|`` or ``>`` block."""
    single_line: bool = True


@dataclass
class YamlDocument:
    """A YAML file read into plain Python data, with positions and findings."""

    file: str
    data: Any = None
    sha256: str = ""
    values: dict[YamlPath, Position] = field(default_factory=dict)
    keys: dict[YamlPath, Position] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file was read into data (it may still break the schema)."""
        return self.data is not None and not self.findings

    def position(self, path: YamlPath, *, key: bool = False) -> Position | None:
        """The position of the value (or key) at ``path``, else of its nearest parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while True:
            if probe in table:
                return table[probe]
            if key and probe in self.values:
                return self.values[probe]
            if not probe:
                return None
            probe = probe[:-1]

    def locate(self, path: YamlPath, *, key: bool = False) -> dict[str, Any]:
        """Location keyword arguments (file, line, column, path) for a finding."""
        pos = self.position(path, key=key)
        return {
            "file": self.file,
            "line": pos.line if pos else None,
            "column": pos.column if pos else None,
            "path": dotted(path),
        }


def dotted(path: YamlPath) -> str:
    """Render a YAML path as ``parameters.EF_RE.value`` or ``eligibility[2].text``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def read_yaml_file(path: Path, *, label: str | None = None) -> YamlDocument:
    """Read a YAML file from disk; never raises for problems with the file itself.

    Devices, FIFOs and folders are refused without blocking, and no more than the size
    limit (plus one byte) is ever read.
    """
    name = label or str(path)
    doc = YamlDocument(file=name)
    limit = limits.YAML_BYTES.get()
    try:
        raw, size = read_bounded(path, limit)
    except OSError as exc:
        doc.findings.append(
            codes.FILE_UNREADABLE(f"cannot read file: {exc.strerror or exc}", file=name)
        )
        return doc
    if size > limit:
        doc.findings.append(_too_large(size, limit, name))
        return doc
    return parse_yaml_bytes(raw, file=name)


def _too_large(size: int, limit: int, file: str) -> Finding:
    return codes.FILE_TOO_LARGE(
        f"file is {size:,} bytes; YAML files above {limit:,} bytes are refused "
        f"(raise the limit with {limits.YAML_BYTES.variable})",
        file=file,
    )


def parse_yaml_bytes(raw: bytes, *, file: str) -> YamlDocument:
    """Parse YAML bytes (UTF-8, BOM allowed) into a :class:`YamlDocument`."""
    doc = YamlDocument(file=file, sha256=hashlib.sha256(raw).hexdigest())
    limit = limits.YAML_BYTES.get()
    if len(raw) > limit:
        doc.findings.append(_too_large(len(raw), limit, file))
        return doc
    text = decode_utf8(raw, file, doc.findings)
    if text is None:
        return doc
    _scan_events(text, doc)
    if doc.findings:
        return doc
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:  # pragma: no cover - the event scan catches these first
        doc.findings.append(_syntax_finding(exc, file))
        return doc
    except RecursionError:  # pragma: no cover - the event scan bounds the depth first
        doc.findings.append(codes.YAML_SYNTAX("nesting too deep", file=file))
        return doc
    if not isinstance(node, yaml.MappingNode):
        where = _mark(node.start_mark) if node is not None else (1, 1)
        doc.findings.append(
            codes.YAML_NOT_MAPPING(
                "the file is empty"
                if node is None
                else "the top level must be a mapping of keys to values",
                file=file,
                line=where[0],
                column=where[1],
            )
        )
        return doc
    builder = _Builder(doc)
    data = builder.build(node, ())
    if not has_errors(doc.findings):
        doc.data = data
    return doc


def decode_utf8(raw: bytes, file: str, findings: list[Finding]) -> str | None:
    """The text of UTF-8 bytes (a BOM is dropped), or ``None`` with a located finding."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        findings.append(
            codes.NOT_UTF8(
                f"byte {exc.start} is not valid UTF-8 ({exc.reason}); save the file as UTF-8",
                file=file,
                line=line,
            )
        )
        return None


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _syntax_finding(exc: yaml.YAMLError, file: str) -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"{context}: {problem}" if context else str(problem)
    if mark is None:
        return codes.YAML_SYNTAX(message, file=file)
    line, column = _mark(mark)
    return codes.YAML_SYNTAX(message, file=file, line=line, column=column)


def _scan_events(text: str, doc: YamlDocument) -> None:
    """Refuse anchors, aliases, tags, deep nesting and extra documents from the event stream.

    Working on events (before any node is composed) keeps an alias bomb from ever
    being expanded: the first anchor stops the scan.
    """
    depth = 0
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            documents += isinstance(event, yaml.DocumentStartEvent)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            refusal = _refusal(event, documents, depth)
            if refusal is not None:
                code, message = refusal
                line, column = _mark(event.start_mark)
                doc.findings.append(code(message, file=doc.file, line=line, column=column))
                return
    except yaml.YAMLError as exc:
        doc.findings.append(_syntax_finding(exc, doc.file))


def _refusal(event: Any, documents: int, depth: int) -> tuple[codes.Code, str] | None:
    """Why an event is refused (its code and message), or ``None`` if it is plain data."""
    if documents > 1:
        return codes.YAML_SYNTAX, "a file holds exactly one YAML document ('---' starts another)"
    if isinstance(event, yaml.AliasEvent):
        return codes.YAML_ANCHOR, f"alias '*{event.anchor}' refused: write the value out in full"
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        return codes.YAML_ANCHOR, f"anchor '&{anchor}' refused: write the value out in full"
    tag = getattr(event, "tag", None)
    if tag is not None and _explicit_tag(event):
        return codes.YAML_TAG, f"tag '{tag}' refused: only plain data is allowed"
    deepest = limits.NESTING.get()
    if depth > deepest:
        return codes.YAML_SYNTAX, (
            f"nesting deeper than {deepest} levels is refused ({limits.NESTING.variable})"
        )
    return None


def _explicit_tag(event: Any) -> bool:
    implicit = getattr(event, "implicit", True)
    if isinstance(implicit, tuple):  # scalars: (plain-implicit, quoted-implicit)
        return not any(implicit)
    return not implicit


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters other than tab and line breaks: never passed on to a terminal."""


class _Builder:
    """Turn composed nodes into Python data, recording positions and duplicate keys."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.constructor = _Constructor()

    def build(self, node: yaml.Node, path: YamlPath) -> Any:
        line, column = _mark(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            self.doc.values[path] = Position(
                line, column, node.style or None, node.start_mark.line == node.end_mark.line
            )
            return self._scalar(node, path)
        self.doc.values[path] = Position(line, column)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, n)) for n, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line, key_column = _mark(key_node.start_mark)
            key = self._scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                message = (
                    f"key {key_node.value!r} is not a string; quote it"
                    if isinstance(key_node, yaml.ScalarNode)
                    else f"a {'list' if isinstance(key_node, yaml.SequenceNode) else 'mapping'} "
                    "used as a key; keys must be plain strings"
                )
                self.doc.findings.append(
                    codes.YAML_KEY_NOT_STRING(
                        message,
                        file=self.doc.file,
                        line=key_line,
                        column=key_column,
                        path=dotted(path),
                    )
                )
                continue
            if key in result:
                first = self.doc.keys[(*path, key)]
                self.doc.findings.append(
                    codes.YAML_DUPLICATE_KEY(
                        f"key {key!r} appears twice in this mapping (first at line {first.line})",
                        file=self.doc.file,
                        line=key_line,
                        column=key_column,
                        path=dotted((*path, key)),
                    )
                )
                continue
            self.doc.keys[(*path, key)] = Position(key_line, key_column)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: yaml.ScalarNode, path: YamlPath) -> Any:
        longest = limits.NUMBER_CHARS.get()
        if node.tag in _NUMBER_TAGS and len(node.value) > longest:
            message = (
                f"a number of {len(node.value):,} characters; numbers longer than "
                f"{longest} characters are refused ({limits.NUMBER_CHARS.variable})"
            )
            return self._refuse(codes.NUMBER_TOO_LONG, message, node, path)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            message = f"cannot read value {node.value[:40]!r}: {exc}"
            return self._refuse(codes.YAML_SYNTAX, message, node, path)
        if isinstance(value, str) and _CONTROL.search(value):
            # a title that moves a terminal's cursor or renames its window: shown escaped
            line, column = _mark(node.start_mark)
            self.doc.findings.append(
                codes.TEXT_CONTROL_CHARACTERS(
                    "text with control characters (such as an escape sequence); they are "
                    "shown escaped",
                    file=self.doc.file,
                    line=line,
                    column=column,
                    path=dotted(path),
                )
            )
            return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), value)
        return value

    def _refuse(self, code: codes.Code, message: str, node: yaml.Node, path: YamlPath) -> None:
        line, column = _mark(node.start_mark)
        self.doc.findings.append(
            code(message, file=self.doc.file, line=line, column=column, path=dotted(path))
        )
