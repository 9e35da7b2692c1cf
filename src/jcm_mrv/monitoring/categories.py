"""Columns of identifiers (points, periods, parameters, units) as codes into distinct labels.

A column of a million point ids usually holds a dozen distinct values: they are found
once (byte comparison against the expected ids, then ``np.unique`` for the rest), and
each distinct label is looked up once.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import numpy as np

from jcm_mrv.monitoring.columns import UNCACHED_FORMULA, BytesColumn, Column

EMPTY = -1
UNCACHED = -2
OTHER = "\x00other"
"""The one label that stands for every distinct label past :data:`MAX_NEW_LABELS`."""
MAX_NEW_LABELS = 1000
"""Distinct unexpected labels looked at one by one per column; the rest are OTHER.

A hostile file can hold a different id on every row: without a bound, each would be
decoded, looked up and reported on its own (200,000 ids took 81 s).
"""


def cell_label(value: object) -> str:
    """The text an identifier cell stands for: stripped, ``2025.0`` read as ``2025``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


def categorise(
    column: Column, expected: Sequence[str] = (), *, capped: bool = False
) -> tuple[np.ndarray, list[str]]:
    """Codes for each cell into a list of distinct labels.

    Returns ``(codes, labels)``: ``codes[i]`` indexes ``labels``, or is :data:`EMPTY` for
    an empty cell and :data:`UNCACHED` for an xlsx formula without a stored value.
    ``expected`` labels (e.g. the declared points) come first in ``labels`` and are
    matched fastest. With ``capped``, at most :data:`MAX_NEW_LABELS` distinct labels
    besides the expected ones are looked at (those first in the column); every other
    cell gets the code of the label :data:`OTHER`, which is never an expected label.
    """
    limit = MAX_NEW_LABELS if capped else len(column)
    n = len(column)
    labels: list[str] = list(dict.fromkeys(expected))
    index = {label: i for i, label in enumerate(labels)}
    codes = np.full(n, EMPTY, dtype=np.int32)
    if isinstance(column, BytesColumn):
        strings = column.strings
        todo = _match_expected(column, labels, codes)
        rest = np.flatnonzero(todo)
        if rest.size:
            distinct, first, inverse = np.unique(
                strings[rest], return_index=True, return_inverse=True
            )
            local = np.empty(len(distinct), dtype=np.int32)
            # The labels that come first in the file are looked at; the rest are OTHER.
            looked_at = np.argsort(first, kind="stable")[: limit + len(labels)]
            local[:] = _code_of(OTHER, labels, index) if len(distinct) > len(looked_at) else 0
            raws = distinct[looked_at].tolist()
            for k, raw in zip(looked_at.tolist(), raws, strict=True):
                label = raw.decode(column.encoding, errors="replace").strip()
                local[k] = _code_of(label, labels, index)
            codes[rest] = local[inverse.reshape(-1)]
        return codes, labels
    cache: dict[object, int] = {}
    n_expected = len(labels)
    for i, value in enumerate(column.values):
        if value is UNCACHED_FORMULA:
            codes[i] = UNCACHED
            continue
        key = (type(value), value)
        found = cache.get(key)
        if found is None:
            label = cell_label(value) if len(cache) <= limit + n_expected else OTHER
            found = _code_of(label, labels, index)
            cache[key] = found
        codes[i] = found
    return codes, labels


def codes_present(codes: np.ndarray) -> list[int]:
    """The distinct codes of ``codes`` (from :func:`categorise`), in ascending order.

    As ``np.unique(codes).tolist()``, which first asks ``np.ma.is_masked`` and so
    imports ``numpy.ma`` (about 0.01 s, a small calculation's only use of it). Codes
    are at least :data:`UNCACHED` and below the number of labels: a count per code is
    one pass.
    """
    if not codes.size:
        return []
    return (np.flatnonzero(np.bincount(codes - UNCACHED)) + UNCACHED).tolist()


def _match_expected(column: BytesColumn, labels: list[str], codes: np.ndarray) -> np.ndarray:
    """Set the codes of cells that are exactly an expected label; return the rest's mask.

    Cells of up to 8 bytes are compared as 64-bit integers with one binary search.
    """
    encoded: list[tuple[int, bytes]] = []
    for code, label in enumerate(labels):
        try:
            encoded.append((code, label.encode(column.encoding)))
        except UnicodeEncodeError:
            continue
    matrix = column.matrix
    n, width = matrix.shape
    if not encoded:
        return np.ones(n, dtype=bool)
    if width <= 8:
        padded = np.zeros((n, 8), dtype=np.uint8)
        padded[:, :width] = matrix
        cells = padded.view(np.uint64).reshape(n)
        fitting = [(code, raw) for code, raw in encoded if len(raw) <= 8]
        if not fitting:
            return np.ones(n, dtype=bool)
        keys = np.array([raw.ljust(8, b"\0") for _, raw in fitting], dtype="S8").view(np.uint64)
        key_codes = np.array([code for code, _ in fitting], dtype=np.int32)
        order = np.argsort(keys)
        keys, key_codes = keys[order], key_codes[order]
        position = np.minimum(np.searchsorted(keys, cells), len(keys) - 1)
        hit = keys[position] == cells
        codes[hit] = key_codes[position[hit]]
        missed: np.ndarray = ~hit
        return missed
    strings = column.strings
    todo = np.ones(n, dtype=bool)
    for code, raw in encoded:
        hit = strings == raw
        codes[hit] = code
        todo &= ~hit
    return todo


def _code_of(label: str, labels: list[str], index: dict[str, int]) -> int:
    if not label:
        return EMPTY
    code = index.get(label)
    if code is None:
        code = len(labels)
        labels.append(label)
        index[label] = code
    return code
