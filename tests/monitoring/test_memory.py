"""Bounded memory: the duplicate and completeness checks keep bits per interval slot,
not keys per reading, and give the same findings as when every reading was kept."""

from __future__ import annotations

import datetime
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from jcm_mrv.monitoring import (
    MonitoringData,
    ParameterSpec,
    PeriodSpec,
    SourceSpec,
    aggregate,
    completeness,
    csvfile,
    duplicates,
)

from .conftest import read, write_text

HEADER = "timestamp,point,EG_i_p [kWh]"
DAY = datetime.timedelta(days=1)


def _minutes(rows: int, points: int = 2) -> str:
    """``rows`` one-minute readings from 2025-01-01 over ``points`` points."""
    steps = -(-rows // points)
    stamps = np.datetime_as_string(
        np.datetime64("2025-01-01T00:00") + np.arange(steps) * np.timedelta64(1, "m"), unit="m"
    )
    lines = [
        f"{t},INV-{k + 1:02d},{(i * 7 + k) % 13}.5\n"
        for i, t in enumerate(stamps)
        for k in range(points)
    ]
    return HEADER + "\n" + "".join(lines[:rows])


def _peak(tmp_path: Path, rows: int) -> tuple[int, MonitoringData]:
    path = write_text(tmp_path / f"m{rows}.csv", _minutes(rows))
    days = -(-rows // 2 // 1440)
    periods = [PeriodSpec("all", datetime.date(2025, 1, 1), datetime.date(2025, 1, 1) + days * DAY)]
    tracemalloc.start()
    try:
        data = read(SourceSpec(path, "wide"), periods=periods)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, data


@pytest.mark.slow
def test_peak_memory_does_not_grow_with_the_number_of_readings(tmp_path: Path) -> None:
    # both past the first INFER_READINGS readings (held until the interval is known)
    small, small_data = _peak(tmp_path, 400_000)
    large, large_data = _peak(tmp_path, 2_000_000)
    assert large_data.counts["EG_i_p"].sum() == 2_000_000
    assert [f.code for f in large_data.findings] == ["JCM-D060"]  # the interval, inferred
    assert small_data.coverage[0].present == 200_000
    # a key per reading would be 8 bytes × 1.6M more readings = 13 MB; allow 2 MiB
    assert large - small < 2 << 20, (small, large)


def _findings(data: MonitoringData) -> list[dict[str, object]]:
    return [f.to_dict() for f in data.findings if f.code != "JCM-D060"]


def _both_ways(
    monkeypatch: pytest.MonkeyPatch, read_it: object
) -> tuple[MonitoringData, MonitoringData]:
    """Read with every reading held until the end, and with the interval settled after
    the first reading and blocks of a few hundred bytes (the large-file path)."""
    whole = read_it()  # type: ignore[operator]
    monkeypatch.setattr(aggregate, "INFER_READINGS", 1)
    monkeypatch.setattr(csvfile, "CHUNK_BYTES", 256)
    streamed = read_it()  # type: ignore[operator]
    return whole, streamed


def _same(whole: MonitoringData, streamed: MonitoringData) -> None:
    assert _findings(streamed) == _findings(whole)
    assert streamed.coverage == whole.coverage
    assert streamed.substitutions == whole.substitutions
    for symbol, values in whole.values.items():
        np.testing.assert_array_equal(streamed.values[symbol], values)


QUARTERS = [
    f"2025-01-0{1 + q // 96}T{q % 96 // 4:02d}:{q % 4 * 15:02d},INV-0{k},{q % 9 + k}"
    for q in range(2 * 96)
    for k in (1, 2)
]


def test_duplicates_are_named_with_both_rows_across_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repeated = [*QUARTERS, QUARTERS[5], QUARTERS[300], QUARTERS[5], *QUARTERS[40:60]]
    source = SourceSpec(write_text(tmp_path / "d.csv", HEADER + "\n" + "\n".join(repeated)), "wide")
    whole, streamed = _both_ways(monkeypatch, lambda: read(source))
    _same(whole, streamed)
    messages = [f.message for f in streamed.findings if f.code == "JCM-D016"]
    assert "also in row 7)" in messages[0] and "also in row 386)" in messages[1]
    assert messages[-1] == "13 more duplicated reading(s) of EG_i_p not listed"
    values = streamed.values["EG_i_p"]  # only P2 at INV-02 has no duplicated reading
    assert np.isnan(values[[0, 0, 1], [0, 1, 0]]).all() and values[1, 1] > 0


def test_off_grid_and_outside_readings_are_still_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    odd = ["2025-01-01T00:07,INV-01,1", "2025-01-05T00:00,INV-02,1"]  # between slots; no period
    rows = [*QUARTERS, *odd, *odd]
    source = SourceSpec(write_text(tmp_path / "o.csv", HEADER + "\n" + "\n".join(rows)), "wide")
    whole, streamed = _both_ways(monkeypatch, lambda: read(source))
    _same(whole, streamed)
    assert len([f for f in streamed.findings if f.code == "JCM-D016"]) == 2


def test_gaps_and_max_rate_fill_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = [row for q, row in enumerate(QUARTERS) if q // 2 not in range(30, 41)]
    source = SourceSpec(
        write_text(tmp_path / "g.csv", HEADER + "\n" + "\n".join(kept)),
        "wide",
        substitute="max-rate",
    )
    lowering = ParameterSpec("EG_i_p", "MWh", True, minimum=0.0, direction="lowers")
    whole, streamed = _both_ways(monkeypatch, lambda: read(source, {"EG_i_p": lowering}))
    _same(whole, streamed)
    assert streamed.substitutions and streamed.coverage[0].present == 96 - 11


def test_the_first_readings_decide_the_interval_and_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(aggregate, "INFER_READINGS", 10)
    monkeypatch.setattr(duplicates, "MAX_RUNS", 1)  # shuffled rows: the first rows are dropped
    shuffled = [QUARTERS[k] for k in np.random.default_rng(1).permutation(len(QUARTERS))]
    rows = [*shuffled, QUARTERS[100]]
    source = SourceSpec(write_text(tmp_path / "s.csv", HEADER + "\n" + "\n".join(rows)), "wide")
    data = read(source)
    info = next(f for f in data.findings if f.code == "JCM-D060")
    assert "(15min) was inferred from its first" in info.message
    duplicate = next(f for f in data.findings if f.code == "JCM-D016")
    assert duplicate.row == len(rows) + 1 and "also earlier in the data" in duplicate.message


@pytest.mark.parametrize("size", [1, 9, completeness.CHUNK_BITS, 3 * completeness.CHUNK_BITS + 5])
def test_chunked_bitmap_reads_back_what_was_marked(size: int) -> None:
    rng = np.random.default_rng(size)
    bits, flat = completeness.Bitmap(size), np.zeros(size, dtype=bool)
    for block in range(12):
        index = rng.integers(0, size, int(rng.integers(0, 2 * size + 1)))
        if block % 3 == 0:  # in order, as a series read in order
            index = np.flatnonzero(rng.random(size) < 0.95)
        bits.mark(index)
        flat[index] = True
        asked = rng.integers(0, size, 64)
        np.testing.assert_array_equal(bits.marked(asked), flat[asked])
        low = int(rng.integers(0, size))
        count = int(rng.integers(0, size - low + 1))
        np.testing.assert_array_equal(bits.window(low, count), flat[low : low + count])
    np.testing.assert_array_equal(bits.window(0, size), flat)


def test_a_complete_series_read_in_order_holds_no_chunk() -> None:
    size = 10 * completeness.CHUNK_BITS + 123
    bits = completeness.Bitmap(size)
    held = []
    for block in np.array_split(np.arange(size), 40):
        bits.mark(block[block != 12_345])  # one slot never read: a gap
        held.append(bits.held)
    assert max(held) <= 2 and held[-1] == 1  # only the chunk with the gap is kept
    assert bits.window(0, size).sum() == size - 1 and not bits.marked(np.array([12_345]))[0]
