"""Write the broken-methodology corpus: ``base.yaml`` with one textual mutation per file.

Each file under ``broken/`` is the small, clean methodology ``base.yaml`` with exactly
one defect. The line where ``jcm-mrv validate`` must report it carries a trailing YAML
comment ``# <- JCM-XXXX`` (the expected code), optionally followed by text the finding's
message or hint must contain. A few defects have a second, consequential finding (a
misnamed output also leaves its equation unused; an unknown unit or index is reported
where it is declared and again where a formula uses it); those lines are marked too.

Run ``python tests/methodology/make_broken.py`` after changing ``base.yaml`` or
:data:`MUTATIONS`, and commit the output: a test fails when ``broken/`` differs from
what this script writes, so nobody edits the files by hand.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
BASE = HERE / "base.yaml"
BROKEN = HERE / "broken"

MARKER = "# <- "
"""What starts the expected-finding comment on a line of a broken file."""


@dataclass(frozen=True)
class Mutation:
    """One defect: a file name, what is wrong, and the text edits that make it."""

    name: str
    what: str
    edits: tuple[tuple[str, str], ...]


def _mutation(name: str, what: str, *edits: tuple[str, str]) -> Mutation:
    return Mutation(name, what, edits)


MUTATIONS: tuple[Mutation, ...] = (
    # --- reading YAML -------------------------------------------------------------
    _mutation(
        "01-yaml-syntax",
        "a colon inside a plain value",
        (
            "summary: PV electricity displaces grid electricity; a diesel",
            "summary: PV: electricity displaces grid electricity; a diesel",
        ),
        ("back-up generator emits.\n", "back-up generator emits.  # <- JCM-Y004\n"),
    ),
    _mutation(
        "02-yaml-tab-indentation",
        "a tab used for indentation",
        ("  i: PV system\n", "\ti: PV system  # <- JCM-Y004\n"),
    ),
    _mutation(
        "03-duplicate-key",
        "a parameter states its unit twice",
        (
            "    unit: MWh\n    index: [i]\n",
            "    unit: MWh\n    index: [i]\n    unit: kWh  # <- JCM-Y005 first at line\n",
        ),
    ),
    _mutation(
        "04-anchor",
        "an anchor on the bounds of a parameter",
        (
            "    bounds: {min: 0, max: 1.5}\n",
            "    bounds: &factor {min: 0, max: 1.5}  # <- JCM-Y006\n",
        ),
    ),
    _mutation(
        "05-python-tag",
        "a language-specific tag",
        (
            "title: Solar PV with diesel back-up (test fixture)\n",
            "title: !!python/object/apply:os.system [echo]  # <- JCM-Y007\n",
        ),
    ),
    _mutation(
        "06-standard-tag",
        "even a standard tag (!!str) is refused: files hold plain data",
        ('version: "01.0"\n', "version: !!str 01.0  # <- JCM-Y007\n"),
    ),
    _mutation(
        "07-non-string-key",
        "an index named by a number",
        ("  i: PV system\n", "  i: PV system\n  2: Inverter  # <- JCM-Y009\n"),
    ),
    _mutation(
        "08-second-document",
        "a second YAML document in the file",
        (
            "  emission_reductions: ER_p\n",
            "  emission_reductions: ER_p\n"
            "---  # <- JCM-Y004 one YAML document\n"
            "kind: methodology\n",
        ),
    ),
    # --- schema -------------------------------------------------------------------
    _mutation(
        "10-missing-top-level-key",
        "no title",
        ("title: Solar PV with diesel back-up (test fixture)\n", ""),
        ("kind: methodology\n", "kind: methodology  # <- JCM-S001 'title'\n"),
    ),
    _mutation(
        "11-missing-parameter-key",
        "a project-specific parameter without a unit",
        (
            "    kind: project\n    description: Installed PV capacity.\n    unit: kW\n",
            "    kind: project  # <- JCM-S001 'unit'\n    description: Installed PV capacity.\n",
        ),
    ),
    _mutation(
        "12-unknown-key",
        "a misspelt optional key",
        (
            "summary: PV electricity",
            "sumary: PV electricity",
        ),
        ("back-up generator emits.\n", "back-up generator emits.  # <- JCM-S002 'summary'\n"),
    ),
    _mutation(
        "13-key-of-another-kind",
        "a key that only monitored parameters have, on a project-specific one",
        (
            "    unit: tCO2/MWh\n",
            "    unit: tCO2/MWh\n    frequency: monthly  # <- JCM-S002 'frequency'\n",
        ),
    ),
    _mutation(
        "14-wrong-type",
        "text where a list of numbers belongs",
        ("sectoral_scopes: [1]\n", "sectoral_scopes: energy industries  # <- JCM-S003\n"),
    ),
    _mutation(
        "15-version-as-number",
        "the version written as the number 02.0",
        ('version: "01.0"\n', 'version: 02.0  # <- JCM-S003 version: "02.0"\n'),
    ),
    _mutation(
        "16-unknown-parameter-kind",
        "a parameter kind that does not exist",
        (
            "  FC_p:\n    kind: monitored\n",
            "  FC_p:\n    kind: measured  # <- JCM-S003 'measured'\n",
        ),
    ),
    _mutation(
        "17-wrong-kind-of-file",
        "a misspelt kind of file",
        ("kind: methodology\n", "kind: methodolgy  # <- JCM-S003\n"),
    ),
    _mutation(
        "18-criterion-without-condition",
        "an eligibility criterion with neither condition nor attestation",
        (
            "  - id: C2\n    text: The PV modules are certified.\n"
            "    attestation: Certificates of the PV modules.\n",
            "  - id: C2  # <- JCM-S001 'attestation'\n    text: The PV modules are certified.\n",
        ),
    ),
    _mutation(
        "19-default-without-value",
        "a default parameter with neither value nor table",
        (
            "    unit: tCO2/GJ\n    value: 0.0741\n",
            "    unit: tCO2/GJ\n",
        ),
        (
            "    kind: default\n    description: CO2 emission factor of diesel.\n",
            "    kind: default  # <- JCM-S001 'value'\n"
            "    description: CO2 emission factor of diesel.\n",
        ),
    ),
    # --- formulas -----------------------------------------------------------------
    _mutation(
        "20-formula-syntax",
        "an operator without its right operand",
        ("expression: RE_p - PE_p\n", "expression: RE_p - PE_p -  # <- JCM-F001\n"),
    ),
    _mutation(
        "21-formula-attribute",
        "attribute access in a formula",
        ("expression: RE_p - PE_p\n", "expression: RE_p.real - PE_p  # <- JCM-F002 attribute\n"),
    ),
    _mutation(
        "22-formula-floor-division",
        "floor division, an operator the language refuses",
        (
            "expression: FC_p * NCV_diesel * EF_diesel\n",
            "expression: FC_p * NCV_diesel * EF_diesel // 1  # <- JCM-F002 //\n",
        ),
    ),
    _mutation(
        "23-unknown-name",
        "a misspelt equation name",
        (
            "expression: RE_p - PE_p\n",
            "expression: RE_p - PE_P  # <- JCM-F003 did you mean 'PE_p'\n",
        ),
    ),
    _mutation(
        "23b-constant-overflow",
        "a constant part of a formula that overflows",
        (
            "expression: RE_p - PE_p\n",
            "expression: RE_p - PE_p * 9**9**9  # <- JCM-F008\n",
        ),
    ),
    _mutation(
        "23c-reserved-name",
        "an index named like a formula function",
        ("  i: PV system\n", "  i: PV system\n  sum: a second index  # <- JCM-M011\n"),
    ),
    _mutation(
        "24-wrong-arguments",
        "lookup() without its key",
        (
            "* CF_T_p * lookup(PR, CAP_PJ) * EF_RE\n",
            "* CF_T_p * lookup(PR) * EF_RE  # <- JCM-F004\n",
        ),
    ),
    _mutation(
        "25-equation-cycle",
        "project emissions depend on emission reductions, which depend on them",
        (
            "expression: FC_p * NCV_diesel * EF_diesel\n",
            "expression: FC_p * NCV_diesel * EF_diesel + 0 * ER_p\n",
        ),
        ("expression: RE_p - PE_p\n", "expression: RE_p - PE_p  # <- JCM-F005 ER_p\n"),
    ),
    _mutation(
        "26-index-not-summed",
        "reference emissions still vary by PV system",
        ("sum(EG_i_p, i) * CF_T_p", "EG_i_p * CF_T_p"),
        ("* lookup(PR, CAP_PJ) * EF_RE\n", "* lookup(PR, CAP_PJ) * EF_RE  # <- JCM-F006\n"),
    ),
    _mutation(
        "27-number-as-condition",
        "an eligibility condition that is a number, not true/false",
        (
            "condition: CAP_PJ >= CAP_MIN\n",
            "condition: CAP_PJ - CAP_MIN  # <- JCM-F007\n",
        ),
    ),
    # --- units --------------------------------------------------------------------
    _mutation(
        "30-unknown-unit",
        "a unit pint does not know",
        (
            "    unit: kL\n",
            "    unit: kilolitres_of_diesel  # <- JCM-U001\n",
        ),
        (
            "expression: FC_p * NCV_diesel * EF_diesel\n",
            "expression: FC_p * NCV_diesel * EF_diesel  # <- JCM-U001 kilolitres_of_diesel\n",
        ),
    ),
    _mutation(
        "31-dimension-mismatch",
        "project emissions forget the emission factor",
        (
            "expression: FC_p * NCV_diesel * EF_diesel\n",
            "expression: FC_p * NCV_diesel * EF_diesel * CAP_PJ  # <- JCM-U002\n",
        ),
    ),
    _mutation(
        "32-incompatible-operands",
        "diesel volume subtracted from emissions",
        ("expression: RE_p - PE_p\n", "expression: RE_p - PE_p - FC_p  # <- JCM-U003\n"),
    ),
    _mutation(
        "33-temperature-misuse",
        "two absolute temperatures added instead of subtracted",
        (
            "expression: 1 - GAMMA * (T_mod_p - T_STC)\n",
            "expression: 1 - GAMMA * (T_mod_p + T_STC)  # <- JCM-U004\n",
        ),
    ),
    _mutation(
        "34-exponent-with-unit",
        "a quantity raised to a power that has a unit",
        (
            "expression: 1 - GAMMA * (T_mod_p - T_STC)\n",
            "expression: (1 - GAMMA * (T_mod_p - T_STC)) ** CAP_PJ  # <- JCM-U005\n",
        ),
    ),
    # --- methodology semantics ------------------------------------------------------
    _mutation(
        "40-missing-output",
        "the emission-reductions output names an equation that does not exist",
        (
            "  emission_reductions: ER_p\n",
            "  emission_reductions: ER  # <- JCM-M001 'ER_p'\n",
        ),
        ("  ER_p:\n", "  ER_p:  # <- JCM-M002 not used\n"),
    ),
    _mutation(
        "41-unused-parameter",
        "a parameter no equation uses (a warning)",
        (
            "  CAP_MIN:\n",
            "  EF_grid:  # <- JCM-M002\n"
            "    kind: project\n"
            "    description: Grid emission factor (declared but never used).\n"
            "    unit: tCO2/MWh\n"
            "  CAP_MIN:\n",
        ),
    ),
    _mutation(
        "42-default-outside-bounds",
        "a default value above its own maximum",
        ("    value: 36.4\n", "    value: 43.1  # <- JCM-M003\n"),
    ),
    _mutation(
        "43-table-value-outside-bounds",
        "a lookup-table value above the parameter's maximum",
        (
            "        - {min: 1000, value: 0.98}\n",
            "        - {min: 1000, value: 1.02}  # <- JCM-M003\n",
        ),
    ),
    _mutation(
        "44-bounds-reversed",
        "bounds whose minimum is above the maximum",
        (
            "    bounds: {min: 30, max: 40}\n",
            "    bounds: {min: 40, max: 30}  # <- JCM-M003\n",
        ),
    ),
    _mutation(
        "45-eligibility-unknown-name",
        "an eligibility condition names a parameter that does not exist",
        (
            "condition: CAP_PJ >= CAP_MIN\n",
            "condition: CAP_PV >= CAP_MIN  # <- JCM-M004 'CAP_PJ'\n",
        ),
    ),
    _mutation(
        "46-eligibility-monitored",
        "an eligibility condition uses a monitored parameter",
        (
            "condition: CAP_PJ >= CAP_MIN\n",
            "condition: CAP_PJ >= CAP_MIN and FC_p >= 0  # <- JCM-M004 monitored\n",
        ),
    ),
    _mutation(
        "47-index-named-p",
        "the implicit period index declared as an index",
        ("  i: PV system\n", "  i: PV system\n  p: Monitoring period  # <- JCM-M005\n"),
    ),
    _mutation(
        "48-output-not-emissions",
        "the project-emissions output names a dimensionless equation",
        ("  project_emissions: PE_p\n", "  project_emissions: CF_T_p\n"),
        (
            "    expression: 1 - GAMMA * (T_mod_p - T_STC)\n    unit: dimensionless\n",
            "    expression: 1 - GAMMA * (T_mod_p - T_STC)\n"
            "    unit: dimensionless  # <- JCM-M006 tCO2\n",
        ),
    ),
    _mutation(
        "49-overlapping-bands",
        "a lookup-table band that starts below the previous band's end",
        (
            "        - {min: 100, max: 1000, value: 0.97}\n",
            "        - {min: 90, max: 1000, value: 0.97}  # <- JCM-M007\n",
        ),
    ),
    _mutation(
        "50-unknown-index",
        "a parameter indexed by an index that is not declared",
        (
            "    unit: MWh\n    index: [i]\n",
            "    unit: MWh\n    index: [j]  # <- JCM-M008\n",
        ),
        (
            "    expression: sum(EG_i_p, i) * CF_T_p * lookup(PR, CAP_PJ) * EF_RE\n",
            "    expression: sum(EG_i_p, j) * CF_T_p * lookup(PR, CAP_PJ) * EF_RE"
            "  # <- JCM-F006 unknown index 'j'\n",
        ),
    ),
    _mutation(
        "51-duplicate-criterion-id",
        "two eligibility criteria with the same id",
        ("  - id: C2\n", "  - id: C1  # <- JCM-M009\n"),
    ),
    _mutation(
        "52-not-a-partner-country",
        "a country that is not a JCM partner (a warning)",
        ("countries: [TH]\n", "countries: [TH, FR]  # <- JCM-M010 'FR'\n"),
    ),
    _mutation(
        "58-option-text-without-a-choice",
        "option text compared with a parameter that is not a choice",
        (
            "    condition: CAP_PJ >= CAP_MIN\n",
            '    condition: CAP_PJ >= CAP_MIN and CAP_PJ != "none"  # <- JCM-F009\n',
        ),
    ),
    # --- identity ---------------------------------------------------------------------
    _mutation(
        "53-draft-under-a-jcm-id",
        "a draft (not a JCM methodology) under an identifier in the JCM form",
        ("id: JCM_TH_AM099\n", "id: JCM_TH_AM099  # <- JCM-M012 DRAFT_TH_\n"),
        ("status: approved\n", "status: draft\n"),
    ),
    _mutation(
        "54-draft-id-with-status-approved",
        "a DRAFT_ identifier that claims approval",
        ("id: JCM_TH_AM099\n", "id: DRAFT_TH_PV_BACKUP\n"),
        ("status: approved\n", "status: approved  # <- JCM-M012 always has status draft\n"),
    ),
    _mutation(
        "55-draft-with-an-approval-date",
        "a draft with an approval date",
        ("id: JCM_TH_AM099\n", "id: DRAFT_TH_PV_BACKUP\n"),
        (
            "status: approved\n",
            "status: draft\napproved: 2026-01-15  # <- JCM-M012 no approval date\n",
        ),
    ),
    _mutation(
        "56-unknown-family",
        "a family that is not one of the catalogue's",
        ("status: approved\n", "status: approved\nfamily: solar  # <- JCM-S003 solar-pv\n"),
    ),
    _mutation(
        "57-unconfirmed-names-no-identity-field",
        "source.unconfirmed names a field that is not an identity field",
        (
            "  document: Test fixture of jcm-mrv; not an approved methodology\n",
            "  document: Test fixture of jcm-mrv; not an approved methodology\n"
            "  unconfirmed: [title, colour]  # <- JCM-S003\n",
        ),
    ),
    _mutation(
        "70-bound-uses-a-monitored-parameter",
        "a bound expression over another monitored parameter",
        (
            "    index: [i]\n    options: [C]\n    bounds: {min: 0}\n",
            "    index: [i]\n    options: [C]\n"
            "    bounds: {min: 0, max: FC_p * 10}  # <- JCM-M013 'FC_p', which is a monitored\n",
        ),
    ),
    _mutation(
        "71-bound-expression-on-a-project-parameter",
        "a project-specific parameter bounded by an expression",
        (
            "    bounds: {min: 0, max: 1.5}\n",
            "    bounds: {min: 0, max: CAP_PJ}  # <- JCM-M013 must be a number\n",
        ),
    ),
    _mutation(
        "72-bound-in-the-wrong-unit",
        "a bound of an energy that is a power (duration forgotten)",
        (
            "    index: [i]\n    options: [C]\n    bounds: {min: 0}\n",
            "    index: [i]\n    options: [C]\n"
            "    bounds: {min: 0, max: CAP_PJ}  # <- JCM-M014 duration\n",
        ),
    ),
    _mutation(
        "73-optional-parameter-in-an-equation",
        "an optional project-specific value used in an equation and a condition",
        (
            "    description: Installed PV capacity.\n    unit: kW\n",
            "    description: Installed PV capacity.\n    unit: kW\n    required: false\n",
        ),
        (
            "    condition: CAP_PJ >= CAP_MIN\n",
            "    condition: CAP_PJ >= CAP_MIN  # <- JCM-M015 the condition of\n",
        ),
        (
            "    expression: sum(EG_i_p, i) * CF_T_p * lookup(PR, CAP_PJ) * EF_RE\n",
            "    expression: sum(EG_i_p, i) * CF_T_p * lookup(PR, CAP_PJ) * EF_RE"
            "  # <- JCM-M015 which is optional\n",
        ),
    ),
)


def broken_files() -> dict[str, str]:
    """The corpus as file name → text, computed from ``base.yaml`` and :data:`MUTATIONS`."""
    base = BASE.read_text(encoding="utf-8")
    body = "".join(line for line in base.splitlines(keepends=True) if not line.startswith("#"))
    files: dict[str, str] = {}
    for mutation in MUTATIONS:
        text = body
        for old, new in mutation.edits:
            count = text.count(old)
            if count != 1:
                raise ValueError(f"{mutation.name}: {old!r} occurs {count} times, not once")
            text = text.replace(old, new)
        if MARKER not in text:
            raise ValueError(f"{mutation.name}: no '{MARKER}JCM-…' marker")
        header = (
            f"# Broken methodology: {mutation.what}.\n"
            "# Generated by tests/methodology/make_broken.py from base.yaml; do not edit.\n"
        )
        files[f"{mutation.name}.yaml"] = header + text
    return files


def write_corpus(directory: Path = BROKEN) -> list[Path]:
    """Write the corpus into ``directory``, removing files that are no longer generated."""
    directory.mkdir(parents=True, exist_ok=True)
    wanted = broken_files()
    for stale in directory.glob("*.yaml"):
        if stale.name not in wanted:
            stale.unlink()
    written = []
    for name, text in wanted.items():
        target = directory / name
        target.write_text(text, encoding="utf-8", newline="\n")
        written.append(target)
    return written


if __name__ == "__main__":
    paths = write_corpus()
    sys.stdout.write(f"wrote {len(paths)} files to {BROKEN}\n")
