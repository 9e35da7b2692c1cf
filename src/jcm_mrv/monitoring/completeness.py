"""Completeness of timestamped readings: the reading interval, expected and present readings.

Each data source has a reading interval: declared (``interval: 15min``, ``1h``, ``1d``,
``1mo``) or inferred from the readings (:func:`infer_interval`). A period of a
parameter at a point expects one reading per interval slot that the period overlaps
(slots are aligned to the period's start, or to calendar months); every slot without a
reading is a gap. The engine handles gaps conservatively (see :mod:`.aggregate`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from jcm_mrv.fileformats.dateformats import format_span as format_span_of
from jcm_mrv.monitoring.sources import SourceSpec

_MS_PER_DAY = 86_400_000
_UNITS_MS = {"min": 60_000, "h": 3_600_000, "d": _MS_PER_DAY}
_INTERVAL = re.compile(r"(\d{1,4})\s*(min|h|d|mo)")
_EPOCH = datetime.datetime(1970, 1, 1)
_MONTH_DAYS = (28 * _MS_PER_DAY, 31 * _MS_PER_DAY)
_REGULAR_SHARE = 0.5  # the commonest step must be at least half of all steps to be inferred


@dataclass(frozen=True)
class Interval:
    """A reading interval: a fixed length in milliseconds, or a number of calendar months."""

    millis: int = 0
    months: int = 0

    @property
    def label(self) -> str:
        """``15min``, ``1h``, ``1d``, ``1mo``: as the project file writes it."""
        if self.months:
            return f"{self.months}mo"
        for unit, size in (("d", _MS_PER_DAY), ("h", 3_600_000), ("min", 60_000)):
            if self.millis % size == 0:
                return f"{self.millis // size}{unit}"
        return f"{self.millis}ms"


def parse_interval(text: str) -> Interval | None:
    """``Interval`` of ``15min``, ``1h``, ``1d``, ``1mo``; ``None`` when it is not one."""
    match = _INTERVAL.fullmatch(text.strip())
    if match is None or int(match.group(1)) == 0:
        return None
    count, unit = int(match.group(1)), match.group(2)
    if unit == "mo":
        return Interval(months=count)
    return Interval(millis=count * _UNITS_MS[unit])


def _month_number(millis: np.ndarray) -> np.ndarray:
    months: np.ndarray = millis.astype("datetime64[ms]").astype("datetime64[M]").astype(np.int64)
    return months


def _month_start_ms(month: int) -> int:
    return int(np.datetime64(month, "M").astype("datetime64[ms]").astype(np.int64))


def infer_interval(keys: np.ndarray, points: np.ndarray) -> Interval | None:
    """The commonest step between a point's consecutive timestamps, or ``None``.

    Timestamps that all open a calendar month, mostly a month apart, give ``1mo``;
    otherwise the commonest step is the interval when it is at least half of all steps
    and a whole number of minutes that divides a day (``15min``, ``1h``, ``1d``). ``None``
    otherwise (irregular readings, such as events, have no interval to count against;
    declare ``interval:`` to check them) and when no point has two readings.
    """
    if keys.size < 2:
        return None
    order = np.lexsort((keys, points))
    keys, points = keys[order], points[order]
    same_point = points[1:] == points[:-1]
    steps = np.diff(keys)[same_point]
    steps = steps[steps > 0]
    if not steps.size:
        return None
    values, counts = np.unique(steps, return_counts=True)
    best = int(np.argmax(counts))
    step = int(values[best])
    # the month starts of every timestamp only for a step of about a month: computing
    # them is most of this function's time on a series of 15-minute readings
    if _MONTH_DAYS[0] <= step <= _MONTH_DAYS[1] and (keys == _month_start_array(keys)).all():
        month_steps = np.diff(_month_number(keys))[same_point]
        month_steps = month_steps[month_steps > 0]
        if np.count_nonzero(month_steps == 1) >= _REGULAR_SHARE * month_steps.size:
            return Interval(months=1)
    if counts[best] < _REGULAR_SHARE * steps.size:
        return None
    if step > _MS_PER_DAY or _MS_PER_DAY % step or step % 60_000:
        return None  # not a clock interval (minutes dividing a day): events, not a series
    return Interval(millis=step)


def _month_start_array(keys: np.ndarray) -> np.ndarray:
    starts: np.ndarray = (
        keys.astype("datetime64[ms]")
        .astype("datetime64[M]")
        .astype("datetime64[ms]")
        .astype(np.int64)
    )
    return starts


def slots(
    interval: Interval, start: int, end: int, keys: np.ndarray, opens: np.ndarray
) -> tuple[int, np.ndarray]:
    """``(expected, slot)``: how many slots the period ``[start, end)`` has, and each key's slot.

    ``opens``: per key, whether the timestamp opens its interval (else it closes it).
    """
    moments = np.where(opens, keys, keys - 1)
    if interval.months:
        first = int(_month_number(np.array([start]))[0])
        last = int(_month_number(np.array([end - 1]))[0])
        expected = (last - first) // interval.months + 1
        slot: np.ndarray = (_month_number(moments) - first) // interval.months
        return expected, slot
    expected = -(-(end - start) // interval.millis)
    return expected, (moments - start) // interval.millis


def slot_bounds(interval: Interval, start: int, end: int, slot: int) -> tuple[int, int]:
    """The ``[from, to)`` milliseconds of slot ``slot`` of the period ``[start, end)``
    (clipped to the period)."""
    if interval.months:
        first = int(_month_number(np.array([start]))[0]) + slot * interval.months
        low, high = _month_start_ms(first), _month_start_ms(first + interval.months)
    else:
        low, high = start + slot * interval.millis, start + (slot + 1) * interval.millis
    return max(low, start), min(high, end)


def moment_text(millis: int) -> str:
    """``2025-03-01`` at midnight, else ``2025-03-01 10:15:00`` (milliseconds when any)."""
    moment = _EPOCH + datetime.timedelta(milliseconds=millis)
    if moment.time() == datetime.time():
        return moment.date().isoformat()
    precision = "milliseconds" if moment.microsecond else "seconds"
    return moment.isoformat(sep=" ", timespec=precision)


def format_span(start: int, end: int) -> str:
    """``2025-03-01 to 2025-04-01`` (``to`` exclusive), with times when not at midnight."""
    return f"{moment_text(start)} to {moment_text(end)}"


def source_interval(source: SourceSpec) -> Interval | None:
    """A source's declared reading interval, or the one its date format names (a month,
    a year); ``None`` when it is to be inferred from the readings (a day format may
    date monthly readings by their first day)."""
    if source.interval is not None:
        return parse_interval(source.interval)
    if source.date_format is not None:
        span = format_span_of(source.date_format)
        if span == "month":
            return Interval(months=1)
        if span == "year":
            return Interval(months=12)
    return None


# --- the slot grid: bounded memory for the duplicate and completeness checks ----------
MAX_SLOTS = 1 << 31
"""Most slots (periods × points × intervals) a grid may have: two bitmaps of 256 MiB."""


@dataclass(frozen=True)
class SlotGrid:
    """Every interval slot of every period and point, numbered ``0 .. size - 1``.

    Period ``p``'s slots come first for its first slot at every point, then its second
    slot, and so on: ``index = offset[p] + slot × width + point``. A regular series read
    in order therefore walks the numbers one by one. A bitmap over these numbers holds
    which slots were seen (the duplicate check) or have a reading (completeness), one bit
    each: memory grows with periods × points × intervals, never with the readings.
    """

    interval: Interval
    starts: np.ndarray  # int64 ms of each period's first moment (declared order)
    ends: np.ndarray  # int64 ms just after each period
    width: int
    expected: np.ndarray  # int64 slots per period
    offsets: np.ndarray  # int64 number of each period's first slot (at point 0)
    first_months: np.ndarray  # int64 month number of each period's start (month intervals)

    @classmethod
    def build(
        cls, interval: Interval, starts: np.ndarray, ends: np.ndarray, width: int
    ) -> SlotGrid:
        """The grid of the periods ``[starts, ends)`` at ``width`` points."""
        none = np.zeros(0, dtype=np.int64)
        expected = np.array(
            [
                max(slots(interval, s, e, none, np.zeros(0, bool))[0], 0) if e > s else 0
                for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
            ],
            dtype=np.int64,
        )
        offsets = np.concatenate(([0], np.cumsum(expected * width)[:-1])).astype(np.int64)
        return cls(interval, starts, ends, width, expected, offsets, _month_number(starts))

    @property
    def size(self) -> int:
        """How many slots the grid has (bits in each of its bitmaps)."""
        return int((self.expected * self.width).sum())

    def slot_of(self, period: np.ndarray, moments: np.ndarray) -> np.ndarray:
        """The slot of each moment within its period (may be out of range)."""
        if self.interval.months:
            slot: np.ndarray = (
                _month_number(moments) - self.first_months[period]
            ) // self.interval.months
            return slot
        located: np.ndarray = (moments - self.starts[period]) // self.interval.millis
        return located

    def locate(self, period: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(slot, on_grid)``: each timestamp's slot in its period, and whether it is where
        that slot begins (and the slot is one of the period's)."""
        if self.interval.months:
            slot = self.slot_of(period, keys)
            on_grid = keys == self.slot_starts(period, slot)
        else:
            slot, offset = np.divmod(keys - self.starts[period], self.interval.millis)
            on_grid = offset == 0
        on_grid &= self.inside(period, slot)
        return slot, on_grid

    def slot_starts(self, period: np.ndarray, slot: np.ndarray) -> np.ndarray:
        """Where each slot begins, not clipped to its period."""
        if self.interval.months:
            months = self.first_months[period] + slot * self.interval.months
            begins: np.ndarray = (
                months.astype("datetime64[M]").astype("datetime64[ms]").astype(np.int64)
            )
            return begins
        located: np.ndarray = self.starts[period] + slot * self.interval.millis
        return located

    def lengths(self, period: np.ndarray, slot: np.ndarray) -> np.ndarray:
        """Each slot's length in milliseconds, clipped to its period."""
        low = np.maximum(self.slot_starts(period, slot), self.starts[period])
        high = np.minimum(self.slot_starts(period, slot + 1), self.ends[period])
        length: np.ndarray = high - low
        return length

    def inside(self, period: np.ndarray, slot: np.ndarray) -> np.ndarray:
        """Whether each slot is one of its period's (``period`` ≥ 0 assumed)."""
        within: np.ndarray = (slot >= 0) & (slot < self.expected[period])
        return within

    def index(self, period: np.ndarray, slot: np.ndarray, points: np.ndarray) -> np.ndarray:
        """The number of each (period, slot, point) (valid where :meth:`inside`)."""
        number: np.ndarray = self.offsets[period] + slot * self.width + points
        return number

    def present(self, bits: Bitmap, period: int) -> np.ndarray:
        """``(expected, width)`` booleans of one period, read from a bitmap."""
        count = int(self.expected[period]) * self.width
        flags = bits.window(int(self.offsets[period]), count)
        return flags.reshape(int(self.expected[period]), self.width)


CHUNK_BITS = 1 << 16
"""Bits in one chunk of a :class:`Bitmap` (8 KiB)."""


class Bitmap:
    """``size`` bits, all clear at first, kept in chunks of :data:`CHUNK_BITS`.

    A chunk is allocated when one of its bits is first set, and let go (remembered as
    full) once all its bits are set. The slots of a complete series read in order fill
    chunk after chunk, so only the chunks being filled are held: memory grows with the
    chunks that have a gap (or that the reading has not yet passed), not with every
    slot of every period. A chunk with a gap costs what it did in one flat bitmap.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        n = -(-size // CHUNK_BITS)
        self._chunks: list[np.ndarray | None] = [None] * n
        self._full = np.zeros(n, dtype=bool)

    @property
    def held(self) -> int:
        """How many chunks are held (neither all clear nor full)."""
        return sum(chunk is not None for chunk in self._chunks)

    def _new_chunk(self, k: int) -> np.ndarray:
        """An all-clear chunk; the bits past ``size`` (in the last chunk) set."""
        chunk = np.zeros(CHUNK_BITS >> 3, dtype=np.uint8)
        beyond = (k + 1) * CHUNK_BITS - self.size
        if beyond > 0:
            tail = np.zeros(CHUNK_BITS, dtype=np.uint8)
            tail[CHUNK_BITS - beyond :] = 1
            chunk |= np.packbits(tail, bitorder="little")
        return chunk

    def mark(self, index: np.ndarray) -> None:
        """Set the bits ``index`` (in any order, repeats allowed)."""
        for k, part in _by_chunk(index):
            if self._full[k]:
                continue
            chunk = self._chunks[k]
            if chunk is None:
                chunk = self._chunks[k] = self._new_chunk(k)
            mark(chunk, index[part] & (CHUNK_BITS - 1))
            if int(chunk.min()) == 0xFF:
                self._chunks[k] = None
                self._full[k] = True

    def marked(self, index: np.ndarray) -> np.ndarray:
        """Whether each bit ``index`` is set."""
        result = np.zeros(index.shape, dtype=bool)
        for k, part in _by_chunk(index):
            chunk = self._chunks[k]
            if self._full[k]:
                result[part] = True
            elif chunk is not None:
                result[part] = marked(chunk, index[part] & (CHUNK_BITS - 1))
        return result

    def window(self, low: int, count: int) -> np.ndarray:
        """The bits ``low .. low + count - 1`` as booleans."""
        flags = np.zeros(count, dtype=bool)
        if not count:
            return flags
        first, last = low >> _CHUNK_SHIFT, (low + count - 1) >> _CHUNK_SHIFT
        for k in range(first, last + 1):
            begin = max(k * CHUNK_BITS, low)
            end = min((k + 1) * CHUNK_BITS, low + count)
            if self._full[k]:
                flags[begin - low : end - low] = True
                continue
            chunk = self._chunks[k]
            if chunk is None:
                continue
            bits = np.unpackbits(chunk, bitorder="little")
            flags[begin - low : end - low] = bits[begin - k * CHUNK_BITS : end - k * CHUNK_BITS]
        return flags


_CHUNK_SHIFT = CHUNK_BITS.bit_length() - 1


def _by_chunk(index: np.ndarray) -> Iterator[tuple[int, np.ndarray | slice]]:
    """``(chunk, positions)``: the positions in ``index`` of the bits in each chunk."""
    if not index.size:
        return
    which = index >> _CHUNK_SHIFT
    if index.size == 1 or bool((which[1:] >= which[:-1]).all()):
        order = None  # in order (a series read in order): slices, no copy
        ordered = which
    else:
        order = np.argsort(which, kind="stable")
        ordered = which[order]
    cuts = (np.flatnonzero(ordered[1:] != ordered[:-1]) + 1).tolist()
    for low, high in zip([0, *cuts], [*cuts, int(index.size)], strict=True):
        k = int(ordered[low])
        yield k, slice(low, high) if order is None else order[low:high]


def mark(bits: np.ndarray, index: np.ndarray) -> None:
    """Set the bits ``index`` of a flat bitmap (in any order, repeats allowed)."""
    if not index.size:
        return
    byte = index >> 3
    masks = np.left_shift(np.uint8(1), (index & 7).astype(np.uint8))
    if index.size > 1 and bool((byte[1:] >= byte[:-1]).all()):
        # sorted (a series read in order): one OR per byte, much faster than ufunc.at
        first = np.flatnonzero(np.concatenate(([True], byte[1:] != byte[:-1])))
        bits[byte[first]] |= np.bitwise_or.reduceat(masks, first)
    else:
        np.bitwise_or.at(bits, byte, masks)


def marked(bits: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Whether each bit ``index`` of a flat bitmap is set."""
    masks = np.left_shift(np.uint8(1), (index & 7).astype(np.uint8))
    was: np.ndarray = (bits[index >> 3] & masks) != 0
    return was
