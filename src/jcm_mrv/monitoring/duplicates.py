"""The duplicate check in bounded memory: two readings of one parameter for one point
and one timestamp (or one period).

A reading whose timestamp lies on the slot grid of its parameter (see
:class:`~jcm_mrv.monitoring.completeness.SlotGrid`: the timestamp is where one of a
period's reading intervals begins) is checked against a bitmap of the slots already
seen, one bit per slot. Two such readings share a slot exactly when they share a
timestamp, so the bitmap finds every duplicate among them. Readings keyed by period use
a bitmap of periods × points.

To name the row a duplicate repeats, the rows of the first reading in each slot are kept
as runs: ``(first slot, first row, count, slot step, row step)``, so that a file read in
order keeps a few runs per block. A file whose rows are shuffled gives one run per
reading; past :data:`MAX_RUNS` the runs are dropped and a duplicate then names only its
own row.

Readings off the grid (between slot boundaries, outside every period, or of a parameter
whose readings have no regular interval, such as events) keep an 8-byte key each and are
sorted at the end, as the check did for every reading before; a regular series keeps
none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from jcm_mrv.monitoring.completeness import Bitmap

if TYPE_CHECKING:
    from jcm_mrv.monitoring.layouts import Table
    from jcm_mrv.monitoring.sources import TimestampConvention

LISTED = 10
"""Duplicates named one by one; the rest are counted."""
MAX_RUNS = 1 << 18
"""Runs of first rows kept (48 bytes each) before they are dropped."""


@dataclass
class Segment:
    """Keys of the off-grid readings of one block, kept for the check at the end."""

    table: Table
    column: int
    composite: np.ndarray  # key * width + point
    rows: np.ndarray | int  # row numbers, or the first row when consecutive
    convention: TimestampConvention

    def row(self, index: int) -> int:
        """The row number of the segment's reading ``index``."""
        if isinstance(self.rows, int):
            return self.rows + index
        return int(self.rows[index])


@dataclass(frozen=True)
class Repeat:
    """A reading that repeats an earlier one: where it is, and where the earlier one is."""

    composite: int  # key * width + point
    table: Table
    column: int
    row: int
    slot: int = -1  # its number on the slot grid (-1: off the grid)
    earlier: tuple[Table, int] | None = None  # table and row of the reading it repeats


@dataclass
class DuplicateIndex:
    """The readings of one parameter and one kind of key (timestamp or period) seen so far."""

    size: int
    width: int
    listed: list[Repeat] = field(default_factory=list)
    count: int = 0
    segments: list[Segment] = field(default_factory=list)
    first_table: Table | None = None
    rows_lost: bool = False

    def __post_init__(self) -> None:
        self._seen = Bitmap(self.size)
        self._runs: list[np.ndarray] = []
        self._run_tables: list[Table] = []
        self._n_runs = 0

    def add(
        self,
        table: Table,
        column: int,
        composite: np.ndarray,
        rows: np.ndarray,
        slot: np.ndarray,
        on_grid: np.ndarray,
        convention: TimestampConvention,
    ) -> np.ndarray:
        """Check one block; return the positions of the on-grid readings that repeat one.

        ``composite`` is ``key * width + point`` of each reading, ``slot`` its number on
        the grid (used where ``on_grid``).
        """
        if self.first_table is None:
            self.first_table = table
        off = ~on_grid
        if off.any():
            kept_rows = rows[off]
            consecutive = int(kept_rows[-1]) - int(kept_rows[0]) == kept_rows.size - 1
            self.segments.append(
                Segment(
                    table,
                    column,
                    composite[off],
                    int(kept_rows[0]) if consecutive else kept_rows,
                    convention,
                )
            )
        on = np.flatnonzero(on_grid)
        if not on.size:
            return on
        numbers = slot[on]
        if numbers.size < 2 or bool((numbers[1:] > numbers[:-1]).all()):
            new = ~self._seen.marked(numbers)
        else:
            _, first = np.unique(numbers, return_index=True)
            new = np.zeros(numbers.size, dtype=bool)
            new[first] = True
            new &= ~self._seen.marked(numbers)
        self._seen.mark(numbers[new])
        self._remember(table, numbers[new], rows[on][new])
        repeats: np.ndarray = on[~new]
        if repeats.size:
            self.count += int(repeats.size)
            # keep the first LISTED in key order, then reading order (sorted() is stable)
            order = repeats[np.lexsort((repeats, composite[repeats]))][:LISTED]
            fresh = [
                Repeat(int(composite[k]), table, column, int(rows[k]), int(slot[k]))
                for k in order.tolist()
            ]
            self.listed = sorted(self.listed + fresh, key=lambda r: r.composite)[:LISTED]
        return repeats

    def _remember(self, table: Table, numbers: np.ndarray, rows: np.ndarray) -> None:
        """Record the rows of first readings in their slots, as runs of equal steps."""
        n = int(numbers.size)
        if self.rows_lost or not n:
            return
        if n == 1:
            step_slot, step_row = 1, 1
            starts = np.zeros(1, dtype=np.int64)
        else:
            d_slot, d_row = np.diff(numbers), np.diff(rows)
            step_slot, step_row = int(d_slot[0]), int(d_row[0])
            breaks = np.flatnonzero((d_slot != step_slot) | (d_row != step_row)) + 1
            starts = np.concatenate(([0], breaks))
        if self._n_runs + starts.size > MAX_RUNS:
            self.rows_lost = True
            self._runs, self._run_tables = [], []
            return
        runs = np.empty((starts.size, 6), dtype=np.int64)
        runs[:, 0] = numbers[starts]
        runs[:, 1] = rows[starts]
        runs[:, 2] = np.diff(np.append(starts, n))
        runs[:, 3] = step_slot
        runs[:, 4] = step_row
        runs[:, 5] = len(self._run_tables)
        self._run_tables.append(table)
        self._runs.append(runs)
        self._n_runs += int(starts.size)

    def first_row(self, slot: int) -> tuple[Table, int] | None:
        """The table and row of the first reading in grid slot ``slot`` (None if not kept)."""
        if self.rows_lost:
            return None
        for runs in self._runs:
            offset = slot - runs[:, 0]
            step = runs[:, 3]
            count = offset // step
            hit = np.flatnonzero((offset % step == 0) & (count >= 0) & (count < runs[:, 2]))
            if hit.size:
                k = int(hit[0])
                return self._run_tables[int(runs[k, 5])], int(runs[k, 1] + count[k] * runs[k, 4])
        return None

    def finish(self) -> tuple[list[Repeat], int, np.ndarray, np.ndarray]:
        """Every duplicate: ``(listed, count, keys, opens)``.

        ``listed`` are the first :data:`LISTED` in key order, each with the reading it
        repeats; ``count`` all of them; ``keys`` (``key * width + point``) and ``opens``
        (whether the timestamp opens its interval) are the off-grid readings that are
        repeated, whose groups get no value (on-grid repeats were returned by :meth:`add`).
        """
        fallback, count, keys, opens = self._sorted_fallback()
        listed = []
        for position, repeat in enumerate(self.listed):
            earlier = next(
                (
                    (other.table, other.row)
                    for other in reversed(self.listed[:position])
                    if other.composite == repeat.composite
                ),
                None,
            ) or self.first_row(repeat.slot)
            listed.append(
                Repeat(repeat.composite, repeat.table, repeat.column, repeat.row, -1, earlier)
            )
        merged = sorted(listed + fallback, key=lambda r: r.composite)[:LISTED]
        return merged, self.count + count, keys, opens

    def _sorted_fallback(self) -> tuple[list[Repeat], int, np.ndarray, np.ndarray]:
        """The duplicates among the off-grid readings (sorting their keys)."""
        segments = self.segments
        empty = np.zeros(0, dtype=np.int64)
        if _increasing_across(s.composite for s in segments):
            return [], 0, empty, empty.astype(bool)
        composite = np.concatenate([s.composite for s in segments])
        keys, points = np.divmod(composite, self.width)
        low = int(keys.min())
        span = int(keys.max()) - low + 1
        if span * self.width < 2**62 and _increasing_across([points * span + (keys - low)]):
            return [], 0, empty, empty.astype(bool)
        order = np.argsort(composite, kind="stable")
        ordered = composite[order]
        repeats = np.flatnonzero(ordered[1:] == ordered[:-1])
        offsets = np.cumsum([0] + [len(s.composite) for s in segments])
        listed = []
        for position in repeats[:LISTED].tolist():
            first, second = int(order[position]), int(order[position + 1])
            a, a_row = _locate(segments, offsets, first)
            b, b_row = _locate(segments, offsets, second)
            listed.append(
                Repeat(int(composite[second]), b.table, b.column, b_row, -1, (a.table, a_row))
            )
        twice = order[repeats]
        which = np.searchsorted(offsets, twice, side="right") - 1
        opens = np.array([s.convention == "start" for s in segments])[which]
        return listed, int(repeats.size), composite[twice], opens


def _increasing_across(arrays: Iterable[np.ndarray]) -> bool:
    """True when the arrays, one after the other, are strictly increasing."""
    previous: int | None = None
    for array in arrays:
        if not array.size:
            continue
        if previous is not None and int(array[0]) <= previous:
            return False
        if array.size > 1 and not bool((array[1:] > array[:-1]).all()):
            return False
        previous = int(array[-1])
    return True


def _locate(segments: list[Segment], offsets: np.ndarray, index: int) -> tuple[Segment, int]:
    k = int(np.searchsorted(offsets, index, side="right")) - 1
    segment = segments[k]
    return segment, segment.row(index - int(offsets[k]))
