"""Calibration corrections of parameters whose effect on ER depends on the values.

Where the methodology's equations cannot say whether an increase of a monitored
parameter raises or lowers ER (the chillers' consumption: it raises ER when the
chiller's corrected COP exceeds the reference COP), the reader leaves the readings a
calibration corrects as they are (:class:`~jcm_mrv.monitoring.sources.PendingCorrection`).
Here each is decided per monitoring point and period from the values of the calculation
(docs/calibration.md, rule 6b):

1. the sign of ∂ER/∂x at the uncorrected values
   (:func:`~jcm_mrv.engine.direction.local_directions`, certain beyond its rounding
   bound): +1 corrects downward, -1 upward, 0 (ER does not move with it here) leaves
   the readings as they are; an uncertain sign is an error (``JCM-D052``);
2. every correction of the period applied, the period's exact ER must not exceed the
   uncorrected one; where it would (a switch of the equations lies within the
   correction), that is an error (``JCM-D052``) too, never a silent choice.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from jcm_mrv.engine.direction import local_directions
from jcm_mrv.engine.evaluation import CompiledMethodology
from jcm_mrv.findings import Finding, codes
from jcm_mrv.formula import Band
from jcm_mrv.monitoring.calibration import correction_finding
from jcm_mrv.monitoring.sources import CalibrationCorrection, PendingCorrection

Array = np.ndarray[Any, np.dtype[Any]]


def decide_corrections(
    compiled: CompiledMethodology,
    env: dict[str, Array],
    exact_env: dict[str, Array],
    pending: Sequence[PendingCorrection],
    tables: Mapping[str, tuple[Band, ...]] | None,
    periods: int,
) -> tuple[list[CalibrationCorrection], list[Finding]]:
    """Apply each pending correction in the direction the values give; the records made
    and the findings (an error where no direction is certain).

    ``env`` and ``exact_env`` are the engine's inputs (floats and exact values, lifted);
    the corrected values replace theirs in place.
    """
    signs = {
        name: local_directions(compiled, env, name, tables)
        for name in dict.fromkeys(p.record.parameter for p in pending)
    }
    er = compiled.checked.methodology.outputs.emission_reductions
    before = compiled.evaluate_exact(exact_env, periods)[er][:, 0].tolist()
    for name in signs:  # never change the arrays of the monitoring data given
        env[name], exact_env[name] = env[name].copy(), exact_env[name].copy()
    records: list[CalibrationCorrection] = []
    findings: list[Finding] = []
    applied: dict[int, list[tuple[PendingCorrection, CalibrationCorrection]]] = {}
    for item in pending:
        name = item.record.parameter
        sign = float(_at(signs[name], item.period_index, item.point_index))
        if math.isnan(sign):
            findings.append(_undecided(item, "its effect on ER there is not certain"))
            continue
        if sign == 0:
            continue  # ER does not move with the parameter at this point and period
        record = item.decided(down=sign > 0)
        at = _position(env[name], item.period_index, item.point_index)
        env[name][at] += float(record.amount)
        exact_env[name][at] += record.amount
        applied.setdefault(item.period_index, []).append((item, record))
    after = compiled.evaluate_exact(exact_env, periods)[er][:, 0].tolist()
    for period, done in applied.items():
        if _raised(before[period], after[period]):
            findings += [
                _undecided(item, "corrected the way the values give, ER would rise")
                for item, _ in done
            ]
            continue
        for item, record in done:
            records.append(record)
            findings.append(correction_finding(record, item.where))
    return records, findings


def _position(array: Array, period: int, point: int) -> tuple[int, ...]:
    return (period, min(point, array.shape[1] - 1)) + (0,) * (array.ndim - 2)


def _at(signs: Array, period: int, point: int) -> Any:
    return signs[_position(signs, min(period, signs.shape[0] - 1), point)]


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
