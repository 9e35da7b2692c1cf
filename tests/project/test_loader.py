"""Loading a project file: values converted once, every problem located at its line.

The project applies the fixture methodology JCM_TH_AM098 (pv-with-consumption.yaml next to
this file): EF_RE (tCO2/MWh, bounds 0 to 1.5) and CAP_i (kW, one value per point) are
project-specific; EG_i_p allows monitoring options B and C, EC_p only C.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jcm_mrv.cli import app
from jcm_mrv.exitcodes import ExitCode
from jcm_mrv.findings import Finding, Severity
from jcm_mrv.project.loader import LoadedProject, load_project

FIXTURE_METHODOLOGY = Path(__file__).with_name("pv-with-consumption.yaml")

PROJECT = f"""\
kind: project
id: TH991
title: PV with plant consumption (test)
country: TH
methodology:
  id: JCM_TH_AM098
  version: "01.0"
  path: {FIXTURE_METHODOLOGY}
monitoring_points:
  - id: A
  - id: B
parameters:
  EF_RE:
    value: 450
    unit: kgCO2/MWh
  CAP_i:
    values: {{A: 20000, B: 30000}}
    unit: W
monitoring_options:
  EG_i_p: C
data:
  - path: data/readings.csv
periods:
  - id: P1
    start: 2025-01-01
    end: 2025-01-31
  - id: P2
    start: 2025-02-01
    end: 2025-02-28
"""
# Lines: 4 country, 6 the methodology's id, 8 its path, 10/11 the points, 12 parameters,
# 13 EF_RE, 14 its value, 15 its unit, 16 CAP_i, 17 its values, 20 EG_i_p's option,
# 22 the data path, 26 P1's end, 27 P2's id, 28 P2's start.


def load(tmp_path: Path, old: str = "", new: str = "", *, data: bool = True) -> LoadedProject:
    """Write the project (with one edit) and its data file into tmp_path, and load it."""
    text = PROJECT
    if old:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    if data:
        (tmp_path / "data").mkdir()
        (tmp_path / "data" / "readings.csv").write_text("period,point,EG_i_p [MWh]\n")
    path = tmp_path / "project.yaml"
    path.write_text(text, encoding="utf-8")
    return load_project(path)


def errors(loaded: LoadedProject) -> list[tuple[str, int | None]]:
    """(code, line) of every error finding."""
    return [(f.code, f.line) for f in loaded.findings if f.severity is Severity.ERROR]


def only(loaded: LoadedProject) -> Finding:
    """The one finding of a project with a single problem."""
    assert len(loaded.findings) == 1, [f.to_dict() for f in loaded.findings]
    return loaded.findings[0]


def test_clean_project_is_usable_with_values_in_the_methodology_units(tmp_path: Path) -> None:
    loaded = load(tmp_path)
    assert loaded.findings == []
    assert loaded.usable
    # 450 kgCO2/MWh = 0.45 tCO2/MWh; 20,000 W = 20 kW, 30,000 W = 30 kW
    assert loaded.values["EF_RE"] == pytest.approx(0.45)
    assert loaded.values["CAP_i"] == pytest.approx({"A": 20.0, "B": 30.0})
    assert loaded.data_path("data/readings.csv") == tmp_path / "data" / "readings.csv"
    assert loaded.methodology is not None and loaded.methodology.methodology is not None
    assert loaded.methodology.methodology.id == "JCM_TH_AM098"


@pytest.mark.parametrize(
    ("old", "new", "code", "line"),
    [
        ("country: TH", "country: JP", "JCM-P011", 4),
        ('version: "01.0"', 'version: "01.1"', "JCM-P001", 6),  # the file is 01.0
        (f"path: {FIXTURE_METHODOLOGY}", "path: absent.yaml", "JCM-P001", 8),
        ("  - id: B\n", "  - id: A\n", "JCM-P008", 11),
        ("    value: 450\n", "    value: 4500\n", "JCM-P006", 14),  # 4.5 t/MWh > 1.5
        ("unit: kgCO2/MWh", "unit: kgCO2", "JCM-U001", 15),
        ("{A: 20000, B: 30000}", "{A: 20000}", "JCM-P005", 17),
        ("{A: 20000, B: 30000}", "{A: 20000, B: 30000, C: 1}", "JCM-P005", 17),
        ("    values: {A: 20000, B: 30000}\n", "    value: 20000\n", "JCM-P005", 17),
        ("EG_i_p: C", "EG_i_p: A", "JCM-P007", 20),
        ("EG_i_p: C", "EF_RE: C", "JCM-P007", 20),  # not monitored
        ("path: data/readings.csv", "path: data/absent.csv", "JCM-P010", 22),
        ("  - id: P2\n", "  - id: P1\n", "JCM-P008", 27),
        ("end: 2025-01-31", "end: 2024-12-31", "JCM-P009", 26),
        ("start: 2025-02-01", "start: 2025-01-31", "JCM-P009", 28),  # overlaps P1's last day
        ("id: TH991", "id: th991", "JCM-S003", 2),
        ("title: PV", "titel: PV", "JCM-S002", 3),
    ],
)
def test_problem_is_located_at_its_line(
    tmp_path: Path, old: str, new: str, code: str, line: int
) -> None:
    loaded = load(tmp_path, old, new)
    assert (code, line) in errors(loaded), [f.to_dict() for f in loaded.findings]
    assert not loaded.usable
    assert all(f.file == str(tmp_path / "project.yaml") for f in loaded.findings)


def test_unknown_parameter_is_located_at_its_key_with_a_suggestion(tmp_path: Path) -> None:
    loaded = load(tmp_path, "  CAP_i:\n", "  EF_R: 0.5\n  CAP_i:\n")
    finding = only(loaded)
    assert (finding.code, finding.line, finding.column) == ("JCM-P004", 16, 3)
    assert finding.hint is not None and "EF_RE" in finding.hint


def test_missing_value_names_the_parameter_and_its_unit(tmp_path: Path) -> None:
    loaded = load(tmp_path, "  EF_RE:\n    value: 450\n    unit: kgCO2/MWh\n", "")
    finding = only(loaded)
    assert (finding.code, finding.line) == ("JCM-P003", 13)
    assert "EF_RE" in finding.message
    assert "tCO2/MWh" in finding.message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text_edits = load(tmp_path, "country: TH", "country: VN")
    assert errors(text_edits) == [("JCM-P011", 4)]
    many = tmp_path / "many"
    many.mkdir()
    loaded = load(
        many,
        "EG_i_p: C\ndata:\n  - path: data/readings.csv",
        "EG_i_p: A\ndata:\n  - path: data/absent.csv",
    )
    assert set(errors(loaded)) == {("JCM-P007", 20), ("JCM-P010", 22)}


def test_option_not_chosen_is_a_warning(tmp_path: Path) -> None:
    loaded = load(tmp_path, "monitoring_options:\n  EG_i_p: C\n", "")
    finding = only(loaded)
    assert (finding.code, finding.severity) == ("JCM-P013", Severity.WARNING)
    assert loaded.usable  # a warning does not stop the calculation


def test_methodology_at_a_path_with_another_id(tmp_path: Path) -> None:
    loaded = load(tmp_path, "id: JCM_TH_AM098", "id: JCM_TH_AM097")
    finding = only(loaded)
    assert (finding.code, finding.line) == ("JCM-P001", 6)
    assert "JCM_TH_AM098" in finding.message


def test_bundled_methodology_without_path(tmp_path: Path) -> None:
    loaded = load(
        tmp_path,
        f'id: JCM_TH_AM098\n  version: "01.0"\n  path: {FIXTURE_METHODOLOGY}',
        'id: JCM_TH_AM001\n  version: "01.0"',
    )
    # JCM_TH_AM001 has no CAP_i, so the value is now unknown: the bundled file was used
    # (and it bounds the generation by an optional P_out_i, which the project leaves out)
    assert [(f.code, f.line) for f in loaded.findings] == [("JCM-P004", 15), ("JCM-P024", 12)]


def test_file_that_is_not_yaml_is_located(tmp_path: Path) -> None:
    loaded = load(tmp_path, "  - id: B\n", "  - id: [B\n")
    assert loaded.project is None
    assert [f.code[:5] for f in loaded.findings] == ["JCM-Y"]
    assert loaded.findings[0].line is not None


# --- through `jcm-mrv validate` --------------------------------------------------------------


def test_validate_reports_project_errors_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(tmp_path, "    value: 450\n", "    value: 4500\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "project.yaml"])
    assert result.exit_code == ExitCode.FINDINGS, result.output
    assert "project.yaml:14:5" in result.stdout
    assert "JCM-P006" in result.stdout
    assert "Traceback" not in result.output


def test_validate_passes_a_clean_project(tmp_path: Path) -> None:
    load(tmp_path)
    # the fixture's data files hold headers only: check the project file alone
    result = CliRunner().invoke(app, ["validate", "--no-data", str(tmp_path / "project.yaml")])
    assert result.exit_code == ExitCode.OK, result.output
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_a_temperature_difference_for_an_absolute_temperature_is_a_finding(
    tmp_path: Path,
) -> None:
    """``unit: delta_degC`` on an absolute temperature was an internal error (exit 3)."""
    import shutil

    source = Path(__file__).resolve().parents[2] / "examples" / "chiller-id"
    folder = tmp_path / "chiller"
    shutil.copytree(source, folder)
    project = folder / "project.yaml"
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("    unit: degC", "    unit: delta_degC", 1), "utf-8")
    loaded = load_project(project)
    units = [f for f in loaded.findings if f.code == "JCM-U001"]
    assert units and "temperature difference" in units[0].message
    assert not loaded.usable


def test_the_bundled_methodology_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # its identity and its content come from one reading of the file
    from jcm_mrv.fileformats import yamlfile
    from jcm_mrv.methodology import loader, registry

    read: list[str] = []

    def counted(path: Path, *, label: str | None = None) -> yamlfile.YamlDocument:
        read.append(path.name)
        return yamlfile.read_yaml_file(path, label=label)

    monkeypatch.setattr(registry, "read_yaml_file", counted)
    monkeypatch.setattr(loader, "read_yaml_file", counted)
    loaded = load_project(Path(__file__).parents[2] / "examples" / "led-th" / "project.yaml")
    assert loaded.usable, loaded.findings
    assert read == ["JCM_TH_AM016.yaml"]
