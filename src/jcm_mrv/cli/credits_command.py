"""``jcm-mrv credits``: split the credits issued between governments and participants."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from jcm_mrv.cli.console import emit, fail, stderr, stdout
from jcm_mrv.exitcodes import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.credits.periods import PeriodAllocations
    from jcm_mrv.credits.schemes import Participant, Scheme
    from jcm_mrv.credits.settings import AllocationSettings
    from jcm_mrv.findings import Finding

ISSUED_LABEL = "issued"
"""The period label of a single ``--issued N`` issuance in JSON and CSV output."""


class AllocationFormat(StrEnum):
    """Output formats of an allocation."""

    table = "table"
    json = "json"
    csv = "csv"


class SchemeOption(StrEnum):
    """The allocation schemes, as ``--scheme`` takes them."""

    moej_financing = "moej-financing"
    fgas_subsidy = "fgas-subsidy"
    custom = "custom"


@dataclass(frozen=True)
class _SchemeOptions:
    scheme: SchemeOption | None
    partner_share: str | None
    japan_minimum: str | None
    subsidy_share: str | None
    participants: list[str]
    minimums: list[str]

    @property
    def given(self) -> bool:
        return any(
            (
                self.scheme,
                self.partner_share,
                self.japan_minimum,
                self.subsidy_share,
                self.participants,
                self.minimums,
            )
        )


def credits(
    project: Path | None = typer.Argument(
        None,
        help="A project file with an allocation section; calculated unless --result or "
        "--issued gives the credits.",
        show_default=False,
    ),
    result_file: Path | None = typer.Option(
        None,
        "--result",
        "-r",
        metavar="FILE",
        help="Take the credits per period from 'jcm-mrv calculate --format json' output.",
        show_default=False,
    ),
    issued: int | None = typer.Option(
        None, "--issued", "-n", metavar="N", help="Split this number of credits (one issuance)."
    ),
    scheme: SchemeOption | None = typer.Option(
        None, "--scheme", "-s", help="The scheme, when no project file gives it."
    ),
    partner_share: str | None = typer.Option(
        None,
        "--partner-share",
        metavar="SHARE",
        help="The partner government's share, e.g. 0.10, 10% or 1/10.",
    ),
    japan_minimum: str | None = typer.Option(
        None,
        "--japan-minimum",
        metavar="SHARE",
        help="moej-financing: Japan's minimum share (default 1/2).",
    ),
    subsidy_share: str | None = typer.Option(
        None,
        "--subsidy-share",
        metavar="SHARE",
        help="fgas-subsidy: the subsidy divided by the eligible cost, e.g. 0.7.",
    ),
    participants: list[str] = typer.Option(
        [],
        "--participant",
        metavar="NAME=SHARE",
        help="A participant and its share of the credits left after the minimums; repeatable.",
    ),
    minimums: list[str] = typer.Option(
        [],
        "--minimum",
        metavar="ROLE:NAME=SHARE",
        help="custom: a party's minimum share of the credits issued "
        "(ROLE: japan-government, partner-government or participant); repeatable.",
    ),
    output_format: AllocationFormat = typer.Option(
        AllocationFormat.table, "--format", "-f", help="table for people; json or csv."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the allocation to this file (atomically)."
    ),
    explain: bool = typer.Option(
        False,
        "--explain",
        help="Show the rule and arithmetic of every line (json and csv always carry them).",
    ),
    trust_result: bool = typer.Option(
        False,
        "--trust-result",
        help="Allocate a --result that fails its integrity checks (edited, inputs changed, "
        "another version), reporting them as errors (exit 1). The rounding check still refuses.",
    ),
) -> None:
    """Split the credits issued between the governments and the project participants.

    The credits come from a calculation of PROJECT, from --result (a saved calculation) or from --issued; the split from PROJECT's allocation section or from --scheme and its options. Each period is allocated on its own; the total is the sum of the periods. Minimum shares round up; participants share the rest by largest remainder.

    [bold]Examples[/bold]

      jcm-mrv credits examples/solar-pv-th/project.yaml --explain

      jcm-mrv credits --issued 743 --scheme moej-financing --partner-share 10% --participant "Company A=0.6" --participant "Company B=0.4"

      jcm-mrv credits --result result.json --scheme fgas-subsidy --partner-share 0.1 --subsidy-share 0.7 --participant "Company A=1" --format json

    A --result is checked first: its content hash (an edit by hand), its inputs (with PROJECT: files changed since), the jcm-mrv and methodology versions, and that every rounded ER follows from its ER by the declared rule. A result that fails is refused (exit 2) unless --trust-result; a wrong rounding is always refused.

    Exit codes: 0 allocated; 1 allocated, but the calculation reported errors (e.g. a failed eligibility criterion) or a trusted result failed its checks; 2 usage, input that cannot be used, or a --result refused by its checks (the findings say where).
    """
    from jcm_mrv.credits.periods import allocate_periods
    from jcm_mrv.credits.schemes import AllocationError
    from jcm_mrv.findings import has_errors
    from jcm_mrv.render import allocation as render
    from jcm_mrv.render import findings as render_findings

    options = _SchemeOptions(
        scheme, partner_share, japan_minimum, subsidy_share, participants, minimums
    )
    _check_sources(project, result_file, issued, options)
    err = stderr()
    calculation_findings: list[Finding] = []
    project_id = None
    if project is not None:
        project_id, settings_scheme, people = _project_settings(project, err)
    else:
        settings_scheme, people = _option_settings(options)
    title = "Credit allocation" + (f" of {project_id}" if project_id else "")
    if issued is not None:
        issued_by_period = [(ISSUED_LABEL, issued)]
    elif result_file is not None:
        issued_by_period, calculation_findings = _result_periods(
            result_file, project_id, project, trust_result
        )
        title += f" from {result_file}"
    else:
        assert project is not None  # _check_sources makes sure there is a source
        issued_by_period, calculation_findings = _calculate(project, err)
    try:
        allocations = allocate_periods(issued_by_period, settings_scheme, people)
    except AllocationError as exc:
        fail(exc.message, exc.findings, err)
    title += f" ({settings_scheme.name})"
    if output_format is AllocationFormat.table and output is None:
        render.print_table(allocations, stdout(), explain=explain, title=title)
    else:
        renderers: dict[AllocationFormat, Callable[[PeriodAllocations], str]] = {
            AllocationFormat.table: render.to_csv,  # a table written to a file: CSV
            AllocationFormat.json: render.to_json,
            AllocationFormat.csv: render.to_csv,
        }
        emit(renderers[output_format](allocations), output)
    reported = [*calculation_findings, *allocations.findings]
    if reported:
        render_findings.print_table(reported, None, err)
    if has_errors(calculation_findings):
        raise typer.Exit(ExitCode.FINDINGS)


def _check_sources(
    project: Path | None, result_file: Path | None, issued: int | None, options: _SchemeOptions
) -> None:
    """Exactly one source of credits and one of settings; a usage error (exit 2) otherwise."""
    if issued is not None and result_file is not None:
        _usage_error("give the credits either with --issued or with --result, not both")
    if project is None and result_file is None and issued is None:
        _usage_error("nothing to allocate: give a PROJECT file, --result FILE or --issued N")
    if project is not None and options.given:
        _usage_error(
            "the scheme options (--scheme, --partner-share, --participant …) replace a "
            "project's allocation section: give either PROJECT or the options"
        )
    if project is None and options.scheme is None:
        _usage_error(
            "say how to split the credits: --scheme moej-financing|fgas-subsidy|custom with "
            "--participant NAME=SHARE (or give a PROJECT file with an allocation section)"
        )


def _usage_error(message: str) -> NoReturn:
    """Report a usage problem on stderr and exit 2, like a mistyped option."""
    typer.echo(f"error: {message}\nTry 'jcm-mrv credits --help' for help.", err=True)
    raise typer.Exit(ExitCode.UNUSABLE_INPUT)


def _project_settings(project: Path, err: Console) -> tuple[str, Scheme, tuple[Participant, ...]]:
    """The project's id and the scheme and participants of its allocation section."""
    from jcm_mrv.credits.settings import resolve_allocation
    from jcm_mrv.findings import Severity
    from jcm_mrv.project.loader import load_project

    loaded = load_project(project)
    if loaded.project is None:
        errors = [f for f in loaded.findings if f.severity is Severity.ERROR]
        fail(f"{project}: not a usable project file", errors, err)
    settings = loaded.project.allocation
    if settings is None:
        fail(
            f"{project} has no allocation section: add one (see docs/credit-allocation.md) "
            "or give the credits and the scheme as options (--issued N --scheme …)",
            [],
            err,
        )
    resolved = resolve_allocation(settings, document=loaded.document)
    if not resolved.usable:
        fail(f"{project}: the allocation section has errors", resolved.findings, err)
    assert resolved.scheme is not None
    return loaded.project.id, resolved.scheme, resolved.participants


def _option_settings(options: _SchemeOptions) -> tuple[Scheme, tuple[Participant, ...]]:
    """The scheme and participants given as options; a usage error when they do not work."""
    from pydantic import ValidationError

    from jcm_mrv.credits.settings import resolve_allocation

    try:
        settings = _settings_from_options(options)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}"
            for item in exc.errors(include_url=False)
        )
        _usage_error(f"invalid scheme options: {problems}")
    resolved = resolve_allocation(settings, base=())
    if not resolved.usable:
        lines = [
            f"{_option_of(f.path, options)}: {_option_words(f.message)} ({f.code})"
            + (f"; {f.hint}" if f.hint else "")
            for f in resolved.findings
        ]
        _usage_error("invalid scheme options:\n  " + "\n  ".join(lines))
    assert resolved.scheme is not None
    return resolved.scheme, resolved.participants


def _settings_from_options(options: _SchemeOptions) -> AllocationSettings:
    from jcm_mrv.credits.settings import AllocationSettings

    assert options.scheme is not None
    data: dict[str, object] = {
        "scheme": options.scheme.value,
        "participants": [
            {"name": name, "share": share}
            for name, share in (
                _name_and_share(text, "--participant") for text in options.participants
            )
        ],
    }
    for key in ("partner_share", "japan_minimum", "subsidy_share"):
        if getattr(options, key) is not None:
            data[key] = getattr(options, key)
    if options.minimums:
        data["minimums"] = [_minimum(text) for text in options.minimums]
    return AllocationSettings.model_validate(data)


def _minimum(text: str) -> dict[str, str]:
    role, sep, rest = text.partition(":")
    if not sep or role not in _ROLES:
        _usage_error(
            f"--minimum {text!r}: expected ROLE:NAME=SHARE with ROLE one of "
            f"{', '.join(_ROLES)}, e.g. 'japan-government:Government of Japan=1/2'"
        )
    name, share = _name_and_share(rest, "--minimum")
    return {"name": name, "role": role, "share": share}


_ROLES = ("japan-government", "partner-government", "participant")
_OPTION_NAMES = {
    "partner_share": "--partner-share",
    "japan_minimum": "--japan-minimum",
    "subsidy_share": "--subsidy-share",
    "scheme": "--scheme",
    "participants": "--participant",
    "minimums": "--minimum",
}


def _name_and_share(text: str, option: str) -> tuple[str, str]:
    name, sep, share = text.rpartition("=")
    if not sep or not name.strip() or not share.strip():
        _usage_error(f"{option} {text!r}: expected NAME=SHARE, e.g. 'Company A=0.6'")
    return name.strip(), share.strip()


def _option_of(path: str | None, options: _SchemeOptions) -> str:
    """The option a finding of the option settings is about (``--participant 'B=0.5'``)."""
    import re

    match = re.match(r"(participants|minimums)\[(\d+)\]", path or "")
    if match:
        given = options.participants if match[1] == "participants" else options.minimums
        return f"{_OPTION_NAMES[match[1]]} {given[int(match[2])]!r}"
    key = (path or "").split(".")[0].split("[")[0]
    return _OPTION_NAMES.get(key, "--scheme")


def _option_words(message: str) -> str:
    """A message about the settings, with their keys named as the options that set them."""
    for key in ("partner_share", "japan_minimum", "subsidy_share"):
        message = message.replace(key, _OPTION_NAMES[key])
    return message


def _result_periods(
    result_file: Path, project_id: str | None, project: Path | None, trusted: bool
) -> tuple[list[tuple[str, int]], list[Finding]]:
    from jcm_mrv.credits.issued import read_result_file
    from jcm_mrv.errors import InputError
    from jcm_mrv.verification.integrity import check_result_file

    try:
        periods, result_project = read_result_file(result_file)
    except InputError as exc:
        fail(exc.message, exc.findings, stderr())
    if project_id is not None and result_project is not None and result_project != project_id:
        _usage_error(f"{result_file} is a result of project {result_project}, not of {project_id}")
    check = check_result_file(result_file, project=project, trusted=trusted)
    if check.refused:
        fail(check.reason, check.findings, stderr())
    return periods, check.findings


def _calculate(project: Path, err: Console) -> tuple[list[tuple[str, int]], list[Finding]]:
    """Calculate the project; its credits per period and the calculation's findings."""
    from jcm_mrv.credits.issued import issued_from_result
    from jcm_mrv.engine.calculation import calculate
    from jcm_mrv.errors import InputError

    try:
        result = calculate(project)
    except InputError as exc:
        fail(exc.message, exc.findings, err)
    return issued_from_result(result), list(result.findings)


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the application."""
    app.command("credits")(credits)
