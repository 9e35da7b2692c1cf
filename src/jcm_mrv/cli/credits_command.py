"""``jcm-mrv credits``: split the credits issued between governments and participants."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from jcm_mrv.cli.console import usage_error
from jcm_mrv.cli.estimate_command import LANG_OPTION_HELP, Lang
from jcm_mrv.cli.help import PlainCommand
from jcm_mrv.cli.options import STRICT, flag, option
from jcm_mrv.cli.report import Renderers, finish, output_target

if TYPE_CHECKING:
    from rich.console import Console

    from jcm_mrv.api import Credits
    from jcm_mrv.findings import Finding
    from jcm_mrv.outcome import Outcome
    from jcm_mrv.render.messages import Language


class AllocationFormat(StrEnum):
    """Output formats of an allocation."""

    table = "table"
    json = "json"
    csv = "csv"
    github = "github"
    sarif = "sarif"


class SchemeOption(StrEnum):
    """The allocation schemes, as ``--scheme`` takes them."""

    moej_financing = "moej-financing"
    fgas_subsidy = "fgas-subsidy"
    custom = "custom"


@dataclass(frozen=True)
class _SchemeOptions:
    """The scheme options as given on the command line (none may be)."""

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
        metavar="[PROJECT]",
        help="A project file with an allocation section; calculated unless --result or "
        "--issued gives the credits.",
        show_default=False,
    ),
    result_file: Path | None = option(
        "--result",
        "-r",
        metavar="FILE",
        help="Take the credits per period from 'jcm-mrv calculate --format json' output.",
    ),
    issued: int | None = option(
        "--issued", "-n", metavar="N", help="Split this number of credits (one issuance)."
    ),
    scheme: SchemeOption | None = typer.Option(
        None,
        "--scheme",
        "-s",
        help="The scheme, when no project file gives it.",
        show_default=False,
    ),
    partner_share: str | None = option(
        "--partner-share",
        metavar="SHARE",
        help="The partner government's share, e.g. 0.10, 10% or 1/10.",
    ),
    japan_minimum: str | None = option(
        "--japan-minimum",
        metavar="SHARE",
        help="moej-financing: Japan's minimum share (default 1/2).",
    ),
    subsidy_share: str | None = option(
        "--subsidy-share",
        metavar="SHARE",
        help="fgas-subsidy: the subsidy divided by the eligible cost, e.g. 0.7.",
    ),
    participants: list[str] = option(
        "--participant",
        metavar="NAME=SHARE",
        help="A participant and its share of the credits left after the minimums; repeatable.",
        default=[],
    ),
    minimums: list[str] = option(
        "--minimum",
        metavar="ROLE:NAME=SHARE",
        help="custom: a party's minimum share of the credits issued "
        "(ROLE: japan-government, partner-government or participant); repeatable.",
        default=[],
    ),
    output_format: AllocationFormat | None = option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table (default) for people; json or csv; github or sarif for the findings only. "
        "Default with -o: from the file's extension.",
    ),
    output: Path | None = option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the allocation to FILE (.json .csv .txt .sarif; '-' is stdout).",
    ),
    explain: bool = flag(
        "--explain",
        help="Show the rule and arithmetic of every line (json and csv always carry them).",
    ),
    strict: bool = STRICT,
    lang: Lang = typer.Option(
        Lang.en, "--lang", metavar="LANG", help=LANG_OPTION_HELP + " (table)"
    ),
    trust_result: bool = flag(
        "--trust-result",
        help="Allocate a --result that fails its integrity checks (edited, inputs changed, "
        "another version), reporting them as errors (exit 1). The rounding check still refuses.",
    ),
) -> None:
    """Split the credits issued between the governments and the project participants.

    The credits come from a calculation of PROJECT, from --result (a saved calculation) or from --issued; the split from PROJECT's allocation section or from --scheme and its options. Each period is allocated on its own; the total is the sum of the periods. Minimum shares round up; participants share the rest by largest remainder.

    [bold]Examples[/bold]

      jcm-mrv credits examples/solar-pv-th/project.yaml --explain

      jcm-mrv credits examples/solar-pv-th/project.yaml --lang ja

      jcm-mrv credits --issued 743 --scheme moej-financing --partner-share 10% --participant "Company A=0.6" --participant "Company B=0.4"

      jcm-mrv credits --result result.json --scheme fgas-subsidy --partner-share 0.1 --subsidy-share 0.7 --participant "Company A=1" --format json

    A --result is checked first: its content hash (an edit by hand), its inputs (with PROJECT: files changed since), the jcm-mrv and methodology versions, and that every rounded ER follows from its ER by the declared rule. A result that fails is refused (exit 2) unless --trust-result; a wrong rounding is always refused.

    Exit codes: 0 allocated; 1 allocated, but the calculation reported errors (e.g. a failed eligibility criterion) or a trusted result failed its checks, or warnings with --strict; 2 usage, input that cannot be used, or a --result refused by its checks (the findings say where).
    """
    from jcm_mrv.api import allocate

    target = output_target(
        output, output_format.value if output_format else None, list(AllocationFormat)
    )
    options = _SchemeOptions(
        scheme, partner_share, japan_minimum, subsidy_share, participants, minimums
    )
    _check_sources(project, result_file, issued, options)
    settings = None if project is not None else _settings_from_options(options)
    outcome = allocate(
        project,
        result_file=result_file,
        issued=issued,
        scheme=settings,
        trust_result=trust_result,
    )
    if settings is not None:  # findings about the options name the options
        outcome = _on_options(outcome, options)
    finish(outcome, target, _renderers(explain, project, lang.value), strict=strict)


def _renderers(explain: bool, project: Path | None, lang: Language = "en") -> Renderers[Credits]:
    """The renderers of an allocation (with ``explain``: the table explains each line)."""
    from jcm_mrv.api import Credits
    from jcm_mrv.render import allocation as render
    from jcm_mrv.render.messages import messages

    m = messages(lang)

    def table(outcome: Outcome[Credits], console: Console) -> None:
        assert outcome.result is not None
        credits = outcome.result
        title = m["allocation"]
        if credits.project:
            title += m["allocation_of"].format(project=credits.project)
        if credits.source:
            title += m["allocation_from"].format(source=credits.source)
        title += f" ({credits.scheme})"
        render.print_table(credits.allocations, console, explain=explain, title=title, lang=lang)

    def csv(outcome: Outcome[Credits]) -> str:
        assert outcome.result is not None
        return render.to_csv(outcome.result.allocations)

    base = None if project is None else project.parent
    return Renderers(
        table=table, result=Credits.to_dict, texts={"csv": csv}, json_base=base, lang=lang
    )


def _on_options(outcome: Outcome[Credits], options: _SchemeOptions) -> Outcome[Credits]:
    """The outcome with findings about the settings located at the options that set them."""
    from dataclasses import replace

    def located(finding: Finding) -> Finding:
        about_periods = (finding.path or "").startswith("periods[")
        if finding.file is not None or about_periods:
            return finding
        return replace(
            finding,
            file=_option_of(finding.path, options),
            path=None,
            message=_option_words(finding.message),
        )

    return replace(outcome, findings=tuple(located(f) for f in outcome.findings))


def _check_sources(
    project: Path | None, result_file: Path | None, issued: int | None, options: _SchemeOptions
) -> None:
    """Exactly one source of credits and one of settings; a usage error (exit 2) otherwise."""
    if issued is not None and result_file is not None:
        usage_error("give the credits either with --issued or with --result, not both")
    if project is None and result_file is None and issued is None:
        usage_error("nothing to allocate: give a PROJECT file, --result FILE or --issued N")
    if project is not None and options.given:
        usage_error(
            "the scheme options (--scheme, --partner-share, --participant …) replace a "
            "project's allocation section: give either PROJECT or the options"
        )
    if project is None and options.scheme is None:
        usage_error(
            "say how to split the credits: --scheme moej-financing|fgas-subsidy|custom with "
            "--participant NAME=SHARE (or give a PROJECT file with an allocation section)"
        )


def _settings_from_options(options: _SchemeOptions) -> dict[str, Any]:
    """The allocation settings the options give, as a project's ``allocation:`` holds them."""
    assert options.scheme is not None
    data: dict[str, Any] = {
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
    return data


def _minimum(text: str) -> dict[str, str]:
    role, sep, rest = text.partition(":")
    if not sep or role not in _ROLES:
        usage_error(
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
        usage_error(f"{option} {text!r}: expected NAME=SHARE, e.g. 'Company A=0.6'")
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


def register(app: typer.Typer) -> None:
    """Add the commands of this module to the application."""
    app.command("credits", cls=PlainCommand)(credits)
