"""The methodology file format, as pydantic models.

A methodology file is YAML with ``kind: methodology``. These models check its
*structure* (keys, types, allowed values); the semantic checks that need formulas and
units (names, dimensions, cycles, bounds …) live in :mod:`jcm_mrv.methodology.checks`.
The JSON Schema that YAML editors use is generated from these models
(:mod:`jcm_mrv.methodology.schema`), so every field carries a title and description.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, field_validator

from jcm_mrv.fileformats.filemodel import FileModel

PARTNER_COUNTRIES: dict[str, str] = {
    "MN": "Mongolia", "BD": "Bangladesh", "ET": "Ethiopia", "KE": "Kenya",
    "MV": "Maldives", "VN": "Viet Nam", "LA": "Lao PDR", "ID": "Indonesia",
    "CR": "Costa Rica", "PW": "Palau", "KH": "Cambodia", "MX": "Mexico",
    "SA": "Saudi Arabia", "CL": "Chile", "MM": "Myanmar", "TH": "Thailand",
    "PH": "Philippines", "SN": "Senegal", "TN": "Tunisia", "AZ": "Azerbaijan",
    "MD": "Moldova", "GE": "Georgia", "LK": "Sri Lanka", "UZ": "Uzbekistan",
    "PG": "Papua New Guinea", "AE": "United Arab Emirates", "KG": "Kyrgyz Republic",
    "KZ": "Kazakhstan", "UA": "Ukraine", "TZ": "Tanzania", "IN": "India",
}  # fmt: skip
"""The 31 JCM partner countries (February 2026) by ISO 3166-1 alpha-2 code (primer §1)."""

PERIOD_INDEX = "p"
"""The implicit index of monitoring periods."""

DAY_INDEX = "d"
"""The reserved index of calendar days within a period (when a methodology declares it)."""

APPROVED_ID = re.compile(r"^JCM_(?P<country>[A-Z]{2})_AM[0-9]{3}$")
"""An approved JCM methodology: ``JCM_XX_AMnnn`` (primer §2)."""

PROPOSED_ID = re.compile(r"^(?P<country>[A-Z]{2})_PM[0-9]{3}$")
"""A proposed JCM methodology: ``XX_PMnnn`` (primer §2)."""

DRAFT_ID = re.compile(r"^DRAFT_(?P<country>[A-Z]{2})(?:_[A-Z0-9]+)+$")
"""A methodology of our own, not a JCM one: ``DRAFT_<CC or XX>_<TOPIC>``.

Its form cannot be mistaken for a JCM identifier; ``XX`` stands for several countries.
"""

ID_PATTERN = r"^(JCM_[A-Z]{2}_AM[0-9]{3}|[A-Z]{2}_PM[0-9]{3}|DRAFT_[A-Z]{2}(_[A-Z0-9]+)+)$"
"""Every identifier form the format accepts (approved, proposed, draft)."""

MULTI_COUNTRY = "XX"
"""The country part of a draft identifier that applies to several countries."""

FAMILIES: dict[str, str] = {
    "solar-pv": "Solar PV",
    "hydro": "Small hydro",
    "wind": "Wind power",
    "biomass": "Biomass and waste-to-energy power",
    "chiller": "Chillers",
    "refrigeration": "Refrigeration and cold chain",
    "air-conditioning": "Air conditioning and buildings",
    "lighting": "LED lighting",
    "heat-pump": "Heat pumps",
    "boiler": "Boilers and heat supply",
    "cogeneration": "Cogeneration",
    "waste-heat-recovery": "Waste-heat-recovery power",
    "loom": "Looms",
    "electrolyser": "Electrolysers",
    "evaporator": "Evaporators",
    "grid-efficiency": "Transmission, distribution and grid efficiency",
    "waste": "Waste, methane and biogas",
    "fluorocarbon": "Fluorocarbon recovery and destruction",
    "transport": "Transport",
    "forestry": "Forestry",
}
"""Technology families (as the methodology catalogue groups them): key → heading."""

IdentityField = Literal["version", "title", "proponent", "approved", "page", "sectoral_scopes"]
IDENTITY_FIELDS: tuple[str, ...] = get_args(IdentityField)
"""Identity fields a methodology file can mark as not confirmed (``source.unconfirmed``)."""

OPEN_MARK = "[open]"
"""How an unconfirmed identity field is shown wherever the methodology is listed."""

UNCONFIRMED = re.compile(r"\[(likely|open)\b[^\]]*\]")
"""The primer's marks of values not confirmed from a public JCM source."""


def id_kind(ident: str) -> Literal["approved", "proposed", "draft", "other"]:
    """Which identifier form ``ident`` has: a JCM approved or proposed id, or a draft of ours."""
    if APPROVED_ID.match(ident):
        return "approved"
    if PROPOSED_ID.match(ident):
        return "proposed"
    if DRAFT_ID.match(ident):
        return "draft"
    return "other"


def id_country(ident: str) -> str | None:
    """The partner-country code an identifier names (``None`` when it has none)."""
    for pattern in (APPROVED_ID, PROPOSED_ID, DRAFT_ID):
        match = pattern.match(ident)
        if match:
            return match.group("country")
    return None


SYMBOL_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
INDEX_PATTERN = r"^[a-z][a-z0-9]*$"


Text = Annotated[str, Field(min_length=1)]
Symbol = Annotated[str, Field(pattern=SYMBOL_PATTERN, max_length=64)]
IndexName = Annotated[str, Field(pattern=INDEX_PATTERN, max_length=16)]
UnitText = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        title="Unit",
        description="A unit in pint syntax: MWh, tCO2/MWh, GJ/t, degC, K, lm/W, dimensionless.",
    ),
]
Number = Annotated[float, Field(allow_inf_nan=False)]


class SourceDocument(FileModel):
    """Where the methodology text comes from."""

    document: Text = Field(
        title="Document",
        description="The approved methodology document, e.g. 'JCM_TH_AM001_ver01.0 (PDF)'.",
    )
    url: str | None = Field(
        default=None, title="URL", description="Where the document is published (not fetched)."
    )
    page: str | None = Field(
        default=None,
        title="Source page",
        description=(
            "The methodology's page on the JCM website, e.g. "
            "'https://www.jcm.go.jp/id-jp/methodologies/27' (not fetched)."
        ),
    )
    note: str | None = Field(
        default=None,
        title="Note",
        description="How faithfully this file follows the document; what is not confirmed.",
    )
    unconfirmed: list[IdentityField] = Field(
        default_factory=list,
        title="Unconfirmed identity fields",
        description=(
            "Identity fields whose value is not confirmed from a public JCM source (version, "
            "title, proponent, approved, page, sectoral_scopes): shown marked [open] wherever "
            "the methodology is listed."
        ),
    )


class Term(FileModel):
    """A term defined in section B of the methodology."""

    term: Text = Field(title="Term", description="The term being defined.")
    definition: Text = Field(title="Definition", description="Its definition.")


class Criterion(FileModel):
    """An eligibility criterion (section D): a checkable condition or an attestation."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,16}$")] = Field(
        title="Identifier", description="Short identifier, e.g. 'C1'."
    )
    text: Text = Field(title="Text", description="The criterion as the methodology states it.")
    condition: str | None = Field(
        default=None,
        title="Condition",
        description=(
            "A formula over project-specific and default parameters that must hold, e.g. "
            "'COP_PJ_i > 6.0'. Indexed parameters must satisfy it for every index value."
        ),
    )
    attestation: str | None = Field(
        default=None,
        title="Attestation",
        description=(
            "For documentary criteria: what the project participant must attest or show, "
            "e.g. 'a maintenance contract exists'."
        ),
    )


GHG = Literal["CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3"]


class EmissionSource(FileModel):
    """An emission source and its greenhouse gases (section E)."""

    source: Text = Field(title="Source", description="The emission source.")
    ghg: list[GHG] = Field(title="GHG types", description="Greenhouse gases from this source.")


class EmissionSources(FileModel):
    """Emission sources of the reference and the project scenario."""

    reference: list[EmissionSource] = Field(
        title="Reference emission sources", description="Sources in the reference scenario."
    )
    project: list[EmissionSource] = Field(
        title="Project emission sources", description="Sources in the project scenario."
    )


BoundExpression = Annotated[
    str,
    Field(
        min_length=1,
        max_length=1000,
        title="Bound expression",
        description=(
            "A formula over project-specific and default parameters and 'duration' (the "
            "length of the reading's interval or of the period, a time), in the "
            "parameter's unit, e.g. 'P_rated_i * duration'. Monitored parameters only."
        ),
    ),
]


class Bounds(FileModel):
    """Plausible range of a parameter; values outside are errors.

    Each side is a number in the parameter's unit, or (for a monitored parameter) an
    expression evaluated per monitoring point with the project's values and the
    duration of each reading's interval and of each period.
    """

    min: Number | BoundExpression | None = Field(
        default=None, title="Minimum", description="Inclusive minimum: a number or an expression."
    )
    max: Number | BoundExpression | None = Field(
        default=None, title="Maximum", description="Inclusive maximum: a number or an expression."
    )

    @property
    def low(self) -> float | None:
        """The minimum when it is a number (``None`` when absent or an expression)."""
        return None if isinstance(self.min, str) else self.min

    @property
    def high(self) -> float | None:
        """The maximum when it is a number (``None`` when absent or an expression)."""
        return None if isinstance(self.max, str) else self.max

    @property
    def expressions(self) -> dict[str, str]:
        """The sides given as expressions: ``{"min": text, "max": text}`` (either or none)."""
        return {
            side: text
            for side, text in (("min", self.min), ("max", self.max))
            if isinstance(text, str)
        }


class Band(FileModel):
    """One band of a lookup table: ``min`` inclusive, ``max`` exclusive."""

    min: Number | None = Field(
        default=None, title="Lower bound", description="Inclusive lower bound (none: unbounded)."
    )
    max: Number | None = Field(
        default=None, title="Upper bound", description="Exclusive upper bound (none: unbounded)."
    )
    value: Number = Field(title="Value", description="The parameter's value in this band.")


class TableKey(FileModel):
    """The key of a lookup table whose bands the project file gives."""

    key_unit: UnitText = Field(
        title="Key unit", description="Unit of the key that selects a band, e.g. 'USRt'."
    )
    key: str | None = Field(
        default=None, title="Key", description="What the key is, e.g. 'cooling capacity'."
    )


class Table(TableKey):
    """A value by band of a key, e.g. reference COP by cooling capacity."""

    bands: list[Band] = Field(
        min_length=1, title="Bands", description="Bands in ascending order, not overlapping."
    )


MonitoringOption = Literal["A", "B", "C"]
Aggregation = Literal["sum", "mean", "min", "max", "last"]


def _symbol_field() -> Any:
    return Field(
        default=None,
        title="Printed symbol",
        description="The symbol as printed in the methodology, e.g. 'EG_{i,p}' or 'EC_PJ,i,p'.",
    )


def _description_field() -> Any:
    return Field(title="Description", description="What the parameter is.")


def _index_field() -> Any:
    return Field(
        default_factory=list,
        title="Index",
        description=(
            "Indices the value varies by besides the monitoring period, e.g. ['i'] for one "
            "value per monitoring point."
        ),
    )


def _bounds_field() -> Any:
    return Field(
        default=None, title="Bounds", description="Plausible range; values outside are errors."
    )


class MonitoredParameter(FileModel):
    """A parameter monitored ex post, once per monitoring period (and point)."""

    kind: Literal["monitored"] = Field(
        title="Kind", description="'monitored': measured during each monitoring period."
    )
    symbol: str | None = _symbol_field()
    description: Text = _description_field()
    unit: UnitText
    index: list[IndexName] = _index_field()
    options: list[MonitoringOption] = Field(
        min_length=1,
        title="Monitoring options",
        description=(
            "Allowed monitoring options: A public data, B transaction amounts (invoices), "
            "C direct measurement."
        ),
    )
    frequency: str | None = Field(
        default=None, title="Frequency", description="Monitoring frequency, e.g. 'continuous'."
    )
    measurement: str | None = Field(
        default=None, title="Measurement", description="Measurement methods and procedures."
    )
    aggregation: Aggregation = Field(
        default="sum",
        title="Aggregation",
        description="How readings within a monitoring period combine (sum for energy).",
    )
    bounds: Bounds | None = _bounds_field()


class DefaultParameter(FileModel):
    """A parameter fixed ex ante by the methodology: a default value or a lookup table."""

    kind: Literal["default"] = Field(
        title="Kind", description="'default': fixed ex ante by the methodology."
    )
    symbol: str | None = _symbol_field()
    description: Text = _description_field()
    unit: UnitText
    index: list[IndexName] = _index_field()
    value: Number | None = Field(
        default=None, title="Default value", description="The default value, in 'unit'."
    )
    table: Table | None = Field(
        default=None,
        title="Lookup table",
        description="Values by band of a key; use in formulas as lookup(NAME, key).",
    )
    source: Text = Field(
        title="Source",
        description=(
            "Where the value comes from; values not confirmed from the approved text carry "
            "the primer's mark, e.g. '[likely]'."
        ),
    )
    bounds: Bounds | None = _bounds_field()


class ProjectParameter(FileModel):
    """A project-specific parameter fixed ex ante (set in the PDD, given in the project file)."""

    kind: Literal["project"] = Field(
        title="Kind", description="'project': project-specific, fixed ex ante in the PDD."
    )
    symbol: str | None = _symbol_field()
    description: Text = _description_field()
    unit: UnitText
    index: list[IndexName] = _index_field()
    source: str | None = Field(
        default=None,
        title="Source",
        description="Where the project takes the value from, e.g. 'manufacturer specification'.",
    )
    table: TableKey | None = Field(
        default=None,
        title="Lookup table from the project",
        description=(
            "A table by band of a key whose bands the project file supplies (e.g. the "
            "approved methodology's reference COP by cooling-capacity band, where its values "
            "are not bundled); use in formulas as lookup(NAME, key)."
        ),
    )
    choices: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,31}$")]] | None = Field(
        default=None,
        min_length=2,
        title="Choices",
        description=(
            "For a declared configuration (unit 'dimensionless', no index, bounds or table): "
            "the options the project chooses from, e.g. [grid, captive, off-grid]. Formulas "
            'compare it with an option: where(SITE == "off-grid", EF_captive, EF_grid).'
        ),
    )
    required: bool = Field(
        default=True,
        title="Required",
        description=(
            "false: the project file may leave the value out. An optional value may be used "
            "only in monitored parameters' bound expressions (a plausibility aid such as a "
            "rated capacity), never in an equation or condition; when it is left out, the "
            "bounds that use it are not checked (a warning says so)."
        ),
    )
    bounds: Bounds | None = _bounds_field()


Parameter = Annotated[
    MonitoredParameter | DefaultParameter | ProjectParameter, Field(discriminator="kind")
]


class Equation(FileModel):
    """An equation: a symbol defined by a formula over parameters and other equations."""

    symbol: str | None = Field(
        default=None, title="Printed symbol", description="The symbol as printed, e.g. 'RE_p'."
    )
    description: Text = Field(title="Description", description="What the equation computes.")
    expression: Text = Field(
        title="Expression",
        description=(
            "The formula: numbers, names, + - * / **, parentheses, and sum(x, i), min, max, "
            "abs, exp, where(condition, a, b), lookup(TABLE, key)."
        ),
    )
    unit: UnitText
    index: list[IndexName] | None = Field(
        default=None,
        title="Index",
        description=(
            "Indices the result varies by, including 'p' for per-period results; checked "
            "against the expression when given."
        ),
    )


class Outputs(FileModel):
    """Which equations give the three results of a monitoring period."""

    reference_emissions: Symbol = Field(
        title="Reference emissions", description="Equation giving RE_p (tCO2 per period)."
    )
    project_emissions: Symbol = Field(
        title="Project emissions", description="Equation giving PE_p (tCO2 per period)."
    )
    emission_reductions: Symbol = Field(
        title="Emission reductions", description="Equation giving ER_p (tCO2 per period)."
    )


class Rounding(FileModel):
    """How a period's emission reductions become whole credits (primer §5)."""

    mode: Literal["floor", "ceil", "half_up", "half_even"] = Field(
        default="floor",
        title="Mode",
        description="Rounding mode; JCM practice floors the period's ER [likely].",
    )
    step: Annotated[int, Field(ge=1)] = Field(
        default=1,
        title="Step",
        description="Rounding step in whole tCO2 (1 = whole tonnes; credits are whole units).",
    )
    tolerance: Annotated[float, Field(ge=0, lt=1)] = Field(
        default=1e-6,
        title="Tolerance",
        description=(
            "Accepted for older files and not used: the rounded ER comes from the exact ER "
            "(rational arithmetic on the inputs as written), so nothing is snapped to a grid."
        ),
    )


class Methodology(FileModel):
    """A JCM approved (or proposed) methodology."""

    kind: Literal["methodology"] = Field(
        title="Kind", description="Always 'methodology' for a methodology file."
    )
    id: Annotated[str, Field(pattern=ID_PATTERN)] = Field(
        title="Identifier",
        description=(
            "Approved 'JCM_XX_AMnnn' or proposed 'XX_PMnnn' (XX: partner country), or a "
            "draft of ours 'DRAFT_XX_TOPIC' (status draft; never in a JCM form)."
        ),
    )
    version: Annotated[str, Field(pattern=r"^[0-9]{2}\.[0-9]+$")] = Field(
        title="Version",
        description='Methodology version as a quoted string, e.g. "02.0" (not 2.0).',
    )
    title: Text = Field(title="Title", description="The methodology's title.")
    countries: list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]] = Field(
        min_length=1,
        title="Partner countries",
        description="ISO 3166-1 alpha-2 codes of the partner countries it applies to.",
    )
    sectoral_scopes: list[Annotated[int, Field(ge=1, le=15)]] = Field(
        min_length=1, title="Sectoral scopes", description="Sectoral scope numbers as in the CDM."
    )
    status: Literal["approved", "proposed", "draft", "inactive"] = Field(
        title="Status",
        description=(
            "Approval status of this methodology version; 'draft' is a methodology of ours, "
            "not a JCM methodology, under a 'DRAFT_…' identifier."
        ),
    )
    family: str | None = Field(
        default=None,
        title="Family",
        description="Technology family: " + ", ".join(FAMILIES) + ".",
        json_schema_extra={"enum": list(FAMILIES)},
    )
    proponent: str | None = Field(
        default=None,
        title="Proponent",
        description="Who proposed the methodology, e.g. 'IGES' or 'Pacific Consultants'.",
    )
    approved: datetime.date | None = Field(
        default=None,
        title="Approval date",
        description="Date the Joint Committee approved this version (YYYY-MM-DD).",
    )
    source: SourceDocument = Field(title="Source", description="The document it is taken from.")
    summary: str | None = Field(
        default=None, title="Summary", description="Section C: summary of the methodology."
    )
    terms: list[Term] = Field(
        default_factory=list, title="Terms", description="Section B: terms and definitions."
    )
    eligibility: list[Criterion] = Field(
        default_factory=list, title="Eligibility", description="Section D: eligibility criteria."
    )
    emission_sources: EmissionSources = Field(
        title="Emission sources", description="Section E: emission sources and GHG types."
    )
    indices: dict[IndexName, Text] = Field(
        default_factory=dict,
        title="Indices",
        description="Indices besides the period 'p', with what they count: {i: 'PV system'}.",
    )
    parameters: dict[Symbol, Parameter] = Field(
        title="Parameters",
        description="Parameters by ASCII symbol (sections F, G and I, and monitored ones).",
    )
    equations: dict[Symbol, Equation] = Field(
        title="Equations", description="Equations by ASCII symbol (sections F, G and H)."
    )
    outputs: Outputs = Field(
        title="Outputs", description="The equations that give RE_p, PE_p and ER_p."
    )
    rounding: Rounding = Field(
        default_factory=Rounding,
        title="Rounding",
        description="How the period's ER is rounded; default: floor to whole tCO2.",
    )

    @field_validator("family")
    @classmethod
    def _known_family(cls, value: str | None) -> str | None:
        if value is not None and value not in FAMILIES:
            raise ValueError("family must be one of: " + ", ".join(FAMILIES))
        return value

    def is_unconfirmed(self, field: str) -> bool:
        """True when the identity ``field`` is marked unconfirmed in ``source.unconfirmed``."""
        return field in self.source.unconfirmed

    def unconfirmed_notes(self) -> list[str]:
        """What a result computed with this methodology rests on that is not confirmed.

        A draft of ours, identity fields marked ``[open]`` (``source.unconfirmed``) and
        default values whose source carries a ``[likely]`` or ``[open]`` mark, one short
        note each (``"version [open]"``, ``"default EF_captive [likely]"``).
        """
        notes = []
        if self.status == "draft":
            notes.append("a draft of jcm-mrv, not a JCM methodology")
        notes += [f"{field} {OPEN_MARK}" for field in self.source.unconfirmed]
        for name, param in self.parameters.items():
            mark = UNCONFIRMED.search(param.source) if isinstance(param, DefaultParameter) else None
            if mark is not None:
                notes.append(f"default {name} [{mark.group(1)}]")
        return notes
