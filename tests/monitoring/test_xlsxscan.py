"""The sheet scan (numpy over the XML's bytes) against the same rule written plainly.

The scan refuses a sheet, or sizes the rectangle calamine will allocate, from the cell
references alone. Its byte arithmetic is checked here against a reference-by-reference
reading of the rule on generated XML: valid references, references with four letters,
letters only, no closing quote, stray characters, and row numbers past the limit.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jcm_mrv.monitoring.xlsxscan import ScanRefused, SheetShape, _scan_chunk

LAST_ROW = 1_048_576
WIDEST = 16_384


def _by_the_rule(xml: bytes) -> tuple[str, int, int, int]:
    """What the scan must give, reading each ``r="…"`` in turn: the refusal, or the last
    row, last column and number of cell references (references with letters)."""
    lengths, found = [], []
    for match in re.finditer(rb' r="', xml):
        at = match.end()
        letters = 0
        while letters < 4 and 65 <= (xml[at + letters : at + letters + 1] or b"\0")[0] <= 90:
            letters += 1
        if letters == 4:
            return ("malformed: 4 letters", 0, 0, 0)
        found.append((at, letters))
    for at, letters in found:
        # the closing quote, 1 to 11 bytes past the first byte after the letters
        ends = [c for c in range(1, 12) if xml[at + letters + c : at + letters + c + 1] == b'"']
        if not ends:
            return ("malformed", 0, 0, 0)
        lengths.append(ends[0])
    if not found:
        return ("", 0, 0, 0)
    count = max(lengths)
    numbers = []
    for (at, letters), length in zip(found, lengths, strict=True):
        if length == count:
            digits = xml[at + letters : at + letters + count]
            if not digits.isdigit():
                return ("malformed", 0, 0, 0)
            numbers.append(int(digits))
    if max(numbers) > LAST_ROW:
        return ("limit", 0, 0, 0)
    widest = max(letters for _, letters in found)
    column = 0
    for at, letters in found:
        if letters == widest and widest:
            value = 0
            for byte in xml[at : at + letters]:
                value = value * 26 + byte - 64
            column = max(column, value)
    cells = sum(1 for _, letters in found if letters)
    return ("", max(numbers), column, cells)


def _scanned(xml: bytes) -> tuple[str, int, int, int]:
    shape = _shape(xml)
    if isinstance(shape, str):
        return (shape, 0, 0, 0)
    return ("", shape.last_row, shape.last_column, shape.cells)


def _shape(xml: bytes) -> SheetShape | str:
    shape = SheetShape()
    try:
        _scan_chunk(xml, shape, LAST_ROW, WIDEST, 0)
    except ScanRefused as exc:
        if exc.kind == "limit":
            return "limit"
        return "malformed: 4 letters" if "4 letters" in exc.message else "malformed"
    return shape


LETTERS = st.text("ABCXYZ", min_size=0, max_size=4)
DIGITS = st.one_of(
    st.integers(1, 2_000_000).map(str),
    st.text("0123456789x!", min_size=0, max_size=13),
)


@st.composite
def sheets(draw: st.DrawFn) -> bytes:
    """Rows of cells whose references are mostly valid, sometimes not."""
    parts = ["<sheetData>"]
    for r in range(draw(st.integers(1, 6))):
        row_ref = draw(st.one_of(st.integers(1, 1_100_000).map(str), DIGITS))
        parts.append(f'<row r="{row_ref}">')
        for _ in range(draw(st.integers(0, 4))):
            valid = draw(st.booleans())
            if valid:
                letters = draw(st.text("ABCXYZ", min_size=1, max_size=3))
                ref = letters + str(draw(st.integers(1, 1_048_576)))
            else:
                ref = draw(LETTERS) + draw(DIGITS)
            quote = '"' if draw(st.integers(0, 9)) else ""
            parts.append(f'<c r="{ref}{quote} t="n"><v>{r}</v></c>')
        parts.append("</row>")
    parts.append("</sheetData>")
    return "".join(parts).encode()


@settings(max_examples=400, deadline=None)
@given(sheets())
def test_the_scan_reads_references_as_the_rule_says(xml: bytes) -> None:
    expected = _by_the_rule(xml)
    shape = _shape(xml)
    if isinstance(shape, str) or not shape.unreferenced:
        assert _scanned(xml) == expected
    else:  # cells without letters count as cells without a reference: a wider rectangle
        assert expected[0] == ""
        assert shape.last_row > expected[1]
        assert shape.area >= shape.last_row * max(expected[2], 1)


def test_references_at_the_end_of_a_piece_and_the_widest_column() -> None:
    # the closing quote is missing where the piece ends (the padding is read as zeros)
    assert _scanned(b'<row r="7"><c r="AB1048576') == ("malformed", 0, 0, 0)
    assert _scanned(b'<row r="7"><c r="AB1048577"/>') == ("limit", 0, 0, 0)
    assert _scanned(b'<row r="12"><c r="XFD12"/><c r="B3"/>') == ("", 12, 16_384, 2)
