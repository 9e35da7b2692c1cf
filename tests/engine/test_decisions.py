"""Calibration corrections and gaps decided per point and period (engine/decisions.py).

The decision's logic on a stand-in for the equations, with a switch where a chiller's
could never have one: ER = s·x where x ≤ 10, else ``high``, where s is the local sign
given (one parameter x, read as 8 MWh, one point, one period). Every figure is exact.
"""

from __future__ import annotations

import datetime
import math
from fractions import Fraction
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from jcm_mrv.engine import decisions
from jcm_mrv.monitoring.sources import CalibrationCorrection, Gap, PendingCorrection

WHERE = {"file": "power.csv", "path": "monitoring.x"}


def _stand_in(slope: int, high: Fraction) -> Any:
    """ER = slope·x while x ≤ 10, else ``high``: what ``decide`` reads of the equations."""

    def evaluate_exact(env: dict[str, Any], periods: int) -> dict[str, Any]:
        x = env["x"][0, 0]
        return {"ER": np.array([[slope * x if x <= 10 else high]], dtype=object)}

    methodology = SimpleNamespace(outputs=SimpleNamespace(emission_reductions="ER"))
    return SimpleNamespace(
        checked=SimpleNamespace(methodology=methodology), evaluate_exact=evaluate_exact
    )


def _gap(substitute: Fraction | None) -> Gap:
    return Gap("x", "P1", "M-1", 0, 0, ("2025-03-01 to 2025-04-01",), 1, "MWh", substitute, WHERE)


def _correction(error: str) -> PendingCorrection:
    record = CalibrationCorrection(
        "x", "P1", "M-1", "2025-01-01 to 2025-06-30", "error-found",
        datetime.date(2025, 7, 1), Fraction(error), Fraction(1), 5, Fraction(0), "MWh",
    )  # fmt: skip
    return PendingCorrection(record, 0, 0, Fraction(8), Fraction(0), WHERE)


def _decide(
    monkeypatch: pytest.MonkeyPatch,
    sign: float,
    *,
    high: Fraction = Fraction(0),
    gaps: tuple[Gap, ...] = (),
    corrections: tuple[PendingCorrection, ...] = (),
) -> tuple[decisions.Decided, Fraction]:
    """Decide with x = 8 MWh read and the given local sign; the decided x."""
    monkeypatch.setattr(decisions, "local_directions", lambda *_: np.array([[sign]]))
    env = {"x": np.array([[8.0]])}
    exact = {"x": np.array([[Fraction(8)]], dtype=object)}
    slope = 1 if math.isnan(sign) else int(sign)
    decided = decisions.decide(_stand_in(slope, high), env, exact, corrections, gaps, None, 1)
    assert env["x"][0, 0] == float(exact["x"][0, 0])
    return decided, exact["x"][0, 0]


def _codes(decided: decisions.Decided) -> list[str]:
    return [f.code for f in decided.findings]


def test_where_x_raises_er_the_gap_counts_as_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    # filled (8 + 1 = 9 MWh, ER 9) would give more than zero (ER 8): zero is chosen
    decided, x = _decide(monkeypatch, 1.0, gaps=(_gap(Fraction(1)),))
    assert x == 8 and _codes(decided) == ["JCM-D032"] and not decided.substitutions


def test_where_x_lowers_er_the_substitute_is_added(monkeypatch: pytest.MonkeyPatch) -> None:
    decided, x = _decide(monkeypatch, -1.0, high=Fraction(-20), gaps=(_gap(Fraction(3)),))
    # 8 + 3 = 11 MWh crosses the switch: ER -20, below ER as read (-8): conservative
    assert x == 11 and _codes(decided) == ["JCM-D034"]
    [substitution] = decided.substitutions
    assert substitution.amount_exact == "3" and substitution.point == "M-1"


def test_where_x_lowers_er_without_a_substitute_it_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decided, x = _decide(monkeypatch, -1.0, gaps=(_gap(None),))
    assert x == 8 and _codes(decided) == ["JCM-D033"]
    assert decided.findings[0].hint is not None and "max-rate" in decided.findings[0].hint


def test_where_er_does_not_move_with_x_nothing_is_filled(monkeypatch: pytest.MonkeyPatch) -> None:
    decided, x = _decide(monkeypatch, 0.0, high=Fraction(8), gaps=(_gap(Fraction(3)),))
    assert x == 8 and _codes(decided) == ["JCM-D032"]
    assert "does not move" in decided.findings[0].message and not decided.substitutions


def test_an_uncertain_sign_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    decided, x = _decide(monkeypatch, float("nan"), gaps=(_gap(Fraction(3)),))
    assert x == 8 and _codes(decided) == ["JCM-D033"]
    assert "not certain" in decided.findings[0].message


def test_zero_that_gives_more_than_the_substitute_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # locally x raises ER, but filled (8 + 3 = 11 MWh) ER falls to 0 < 8: the switch
    # lies within the gap, and counting it as zero could overstate the credits
    decided, x = _decide(monkeypatch, 1.0, high=Fraction(0), gaps=(_gap(Fraction(3)),))
    assert _codes(decided) == ["JCM-D033"] and "switch" in decided.findings[0].message
    assert x == 8
    assert not decided.substitutions


def test_a_substitute_that_raises_er_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # locally x lowers ER, but 8 + 3 = 11 MWh gives ER 100 > -8
    decided, x = _decide(monkeypatch, -1.0, high=Fraction(100), gaps=(_gap(Fraction(3)),))
    assert _codes(decided) == ["JCM-D033"] and not decided.substitutions and x == 8


def test_a_correction_upward_corrects_the_substitute_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Corrections first: 8 MWh read × 1.02 = 8.16; the substitute 1 MWh × 1.02; ER
    -9.18 t, below ER as read (-8) and with the gap filled (-9)."""
    decided, x = _decide(
        monkeypatch, -1.0, gaps=(_gap(Fraction(1)),),
        corrections=(_correction("0.02"),),
    )  # fmt: skip
    assert x == Fraction("8.16") + Fraction("1.02")
    [correction] = decided.corrections
    assert correction.factor == Fraction(51, 50) and correction.amount == Fraction("0.16")
    [substitution] = decided.substitutions
    assert Fraction(substitution.amount_exact) == Fraction("1.02")
    assert _codes(decided) == ["JCM-D050", "JCM-D034"]
    assert "corrected upward with the readings" in decided.findings[1].message


def test_a_correction_downward_leaves_the_gap_at_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    decided, x = _decide(
        monkeypatch, 1.0, gaps=(_gap(Fraction(1)),), corrections=(_correction("0.02"),)
    )
    assert x == Fraction("7.84") and not decided.substitutions
    assert _codes(decided) == ["JCM-D050", "JCM-D032"]


def test_a_failed_check_refuses_the_corrections_of_the_period_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decided, x = _decide(
        monkeypatch, -1.0, high=Fraction(100), gaps=(_gap(Fraction(3)),),
        corrections=(_correction("0.02"),),
    )  # fmt: skip
    assert _codes(decided) == ["JCM-D052", "JCM-D033"]
    assert not decided.corrections and not decided.substitutions
    assert x == 8  # the values as read
