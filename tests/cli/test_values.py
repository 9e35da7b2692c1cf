"""One conversion, one bounds check, one period check: what a user sees through the CLI.

A value given with ``--set`` (whole or per monitoring point) must be treated exactly as
the same value written in the project file: converted the same way (absolute
temperatures included), refused by the same bounds check with the same code, and
misspelt names get a "did you mean". Runs on a copy of ``examples/chiller-id``
(EF_elec bounded to [0, 1.5]; COP_PJ_i and T_cool_out_i per chiller CH-1, CH-2).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from jcm_mrv.exitcodes import ExitCode

from .conftest import ROOT, Invoke

EXAMPLE = ROOT / "examples" / "chiller-id"


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Findings tables unwrapped, so that messages can be searched whole."""
    monkeypatch.setenv("COLUMNS", "400")


@pytest.fixture
def chiller(tmp_path: Path) -> Path:
    """A copy of the chiller example; returns its project file."""
    for name in ("project.yaml", "chiller-power.csv"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    return tmp_path / "project.yaml"


def _edit(project: Path, old: str, new: str) -> None:
    text = project.read_text(encoding="utf-8")
    assert old in text
    project.write_text(text.replace(old, new), encoding="utf-8")


def _result(invoke: Invoke, project: Path, *args: str) -> dict[str, Any]:
    done = invoke("calculate", project, "--format", "json", *args)
    assert done.exit_code == ExitCode.OK, done.output
    document: dict[str, Any] = json.loads(done.stdout)
    return document.get("result") or document


def _figures(result: dict[str, Any]) -> list[float]:
    """RE, ER and the credits of each period, one after the other."""
    return [
        figure
        for p in result["periods"]
        for figure in (
            p["reference_emissions"],
            p["emission_reductions"],
            p["emission_reductions_rounded"],
        )
    ]


def _output(done: Any) -> str:
    return str(done.stdout) + str(done.stderr)


def test_set_outside_the_bounds_is_refused_like_the_project_file(
    chiller: Path, invoke: Invoke
) -> None:
    by_set = invoke("calculate", chiller, "--set", "EF_elec=8")
    assert by_set.exit_code == ExitCode.UNUSABLE_INPUT
    assert "JCM-P006" in _output(by_set)
    message = "EF_elec = 8 tCO2/MWh is above the maximum 1.5 (the methodology's bounds: [0, 1.5])"
    assert message in _output(by_set)
    # the same value, in another unit that converts to 8 tCO2/MWh, is refused the same way
    converted = invoke("calculate", chiller, "--set", "EF_elec=8000 kgCO2/MWh")
    assert converted.exit_code == ExitCode.UNUSABLE_INPUT
    assert message in _output(converted)
    _edit(chiller, "value: 0.8\n", "value: 8\n")
    in_file = invoke("calculate", chiller)
    assert in_file.exit_code == ExitCode.UNUSABLE_INPUT
    assert "JCM-P006" in _output(in_file)
    assert message in _output(in_file)


def test_set_within_the_bounds_gives_what_the_project_file_gives(
    chiller: Path, invoke: Invoke
) -> None:
    by_set = _result(invoke, chiller, "--set", "EF_elec=1.2")
    _edit(chiller, "value: 0.8\n", "value: 1.2\n")
    assert _figures(by_set) == _figures(_result(invoke, chiller))


def test_a_misspelt_set_name_gets_a_suggestion(chiller: Path, invoke: Invoke) -> None:
    done = invoke("calculate", chiller, "--set", "EF_elc=0.8")
    assert done.exit_code == ExitCode.UNUSABLE_INPUT
    assert "JCM-P014" in _output(done)
    assert "did you mean 'EF_elec'?" in _output(done)


def test_set_per_point_changes_that_point_only(chiller: Path, invoke: Invoke) -> None:
    by_set = _result(invoke, chiller, "--set", "COP_PJ_i[CH-1]=6.5")
    assert by_set["provenance"]["overrides"] == {"COP_PJ_i[CH-1]": "6.5"}
    original = _result(invoke, chiller)
    _edit(chiller, "{CH-1: 6.6, CH-2: 6.5}", "{CH-1: 6.5, CH-2: 6.5}")
    edited = _result(invoke, chiller)
    assert _figures(by_set) == _figures(edited)
    assert _figures(by_set) != _figures(original)


def test_set_per_point_with_a_unit(chiller: Path, invoke: Invoke) -> None:
    # 99.5 degF is 37.5 degC: the same as writing it in the project file in degC
    by_set = _result(invoke, chiller, "--set", "T_cool_out_i[CH-2]=99.5 degF")
    _edit(chiller, "{CH-1: 33, CH-2: 37}", "{CH-1: 33, CH-2: 37.5}")
    assert _figures(by_set) == pytest.approx(_figures(_result(invoke, chiller)), rel=1e-12)


def test_set_an_absolute_temperature_in_degf_like_the_project_file(
    chiller: Path, invoke: Invoke
) -> None:
    by_set = _result(invoke, chiller, "--set", "T_cool_out_i=98.6 degF")
    _edit(
        chiller,
        "values: {CH-1: 33, CH-2: 37}\n    unit: degC",
        "values: {CH-1: 98.6, CH-2: 98.6}\n    unit: degF",
    )
    in_file = _result(invoke, chiller)
    assert _figures(by_set) == _figures(in_file)
    _edit(
        chiller, "{CH-1: 98.6, CH-2: 98.6}\n    unit: degF", "{CH-1: 37, CH-2: 37}\n    unit: degC"
    )
    assert _figures(by_set) == pytest.approx(_figures(_result(invoke, chiller)), rel=1e-12)


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("COP_PJ_i[CH-01]=6.5", "did you mean 'CH-1'?"),
        ("EF_elec[CH-1]=0.5", "does not vary by monitoring point"),
        ("COP_PJ_i[CH-1]=60", "is above the maximum 15"),
        ("COP_PJ_i[]=6", "cannot read override"),
    ],
)
def test_per_point_overrides_that_cannot_be_used(
    chiller: Path, invoke: Invoke, override: str, expected: str
) -> None:
    done = invoke("calculate", chiller, "--set", override)
    assert done.exit_code == ExitCode.UNUSABLE_INPUT
    assert expected in _output(done)
    assert "Traceback" not in _output(done)


def test_every_bad_override_is_reported_at_once(chiller: Path, invoke: Invoke) -> None:
    done = invoke("calculate", chiller, "--set", "EF_elec=8", "--set", "EF_elc=1")
    assert done.exit_code == ExitCode.UNUSABLE_INPUT
    assert "JCM-P006" in _output(done) and "did you mean 'EF_elec'?" in _output(done)


def test_overlapping_periods_are_one_finding_under_one_code(chiller: Path, invoke: Invoke) -> None:
    _edit(chiller, "start: 2025-07-01", "start: 2025-06-01")
    for command in ("validate", "calculate"):
        done = invoke(command, chiller)
        assert done.exit_code in (ExitCode.FINDINGS, ExitCode.UNUSABLE_INPUT)
        assert _output(done).count("JCM-P009") == 1, _output(done)
        assert "overlaps period 2025-H1" in _output(done)


# --- exact figures (issue 11) ----------------------------------------------------------


def test_a_real_742_9999995_t_is_742_credits_through_the_cli(chiller: Path, invoke: Invoke) -> None:
    # the PV example's methodology: ER = sum(EG_i_p × EF_RE, i); 742,999.999 + 743,000 kWh
    # at 0.5 t/MWh is 742.9999995 t exactly: 742 credits, where a 1e-6 t grid gave 743
    directory = chiller.parent
    (directory / "project.yaml").write_text(
        (ROOT / "examples" / "solar-pv-th" / "project.yaml")
        .read_text(encoding="utf-8")
        .split("monitoring_points:")[0]
        + PV_TAIL,
        encoding="utf-8",
    )
    (directory / "readings.csv").write_text(
        "timestamp,point,EG_i_p [kWh]\n2025-01-05T10:00,A,742999.999\n2025-01-06T10:00,A,743000\n",
        encoding="utf-8",
    )
    result = _result(invoke, directory / "project.yaml")
    assert [p["emission_reductions_rounded"] for p in result["periods"]] == [742]


def test_a_header_with_two_units_is_refused_through_the_cli(chiller: Path, invoke: Invoke) -> None:
    data = chiller.parent / "chiller-power.csv"
    lines = data.read_text(encoding="utf-8").splitlines()
    header = lines[0]
    assert "[kWh]" in header
    data.write_text(
        "\n".join([header.replace("[kWh]", "[MWh] [kWh]", 1), *lines[1:]]) + "\n", encoding="utf-8"
    )
    done = invoke("calculate", chiller)
    assert done.exit_code == ExitCode.UNUSABLE_INPUT
    assert "JCM-D006" in _output(done)
    assert "two units, 'MWh' and 'kWh'" in _output(done)


PV_TAIL = """\
monitoring_points:
  - id: A
parameters:
  EF_RE:
    value: 0.5
    unit: tCO2/MWh
monitoring_options:
  EG_i_p: C
data:
  - path: readings.csv
periods:
  - id: P1
    start: 2025-01-01
    end: 2025-01-31
"""


def test_a_misspelt_point_in_the_data_gets_a_suggestion(chiller: Path, invoke: Invoke) -> None:
    data = chiller.parent / "chiller-power.csv"
    data.write_text(data.read_text(encoding="utf-8").replace(",CH-1,", ",CH-01,"), encoding="utf-8")
    done = invoke("calculate", chiller)
    assert done.exit_code == ExitCode.UNUSABLE_INPUT
    assert "'CH-01'" in _output(done) and "did you mean 'CH-1'?" in _output(done)
