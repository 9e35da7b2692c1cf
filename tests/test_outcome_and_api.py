"""The outcome record and the library API: every job returns an outcome, never raises.

What ``jcm-mrv credits`` does exists in the library: from a project, from a saved
calculation with a scheme, or from a number issued.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jcm_mrv
from jcm_mrv.api import Calculation
from jcm_mrv.exitcodes import ExitCode
from jcm_mrv.findings import Severity, codes
from jcm_mrv.outcome import Outcome, Status

ROOT = Path(__file__).parents[1]
SOLAR = ROOT / "examples" / "solar-pv-th" / "project.yaml"
SCHEME = {
    "scheme": "moej-financing",
    "partner_share": "0.10",
    "participants": [{"name": "Company A", "share": "0.6"}, {"name": "Company B", "share": "0.4"}],
}
WARNING = codes.MINIMUM_CAPPED("capped")
ERROR = codes.ELIGIBILITY_FAILED("fails")


@pytest.mark.parametrize(
    ("outcome", "status", "plain", "strict"),
    [
        (Outcome.of("r"), Status.CLEAN, ExitCode.OK, ExitCode.OK),
        (Outcome.of("r", [codes.MINIMUM_CAPPED("i", severity=Severity.INFO)]), Status.CLEAN, 0, 0),
        (Outcome.of("r", [WARNING]), Status.FINDINGS, ExitCode.OK, ExitCode.FINDINGS),
        (Outcome.of("r", [ERROR]), Status.FINDINGS, ExitCode.FINDINGS, ExitCode.FINDINGS),
        (Outcome.unusable("no", [ERROR]), Status.UNUSABLE, 2, 2),
        (Outcome.unusable("no", [WARNING], result="r"), Status.UNUSABLE, 2, 2),
    ],
)
def test_the_exit_code_follows_from_the_outcome(
    outcome: Outcome[str], status: Status, plain: int, strict: int
) -> None:
    assert outcome.status is status
    assert (outcome.exit_code(), outcome.exit_code(strict=True)) == (plain, strict)


def test_an_outcome_without_a_result_is_unusable() -> None:
    with pytest.raises(ValueError, match="unusable"):
        Outcome(None)
    document = Outcome.unusable("cannot", [ERROR]).to_dict(str)
    assert document == {
        "status": "unusable",
        "message": "cannot",
        "summary": {"errors": 1, "warnings": 0, "infos": 0},
        "findings": [ERROR.to_dict()],
        "result": None,
    }


def test_the_api_never_raises_for_bad_input(tmp_path: Path) -> None:
    missing = jcm_mrv.calculate(tmp_path / "absent.yaml")
    assert (missing.status, missing.result) == (Status.UNUSABLE, None)
    assert [f.code for f in missing.findings] == ["JCM-Y001"]
    wrong_period = jcm_mrv.calculate(SOLAR, periods=["1999"])
    assert wrong_period.status is Status.UNUSABLE
    assert "1999" in (wrong_period.message or "")
    bad_override = jcm_mrv.calculate(SOLAR, overrides=["EF_RE=half"])
    assert [f.code for f in bad_override.findings] == ["JCM-P014"]
    absent = jcm_mrv.validate([tmp_path / "absent.yaml"])
    assert (absent.status, absent.exit_code()) == (Status.UNUSABLE, ExitCode.UNUSABLE_INPUT)
    negative = jcm_mrv.allocate(issued=-3, scheme=SCHEME)
    assert negative.status is Status.UNUSABLE
    assert [f.code for f in negative.findings] == ["JCM-A007"]
    wrong_key = jcm_mrv.allocate(issued=3, scheme={**SCHEME, "partner": "0.1"})
    assert [(f.code, f.path) for f in wrong_key.findings] == [("JCM-S002", "partner")]


def test_a_calculation_keeps_its_allocation_beside_it() -> None:
    outcome = jcm_mrv.calculate(SOLAR)
    assert outcome.status is Status.CLEAN and outcome.result is not None
    calculation = outcome.result
    assert calculation.result.totals.emission_reductions_rounded == 266
    assert calculation.allocation is not None
    assert calculation.allocation.issued == 266
    with pytest.raises(AttributeError):
        calculation.result.totals = calculation.result.totals  # type: ignore[misc]
    assert "allocation" in Calculation.to_dict(calculation)


def test_allocate_does_what_credits_does_from_each_source(tmp_path: Path) -> None:
    from_project = jcm_mrv.allocate(SOLAR)
    assert from_project.result is not None and from_project.status is Status.CLEAN
    assert from_project.result.allocations.issued == 266
    assert from_project.result.calculation is not None  # calculated once, kept
    saved = tmp_path / "result.json"
    document = jcm_mrv.calculate(SOLAR).to_dict(Calculation.to_dict)
    saved.write_text(json.dumps(document), encoding="utf-8")
    from_saved = jcm_mrv.allocate(result_file=saved, scheme=SCHEME)
    assert from_saved.result is not None
    assert [p.period for p in from_saved.result.allocations.periods] == ["2025-H1", "2025-H2"]
    assert from_saved.result.source == str(saved)
    with_project = jcm_mrv.allocate(SOLAR, result_file=saved)
    assert with_project.result is not None
    assert with_project.result.to_dict() == from_project.result.to_dict()
    issued = jcm_mrv.allocate(issued=743, scheme=SCHEME)
    assert issued.result is not None
    assert [line.credits for line in issued.result.allocations.cumulative] == [372, 75, 178, 118]


@pytest.mark.parametrize(
    "call",
    [
        {},
        {"issued": 1},
        {"issued": 1, "result_file": "r.json", "scheme": SCHEME},
        {"project": SOLAR, "scheme": SCHEME},
    ],
)
def test_a_call_without_a_source_or_a_split_is_a_programming_error(call: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        jcm_mrv.allocate(**call)  # type: ignore[arg-type]


def test_credits_of_a_project_load_and_allocate_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import jcm_mrv.credits.periods
    import jcm_mrv.project.loader
    from jcm_mrv.cli import app

    calls = {"load_project": 0, "allocate_periods": 0}

    def counted(module: object, name: str) -> None:
        original = getattr(module, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            calls[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counted(jcm_mrv.project.loader, "load_project")
    counted(jcm_mrv.credits.periods, "allocate_periods")  # imported where allocation is
    result = CliRunner().invoke(app, ["credits", str(SOLAR), "--format", "json"])
    assert result.exit_code == ExitCode.OK, result.output
    assert json.loads(result.stdout)["result"]["issued"] == 266
    assert calls == {"load_project": 1, "allocate_periods": 1}
