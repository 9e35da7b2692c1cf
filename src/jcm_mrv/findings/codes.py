"""The catalogue of finding codes: stable, documented, greppable.

A code never changes meaning once released. ``docs/findings.md`` is generated from
this module (``python -m jcm_mrv.findings.codes``), and a test fails when it is out of date.

Prefixes: ``Y`` reading YAML (and files in general), ``J`` reading JSON, ``S`` schema,
``F`` formulas, ``U`` units, ``M`` methodology semantics, ``P`` project files,
``D`` monitoring data, ``C`` calculation, ``A`` credit allocation, ``V`` verification.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jcm_mrv.findings import Finding, Severity


@dataclass(frozen=True, slots=True)
class Code:
    """A finding code with its default severity and documentation."""

    code: str
    severity: Severity
    title: str
    explanation: str

    def __call__(self, message: str, *, severity: Severity | None = None, **where: Any) -> Finding:
        """Make a finding of this code; keyword arguments are its location fields."""
        return Finding(code=self.code, severity=severity or self.severity, message=message, **where)


CATALOGUE: dict[str, Code] = {}


def _code(code: str, severity: Severity, title: str, explanation: str) -> Code:
    entry = Code(code, severity, title, explanation)
    if code in CATALOGUE:  # pragma: no cover - guards the catalogue itself
        raise ValueError(f"duplicate finding code {code}")
    CATALOGUE[code] = entry
    return entry


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# --- Y: reading YAML -------------------------------------------------------------
FILE_UNREADABLE = _code(
    "JCM-Y001",
    E,
    "File cannot be read",
    "The file does not exist, is not a regular file, or cannot be opened.",
)
FILE_TOO_LARGE = _code(
    "JCM-Y002",
    E,
    "File too large",
    "YAML files are refused above a size limit (1 MiB) before they are parsed.",
)
NOT_UTF8 = _code(
    "JCM-Y003",
    E,
    "Not UTF-8",
    "Methodology and project files must be UTF-8 text (a BOM is allowed).",
)
YAML_SYNTAX = _code(
    "JCM-Y004", E, "YAML syntax error", "The YAML parser could not read the file at this position."
)
YAML_DUPLICATE_KEY = _code(
    "JCM-Y005",
    E,
    "Duplicate key",
    "A mapping names the same key twice; YAML would silently keep the last one.",
)
YAML_ANCHOR = _code(
    "JCM-Y006",
    E,
    "Anchors and aliases refused",
    "Anchors (&name) and aliases (*name) are refused: they hide repeated content and "
    "allow 'billion laughs' alias bombs.",
)
YAML_TAG = _code(
    "JCM-Y007",
    E,
    "Tags refused",
    "Explicit tags such as !!python/object are refused: files come from strangers and "
    "must only contain plain data.",
)
YAML_NOT_MAPPING = _code(
    "JCM-Y008",
    E,
    "Top level is not a mapping",
    "The file must contain one YAML document whose top level is a mapping.",
)
YAML_KEY_NOT_STRING = _code(
    "JCM-Y009",
    E,
    "Key is not a string",
    "Mapping keys must be plain strings (write 'on:' or '1:' in quotes).",
)
NUMBER_TOO_LONG = _code(
    "JCM-Y010",
    E,
    "Number too long",
    "A number written with more characters (digits, exponent) than the limit "
    "(JCM_MRV_LIMIT_NUMBER_CHARS, default 100) is refused before it is converted.",
)
TEXT_CONTROL_CHARACTERS = _code(
    "JCM-Y011",
    W,
    "Control characters in text",
    "A text value holds control characters (an escape sequence could recolour a "
    "terminal, move its cursor or rename its window). They are kept in the value as "
    "visible escapes (\\x1b), so no output passes them on.",
)

# --- J: reading JSON -------------------------------------------------------------
JSON_SYNTAX = _code(
    "JCM-J001",
    E,
    "JSON syntax error",
    "The JSON parser could not read the file at this position, or its nesting is "
    "deeper than the limit (JCM_MRV_LIMIT_NESTING, default 64).",
)

# --- S: schema --------------------------------------------------------------------
SCHEMA_MISSING = _code(
    "JCM-S001", E, "Missing required key", "A key the format requires is absent."
)
SCHEMA_UNKNOWN = _code(
    "JCM-S002",
    E,
    "Unknown key",
    "A key the format does not know: often a typo (the message suggests the nearest).",
)
SCHEMA_TYPE = _code(
    "JCM-S003",
    E,
    "Wrong type or value",
    "A value has the wrong type or is not allowed here (e.g. a version written as a "
    "number instead of a quoted string).",
)

# --- F: formulas ------------------------------------------------------------------
FORMULA_SYNTAX = _code(
    "JCM-F001", E, "Formula syntax error", "The expression is not valid formula syntax."
)
FORMULA_DISALLOWED = _code(
    "JCM-F002",
    E,
    "Construct not allowed in formulas",
    "Only numbers, names, + - * / **, comparisons, and/or/not, parentheses and the "
    "functions sum, min, max, abs, exp, where and lookup are allowed. Attribute access, "
    "subscripts, lambdas, comprehensions, strings and other calls are refused.",
)
FORMULA_UNKNOWN_NAME = _code(
    "JCM-F003",
    E,
    "Unknown name",
    "The formula names something that is neither a parameter nor an equation "
    "(nor, inside sum(), an index).",
)
FORMULA_ARGUMENTS = _code(
    "JCM-F004",
    E,
    "Wrong function arguments",
    "A function was called with the wrong number or kind of arguments.",
)
FORMULA_CYCLE = _code(
    "JCM-F005",
    E,
    "Cycle among equations",
    "Equations refer to each other in a circle, so none of them can be computed.",
)
FORMULA_INDEX = _code(
    "JCM-F006",
    E,
    "Index error",
    "An index is used where it does not belong: a sum over an index the operand does "
    "not vary by, or an equation whose result still varies by an index it should not.",
)
FORMULA_TYPE = _code(
    "JCM-F007",
    E,
    "Condition where a number is expected (or the reverse)",
    "Comparisons and and/or/not give true/false; arithmetic needs numbers.",
)
FORMULA_CONSTANT = _code(
    "JCM-F008",
    E,
    "Constant part overflows or divides by zero",
    "A part of the formula made of numbers only (such as 9**9**9 or 1/0) has no finite value.",
)
FORMULA_CHOICE = _code(
    "JCM-F009",
    E,
    "Choice used wrongly",
    "A choice parameter (declared with choices: [...]) can only be compared with one of "
    'its options, SITE == "off-grid"; an option text can only be compared with a choice '
    "parameter; and the option must be one the parameter declares.",
)

# --- U: units ---------------------------------------------------------------------
UNIT_UNKNOWN = _code(
    "JCM-U001",
    E,
    "Unknown unit",
    "The unit is not understood (pint syntax, plus tCO2, kgCO2 …; see docs).",
)
UNIT_MISMATCH = _code(
    "JCM-U002",
    E,
    "Dimension mismatch",
    "An equation's expression has a different dimension from its declared unit.",
)
UNIT_INCOMPATIBLE = _code(
    "JCM-U003",
    E,
    "Incompatible operands",
    "Operands of +, -, min, max, where or a comparison have different dimensions.",
)
UNIT_TEMPERATURE = _code(
    "JCM-U004",
    E,
    "Absolute temperature used as a quantity",
    "An absolute temperature (degC, degF) may only enter as a difference of two "
    "temperatures, or plus/minus a temperature difference.",
)
UNIT_EXPONENT = _code(
    "JCM-U005",
    E,
    "Exponent not allowed",
    "A quantity with a dimension can only be raised to a literal number; a "
    "dimensionless base may have any dimensionless exponent.",
)

# --- M: methodology semantics -----------------------------------------------------
MISSING_OUTPUT = _code(
    "JCM-M001",
    E,
    "Missing output",
    "The methodology must name the equations that give reference emissions, project "
    "emissions and emission reductions of a period, and they must exist.",
)
UNUSED_PARAMETER = _code(
    "JCM-M002",
    W,
    "Unused parameter",
    "A parameter is declared but no equation or eligibility condition uses it.",
)
DEFAULT_OUT_OF_BOUNDS = _code(
    "JCM-M003",
    E,
    "Default value outside its bounds",
    "A default value (or a lookup-table value) lies outside the parameter's own bounds.",
)
ELIGIBILITY_UNKNOWN = _code(
    "JCM-M004",
    E,
    "Eligibility condition names an unknown parameter",
    "An eligibility condition may only use project-specific or default parameters.",
)
DUPLICATE_SYMBOL = _code(
    "JCM-M005",
    E,
    "Name used twice",
    "A name is both a parameter and an equation, or an index shares a parameter's name.",
)
OUTPUT_UNIT = _code(
    "JCM-M006",
    E,
    "Output in a non-emission unit",
    "Reference emissions, project emissions and emission reductions must be masses of "
    "CO2-equivalent (tCO2).",
)
TABLE_BANDS = _code(
    "JCM-M007",
    E,
    "Lookup table bands overlap or are out of order",
    "Bands of a lookup table must be in ascending order and must not overlap.",
)
UNKNOWN_INDEX = _code(
    "JCM-M008",
    E,
    "Unknown index",
    "A parameter is indexed by an index the methodology does not declare.",
)
DUPLICATE_ID = _code(
    "JCM-M009",
    E,
    "Duplicate identifier",
    "Two eligibility criteria (or methodologies in one run) share an identifier.",
)

UNKNOWN_COUNTRY = _code(
    "JCM-M010",
    W,
    "Not a JCM partner country",
    "A country code is not one of the 31 JCM partner countries (February 2026), or the "
    "identifier's country is missing from the list.",
)
RESERVED_NAME = _code(
    "JCM-M011",
    E,
    "Reserved name",
    "A parameter, equation or index is named like a formula keyword or function (sum, "
    "min, max, abs, exp, where, lookup, and, or, not, if, None, True …), so no formula could "
    "use it.",
)
DRAFT_IDENTITY = _code(
    "JCM-M012",
    E,
    "Identifier and status disagree",
    "A draft (status draft: a methodology of ours, not a JCM methodology) must have an "
    "identifier that cannot be mistaken for a JCM one, DRAFT_<country>_<TOPIC>; an "
    "identifier in a JCM form (JCM_XX_AMnnn, XX_PMnnn) is refused for it. The reverse too: a "
    "DRAFT_ identifier must have status draft and no approval date.",
)

BOUND_EXPRESSION = _code(
    "JCM-M013",
    E,
    "Bound expression not allowed",
    "A parameter's bound given as an expression must be a monitored parameter's, and may "
    "use only project-specific and default parameters and 'duration' (the length of the "
    "reading's interval or of the period); it cannot use monitored parameters or equations.",
)
BOUND_UNIT = _code(
    "JCM-M014",
    E,
    "Bound in the wrong unit",
    "A bound expression must give a value of the parameter's dimension (for an amount of "
    "energy, a power times 'duration'); a bound in another dimension cannot be compared "
    "with the parameter's values.",
)
OPTIONAL_PARAMETER_USED = _code(
    "JCM-M015",
    E,
    "Optional parameter used where a value is needed",
    "A project-specific parameter declared 'required: false' may be left out of the "
    "project file, so it may be used only in monitored parameters' bound expressions (a "
    "plausibility aid such as a rated capacity); an equation or an eligibility condition "
    "that uses it would have no value to compute with. Declare it required, or use it "
    "only in bounds.",
)

# --- P: project files -------------------------------------------------------------
METHODOLOGY_NOT_FOUND = _code(
    "JCM-P001",
    E,
    "Methodology not found",
    "The project names a methodology (id and version) that is neither bundled nor at the "
    "given path, or the file at the path has another id or version.",
)
METHODOLOGY_INVALID = _code(
    "JCM-P002",
    E,
    "Methodology has errors",
    "The methodology the project applies does not validate; fix it first.",
)
PARAMETER_MISSING = _code(
    "JCM-P003",
    E,
    "Project-specific value missing",
    "The methodology needs a project-specific value the project file does not give.",
)
PARAMETER_UNKNOWN = _code(
    "JCM-P004",
    E,
    "Not a project-specific parameter",
    "The project gives a value for a name that is not a project-specific parameter of the "
    "methodology (default values are fixed by the methodology; use --set to explore).",
)
POINT_VALUES = _code(
    "JCM-P005",
    E,
    "Values do not match the monitoring points",
    "A parameter indexed by monitoring point needs exactly one value per point "
    "('values: {INV-01: …}'); one without index needs a single 'value'.",
)
VALUE_OUT_OF_BOUNDS = _code(
    "JCM-P006",
    E,
    "Value outside the methodology's bounds",
    "A project-specific value (in the project file or given with --set) lies outside the "
    "bounds the methodology declares, after conversion into the methodology's unit.",
)
MONITORING_OPTION = _code(
    "JCM-P007",
    E,
    "Monitoring option not allowed",
    "The monitoring option chosen for a parameter is not one the methodology allows, or "
    "the parameter is not monitored.",
)
DUPLICATE_POINT = _code(
    "JCM-P008",
    E,
    "Monitoring point or period listed twice",
    "Monitoring point and period identifiers must be unique.",
)
PERIOD_DATES = _code(
    "JCM-P009",
    E,
    "Period dates out of order or overlapping",
    "A period ends before it starts, or overlaps another period.",
)
DATA_FILE_MISSING = _code(
    "JCM-P010",
    E,
    "Data file not found",
    "A monitoring data file named in the project does not exist (paths are relative to "
    "the project file).",
)
COUNTRY_MISMATCH = _code(
    "JCM-P011",
    E,
    "Methodology not for this country",
    "The project's partner country is not among the methodology's countries.",
)
UNSUPPORTED = _code(
    "JCM-P012",
    E,
    "Not supported yet",
    "The methodology uses a feature the calculation engine does not support yet.",
)
OPTION_NOT_CHOSEN = _code(
    "JCM-P013",
    W,
    "Monitoring option not chosen",
    "The methodology allows several monitoring options for a parameter and the project "
    "does not say which one it uses.",
)
OVERRIDE_INVALID = _code(
    "JCM-P014",
    E,
    "Invalid --set override",
    "An override must be NAME=VALUE or NAME[POINT]=VALUE for a project-specific parameter "
    "or a default value (not a lookup table), with a number optionally followed by a unit "
    "that converts to the methodology's; without [POINT], a parameter indexed by "
    "monitoring point takes the value at every point. A value outside the bounds is "
    "JCM-P006, as in the project file.",
)
CHOICE_INVALID = _code(
    "JCM-P015",
    E,
    "Not one of the options",
    "A parameter the methodology declares with choices (a site configuration such as "
    "grid, captive or off-grid) needs one of its options as text; a number is refused, "
    "and so is an option for a parameter that is not a choice.",
)
PATH_REFUSED = _code(
    "JCM-P017",
    E,
    "Path refused",
    "A path in the project file leads outside the project's folder (an absolute path, "
    "'../' climbing out, or a symbolic link that leaves the folder) or names a device, "
    "FIFO, socket or folder. Files are read only from inside the project's folder, or "
    "from folders listed in JCM_MRV_DATA_ROOTS (see docs/security.md).",
)
PARAMETER_TWICE = _code(
    "JCM-P018",
    E,
    "Project-specific value given twice",
    "A project-specific value is given both under 'parameters' in the project file and "
    "in the workbook that 'parameters_from' names; give it in one place only.",
)
PLACEHOLDER_LEFT = _code(
    "JCM-P019",
    E,
    "Value not filled in",
    "A value of the project file that the template leaves to fill in is still null or "
    "still reads 'FILL IN' (e.g. the allocation's partner share or a participant's name).",
)
CALIBRATION_PARAMETER_UNKNOWN = _code(
    "JCM-P022",
    E,
    "Calibration names an unknown parameter",
    "A calibration record's 'parameters' names a symbol that is not a monitored parameter "
    "of the methodology, or the calibrations of two monitoring points name the same "
    "parameter that does not vary by point (whose readings then have two meters).",
)
CALIBRATION_TWICE = _code(
    "JCM-P023",
    E,
    "Two calibrations on one day",
    "A monitoring point records two calibrations of the same parameter's meter on the same "
    "day, so which one the readings follow is unclear; keep one, or name each meter's "
    "parameters in 'parameters'.",
)
BOUND_NOT_CHECKED = _code(
    "JCM-P024",
    W,
    "Bound not checked: optional value left out",
    "A monitored parameter's bound uses an optional project-specific value (declared "
    "'required: false', e.g. a PV system's rated output) that the project file does not "
    "give, so the monitoring data are not checked against that bound; one warning per "
    "value, whose hint says what to add under 'parameters'. The result is not affected; "
    "'--strict' makes the warning fail the run.",
)
METER_HISTORY_ORDER = _code(
    "JCM-P020",
    E,
    "Meter history out of order",
    "A monitoring point's 'meters' must be listed in the order they served, each "
    "removed no later than the next was installed, and each installed before it was "
    "removed: two meters cannot measure the same point at once.",
)
METER_HISTORY_INCOMPLETE = _code(
    "JCM-P021",
    E,
    "Meter history or register declaration cannot be used",
    "A meter replaced by another needs its 'removed' time and 'final_reading', the meter "
    "that replaces it its 'installed' time and 'initial_reading'; readings must lie "
    "below the meter's 'rollover'; a data file's 'registers' must name summed monitored "
    "parameters of the methodology that are not read per day, in a wide or long file.",
)
# --- D: monitoring data -----------------------------------------------------------
DATA_UNREADABLE = _code(
    "JCM-D001",
    E,
    "Data file cannot be read",
    "A monitoring data file does not exist, cannot be opened, or is not a CSV, xlsx, "
    "Parquet or Arrow file (save legacy .xls workbooks as .xlsx).",
)
DATA_ENCODING = _code(
    "JCM-D002",
    E,
    "Data file cannot be decoded",
    "A CSV file is neither UTF-8 nor CP932 (Shift-JIS), or not in the encoding the "
    "project file declares for it. The finding names the first row that fails.",
)
DATA_EMPTY = _code(
    "JCM-D003",
    E,
    "No data rows",
    "The file (or sheet) is empty or holds a header but no data rows.",
)
DATA_SHEET_MISSING = _code(
    "JCM-D004",
    E,
    "Sheet does not exist",
    "The workbook has no sheet of the declared name; the message lists the sheets.",
)
DATA_COLUMN_MISSING = _code(
    "JCM-D005",
    E,
    "Required column missing",
    "The header lacks a column the layout needs: a timestamp or period column, a point "
    "column (unless the source declares its point), or parameter/value/unit in a long "
    "file.",
)
DATA_NO_UNIT = _code(
    "JCM-D006",
    E,
    "Column header without a unit",
    "A parameter column must carry its unit in the header, as in 'EG_i_p [kWh]'.",
)
DATA_UNIT_UNKNOWN = _code(
    "JCM-D007",
    E,
    "Unknown unit in data",
    "A unit in a column header or unit column is not understood.",
)
DATA_UNIT_INCOMPATIBLE = _code(
    "JCM-D008",
    E,
    "Unit does not convert",
    "A unit in the data measures a different quantity from the methodology's unit for "
    "the parameter (e.g. kW for an energy in MWh).",
)
DATA_NOT_A_NUMBER = _code(
    "JCM-D009",
    E,
    "Not a number",
    "A cell that must hold a number holds text. It is never read as zero or skipped.",
)
DATA_BAD_TIMESTAMP = _code(
    "JCM-D010",
    E,
    "Timestamp not understood",
    "Timestamps are ISO 8601 (2025-01-01T00:15, 2025-01-01 00:15:00), Japanese Excel "
    "style (2025/01/01 0:15) or xlsx date cells, in local time without a time zone.",
)
DATA_UNKNOWN_POINT = _code(
    "JCM-D011",
    E,
    "Unknown monitoring point",
    "Rows name a monitoring point the project does not declare.",
)
DATA_UNKNOWN_PERIOD = _code(
    "JCM-D012",
    E,
    "Unknown monitoring period",
    "Rows name a monitoring period the project does not declare.",
)
DATA_MISSING_KEY = _code(
    "JCM-D013",
    E,
    "Row without timestamp, period or point",
    "A row holds values but its timestamp, period or point cell is empty.",
)
DATA_UNCACHED_FORMULA = _code(
    "JCM-D014",
    E,
    "Formula without a stored value",
    "An xlsx cell holds a formula whose result was never saved (files written by "
    "scripts rather than Excel). Open and save the file in Excel, or write values.",
)
DATA_OUT_OF_BOUNDS = _code(
    "JCM-D015",
    E,
    "Value outside the methodology's bounds",
    "A reading or a period's value lies outside the parameter's minimum or maximum.",
)
DATA_DUPLICATE = _code(
    "JCM-D016",
    E,
    "Duplicated reading",
    "The same point and parameter has two readings for one timestamp (or one period), "
    "in one file or across files.",
)
DATA_MISSING = _code(
    "JCM-D017",
    E,
    "No data for a period",
    "A parameter has no reading for a monitoring period (and point), or, for a parameter "
    "that varies by day (index d), for a day of the period; no value is computed for it.",
)
DATA_OUTSIDE_PERIODS = _code(
    "JCM-D018",
    W,
    "Readings outside every monitoring period",
    "Timestamped readings that fall in no declared period are not used.",
)
DATA_BLANK_CELLS = _code(
    "JCM-D019",
    W,
    "Blank value cells",
    "Rows with an empty cell for a parameter: the reading is missing from the period's "
    "value (which may understate or overstate emission reductions).",
)
DATA_AMBIGUOUS_COLUMN = _code(
    "JCM-D020",
    E,
    "Ambiguous or duplicated column",
    "Two columns hold the same parameter, or could both be the timestamp/point/... column.",
)
DATA_NO_PARAMETERS = _code(
    "JCM-D021",
    W,
    "No monitored parameter in file",
    "A data file has no column (or row) for any parameter the methodology monitors.",
)
DATA_EXTRA_FIELDS = _code(
    "JCM-D022",
    W,
    "Row longer than the header",
    "A row has non-empty fields beyond the header's last column; they are ignored.",
)
DATA_MIXED_KEYS = _code(
    "JCM-D024",
    E,
    "Period value and timestamped readings mixed",
    "A parameter has both a per-period value and timestamped readings for the same "
    "period and point; one of them would be counted twice.",
)
DATA_LIMIT = _code(
    "JCM-D025",
    E,
    "Data file exceeds a limit",
    "A data file (or the project's periods and points) exceeds one of the limits that "
    "keep a run within seconds and bounded memory: file size, line or cell length, rows, "
    "columns, row or column numbers, an xlsx workbook's decompressed size, points, "
    "periods or per-day values. The message names the limit and its environment "
    "variable (see docs/security.md).",
)
DATA_MALFORMED = _code(
    "JCM-D026",
    E,
    "Malformed data file",
    "The file's structure is broken: a quote that is never closed, NUL bytes, line "
    "endings that are a bare CR, or an xlsx cell whose stored value or reference is "
    "invalid.",
)
DATA_UNKNOWN_PARAMETER = _code(
    "JCM-D027",
    W,
    "Parameter not of the methodology",
    "A Monitoring Spreadsheet row names a parameter (as printed, e.g. 'EC_PJ,i,p', or "
    "in ASCII) that is not a parameter of the methodology of that kind; the row is not "
    "read. Parameters are matched through each parameter's printed 'symbol'.",
)
DATA_INTERVAL_SPLIT = _code(
    "JCM-D031",
    E,
    "Reading's interval not inside one period",
    "A timestamp written in a declared date format without a time of day names a whole "
    "day, month or year, and the reading is the amount of that interval. The interval "
    "crosses a monitoring period's boundary (or, for a parameter read per day, is longer "
    "than a day), so the amount cannot be attributed without a guess: the periods (and "
    "points) it touches get no value.",
)
DATA_GAP = _code(
    "JCM-D032",
    W,
    "Gap in the readings",
    "A period lacks readings for some of its reading intervals (the source's declared "
    "'interval', or the one inferred from its readings; see the period's 'coverage' "
    "records). The gap counts as zero where an increase of the parameter raises ER (no "
    "credit for the gap), or does not matter where ER does not depend on it. Where the "
    "effect depends on the values (a chiller's consumption), this is decided per "
    "monitoring point and period from the sign of ER's derivative there.",
)
DATA_GAP_UNFILLED = _code(
    "JCM-D033",
    E,
    "Gap that could raise the credits",
    "A period lacks readings of a parameter whose increase lowers ER: counting the gap "
    "as zero would overstate the credits. Declare 'substitute: max-rate' on the data "
    "file to fill the gap with the highest rate observed in the period. Where the effect "
    "depends on the values (a chiller's consumption), the direction is decided per "
    "monitoring point and period: this error where it lowers ER there without a "
    "substitute, where its sign is not certain (rounding, a switch of the equations), "
    "or where the choice would give the period more ER than counting the gaps as zero "
    "or filling them (a switch lies within a gap): supply the readings. The same for a "
    "parameter aggregated by mean, min, max or last, whose value over the present "
    "readings could overstate ER.",
)
DATA_GAP_FILLED = _code(
    "JCM-D034",
    W,
    "Gap filled with a conservative substitute",
    "A gap in a parameter whose increase lowers ER (everywhere, or at this monitoring "
    "point in this period) was filled as the project declares ('substitute: max-rate': "
    "the highest rate observed in the period, applied to the missing time; corrected "
    "with the readings where a calibration corrects them); the period's 'substitutions' "
    "records say where and how much.",
)
CALIBRATION_ERROR_CORRECTED = _code(
    "JCM-D050",
    W,
    "Readings corrected for a calibration error",
    "A calibration found an error beyond the meter's permissible error (its "
    "'permissible_error', or the percentage its accuracy class names): the readings since "
    "the previous calibration, up to the calibration's date, are corrected by the error in "
    "the conservative direction. The period's 'calibration_corrections' records say which "
    "readings, by what factor and how much (see docs/calibration.md).",
)
CALIBRATION_LATE = _code(
    "JCM-D051",
    W,
    "Readings of a late calibration corrected",
    "A calibration was done after the previous one's validity ended: the readings from the "
    "day after that validity to the calibration's date are corrected by the meter's "
    "permissible error in the conservative direction (see docs/calibration.md).",
)
CALIBRATION_UNDECIDED = _code(
    "JCM-D052",
    E,
    "Calibration correction without a conservative direction",
    "Readings need a calibration correction, and whether an increase of the parameter "
    "raises or lowers ER depends on the values: decided per point and period from the "
    "values, the direction is not certain there (rounding, a switch of the equations), "
    "the correction (with the period's gaps decided the same way) would raise the "
    "period's ER above its value as read or with its gaps filled, or the parameter is "
    "not summed. Correct "
    "the readings from the calibration report and record the result.",
)
CALIBRATION_UNCOVERED = _code(
    "JCM-D053",
    W,
    "Readings no calibration covers",
    "Readings of a parameter at a monitoring point fall on days that no calibration of its "
    "meter covers (before the first calibration, or after the last one's validity) and that "
    "no late calibration corrects; they are used as read.",
)
CALIBRATION_NO_PERMISSIBLE_ERROR = _code(
    "JCM-D054",
    E,
    "Late calibration without a permissible error",
    "A calibration was done after the previous one's validity ended, and the meter has no "
    "permissible error to apply to the late span: declare 'permissible_error' on the "
    "monitoring point, or an accuracy class that names a percentage ('0.5S').",
)
DATA_REGISTER_DECREASE = _code(
    "JCM-D040",
    E,
    "Register reading lower than the one before",
    "A column declared under the data file's 'registers' holds a meter's cumulative "
    "index, so each reading must be at least the one before it at the same point (or "
    "the meter's initial reading, and the meter's final reading at least its last). A "
    "lower reading without a rollover or a meter replacement declared in the point's "
    "'meters' history between them is an error: the interval it closes gets no amount.",
)
DATA_REGISTER_ROLLOVER = _code(
    "JCM-D041",
    E,
    "Implausible register rollover",
    "The meter declares a 'rollover' (its register's modulus: the register counts up to "
    "rollover, then restarts at 0), and a reading is negative or not below it, or a "
    "decrease read as one rollover would mean an amount of half the register or more "
    "(more likely a meter running backwards or a wrong reading than a rollover).",
)
DATA_REGISTER_NO_CREDIT = _code(
    "JCM-D042",
    W,
    "Register interval across a period boundary: no credit",
    "No register reading falls exactly on a period boundary, so the amount between the "
    "last reading before and the first reading after it cannot be split without a "
    "guess. Its parameter's increase raises ER (or ER does not depend on it), so the "
    "amount counts in neither period: the time it spans is a gap that counts as zero.",
)
DATA_REGISTER_COUNTED_TWICE = _code(
    "JCM-D043",
    W,
    "Register interval across a period boundary: counted in full in each",
    "No register reading falls exactly on a period boundary, and the parameter's "
    "increase lowers ER, so the whole amount between the last reading before and the "
    "first reading after the boundary counts in every period it touches (never less "
    "than the true amount in either).",
)
DATA_REGISTER_UNATTRIBUTED = _code(
    "JCM-D044",
    E,
    "Register reading cannot be used",
    "A register reading cannot be attributed without a guess: it falls in no meter's "
    "service in the point's 'meters' history, or at the instant one meter replaced "
    "another; or the register's parameter is not a summed, timestamped one; or the "
    "difference across a period boundary belongs to a parameter whose effect on ER "
    "depends on the values (no rule is conservative there); or a period and point has "
    "both register readings and amounts per interval (the same time could count twice). "
    "The periods it touches get no value.",
)
DATA_OUTLIER = _code(
    "JCM-D045",
    W,
    "Reading far outside its point's distribution",
    "A reading's rate (its value per hour of its interval) lies far from the other readings "
    "of the same parameter at the same monitoring point: more than 8 scales from their "
    "median, among at least 12 readings a day or longer each (the scale: 1.4826 × the "
    "median absolute deviation, at least a quarter of the median). It is used as read; "
    "check it (a typo, a meter fault, a unit).",
)
DATA_BOUND_UNKNOWN = _code(
    "JCM-D046",
    INFO,
    "Bound cannot be evaluated",
    "A bound given as an expression could not be evaluated for a monitoring point (a "
    "project value it uses is missing or not a number) or for a reading whose interval is "
    "not known (no declared or inferable reading interval); those values are not checked "
    "against it.",
)
DATA_READER_MISSING = _code(
    "JCM-D055",
    E,
    "Reader for the data file's format not installed",
    "Parquet and Arrow (Feather) data files are read with pyarrow, an optional "
    "dependency of jcm-mrv: install it with pip install 'jcm-mrv[parquet]' (or read "
    "the data from CSV).",
)

DATA_INTERVAL_INFERRED = _code(
    "JCM-D060",
    INFO,
    "Reading interval inferred from the first readings",
    "A large data source declares no reading 'interval', so it was inferred from the "
    "parameter's first readings (the duplicate and completeness checks keep one bit per "
    "interval slot instead of a key per reading) and applied to the rest. Declare "
    "'interval:' on the data file to set it.",
)
DATA_SLOTS_LIMIT = _code(
    "JCM-D061",
    W,
    "Too many reading intervals to check completeness",
    "The periods, points and reading intervals of a parameter make more interval slots "
    "than the completeness check keeps (one bit each, at most 2**31): completeness is "
    "not checked. Declare a longer 'interval:' or split the periods.",
)
# --- C: calculation ---------------------------------------------------------------
NEGATIVE_ER = _code(
    "JCM-C001",
    W,
    "Negative emission reductions",
    "A period's emission reductions are below zero; no credits are issued for it (0), "
    "never a negative number.",
)
NOT_FINITE = _code(
    "JCM-C003",
    E,
    "No finite result",
    "An output is infinite or not a number: a division by zero, a key outside every band "
    "of a lookup table, or an overflow. No number is reported.",
)
ELIGIBILITY_FAILED = _code(
    "JCM-C004",
    E,
    "Eligibility criterion not met",
    "A machine-checkable eligibility criterion does not hold for the project's values.",
)
ER_UNDECIDED = _code(
    "JCM-C005",
    W,
    "Rounding cannot be decided exactly",
    "A period's ER comes from a non-rational equation (a power with a non-integer "
    "exponent), so it is known only to within a floating-point error bound, and a rounding "
    "boundary lies within that bound. The lower of the two possible figures is issued "
    "(never the higher); rational equations are evaluated exactly and never get this.",
)
ESTIMATE_INVALID = _code(
    "JCM-C006",
    E,
    "Ex-ante estimate cannot be made",
    "The project's 'estimates:' section lacks an estimated value of a monitored "
    "parameter (or of one of its monitoring points), names a parameter that is not "
    "monitored or a point that is not the project's, gives a value outside the "
    "parameter's bounds, or the project has no 'estimates:' section at all.",
)
SCREENING_FAILED = _code(
    "JCM-C007",
    W,
    "Programme screening not passed",
    "The estimate's cost-effectiveness (subsidy per tCO2 over the durable years) is above "
    "the threshold, its investment payback is shorter than the programme expects, or the "
    "annual emission reductions are not positive so no cost-effectiveness exists.",
)
PROJECT_CRASHED = _code(
    "JCM-C008",
    E,
    "Internal error in one project of a portfolio",
    "Calculating this project of a portfolio met a bug in jcm-mrv; the other projects "
    "were calculated all the same. Please report it with the project's files.",
)
# --- A: credit allocation ---------------------------------------------------------
SHARE_NOT_A_NUMBER = _code(
    "JCM-A001",
    E,
    "Share is not a number",
    "A share must be a number, a fraction such as '1/3' or a percentage such as '10%'; "
    "NaN, infinity and other text are refused.",
)
SHARE_OUT_OF_RANGE = _code(
    "JCM-A002",
    E,
    "Share outside 0-100 %",
    "Every share and minimum must lie between 0 and 1 (0 % and 100 %).",
)
MINIMUMS_ABOVE_WHOLE = _code(
    "JCM-A003",
    E,
    "Minimum shares exceed 100 %",
    "The minimum shares of the governments (and other parties) add up to more than the "
    "credits issued.",
)
PARTICIPANT_SHARES_NOT_WHOLE = _code(
    "JCM-A004",
    E,
    "Participant shares do not add up to 100 %",
    "The participants' shares of the remaining credits must add up to exactly 1; write "
    "thirds as '1/3', not 0.333.",
)
NO_PARTICIPANTS = _code(
    "JCM-A005",
    E,
    "No participants",
    "At least one project participant must be named to receive the remaining credits.",
)
PARTY_NAME = _code(
    "JCM-A006",
    E,
    "Party name missing or used twice",
    "Every party of an allocation needs a name of its own.",
)
ISSUED_INVALID = _code(
    "JCM-A007",
    E,
    "Credits issued not a whole number >= 0",
    "Credits are whole units: the number issued must be an integer, zero or more.",
)
JAPAN_MINIMUM_TOO_LOW = _code(
    "JCM-A008",
    E,
    "Japan's minimum below the programme's",
    "Under the Ministry of the Environment financing programme the Government of Japan "
    "receives at least half of the credits issued.",
)
MINIMUM_CAPPED = _code(
    "JCM-A009",
    W,
    "Minimum capped by the credits left",
    "Rounding minimums up to whole credits can ask for more credits than were issued "
    "(e.g. 1 credit, Japan at least 1/2, partner 10 %); the later party in the order "
    "of precedence receives only what is left.",
)

RESULT_FILE_INVALID = _code(
    "JCM-A010",
    E,
    "Saved calculation cannot be used",
    "The file given to take the credits from (`jcm-mrv credits --result`) cannot be read, "
    "is not the JSON output of `jcm-mrv calculate --format json`, lacks a period's id or "
    "rounded emission reductions, or is the result of another project.",
)


# --- V: verification ----------------------------------------------------------------
RESULT_HASH_MISMATCH = _code(
    "JCM-V001",
    E,
    "Result file edited",
    "The SHA-256 of the result file's canonical content differs from the one it records "
    "(provenance.result_sha256): the file was changed after jcm-mrv wrote it, e.g. a "
    "rounded ER edited by hand.",
)
RESULT_NO_HASH = _code(
    "JCM-V002",
    E,
    "Result file without content hash",
    "The result file records no SHA-256 of its content (written by an older jcm-mrv, or "
    "the field was removed), so an edit cannot be detected.",
)
INPUT_CHANGED = _code(
    "JCM-V003",
    E,
    "Input changed since the result was made",
    "An input file's SHA-256 differs from the one the result records: the result was "
    "computed from other data than the file holds now.",
)
INPUT_MISSING = _code(
    "JCM-V004",
    E,
    "Input file missing",
    "An input file the result records is not found next to the project file.",
)
TOOL_VERSION_DIFFERS = _code(
    "JCM-V005",
    E,
    "Different jcm-mrv version",
    "The result was made by another version of jcm-mrv than the one checking it; "
    "recompute it with this version (or check with the version it names).",
)
LIBRARY_VERSIONS_DIFFER = _code(
    "JCM-V006",
    W,
    "Different library versions",
    "The result was computed with other versions of Python, numpy or pint; figures can "
    "differ in the last digits.",
)
METHODOLOGY_DIFFERS = _code(
    "JCM-V007",
    E,
    "Different methodology",
    "The methodology id, version or file (SHA-256) the result records is not the one the "
    "project applies now.",
)
ROUNDING_INCONSISTENT = _code(
    "JCM-V008",
    E,
    "Rounded ER does not follow from the ER",
    "A period's emission_reductions_rounded is not its emission_reductions rounded by "
    "the rule the result declares (provenance.rounding), or the total is not the sum of "
    "the periods.",
)
CLAIM_INVALID = _code(
    "JCM-V009",
    E,
    "Claim cannot be used",
    "The claimed figures cannot be read: not a jcm-mrv result, or a table without the "
    "documented columns (see docs/verification.md).",
)
DISCREPANCY_MATERIAL = _code(
    "JCM-V010",
    E,
    "Material discrepancy",
    "A claimed figure differs from the recomputed one by more than the materiality "
    "threshold (a share of the period's recomputed ER).",
)
DISCREPANCY = _code(
    "JCM-V011",
    W,
    "Discrepancy below materiality",
    "A claimed figure differs from the recomputed one by less than the materiality "
    "threshold; it is still an error to correct.",
)
CALCULATIONS_PART = _code(
    "JCM-V012",
    W,
    "Where the calculations part",
    "The first parameter or equation (in evaluation order) whose claimed value differs "
    "from the recomputed one: where to look first.",
)
CLAIM_PERIOD_UNKNOWN = _code(
    "JCM-V013",
    E,
    "Claimed period not in the project",
    "The claim names a period (by id or dates) that the project file does not declare.",
)
PERIOD_NOT_CLAIMED = _code(
    "JCM-V014",
    INFO,
    "Period not claimed",
    "A period of the project has no claimed figures, so it was not compared.",
)
CLAIM_OVERRIDES = _code(
    "JCM-V015",
    W,
    "Claim computed with overrides",
    "The claimed result was computed with --set overrides of project-specific or default "
    "values; the recomputation applies the same overrides.",
)
CALIBRATION_GAP = _code(
    "JCM-V020",
    W,
    "Calibration does not cover the period",
    "No calibration record of the monitoring point's meter covers part of a monitoring "
    "period (a calibration counts from its date to its valid_until, or to the next "
    "calibration).",
)
CALIBRATION_VALIDITY_UNSTATED = _code(
    "JCM-V021",
    INFO,
    "Calibration validity not stated",
    "The last calibration of a meter has no valid_until date, so it is taken to cover "
    "every later day; record the validity from the certificate or the calibration "
    "frequency.",
)
MONITORING_PLAN_DEVIATION = _code(
    "JCM-V022",
    E,
    "Monitoring option differs from the registered plan",
    "The monitoring option the project uses for a parameter is not the one of its "
    "registered monitoring plan (monitoring_plan.options).",
)
ATTESTATION_MISSING = _code(
    "JCM-V023",
    W,
    "Attestation not recorded",
    "An eligibility criterion that needs an attestation has none recorded in the "
    "project's attestations section (evidence document and date).",
)
ATTESTATION_UNKNOWN = _code(
    "JCM-V024",
    W,
    "Attestation for an unknown criterion",
    "The project records an attestation for a criterion id the methodology does not have.",
)
UNCONFIRMED_VALUE = _code(
    "JCM-V025",
    INFO,
    "Value not confirmed from the approved text",
    "The methodology marks this value or text [likely] or [open]: the figures rest on it, "
    "but it was not confirmed from a public JCM source.",
)
BUNDLE_FILE_CHANGED = _code(
    "JCM-V030",
    E,
    "File in the bundle changed",
    "A file in the run bundle does not have the size and SHA-256 its manifest records.",
)
BUNDLE_UNSAFE = _code(
    "JCM-V031",
    E,
    "Bundle cannot be opened safely",
    "The archive is not a jcm-mrv bundle, or holds an entry with an absolute path, '..', "
    "a link, or more bytes or entries than the limits allow.",
)
REPRODUCTION_DIFFERS = _code(
    "JCM-V032",
    E,
    "Result not reproduced",
    "The recomputed result JSON is not byte-identical to the one in the bundle.",
)


def render_markdown() -> str:
    """Render the catalogue as the Markdown page ``docs/findings.md``."""
    lines = [
        "# Finding codes",
        "",
        "<!-- Generated by `python -m jcm_mrv.findings.codes > docs/findings.md`; do not edit. -->",
        "",
        "Every finding jcm-mrv reports carries one of these stable codes. Errors make a",
        "command exit with code 1; warnings do so only under `--strict`.",
        "",
        "| code | severity | title | explanation |",
        "| --- | --- | --- | --- |",
    ]
    for entry in sorted(CATALOGUE.values(), key=lambda c: c.code):
        lines.append(
            f"| `{entry.code}` | {entry.severity.value} | {entry.title} | {entry.explanation} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(render_markdown(), end="")
