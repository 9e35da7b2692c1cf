"""Compare claimed figures with a recomputation, period by period and value by value."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from jcm_mrv.engine.results import CalculationResult, ExplainedValue, PeriodResult
from jcm_mrv.findings import Finding, codes
from jcm_mrv.verification.claims import QUANTITIES, Claim, ClaimedFigure, ClaimedPeriod
from jcm_mrv.verification.report import ComparisonRow, RowStatus, ValueRow

RELATIVE_TOLERANCE = 1e-9
"""Two floats agree when they differ by no more than this share (of 1 tCO2 at least)."""


def agree(claimed: float, recomputed: float, precision: float = 0.0) -> bool:
    """True when a claimed figure equals the recomputed one within the claim's precision."""
    allowed = max(precision, RELATIVE_TOLERANCE * max(1.0, abs(claimed), abs(recomputed)))
    return abs(claimed - recomputed) <= allowed


@dataclass
class Comparison:
    """The outcome of comparing the headline figures: rows, findings, periods compared."""

    rows: list[ComparisonRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)


def compare_periods(claim: Claim, result: CalculationResult, materiality: float) -> Comparison:
    """Compare RE, PE, ER and the rounded ER of every claimed period with the result."""
    comparison = Comparison()
    matched: set[str] = set()
    for claimed in claim.periods:
        period = _match(claimed, result.periods)
        if period is None:
            comparison.findings.append(
                codes.CLAIM_PERIOD_UNKNOWN(
                    f"the claim names period {claimed.label}, which the project does not "
                    f"declare (it has {', '.join(p.id for p in result.periods)})",
                    **claimed.where,
                )
            )
            continue
        matched.add(period.id)
        comparison.periods.append(period.id)
        for quantity in QUANTITIES:
            figure = claimed.figures.get(quantity)
            if figure is not None:
                _compare_figure(comparison, claimed, period, quantity, figure, materiality)
    for period in result.periods:
        if period.id not in matched:
            comparison.findings.append(
                codes.PERIOD_NOT_CLAIMED(
                    f"period {period.id} has no claimed figures; it was not compared",
                    file=claim.file,
                )
            )
    return comparison


def _match(claimed: ClaimedPeriod, periods: Sequence[PeriodResult]) -> PeriodResult | None:
    for period in periods:
        if claimed.id is not None and period.id == claimed.id:
            return period
    if claimed.start is not None and claimed.end is not None:
        for period in periods:
            if (period.start, period.end) == (claimed.start, claimed.end):
                return period
    return None


def _recomputed(period: PeriodResult, quantity: str) -> float:
    return {
        "RE": period.reference_emissions,
        "PE": period.project_emissions,
        "ER": period.emission_reductions,
        "ER rounded": float(period.emission_reductions_rounded),
    }[quantity]


def _compare_figure(
    comparison: Comparison,
    claimed: ClaimedPeriod,
    period: PeriodResult,
    quantity: str,
    figure: ClaimedFigure,
    materiality: float,
) -> None:
    recomputed = _recomputed(period, quantity)
    difference = figure.value - recomputed
    er = abs(period.emission_reductions)
    share = difference / er if er > 0 else None
    status: RowStatus = "agrees"
    if not agree(figure.value, recomputed, figure.precision):
        material = share is None or abs(share) > materiality
        status = "material" if material else "differs"
        shown = f"{share:+.2%} of the period's ER" if share is not None else "the period's ER is 0"
        message = (
            f"period {period.id}: {quantity} claimed {figure.value:,.6g} tCO2, recomputed "
            f"{recomputed:,.6g} tCO2: difference {difference:+,.6g} tCO2 ({shown}), "
            + ("above" if material else "below")
            + f" the materiality ({materiality * 100:.4g} % of the period's ER)"
        )
        code = codes.DISCREPANCY_MATERIAL if material else codes.DISCREPANCY
        comparison.findings.append(code(message, **claimed.where))
    comparison.rows.append(
        ComparisonRow(
            period=period.id,
            quantity=quantity,
            claimed=figure.value,
            recomputed=recomputed,
            difference=difference,
            share=share,
            status=status,
        )
    )


@dataclass
class ValueComparison:
    """Every explained value compared: the rows kept, the count, and the first difference."""

    rows: list[ValueRow] = field(default_factory=list)
    compared: int = 0
    first: ValueRow | None = None


def compare_values(claimed: list[Any], recomputed: Sequence[ExplainedValue]) -> ValueComparison:
    """Compare every parameter and equation value of a claim's explanation with ours.

    Values are matched by symbol, period id, point id and day; rows are kept for every
    value by period and point, and for day-by-day values only where they differ.
    """
    by_symbol = {
        item["symbol"]: item
        for item in claimed
        if isinstance(item, dict) and isinstance(item.get("symbol"), str)
    }
    out = ValueComparison()
    for ours in recomputed:
        theirs = by_symbol.get(ours.symbol)
        if theirs is None:
            continue
        periods: list[str | None] = [*ours.periods] or [None]
        points: list[str | None] = [*ours.points] or [None]
        their_periods = _labels(theirs.get("periods"))
        their_points = _labels(theirs.get("points"))
        for k, period in enumerate(periods):
            for m, point in enumerate(points):
                j = _position(period, their_periods)
                n = _position(point, their_points)
                if j is None or n is None:
                    continue
                mine = ours.values[k][m]
                other = _cell(theirs.get("values"), j, n)
                days = mine if isinstance(mine, list) else [mine]
                other_days = other if isinstance(other, list) else [other]
                for d, value in enumerate(days):
                    their_value = other_days[d] if d < len(other_days) else None
                    row = ValueRow(
                        symbol=ours.symbol,
                        kind=ours.kind,
                        unit=ours.unit,
                        period=period,
                        point=point,
                        day=d + 1 if isinstance(mine, list) else None,
                        claimed=_number(their_value),
                        recomputed=float(value),
                        agrees=_agrees(_number(their_value), float(value)),
                    )
                    out.compared += 1
                    if row.day is None or not row.agrees:
                        out.rows.append(row)
                    if not row.agrees and out.first is None:
                        out.first = row
    return out


def _labels(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _position(label: str | None, labels: list[str]) -> int | None:
    if label is None:
        return 0 if not labels else None
    return labels.index(label) if label in labels else None


def _cell(values: object, j: int, n: int) -> object:
    try:
        return values[j][n]  # type: ignore[index]
    except (TypeError, IndexError, KeyError):
        return None


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _agrees(claimed: float | None, recomputed: float) -> bool:
    if claimed is None:
        return False
    if math.isnan(recomputed) or math.isnan(claimed):
        return math.isnan(recomputed) and math.isnan(claimed)
    return agree(claimed, recomputed)
