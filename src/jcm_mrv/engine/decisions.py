"""Calibration corrections and gaps of parameters whose effect on ER depends on the values.

Where the methodology's equations cannot say whether an increase of a monitored
parameter raises or lowers ER (the chillers' consumption: it raises ER when the
chiller's corrected COP exceeds the reference COP), the reader leaves two things to the
engine: the readings a calibration corrects, as they are
(:class:`~jcm_mrv.monitoring.sources.PendingCorrection`), and the gaps, with the readings
present summed and the declared substitute computed but not added
(:class:`~jcm_mrv.monitoring.sources.Gap`). Here each is decided per monitoring point
and period from the values of the calculation (docs/calibration.md, rule 6b;
docs/project-format.md, "Completeness and gaps"):

1. the sign of ∂ER/∂x at the values as read (uncorrected, gaps counted as zero), by
   :func:`~jcm_mrv.engine.direction.local_directions`, certain beyond its rounding
   bound; one sign per parameter, point and period decides both kinds:

   ====  ==============================  ==========================================
   sign  calibration correction          gap
   ====  ==============================  ==========================================
   +1    downward                        counts as zero (``JCM-D032``)
   -1    upward                          the substitute is added (``JCM-D034``), or
                                         without one an error (``JCM-D033``)
   0     none (ER does not move with x)  nothing to fill (``JCM-D032``)
   NaN   an error (``JCM-D052``)         an error (``JCM-D033``)
   ====  ==============================  ==========================================

2. corrections before gaps: a substitute stands for readings the same meter would have
   given, so where the readings are corrected upward, so is the substitute (by the
   largest upward correction of that point and period: the highest rate may be a
   corrected reading), as the reader does for a parameter whose direction is known
   (its highest rate is taken from corrected readings);
3. everything decided applied, each period's exact ER must not exceed its ER as read,
   nor its ER with every gap of the period filled with its substitute (where one is
   declared): where it would (a switch of the equations lies within a change), every
   correction and gap of that period is an error, never a silent choice.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from jcm_mrv.engine.direction import local_directions
from jcm_mrv.engine.evaluation import CompiledMethodology
from jcm_mrv.findings import Finding, codes
from jcm_mrv.formula import Band
from jcm_mrv.monitoring.calibration import correction_finding
from jcm_mrv.monitoring.sources import (
    CalibrationCorrection,
    Gap,
    PendingCorrection,
    Substitution,
    factors_of,
)

Array = np.ndarray[Any, np.dtype[Any]]

_HERE = " at this point in this period"


@dataclass
class Decided:
    """What the engine decided: the records to keep and the findings (errors included)."""

    corrections: list[CalibrationCorrection] = field(default_factory=list)
    substitutions: list[Substitution] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class _Choice:
    """One decided change of a period's value at a point, with what it records if the
    period's check passes (``finding``, ``record``) and the error if it fails."""

    parameter: str
    period: int
    point: int
    amount: Fraction
    record: CalibrationCorrection | Substitution | None
    finding: Finding
    refused: Finding


def decide(
    compiled: CompiledMethodology,
    env: dict[str, Array],
    exact_env: dict[str, Array],
    corrections: Sequence[PendingCorrection],
    gaps: Sequence[Gap],
    tables: Mapping[str, tuple[Band, ...]] | None,
    periods: int,
) -> Decided:
    """Decide each pending correction and gap in the direction the values give.

    ``env`` and ``exact_env`` are the engine's inputs (floats and exact values, lifted);
    the decided values replace theirs in place.
    """
    names = dict.fromkeys([c.record.parameter for c in corrections] + [g.parameter for g in gaps])
    signs = {name: local_directions(compiled, env, name, tables) for name in names}
    for name in names:  # never change the arrays of the monitoring data given
        env[name], exact_env[name] = env[name].copy(), exact_env[name].copy()
    references = [_er(compiled, exact_env, periods)]
    filling = [(g.parameter, g.period_index, g.point_index, g.substitute) for g in gaps]
    if any(amount is not None for *_, amount in filling):
        filled = {name: exact_env[name].copy() for name in names}
        for name, period, point, amount in filling:
            if amount is not None:
                filled[name][_position(filled[name], period, point)] += amount
        references.append(_er(compiled, exact_env | filled, periods))
    decided = Decided()
    choices: list[_Choice] = []
    upward: dict[tuple[str, int, int], Fraction] = {}
    for item in corrections:
        sign = _sign(signs, item.record.parameter, item.period_index, item.point_index)
        if math.isnan(sign):
            decided.findings.append(_undecided(item, "its effect on ER there is not certain"))
        elif sign != 0:  # 0: ER does not move with the parameter at this point and period
            record = item.decided(down=sign > 0)
            key = (record.parameter, item.period_index, item.point_index)
            if sign < 0:
                upward[key] = max(upward.get(key, record.error), record.error)
            choices.append(
                _Choice(
                    *key,
                    record.amount,
                    record,
                    correction_finding(record, item.where),
                    _undecided(item, "corrected the way the values give, ER would rise"),
                )
            )
    for gap in gaps:
        choice, error = _gap_choice(gap, _sign(signs, gap.parameter, *_at(gap)), upward)
        if choice is None:
            decided.findings.append(error)
        else:
            choices.append(choice)
    for choice in choices:
        _apply(env, exact_env, choice, choice.amount)
    after = _er(compiled, exact_env, periods)
    for choice in choices:
        if any(_raised(reference[choice.period], after[choice.period]) for reference in references):
            decided.findings.append(choice.refused)
            _apply(env, exact_env, choice, -choice.amount)  # the values as read, again
            continue
        decided.findings.append(choice.finding)
        if isinstance(choice.record, CalibrationCorrection):
            decided.corrections.append(choice.record)
        elif choice.record is not None:
            decided.substitutions.append(choice.record)
    return decided


def _gap_choice(
    gap: Gap, sign: float, upward: Mapping[tuple[str, int, int], Fraction]
) -> tuple[_Choice | None, Finding]:
    """A gap decided by its local sign: the choice, or none and the error."""
    if math.isnan(sign):
        return None, gap.unfilled(
            f"whether an increase of {gap.parameter} raises or lowers ER is not certain"
            f"{_HERE} (rounding, or a switch of the equations), so no value of the gap is "
            "certainly conservative",
            "supply the missing readings",
        )
    refused = gap.unfilled(
        "handled the way the values give, ER would exceed its value with the gap counted as "
        "zero or filled (a switch of the equations lies within the gap)",
        "supply the missing readings",
    )
    if sign > 0:
        return _Choice(
            gap.parameter, *_at(gap), Fraction(0), None, gap.as_zero(_HERE), refused
        ), refused
    if sign == 0:
        finding = gap.noted(f"ER does not move with {gap.parameter}{_HERE}")
        return _Choice(gap.parameter, *_at(gap), Fraction(0), None, finding, refused), refused
    if gap.substitute is None:
        return None, gap.unfilled(
            f"an increase of {gap.parameter} lowers ER{_HERE}, so zero would overstate the credits",
            "declare 'substitute: max-rate' on the data file",
        )
    amount, how = gap.substitute, ""
    error = upward.get((gap.parameter, *_at(gap)))
    if error is not None:  # corrections first: the substitute is corrected with the readings
        lowered, raised = factors_of(error)
        factor = raised if amount >= 0 else lowered
        amount *= factor
        how = f", corrected upward with the readings (×{float(factor):g}, calibration)"
    record, finding = gap.filled(amount, how)
    return _Choice(gap.parameter, *_at(gap), amount, record, finding, refused), refused


def _apply(
    env: dict[str, Array], exact_env: dict[str, Array], choice: _Choice, amount: Fraction
) -> None:
    if amount:
        at = _position(env[choice.parameter], choice.period, choice.point)
        exact_env[choice.parameter][at] += amount
        env[choice.parameter][at] = float(exact_env[choice.parameter][at])


def _at(gap: Gap) -> tuple[int, int]:
    return gap.period_index, gap.point_index


def _er(compiled: CompiledMethodology, exact_env: dict[str, Array], periods: int) -> list[Any]:
    er = compiled.checked.methodology.outputs.emission_reductions
    values: list[Any] = compiled.evaluate_exact(exact_env, periods)[er][:, 0].tolist()
    return values


def _sign(signs: Mapping[str, Array], name: str, period: int, point: int) -> float:
    array = signs[name]
    return float(array[_position(array, min(period, array.shape[0] - 1), point)])


def _position(array: Array, period: int, point: int) -> tuple[int, ...]:
    return (period, min(point, array.shape[1] - 1)) + (0,) * (array.ndim - 2)


def _raised(before: Fraction | float, after: Fraction | float) -> bool:
    if isinstance(before, Fraction) and isinstance(after, Fraction):
        return after > before
    return not float(after) <= float(before)  # a NaN counts as raised


def _undecided(item: PendingCorrection, why: str) -> Finding:
    about = item.record
    return codes.CALIBRATION_UNDECIDED(
        f"{about.parameter} at point {about.point!r} in period {about.period!r} needs a "
        f"calibration correction ({about.span}), but whether an increase of "
        f"{about.parameter} raises or lowers ER depends on the values, and {why}; no "
        "correction can be chosen without a guess",
        hint="have the readings corrected (e.g. from the calibration report) and record "
        "the calibration as within its permissible error",
        **item.where,
    )
