"""The library API: everything the command line does, as functions returning outcomes.

Each function runs one job through the pipeline (methodology → formula → monitoring
→ engine → credits) and returns an :class:`~jcm_mrv.outcome.Outcome`: the result
(``None`` when the input cannot be used), every finding of every stage, and a status.
None of them raises for bad input; an :class:`~jcm_mrv.findings.errors.InputError` from a
stage becomes the outcome's findings and the status ``unusable``.

>>> import jcm_mrv
>>> outcome = jcm_mrv.calculate("examples/solar-pv-th/project.yaml")  # doctest: +SKIP
>>> outcome.status, outcome.result.result.totals.emission_reductions_rounded  # doctest: +SKIP
(<Status.CLEAN: 'clean'>, 743)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jcm_mrv.findings import Finding, Severity, codes
from jcm_mrv.findings.errors import InputError
from jcm_mrv.outcome import Outcome, Status

if TYPE_CHECKING:
    from jcm_mrv.credits.periods import PeriodAllocations
    from jcm_mrv.credits.schemes import Scheme
    from jcm_mrv.engine.calculation import Override, Progress
    from jcm_mrv.engine.estimate import Estimate
    from jcm_mrv.engine.results import CalculationResult
    from jcm_mrv.portfolio import Portfolio, PortfolioProject
    from jcm_mrv.project.allocation import AllocationSettings, ResolvedAllocation
    from jcm_mrv.project.loader import LoadedProject
    from jcm_mrv.verification.bundle import Reproduction, WrittenBundle
    from jcm_mrv.verification.report import VerificationReport

ISSUED_LABEL = "issued"
"""The period label of a single issuance (``allocate(issued=N)``) in the output."""


@dataclass(frozen=True)
class Validation:
    """What ``validate`` read: the files checked and the paths that could not be read."""

    files: tuple[str, ...]
    unreadable: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"files": list(self.files), "unreadable": list(self.unreadable)}


@dataclass(frozen=True)
class Calculation:
    """A calculation and, when the project declares an ``allocation:``, its split.

    The allocation is computed after the calculation, from its rounded emission
    reductions; the calculation itself is never changed.
    """

    result: CalculationResult
    allocation: PeriodAllocations | None = None

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON structure of a calculation: the result as it records (and
        hashes) itself, its findings included, and the split of its credits."""
        data = self.result.to_dict()
        if self.allocation is not None:
            from jcm_mrv.credits.cumulative import allocation_report

            explanation = data.pop("explanation", None)
            data["allocation"] = allocation_report(self.allocation)
            if explanation is not None:
                data["explanation"] = explanation
        return data


@dataclass(frozen=True)
class Credits:
    """An allocation of credits and where the credits and the split came from."""

    allocations: PeriodAllocations
    project: str | None = None
    """The id of the project whose allocation section or calculation was used."""
    source: str | None = None
    """The saved calculation the credits were read from (``result_file``)."""
    calculation: Calculation | None = None
    """The calculation the credits come from, when the project was calculated."""

    @property
    def scheme(self) -> str:
        """The name of the scheme the credits were split under."""
        from jcm_mrv.credits.cumulative import cumulative_allocation

        return cumulative_allocation(self.allocations).scheme

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON structure of an allocation."""
        from jcm_mrv.credits.cumulative import allocation_report

        return allocation_report(self.allocations)


def validate(paths: Iterable[Path | str], *, data: bool = True) -> Outcome[Validation]:
    """Check methodology and project files (directories searched for ``*.yaml``).

    With ``data`` a usable project's monitoring data are read as a calculation reads
    them (every cell converted and checked), but nothing is calculated. The status is
    ``unusable`` when a path cannot be read; the files that could be are checked all
    the same.
    """
    from jcm_mrv.validation import validate_paths

    report = validate_paths(paths, data=data)
    checked = Validation(tuple(report.files), tuple(report.unreadable))
    if report.unreadable:
        message = f"cannot read {', '.join(report.unreadable)}"
        return Outcome.unusable(message, report.findings, result=checked)
    return Outcome.of(checked, report.findings)


def calculate(
    project: Path | str,
    *,
    periods: Sequence[str] | None = None,
    overrides: Sequence[Override | str] = (),
    explain: bool = False,
    progress: Progress | None = None,
) -> Outcome[Calculation]:
    """Calculate a project's RE, PE and ER per monitoring period, and split its credits.

    ``periods`` selects periods by id (default: all); ``overrides`` replace
    project-specific or default values (``"EF_RE=0.5"``) and are recorded in the
    result; ``explain`` keeps every equation's values; ``progress`` is told how far the
    job has got. When the project has an ``allocation:`` section, the credits of every
    period are split as it declares (``outcome.result.allocation``).
    """
    from jcm_mrv.engine.calculation import NoProgress
    from jcm_mrv.project.loader import load_project

    note = progress or NoProgress()
    note.phase("checking project and methodology")
    loaded = load_project(project)
    return _calculated(loaded, periods, overrides, explain, note)


def estimate(project: Path | str) -> Outcome[Estimate]:
    """The ex-ante estimate of a project and, when declared, the programme screening.

    From the estimated annual values of the project's ``estimates:`` section: the
    annual RE, PE and ER through the project's methodology (one period of one year, the
    annual ER rounded as the methodology declares), their totals over the crediting
    period and over the equipment's durable years, and with ``screening:`` the
    cost-effectiveness and investment payback tests
    (:mod:`jcm_mrv.engine.estimate`). A failed screening test is a warning finding.
    """
    from jcm_mrv.engine.estimate import estimate_loaded
    from jcm_mrv.project.loader import load_project

    try:
        estimated = estimate_loaded(load_project(project))
    except InputError as exc:
        return Outcome.unusable(exc.message, exc.findings)
    return Outcome.of(estimated, estimated.annual.findings)


def calculate_portfolio(
    paths: Iterable[Path | str], *, jobs: int | None = None
) -> Outcome[Portfolio]:
    """Calculate several projects (files, or folders searched for project files).

    ``jobs`` worker processes share the projects (default: the number of cores; ``1``:
    in this process); the result is the same whatever ``jobs`` is. The result is a
    :class:`~jcm_mrv.portfolio.Portfolio`: one record per project (figures, status,
    findings) and totals by country, methodology and scheme. A project that cannot be
    calculated never stops the others; the status is the worst of the projects'
    (:mod:`jcm_mrv.portfolio`). Only the small frozen records cross between processes.
    """
    import os

    from jcm_mrv.portfolio import Portfolio, find_projects, portfolio_outcome, unusable_entry

    files, problems = find_projects(paths)
    names = [str(f) for f in files]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(names)))
    if workers == 1:
        entries = [portfolio_entry(name) for name in names]
    else:
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(1, len(names) // (workers * 4))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            entries = list(pool.map(portfolio_entry, names, chunksize=chunk))
    missing = [unusable_entry(f) for f in problems]
    return portfolio_outcome(Portfolio((*missing, *entries)))


def portfolio_entry(file: str) -> PortfolioProject:
    """Calculate one project of a portfolio (in a worker process or this one).

    A bug met by this project (an unexpected exception) becomes an error finding
    (``JCM-C008``) and the status ``unusable``, so that the other projects go on.
    """
    from jcm_mrv.portfolio import PortfolioProject

    try:
        outcome = calculate(file)
    except Exception as exc:  # one project's bug must not stop the others
        finding = codes.PROJECT_CRASHED(f"internal error: {type(exc).__name__}: {exc}", file=file)
        return PortfolioProject(file, Status.UNUSABLE, (finding,), finding.message)
    if outcome.result is None:
        return PortfolioProject(file, outcome.status, outcome.findings, outcome.message)
    result = outcome.result.result
    scheme = None
    if outcome.result.allocation is not None:
        from jcm_mrv.credits.cumulative import cumulative_allocation

        scheme = cumulative_allocation(outcome.result.allocation).scheme or None
    return PortfolioProject(
        file=file,
        status=outcome.status,
        findings=outcome.findings,
        message=outcome.message,
        project=result.project.id,
        country=result.project.country,
        methodology=result.methodology.id,
        scheme=scheme,
        periods=len(result.periods),
        reference_emissions=result.totals.reference_emissions,
        project_emissions=result.totals.project_emissions,
        emission_reductions=result.totals.emission_reductions,
        credits=result.totals.emission_reductions_rounded,
    )


def allocate(
    project: Path | str | None = None,
    *,
    result_file: Path | str | None = None,
    issued: int | None = None,
    scheme: AllocationSettings | Mapping[str, Any] | None = None,
    trust_result: bool = False,
    progress: Progress | None = None,
) -> Outcome[Credits]:
    """Split credits between the governments and the project participants.

    The credits come from a calculation of ``project``, from ``result_file`` (the JSON
    output of ``jcm-mrv calculate``) or from ``issued`` (one issuance); the split from
    ``project``'s allocation section or from ``scheme``: the settings as a project
    file's ``allocation:`` section holds them, e.g. ``{"scheme": "moej-financing",
    "partner_share": "10%", "participants": [{"name": "A", "share": 1}]}``.

    Raises :class:`ValueError` for a call that names no source of credits or no
    split, or both ``result_file`` and ``issued``, or both ``project`` and
    ``scheme`` (a mistake in the call, not in the input).

    A ``result_file`` is checked first (:mod:`jcm_mrv.verification.integrity`): edited
    by hand, inputs changed since (with ``project``), another jcm-mrv or methodology
    version, and a rounded ER that does not follow from its ER. Such a result is
    unusable unless ``trust_result``; then its findings are errors of the outcome. A
    wrong rounding is never trusted.
    """
    if result_file is not None and issued is not None:
        raise ValueError("give the credits either with result_file or with issued, not both")
    if project is None and result_file is None and issued is None:
        raise ValueError("nothing to allocate: give a project, a result_file or issued")
    if (project is None) == (scheme is None):
        raise ValueError("give the split either with a project or with a scheme")
    if project is not None and result_file is None and issued is None:
        return _calculated_credits(Path(project), progress)
    try:
        return _allocated(project, result_file, issued, scheme, trust_result)
    except InputError as exc:
        return Outcome.unusable(exc.message, exc.findings)


def verify(
    project: Path | str,
    claimed: Path | str,
    *,
    materiality: float | None = None,
    overrides: Sequence[Override | str] = (),
) -> Outcome[VerificationReport]:
    """Recompute ``project`` and compare it with the figures claimed in ``claimed``.

    ``claimed`` is a jcm-mrv result JSON or a CSV/xlsx table of claimed figures per
    period (:mod:`jcm_mrv.verification.claims`). ``materiality`` is a share of each
    period's recomputed ER (default
    :data:`~jcm_mrv.verification.DEFAULT_MATERIALITY`, not a JCM figure): a
    discrepancy above it is an error finding, one at or below it a warning. The
    outcome's result is the :class:`~jcm_mrv.verification.report.VerificationReport`
    (the comparison and its one-line conclusion); its findings are the report's.
    """
    from jcm_mrv.verification import DEFAULT_MATERIALITY, recompute_and_compare

    share = DEFAULT_MATERIALITY if materiality is None else materiality
    try:
        checked = recompute_and_compare(project, claimed, materiality=share, overrides=overrides)
    except InputError as exc:
        return Outcome.unusable(exc.message, exc.findings)
    return Outcome.of(checked.report, checked.report.findings)


def bundle(
    project: Path | str,
    output: Path | str,
    *,
    overrides: Sequence[str] = (),
    explain: bool = False,
) -> Outcome[WrittenBundle]:
    """Calculate ``project`` and write a run bundle (a zip) to ``output``.

    The archive holds the project file, its methodology, every data file, the result
    JSON as ``jcm-mrv calculate --format json`` prints it, and a manifest of hashes
    (:mod:`jcm_mrv.verification.bundle`). The outcome's findings are the calculation's.
    """
    from jcm_mrv.verification.bundle import write_bundle

    try:
        written = write_bundle(project, output, _result_json, overrides=overrides, explain=explain)
    except InputError as exc:
        return Outcome.unusable(exc.message, exc.findings)
    except OSError as exc:
        return Outcome.unusable(f"cannot write {output}: {exc.strerror or exc}")
    return Outcome.of(written, written.findings)


def reproduce(archive: Path | str) -> Outcome[Reproduction]:
    """Recompute a run bundle in a temporary folder and confirm its result byte for byte.

    The outcome's findings name every file that differs from the manifest and, when
    the result is not reproduced, an error and the comparison's findings.
    """
    from jcm_mrv.verification.bundle import reproduce as run

    try:
        reproduction = run(archive, _result_json)
    except InputError as exc:
        return Outcome.unusable(exc.message, exc.findings)
    return Outcome.of(reproduction, reproduction.all_findings())


def _result_json(
    project: Path, overrides: Sequence[str], explain: bool
) -> tuple[bytes, list[Finding]]:
    """A project's result JSON, as ``jcm-mrv calculate --format json`` prints it."""
    outcome = calculate(project, overrides=overrides, explain=explain)
    if outcome.result is None:
        raise InputError(outcome.message or f"{project}: cannot be calculated", outcome.findings)
    document = outcome.relative_to(project.parent).to_json(Calculation.to_dict)
    return document.encode("utf-8"), list(outcome.findings)


# --- the jobs ----------------------------------------------------------------------


def _calculated(
    loaded: LoadedProject,
    periods: Sequence[str] | None,
    overrides: Sequence[Override | str],
    explain: bool,
    progress: Progress,
) -> Outcome[Calculation]:
    """Calculate a loaded project, then allocate its credits if it says how."""
    from jcm_mrv.engine.calculation import calculate_loaded
    from jcm_mrv.project.allocation import allocation_for_result

    try:
        result = calculate_loaded(
            loaded, periods=periods, overrides=overrides, explain=explain, progress=progress
        )
        if loaded.project is None or loaded.project.allocation is None:
            return Outcome.of(Calculation(result), result.findings)
        settings = loaded.project.allocation
        allocations = allocation_for_result(result, settings, document=loaded.document)
    except InputError as exc:
        return Outcome.unusable(exc.message, exc.findings)
    findings = [*result.findings, *allocations.findings]
    return Outcome.of(Calculation(result, allocations), findings)


def _calculated_credits(project: Path, progress: Progress | None) -> Outcome[Credits]:
    """Calculate a project (loaded and allocated once) and keep its credits' split."""
    from jcm_mrv.engine.calculation import NoProgress
    from jcm_mrv.project.loader import load_project

    note = progress or NoProgress()
    note.phase("checking project and methodology")
    loaded = load_project(project)
    if loaded.project is not None and loaded.project.allocation is None:
        return Outcome.unusable(*_no_allocation(project))
    calculated = _calculated(loaded, None, (), False, note)
    calculation = calculated.result
    if calculation is None or calculation.allocation is None:
        return Outcome.unusable(
            calculated.message or f"{project}: cannot be calculated", calculated.findings
        )
    assert loaded.project is not None
    credits = Credits(calculation.allocation, project=loaded.project.id, calculation=calculation)
    return Outcome(credits, calculated.findings, calculated.status)


def _allocated(
    project: Path | str | None,
    result_file: Path | str | None,
    issued: int | None,
    scheme: AllocationSettings | Mapping[str, Any] | None,
    trust_result: bool,
) -> Outcome[Credits]:
    """Allocate credits given as a number or a saved calculation."""
    from jcm_mrv.credits.issued import read_result_file
    from jcm_mrv.credits.periods import allocate_periods
    from jcm_mrv.verification.integrity import check_result_file

    project_id, resolved = (
        _project_allocation(Path(project)) if project is not None else (None, _settings(scheme))
    )
    source = None
    checked: list[Finding] = []
    if result_file is not None:
        source = str(result_file)
        by_period, result_project = read_result_file(Path(result_file))
        check = check_result_file(result_file, project=project, trusted=trust_result)
        if check.refused:
            raise InputError(check.reason, check.findings)
        checked = check.findings
        if project_id and result_project and result_project != project_id:
            problem = f"a result of project {result_project}, not of {project_id}"
            raise InputError(
                f"{result_file} is {problem}",
                [codes.RESULT_FILE_INVALID(problem, file=source, path="result.project.id")],
            )
    else:
        assert issued is not None
        by_period = [(ISSUED_LABEL, issued)]
    scheme_built = _usable_scheme(resolved, None if project is None else str(project))
    allocations = allocate_periods(by_period, scheme_built, resolved.participants)
    credits = Credits(allocations, project=project_id, source=source)
    return Outcome.of(credits, [*checked, *allocations.findings])


def _project_allocation(project: Path) -> tuple[str, ResolvedAllocation]:
    """A project's id and its allocation section, resolved (findings located)."""
    from jcm_mrv.project.allocation import resolve_allocation
    from jcm_mrv.project.loader import load_project

    loaded = load_project(project)
    if loaded.project is None:
        errors = [f for f in loaded.findings if f.severity is Severity.ERROR]
        raise InputError(f"{project}: not a usable project file", errors)
    settings = loaded.project.allocation
    if settings is None:
        raise InputError(*_no_allocation(project))
    return loaded.project.id, resolve_allocation(settings, document=loaded.document)


def _no_allocation(project: Path) -> tuple[str, list[Finding]]:
    message = (
        f"{project} has no allocation section: add one (see docs/credit-allocation.md) "
        "or give the credits and the scheme as options (--issued N --scheme …)"
    )
    return message, [codes.SCHEMA_MISSING("no 'allocation' section", file=str(project))]


def _settings(scheme: AllocationSettings | Mapping[str, Any] | None) -> ResolvedAllocation:
    """Allocation settings given in the call, checked (findings carry their key path)."""
    from pydantic import ValidationError

    from jcm_mrv.project.allocation import AllocationSettings, resolve_allocation

    if isinstance(scheme, AllocationSettings):
        settings = scheme
    else:
        try:
            settings = AllocationSettings.model_validate(dict(scheme or {}))
        except ValidationError as exc:
            raise InputError(
                "the allocation settings have errors",
                [_settings_finding(item) for item in exc.errors(include_url=False)],
            ) from None
    return resolve_allocation(settings, base=())


def _settings_finding(item: Any) -> Finding:
    """A finding for one pydantic error in allocation settings given in a call."""
    dotted = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in item["loc"]
    ).lstrip(".")
    path = dotted or None
    code = {"missing": codes.SCHEMA_MISSING, "extra_forbidden": codes.SCHEMA_UNKNOWN}.get(
        item["type"], codes.SCHEMA_TYPE
    )
    message = f"{path}: {item['msg']}" if path else str(item["msg"])
    return code(message, path=path)


def _usable_scheme(resolved: ResolvedAllocation, project: str | None) -> Scheme:
    """The scheme of resolved settings; :class:`InputError` when they have errors."""
    if resolved.scheme is None:
        message = "the allocation settings have errors"
        raise InputError(f"{project}: {message}" if project else message, resolved.findings)
    return resolved.scheme
