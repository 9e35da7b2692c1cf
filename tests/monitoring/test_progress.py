"""Progress reporting while monitoring data are read (what the progress bar shows)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jcm_mrv.monitoring import ParameterSpec, PeriodSpec, SourceSpec, read_monitoring_data


def test_progress_reaches_the_total_size_of_the_files(tmp_path: Path) -> None:
    lines = ["timestamp,point,EG_i_p [kWh]"]
    lines += [f"2025-01-01T{h:02d}:00,INV-01,1.5" for h in range(24)]
    data_file = tmp_path / "readings.csv"
    data_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    calls: list[tuple[int, int]] = []

    data = read_monitoring_data(
        [SourceSpec(data_file, layout="wide")],
        {"EG_i_p": ParameterSpec("EG_i_p", "kWh", per_point=True)},
        [PeriodSpec("D1", date(2025, 1, 1), date(2025, 1, 1))],
        ["INV-01"],
        progress=lambda done, total: calls.append((done, total)),
    )

    size = data_file.stat().st_size
    assert data.values["EG_i_p"][0, 0] == 24 * 1.5
    assert calls, "progress was never reported"
    assert all(total == size for _, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert calls[-1] == (size, size)
