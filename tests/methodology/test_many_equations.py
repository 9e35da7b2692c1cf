"""Files with thousands of equations: no recursion limit, cycles still found."""

from __future__ import annotations

from pathlib import Path

from jcm_mrv.validation import validate_paths

ROOT = Path(__file__).resolve().parents[2]
BASE = (ROOT / "methodologies" / "JCM_TH_AM001.yaml").read_text(encoding="utf-8")


def with_chain(length: int, *, closed: bool) -> str:
    """JCM_TH_AM001 plus X0 = X1 + RE_p, X1 = X2 + RE_p, …, used by ER_p."""
    last = "X0 + RE_p" if closed else "RE_p"
    equations = "".join(
        f"  X{k}:\n    description: link {k}\n    expression: X{k + 1} + RE_p\n    unit: tCO2\n"
        for k in range(length)
    )
    equations += f"  X{length}:\n    description: last\n    expression: {last}\n    unit: tCO2\n"
    text = BASE.replace("equations:\n", "equations:\n" + equations)
    return text.replace("expression: RE_p - PE_p\n", "expression: RE_p - PE_p + 0 * X0\n")


def test_a_long_chain_of_equations_validates(tmp_path: Path) -> None:
    path = tmp_path / "chain.yaml"
    path.write_text(with_chain(3000, closed=False), encoding="utf-8")
    report = validate_paths([path])
    assert [f.code for f in report.findings] == []


def test_a_long_cycle_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "cycle.yaml"
    path.write_text(with_chain(3000, closed=True), encoding="utf-8")
    report = validate_paths([path])
    assert [f.code for f in report.findings] == ["JCM-F005"]
    assert "X0 → " in report.findings[0].message
