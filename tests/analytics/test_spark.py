"""The scorecard's Ibis expressions run unchanged on Spark (PySpark, local mode), for when an
organisation outgrows one machine; the numbers equal DuckDB's."""

from __future__ import annotations

import math
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ibis.backends import BaseBackend

from tests.analytics.tiny_crm import ROWS, tiny_tables
from uplift.analytics import canonical
from uplift.analytics.engine import parse_engine_url, spark_url
from uplift.analytics.metrics import CrmTables, scorecards, trailing_window
from uplift.analytics.spark_store import spark_session

pytestmark = pytest.mark.spark
WINDOW = trailing_window(date(2026, 3, 31), 3)


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    return shutil.which("java") or (str(Path(home) / "bin" / "java") if home else None)


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> BaseBackend:
    if _java() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the Spark test, but no Java runtime is installed.")
        pytest.skip("no Java runtime: Spark cannot start (install openjdk-17-jre-headless)")
    url = parse_engine_url(spark_url(tmp_path_factory.mktemp("spark-store")))
    # The process's one session, shared with the whole-analysis test; it ends with the process.
    return ibis.pyspark.connect(spark_session(url).newSession())


def _spark_tables(con: BaseBackend, folder: Path) -> CrmTables:
    """The tiny CRM as Parquet files read by Spark: how a warehouse would hand data to it."""
    views = {}
    for table in canonical.CANONICAL_TABLES:
        rows = ROWS[table.name]
        columns = {name: [row[name] for row in rows] for name in table.column_names}
        path = folder / f"{table.name}.parquet"
        pq.write_table(pa.table(columns, schema=table.schema().to_pyarrow()), path)
        con._session.read.parquet(str(path)).createOrReplaceTempView(table.name)
        views[table.name] = con.table(table.name)
    return CrmTables(
        reps=views["crm_reps"],
        accounts=views["crm_accounts"],
        opportunities=views["crm_opportunities"],
        activities=views["crm_activities"],
        contact_roles=views["crm_contact_roles"],
        quotas=views["crm_quotas"],
    )


def _rows(tables: CrmTables, grain: str) -> dict[tuple[str, date], dict[str, Any]]:
    table = scorecards(tables, WINDOW, grain)  # type: ignore[arg-type]
    return {(row["rep_id"], row["period_key"]): row for row in table.to_pylist()}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return (a is None and b is None) or (
            a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
        )
    return bool(a == b)


@pytest.mark.parametrize("grain", ["window", "month"])
def test_spark_scorecards_equal_duckdb(spark: BaseBackend, grain: str, tmp_path: Path) -> None:
    expected = _rows(tiny_tables(ibis.duckdb.connect()), grain)
    got = _rows(_spark_tables(spark, tmp_path), grain)
    assert set(got) == set(expected)
    for key, row in expected.items():
        different = {c: (row[c], got[key][c]) for c in row if not _same(row[c], got[key].get(c))}
        assert different == {}, f"{key}: {different}"
