"""Completeness and conservative gaps, through ``jcm-mrv calculate`` (issue 11, items 4-5).

Hand-worked: anaerobic-digestion-vn meters the digester's electricity EC_PJ_p monthly,
20 MWh every month, and an increase of EC_PJ_p lowers ER. Without March 2025, the
highest rate of 2025 is February's, 20 MWh / 28 days; applied to March's 31 days it is
20 x 31 / 28 = 155/7 MWh (22.142857...), slightly more than the missing 20 MWh: the
credits can only go down.
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


def _copy(tmp_path: Path, example: str) -> Path:
    target = tmp_path / example
    shutil.copytree(ROOT / "examples" / example, target)
    return target


def _drop(csv: Path, *prefixes: str) -> None:
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(prefixes)]
    assert len(kept) < len(lines)
    csv.write_text("".join(kept), encoding="utf-8")


def _declare(project: Path, text: str) -> None:
    yaml = project.read_text(encoding="utf-8")
    assert "    layout: wide\n" in yaml
    project.write_text(yaml.replace("    layout: wide\n", f"    layout: wide\n{text}", 1))


def _run(invoke: Invoke, project: Path) -> tuple[int, dict[str, Any]]:
    result = invoke("calculate", project, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def _credits(document: dict[str, Any]) -> list[int]:
    result = document.get("result") or {"periods": []}
    return [p["emission_reductions_rounded"] for p in result["periods"]]


def _exact(document: dict[str, Any]) -> list[Fraction]:
    """Each period's exact ER (the float ER where a non-rational equation made it one)."""
    return [
        Fraction(p["emission_reductions_exact"] or p["emission_reductions"])
        for p in document["result"]["periods"]
    ]


def test_complete_data_reports_full_coverage(tmp_path: Path, invoke: Invoke) -> None:
    code, document = _run(invoke, ROOT / "examples" / "chiller-id" / "project.yaml")
    assert code == 0 and _credits(document) == [81, 90]
    coverage = document["result"]["periods"][0]["coverage"]
    assert {(c["point"], c["interval"], c["interval_inferred"]) for c in coverage} == {
        ("CH-1", "1mo", True),
        ("CH-2", "1mo", True),
    }
    assert all(c["expected"] == c["present"] == 6 and c["share"] == 1 for c in coverage)


def test_a_gap_in_a_parameter_that_raises_er_earns_no_credit(
    tmp_path: Path, invoke: Invoke
) -> None:
    """solar-pv-vn without March at INV-A: a warning naming the days, fewer credits."""
    _, before = _run(invoke, ROOT / "examples" / "solar-pv-vn" / "project.yaml")
    folder = _copy(tmp_path, "solar-pv-vn")
    csv = next(folder.glob("*.csv"))
    _drop(csv, *(f"2025-03-{day:02d},INV-A" for day in range(1, 32)))
    code, document = _run(invoke, folder / "project.yaml")
    assert code == 0  # a warning: the figure is conservative (--strict makes it exit 1)
    gaps = [f for f in document["findings"] if f["code"] == "JCM-D032"]
    assert len(gaps) == 1 and "INV-A" in gaps[0]["message"]
    assert "31 missing interval(s) (2025-03-01 to 2025-03-02;" in gaps[0]["message"]
    assert "and 21 more" in gaps[0]["message"]  # ten named, the rest counted
    first = document["result"]["periods"][0]
    coverage = {c["point"]: c for c in first["coverage"]}
    assert coverage["INV-A"]["expected"] - coverage["INV-A"]["present"] == 31
    assert len(coverage["INV-A"]["missing"]) == 10
    assert _exact(document)[0] < _exact(before)[0]
    assert _credits(document)[0] <= _credits(before)[0]


def test_max_rate_fills_a_gap_in_a_parameter_that_lowers_er(tmp_path: Path, invoke: Invoke) -> None:
    _, before = _run(invoke, ROOT / "examples" / "anaerobic-digestion-vn" / "project.yaml")
    folder = _copy(tmp_path, "anaerobic-digestion-vn")
    _drop(folder / "digester-power.csv", "2025-03-01")
    code, document = _run(invoke, folder / "project.yaml")
    assert code == 2 and _credits(document) == []
    assert any(f["code"] == "JCM-D033" for f in document["findings"])

    _declare(folder / "project.yaml", "    substitute: max-rate\n")
    code, document = _run(invoke, folder / "project.yaml")
    assert code == 0  # filled conservatively, with a warning
    period = document["result"]["periods"][0]
    [substitution] = period["substitutions"]
    assert substitution["intervals"] == ["2025-03-01 to 2025-04-01"]
    assert Fraction(substitution["amount_exact"]) == Fraction(155, 7)
    assert substitution["unit"] == "MWh" and substitution["rule"] == "max-rate"
    assert any(f["code"] == "JCM-D034" for f in document["findings"])
    assert _exact(document)[0] < _exact(before)[0]
    assert _credits(document) <= _credits(before)


def test_max_rate_is_the_highest_observed_rate_times_the_missing_time(
    tmp_path: Path, invoke: Invoke
) -> None:
    """Without January (31 days), February's 20 MWh in 28 days is the highest rate."""
    folder = _copy(tmp_path, "anaerobic-digestion-vn")
    _drop(folder / "digester-power.csv", "2025-01-01")
    _declare(folder / "project.yaml", "    substitute: max-rate\n")
    code, document = _run(invoke, folder / "project.yaml")
    assert code == 0
    [substitution] = document["result"]["periods"][0]["substitutions"]
    assert substitution["intervals"] == ["2025-01-01 to 2025-02-01"]
    assert Fraction(substitution["amount_exact"]) == Fraction(20 * 31, 28)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    example=st.sampled_from(["chiller-id", "anaerobic-digestion-vn", "solar-pv-vn"]),
    data=st.data(),
)
def test_removing_any_reading_never_raises_a_periods_credited_er(
    tmp_path_factory: Any, invoke: Invoke, example: str, data: st.DataObject
) -> None:
    """Without a declared substitute: a gap raising ER counts as zero, any other is refused.

    (A declared ``substitute: max-rate`` is conservative against the observed rates
    only: a removed reading whose rate was the period's highest is filled with less.)
    """
    folder = _copy(tmp_path_factory.mktemp("p"), example)
    csv = next(p for p in folder.glob("*.csv") if p.name != "claimed.csv")
    if example == "anaerobic-digestion-vn":
        csv = folder / "digester-power.csv"
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    removed = data.draw(st.sets(st.integers(1, len(lines) - 1), min_size=1, max_size=5))
    _, before = _run(invoke, ROOT / "examples" / example / "project.yaml")
    csv.write_text(
        "".join(line for n, line in enumerate(lines) if n not in removed), encoding="utf-8"
    )
    code, document = _run(invoke, folder / "project.yaml")
    if document.get("result") is None:
        assert code == 2  # refused: no credits at all
        return
    assert code == 0 and document["findings"]  # a gap is always a finding
    for new, old in zip(_exact(document), _exact(before), strict=True):
        assert new <= old
    for new_credits, old_credits in zip(_credits(document), _credits(before), strict=True):
        assert new_credits <= old_credits
