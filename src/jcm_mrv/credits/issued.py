"""Where the credits issued per period come from: a calculation or its JSON output.

A period's credits are its emission reductions rounded to whole tonnes
(``emission_reductions_rounded``), as the calculation reports them. The Joint Committee
may decide to issue fewer; whoever knows the number issued passes it directly to
:func:`~jcm_mrv.credits.periods.allocate_periods` (or ``jcm-mrv credits --issued N``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jcm_mrv.fileformats.jsonfile import read_json_file
from jcm_mrv.findings import codes
from jcm_mrv.findings.errors import InputError

if TYPE_CHECKING:
    from jcm_mrv.engine.results import CalculationResult

IssuedByPeriod = list[tuple[str, int]]
"""Credits issued per period, in the calculation's order: ``[("2025-H1", 132), …]``."""


def issued_from_result(result: CalculationResult) -> IssuedByPeriod:
    """Each calculated period's id and rounded emission reductions (whole credits)."""
    return [(period.id, period.emission_reductions_rounded) for period in result.periods]


def read_result_file(path: Path) -> tuple[IssuedByPeriod, str | None]:
    """Read the credits per period from ``jcm-mrv calculate --format json`` output.

    Returns the periods (``periods[].id`` and ``periods[].emission_reductions_rounded``)
    and the project id the result names (``project.id``; ``None`` when absent). The
    calculation may be the whole JSON document (``result`` holds it) or, as earlier
    versions wrote it, the top-level object. Raises :class:`~jcm_mrv.findings.errors.InputError`
    naming the file and the key (a ``JCM-A010`` finding) when the file cannot be read,
    is not JSON, or lacks a key.
    """
    document = read_json_file(path)
    if not document.ok:
        first = document.findings[0]
        where = f" (line {first.line})" if first.line else ""
        raise InputError(
            f"{path}: cannot read the file{where}: {first.message}; expected the output of "
            "'jcm-mrv calculate --format json'",
            document.findings,
        )
    data = document.data
    if isinstance(data, dict) and isinstance(data.get("result"), dict) and "status" in data:
        data = data["result"]
    if not isinstance(data, dict):
        raise _refused(path, "expected a JSON object from 'jcm-mrv calculate --format json'")
    periods = data.get("periods")
    if not isinstance(periods, list):
        raise _refused(
            path, "no 'periods' list; expected the output of 'jcm-mrv calculate --format json'"
        )
    if not periods:
        raise _refused(path, "'periods' is empty, so there are no credits to allocate")
    issued: IssuedByPeriod = []
    for n, period in enumerate(periods):
        where = f"periods[{n}]"
        if not isinstance(period, dict):
            raise _refused(path, f"{where} is not an object", where)
        for key in ("id", "emission_reductions_rounded"):
            if key not in period:
                raise _refused(path, f"{where} has no key {key!r}", where)
        period_id, credits = period["id"], period["emission_reductions_rounded"]
        if not isinstance(period_id, str) or not period_id:
            raise _refused(path, f"{where}.id must be a non-empty text, not {period_id!r}", where)
        if isinstance(credits, bool) or not isinstance(credits, int) or credits < 0:
            raise _refused(
                path,
                f"{where}.emission_reductions_rounded must be a whole number >= 0, not {credits!r}",
                f"{where}.emission_reductions_rounded",
            )
        issued.append((period_id, credits))
    project = data.get("project")
    project_id = project.get("id") if isinstance(project, dict) else None
    return issued, project_id if isinstance(project_id, str) else None


def _refused(path: Path, problem: str, where: str | None = None) -> InputError:
    """The error for a result file that cannot be used, with its located finding."""
    finding = codes.RESULT_FILE_INVALID(problem, file=str(path), path=where)
    return InputError(f"{path}: {problem}", [finding])
