"""Where the credits issued per period come from: a calculation or its JSON output.

A period's credits are its emission reductions rounded to whole tonnes
(``emission_reductions_rounded``), as the calculation reports them. The Joint Committee
may decide to issue fewer; whoever knows the number issued passes it directly to
:func:`~jcm_mrv.credits.periods.allocate_periods` (or ``jcm-mrv credits --issued N``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from jcm_mrv.credits.periods import PeriodAllocations, allocate_periods
from jcm_mrv.credits.settings import AllocationSettings, scheme_from_settings
from jcm_mrv.errors import InputError
from jcm_mrv.jsonfile import read_json_file

if TYPE_CHECKING:
    from jcm_mrv.engine.results import CalculationResult

IssuedByPeriod = list[tuple[str, int]]
"""Credits issued per period, in the calculation's order: ``[("2025-H1", 132), …]``."""


def issued_from_result(result: CalculationResult) -> IssuedByPeriod:
    """Each calculated period's id and rounded emission reductions (whole credits)."""
    return [(period.id, period.emission_reductions_rounded) for period in result.periods]


def allocation_for_result(
    result: CalculationResult, settings: AllocationSettings
) -> PeriodAllocations:
    """Allocate the credits of every calculated period under the project's settings.

    The credits of a period are its ``emission_reductions_rounded``. Raises
    :class:`~jcm_mrv.credits.schemes.AllocationError` (with findings) when the settings
    have errors; a project that passed ``jcm-mrv validate`` has none.
    """
    scheme, participants = scheme_from_settings(settings)
    return allocate_periods(issued_from_result(result), scheme, participants)


def read_result_file(path: Path) -> tuple[IssuedByPeriod, str | None]:
    """Read the credits per period from ``jcm-mrv calculate --format json`` output.

    Returns the periods (``periods[].id`` and ``periods[].emission_reductions_rounded``)
    and the project id the result names (``project.id``; ``None`` when absent). Raises
    :class:`~jcm_mrv.errors.InputError` naming the file and the key when the file cannot
    be read, is not JSON, or lacks a key.
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
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object from 'jcm-mrv calculate --format json'")
    periods = data.get("periods")
    if not isinstance(periods, list):
        raise InputError(
            f"{path}: no 'periods' list; expected the output of 'jcm-mrv calculate --format json'"
        )
    if not periods:
        raise InputError(f"{path}: 'periods' is empty, so there are no credits to allocate")
    issued: IssuedByPeriod = []
    for n, period in enumerate(periods):
        where = f"{path}: periods[{n}]"
        if not isinstance(period, dict):
            raise InputError(f"{where} is not an object")
        period_id = _required(period, "id", where)
        credits = _required(period, "emission_reductions_rounded", where)
        if not isinstance(period_id, str) or not period_id:
            raise InputError(f"{where}.id must be a non-empty text, not {period_id!r}")
        if isinstance(credits, bool) or not isinstance(credits, int) or credits < 0:
            raise InputError(
                f"{where}.emission_reductions_rounded must be a whole number >= 0, not {credits!r}"
            )
        issued.append((period_id, credits))
    project = data.get("project")
    project_id = project.get("id") if isinstance(project, dict) else None
    return issued, project_id if isinstance(project_id, str) else None


def _required(item: dict[str, Any], key: str, where: str) -> Any:
    if key not in item:
        raise InputError(f"{where} has no key {key!r}")
    return item[key]
