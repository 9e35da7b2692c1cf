"""The catalogue of methodologies: summaries, and each one's tables as records.

``jcm-mrv methodologies list`` and ``show`` and the generated ``docs/methodologies.md``
all render the records built here: :class:`MethodologySummary` for the list,
:class:`MethodologyDetail` for one methodology, whose :class:`ParameterRow` records are
the parameter table of the Monitoring Plan Sheet (symbol, description, unit, kind,
monitoring options, default value and source).

Regenerate the documentation page with::

    python -m jcm_mrv.render.methodology > docs/methodologies.md
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from jcm_mrv.methodology.model import FAMILIES, OPEN_MARK, PERIOD_INDEX
from jcm_mrv.methodology.registry import bundled

if TYPE_CHECKING:
    from jcm_mrv.methodology.checks import CheckedMethodology
    from jcm_mrv.methodology.model import Bounds, Methodology, Parameter, Table

KIND_ORDER = ("monitored", "project", "default")
"""Parameter kinds in the order the Monitoring Plan Sheet lists them."""

KIND_TITLES = {
    "monitored": "Monitored ex post",
    "project": "Project-specific, fixed ex ante",
    "default": "Fixed ex ante by the methodology",
}

_BLANKS = re.compile(r"\s+")


def one_line(text: str | None) -> str:
    """Text with every run of blanks (newlines of folded YAML too) as one space."""
    return _BLANKS.sub(" ", text or "").strip()


DRAFT_NOTICE = "a draft of jcm-mrv, not a JCM methodology"
"""What every listing says of a methodology with status draft."""


@dataclass(frozen=True)
class MethodologySummary:
    """One line of the catalogue: identity, family, country, sectoral scope, status.

    ``unconfirmed`` names the identity fields the file marks as not confirmed from a
    public JCM source; :meth:`shown` gives such a field's text with the ``[open]`` mark.
    """

    id: str
    version: str
    title: str
    countries: tuple[str, ...]
    sectoral_scopes: tuple[int, ...]
    status: str
    file: str
    family: str = ""
    proponent: str = ""
    approved: str = ""
    page: str = ""
    unconfirmed: tuple[str, ...] = ()

    @property
    def is_draft(self) -> bool:
        """True for a draft of ours: not a JCM methodology."""
        return self.status == "draft"

    @property
    def family_title(self) -> str:
        """The family's heading, e.g. ``Solar PV`` (``Other`` without a family)."""
        return FAMILIES.get(self.family, "Other")

    @property
    def status_text(self) -> str:
        """The status as listings show it: a draft says it is not a JCM methodology."""
        return "draft (not a JCM methodology)" if self.is_draft else self.status

    def shown(self, field: str) -> str:
        """An identity field as listings show it, marked ``[open]`` when not confirmed.

        A field a JCM methodology does not state (no proponent, no approval date, no
        page) is ``[open]``; a draft's missing fields are empty (a draft has none).
        """
        if field == "sectoral_scopes":
            value = ", ".join(str(x) for x in self.sectoral_scopes)
        else:
            value = str(getattr(self, field))
        if not value:
            return "" if self.is_draft else OPEN_MARK
        return f"{value} {OPEN_MARK}" if field in self.unconfirmed else value

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "countries": list(self.countries),
            "sectoral_scopes": list(self.sectoral_scopes),
            "status": self.status,
            "jcm_methodology": not self.is_draft,
            "notice": DRAFT_NOTICE if self.is_draft else None,
            "family": self.family or None,
            "proponent": self.proponent or None,
            "approved": self.approved or None,
            "page": self.page or None,
            "unconfirmed": list(self.unconfirmed),
            "file": self.file,
        }


def select(
    summaries: Iterable[MethodologySummary],
    *,
    country: str | None = None,
    family: str | None = None,
    scope: int | None = None,
    status: str | None = None,
) -> list[MethodologySummary]:
    """The summaries that match every filter given (country code, family, scope, status).

    Country codes and families compare case-insensitively.
    """
    return [
        s
        for s in summaries
        if (country is None or country.upper() in s.countries)
        and (family is None or family.lower() == s.family)
        and (scope is None or scope in s.sectoral_scopes)
        and (status is None or status.lower() == s.status)
    ]


@dataclass(frozen=True)
class ParameterRow:
    """One parameter as the Monitoring Plan Sheet lists it.

    ``index`` names what the value varies by, the period ``p`` included for monitored
    parameters; ``default`` is the value (or the lookup table, as text) of a default
    parameter; ``source`` is the source of data; ``required`` is false for an optional
    project-specific value (used only in bounds, see the methodology format).
    """

    symbol: str
    printed: str | None
    description: str
    unit: str
    kind: str
    index: tuple[str, ...]
    options: tuple[str, ...] = ()
    default: str | None = None
    source: str | None = None
    bounds: str | None = None
    measurement: str | None = None
    frequency: str | None = None
    aggregation: str | None = None
    direction: str | None = None
    choices: tuple[str, ...] = ()
    required: bool = True

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return {
            "symbol": self.symbol,
            "printed": self.printed,
            "description": self.description,
            "unit": self.unit,
            "kind": self.kind,
            "index": list(self.index),
            "options": list(self.options),
            "default": self.default,
            "source": self.source,
            "bounds": self.bounds,
            "measurement": self.measurement,
            "frequency": self.frequency,
            "aggregation": self.aggregation,
            "direction": self.direction,
            "choices": list(self.choices) or None,
            "required": self.required,
        }


@dataclass(frozen=True)
class EquationRow:
    """One equation in readable form: ``RE_p = sum(EG_i_p * EF_RE, i)``."""

    symbol: str
    printed: str | None
    description: str
    expression: str
    unit: str
    index: tuple[str, ...]
    output: str | None = None  # "reference emissions", "project emissions", "emission reductions"

    @property
    def equation(self) -> str:
        """The equation as one line: ``symbol = expression``."""
        return f"{self.symbol} = {self.expression}"

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return {
            "symbol": self.symbol,
            "printed": self.printed,
            "description": self.description,
            "expression": self.expression,
            "unit": self.unit,
            "index": list(self.index),
            "output": self.output,
        }


@dataclass(frozen=True)
class CriterionRow:
    """One eligibility criterion: checked by a condition, or attested."""

    id: str
    text: str
    condition: str | None
    attestation: str | None

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return {
            "id": self.id,
            "text": self.text,
            "condition": self.condition,
            "attestation": self.attestation,
        }


@dataclass(frozen=True)
class MethodologyDetail:
    """Everything ``jcm-mrv methodologies show`` prints about one methodology."""

    summary: MethodologySummary
    document: str
    url: str | None
    note: str | None
    description: str | None
    indices: dict[str, str]
    eligibility: tuple[CriterionRow, ...]
    parameters: tuple[ParameterRow, ...]
    equations: tuple[EquationRow, ...]
    rounding: str

    def parameters_of(self, kind: str) -> list[ParameterRow]:
        """The parameters of one kind, in file order."""
        return [p for p in self.parameters if p.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return {
            **self.summary.to_dict(),
            "source": {"document": self.document, "url": self.url, "note": self.note},
            "summary": self.description,
            "indices": dict(self.indices),
            "eligibility": [c.to_dict() for c in self.eligibility],
            "parameters": [p.to_dict() for p in self.parameters],
            "equations": [e.to_dict() for e in self.equations],
            "rounding": self.rounding,
        }


def bundled_summaries() -> list[MethodologySummary]:
    """A summary of every bundled methodology, sorted by identifier and version.

    Uses the identity the registry read from each file (no checks run), so listing
    stays fast; a file whose identity keys have the wrong type shows what can be read.
    """
    return [
        MethodologySummary(
            id=entry.id,
            version=entry.version,
            title=entry.title,
            countries=entry.countries,
            sectoral_scopes=entry.sectoral_scopes,
            status=entry.status,
            file=entry.path.name,
            family=entry.family,
            proponent=entry.proponent,
            approved=entry.approved,
            page=entry.page,
            unconfirmed=entry.unconfirmed,
        )
        for entry in bundled()
    ]


def summarise(methodology: Methodology, file: str) -> MethodologySummary:
    """The summary of a loaded methodology."""
    return MethodologySummary(
        id=methodology.id,
        version=methodology.version,
        title=methodology.title,
        countries=tuple(methodology.countries),
        sectoral_scopes=tuple(methodology.sectoral_scopes),
        status=methodology.status,
        file=file,
        family=methodology.family or "",
        proponent=methodology.proponent or "",
        approved=methodology.approved.isoformat() if methodology.approved else "",
        page=methodology.source.page or "",
        unconfirmed=tuple(methodology.source.unconfirmed),
    )


def describe(
    methodology: Methodology, file: str = "", checked: CheckedMethodology | None = None
) -> MethodologyDetail:
    """The records ``methodologies show`` renders: parameters, equations, eligibility.

    Each parameter's direction (whether an increase raises or lowers ER) is derived from
    ``checked``, or from checking ``methodology`` again when it is not given; a
    methodology with errors shows no directions.
    """
    return MethodologyDetail(
        summary=summarise(methodology, file),
        document=methodology.source.document,
        url=methodology.source.url,
        note=one_line(methodology.source.note) or None,
        description=one_line(methodology.summary) or None,
        indices={name: one_line(text) for name, text in methodology.indices.items()},
        eligibility=tuple(
            CriterionRow(
                id=c.id,
                text=one_line(c.text),
                condition=readable_expression(c.condition) if c.condition else None,
                attestation=one_line(c.attestation) or None,
            )
            for c in methodology.eligibility
        ),
        parameters=tuple(parameter_rows(methodology, direction_texts(methodology, file, checked))),
        equations=tuple(equation_rows(methodology)),
        rounding=rounding_text(methodology),
    )


def parameter_rows(
    methodology: Methodology, directions: Mapping[str, str] | None = None
) -> list[ParameterRow]:
    """The parameter table of the Monitoring Plan Sheet: monitored, project, default.

    ``directions`` gives each parameter's direction (see :func:`_directions`).
    """
    rows = [
        replace(_parameter_row(name, p), direction=(directions or {}).get(name))
        for name, p in methodology.parameters.items()
    ]
    return sorted(rows, key=lambda row: KIND_ORDER.index(row.kind))


def direction_texts(
    methodology: Methodology, file: str = "", checked: CheckedMethodology | None = None
) -> dict[str, str]:
    """Each parameter's derived direction (``raises``, ``lowers``, ``unchanged`` or
    ``depends``, see :mod:`jcm_mrv.methodology.direction`); none for a file with errors."""
    from jcm_mrv.fileformats.yamlfile import YamlDocument
    from jcm_mrv.findings import has_errors
    from jcm_mrv.methodology.checks import check_methodology
    from jcm_mrv.methodology.direction import directions

    if checked is None:
        checked = check_methodology(methodology, YamlDocument(file=file))
    if has_errors(checked.findings):
        return {}
    return {name: direction.value for name, direction in directions(checked).items()}


def _parameter_row(name: str, param: Parameter) -> ParameterRow:
    from jcm_mrv.methodology.model import DefaultParameter, MonitoredParameter

    index = tuple(param.index)
    common: dict[str, Any] = {
        "symbol": name,
        "printed": param.symbol,
        "description": one_line(param.description),
        "unit": param.unit,
        "kind": param.kind,
        "bounds": bounds_text(param.bounds),
    }
    if isinstance(param, MonitoredParameter):
        return ParameterRow(
            **common,
            index=(*index, PERIOD_INDEX),
            options=tuple(param.options),
            measurement=one_line(param.measurement) or None,
            frequency=one_line(param.frequency) or None,
            aggregation=param.aggregation,
        )
    if isinstance(param, DefaultParameter):
        default = _number(param.value) if param.value is not None else None
        if param.table is not None:
            default = table_text(param.table)
        return ParameterRow(
            **common, index=index, default=default, source=one_line(param.source) or None
        )
    return ParameterRow(
        **common,
        index=index,
        source=one_line(param.source) or None,
        choices=tuple(param.choices or ()),
        required=param.required,
    )


def equation_rows(methodology: Methodology) -> list[EquationRow]:
    """Every equation in file order, its expression normalised to one readable line."""
    outputs = methodology.outputs
    roles = {
        outputs.reference_emissions: "reference emissions",
        outputs.project_emissions: "project emissions",
        outputs.emission_reductions: "emission reductions",
    }
    return [
        EquationRow(
            symbol=name,
            printed=equation.symbol,
            description=one_line(equation.description),
            expression=readable_expression(equation.expression),
            unit=equation.unit,
            index=tuple(equation.index or ()),
            output=roles.get(name),
        )
        for name, equation in methodology.equations.items()
    ]


def readable_expression(text: str) -> str:
    """A formula normalised to one line with minimal parentheses (as written if unparsable)."""
    from jcm_mrv.formula.errors import FormulaError
    from jcm_mrv.formula.parser import parse
    from jcm_mrv.formula.render import render

    try:
        return render(parse(text))
    except FormulaError:
        return one_line(text)


def bounds_text(bounds: Bounds | None) -> str | None:
    """Bounds as ``0 to 1.5``, ``≥ 0``, ``≤ 10`` or ``0 to Q_PJ_i / COP_PJ_i * duration``.

    An expression side is shown normalised (:func:`readable_expression`); ``None``
    without bounds.
    """
    if bounds is None or (bounds.min is None and bounds.max is None):
        return None
    low, high = (
        None
        if side is None
        else readable_expression(side)
        if isinstance(side, str)
        else _number(side)
        for side in (bounds.min, bounds.max)
    )
    if low is not None and high is not None:
        return f"{low} to {high}"
    if low is not None:
        return f"≥ {low}"
    return f"≤ {high}"


def table_text(table: Table) -> str:
    """A lookup table on one line: ``by cooling capacity [USRt]: < 300: 5.3; 300–450: 5.5``."""
    bands = []
    for band in table.bands:
        if band.min is None and band.max is None:
            where = "any"
        elif band.min is None:
            where = f"< {_number(band.max)}"
        elif band.max is None:
            where = f"≥ {_number(band.min)}"
        else:
            where = f"{_number(band.min)}–{_number(band.max)}"
        bands.append(f"{where}: {_number(band.value)}")
    key = f"{table.key} " if table.key else ""
    return f"by {key}[{table.key_unit}]: " + "; ".join(bands)


def rounding_text(methodology: Methodology) -> str:
    """The rounding rule in words: ``floor to multiples of 1 tCO2 of the exact ER``."""
    r = methodology.rounding
    return f"{r.mode} to multiples of {r.step} tCO2 of the exact ER"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e16 else f"{value:g}"


def bundled_details() -> list[MethodologyDetail]:
    """The detail of every bundled methodology that loads without errors."""
    from jcm_mrv.findings import has_errors
    from jcm_mrv.methodology.loader import load_methodology

    details = []
    for entry in bundled():
        loaded = load_methodology(entry.path)
        if loaded.methodology is not None and not has_errors(loaded.findings):
            details.append(describe(loaded.methodology, entry.path.name, loaded.checked))
    return details
