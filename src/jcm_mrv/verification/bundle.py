"""Run bundles: one archive with everything a calculation used, and its reproduction.

:func:`write_bundle` writes a zip archive of a calculated project holding the project
file, its methodology, every data file (under ``inputs/``, at their paths relative to
the project file), the result JSON (``result.json``) and a manifest of sizes and
SHA-256 hashes (``manifest.json``). The archive is deterministic: sorted names, fixed
timestamps and permissions, so the same inputs give the same bytes.

:func:`reproduce` opens such an archive safely (no absolute paths, no ``..``, no
links, limits on entries and bytes), checks every file against the manifest,
recomputes the project in a temporary folder and compares the result byte for byte.

Both take the calculation as a function from a project file to the bytes of its
result JSON (:func:`jcm_mrv.api.bundle` and :func:`jcm_mrv.api.reproduce` pass the one
``jcm-mrv calculate --format json`` prints), so the archive holds exactly what a user
would have saved.
"""

from __future__ import annotations

import hashlib
import json
import stat
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn

from jcm_mrv.engine.provenance import InputFile
from jcm_mrv.fileformats.paths import portable_path
from jcm_mrv.findings import Finding, codes, has_errors
from jcm_mrv.findings.errors import InputError
from jcm_mrv.verification.report import VerificationReport

BUNDLE_FORMAT = "jcm-mrv-bundle"
BUNDLE_VERSION = 1
INPUTS = "inputs"
"""The folder of the archive that holds the project file and its inputs."""
RESULT_NAME = "result.json"
Calculate = Callable[[Path, Sequence[str], bool], tuple[bytes, list[Finding]]]
"""A calculation: the project file, its ``--set`` overrides and whether to explain →
its result JSON (bytes) and the findings it gave. Raises
:class:`~jcm_mrv.findings.errors.InputError` when the project cannot be calculated."""
MANIFEST_NAME = "manifest.json"
MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 1 << 30
"""Refuse archives that would unpack to more than 1 GiB."""
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class WrittenBundle:
    """A bundle just written: its manifest (without manifest.json) and the findings of
    the calculation it holds."""

    files: list[InputFile]
    findings: list[Finding]


def write_bundle(
    project: Path | str,
    output: Path | str,
    calculate: Calculate,
    *,
    overrides: Sequence[str] = (),
    explain: bool = False,
) -> WrittenBundle:
    """Calculate ``project`` and write the run bundle ``output``; return what it holds.

    Raises :class:`~jcm_mrv.findings.errors.InputError` when the project cannot be calculated,
    or when an input lies outside the project file's folder (it would have no place in
    the archive).
    """
    from jcm_mrv.project.loader import load_project

    project = Path(project)
    result, findings = calculate(project, overrides, explain)
    loaded = load_project(project)
    assert loaded.project is not None and loaded.methodology is not None
    members: dict[str, tuple[str, bytes]] = {}
    base = project.parent
    sources: list[tuple[str, Path]] = [("project", project)]
    if loaded.project.methodology.path is not None:
        sources.append(("methodology", loaded.data_path(loaded.project.methodology.path)))
    sources += [("data", loaded.data_path(d.path)) for d in loaded.project.data]
    for role, path in sources:
        relative = portable_path(path, base)
        if not _inside(path, base):
            raise InputError(
                f"{path}: cannot bundle a file outside the project file's folder",
                [
                    codes.BUNDLE_UNSAFE(
                        f"{role} file {path} lies outside {base or '.'}; move it next to the "
                        "project file to bundle it",
                        file=str(project),
                    )
                ],
            )
        members[f"{INPUTS}/{relative}"] = (role, path.read_bytes())
    if loaded.project.methodology.path is None:
        bundled = Path(loaded.methodology.file)
        members[f"bundled-methodology/{bundled.name}"] = (
            "methodology (bundled with jcm-mrv)",
            bundled.read_bytes(),
        )
    members[RESULT_NAME] = ("result", result)
    manifest = [
        InputFile(role, name, len(raw), hashlib.sha256(raw).hexdigest())
        for name, (role, raw) in sorted(members.items())
    ]
    document = {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "project": f"{INPUTS}/{project.name}",
        "result": RESULT_NAME,
        "files": [item.to_dict() for item in manifest],
    }
    members[MANIFEST_NAME] = ("manifest", (json.dumps(document, indent=2) + "\n").encode())
    _write_zip(Path(output), {name: raw for name, (_, raw) in members.items()})
    return WrittenBundle(manifest, findings)


def _inside(path: Path, base: Path) -> bool:
    try:
        path.resolve().relative_to(base.resolve())
    except ValueError:
        return False
    return True


def _write_zip(output: Path, members: dict[str, bytes]) -> None:
    import io

    from jcm_mrv.outputs import write_atomically

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, members[name], compresslevel=9)
    write_atomically(output, buffer.getvalue())


@dataclass(frozen=True)
class Reproduction:
    """The outcome of reproducing a bundle.

    ``identical`` is True when the recomputed result JSON is byte-identical to the
    bundled one. ``findings`` are those about the bundle itself (files that differ from
    the manifest, a result not reproduced); ``verification`` compares the bundled
    result with the recomputation when the bundle could be recomputed.
    """

    bundle: str
    identical: bool
    files: list[InputFile]
    findings: list[Finding] = field(default_factory=list)
    verification: VerificationReport | None = None

    @property
    def failed(self) -> bool:
        """True when the result was not reproduced (the exit code is then 1)."""
        return not self.identical or has_errors(self.findings)

    @property
    def conclusion(self) -> str:
        """A one-line conclusion."""
        if not self.failed:
            return (
                f"Reproduced: the recomputed result is byte-identical to {RESULT_NAME} in "
                f"{self.bundle}."
            )
        changed = [f.file for f in self.findings if f.code == codes.BUNDLE_FILE_CHANGED.code]
        text = f"Not reproduced: the recomputed result differs from {RESULT_NAME} in {self.bundle}"
        if changed:
            text += f"; changed: {', '.join(str(c) for c in changed)}"
        return text + "."

    def all_findings(self) -> list[Finding]:
        """The bundle's findings, then (when not reproduced) the comparison's."""
        if self.identical or self.verification is None:
            return list(self.findings)
        return [*self.findings, *self.verification.findings]

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON structure of a reproduction."""
        return {
            "bundle": self.bundle,
            "identical": self.identical,
            "files": [f.to_dict() for f in self.files],
            "findings": [f.to_dict() for f in self.all_findings()],
            "verification": (
                self.verification.to_dict()
                if self.verification is not None and not self.identical
                else None
            ),
            "conclusion": self.conclusion,
        }


def reproduce(
    bundle: Path | str, calculate: Calculate, *, materiality: float = 0.05
) -> Reproduction:
    """Recompute a run bundle in a temporary folder and compare its result byte for byte.

    Raises :class:`~jcm_mrv.findings.errors.InputError` (``JCM-V031``) when the archive cannot
    be opened safely or is not a jcm-mrv bundle.
    """
    from jcm_mrv.verification import recompute_and_compare

    bundle = Path(bundle)
    name = str(bundle)
    with tempfile.TemporaryDirectory(prefix="jcm-mrv-reproduce-") as folder:
        root = Path(folder)
        manifest = _extract(bundle, root)
        files, findings = _check_manifest(manifest, root, name)
        project = root / str(manifest.get("project", ""))
        result_file = root / RESULT_NAME
        if not project.is_file() or not result_file.is_file():
            _refuse(name, "the manifest names no project file or result that the archive holds")
        verification = recompute_and_compare(project, result_file, materiality=materiality)
        recomputed, _ = calculate(project, *_options_of(result_file))
        identical = recomputed == result_file.read_bytes()
        if not identical:
            findings.append(
                codes.REPRODUCTION_DIFFERS(
                    f"the recomputed result differs from {RESULT_NAME} from line "
                    f"{_first_different_line(recomputed, result_file.read_bytes())}",
                    file=f"{name}:{RESULT_NAME}",
                )
            )
        return Reproduction(
            bundle=bundle.name,
            identical=identical,
            files=files,
            findings=findings,
            verification=verification.report,
        )


def _options_of(result_file: Path) -> tuple[list[str], bool]:
    """The ``--set`` overrides and the ``--explain`` a bundled result was made with."""
    from jcm_mrv.verification.integrity import read_result_json

    result = read_result_json(result_file)
    provenance = result.get("provenance")
    recorded = provenance.get("overrides") if isinstance(provenance, dict) else None
    overrides = (
        [f"{name}={value}" for name, value in recorded.items()]
        if isinstance(recorded, dict)
        else []
    )
    return overrides, isinstance(result.get("explanation"), list)


def _refuse(file: str, message: str) -> NoReturn:
    raise InputError(f"{file}: {message}", [codes.BUNDLE_UNSAFE(message, file=file)])


def _extract(bundle: Path, root: Path) -> dict[str, Any]:
    """Unpack the archive into ``root`` safely; return its manifest."""
    name = str(bundle)
    try:
        archive = zipfile.ZipFile(bundle)
    except (OSError, zipfile.BadZipFile) as exc:
        _refuse(name, f"not a readable zip archive ({exc})")
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            _refuse(name, f"{len(infos):,} entries; a bundle holds at most {MAX_ENTRIES:,}")
        total = sum(info.file_size for info in infos)
        if total > MAX_TOTAL_BYTES:
            _refuse(name, f"unpacks to {total:,} bytes; the limit is {MAX_TOTAL_BYTES:,}")
        seen: set[str] = set()
        for info in infos:
            target = _safe_target(info, root, name)
            if target is None:
                continue
            if info.filename in seen:
                _refuse(name, f"entry {info.filename!r} appears twice")
            seen.add(info.filename)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                data = archive.read(info)  # reads at most the declared size, checks the CRC
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                _refuse(name, f"entry {info.filename!r} cannot be read ({exc})")
            target.write_bytes(data)
    try:
        manifest = json.loads((root / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        _refuse(name, f"no readable {MANIFEST_NAME}: not a bundle made by 'jcm-mrv bundle'")
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        _refuse(name, f"{MANIFEST_NAME} is not a jcm-mrv bundle manifest")
    return manifest


def _safe_target(info: zipfile.ZipInfo, root: Path, bundle: str) -> Path | None:
    """Where an entry may be written, or a refusal: no absolute path, ``..`` or link."""
    filename = info.filename
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        _refuse(bundle, f"entry {filename!r} is a symbolic link")
    if "\\" in filename or ":" in filename or "\x00" in filename:
        _refuse(bundle, f"entry {filename!r} has a backslash, colon or NUL in its name")
    path = PurePosixPath(filename)
    if path.is_absolute() or ".." in path.parts:
        _refuse(bundle, f"entry {filename!r} points outside the archive's folder")
    if info.is_dir():
        return None
    target = root.joinpath(*path.parts)
    if not target.resolve().is_relative_to(root.resolve()):
        _refuse(bundle, f"entry {filename!r} points outside the archive's folder")
    return target


def _check_manifest(
    manifest: dict[str, Any], root: Path, bundle: str
) -> tuple[list[InputFile], list[Finding]]:
    files = []
    findings = []
    listed = manifest.get("files")
    for item in listed if isinstance(listed, list) else []:
        if not isinstance(item, dict):
            continue
        entry = InputFile(
            path=str(item.get("path")),
            role=str(item.get("role")),
            size=int(item.get("size") or 0),
            sha256=str(item.get("sha256")),
        )
        files.append(entry)
        target = root / entry.path
        if not _safe_relative(entry.path) or not target.is_file():
            findings.append(
                codes.BUNDLE_FILE_CHANGED(
                    f"{entry.path} is listed in the manifest but not in the archive",
                    file=entry.path,
                )
            )
            continue
        raw = target.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != entry.sha256 or len(raw) != entry.size:
            findings.append(
                codes.BUNDLE_FILE_CHANGED(
                    f"{entry.path} ({entry.role}) is not the file the bundle was made with: "
                    f"{len(raw):,} bytes, SHA-256 {digest[:12]}… (manifest: {entry.size:,} "
                    f"bytes, {entry.sha256[:12]}…)",
                    file=entry.path,
                )
            )
    listed_paths = {f.path for f in files} | {MANIFEST_NAME}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if relative not in listed_paths:
            findings.append(
                codes.BUNDLE_FILE_CHANGED(
                    f"{relative} is in the archive but not in its manifest", file=relative
                )
            )
    del bundle
    return files, findings


def _safe_relative(path: str) -> bool:
    pure = PurePosixPath(path)
    return not pure.is_absolute() and ".." not in pure.parts


def _first_different_line(a: bytes, b: bytes) -> int:
    for n, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), start=1):
        if x != y:
            return n
    return min(len(a.splitlines()), len(b.splitlines())) + 1
