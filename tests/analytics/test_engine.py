"""The engine module connects by URL; the same code runs on DuckDB and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ibis
import pytest
from ibis.backends import BaseBackend

from tests.engines import engine_params
from uplift.analytics import engine


@pytest.fixture(params=engine_params())
def con(request: pytest.FixtureRequest) -> Iterator[BaseBackend]:
    connection = engine.connect(request.param)
    yield connection
    connection.disconnect()


def test_connect_and_aggregate_in_the_engine(con: BaseBackend) -> None:
    name = "uplift_engine_probe"
    data = ibis.memtable({"rep": ["a", "a", "b"], "amount_cents": [100, 250, 999]})
    con.create_table(name, data, overwrite=True)
    try:
        table = con.table(name)
        out = (
            table.group_by("rep")
            .aggregate(total=table.amount_cents.sum(), deals=table.count())
            .order_by("rep")
            .to_pyarrow()
            .to_pylist()
        )
        assert out == [
            {"rep": "a", "total": 350, "deals": 2},
            {"rep": "b", "total": 999, "deals": 1},
        ]
    finally:
        con.drop_table(name)


def test_store_initialise_is_idempotent(con: BaseBackend) -> None:
    if engine.STORE_INFO_TABLE in con.list_tables():
        con.drop_table(engine.STORE_INFO_TABLE)
    assert engine.store_initialise(con) == engine.STORE_SCHEMA_VERSION
    assert engine.store_initialise(con) == engine.STORE_SCHEMA_VERSION
    rows = con.table(engine.STORE_INFO_TABLE).count().execute()
    assert rows == 1


def test_duckdb_file_is_created_where_asked(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "analytics.duckdb"
    con = engine.connect(f"duckdb://{path}")
    engine.store_initialise(con)
    con.disconnect()
    assert path.exists()


def test_importing_the_package_connects_to_nothing() -> None:
    import uplift.analytics.canonical
    import uplift.analytics.engine
    import uplift.analytics.store

    for module in (uplift.analytics.engine, uplift.analytics.canonical, uplift.analytics.store):
        assert not any(isinstance(v, BaseBackend) for v in vars(module).values())
