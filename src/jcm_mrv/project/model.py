"""The project file format, as pydantic models.

A project file (``kind: project``) says which methodology a registered JCM project
applies, the project-specific values fixed ex ante, the monitoring points, the
monitoring option chosen for each monitored parameter, the monitoring data files and
the monitoring periods. Paths in it are relative to the project file.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from jcm_mrv.fileformats.dateformats import date_format_problem
from jcm_mrv.fileformats.filemodel import FileModel
from jcm_mrv.methodology.model import (
    ID_PATTERN,
    SYMBOL_PATTERN,
    Band,
    MonitoringOption,
    Number,
    Text,
    UnitText,
)
from jcm_mrv.project.allocation import AllocationSettings


class MethodologyRef(FileModel):
    """Which methodology the project applies."""

    id: Annotated[str, Field(pattern=ID_PATTERN)] = Field(
        title="Identifier",
        description="Methodology identifier, e.g. 'JCM_TH_AM001' (or a draft: 'DRAFT_VN_…').",
    )
    version: Annotated[str, Field(pattern=r"^[0-9]{2}\.[0-9]+$")] = Field(
        title="Version", description='Methodology version as a quoted string, e.g. "01.0".'
    )
    path: str | None = Field(
        default=None,
        title="Path",
        description=(
            "A methodology file, relative to the project file; without it the bundled "
            "methodology with this id and version is used."
        ),
    )


class Calibration(FileModel):
    """A calibration of a meter; it may correct the readings (see docs/calibration.md)."""

    date: datetime.date = Field(title="Date", description="Date of the calibration.")
    certificate: str | None = Field(
        default=None, title="Certificate", description="Certificate number or reference."
    )
    error: Number | None = Field(
        default=None,
        title="Error found",
        description="Relative error found by the calibration (0.005 = 0.5 %).",
    )
    valid_until: datetime.date | None = Field(
        default=None,
        title="Valid until",
        description=(
            "Last day the calibration is valid (from the certificate, or the calibration "
            "frequency of the monitoring plan); default: until the next calibration."
        ),
    )
    parameters: list[Annotated[str, Field(pattern=SYMBOL_PATTERN)]] | None = Field(
        default=None,
        min_length=1,
        title="Parameters",
        description=(
            "The monitored parameters whose readings the calibrated meter gives; default: "
            "every monitored parameter that varies by monitoring point. A parameter "
            "without the point index is corrected only where a record names it."
        ),
    )

    @model_validator(mode="after")
    def _validity_after_date(self) -> Calibration:
        if self.valid_until is not None and self.valid_until < self.date:
            raise ValueError(
                f"valid_until ({self.valid_until}) is before the calibration date ({self.date})"
            )
        return self


class Meter(FileModel):
    """One meter in a monitoring point's history, for register (cumulative) readings.

    Readings dated from ``installed`` to ``removed`` (both inclusive) are this meter's;
    its ``initial_reading`` at ``installed`` and ``final_reading`` at ``removed`` close
    the intervals on either side of a replacement.
    """

    serial: Text = Field(title="Serial", description="The meter's serial number or identifier.")
    installed: datetime.datetime | None = Field(
        default=None,
        title="Installed",
        description=(
            "When the meter started measuring the point (a date is its 00:00); default: "
            "before every reading (only the first meter may omit it)."
        ),
    )
    removed: datetime.datetime | None = Field(
        default=None,
        title="Removed",
        description=(
            "When the meter stopped measuring the point (a date is its 00:00); default: "
            "still in service (only the last meter may omit it)."
        ),
    )
    initial_reading: Number | None = Field(
        default=None,
        title="Initial reading",
        description="The register's reading when the meter was installed (needed after a "
        "replacement).",
    )
    final_reading: Number | None = Field(
        default=None,
        title="Final reading",
        description="The register's reading when the meter was removed (needed before a "
        "replacement).",
    )
    rollover: Annotated[float, Field(gt=0)] | None = Field(
        default=None,
        title="Rollover",
        description=(
            "The register's modulus: it counts up to this value, then restarts at 0 "
            "(100000 for a five-digit register). Default: it never rolls over, and a "
            "reading lower than the one before is an error."
        ),
    )
    unit: UnitText | None = Field(
        default=None,
        title="Unit",
        description=(
            "Unit of initial_reading, final_reading and rollover; default: the unit of the "
            "register column in the data file."
        ),
    )


class MonitoringPoint(FileModel):
    """A monitoring point: one metered unit of equipment (an index value, e.g. i = INV-01)."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")] = Field(
        title="Identifier", description="Identifier used in the monitoring data, e.g. 'INV-01'."
    )
    description: str | None = Field(
        default=None, title="Description", description="What is monitored here."
    )
    meter: str | None = Field(
        default=None, title="Meter", description="Meter identifier or serial number."
    )
    accuracy_class: str | None = Field(
        default=None,
        title="Accuracy class",
        description=(
            "Meter accuracy class, e.g. '0.5S'; a class written as a number (with an "
            "optional S or %) names the permissible error in percent."
        ),
    )
    permissible_error: Annotated[float, Field(gt=0, lt=1)] | None = Field(
        default=None,
        title="Permissible error",
        description=(
            "The meter's maximum permissible relative error (0.005 = 0.5 %); default: the "
            "percentage the accuracy class names."
        ),
    )
    calibrations: list[Calibration] = Field(
        default_factory=list, title="Calibrations", description="Calibration history."
    )
    meters: list[Meter] = Field(
        default_factory=list,
        title="Meter history",
        description=(
            "The meters that served the point, in order, for register readings: "
            "replacements and register rollover (see docs/project-format.md)."
        ),
    )


class ParameterValue(FileModel):
    """A project-specific value: one number, one number per monitoring point, or an option.

    In the file, a bare number is short for ``{value: number}`` in the methodology's unit,
    and a bare text for ``{choice: text}`` (an option of a choice parameter).
    """

    choice: str | None = Field(
        default=None,
        title="Choice",
        description=(
            "For a parameter the methodology declares with choices: the option that applies "
            "to the project, e.g. 'off-grid'."
        ),
    )
    value: Number | None = Field(
        default=None, title="Value", description="The value (for a parameter without index)."
    )
    values: dict[str, Number | None] | None = Field(
        default=None,
        title="Values by monitoring point",
        description="One value per monitoring point id (for a parameter indexed by point).",
    )
    bands: list[Band] | None = Field(
        default=None,
        title="Bands of a lookup table",
        description=(
            "For a parameter the methodology declares as a lookup table: its bands (min "
            "inclusive, max exclusive, in the table's key unit; value in 'unit'), as the "
            "approved methodology's table gives them."
        ),
    )
    unit: UnitText | None = Field(
        default=None,
        title="Unit",
        description="Unit of the value(s); default: the methodology's unit for the parameter.",
    )
    source: str | None = Field(
        default=None, title="Source", description="Where the value comes from (PDD, datasheet)."
    )

    @model_validator(mode="before")
    @classmethod
    def _bare_number(cls, data: Any) -> Any:
        if data is None:  # "EF_RE: null  # FILL IN" in a template: not filled in yet
            return {}
        if isinstance(data, int | float) and not isinstance(data, bool):
            try:
                return {"value": float(data)}
            except OverflowError:  # an integer beyond the largest float (1.8e308)
                raise ValueError("the number is too large") from None
        if isinstance(data, str):
            return {"choice": data}
        return data


class DataFile(FileModel):
    """A monitoring data file (CSV or Excel .xlsx)."""

    path: Text = Field(title="Path", description="The file, relative to the project file.")
    layout: Literal["wide", "long", "mrs"] = Field(
        default="wide",
        title="Layout",
        description=(
            "wide: a row per timestamp or period and point, a column per parameter "
            "('EG_i_p [kWh]'); long: a row per period, point and parameter with value and "
            "unit; mrs: the MRS(input) sheet of a Monitoring Spreadsheet in its official "
            "layout (title block, enumerator row (a)…(k), printed symbols)."
        ),
    )
    sheet: str | None = Field(
        default=None, title="Sheet", description="Worksheet of an .xlsx file (default: the first)."
    )
    encoding: str | None = Field(
        default=None,
        title="Encoding",
        description="Text encoding of a CSV file (default: UTF-8, else CP932/Shift-JIS).",
    )
    point: str | None = Field(
        default=None,
        title="Monitoring point",
        description="All rows belong to this monitoring point (when the file has no point column).",
    )
    header_row: Annotated[int, Field(ge=1)] | None = Field(
        default=None,
        title="Header row",
        description=(
            "The row (1-based) holding the column names, for a sheet with a title block "
            "above its table; default: the first row that is not blank."
        ),
    )
    timestamps: Literal["start", "end"] = Field(
        default="start",
        title="Timestamps",
        description="Whether a reading's timestamp marks the start or the end of its interval.",
    )
    decimal: Literal["point", "comma"] | None = Field(
        default=None,
        title="Decimal mark",
        description=(
            "How text cells write the decimal mark. Undeclared: the point, and a cell that "
            "reads two ways (66,201) is refused."
        ),
    )
    thousands: Literal["none", "comma", "point", "space", "apostrophe"] | None = Field(
        default=None,
        title="Thousands separator",
        description=(
            "The separator of digit groups in text cells (default when 'decimal' is "
            "declared: none). It must differ from the decimal mark."
        ),
    )
    delimiter: Literal["comma", "semicolon", "tab"] | None = Field(
        default=None,
        title="Delimiter",
        description="The field separator of a CSV file (default: detected from the header row).",
    )
    date_format: Annotated[str, Field(min_length=2, max_length=64)] | None = Field(
        default=None,
        title="Date format",
        description=(
            "How the timestamp column is written, as a strftime format: '%d/%m/%Y' (a day), "
            "'%Y-%m' (a month), '%Y-%m-%d %H:%M' (an instant). A value without a time of "
            "day is the amount of the whole day, month or year it names. Default: ISO 8601 "
            "or '2025/1/1 0:15'."
        ),
    )

    interval: Annotated[str, Field(pattern=r"^[1-9][0-9]{0,3}(min|h|d|mo)$")] | None = Field(
        default=None,
        title="Reading interval",
        description=(
            "How often readings are taken: '15min', '1h', '1d', '1mo'. Default: inferred "
            "from the readings (and reported in each period's coverage records)."
        ),
    )
    registers: list[Annotated[str, Field(pattern=SYMBOL_PATTERN)]] = Field(
        default_factory=list,
        title="Register columns",
        description=(
            "Monitored parameters whose values in this file are cumulative meter index "
            "(register) readings rather than amounts per interval: the amount of an "
            "interval is the difference between consecutive readings of the same point."
        ),
    )
    substitute: Literal["max-rate"] | None = Field(
        default=None,
        title="Gap substitute",
        description=(
            "How a gap in a parameter whose increase lowers ER is filled: 'max-rate', the "
            "highest rate observed in the period applied to the missing time. Default: such "
            "a gap is an error."
        ),
    )

    @model_validator(mode="after")
    def _formats_agree(self) -> DataFile:
        if self.thousands is not None and self.thousands == (self.decimal or "point"):
            raise ValueError(
                f"thousands: {self.thousands} is also the decimal mark; declare "
                "'decimal: comma' (or another thousands separator)"
            )
        if self.date_format is not None:
            problem = date_format_problem(self.date_format)
            if problem is not None:
                raise ValueError(f"date_format {self.date_format!r} cannot be used: {problem}")
        return self


class ParametersSheet(FileModel):
    """A Monitoring Spreadsheet whose table of project-specific values the project uses."""

    path: Text = Field(
        title="Path", description="The .xlsx workbook, relative to the project file."
    )
    sheet: str | None = Field(
        default=None,
        title="Sheet",
        description="The input sheet holding the table (default: MRS(input), else MPS(input)).",
    )


class Period(FileModel):
    """A monitoring period (first and last day inclusive)."""

    id: Annotated[str, Field(min_length=1, max_length=32)] = Field(
        title="Identifier", description="Period identifier used in reports, e.g. '2025'."
    )
    start: datetime.date = Field(title="Start", description="First day of the period.")
    end: datetime.date = Field(title="End", description="Last day of the period (inclusive).")


class MonitoringPlan(FileModel):
    """The registered monitoring plan: the options it fixes for the monitored parameters."""

    document: Text = Field(
        title="Document",
        description="The registered Monitoring Plan Sheet (or PDD) and its version.",
    )
    date: datetime.date | None = Field(
        default=None, title="Date", description="Date of registration of the plan."
    )
    options: dict[Annotated[str, Field(pattern=SYMBOL_PATTERN)], MonitoringOption] = Field(
        default_factory=dict,
        title="Monitoring options",
        description=(
            "The option (A, B or C) the registered plan fixes for each monitored parameter."
        ),
    )


class Attestation(FileModel):
    """The evidence that a documentary eligibility criterion is met."""

    document: Text = Field(
        title="Evidence document",
        description=(
            "The document that shows the criterion is met, e.g. 'Chiller spec sheet rev. 2'."
        ),
    )
    date: datetime.date = Field(title="Date", description="Date of the document or attestation.")


class Screening(FileModel):
    """What the financing programme screens an application on (primer section 9)."""

    investment: Annotated[float, Field(ge=0)] = Field(
        title="Investment", description="The project's total investment, in yen."
    )
    subsidy: Annotated[float, Field(ge=0)] = Field(
        title="Subsidy", description="The subsidy applied for, in yen."
    )
    annual_savings: Annotated[float, Field(gt=0)] = Field(
        title="Annual savings",
        description="The cost savings the equipment brings each year, in yen.",
    )
    cost_effectiveness_threshold: Annotated[float, Field(gt=0)] = Field(
        default=4000,
        title="Cost-effectiveness threshold",
        description="The most subsidy per tCO2 reduced the programme accepts (yen/tCO2).",
    )
    payback_threshold_years: Annotated[float, Field(gt=0)] = Field(
        default=3,
        title="Payback threshold",
        description="The investment payback, in years, the programme expects at least.",
    )


class Estimates(FileModel):
    """The ex-ante estimate: an estimated annual value of every monitored parameter."""

    values: dict[Annotated[str, Field(pattern=SYMBOL_PATTERN)], Number | dict[str, Number]] = Field(
        title="Estimated annual values",
        description=(
            "Per monitored parameter, its estimated value over one year in the "
            "methodology's unit: one number, or one per monitoring point."
        ),
    )
    crediting_years: Annotated[int, Field(ge=1, le=100)] = Field(
        title="Crediting period",
        description="The number of years of the crediting period.",
    )
    durable_years: Annotated[int, Field(ge=1, le=100)] = Field(
        title="Legal durable years",
        description="The legal durable years of the equipment.",
    )
    screening: Screening | None = Field(
        default=None,
        title="Programme screening",
        description="Investment, subsidy and savings for the programme's screening.",
    )


class Project(FileModel):
    """A registered JCM project and its monitoring."""

    kind: Literal["project"] = Field(title="Kind", description="Always 'project'.")
    id: Annotated[str, Field(pattern=r"^[A-Z]{2}[0-9]{3}$")] = Field(
        title="Identifier", description="Project identifier, e.g. 'ID009' or 'TH021'."
    )
    title: Text = Field(title="Title", description="Project title.")
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = Field(
        title="Partner country", description="ISO 3166-1 alpha-2 code of the partner country."
    )
    methodology: MethodologyRef = Field(
        title="Methodology", description="The approved methodology the project applies."
    )
    monitoring_points: list[MonitoringPoint] = Field(
        min_length=1,
        title="Monitoring points",
        description="The points (equipment units) of the methodology's index, in report order.",
    )
    parameters: dict[Annotated[str, Field(pattern=SYMBOL_PATTERN)], ParameterValue] = Field(
        default_factory=dict,
        title="Project-specific parameters",
        description="Values of the methodology's project-specific parameters.",
    )
    parameters_from: ParametersSheet | None = Field(
        default=None,
        title="Project-specific values from a Monitoring Spreadsheet",
        description=(
            "A workbook in the Monitoring Spreadsheet layout whose table of project-specific "
            "parameters fixed ex ante gives the values not listed under 'parameters' "
            "(see docs/monitoring-spreadsheet.md)."
        ),
    )
    monitoring_options: dict[Annotated[str, Field(pattern=SYMBOL_PATTERN)], MonitoringOption] = (
        Field(
            default_factory=dict,
            title="Monitoring options",
            description="The option (A, B or C) chosen for each monitored parameter.",
        )
    )
    data: list[DataFile] = Field(
        min_length=1, title="Monitoring data", description="The monitoring data files."
    )
    periods: list[Period] = Field(
        min_length=1, title="Monitoring periods", description="The monitoring periods."
    )
    monitoring_plan: MonitoringPlan | None = Field(
        default=None,
        title="Registered monitoring plan",
        description=(
            "The project's registered monitoring plan; 'jcm-mrv verify' reports monitoring "
            "options that differ from it."
        ),
    )
    attestations: dict[Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,16}$")], Attestation] = (
        Field(
            default_factory=dict,
            title="Attestations",
            description=(
                "Evidence for the methodology's documentary eligibility criteria: criterion id "
                "to evidence document and date."
            ),
        )
    )
    allocation: AllocationSettings | None = Field(
        default=None,
        title="Credit allocation",
        description=(
            "How the credits issued are split between the governments and the project "
            "participants: the scheme, its shares and the participants "
            "(see docs/credit-allocation.md)."
        ),
    )
    estimates: Estimates | None = Field(
        default=None,
        title="Ex-ante estimate",
        description=(
            "Estimated annual values of the monitored parameters, the crediting period, "
            "the equipment's durable years and the screening figures "
            "(see docs/estimate.md)."
        ),
    )
