"""Gaps where the direction depends on the values, decided per point and period (issue 11,
item 5), through ``jcm-mrv calculate``.

Hand-worked on examples/chiller-id (JCM_ID_AM002; EF_elec = 0.8 t/MWh). A chiller's
consumption EC adds EC × EF_elec × (COP_PJ_tc / COP_RE − 1) to ER, where
COP_PJ_tc = COP_PJ × (T_cool_out − T_chill_out + 3) / (37 − 7 + 3):

- CH-1: 6.6 × 29 / 33 = 5.8 against COP_RE 5.0 (400 USRt): +0.8 × 0.16 = +0.128 t/MWh;
- CH-2: 6.5 × 33 / 33 = 6.5 against COP_RE 5.2 (800 USRt): +0.8 × 0.25 = +0.2 t/MWh.

Both raise ER in the example as given. With the band of 300-450 USRt set to 6.0 (the
copies below marked "CH-1 below"), CH-1 lowers it: 0.8 × (5.8 / 6 − 1) = −2/75 t/MWh.

2025-H1's readings: CH-1 31 + 32 + 33 + 34 + 35 + 36 = 201 MWh, CH-2 280.5 MWh.
"""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.cli.conftest import ROOT, Invoke

import jcm_mrv

PER_MWH_CH1 = Fraction(8, 10) * (Fraction(58, 10) / 5 - 1)
PER_MWH_CH1_BELOW = Fraction(8, 10) * (Fraction(58, 10) / 6 - 1)
PER_MWH_CH2 = Fraction(8, 10) * (Fraction(65, 10) / Fraction(52, 10) - 1)


def _copy(tmp_path: Path, *, below: bool = False, substitute: bool = False) -> Path:
    folder = tmp_path / "chiller-id"
    shutil.copytree(ROOT / "examples" / "chiller-id", folder, ignore=shutil.ignore_patterns("*.py"))
    project = folder / "project.yaml"
    text = project.read_text(encoding="utf-8")
    if below:
        band = "{min: 300, max: 450, value: 5.0}"
        assert band in text
        text = text.replace(band, "{min: 300, max: 450, value: 6.0}")
    if substitute:
        text = text.replace("    layout: wide\n", "    layout: wide\n    substitute: max-rate\n", 1)
    project.write_text(text, encoding="utf-8")
    return project


def _drop(project: Path, *prefixes: str) -> None:
    csv = project.parent / "chiller-power.csv"
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(prefixes)]
    assert len(kept) == len(lines) - len(prefixes)
    csv.write_text("".join(kept), encoding="utf-8")


def _run(invoke: Invoke, project: Path) -> tuple[int, dict[str, Any]]:
    result = invoke("calculate", project, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def _exact(document: dict[str, Any]) -> list[Fraction]:
    return [Fraction(p["emission_reductions_exact"]) for p in document["result"]["periods"]]


def _codes(document: dict[str, Any]) -> list[str]:
    return [f["code"] for f in document["findings"]]


def test_the_corrected_cops_the_tests_rest_on(tmp_path: Path) -> None:
    """The local sign at each chiller, as the engine decides it, is the hand-worked one."""
    example = ROOT / "examples" / "chiller-id" / "project.yaml"
    result = jcm_mrv.calculate(example).result
    assert result is not None
    h1 = result.result.periods[0]
    assert (
        Fraction(h1.emission_reductions_exact)
        == 201 * PER_MWH_CH1 + Fraction("280.5") * PER_MWH_CH2
    )
    below = jcm_mrv.calculate(_copy(tmp_path, below=True)).result
    assert below is not None
    h1 = below.result.periods[0]
    assert (
        Fraction(h1.emission_reductions_exact)
        == 201 * PER_MWH_CH1_BELOW + Fraction("280.5") * PER_MWH_CH2
    )
    assert PER_MWH_CH1 > 0 > PER_MWH_CH1_BELOW and PER_MWH_CH2 > 0


def test_a_gap_where_the_consumption_raises_er_counts_as_zero(
    tmp_path: Path, invoke: Invoke
) -> None:
    """CH-1 without March (33 MWh): ER 81.828 − 33 × 0.128 = 77.604 t, a warning."""
    _, full = _run(invoke, ROOT / "examples" / "chiller-id" / "project.yaml")
    project = _copy(tmp_path, substitute=True)  # a substitute is not used where it raises ER
    _drop(project, "2025-03-01,CH-1")
    code, document = _run(invoke, project)
    assert code == 0, document["findings"]
    assert _exact(full)[0] == Fraction("81.828")
    assert _exact(document)[0] == Fraction("81.828") - 33 * PER_MWH_CH1 == Fraction("77.604")
    assert _exact(document)[0] < _exact(full)[0]
    assert _exact(document)[1] == _exact(full)[1]
    [gap] = document["findings"]
    assert gap["code"] == "JCM-D032" and gap["severity"] == "warning"
    assert "'2025-H1' at point 'CH-1'" in gap["message"]
    assert "2025-03-01 to 2025-04-01" in gap["message"]
    assert "count as zero" in gap["message"]
    assert document["result"]["periods"][0]["substitutions"] == []
    assert [p["emission_reductions_rounded"] for p in document["result"]["periods"]] == [77, 90]


def test_a_gap_where_the_consumption_lowers_er_needs_a_substitute(
    tmp_path: Path, invoke: Invoke
) -> None:
    project = _copy(tmp_path, below=True)
    _drop(project, "2025-03-01,CH-1")
    code, document = _run(invoke, project)
    assert code == 2 and document["result"] is None
    [gap] = [f for f in document["findings"] if f["severity"] == "error"]
    assert gap["code"] == "JCM-D033"
    assert "'2025-H1' at point 'CH-1'" in gap["message"] and "lowers ER" in gap["message"]
    assert "substitute: max-rate" in gap["hint"]


def test_max_rate_fills_a_gap_where_the_consumption_lowers_er(
    tmp_path: Path, invoke: Invoke
) -> None:
    """The highest rate of CH-1 in 2025-H1 is June's, 36 MWh / 30 days = 1.2 MWh a day
    (January 1.0, February 32/28 = 1.143, April 1.133, May 1.129); over March's 31
    days it is 37.2 MWh, 4.2 MWh more than the missing 33. Full data: ER = 201 × −2/75
    + 280.5 × 0.2 = 50.74 t; filled: (201 − 33 + 37.2) × −2/75 + 56.1 = 50.628 t."""
    _, full = _run(invoke, _copy(tmp_path / "full", below=True))
    project = _copy(tmp_path, below=True, substitute=True)
    _drop(project, "2025-03-01,CH-1")
    code, document = _run(invoke, project)
    assert code == 0, document["findings"]
    [substitution] = document["result"]["periods"][0]["substitutions"]
    assert substitution["point"] == "CH-1" and substitution["rule"] == "max-rate"
    assert substitution["intervals"] == ["2025-03-01 to 2025-04-01"]
    assert Fraction(substitution["amount_exact"]) == Fraction(36, 30) * 31 == Fraction("37.2")
    assert _exact(full)[0] == Fraction("50.74")
    filled = (201 - 33 + Fraction("37.2")) * PER_MWH_CH1_BELOW + Fraction("280.5") * PER_MWH_CH2
    assert _exact(document)[0] == filled == Fraction("50.628")
    assert _exact(document)[0] <= _exact(full)[0]
    assert _codes(document) == ["JCM-D034"]
    assert "37.2 MWh" in document["findings"][0]["message"]


def test_validate_names_the_gap_the_calculation_decides(tmp_path: Path, invoke: Invoke) -> None:
    project = _copy(tmp_path, below=True)
    _drop(project, "2025-03-01,CH-1")
    result = invoke("validate", project, "--format", "json")
    assert result.exit_code == 0  # a warning: the calculation decides (here: an error)
    [gap] = json.loads(result.stdout)["findings"]
    assert gap["code"] == "JCM-D032" and "'CH-1'" in gap["message"]
    assert "decided per monitoring point and period" in gap["message"]


def test_explain_lists_the_substitution(tmp_path: Path, invoke: Invoke) -> None:
    project = _copy(tmp_path, below=True, substitute=True)
    _drop(project, "2025-03-01,CH-1")
    result = invoke("calculate", project, "--explain")
    assert result.exit_code == 0, result.output
    table = result.stdout[result.stdout.index("Gaps filled with a substitute") :]
    row = next(line for line in table.splitlines() if "CH-1" in line)
    assert "2025-H1" in row and "2025-03-01 to 2025-04-01" in row and "max-rate" in row
    assert "+37.200000 MWh" in row


def test_a_gap_and_a_calibration_correction_at_one_point_compose(
    tmp_path: Path, invoke: Invoke
) -> None:
    """Corrections first, then the gap: CH-1's calibration of 2025-11-10 finds +2 %,
    beyond the 0.5S meter's permissible error, so every CH-1 reading since 2024-11-15 is
    corrected; CH-1 lowers ER, so upward: ×1.02. The 168 MWh read in 2025-H1 gain
    3.36 MWh; the substitute, 37.2 MWh from June's uncorrected reading, is corrected
    with them: 37.944 MWh. ER = (168 + 37.2) × 1.02 × −2/75 + 56.1 = 50.51856 t."""
    project = _copy(tmp_path, below=True, substitute=True)
    text = project.read_text(encoding="utf-8")
    found = "certificate: CAL-2025-0932, error: 0.001"
    assert found in text
    project.write_text(text.replace(found, "certificate: CAL-2025-0932, error: 0.02"))
    _drop(project, "2025-03-01,CH-1")
    code, document = _run(invoke, project)
    assert code == 0, document["findings"]
    h1 = document["result"]["periods"][0]
    [correction] = h1["calibration_corrections"]
    assert correction["point"] == "CH-1" and correction["factor_exact"] == "51/50"
    assert Fraction(correction["amount_exact"]) == Fraction("3.36")
    [substitution] = h1["substitutions"]
    assert Fraction(substitution["amount_exact"]) == Fraction("37.2") * Fraction(51, 50)
    expected = (
        (168 + Fraction("37.2")) * Fraction(51, 50) * PER_MWH_CH1_BELOW + 56 + Fraction("0.1")
    )
    assert _exact(document)[0] == expected == Fraction("50.51856")
    assert "D034" in " ".join(_codes(document))


# -- property: deleting readings never raises a period's credits ---------------------

LINES = (ROOT / "examples" / "chiller-id" / "chiller-power.csv").read_text().splitlines()[1:]


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    removed=st.sets(st.sampled_from(LINES), min_size=1, max_size=4),
    below=st.booleans(),
    substitute=st.booleans(),
)
def test_deleting_chiller_readings_never_raises_the_credits(
    tmp_path_factory: Any, invoke: Invoke, removed: set[str], below: bool, substitute: bool
) -> None:
    """Without the readings, each period's exact and rounded ER is at most what it is
    with them, or the calculation is refused. (A substitute is conservative against the
    observed rates only, so it is drawn only where no removed reading could have had the
    period's highest rate: the substitute case removes readings of January, whose rate
    is the lowest of every chiller's half-year.)"""
    if substitute:
        removed = {line for line in removed if line.startswith("2025-01-01")} or {LINES[0]}
    folder = tmp_path_factory.mktemp("p")
    _, full = _run(invoke, _copy(folder / "full", below=below))
    project = _copy(folder / "fewer", below=below, substitute=substitute)
    _drop(project, *(line.split(",")[0] + "," + line.split(",")[1] for line in removed))
    code, document = _run(invoke, project)
    if document["result"] is None:
        assert code == 2 and "JCM-D033" in _codes(document)
        assert not substitute or not below  # a declared substitute fills where ER falls
        return
    assert code == 0 and document["findings"]
    for new, old in zip(_exact(document), _exact(full), strict=True):
        assert new <= old
    credits = [p["emission_reductions_rounded"] for p in document["result"]["periods"]]
    assert credits <= [p["emission_reductions_rounded"] for p in full["result"]["periods"]]
