"""The analyze benchmark compares like with like: its three scorecard implementations agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_analyze import run_analyse, run_ibis, run_pandas, run_sql, same_scorecards
from benchmarks.bench_analyze_data import build


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "data"
    build(path, reps=60, opportunities=6_000, activities=30_000, seed=3)
    return path


def test_ibis_hand_written_sql_and_pandas_compute_the_same_scorecards(data: Path) -> None:
    tables = {"ibis": run_ibis(data), "sql": run_sql(data), "pandas": run_pandas(data)}
    assert tables["ibis"].num_rows == 60
    same_scorecards(tables)  # raises, naming the rep and columns, when they differ


def test_the_whole_analysis_runs_on_the_benchmark_tables(data: Path) -> None:
    summary = run_analyse(data)
    assert summary["ranked"] == 60
    assert summary["annual_value"] > 0
