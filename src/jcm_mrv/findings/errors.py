"""Exceptions for "cannot continue" situations, all under one base class.

Problems *in* the user's files are reported as findings (:mod:`jcm_mrv.findings`);
an exception is raised only when there is nothing sensible left to do, and it
carries the findings that explain why.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jcm_mrv.findings import Finding


class JcmMrvError(Exception):
    """Base class of every exception jcm-mrv raises on purpose."""


class InputError(JcmMrvError):
    """Input that cannot be used: the findings say where and why."""

    def __init__(self, message: str, findings: Sequence[Finding] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.findings: tuple[Finding, ...] = tuple(findings)
