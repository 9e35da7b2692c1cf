"""``jcm-mrv template``: a template for every bundled methodology, filled in, calculates.

A new user picks a methodology, makes a template, fills in the numbers and calculates.
The tests do the same: they fill every ``null  # FILL IN`` of the project skeleton and
every blank value cell of the sheet with a plausible number inside the parameter's
bounds, then run ``calculate``.

Worked case (JCM_TH_AM001, RE_p = Σ_i EG_i,p × EF_RE, PE_p = 0): two PV systems that
each generate 10 MWh per period and EF_RE = 0.5 tCO2/MWh give, per period,
RE = (10 + 10) × 0.5 = 10 t, PE = 0, ER = 10 t: 10 credits, 20 over two periods.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

import jcm_mrv
from jcm_mrv.exitcodes import ExitCode
from jcm_mrv.findings import Severity
from jcm_mrv.methodology.loader import load_methodology
from jcm_mrv.methodology.model import Bounds, Methodology, MonitoredParameter, ProjectParameter
from jcm_mrv.methodology.registry import bundled
from jcm_mrv.monitoring.mrs import load_sheet, symbol_key
from jcm_mrv.outcome import Status
from jcm_mrv.project.loader import load_project

from .conftest import ROOT, Invoke

MIXED = ROOT / "tests" / "project" / "pv-with-consumption.yaml"
"""JCM_TH_AM098: EG_i_p per point and EC_p per period monitored; CAP_i >= CAP_MIN."""

BUNDLED = [pytest.param(e.id, id=e.id) for e in bundled()]
_HEADER = re.compile(r"^(?P<symbol>\S+) \[(?P<unit>[^\]]+)\]$")


def plausible(bounds: Bounds | None, fraction: float = 0.5) -> float:
    """A number inside the bounds: ``fraction`` of the way between them, or a step of up
    to 20 inside the one bound given (up to 0.01 under a bound given as an expression,
    such as rated power times the interval)."""
    low = bounds.low if bounds else None
    high = bounds.high if bounds else None
    if bounds is not None and bounds.expressions and low is not None:
        return low + 0.01 * fraction
    if low is not None and high is not None:
        return low + fraction * (high - low)
    if low is not None:
        return low + 20.0 * fraction
    if high is not None:
        return high - 20.0 * fraction
    return 20.0 * fraction


def applied_bounds(m: Methodology, name: str) -> Bounds | None:
    """The bounds a filled skeleton's data must meet: a side over an optional value is
    not checked, since the skeleton leaves optional values commented out."""
    bounds = m.parameters[name].bounds
    if bounds is None:
        return None
    optional = [
        n for n, p in m.parameters.items() if isinstance(p, ProjectParameter) and not p.required
    ]
    unchecked = {
        side: None
        for side, text in bounds.expressions.items()
        if any(re.search(rf"\b{n}\b", text) for n in optional)
    }
    return bounds.model_copy(update=unchecked)


def methodology_of(project: Path) -> Methodology:
    """The methodology a generated project file applies (bundled, or by path)."""
    data = yaml.safe_load(project.read_text(encoding="utf-8"))
    ref = data["methodology"]
    if "path" in ref:
        loaded = load_methodology(project.parent / ref["path"])
    else:
        entry = next(e for e in bundled() if (e.id, e.version) == (ref["id"], ref["version"]))
        loaded = load_methodology(entry.path)
    assert loaded.methodology is not None
    return loaded.methodology


def fill_project(
    project: Path, values: dict[str, float] | None = None, *, ascending: bool = True
) -> None:
    """Replace every placeholder of the skeleton with a number (or the option's first).

    The n-th value lies from 30 % to 70 % of the way through its bounds, ascending or
    descending with n, so that one of the two orders satisfies an eligibility condition
    that compares two values (``eta_PJ_i > eta_RE``).
    """
    m = methodology_of(project)
    data = yaml.safe_load(project.read_text(encoding="utf-8"))
    data.setdefault("parameters", {})
    count = max(len(data["parameters"]) - 1, 1)
    for n, (name, given) in enumerate(data["parameters"].items()):
        fraction = 0.3 + 0.4 * (n if ascending else count - n) / count
        number = (values or {}).get(name, plausible(m.parameters[name].bounds, fraction))
        if "choice" in given:  # a declared configuration: its first option
            given["choice"] = m.parameters[name].choices[0]  # type: ignore[union-attr,index]
        elif "bands" in given:  # a lookup table: one band holding every key
            given["bands"] = [{"min": None, "max": None, "value": number}]
        elif "values" in given:
            given["values"] = {point: number for point in given["values"]}
        else:
            given["value"] = number
    for name, option in data.get("monitoring_options", {}).items():
        if option is None:
            param = m.parameters[name]
            assert isinstance(param, MonitoredParameter)
            data["monitoring_options"][name] = param.options[0]
    allocation = data["allocation"]
    allocation["partner_share"] = "10%"
    allocation["participants"] = [
        {"name": "Company A", "share": 0.6},
        {"name": "Company B", "share": 0.4},
    ]
    project.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _cell_value(m: Methodology, header: str, values: dict[str, float] | None) -> float:
    match = _HEADER.match(header)
    assert match, header
    symbol = match["symbol"]
    assert m.parameters[symbol].unit == match["unit"]
    return (values or {}).get(symbol, plausible(applied_bounds(m, symbol)))


def fill_sheets(
    project: Path, values: dict[str, float] | None = None, *, ascending: bool = True
) -> int:
    """Fill every blank value cell of the project's data files; return how many."""
    m = methodology_of(project)
    data = yaml.safe_load(project.read_text(encoding="utf-8"))
    filled = 0
    for source in data["data"]:
        path = project.parent / source["path"]
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as stream:
                rows = list(csv.reader(stream))
            for row in rows[1:]:
                for n, cell in enumerate(row):
                    if cell == "":
                        row[n] = repr(_cell_value(m, rows[0][n], values))
                        filled += 1
            with path.open("w", encoding="utf-8", newline="") as stream:
                csv.writer(stream, lineterminator="\n").writerows(rows)
        else:
            filled += fill_monitoring_spreadsheet(path, m, values, ascending=ascending)
    return filled


def fill_monitoring_spreadsheet(
    path: Path, m: Methodology, values: dict[str, float] | None = None, *, ascending: bool = True
) -> int:
    """Fill the blank value cells of Table 1 of the MRS(input) sheet, and every value of
    Table 2 (project-specific values, ascending or descending as :func:`fill_project`)."""
    fixed = [n for n, p in m.parameters.items() if isinstance(p, ProjectParameter)]
    count = max(len(fixed) - 1, 1)
    symbols = {symbol_key(p.symbol or name): name for name, p in m.parameters.items()}
    symbols |= {symbol_key(name): name for name in m.parameters}
    sheet = load_sheet(path, str(path), "MRS(input)", [])
    assert sheet is not None
    book = openpyxl.load_workbook(path)
    cells = book["MRS(input)"]
    filled = 0
    for kind in ("monitored", "project"):
        table = sheet.table(kind)  # type: ignore[arg-type]
        assert table is not None
        for row, raw in table.rows:
            name = symbols[symbol_key(str(raw[table.columns["parameter"]]))]
            cell = cells.cell(row, table.columns["value"] + 1)
            if kind == "project":
                n = fixed.index(name)
                fraction = 0.3 + 0.4 * (n if ascending else count - n) / count
                default = plausible(m.parameters[name].bounds, fraction)
            else:
                default = plausible(applied_bounds(m, name))
            if cell.value is None or kind == "project":
                filled += cell.value is None
                choices = getattr(m.parameters[name], "choices", None)
                # a declared configuration: its first option, as text (as fill_project)
                cell.value = choices[0] if choices else (values or {}).get(name, default)
    book.save(path)
    return filled


def errors(findings: Any) -> list[str]:
    """Error findings as ``CODE message`` lines, for readable assertion failures."""
    return [f"{f.code} {f.message}" for f in findings if f.severity is Severity.ERROR]


@pytest.mark.parametrize("data_format", ["csv", "xlsx"])
@pytest.mark.parametrize("ident", BUNDLED)
def test_a_filled_template_calculates(
    invoke: Invoke, tmp_path: Path, ident: str, data_format: str
) -> None:
    result = invoke("template", ident, "--format", data_format, "-o", tmp_path)
    assert result.exit_code == ExitCode.OK, result.output
    project = tmp_path / "project.yaml"
    # nothing filled in yet: not usable
    assert jcm_mrv.calculate(project).status is Status.UNUSABLE
    skeleton = project.read_text(encoding="utf-8")
    fill_project(project)
    blank = jcm_mrv.calculate(project)  # the sheet is still blank
    assert (blank.status, blank.result) == (Status.UNUSABLE, None)
    assert fill_sheets(project) > 0
    for ascending in (True, False):
        project.write_text(skeleton, encoding="utf-8")
        fill_project(project, ascending=ascending)
        fill_sheets(project, ascending=ascending)
        outcome = jcm_mrv.calculate(project)
        if not errors(outcome.findings):
            break
    assert outcome.result is not None, errors(outcome.findings)
    assert [p.id for p in outcome.result.result.periods] == ["2025-H1", "2025-H2"]
    assert errors(outcome.findings) == []


def test_the_skeleton_points_at_each_value_to_fill_in(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("template", MIXED, "-o", tmp_path).exit_code == ExitCode.OK
    project = tmp_path / "project.yaml"
    lines = project.read_text(encoding="utf-8").splitlines()
    marked = {n for n, line in enumerate(lines, start=1) if "FILL IN:" in line}
    # EF_RE, CAP_MIN (one value each), CAP_i at two points; the allocation's partner
    # share and participant name
    assert len(marked) == 6
    loaded = load_project(project)
    assert not loaded.usable
    found = [f for f in loaded.findings if f.severity is Severity.ERROR]
    assert found
    # every error is on a marked line, or on the key right above a marked value
    assert {f.line for f in found} <= marked | {n - 1 for n in marked}


def test_the_worked_solar_case_as_a_new_user_runs_it(tmp_path: Path) -> None:
    """Pick a methodology, make a template, fill it, calculate: real processes."""

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "jcm_mrv", *map(str, args)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
            check=False,
        )

    listed = run("methodologies", "list", "--format", "json")
    assert listed.returncode == ExitCode.OK, listed.stderr
    assert "JCM_TH_AM001" in [m["id"] for m in json.loads(listed.stdout)["methodologies"]]
    directory = tmp_path / "my-project"
    made = run(
        "template", "JCM_TH_AM001", "--point", "INV-01", "--point", "INV-02", "-o", directory
    )
    assert made.returncode == ExitCode.OK, made.stderr
    project = directory / "project.yaml"
    assert run("calculate", project).returncode == ExitCode.UNUSABLE_INPUT
    fill_project(project, {"EF_RE": 0.5})
    fill_sheets(project, {"EG_i_p": 10.0})
    assert (directory / "monitoring.csv").read_text(encoding="utf-8") == (
        "period,point,EG_i_p [MWh]\n"
        "2025-H1,INV-01,10.0\n"
        "2025-H1,INV-02,10.0\n"
        "2025-H2,INV-01,10.0\n"
        "2025-H2,INV-02,10.0\n"
    )
    calculated = run("calculate", project, "--format", "json")
    assert calculated.returncode == ExitCode.OK, calculated.stderr
    result = json.loads(calculated.stdout)["result"]
    # per period: RE = (10 + 10) MWh × 0.5 tCO2/MWh = 10 t, PE = 0, ER = 10 t
    assert [p["emission_reductions_rounded"] for p in result["periods"]] == [10, 10]
    assert [p["reference_emissions"] for p in result["periods"]] == [10.0, 10.0]


def test_a_methodology_file_with_period_values_gets_a_second_sheet(
    invoke: Invoke, tmp_path: Path
) -> None:
    directory = tmp_path / "out"
    result = invoke("template", MIXED, "-o", directory)
    assert result.exit_code == ExitCode.OK, result.output
    assert sorted(p.name for p in directory.iterdir()) == [
        "monitoring-periods.csv",
        "monitoring.csv",
        "project.yaml",
    ]
    assert (directory / "monitoring-periods.csv").read_text(encoding="utf-8") == (
        "period,EC_p [MWh]\n2025-H1,\n2025-H2,\n"
    )
    data = yaml.safe_load((directory / "project.yaml").read_text(encoding="utf-8"))
    # the path is relative to the project file, so the directory can be calculated anywhere
    assert (directory / data["methodology"]["path"]).resolve() == MIXED.resolve()
    fill_project(directory / "project.yaml")
    fill_sheets(directory / "project.yaml")
    assert errors(jcm_mrv.calculate(directory / "project.yaml").findings) == []


def test_the_workbook_is_the_monitoring_spreadsheet_in_its_official_layout(
    invoke: Invoke, tmp_path: Path
) -> None:
    result = invoke("template", MIXED, "--format", "xlsx", "--point", "PV-1", "-o", tmp_path)
    assert result.exit_code == ExitCode.OK, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["monitoring.xlsx", "project.yaml"]
    book = openpyxl.load_workbook(tmp_path / "monitoring.xlsx")
    assert book.sheetnames == [
        "MPS(input)",
        "MPS(calc_process)",
        "MRS(input)",
        "MRS(calc_process)",
    ]
    sheet = load_sheet(tmp_path / "monitoring.xlsx", "monitoring.xlsx", "MRS(input)", [])
    assert sheet is not None
    monitored = sheet.table("monitored")
    assert monitored is not None
    assert [row[:6] for _, row in monitored.rows] == [
        ("1/Jan/2025- 30/Jun/2025", "(1)", "EG_i_p", monitored.rows[0][1][3], None, "MWh/p"),
        ("1/Jan/2025- 30/Jun/2025", None, "EC_p", monitored.rows[1][1][3], None, "MWh/p"),
        ("1/Jul/2025- 31/Dec/2025", "(1)", "EG_i_p", monitored.rows[2][1][3], None, "MWh/p"),
        ("1/Jul/2025- 31/Dec/2025", None, "EC_p", monitored.rows[3][1][3], None, "MWh/p"),
    ]
    fixed = sheet.table("project")
    assert fixed is not None
    assert {row[1] for _, row in fixed.rows} == {"EF_RE", "CAP_i"}
    assert all(row[3] is None for _, row in fixed.rows)  # blank, to fill in
    data = yaml.safe_load((tmp_path / "project.yaml").read_text(encoding="utf-8"))
    assert data["data"] == [{"path": "monitoring.xlsx", "layout": "mrs"}]
    assert data["parameters_from"] == {"path": "monitoring.xlsx", "sheet": "MRS(input)"}


def test_a_choice_is_marked_with_its_options(invoke: Invoke, tmp_path: Path) -> None:
    # JCM_MN_AM003: SITE is one of grid, captive, off-grid
    result = invoke("template", "JCM_MN_AM003", "--format", "xlsx", "-o", tmp_path / "x")
    assert result.exit_code == ExitCode.OK, result.output
    sheet = load_sheet(tmp_path / "x" / "monitoring.xlsx", "monitoring.xlsx", "MRS(input)", [])
    assert sheet is not None
    fixed = sheet.table("project")
    assert fixed is not None
    site = next(row for _, row in fixed.rows if row[1] == "SITE")
    assert site[3] is None
    assert site[6] == "FILL IN: one of grid, captive, off-grid"
    skeleton = (tmp_path / "x" / "project.yaml").read_text(encoding="utf-8")
    assert "SITE is a choice: write one of grid, captive, off-grid" in skeleton
    result = invoke("template", "JCM_MN_AM003", "-o", tmp_path / "csv")
    assert result.exit_code == ExitCode.OK, result.output
    skeleton = (tmp_path / "csv" / "project.yaml").read_text(encoding="utf-8")
    assert "choice: null  # FILL IN: one of grid, captive, off-grid" in skeleton


def test_without_output_the_csv_template_is_printed(invoke: Invoke) -> None:
    result = invoke("template", "JCM_TH_AM001")
    assert result.exit_code == ExitCode.OK
    assert "==> project.yaml <==" in result.stdout
    assert "==> monitoring.csv <==\nperiod,point,EG_i_p [MWh]\n2025-H1,POINT-1,\n" in (
        result.stdout
    )
    assert "value: null  # FILL IN: a number in tCO2/MWh, 0 to 1.5" in result.stdout


def test_existing_files_are_kept_unless_forced(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "monitoring.csv").write_text("my filled-in data\n", encoding="utf-8")
    refused = invoke("template", "JCM_TH_AM001", "-o", tmp_path)
    assert refused.exit_code == ExitCode.UNUSABLE_INPUT
    assert "not overwriting" in refused.output
    assert (tmp_path / "monitoring.csv").read_text(encoding="utf-8") == "my filled-in data\n"
    assert not (tmp_path / "project.yaml").exists()
    forced = invoke("template", "JCM_TH_AM001", "-o", tmp_path, "--force")
    assert forced.exit_code == ExitCode.OK
    assert (tmp_path / "monitoring.csv").read_text(encoding="utf-8").startswith("period,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["JCM_XX_AM999"], "no bundled methodology JCM_XX_AM999"),
        (["JCM_TH_AM001", "--version", "09.0"], "bundled versions: JCM_TH_AM001 01.0"),
        (["JCM_TH_AM001", "--point", "has space"], "monitoring point id"),
        (["JCM_TH_AM001", "--point", "A", "--point", "A"], "given twice"),
        (["JCM_TH_AM001", "--format", "xlsx"], "give a directory"),
    ],
)
def test_unusable_requests_exit_2(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke("template", *args)
    assert result.exit_code == ExitCode.UNUSABLE_INPUT
    assert message in " ".join(result.output.split())


@pytest.mark.parametrize("ident", ["JCM_TH_AM001", "JCM_MN_AM003"])
def test_the_japanese_workbook_reads_back_to_the_same_result(
    invoke: Invoke, tmp_path: Path, ident: str
) -> None:
    """``--lang ja``: the report workbook's Japanese labels; filled in the same way, it
    calculates to the same figures as the English one."""
    results = []
    for lang in ("en", "ja"):
        directory = tmp_path / lang
        made = invoke("template", ident, "--format", "xlsx", "--lang", lang, "-o", directory)
        assert made.exit_code == ExitCode.OK, made.output
        project = directory / "project.yaml"
        fill_project(project)
        assert fill_sheets(project) > 0
        outcome = jcm_mrv.calculate(project)
        assert outcome.result is not None, errors(outcome.findings)
        assert errors(outcome.findings) == []
        results.append(outcome.result.result)
    english, japanese = results
    assert [p.to_dict() for p in japanese.periods] == [p.to_dict() for p in english.periods]
    assert all(p.emission_reductions_rounded > 0 for p in japanese.periods)
    book = openpyxl.load_workbook(tmp_path / "ja" / "monitoring.xlsx")
    labels = [cell for row in book["MRS(input)"].iter_rows(values_only=True) for cell in row]
    assert "表1: 事後的にモニタリングしたパラメータ" in labels
    assert "表2: 事前に固定するプロジェクト固有のパラメータ" in labels
    assert "モニタリング期間" in labels and "Monitoring period" not in labels
    assert book.sheetnames == ["MPS(input)", "MPS(calc_process)", "MRS(input)", "MRS(calc_process)"]


@pytest.mark.parametrize("data_format", ["csv", "xlsx"])
def test_the_japanese_skeleton_has_the_same_keys_and_values(
    invoke: Invoke, tmp_path: Path, data_format: str
) -> None:
    """``--lang ja`` translates the comments; the project file reads as the English one."""
    texts = {}
    for lang in ("en", "ja"):
        made = invoke(
            "template", MIXED, "--format", data_format, "--lang", lang, "-o", tmp_path / lang
        )
        assert made.exit_code == ExitCode.OK, made.output
        texts[lang] = (tmp_path / lang / "project.yaml").read_text(encoding="utf-8")
    english, japanese = (yaml.safe_load(texts[lang]) for lang in ("en", "ja"))
    # what differs: the placeholders' texts (a point's description, a participant's name)
    for data in (english, japanese):
        for point in data["monitoring_points"]:
            point.pop("description")
        assert data["allocation"]["participants"][0].pop("name").startswith("FILL IN")
    assert japanese == english
    # as many values are marked to fill in
    marks = {
        lang: [n for n, line in enumerate(text.splitlines()) if "FILL IN" in line]
        for lang, text in texts.items()
    }
    assert len(marks["ja"]) == len(marks["en"]) > 3
    for japanese_text in ("使い方", "モニタリング期間（初日と最終日を含む）", "参加者の名称"):
        assert japanese_text in texts["ja"]
    assert "Replace every" not in texts["ja"] and "one row per" not in texts["ja"]
    # the calculation names the same unfilled values in both languages
    found = {
        lang: sorted(f.code for f in load_project(tmp_path / lang / "project.yaml").findings)
        for lang in ("en", "ja")
    }
    assert found["ja"] == found["en"] and found["en"]
