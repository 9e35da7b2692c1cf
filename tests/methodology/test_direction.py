"""The conservative direction of each parameter, derived from the equations.

Every bundled methodology's directions are asserted; the sign rules are tried one by
one on small methodologies; and a property test checks, for random values within
the declared bounds, that an increase never moves ER against the derived direction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jcm_mrv.engine.evaluation import CompiledMethodology
from jcm_mrv.findings import has_errors
from jcm_mrv.formula import Band
from jcm_mrv.methodology.checks import CheckedMethodology
from jcm_mrv.methodology.direction import Direction, directions, equation_directions
from jcm_mrv.methodology.loader import load_methodology
from jcm_mrv.methodology.model import DefaultParameter, ProjectParameter
from jcm_mrv.methodology.registry import find_bundled

R, L, U, D = Direction.RAISES, Direction.LOWERS, Direction.UNCHANGED, Direction.DEPENDS

# the COP of a chiller corrected by temperatures and the reference COP by capacity:
# RE - PE = EC x EF x (COP_tc / COP_RE - 1)
CHILLER_CORRECTED_COP = {
    name: D
    for name in (
        "COP_PJ_i",
        "COP_RE",
        "Q_PJ_i",
        "T_cool_out_i",
        "T_chill_out_i",
        "T_cool_out_std",
        "T_chill_out_std",
        "TD_chill",
        "TD_cool",
    )
}

BUNDLED: dict[str, dict[str, Direction]] = {
    # P_out_i (PV and hydro: an optional rated output, used only in the generation's
    # bound) is in no equation, so ER does not move with it
    # the reference factor is chosen by SITE (a choice: a switch, so it depends); every
    # factor and the generation are at least 0, and RE = sum(EG * EF_RE), PE = 0
    "BD_PM002": {"EG_i_p": R, "EF_grid": R, "EF_diesel": R, "EF_gas": R, "SITE": D, "P_out_i": U},
    # RE = distance x reference diesel consumption; PE = CNG and diesel burnt: the diesel
    # NCV and factor appear in both (more avoided diesel, more diesel still burnt)
    "DRAFT_ID_CNG_BUS": {
        "DD_i_p": R,
        "FC_cng_i_p": L,
        "FC_dsl_i_p": L,
        "SFC_RE": R,
        "NCV_dsl": D,
        "EF_dsl": D,
        "NCV_cng": L,
        "EF_cng": L,
    },
    # ER = PE x (eta_PJ / eta_RE - 1): the fuel's sign follows the efficiency ratio,
    # which both bounds (0.05-1) allow on either side of 1
    "DRAFT_ID_REGENERATIVE_BURNER": {"FC_j_p": D, "EF_j": D, "eta_PJ": R, "eta_RE": L},
    # RE = N x P_RE x H x EF, PE = metered EC x EF: RE - PE may have either sign, so the
    # factor depends; P_PJ_i only enters the eligibility condition
    "DRAFT_KH_LED_STREETLIGHT": {
        "EC_PJ_i_p": L,
        "H_i_p": R,
        "N_i": R,
        "P_RE_i": R,
        "P_PJ_i": U,
        "EF_grid": D,
    },
    # net generation EG_gross - EC_aux may be negative (the bounds allow it), so the
    # electricity factors depend; the fossil fuel co-fired is project emissions
    "DRAFT_KH_RICE_HUSK_POWER": {
        "EG_gross_p": R,
        "EC_aux_p": L,
        "FC_j_p": L,
        "NCV_j": L,
        "EF_j": L,
        "EF_grid": D,
        "EF_captive": D,
        "SITE": D,
    },
    # ER = FC x NCV x EF x (eta_PJ / eta_RE - 1): the efficiency ratio decides the sign
    # of the fuel terms; the capacities only enter the eligibility condition
    "DRAFT_MN_HEAT_ONLY_BOILER": {
        "FC_PJ_i_p": D,
        "eta_PJ_i": R,
        "CAP_PJ_i": U,
        "CAP_MIN": U,
        "CAP_MAX": U,
        "eta_RE": L,
        "NCV_fuel": D,
        "EF_fuel": D,
    },
    # ER = (NLL_RE - NLL_PJ) x H x EF: the loss difference may have either sign
    "DRAFT_VN_AMORPHOUS_TRANSFORMER": {"H_i_p": D, "NLL_PJ_i": L, "NLL_RE_i": R, "EF_elec": D},
    # ER = M x (GWP - EF_dest) - energy: GWP - EF_dest may have either sign (bounds)
    "DRAFT_VN_FLUOROCARBON_DESTRUCTION": {
        "M_i_p": D,
        "EC_PJ_p": L,
        "FC_PJ_p": L,
        "GWP_i": R,
        "EF_dest_i": L,
        "EF_elec": L,
        "NCV_fuel": L,
        "EF_fuel": L,
    },
    # solar PV, the factor chosen by SITE (grid or the captive factor)
    "JCM_CL_AM001": {"EG_i_p": R, "EF_grid": R, "EF_captive": R, "SITE": D, "P_out_i": U},
    # COP ratio: ER = EC x EF x (COP_PJ / COP_RE - 1), the ratio on either side of 1
    "JCM_CR_AM002": {"EC_PJ_i_p": D, "EF_elec": D, "COP_PJ_i": R, "COP_RE_i": L},
    # heat pump for a fuel boiler: RE = EC x COP / eta x EF_fuel, PE = EC x EF_elec; the
    # consumption raises RE and PE alike
    "JCM_CR_AM003": {"EC_PJ_i_p": D, "COP_PJ_i": R, "eta_RE_i": L, "EF_fuel": R, "EF_elec": L},
    # net generation EG_gross - EC_aux may be negative (its bounds allow it), so the
    # emission factors depend; the captive share switches the factor
    "JCM_ID_AM001": {
        "EG_gross_p": R,
        "EC_aux_p": L,
        "EF_grid": D,
        "EF_captive": D,
        "S_captive": D,
    },
    # chillers: consumption raises ER when the corrected COP exceeds the reference COP
    # and lowers it otherwise; the temperatures have no bounds, so the sign of the
    # corrected COP (and with it every other direction) is not known statically
    "JCM_ID_AM002": {"EC_PJ_i_p": D, "EF_elec": D, **CHILLER_CORRECTED_COP},
    # refrigerators: COP ratio with one reference COP
    "JCM_ID_AM003": {"EC_PJ_i_p": D, "EF_elec": D, "COP_PJ_i": R, "COP_RE": L},
    # efficiency ratios: a better project unit raises ER, a better reference lowers it
    "JCM_ID_AM004": {"EC_PJ_i_p": D, "EF_elec": D, "COP_PJ_i": R, "COP_RE_i": L},
    # looms: ER = EC x EF x (SEC_RE / SEC_PJ - 1), the SEC ratio on either side of 1
    "JCM_ID_AM011": {"EC_PJ_i_p": D, "SEC_PJ_i": L, "SEC_RE_i": R, "EF_elec": D},
    # PV with a battery: EG - charged + discharged may be negative, so the factors depend
    "JCM_ID_AM017": {
        "EG_i_p": R,
        "EC_BAT_p": L,
        "ED_BAT_p": R,
        "EF_grid": D,
        "EF_captive": D,
        "SITE": D,
        "P_out_i": U,
    },
    # LED: the consumption (metered, or P x H x days when S_days_i > 0: a switch) times
    # (eta_PJ / eta_RE - 1); both branches are at least 0, so the efficacies are definite
    "JCM_ID_AM020": {
        "EC_meter_i_p": D,
        "D_open_i_p": D,
        "S_days_i": D,
        "P_PJ_i": D,
        "H_day_i": D,
        "eta_PJ_i": R,
        "eta_RE_i": L,
        "EF_elec": D,
    },
    # absorption chiller: RE = cooling / COP_RE x EF_elec; PE = its electricity and gas,
    # so the grid factor enters both
    "JCM_ID_AM022": {
        "QC_PJ_i_p": R,
        "EC_PJ_i_p": L,
        "FC_PJ_i_p": L,
        "COP_RE_i": L,
        "EF_elec": D,
        "NCV_fuel": L,
        "EF_fuel": L,
    },
    # SITE picks grid, captive or the lower of both (min rises with each argument)
    "JCM_KE_AM002": {"EG_i_p": R, "EF_grid": R, "EF_captive": R, "SITE": D, "P_out_i": U},
    # the day's category switches between the emission factors (diesel when above 0)
    "JCM_KH_AM002": {"EG_i_p_d": R, "DIESEL_p_d": D, "EF_grid": R, "EF_diesel": R, "P_out_i": U},
    # refrigerators: COP ratio per unit
    "JCM_MM_AM002": {"EC_PJ_i_p": D, "EF_elec": D, "COP_PJ_i": R, "COP_RE_i": L},
    # waste heat: credited min(EG_net, P_WHR x days), at least 0, times the SITE factor
    "JCM_MM_AM005": {
        "EG_net_p": R,
        "D_p": R,
        "P_WHR": R,
        "EF_grid": R,
        "EF_captive": R,
        "SITE": D,
    },
    # line losses L = sent - received may be negative (bounds), and ER = L x EF x
    # (r_RE / r_PJ - 1): every sign depends
    "JCM_MN_AM001": {"E_send_i_p": D, "E_recv_i_p": D, "r_PJ_i": D, "r_RE_i": D, "EF_grid": D},
    # solar PV with the SITE factor
    "JCM_MN_AM003": {"EG_i_p": R, "EF_grid": R, "EF_captive": R, "SITE": D, "P_out_i": U},
    # solar PV, SITE picks grid, captive or the lower of both
    "JCM_MV_AM001": {"EG_i_p": R, "EF_grid": R, "EF_captive": R, "SITE": D, "P_out_i": U},
    # hydro: RE = EG x EF_grid, PE = 0
    "JCM_PH_AM001": {"EG_i_p": R, "EF_grid": R, "P_out_i": U},
    # electrolysers: ER = EC x EF x (SEC_RE / SEC_PJ - 1)
    "JCM_SA_AM001": {"EC_PJ_i_p": D, "SEC_PJ_i": L, "SEC_RE": R, "EF_elec": D},
    "JCM_TH_AM001": {"EG_i_p": R, "EF_RE": R, "P_out_i": U},
    # chillers as ID_AM002: the temperature bounds (cooling 15-50, chilled -10-25 degC)
    # still let the corrected COP's temperature difference be negative, and the
    # standard temperatures are defaults without bounds: nothing is definite
    "JCM_TH_AM003": {"EC_PJ_i_p": D, "EF_elec": D, **CHILLER_CORRECTED_COP},
    # TH_AM003 with a blended grid/captive factor (a switch on EG_cap_p > 0) multiplying
    # the same undetermined COP term: nothing is definite
    "JCM_TH_AM005": {
        "EC_PJ_i_p": D,
        "EI_grid_p": D,
        "EG_cap_p": D,
        "FC_cap_p": D,
        "EF_grid": D,
        "NCV_cap": D,
        "EF_cap": D,
        **CHILLER_CORRECTED_COP,
    },
    # heat pump for a boiler and a chiller: the heat pump's electricity and the grid
    # factor enter RE (cooling) and PE; the auxiliaries only PE
    "JCM_TH_AM008": {
        "EC_HP_i_p": D,
        "EC_aux_i_p": L,
        "COP_h_PJ_i": R,
        "COP_c_PJ_i": R,
        "eta_RE_boiler": L,
        "COP_RE_chiller": L,
        "EF_fuel": R,
        "EF_elec": D,
    },
    # cogeneration: electricity and heat are RE (SITE factor, boiler), the gas is PE
    "JCM_TH_AM009": {
        "EG_i_p": R,
        "HG_i_p": R,
        "FC_i_p": L,
        "NCV_i": L,
        "EF_gas_i": L,
        "eta_RE": L,
        "EF_fuel_RE": R,
        "EF_grid": R,
        "EF_captive": R,
        "SITE": D,
    },
    # cold storage: COP ratio per unit
    "JCM_TH_AM011": {"EC_PJ_i_p": D, "EF_elec": D, "COP_PJ_i": R, "COP_RE_i": L},
    # evaporator: ER = (M x q - Q_ms) / eta x EF_fuel - EC x EF_elec, and M x q - Q_ms
    # may have either sign, so the boiler's efficiency and factor depend
    "JCM_TH_AM012": {
        "M_evap_p": R,
        "EC_PJ_p": L,
        "Q_ms_p": L,
        "q_RE": R,
        "eta_boiler": D,
        "EF_fuel": D,
        "EF_elec": L,
    },
    # chillers, showcases: COP ratio per unit
    "JCM_TH_AM013": {"EC_PJ_i_p": D, "EF_elec": D, "COP_PJ_i": R, "COP_RE_i": L},
    "JCM_TH_AM014": {"EC_PJ_i_p": D, "EF_elec": D, "COP_PJ_i": R, "COP_RE_i": L},
    # electrolysers: ER = EC x EF x (SEC_RE / SEC_PJ - 1)
    "JCM_TH_AM015": {"EC_PJ_i_p": D, "SEC_PJ_i": L, "SEC_RE": R, "EF_elec": D},
    # LED: the consumption (metered, or P x H x days by the MONITORING choice: a switch)
    # times (eta_PJ / eta_RE - 1); both branches are at least 0
    "JCM_TH_AM016": {
        "EC_PJ_i_p": D,
        "DAYS_p": D,
        "MONITORING": D,
        "P_PJ_i": D,
        "H_PJ_i": D,
        "EF_elec": D,
        "eta_PJ_i": R,
        "eta_RE_i": L,
    },
    # lighting: ER = (P_RE - P_PJ) x OH x EF, the difference on either side of 0
    "JCM_VN_AM003": {"OH_i_p": D, "P_RE_i": R, "P_PJ_i": L, "EF_elec": D},
    # landfill gas (first-order decay, exp): every factor of RE is at least 0 (1 - f_cap,
    # 1 - OX too); the year and the deposit year switch a batch in (where y >= x); k
    # speeds the decay in the year (1 - exp(-k T) rises) but shrinks what is left
    # (exp(-k (y - x)) falls): it depends; T_step only lengthens the year's decay
    "JCM_VN_AM004": {
        "y_p": D,
        "EC_PJ_p": L,
        "W_i": R,
        "x_i": D,
        "DOC_i": R,
        "k_i": D,
        "phi": R,
        "f_cap": L,
        "GWP_CH4": R,
        "OX": L,
        "F": R,
        "DOC_f": R,
        "MCF": R,
        "T_step": R,
        "EF_elec": L,
    },
    # solar PV with the SITE factor
    "JCM_VN_AM007": {"EG_i_p": R, "EF_grid": R, "EF_captive": R, "SITE": D, "P_out_i": U},
    # net generation sum(EG_gross) - EC_aux may be negative, so the grid factor depends
    "KE_PM003": {"EG_gross_i_p": R, "EC_aux_p": L, "EF_grid": D, "P_out_i": U},
    # ER = CH4 x (MCF_RE - MCF_PJ): the difference may have either sign (the condition
    # MCF_PJ < MCF_RE is eligibility, not a bound), so everything in CH4 depends
    "TN_PM001": {
        "y_p": D,
        "W_i": D,
        "x_i": D,
        "DOC_i": D,
        "k_i": D,
        "phi": D,
        "f_cap": D,
        "GWP_CH4": D,
        "OX": D,
        "F": D,
        "DOC_f": D,
        "MCF_RE": R,
        "MCF_PJ": L,
        "T_step": D,
    },
}


def bundled(methodology_id: str) -> CheckedMethodology:
    entry = find_bundled(methodology_id)
    assert entry is not None
    loaded = load_methodology(entry.path)
    assert loaded.checked is not None and not has_errors(loaded.findings)
    return loaded.checked


def test_every_bundled_methodology_is_covered() -> None:
    root = Path(__file__).resolve().parents[2] / "methodologies"
    assert {path.stem for path in root.glob("*.yaml")} == set(BUNDLED)


@pytest.mark.parametrize("methodology_id", sorted(BUNDLED))
def test_bundled_directions(methodology_id: str) -> None:
    assert directions(bundled(methodology_id)) == BUNDLED[methodology_id]


def test_the_solar_generation_raises_reference_and_reduction_but_not_project_emissions() -> None:
    per_equation = equation_directions(bundled("JCM_TH_AM001"), "EG_i_p")
    assert per_equation == {"RE_p": R, "PE_p": U, "ER_p": R}


def test_chiller_corrected_cop_with_plausible_temperatures_makes_directions_definite(
    tmp_path: Path,
) -> None:
    """With temperature bounds, the chiller's corrected COP is positive: COP_RE lowers ER.

    The bundled file declares no bounds on the temperatures; this copy declares
    plausible ones, and the analysis then knows every sign it needs.
    """
    entry = find_bundled("JCM_ID_AM002")
    assert entry is not None
    data = yaml.safe_load(entry.path.read_text(encoding="utf-8"))
    parameters = data["parameters"]
    parameters["T_cool_out_i"]["bounds"] = {"min": 20, "max": 45}
    parameters["T_chill_out_i"]["bounds"] = {"min": 0, "max": 20}
    parameters["T_cool_out_std"]["bounds"] = {"min": 30, "max": 40}
    parameters["T_chill_out_std"]["bounds"] = {"min": 5, "max": 10}
    found = directions(checked_from(tmp_path, data))
    assert found["COP_RE"] is L
    assert found["COP_PJ_i"] is R
    assert found["EC_PJ_i_p"] is D  # corrected COP above or below the reference COP
    assert found["EF_elec"] is D
    assert found["T_cool_out_std"] is L  # a larger standard difference deflates the COP
    assert found["Q_PJ_i"] is D  # the project supplies the table


# --- the rules, one small methodology each ------------------------------------------


def checked_from(tmp_path: Path, data: dict[str, Any]) -> CheckedMethodology:
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    loaded = load_methodology(path)
    assert loaded.checked is not None
    assert not has_errors(loaded.findings), loaded.findings
    return loaded.checked


def small(
    tmp_path: Path,
    re: str,
    parameters: dict[str, dict[str, Any]],
    pe: str = "0",
    eligibility: list[dict[str, str]] | None = None,
) -> CheckedMethodology:
    """A methodology with one point index ``i``, ``ER_p = RE_p - PE_p``."""
    params = {}
    for name, spec in parameters.items():
        param = {"description": name, "kind": "project", **spec}
        if param["kind"] == "default":
            param["source"] = "test"
        params[name] = param
    data = {
        "kind": "methodology",
        "id": "JCM_TH_AM098",
        "version": "01.0",
        "title": "Direction rules (test fixture)",
        "countries": ["TH"],
        "sectoral_scopes": [1],
        "status": "approved",
        "source": {"document": "test fixture"},
        "summary": "test",
        "eligibility": eligibility
        or [{"id": "C1", "text": "test", "attestation": "nothing to attest"}],
        "emission_sources": {
            "reference": [{"source": "grid", "ghg": ["CO2"]}],
            "project": [{"source": "none", "ghg": ["CO2"]}],
        },
        "indices": {"i": "point"},
        "parameters": params,
        "equations": {
            "RE_p": {"description": "RE", "expression": re, "unit": "tCO2", "index": ["p"]},
            "PE_p": {"description": "PE", "expression": pe, "unit": "tCO2", "index": ["p"]},
            "ER_p": {"description": "ER", "expression": "RE_p - PE_p", "unit": "tCO2"},
        },
        "outputs": {
            "reference_emissions": "RE_p",
            "project_emissions": "PE_p",
            "emission_reductions": "ER_p",
        },
    }
    return checked_from(tmp_path, data)


X_POSITIVE = {"kind": "monitored", "unit": "tCO2", "options": ["C"], "bounds": {"min": 0}}
X_ANY = {"kind": "monitored", "unit": "tCO2", "options": ["C"]}
X_I = {**X_POSITIVE, "index": ["i"]}


def factor(lo: float | None = None, hi: float | None = None) -> dict[str, Any]:
    bounds = {k: v for k, v in (("min", lo), ("max", hi)) if v is not None}
    return {"unit": "dimensionless", **({"bounds": bounds} if bounds else {})}


@pytest.mark.parametrize(
    ("re", "parameters", "expected"),
    [
        ("X * A", {"X": X_ANY, "A": factor(0, 2)}, R),
        ("X * A", {"X": X_ANY, "A": factor(-2, 0)}, L),
        ("X * A", {"X": X_ANY, "A": factor()}, D),  # the sign of A is unknown
        ("-X * A", {"X": X_ANY, "A": factor(1)}, L),
        ("X / A", {"X": X_ANY, "A": factor(1, 2)}, R),
        ("X / A", {"X": X_ANY, "A": factor(-1, 2)}, D),  # A may be 0
        ("sum(X * A, i)", {"X": X_I, "A": factor(0)}, R),
        ("min(X, B)", {"X": X_ANY, "B": {"unit": "tCO2"}}, R),
        ("max(X, B)", {"X": X_ANY, "B": {"unit": "tCO2"}}, R),
        ("min(X, -X)", {"X": X_ANY}, D),
        ("abs(X)", {"X": X_POSITIVE}, R),
        ("abs(X)", {"X": {**X_ANY, "bounds": {"max": 0}}}, L),
        ("abs(X)", {"X": X_ANY}, D),
        ("where(A > 1, X, 2 * X)", {"X": X_ANY, "A": factor()}, R),
        ("where(A > 1, X, -X)", {"X": X_ANY, "A": factor()}, D),  # the branches disagree
        ("where(X > B, X, B)", {"X": X_ANY, "B": {"unit": "tCO2"}}, D),  # X switches it
        ("X + 0 * B", {"X": X_ANY, "B": {"unit": "tCO2"}}, R),
        ("X - X", {"X": X_ANY}, D),  # not simplified: never a guess
    ],
)
def test_sign_rules(
    tmp_path: Path,
    re: str,
    parameters: dict[str, dict[str, Any]],
    expected: Direction,
) -> None:
    assert directions(small(tmp_path, re, parameters))["X"] is expected


@pytest.mark.parametrize(
    ("exponent", "bounds", "expected"),
    [
        ("2", (0, None), R),
        ("2", (None, 0), L),
        ("2", (None, None), D),
        ("3", (None, None), R),
        ("(-1)", (1, None), L),
        ("(-1)", (None, -1), L),
        ("(-2)", (None, -1), R),
        ("0.5", (0, None), R),
        ("0.5", (None, None), D),  # no real root of a negative base
    ],
)
def test_constant_powers(
    tmp_path: Path, exponent: str, bounds: tuple[float | None, float | None], expected: Direction
) -> None:
    parameters = {"A": factor(*bounds), "B": {"unit": "tCO2", "bounds": {"min": 1, "max": 1}}}
    checked = small(tmp_path, f"A ** {exponent} * B", parameters)
    assert directions(checked)["A"] is expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [((0.1, 0.2, 0.3), R), ((0.3, 0.2, 0.1), L), ((0.2, 0.1, 0.3), D), ((0.2, 0.2, 0.2), U)],
)
def test_lookup_follows_the_table(
    tmp_path: Path, values: tuple[float, float, float], expected: Direction
) -> None:
    table = {
        "kind": "default",
        "unit": "dimensionless",
        "table": {
            "key_unit": "dimensionless",
            "bands": [
                {"max": 1, "value": values[0]},
                {"min": 1, "max": 2, "value": values[1]},
                {"min": 2, "value": values[2]},
            ],
        },
    }
    parameters = {"K": factor(), "T": table, "B": {"unit": "tCO2", "bounds": {"min": 0}}}
    found = directions(small(tmp_path, "lookup(T, K) * B", parameters))
    assert found["K"] is expected
    assert found["T"] is R  # raising the table's values raises the looked-up value


def test_parameters_of_conditions_only_leave_er_unchanged(tmp_path: Path) -> None:
    parameters = {
        "X": X_POSITIVE,
        "CAP": {"unit": "kW", "bounds": {"min": 0}},
        "CAP_MIN": {"kind": "default", "unit": "kW", "value": 10},
    }
    condition = [{"id": "C1", "text": "large enough", "condition": "CAP >= CAP_MIN"}]
    found = directions(small(tmp_path, "X", parameters, eligibility=condition))
    assert found == {"X": R, "CAP": U, "CAP_MIN": U}


def test_project_emissions_reverse_the_direction(tmp_path: Path) -> None:
    parameters = {"X": X_POSITIVE, "F": {"unit": "tCO2", "kind": "monitored", "options": ["C"]}}
    found = directions(small(tmp_path, "X", parameters, pe="F"))
    assert found == {"X": R, "F": L}


# --- property: an increase never moves ER against the derived direction ------------

FINITE = 50.0  # the range tried for a parameter without a bound on that side
PERIODS, POINTS, DAYS = 2, 3, 3


def _range(param: Any) -> tuple[float, float]:
    bounds = param.bounds
    # an expression bound (rated power x duration) is no number: the finite range
    lo = bounds.low if bounds and bounds.low is not None else -FINITE
    hi = bounds.high if bounds and bounds.high is not None else FINITE
    if isinstance(param, DefaultParameter) and param.value is not None:
        lo, hi = min(lo, param.value), max(hi, param.value)
    return lo, min(hi, lo + 2 * FINITE)


def _shape(compiled: CompiledMethodology, name: str) -> tuple[int, ...]:
    indices = compiled.checked.symbols[name].indices
    ndim = len(compiled.axes)
    shape = [1] * ndim
    sizes = {0: PERIODS, 1: POINTS, 2: DAYS}
    for index in indices:
        axis = compiled.axes.get(index, 1)
        shape[axis] = sizes[axis]
    return tuple(shape)


def _table(lo: float, hi: float, fractions: list[float]) -> tuple[Band, ...]:
    """Bands covering every key, their values in [lo, hi]."""
    edges = [None, 100.0, 500.0, None]
    return tuple(
        Band(edges[n], edges[n + 1], lo + f * (hi - lo)) for n, f in enumerate(fractions[:3])
    )


definite = [
    (methodology_id, name)
    for methodology_id, found in sorted(BUNDLED.items())
    for name, direction in found.items()
    if direction in (R, L)
]


@pytest.mark.parametrize(("methodology_id", "name"), definite)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_an_increase_never_moves_er_against_the_direction(
    methodology_id: str, name: str, data: st.DataObject
) -> None:
    checked = bundled(methodology_id)
    fraction = st.floats(0, 1)
    tables: dict[str, tuple[Band, ...]] = {}
    for pname, param in checked.methodology.parameters.items():
        if isinstance(param, ProjectParameter) and param.table is not None:
            lo, hi = _range(param)
            tables[pname] = _table(lo, hi, data.draw(st.lists(fraction, min_size=3, max_size=3)))
    compiled = CompiledMethodology.build(checked, tables)
    env: dict[str, Any] = {}
    for pname, param in checked.methodology.parameters.items():
        if pname in tables or (isinstance(param, DefaultParameter) and param.table is not None):
            continue
        shape = _shape(compiled, pname)
        if isinstance(param, ProjectParameter) and param.choices is not None:
            option = data.draw(st.integers(1, len(param.choices)))  # the option's position
            env[pname] = np.full(shape, float(option))
            continue
        lo, hi = _range(param)
        draws = data.draw(
            st.lists(fraction, min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))
        )
        env[pname] = lo + (hi - lo) * np.array(draws).reshape(shape)
    assert name not in tables  # no bundled table has a definite direction yet
    lo, hi = _range(checked.methodology.parameters[name])
    step = data.draw(st.floats(1e-6, 1.0)) * (hi - lo) / 4
    before = compiled.evaluate(env, PERIODS)
    raised = dict(env)
    raised[name] = np.minimum(env[name] + step, hi)
    after = compiled.evaluate(raised, PERIODS)
    outputs = checked.methodology.outputs
    er_before = before[outputs.emission_reductions][:, 0]
    er_after = after[outputs.emission_reductions][:, 0]
    scale = np.abs(before[outputs.reference_emissions]) + np.abs(before[outputs.project_emissions])
    noise = 1e-9 * (1.0 + scale[:, 0])
    change = er_after - er_before
    if BUNDLED[methodology_id][name] is R:
        assert (change >= -noise).all(), (change, env)
    else:
        assert (change <= noise).all(), (change, env)
