"""The Monitoring Spreadsheet written by jcm-mrv: recalculated by a real spreadsheet
engine (LibreOffice, headless), its RE, PE, ER and rounded ER equal jcm-mrv's for every
period; read back (layout ``mrs``), it calculates to the same result."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from jcm_mrv.engine.calculation import calculate_loaded
from jcm_mrv.engine.results import CalculationResult
from jcm_mrv.findings import codes
from jcm_mrv.findings.errors import InputError
from jcm_mrv.project.loader import load_project
from jcm_mrv.render.messages import Language
from jcm_mrv.render.spreadsheet import (
    MRS_CALC,
    MRS_INPUT,
    project_spreadsheet,
    write_monitoring_workbook,
)

openpyxl = pytest.importorskip("openpyxl")


ROOT = Path(__file__).resolve().parents[2]
# Every bundled example: among them solar PV (per point), the chiller (lookup table,
# temperature correction in degC), Cambodian PV (the day index d), the boiler (no index).
EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/project.yaml"))
assert {"solar-pv-th", "chiller-id", "solar-pv-kh", "heat-only-boiler-mn"} <= set(EXAMPLES)
# The Japanese workbook on a sample: its formulas equal the English ones for every example
JA_EXAMPLES = ["solar-pv-th", "chiller-id", "solar-pv-kh", "heat-only-boiler-mn", "solar-pv-mv"]
IN_EVERY_LANGUAGE = [(e, "en") for e in EXAMPLES] + [(e, "ja") for e in JA_EXAMPLES]
SUMMARY_HEADER = {
    "en": ["Monitoring period", "RE_p [tCO2]", "PE_p [tCO2]", "ER_p [tCO2]", "ER_p rounded [tCO2]"],
    "ja": [
        "モニタリング期間",
        "RE_p [tCO2]",
        "PE_p [tCO2]",
        "ER_p [tCO2]",
        "ER_p 端数処理後 [tCO2]",
    ],
}
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: the written formulas cannot be "
    "recalculated here; .ci/run installs it (apt-get install libreoffice-calc)",
)


def calculate(project: Path, **options: Any) -> CalculationResult:
    """The engine on a project file (raises InputError when it cannot be used)."""
    return calculate_loaded(load_project(project), **options)


def recalculated(workbook: Path, out: Path) -> Any:
    """The workbook after LibreOffice has opened, recalculated and saved it."""
    assert SOFFICE is not None
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{out / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return openpyxl.load_workbook(out / workbook.name, data_only=True)


@needs_soffice
@pytest.mark.parametrize(("example", "lang"), IN_EVERY_LANGUAGE)
def test_recalculated_workbook_shows_jcm_mrv_figures(
    example: str, lang: Language, tmp_path: Path
) -> None:
    project = ROOT / "examples" / example / "project.yaml"
    written = tmp_path / f"{example}.xlsx"
    write_monitoring_workbook(project_spreadsheet(project, lang), written)
    sheet = recalculated(written, tmp_path / "out")[MRS_CALC]
    result = calculate(project)
    header = [c.value for c in sheet[6]]
    assert header[:5] == SUMMARY_HEADER[lang]
    for n, period in enumerate(result.periods):
        _, re_, pe, er, rounded = (c.value for c in sheet[7 + n][:5])
        assert re_ == pytest.approx(period.reference_emissions, rel=1e-12, abs=1e-9)
        assert pe == pytest.approx(period.project_emissions, rel=1e-12, abs=1e-9)
        assert er == pytest.approx(period.emission_reductions, rel=1e-12, abs=1e-9)
        assert rounded == period.emission_reductions_rounded


@pytest.mark.parametrize(("example", "lang"), IN_EVERY_LANGUAGE)
def test_written_workbook_reads_back_to_the_same_result(
    example: str, lang: Language, tmp_path: Path
) -> None:
    project = ROOT / "examples" / example / "project.yaml"
    written = tmp_path / "monitoring.xlsx"
    write_monitoring_workbook(project_spreadsheet(project, lang), written)
    document = yaml.safe_load(project.read_text(encoding="utf-8"))
    document["data"] = [{"path": "monitoring.xlsx", "layout": "mrs"}]
    document["parameters"] = {
        name: value
        for name, value in document.get("parameters", {}).items()
        if isinstance(value, dict) and "bands" in value  # lookup tables stay in the YAML
    }
    document["parameters_from"] = {"path": "monitoring.xlsx"}
    if not document["parameters"]:
        del document["parameters"]
    if document.get("methodology", {}).get("path"):
        document["methodology"]["path"] = str(project.parent / document["methodology"]["path"])
    again = tmp_path / "project.yaml"
    again.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    original, read_back = calculate(project), calculate(again)

    def figures(result: Any) -> list[float]:
        return [
            value
            for p in result.periods
            for value in (p.reference_emissions, p.project_emissions, p.emission_reductions)
        ]

    assert figures(read_back) == pytest.approx(figures(original), rel=1e-12)
    assert [p.emission_reductions_rounded for p in read_back.periods] == [
        p.emission_reductions_rounded for p in original.periods
    ]
    assert [f.code for f in read_back.findings if f.severity.value == "error"] == []


def test_input_sheet_is_in_the_official_layout(tmp_path: Path) -> None:
    written = tmp_path / "chiller.xlsx"
    write_monitoring_workbook(
        project_spreadsheet(ROOT / "examples" / "chiller-id" / "project.yaml"), written
    )
    workbook = openpyxl.load_workbook(written)
    assert workbook.sheetnames == ["MPS(input)", "MPS(calc_process)", MRS_INPUT, MRS_CALC]
    rows = list(workbook[MRS_INPUT].iter_rows(values_only=True))
    assert rows[6][:11] == tuple(f"({chr(97 + k)})" for k in range(11))
    first = rows[8]
    assert first[:3] == ("1/Jan/2025- 30/Jun/2025", "(1)", "EC_PJ,i,p")
    assert first[5] == "MWh/p"
    assert isinstance(first[4], int | float)
    plan_rows = list(workbook["MPS(input)"].iter_rows(values_only=True))
    assert plan_rows[8][1] == "EC_PJ,i,p" and plan_rows[8][3] is None
    assert "not yet given" in plan_rows[8][9]


def test_report_command_writes_the_workbook(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from jcm_mrv.cli import app

    out = tmp_path / "monitoring.xlsx"
    project = str(ROOT / "examples" / "solar-pv-th" / "project.yaml")
    result = CliRunner().invoke(app, ["report", project, "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).sheetnames[2] == MRS_INPUT
    # an existing file is replaced (atomically, as every command's -o FILE) ...
    again = CliRunner().invoke(app, ["report", project, "--lang", "ja", "-o", str(out)])
    assert again.exit_code == 0, again.output
    assert openpyxl.load_workbook(out)["MRS(input)"]["A6"].value.startswith("表1")
    assert [p.name for p in tmp_path.iterdir()] == ["monitoring.xlsx"]  # no temporary left
    # ... but a project that cannot be calculated writes nothing: the old file stays
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: project\n", encoding="utf-8")
    before = out.read_bytes()
    failed = CliRunner().invoke(app, ["report", str(broken), "-o", str(out)])
    assert failed.exit_code == 2
    assert out.read_bytes() == before
    for chosen in ("xlsx", "markdown"):
        failed = CliRunner().invoke(app, ["report", str(broken), "-f", chosen, "-o", str(out)])
        assert failed.exit_code == 2
        assert out.read_bytes() == before
    assert CliRunner().invoke(app, ["report", project, "-o", str(tmp_path)]).exit_code == 2


def test_plan_sheet_gives_the_project_values_but_no_monitored_ones(tmp_path: Path) -> None:
    example = ROOT / "examples" / "chiller-id"
    written = tmp_path / "monitoring.xlsx"
    write_monitoring_workbook(project_spreadsheet(example / "project.yaml"), written)
    document = yaml.safe_load((example / "project.yaml").read_text(encoding="utf-8"))
    document["parameters"] = {"COP_RE": document["parameters"]["COP_RE"]}
    document["parameters_from"] = {"path": "monitoring.xlsx", "sheet": "MPS(input)"}
    # data files stay inside the project's folder: the readings go along
    shutil.copy(example / "chiller-power.csv", tmp_path / "chiller-power.csv")
    document["data"] = [{"path": "chiller-power.csv", "layout": "wide"}]
    project = tmp_path / "project.yaml"
    project.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    original, from_plan = calculate(example / "project.yaml"), calculate(project)
    assert [p.emission_reductions for p in from_plan.periods] == [
        p.emission_reductions for p in original.periods
    ]
    document["data"] = [{"path": "monitoring.xlsx", "layout": "mrs", "sheet": "MPS(input)"}]
    project.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        calculate(project)
    assert any(
        f.sheet == "MPS(input)" and "monitoring plan sheet" in f.message
        for f in raised.value.findings
    )


def _table_2_row(sheet: Any, symbol: str) -> tuple[Any, ...]:
    """The cells of the row of Table 2 that names ``symbol``."""
    rows = list(sheet.iter_rows(values_only=True))
    top = next(n for n, row in enumerate(rows) if str(row[0] or "").startswith("Table 2"))
    return next(row for row in rows[top:] if row[1] == symbol)


def test_a_choice_is_written_as_its_option_and_compared_by_position(tmp_path: Path) -> None:
    # solar-pv-mv: SITE is grid-and-captive, the third of grid, captive, grid-and-captive
    project = ROOT / "examples" / "solar-pv-mv" / "project.yaml"
    written = tmp_path / "monitoring.xlsx"
    write_monitoring_workbook(project_spreadsheet(project), written)
    book = openpyxl.load_workbook(written)
    row = _table_2_row(book[MRS_INPUT], "SITE")
    assert row[3] == "grid-and-captive"
    assert row[6] == "one of grid, captive, grid-and-captive"
    formulas = [
        str(c.value) for line in book[MRS_CALC].iter_rows() for c in line if c.value is not None
    ]
    match = "MATCH('MRS(input)'!$D$"
    reads = [f for f in formulas if match in f]
    assert reads and all(',{"grid","captive","grid-and-captive"},0)' in f for f in reads)


def test_a_choice_not_yet_chosen_says_which_options(tmp_path: Path) -> None:
    project = ROOT / "examples" / "solar-pv-mv" / "project.yaml"
    data = project_spreadsheet(project)
    data.fixed = {k: v for k, v in data.fixed.items() if k != "SITE"}
    written = tmp_path / "monitoring.xlsx"
    write_monitoring_workbook(data, written)
    row = _table_2_row(openpyxl.load_workbook(written)[MRS_INPUT], "SITE")
    assert row[3] is None
    assert row[6] == "FILL IN: one of grid, captive, grid-and-captive"


@pytest.mark.parametrize(
    ("entered", "expected"),
    [
        ("captive", None),  # an option's text: read as that option
        (2, "SITE is a choice: give one of grid, captive, grid-and-captive as text, not 2"),
        ("grid-captive", "SITE: 'grid-captive' is not one of its options"),
    ],
)
def test_a_choice_is_read_back_by_its_text_only(
    tmp_path: Path, entered: object, expected: str | None
) -> None:
    example = ROOT / "examples" / "solar-pv-mv" / "project.yaml"
    written = tmp_path / "monitoring.xlsx"
    write_monitoring_workbook(project_spreadsheet(example), written)
    book = openpyxl.load_workbook(written)
    sheet = book[MRS_INPUT]
    row = next(r for r in sheet.iter_rows() if r[1].value == "SITE" and r[4].value)
    row[3].value = entered
    book.save(written)
    document = yaml.safe_load(example.read_text(encoding="utf-8"))
    del document["parameters"]  # every project-specific value comes from the sheet
    document["parameters_from"] = {"path": "monitoring.xlsx"}
    document["data"] = [{"path": "monitoring.xlsx", "layout": "mrs"}]
    project = tmp_path / "project.yaml"
    project.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    loaded = load_project(project)
    refused = [f for f in loaded.findings if f.code == codes.CHOICE_INVALID.code]
    if expected is None:
        assert refused == []
        assert loaded.values["SITE"] == 2.0  # captive: the second option
        return
    assert [(f.sheet, f.cell) for f in refused] == [(MRS_INPUT, f"D{row[3].row}")]
    assert refused[0].message.startswith(expected)
    assert not loaded.usable
    assert [
        f for f in loaded.findings if f.code == codes.PARAMETER_MISSING.code
    ] == []  # said once, at the cell


# --- Japanese labels: the same formulas, the same figures, the same read-back ----------


def _formulas(workbook: Path) -> dict[tuple[str, str], str]:
    book = openpyxl.load_workbook(workbook)
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    }


@pytest.mark.parametrize("example", EXAMPLES)
def test_japanese_workbook_has_the_same_formulas_in_the_same_cells(
    example: str, tmp_path: Path
) -> None:
    project = ROOT / "examples" / example / "project.yaml"
    written = {}
    for lang in ("en", "ja"):
        written[lang] = tmp_path / f"{lang}.xlsx"
        write_monitoring_workbook(project_spreadsheet(project, lang), written[lang])
    english, japanese = _formulas(written["en"]), _formulas(written["ja"])
    assert english and japanese == english
    sheets = openpyxl.load_workbook(written["ja"]).sheetnames
    assert sheets == ["MPS(input)", "MPS(calc_process)", MRS_INPUT, MRS_CALC]


def test_japanese_workbook_labels(tmp_path: Path) -> None:
    written = tmp_path / "ja.xlsx"
    project = ROOT / "examples" / "chiller-id" / "project.yaml"
    write_monitoring_workbook(project_spreadsheet(project, "ja"), written)
    rows = list(openpyxl.load_workbook(written)[MRS_INPUT].iter_rows(values_only=True))
    assert rows[5][0] == "表1: 事後的にモニタリングしたパラメータ"
    assert rows[7][:6] == (
        "モニタリング期間",
        "モニタリングポイント番号",
        "パラメータ",
        "データの説明",
        "値",
        "単位",
    )
    assert rows[8][:3] == ("1/Jan/2025- 30/Jun/2025", "(1)", "EC_PJ,i,p")
    texts = {str(v) for row in rows for v in row if v is not None}
    assert "表2: 事前に固定するプロジェクト固有のパラメータ" in texts
    assert "表3: CO2 排出削減量の事後計算" in texts
    # no English label is left behind in the Japanese sheet
    english = {"Parameters", "Values", "Units", "Monitoring period", "Other comments"}
    assert texts.isdisjoint(english)


# --- the ex-ante estimate in the MPS sheets -------------------------------------------


def _chiller_with_estimates(tmp_path: Path) -> Path:
    """chiller-id with an estimates: section (RE and PE both non-zero)."""
    example = ROOT / "examples" / "chiller-id"
    folder = tmp_path / "chiller"
    shutil.copytree(example, folder)
    document = yaml.safe_load((folder / "project.yaml").read_text(encoding="utf-8"))
    document["estimates"] = {
        "crediting_years": 8,
        "durable_years": 15,
        "values": {"EC_PJ_i_p": {"CH-1": 612.25, "CH-2": 1047.5}},
    }
    project = folder / "project.yaml"
    project.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return project


def _estimate_json(project: Path) -> dict[str, Any]:
    import json

    from typer.testing import CliRunner

    from jcm_mrv.cli import app

    ran = CliRunner().invoke(app, ["estimate", str(project), "--format", "json"])
    assert ran.exit_code == 0, ran.output
    result: dict[str, Any] = json.loads(ran.stdout)["result"]
    return result


def test_plan_sheet_holds_the_estimated_values(tmp_path: Path) -> None:
    project = _chiller_with_estimates(tmp_path)
    written = tmp_path / "monitoring.xlsx"
    write_monitoring_workbook(project_spreadsheet(project), written)
    rows = list(openpyxl.load_workbook(written)["MPS(input)"].iter_rows(values_only=True))
    table = [row for row in rows if row[1] == "EC_PJ,i,p"]
    assert [(row[0], row[3], row[4]) for row in table] == [
        ("(1)", 612.25, "MWh/y"),
        ("(2)", 1047.5, "MWh/y"),
    ]
    assert all("estimates:" in row[9] for row in table)


@needs_soffice
@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("example", ["solar-pv-th", "chiller"])
def test_recalculated_plan_sheet_equals_the_estimate(
    example: str, lang: Language, tmp_path: Path
) -> None:
    if example == "chiller":
        project = _chiller_with_estimates(tmp_path)
    else:
        project = ROOT / "examples" / example / "project.yaml"
    expected = _estimate_json(project)
    written = tmp_path / "monitoring.xlsx"
    write_monitoring_workbook(project_spreadsheet(project, lang), written)
    sheet = recalculated(written, tmp_path / "out")["MPS(calc_process)"]
    _, re_, pe, er, rounded = (c.value for c in sheet[7][:5])
    annual = expected["annual"]
    assert re_ == pytest.approx(annual["reference_emissions"], rel=1e-12)
    assert pe == pytest.approx(annual["project_emissions"], rel=1e-12, abs=1e-9)
    assert er == pytest.approx(annual["emission_reductions"], rel=1e-12)
    assert rounded == annual["emission_reductions_rounded"]
    assert pe != 0 or example == "solar-pv-th"  # the chiller checks PE too
    rows = list(sheet.iter_rows(values_only=True))
    spans = [row for row in rows if isinstance(row[1], int) and row[2] is not None]
    for key, row in zip(("crediting_period", "durable_years"), spans, strict=True):
        span = expected[key]
        assert row[1] == span["years"]
        assert row[2] == pytest.approx(span["reference_emissions"], rel=1e-12)
        assert row[3] == pytest.approx(span["project_emissions"], rel=1e-12, abs=1e-9)
        assert row[4] == pytest.approx(span["emission_reductions"], rel=1e-12)
        assert row[5] == span["credits"]


def test_an_estimate_that_cannot_be_made_leaves_the_plan_blank_and_exits_1(
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from jcm_mrv.cli import app

    project = _chiller_with_estimates(tmp_path)
    document = yaml.safe_load(project.read_text(encoding="utf-8"))
    document["estimates"]["values"] = {"EC_PJ_i_p": {"CH-1": 612.25}}  # CH-2 missing
    project.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    out = tmp_path / "monitoring.xlsx"
    ran = CliRunner().invoke(app, ["report", str(project), "-o", str(out)])
    assert ran.exit_code == 1
    assert codes.ESTIMATE_INVALID.code in ran.output and "CH-2" in ran.output
    rows = list(openpyxl.load_workbook(out)["MPS(input)"].iter_rows(values_only=True))
    table = [row for row in rows if row[1] == "EC_PJ,i,p"]
    assert len(table) == 2 and all(row[3] is None for row in table)
    assert all("not yet given" in row[9] for row in table)


def test_an_optional_value_left_out_gets_no_row_to_fill_in(tmp_path: Path) -> None:
    # P_out_i (rated output, optional: only the bounds of EG_i_p use it)
    data = project_spreadsheet(ROOT / "examples" / "solar-pv-th" / "project.yaml")
    assert "P_out_i" in data.fixed  # the example gives its inverters' rated output
    given, left_out = tmp_path / "given.xlsx", tmp_path / "left-out.xlsx"
    write_monitoring_workbook(data, given)
    data.fixed = {k: v for k, v in data.fixed.items() if k != "P_out_i"}
    write_monitoring_workbook(data, left_out)

    def symbols(path: Path) -> set[Any]:
        sheet = openpyxl.load_workbook(path)[MRS_INPUT]
        return {row[1] for row in sheet.iter_rows(values_only=True)}

    assert "P_out,i" in symbols(given)  # the symbol as the official sheets print it
    assert "P_out,i" not in symbols(left_out)  # no FILL IN row for a value never needed
