"""The outcome of a job: its result, every finding of every stage, and a status.

Every function of the library API (:mod:`jcm_mrv.api`) returns an :class:`Outcome`;
none raises for bad input. The command line renders the outcome and exits with
:meth:`Outcome.exit_code`, the one place where a job's exit code is decided.

>>> from jcm_mrv.findings import codes
>>> clean = Outcome.of("done")
>>> clean.status.value, clean.exit_code()
('clean', 0)
>>> unusable = Outcome.unusable("no data", [codes.FILE_UNREADABLE("gone", file="x.csv")])
>>> unusable.status.value, unusable.result, unusable.exit_code()
('unusable', None, 2)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Generic, TypeVar

from jcm_mrv.exitcodes import ExitCode
from jcm_mrv.findings import Finding, count_by_severity, has_errors

T = TypeVar("T")
U = TypeVar("U")


class Status(StrEnum):
    """What became of a job."""

    CLEAN = "clean"
    """Done, with no error or warning (remarks of severity info are allowed)."""
    FINDINGS = "findings"
    """Done, with errors or warnings among the findings."""
    UNUSABLE = "unusable"
    """The input could not be used: the findings say where and why."""


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """A job's result (``None`` when the input is unusable), its findings and status.

    ``findings`` holds every finding of every stage in the order the stages ran
    (methodology, project, monitoring data, engine, allocation). ``message`` says in
    one sentence why an unusable input could not be used.
    """

    result: T | None
    findings: tuple[Finding, ...] = ()
    status: Status = Status.CLEAN
    message: str | None = None

    def __post_init__(self) -> None:
        if self.result is None and self.status is not Status.UNUSABLE:
            raise ValueError("an outcome without a result is unusable")

    @classmethod
    def of(cls, result: T, findings: Iterable[Finding] = ()) -> Outcome[T]:
        """A job that was done: status ``findings`` when any is an error or warning."""
        kept = tuple(findings)
        status = Status.FINDINGS if has_errors(kept, strict=True) else Status.CLEAN
        return cls(result, kept, status)

    @classmethod
    def unusable(
        cls, message: str, findings: Iterable[Finding] = (), result: T | None = None
    ) -> Outcome[T]:
        """A job whose input could not be used (``result``: what was done regardless)."""
        return cls(result, tuple(findings), Status.UNUSABLE, message)

    def map(self, change: Callable[[T], U]) -> Outcome[U]:
        """The same findings and status with ``change`` applied to the result."""
        result = None if self.result is None else change(self.result)
        return Outcome(result, self.findings, self.status, self.message)

    def relative_to(self, base: Path | str) -> Outcome[T]:
        """The same outcome with its findings' files named relative to the folder ``base``
        (:func:`jcm_mrv.fileformats.paths.portable_path`): how a JSON document names them,
        so that it is the same bytes from any working directory."""
        from jcm_mrv.fileformats.paths import portable_path

        findings = tuple(
            f
            if f.file is None or f.file.startswith("--")
            else f.with_location(file=portable_path(f.file, base))
            for f in self.findings
        )
        return Outcome(self.result, findings, self.status, self.message)

    def exit_code(self, *, strict: bool = False) -> ExitCode:
        """The process exit code: 2 unusable, 1 errors (or warnings if ``strict``), 0."""
        if self.status is Status.UNUSABLE:
            return ExitCode.UNUSABLE_INPUT
        if has_errors(self.findings, strict=strict):
            return ExitCode.FINDINGS
        return ExitCode.OK

    def summary(self) -> dict[str, int]:
        """Counts of the findings by severity."""
        return count_by_severity(self.findings)

    def to_dict(self, result: Callable[[T], Any]) -> dict[str, Any]:
        """The JSON document of every command (``result`` serialises the result).

        ``{"status", "message", "summary", "findings", "result"}``; ``result`` is
        ``null`` when the input is unusable.
        """
        return {
            "status": self.status.value,
            "message": self.message,
            "summary": self.summary(),
            "findings": [f.to_dict() for f in self.findings],
            "result": None if self.result is None else result(self.result),
        }

    def to_json(self, result: Callable[[T], Any]) -> str:
        """:meth:`to_dict` as the JSON text every command prints (``--format json``).

        Indented, keys in their documented order, non-ASCII kept, a final newline: the
        same bytes for the same outcome, so that a saved result can be reproduced.
        """
        return "".join(self.json_pieces(result))

    def json_pieces(self, result: Callable[[T], Any]) -> Iterator[str]:
        """The text of :meth:`to_json` in pieces, for writing without holding it whole."""
        from jcm_mrv.outputs import json_pieces

        return json_pieces(self.to_dict(result))
