"""Is a result file what jcm-mrv wrote, and was it computed from the files there now?

:func:`check_result` reads back what a result JSON records about itself: the SHA-256
of its canonical content (an edit by hand breaks it), the rounded ER of every period
(it must follow from the unrounded ER by the declared rule), the jcm-mrv and library
versions, and, given the project file, the methodology and the SHA-256 of every input
file. Each problem is a finding; nothing here prints or exits.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jcm_mrv._version import __version__
from jcm_mrv.engine.provenance import CONTENT_HASH_KEY, content_sha256, file_sha256
from jcm_mrv.findings import Finding, Severity, codes
from jcm_mrv.findings.errors import InputError

if TYPE_CHECKING:
    from jcm_mrv.engine.rounding import RoundingRule
    from jcm_mrv.project.loader import LoadedProject

ROUNDING_CODES = frozenset({codes.ROUNDING_INCONSISTENT.code})
"""Findings that no ``--trust-result`` can waive: the credits would be wrong."""


@dataclass(frozen=True)
class RecordedInput:
    """An input file as a result records it (path relative to the project's folder)."""

    role: str
    path: str
    sha256: str
    size: int | None = None


def read_result_json(path: Path) -> dict[str, Any]:
    """Read a result JSON as plain data; :class:`InputError` when it is not a JSON object."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(
            f"{path}: cannot read the file ({reason})",
            [codes.CLAIM_INVALID(f"cannot read the file ({reason})", file=str(path))],
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        raise InputError(
            f"{path}: {message}",
            [codes.CLAIM_INVALID(message, file=str(path), line=exc.lineno, column=exc.colno)],
        ) from None
    if isinstance(data, dict) and isinstance(data.get("result"), dict) and "status" in data:
        data = data["result"]  # the document 'jcm-mrv calculate --format json' prints
    if not isinstance(data, dict):
        message = "expected a JSON object from 'jcm-mrv calculate --format json'"
        raise InputError(f"{path}: {message}", [codes.CLAIM_INVALID(message, file=str(path))])
    return data


def check_result(
    data: dict[str, Any],
    *,
    file: str,
    project: Path | str | None = None,
    loaded: LoadedProject | None = None,
) -> list[Finding]:
    """Every integrity finding about the result ``data`` read from ``file``.

    Without ``project`` only what the file says about itself is checked (content hash,
    rounding, versions); with it, also the methodology the project applies now and
    every input file the result records, looked up relative to the project's folder.
    ``loaded`` is the project already loaded, if the caller has it.
    """
    findings = [*_content_hash(data, file), *rounding_findings(data, file), *_versions(data, file)]
    if project is not None:
        findings += _methodology(data, file, loaded or _load(Path(project)))
        findings += _inputs(data, file, Path(project))
    return findings


def _content_hash(data: dict[str, Any], file: str) -> list[Finding]:
    provenance = data.get("provenance")
    recorded = provenance.get(CONTENT_HASH_KEY) if isinstance(provenance, dict) else None
    if not isinstance(recorded, str):
        return [
            codes.RESULT_NO_HASH(
                "the result records no SHA-256 of its content (provenance.result_sha256), so "
                "an edit by hand cannot be detected",
                file=file,
                path=f"provenance.{CONTENT_HASH_KEY}",
                hint="recompute it with 'jcm-mrv calculate --format json'",
            )
        ]
    try:
        actual = content_sha256(data)
    except ValueError:  # NaN or infinity in a hand-edited file
        actual = ""
    if actual != recorded:
        return [
            codes.RESULT_HASH_MISMATCH(
                "the result was edited after jcm-mrv wrote it: its content does not match the "
                f"SHA-256 it records ({recorded[:12]}…)",
                file=file,
                path=f"provenance.{CONTENT_HASH_KEY}",
            )
        ]
    return []


def rounding_findings(data: dict[str, Any], file: str) -> list[Finding]:
    """Periods whose rounded ER is not their ER rounded by the declared rule."""
    from jcm_mrv.engine.rounding import RoundingRule

    provenance = data.get("provenance")
    settings = provenance.get("rounding") if isinstance(provenance, dict) else None
    try:
        if not isinstance(settings, dict):
            raise InputError("no rounding rule")
        rule = RoundingRule(
            mode=settings.get("mode", "floor"),
            step=Decimal(str(settings.get("step", "1"))),
        )
    except (InputError, ArithmeticError):
        return [
            codes.ROUNDING_INCONSISTENT(
                "the result declares no usable rounding rule (provenance.rounding)",
                file=file,
                path="provenance.rounding",
            )
        ]
    findings = []
    periods = data.get("periods")
    total = 0
    for n, period in enumerate(periods if isinstance(periods, list) else []):
        if not isinstance(period, dict):
            continue
        er = period.get("emission_reductions")
        rounded = period.get("emission_reductions_rounded")
        if (
            not isinstance(er, int | float)
            or isinstance(er, bool)
            or not isinstance(rounded, int)
            or isinstance(rounded, bool)
        ):
            findings.append(
                codes.ROUNDING_INCONSISTENT(
                    f"period {period.get('id')!r} lacks a numeric emission_reductions or a whole "
                    "emission_reductions_rounded",
                    file=file,
                    path=f"periods[{n}]",
                )
            )
            continue
        total += rounded
        if not _follows_from(er, period.get("emission_reductions_exact"), rounded, rule):
            expected = _rounded_or_none(er, rule)
            findings.append(
                codes.ROUNDING_INCONSISTENT(
                    f"period {period.get('id')}: emission_reductions_rounded is {rounded}, but "
                    f"the ER {er!r} tCO2 rounded by the declared rule ({rule.mode}, step "
                    f"{rule.step}) gives {expected}",
                    file=file,
                    path=f"periods[{n}].emission_reductions_rounded",
                )
            )
    totals = data.get("totals")
    stated = totals.get("emission_reductions_rounded") if isinstance(totals, dict) else total
    if stated != total:
        findings.append(
            codes.ROUNDING_INCONSISTENT(
                f"totals.emission_reductions_rounded is {stated!r}, but the periods' rounded "
                f"ER sum to {total}",
                file=file,
                path="totals.emission_reductions_rounded",
            )
        )
    return findings


_EXACT = re.compile(r"-?[0-9]{1,60}(/[0-9]{1,60})?")
"""An exact ER as the result writes it (``numerator/denominator``), bounded in length so
that a hand-edited value cannot make the check slow."""


def _follows_from(er: float, exact: object, rounded: int, rule: RoundingRule) -> bool:
    """Whether ``rounded`` is the declared rounding of the period's ER.

    The exact ER (``emission_reductions_exact``) decides when the result gives one; a
    result without it (a non-rational equation) is checked on its float ER, allowing
    the float's relative error of 1e-9 either way.
    """
    from jcm_mrv.engine.rounding import round_emission_reductions

    if isinstance(exact, str) and _EXACT.fullmatch(exact):
        return round_emission_reductions(Fraction(exact), rule).rounded == rounded
    if exact is not None:
        return False
    try:
        slack = 1e-9 * max(1.0, abs(er))
        return (
            round_emission_reductions(er - slack, rule).rounded
            <= rounded
            <= round_emission_reductions(er + slack, rule).rounded
        )
    except (InputError, ArithmeticError, ValueError):
        return False


def _rounded_or_none(er: float, rule: RoundingRule) -> int | None:
    from jcm_mrv.engine.rounding import round_emission_reductions

    try:
        return round_emission_reductions(er, rule).rounded
    except (InputError, ArithmeticError, ValueError):
        return None


def _versions(data: dict[str, Any], file: str) -> list[Finding]:
    from jcm_mrv.engine.provenance import library_versions

    provenance = data.get("provenance")
    if not isinstance(provenance, dict):
        return []
    findings = []
    made_by = provenance.get("tool_version")
    if made_by != __version__:
        findings.append(
            codes.TOOL_VERSION_DIFFERS(
                f"the result was made by jcm-mrv {made_by}, this is jcm-mrv {__version__}",
                file=file,
                path="provenance.tool_version",
            )
        )
    recorded = provenance.get("dependencies")
    if isinstance(recorded, dict):
        now = library_versions()
        differing = [
            f"{name} {recorded.get(name)} (now {version})"
            for name, version in now.items()
            if recorded.get(name) != version
        ]
        if differing:
            findings.append(
                codes.LIBRARY_VERSIONS_DIFFER(
                    "the result was computed with " + ", ".join(differing),
                    file=file,
                    path="provenance.dependencies",
                )
            )
    return findings


def _load(project: Path) -> LoadedProject:
    from jcm_mrv.project.loader import load_project

    return load_project(project)


def _methodology(data: dict[str, Any], file: str, loaded: LoadedProject) -> list[Finding]:
    if loaded.project is None or loaded.methodology is None:
        return []  # the calculation that follows reports why the project cannot be used
    recorded = data.get("methodology")
    recorded = recorded if isinstance(recorded, dict) else {}
    ref = loaded.project.methodology
    now = (ref.id, ref.version, loaded.methodology.sha256)
    then = (recorded.get("id"), recorded.get("version"), recorded.get("sha256"))
    if now == then:
        return []
    if now[:2] != then[:2]:
        message = (
            f"the result applies {then[0]} version {then[1]}; the project now applies "
            f"{now[0]} version {now[1]}"
        )
    else:
        message = (
            f"the methodology file of {now[0]} version {now[1]} changed since the result was "
            f"made (SHA-256 {str(then[2])[:12]}…, now {now[2][:12]}…)"
        )
    return [codes.METHODOLOGY_DIFFERS(message, file=file, path="methodology")]


def recorded_inputs(data: dict[str, Any]) -> list[RecordedInput]:
    """The input files a result records (from ``inputs``, or the older hash fields)."""
    provenance = data.get("provenance")
    if not isinstance(provenance, dict):
        return []
    inputs = provenance.get("inputs")
    if isinstance(inputs, list):
        return [
            RecordedInput(
                role=str(item.get("role", "")),
                path=str(item["path"]),
                sha256=str(item.get("sha256", "")),
                size=item.get("size") if isinstance(item.get("size"), int) else None,
            )
            for item in inputs
            if isinstance(item, dict) and isinstance(item.get("path"), str)
        ]
    data_files = provenance.get("data_files")
    return [
        RecordedInput(role="data", path=str(name), sha256=str(digest))
        for name, digest in (data_files.items() if isinstance(data_files, dict) else [])
    ]


def _inputs(data: dict[str, Any], file: str, project: Path) -> list[Finding]:
    findings = []
    base = project.parent
    for n, item in enumerate(recorded_inputs(data)):
        target = project if item.role == "project" else base / item.path
        where: dict[str, Any] = {"file": str(target), "path": f"provenance.inputs[{n}]"}
        if not target.is_file():
            findings.append(
                codes.INPUT_MISSING(
                    f"{item.path} (the result's {item.role} file) is not found at {target}",
                    **where,
                )
            )
            continue
        actual = file_sha256(target)
        if actual != item.sha256:
            size = target.stat().st_size
            sizes = f"; {item.size:,} bytes then, {size:,} now" if item.size is not None else ""
            findings.append(
                codes.INPUT_CHANGED(
                    f"{item.path} changed since the result {Path(file).name} was made (SHA-256 "
                    f"{item.sha256[:12]}… then, {actual[:12]}… now{sizes})",
                    **where,
                )
            )
    return findings


@dataclass(frozen=True)
class ResultCheck:
    """The integrity findings about a result file, and whether it may be used.

    A result whose rounded ER does not follow from its ER is always refused. One with
    other integrity errors (edited, inputs changed, another jcm-mrv or methodology
    version) is refused unless ``trusted``; then its findings stay errors.
    """

    file: str
    findings: list[Finding]
    trusted: bool = False

    @property
    def refused(self) -> bool:
        """True when the result must not be used to allocate credits."""
        errors = [f for f in self.findings if f.severity is Severity.ERROR]
        if any(f.code in ROUNDING_CODES for f in errors):
            return True
        return bool(errors) and not self.trusted

    @property
    def reason(self) -> str:
        """Why the result is refused, for the error message."""
        if any(f.code in ROUNDING_CODES for f in self.findings):
            return (
                f"{self.file}: a rounded ER does not follow from its ER by the declared rule; "
                "the credits cannot be taken from this result"
            )
        return (
            f"{self.file}: the result fails its integrity checks (see the findings); "
            "recompute it, or pass --trust-result to allocate it anyway"
        )


def check_result_file(
    path: Path | str, *, project: Path | str | None = None, trusted: bool = False
) -> ResultCheck:
    """Read and check a result file (see :func:`check_result`) before credits use it."""
    data = read_result_json(Path(path))
    return ResultCheck(str(path), check_result(data, file=str(path), project=project), trusted)
