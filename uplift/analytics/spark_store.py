"""The analytics store on Spark: each version a directory of Parquet files, one per canonical
table (``<store>/<tenant>/<version>/crm_opportunities.parquet``), read through Ibis's PySpark
backend (ADR 0011).

Spark has no transactions to merge an import into, so an import merges in a scratch DuckDB on
the importing machine (the same code as the embedded store: counts, checks, atomicity) and then
writes every table of the new version as Parquet. The version is invisible until the
application database points at it, as on the other engines.

One Spark session runs per process and per master; each connection is a child session of it
(``SparkSession.newSession``) with its own temporary views, so two organisations' stores opened
at once in one process never see each other's tables.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
from ibis.backends.pyspark import Backend as PySparkBackend

from uplift.analytics.canonical import CANONICAL_TABLES, canonical_tables_create

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from uplift.analytics.engine import EngineURL

# Shuffles of a per-rep analysis are small: Spark's default of 200 partitions spends more time
# scheduling empty tasks than working, in local mode (a cluster's URL may set its own).
LOCAL_SHUFFLE_PARTITIONS = "4"
_SESSIONS: dict[str, SparkSession] = {}
_LOCK = threading.Lock()


class SparkStoreMissing(FileNotFoundError):  # noqa: N818  (shown to people as it is)
    """A Spark store version without its Parquet files."""


class SparkStoreBackend(PySparkBackend):  # type: ignore[misc]  # ibis has no types here
    """Ibis's PySpark backend on one store version; disconnecting leaves the shared session
    running for the next connection and drops only this connection's views."""

    def disconnect(self) -> None:
        if self._session.sparkContext._jsc is None:
            return  # the session was stopped: its views went with it
        for table in CANONICAL_TABLES:
            self._session.catalog.dropTempView(table.name)


def spark_session(url: EngineURL) -> SparkSession:
    """The process's Spark session for the URL's master, started on first use."""
    assert url.master is not None  # noqa: S101  (a parsed spark:// URL always has one)
    with _LOCK:
        session = _SESSIONS.get(url.master)
        if session is not None and session.sparkContext._jsc is not None:
            return session
        from pyspark.sql import SparkSession

        builder = SparkSession.builder.master(url.master).appName("uplift")
        settings = {
            "spark.sql.session.timeZone": "UTC",
            "spark.sql.catalogImplementation": "in-memory",
        }
        if url.master.startswith("local"):
            settings |= {
                "spark.ui.enabled": "false",
                "spark.driver.bindAddress": "127.0.0.1",
                "spark.driver.host": "127.0.0.1",
                "spark.sql.shuffle.partitions": LOCAL_SHUFFLE_PARTITIONS,
                "spark.ui.showConsoleProgress": "false",
            }
            # The driver and its local executors talk over the loopback interface only.
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        for key, value in {**settings, **dict(url.spark_conf)}.items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
        _SESSIONS[url.master] = session
        return session


def spark_store_connect(url: EngineURL) -> SparkStoreBackend:
    """An Ibis connection whose canonical tables are the Parquet files of the version at `url`."""
    assert url.path is not None  # noqa: S101  (a parsed spark:// URL always has one)
    missing = [t.name for t in CANONICAL_TABLES if not (url.path / f"{t.name}.parquet").exists()]
    if missing:
        raise SparkStoreMissing(f"{url.path} has no {', '.join(missing)}: import the export again")
    session = spark_session(url).newSession()
    for table in CANONICAL_TABLES:
        frame = session.read.parquet(str(url.path / f"{table.name}.parquet"))
        frame.createOrReplaceTempView(table.name)
    if ibis.options.pyspark is None:  # what `ibis.pyspark` does on first use
        SparkStoreBackend.register_options()
    backend: SparkStoreBackend = SparkStoreBackend().connect(session)
    return backend


def spark_version_load(duck: Any, folder: Path) -> None:
    """Fill the canonical tables of the DuckDB connection `duck` with the version in `folder`
    (the tables are created first, so the store's types hold even for an empty version)."""
    canonical_tables_create(ibis.duckdb.from_connection(duck))
    for table in CANONICAL_TABLES:
        source = str(folder / f"{table.name}.parquet").replace("'", "''")
        columns = ", ".join(f'"{c}"' for c in table.column_names)
        duck.execute(
            f'INSERT INTO "{table.name}" ({columns}) '  # noqa: S608  (our table names)
            f"SELECT {columns} FROM read_parquet('{source}')"
        )


def spark_version_write(duck: Any, folder: Path) -> None:
    """Write every canonical table of the DuckDB connection `duck` as Parquet into `folder`.

    Rows go out in key order, so that a version's files are the same for the same data."""
    folder.mkdir(parents=True, exist_ok=True)
    for table in CANONICAL_TABLES:
        target = str(folder / f"{table.name}.parquet").replace("'", "''")
        order = ", ".join(f'"{c}"' for c in table.key)
        duck.execute(
            f'COPY (SELECT * FROM "{table.name}" ORDER BY {order}) '  # noqa: S608
            f"TO '{target}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)"
        )
