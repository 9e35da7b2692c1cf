"""The ex-ante estimate and the programme screening (primer section 9).

A project's ``estimates:`` section gives an estimated annual value of every monitored
parameter (per monitoring point where the parameter has one). The estimate runs those
values through the same compiled methodology as a calculation, as one monitoring
period of one year, so the annual RE, PE and ER are exact figures and the annual ER is
rounded as the methodology declares. The totals over the crediting period and over the
equipment's legal durable years are the annual figures times the years (the credits:
the rounded annual ER times the years, as one issuance a year would give).

With ``screening:`` the Ministry of the Environment financing programme's two tests:

- cost-effectiveness = subsidy ÷ (annual ER × durable years), in yen per tCO2, at
  most the threshold (4,000 by default). The threshold is [confirmed] programme
  practice; the formula is the one commonly used [likely].
- investment payback = (investment − subsidy) ÷ annual savings, in years, at least
  the threshold (about 3 years [confirmed]).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from jcm_mrv.findings import Finding, codes
from jcm_mrv.findings.errors import InputError

if TYPE_CHECKING:
    from jcm_mrv.engine.results import CalculationResult
    from jcm_mrv.monitoring import MonitoringData
    from jcm_mrv.project.loader import LoadedProject
    from jcm_mrv.project.model import Estimates, Screening

ANNUAL_PERIOD = "annual"
"""The id of the one-year period an estimate is calculated as."""
_YEAR = (datetime.date(2001, 1, 1), datetime.date(2001, 12, 31))  # 365 days, no leap day

CONFIRMED = "confirmed"
LIKELY = "likely"


@dataclass(frozen=True)
class Span:
    """The estimate's figures over a number of years."""

    years: int
    reference_emissions: float
    project_emissions: float
    emission_reductions: float
    credits: int
    """The rounded annual ER times the years."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)


@dataclass(frozen=True)
class Test:
    """One screening test: its formula, the figures put in, the value and the verdict."""

    name: str
    formula: str
    worked: str
    """The formula with the project's figures, and its value."""
    value: float | None
    """``None`` when the figure does not exist (an annual ER that is not positive)."""
    unit: str
    threshold: float
    comparison: str
    """``"<="`` or ``">="``: how the value must compare with the threshold to pass."""
    passed: bool
    formula_source: str
    threshold_source: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "name": self.name,
            "formula": self.formula,
            "worked": self.worked,
            "value": self.value,
            "unit": self.unit,
            "threshold": self.threshold,
            "comparison": self.comparison,
            "passed": self.passed,
            "formula_source": self.formula_source,
            "threshold_source": self.threshold_source,
        }


@dataclass(frozen=True)
class Estimate:
    """An ex-ante estimate: the annual calculation, its totals and the screening."""

    annual: CalculationResult
    """The calculation of one year from the estimated values (one period)."""
    crediting_period: Span
    durable_years: Span
    screening: tuple[Test, ...] = ()

    @property
    def annual_emission_reductions(self) -> float:
        """The annual ER in tCO2, unrounded."""
        return self.annual.periods[0].emission_reductions

    @property
    def annual_credits(self) -> int:
        """The annual ER rounded as the methodology declares."""
        return self.annual.periods[0].emission_reductions_rounded

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON structure of an estimate (see docs/estimate.md)."""
        period = self.annual.periods[0]
        return {
            "project": asdict(self.annual.project),
            "methodology": asdict(self.annual.methodology),
            "annual": {
                "reference_emissions": period.reference_emissions,
                "project_emissions": period.project_emissions,
                "emission_reductions": period.emission_reductions,
                "emission_reductions_rounded": period.emission_reductions_rounded,
                "emission_reductions_exact": period.emission_reductions_exact,
            },
            "rounding": self.annual.provenance.rounding,
            "crediting_period": self.crediting_period.to_dict(),
            "durable_years": self.durable_years.to_dict(),
            "screening": [t.to_dict() for t in self.screening],
            "eligibility": [e.to_dict() for e in self.annual.eligibility],
        }


def estimate_loaded(loaded: LoadedProject, *, explain: bool = False) -> Estimate:
    """The ex-ante estimate of a project read by ``load_project``.

    With ``explain`` the annual calculation keeps every value per monitoring point (as
    :func:`~jcm_mrv.engine.calculation.calculate_loaded` does): the Monitoring
    Spreadsheet's MPS sheets show them. Raises
    :class:`~jcm_mrv.findings.errors.InputError` when the project cannot be calculated or
    its ``estimates:`` section is missing or incomplete (``JCM-C006``).
    """
    from jcm_mrv.engine.calculation import calculate_loaded

    if not loaded.usable:
        # the calculation says why, with every finding
        calculate_loaded(loaded)
    assert loaded.project is not None
    section = loaded.project.estimates
    if section is None:
        raise InputError(
            f"{loaded.path}: the project has no estimates: section",
            [
                codes.ESTIMATE_INVALID(
                    "no 'estimates:' section: give the estimated annual value of every "
                    "monitored parameter, crediting_years and durable_years "
                    "(see docs/estimate.md)",
                    file=loaded.document.file,
                )
            ],
        )
    start, end = _YEAR
    from jcm_mrv.project.model import Period

    annual_project = loaded.project.model_copy(
        update={"periods": [Period.model_construct(id=ANNUAL_PERIOD, start=start, end=end)]}
    )
    one_year = replace(loaded, project=annual_project)
    monitored = _monitored(loaded, section)
    annual = calculate_loaded(one_year, monitored=monitored, explain=explain)
    period = annual.periods[0]
    spans = [
        Span(
            years,
            period.reference_emissions * years,
            period.project_emissions * years,
            period.emission_reductions * years,
            period.emission_reductions_rounded * years,
        )
        for years in (section.crediting_years, section.durable_years)
    ]
    tests: tuple[Test, ...] = ()
    if section.screening is not None:
        tests = _screening(section.screening, annual, section.durable_years)
        failed = [t for t in tests if not t.passed]
        where = loaded.document.locate(("estimates", "screening"))
        annual.findings.extend(
            codes.SCREENING_FAILED(
                f"{t.name}: {t.worked}, not {t.comparison} {t.threshold:,g}", **where
            )
            for t in failed
        )
    return Estimate(annual, spans[0], spans[1], tests)


def _monitored(loaded: LoadedProject, section: Estimates) -> MonitoringData:
    """The estimated values as the monitored data of one period (every problem found)."""
    import numpy as np

    from jcm_mrv.methodology.model import DAY_INDEX, PERIOD_INDEX, MonitoredParameter
    from jcm_mrv.monitoring import MonitoringData
    from jcm_mrv.numeric import as_written

    assert loaded.project is not None and loaded.methodology is not None
    assert loaded.methodology.checked is not None
    methodology = loaded.methodology.checked.methodology
    points = [p.id for p in loaded.project.monitoring_points]
    document = loaded.document
    problems: list[Finding] = []
    values: dict[str, Any] = {}
    exact: dict[str, Any] = {}
    monitored = {
        name: param
        for name, param in methodology.parameters.items()
        if isinstance(param, MonitoredParameter)
    }
    for name in section.values:
        if name not in monitored:
            problems.append(
                codes.ESTIMATE_INVALID(
                    f"{name} is not a monitored parameter of {methodology.id} "
                    f"(monitored: {', '.join(monitored) or 'none'})",
                    **document.locate(("estimates", "values", name), key=True),
                )
            )
    for name, param in monitored.items():
        where = ("estimates", "values", name)
        given = section.values.get(name)
        if DAY_INDEX in param.index:
            problems.append(
                codes.ESTIMATE_INVALID(
                    f"{name} is monitored per day: an annual estimate cannot give its daily values",
                    **document.locate(("estimates", "values")),
                )
            )
            continue
        per_point = bool(set(param.index) - {PERIOD_INDEX})
        if given is None:
            problems.append(
                codes.ESTIMATE_INVALID(
                    f"no estimated annual value of {name} ({param.unit}"
                    + (", one per monitoring point" if per_point else "")
                    + ")",
                    **document.locate(("estimates", "values")),
                )
            )
            continue
        if isinstance(given, dict):
            unknown = sorted(set(given) - set(points))
            missing = [p for p in points if p not in given]
            for point in unknown:
                problems.append(
                    codes.ESTIMATE_INVALID(
                        f"{name}: {point!r} is not a monitoring point of the project "
                        f"({', '.join(points)})",
                        **document.locate((*where, point), key=True),
                    )
                )
            if missing or not per_point:
                why = (
                    f"no estimate at {', '.join(missing)}"
                    if per_point
                    else "it does not vary by monitoring point: give one number"
                )
                problems.append(codes.ESTIMATE_INVALID(f"{name}: {why}", **document.locate(where)))
                continue
            row = [float(given[p]) for p in points]
        elif per_point and len(points) > 1:
            # one number for several points: each point's, or their sum? Not guessed.
            problems.append(
                codes.ESTIMATE_INVALID(
                    f"{name} varies by monitoring point: give one estimate per point "
                    f"({', '.join(points)}), not one number",
                    **document.locate(where),
                )
            )
            continue
        else:
            row = [float(given)]
        bounds = param.bounds
        outside = [
            v
            for v in row
            if bounds is not None
            and (
                (bounds.low is not None and v < bounds.low)
                or (bounds.high is not None and v > bounds.high)
            )
        ]
        if outside:
            problems.append(
                codes.ESTIMATE_INVALID(
                    f"{name}: estimate {outside[0]:g} is outside the methodology's bounds",
                    **document.locate(where),
                )
            )
            continue
        values[name] = np.array([row], dtype=np.float64)
        exact_row = np.empty((1, len(row)), dtype=object)
        for n, v in enumerate(row):
            exact_row[0, n] = as_written(v)
        exact[name] = exact_row
    if problems:
        raise InputError(f"{loaded.path}: the estimate cannot be made", problems)
    counts = {name: np.ones_like(array) for name, array in values.items()}
    return MonitoringData(
        values=values,
        counts=counts,
        exact=exact,
        period_ids=(ANNUAL_PERIOD,),
        point_ids=tuple(points),
    )


def _screening(screening: Screening, annual: CalculationResult, years: int) -> tuple[Test, ...]:
    """The cost-effectiveness and payback tests of the financing programme."""
    period = annual.periods[0]
    er = (
        Fraction(period.emission_reductions_exact)
        if period.emission_reductions_exact is not None
        else Fraction(period.emission_reductions)
    )
    subsidy = Fraction(repr(screening.subsidy))
    tests = []
    if er > 0:
        value = float(subsidy / (er * years))
        tests.append(
            Test(
                name="cost-effectiveness",
                formula="subsidy ÷ (annual ER × durable years)",
                worked=(
                    f"{screening.subsidy:,.0f} yen ÷ ({period.emission_reductions:,.3f} tCO2 × "
                    f"{years}) = {value:,.1f} yen/tCO2"
                ),
                value=value,
                unit="yen/tCO2",
                threshold=screening.cost_effectiveness_threshold,
                comparison="<=",
                passed=value <= screening.cost_effectiveness_threshold,
                formula_source=LIKELY,
                threshold_source=CONFIRMED,
            )
        )
    else:
        tests.append(
            Test(
                name="cost-effectiveness",
                formula="subsidy ÷ (annual ER × durable years)",
                worked=f"annual ER {period.emission_reductions:,.3f} tCO2 is not positive",
                value=None,
                unit="yen/tCO2",
                threshold=screening.cost_effectiveness_threshold,
                comparison="<=",
                passed=False,
                formula_source=LIKELY,
                threshold_source=CONFIRMED,
            )
        )
    payback = float(
        (Fraction(repr(screening.investment)) - subsidy) / Fraction(repr(screening.annual_savings))
    )
    tests.append(
        Test(
            name="investment payback",
            formula="(investment − subsidy) ÷ annual savings",
            worked=(
                f"({screening.investment:,.0f} − {screening.subsidy:,.0f}) yen ÷ "
                f"{screening.annual_savings:,.0f} yen/year = {payback:,.2f} years"
            ),
            value=payback,
            unit="years",
            threshold=screening.payback_threshold_years,
            comparison=">=",
            passed=payback >= screening.payback_threshold_years,
            formula_source=LIKELY,
            threshold_source=CONFIRMED,
        )
    )
    return tuple(tests)
