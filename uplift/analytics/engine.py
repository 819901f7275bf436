"""The one module that connects to the analytics engine, by URL.

- ``duckdb:///absolute/path/analytics.duckdb`` (the embedded default) or ``duckdb://`` in memory
- ``postgres://user:pass@host:5432/db`` (also ``postgresql://``)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import ibis
from ibis.backends import BaseBackend

STORE_INFO_TABLE = "uplift_store_info"
STORE_SCHEMA_VERSION = 1


class EngineURLError(ValueError):
    """An analytics URL this build cannot use."""


@dataclass(frozen=True)
class EngineURL:
    url: str
    kind: str  # "duckdb" or "postgres"
    path: Path | None  # the DuckDB file, or None for memory and servers

    @property
    def display(self) -> str:
        """The URL without a password, for logs and messages."""
        parts = urlsplit(self.url)
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
            return parts._replace(netloc=netloc).geturl()
        return self.url


def parse_engine_url(url: str) -> EngineURL:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "duckdb":
        raw = url[len("duckdb://") :]
        path = Path(raw) if raw and raw != ":memory:" else None
        return EngineURL(url=url, kind="duckdb", path=path)
    if scheme in {"postgres", "postgresql"}:
        return EngineURL(url=url, kind="postgres", path=None)
    message = f"Unsupported analytics URL scheme {scheme!r}: use duckdb:///path or postgres://…"
    raise EngineURLError(message)


def connect(url: str, **options: Any) -> BaseBackend:
    """Open a connection to the analytics engine named by `url`."""
    parsed = parse_engine_url(url)
    if parsed.kind == "duckdb":
        if parsed.path is None:
            return ibis.duckdb.connect(**options)
        parsed.path.parent.mkdir(parents=True, exist_ok=True)
        return ibis.duckdb.connect(str(parsed.path), **options)
    normalised = "postgres://" + url.split("://", 1)[1]
    return ibis.connect(normalised, **options)


def store_initialise(con: BaseBackend) -> int:
    """Create the store's bookkeeping table if missing; return the store's schema version."""
    if STORE_INFO_TABLE not in con.list_tables():
        info = ibis.memtable(
            {"key": ["schema_version"], "value": [str(STORE_SCHEMA_VERSION)]},
            schema={"key": "string", "value": "string"},
        )
        con.create_table(STORE_INFO_TABLE, info)
    table = con.table(STORE_INFO_TABLE)
    rows = table.filter(table.key == "schema_version").select("value").to_pyarrow().to_pylist()
    return int(rows[0]["value"]) if rows else 0
