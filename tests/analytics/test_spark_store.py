"""A Spark store is addressed by a spark:// URL and kept as directories of Parquet files, one per
version (ADR 0011). None of this starts Spark."""

from __future__ import annotations

from pathlib import Path

import duckdb
import ibis
import pytest

from tests.analytics.tiny_crm import ROWS, tiny_tables
from uplift.analytics.canonical import CANONICAL_TABLES
from uplift.analytics.engine import EngineURLError, parse_engine_url, spark_url
from uplift.analytics.spark_store import spark_version_load, spark_version_write
from uplift.analytics.versions import tenant_stores, version_new


def test_local_mode_by_default_and_any_master_by_parameter() -> None:
    local = parse_engine_url("spark:///srv/store")
    assert (local.kind, local.path, local.master) == ("spark", Path("/srv/store"), "local[2]")
    yarn = parse_engine_url("spark:///srv/store?master=yarn&spark.executor.memory=8g")
    assert yarn.master == "yarn"
    assert yarn.spark_conf == (("spark.executor.memory", "8g"),)


def test_a_standalone_master_as_host_and_port() -> None:
    url = parse_engine_url("spark://spark-master.internal:7077/mnt/store")
    assert url.master == "spark://spark-master.internal:7077"
    assert url.path == Path("/mnt/store")


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("spark://", "names no store directory"),
        ("spark://host:7077", "names no store directory"),
        ("spark:///srv/store?mode=fast", "Unknown setting 'mode'"),
        ("spark://host:7077/srv/store?master=yarn", "either as host:port or as ?master="),
    ],
)
def test_urls_that_cannot_be_used_are_refused_with_the_forms_that_can(url: str, says: str) -> None:
    with pytest.raises(EngineURLError, match=says.replace("?", r"\?")):
        parse_engine_url(url)


def test_spark_url_round_trips(tmp_path: Path) -> None:
    url = parse_engine_url(spark_url(tmp_path / "store", master="local[4]"))
    assert (url.path, url.master) == (tmp_path / "store", "local[4]")


def test_each_organisation_has_its_own_folder_and_each_version_its_own_directory(
    tmp_path: Path,
) -> None:
    base = spark_url(tmp_path / "store", **{"spark.executor.memory": "2g"})
    stores = tenant_stores(base, "org7")
    version = version_new()
    version_url = parse_engine_url(stores.url(version))
    assert version_url.path == tmp_path / "store" / "org7" / version
    assert version_url.spark_conf == (("spark.executor.memory", "2g"),)
    assert tenant_stores(base, "org8").folder != stores.folder
    assert stores.versions() == []
    version_url.path.mkdir(parents=True)
    (stores.folder / ".import-leftover").mkdir()
    assert stores.versions() == [version]
    assert stores.discard(current=version) == []
    assert not (stores.folder / ".import-leftover").exists()  # a killed import's scratch
    assert stores.drop(version)
    assert stores.versions() == []


def test_a_version_written_as_parquet_reads_back_the_same_rows(tmp_path: Path) -> None:
    source = ibis.duckdb.connect()
    tiny_tables(source, prefix="")
    folder = tmp_path / "v1"
    spark_version_write(source.con, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{t.name}.parquet" for t in CANONICAL_TABLES
    )
    with duckdb.connect() as copy:
        spark_version_load(copy, folder)
        for table in CANONICAL_TABLES:
            count = copy.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()
            assert count == (len(ROWS[table.name]),), table.name
