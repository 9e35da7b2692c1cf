"""The one exception of the formula language, carrying a finding code and a column."""

from __future__ import annotations

from typing import Any

from jcm_mrv.findings import Finding
from jcm_mrv.findings.codes import Code
from jcm_mrv.findings.errors import JcmMrvError


class FormulaError(JcmMrvError):
    """A problem in a formula: a finding code, a message, a 1-based column and a hint.

    ``column`` counts characters (not bytes) from the start of the formula text.
    :func:`jcm_mrv.formula.parse` raises it; :func:`jcm_mrv.formula.analyse` returns a
    list of them instead, so every problem of a formula is reported at once.
    """

    def __init__(self, code: Code, message: str, column: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.column = column
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.code.code} column {self.column}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def __repr__(self) -> str:
        return f"FormulaError({self.code.code}, {self.message!r}, column={self.column})"

    def to_finding(self, **where: Any) -> Finding:
        """This problem as a finding; ``where`` adds or overrides location fields."""
        where.setdefault("column", self.column)
        where.setdefault("hint", self.hint)
        return self.code(self.message, **where)
