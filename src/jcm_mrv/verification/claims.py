"""Read what a project claims: a jcm-mrv result JSON, or a table of figures per period.

A claim table (CSV or the first sheet of an .xlsx workbook) has a header row and a row
per monitoring period. Headers are matched without regard to case, blanks, ``-`` or
``_``, and a unit in brackets or parentheses is allowed (``ER [tCO2]``):

- the period: ``period`` (or ``period id``, ``id``), and/or ``start`` and ``end`` dates;
- the figures, in tCO2: ``RE`` (``reference emissions``), ``PE`` (``project
  emissions``), ``ER`` (``emission reductions``) and ``credits`` (``ER rounded``,
  ``emission reductions rounded``). At least one figure column is needed; a blank cell
  is a figure not claimed.

A row whose period is ``total`` is skipped (totals follow from the periods).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NoReturn

from jcm_mrv.findings import codes
from jcm_mrv.findings.errors import InputError

ClaimKind = Literal["result", "table"]
Quantity = Literal["RE", "PE", "ER", "ER rounded"]
QUANTITIES: tuple[Quantity, ...] = ("RE", "PE", "ER", "ER rounded")

MAX_CLAIM_BYTES = 16 * 1024 * 1024
"""A claim is a small file; larger ones are refused before they are parsed."""

_HEADERS: dict[str, str] = {
    "period": "period",
    "periodid": "period",
    "id": "period",
    "start": "start",
    "end": "end",
    "re": "RE",
    "referenceemissions": "RE",
    "pe": "PE",
    "projectemissions": "PE",
    "er": "ER",
    "emissionreductions": "ER",
    "credits": "ER rounded",
    "errounded": "ER rounded",
    "emissionreductionsrounded": "ER rounded",
}
_UNITS = {"", "t", "tco2", "tco2e", "tco2eq", "tco2/p", "tco2e/p"}
_UNIT = re.compile(r"[\[(]([^\])]*)[\])]")


@dataclass(frozen=True)
class ClaimedFigure:
    """One claimed number, and how precisely the claim states it (half its last digit)."""

    value: float
    precision: float = 0.0


@dataclass(frozen=True)
class ClaimedPeriod:
    """The figures claimed for one period (a figure not claimed is absent)."""

    id: str | None
    start: datetime.date | None
    end: datetime.date | None
    figures: dict[str, ClaimedFigure]
    where: dict[str, Any] = field(default_factory=dict)
    """Location keyword arguments of the claim's row (file, row or path)."""

    @property
    def label(self) -> str:
        """The period as the claim names it."""
        return self.id or f"{self.start} to {self.end}"


@dataclass(frozen=True)
class Claim:
    """A claim: its file, kind, SHA-256, periods and (for a result) the whole JSON."""

    file: str
    kind: ClaimKind
    sha256: str
    periods: list[ClaimedPeriod]
    result: dict[str, Any] | None = None


def read_claim(path: Path | str) -> Claim:
    """Read a claim file; :class:`InputError` (with findings) when it cannot be used."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_CLAIM_BYTES:
            _refuse(
                name, f"the file is {size:,} bytes; a claim above {MAX_CLAIM_BYTES:,} is refused"
            )
        raw = path.read_bytes()
    except OSError as exc:
        _refuse(name, f"cannot read the file ({exc.strerror or exc})")
    digest = hashlib.sha256(raw).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _result_claim(path, digest)
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
        return Claim(name, "table", digest, _table_periods(rows, name, sheet=True))
    if suffix in (".csv", ".txt", ".tsv"):
        text = _decode(raw, name)
        dialect = "excel-tab" if suffix == ".tsv" else "excel"
        rows = [list(row) for row in csv.reader(io.StringIO(text), dialect=dialect)]
        return Claim(name, "table", digest, _table_periods(rows, name, sheet=False))
    _refuse(name, f"unknown claim type {suffix or '(no suffix)'}: give a .json, .csv or .xlsx file")


def _refuse(file: str, message: str, **where: Any) -> NoReturn:
    raise InputError(f"{file}: {message}", [codes.CLAIM_INVALID(message, file=file, **where)])


def _decode(raw: bytes, file: str) -> str:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    _refuse(file, "the file is neither UTF-8 nor CP932 text")


def _result_claim(path: Path, digest: str) -> Claim:
    from jcm_mrv.verification.integrity import read_result_json

    data = read_result_json(path)
    name = str(path)
    periods = data.get("periods")
    if not isinstance(periods, list) or not periods:
        _refuse(name, "no 'periods' list; expected the output of 'jcm-mrv calculate --format json'")
    claimed = []
    for n, item in enumerate(periods):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            _refuse(name, f"periods[{n}] is not a period with an id", path=f"periods[{n}]")
        figures = {}
        for quantity, key in (
            ("RE", "reference_emissions"),
            ("PE", "project_emissions"),
            ("ER", "emission_reductions"),
            ("ER rounded", "emission_reductions_rounded"),
        ):
            value = item.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                figures[quantity] = ClaimedFigure(float(value))
        claimed.append(
            ClaimedPeriod(
                id=item["id"],
                start=_date_or_none(item.get("start")),
                end=_date_or_none(item.get("end")),
                figures=figures,
                where={"file": name, "path": f"periods[{n}]"},
            )
        )
    return Claim(name, "result", digest, claimed, result=data)


def _date_or_none(value: object) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)) if value is not None else None
    except ValueError:
        return None


def _xlsx_rows(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        _refuse(str(path), f"not a readable .xlsx workbook ({type(exc).__name__})")
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _header_key(cell: object) -> tuple[str | None, str]:
    """The column a header names (or ``None``) and the unit it gives."""
    text = str(cell or "").strip()
    unit_match = _UNIT.search(text)
    unit = unit_match[1] if unit_match else ""
    label = _UNIT.sub("", text)
    key = re.sub(r"[\s_\-]+", "", label).lower()
    return _HEADERS.get(key), re.sub(r"[\s\-]", "", unit).lower()


def _table_periods(rows: list[list[object]], file: str, *, sheet: bool) -> list[ClaimedPeriod]:
    first = next((n for n, row in enumerate(rows) if any(str(c or "").strip() for c in row)), None)
    if first is None:
        _refuse(file, "the table is empty")
    columns: dict[str, int] = {}
    for n, cell in enumerate(rows[first]):
        key, unit = _header_key(cell)
        if key is None:
            continue
        if key in columns:
            _refuse(file, f"two columns name {key}", row=first + 1, field=str(cell))
        if key in QUANTITIES and unit not in _UNITS:
            _refuse(
                file, f"column {cell!r}: figures must be in tCO2", row=first + 1, field=str(cell)
            )
        columns[key] = n
    if "period" not in columns and not {"start", "end"} <= set(columns):
        _refuse(
            file,
            "no period column: name the period ('period') or its dates ('start' and 'end')",
            row=first + 1,
        )
    if not set(QUANTITIES) & set(columns):
        _refuse(
            file,
            "no figure column: give at least one of RE, PE, ER, credits (see docs/verification.md)",
            row=first + 1,
        )
    periods = []
    for n in range(first + 1, len(rows)):
        row = rows[n]
        if not any(str(c or "").strip() for c in row):
            continue
        where = {"file": file, "row": n + 1}
        cell = _cells(row, columns)
        period_id = str(cell.get("period") or "").strip() or None
        if period_id is not None and period_id.lower() == "total":
            continue
        figures: dict[str, ClaimedFigure] = {}
        for quantity in QUANTITIES:
            if quantity in cell:
                figure = _figure(cell[quantity], file, n + 1, quantity, sheet=sheet)
                if figure is not None:
                    figures[quantity] = figure
        periods.append(
            ClaimedPeriod(
                id=period_id,
                start=_date(cell.get("start"), file, n + 1, "start"),
                end=_date(cell.get("end"), file, n + 1, "end"),
                figures=figures,
                where=where,
            )
        )
    if not periods:
        _refuse(file, "the table has a header but no period rows")
    return periods


def _cells(row: list[object], columns: dict[str, int]) -> dict[str, object]:
    return {key: row[n] for key, n in columns.items() if n < len(row) and row[n] is not None}


def _figure(
    value: object, file: str, row: int, column: str, *, sheet: bool
) -> ClaimedFigure | None:
    from jcm_mrv.monitoring.numbers import parse_number_cell

    try:
        number = parse_number_cell(value)
    except ValueError as exc:
        _refuse(file, f"{column}: {exc}", row=row, field=column)
    if number is None:
        return None
    precision = 0.0
    if isinstance(value, str):
        digits = value.strip().replace(",", "")
        if "e" not in digits.lower():
            decimals = len(digits.partition(".")[2])
            precision = 0.5 * 10.0**-decimals
    del sheet  # a number cell of a workbook is taken as exact
    return ClaimedFigure(number, precision if column != "ER rounded" else 0.0)


def _date(value: object, file: str, row: int, column: str) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    try:
        return datetime.date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        _refuse(file, f"{column}: {text!r} is not a date (YYYY-MM-DD)", row=row, field=column)
