"""The one module that connects to the analytics engine, by URL.

- ``duckdb:///absolute/path/analytics.duckdb`` (the embedded default) or ``duckdb://`` in memory
- ``postgres://user:pass@host:5432/db`` (also ``postgresql://``)
- ``spark:///absolute/store/dir`` (Spark in local mode, ``local[2]``; ``?master=local[4]``,
  ``?master=yarn`` or ``?master=spark://host:7077`` to choose) or
  ``spark://host:7077/absolute/store/dir`` (a standalone cluster's master): the canonical tables
  are Parquet files in the store directory, which the driver and every executor must see;
  any ``spark.*`` query parameter is set on the session (``?spark.executor.memory=8g``).
  See docs/scale.md and ADR 0011.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit

if TYPE_CHECKING:  # Ibis loads on connecting: reading a URL (a command's set-up) needs none of it
    from ibis.backends import BaseBackend

STORE_INFO_TABLE = "uplift_store_info"
STORE_SCHEMA_VERSION = 1


class EngineURLError(ValueError):
    """An analytics URL this build cannot use."""


@dataclass(frozen=True)
class EngineURL:
    url: str
    kind: str  # "duckdb", "postgres" or "spark"
    path: Path | None  # the DuckDB file or the Spark store directory; None for memory and servers
    master: str | None = None  # Spark only: where the session runs (``local[2]``, ``spark://…``)
    spark_conf: tuple[tuple[str, str], ...] = ()  # Spark only: ``spark.*`` settings from the URL

    def with_path(self, path: Path) -> EngineURL:
        """The same engine with another file or directory (a version of a store)."""
        if self.kind == "duckdb":
            return parse_engine_url(f"duckdb://{path}")
        if self.kind != "spark":
            raise EngineURLError(f"{self.kind} stores are not addressed by a path")
        parts = urlsplit(self.url)
        return parse_engine_url(parts._replace(path=str(path)).geturl())

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
    if scheme == "spark":
        return _spark_url(url)
    message = (
        f"Unsupported analytics URL scheme {scheme!r}: "
        "use duckdb:///path, postgres://… or spark:///path"
    )
    raise EngineURLError(message)


SPARK_LOCAL_MASTER = "local[2]"


def _spark_url(url: str) -> EngineURL:
    parts = urlsplit(url)
    if not parts.path.startswith("/") or parts.path == "/":
        raise EngineURLError(
            f"{url!r} names no store directory: use spark:///absolute/dir or "
            "spark://host:7077/absolute/dir"
        )
    query = parse_qsl(parts.query, keep_blank_values=True)
    unknown = [key for key, _ in query if key != "master" and not key.startswith("spark.")]
    if unknown:
        raise EngineURLError(
            f"Unknown setting {unknown[0]!r} in the Spark URL: use master=… or spark.*=…"
        )
    masters = [value for key, value in query if key == "master"]
    if parts.netloc and masters:
        raise EngineURLError("A Spark URL names its master either as host:port or as ?master=")
    master = f"spark://{parts.netloc}" if parts.netloc else (masters or [SPARK_LOCAL_MASTER])[-1]
    conf = tuple((key, value) for key, value in query if key.startswith("spark."))
    return EngineURL(url=url, kind="spark", path=Path(parts.path), master=master, spark_conf=conf)


def spark_url(path: Path, *, master: str = SPARK_LOCAL_MASTER, **conf: str) -> str:
    """The analytics URL of a Spark store directory (``conf``: ``spark.*`` settings)."""
    query = urlencode({"master": master, **conf})
    return f"spark://{path}?{query}"


def connect(url: str, **options: Any) -> BaseBackend:
    """Open a connection to the analytics engine named by `url`."""
    import ibis

    parsed = parse_engine_url(url)
    if parsed.kind == "duckdb":
        if parsed.path is None:
            return ibis.duckdb.connect(**options)
        parsed.path.parent.mkdir(parents=True, exist_ok=True)
        return ibis.duckdb.connect(str(parsed.path), **options)
    if parsed.kind == "spark":
        from uplift.analytics.spark_store import spark_store_connect

        return spark_store_connect(parsed)
    normalised = "postgres://" + url.split("://", 1)[1]
    return ibis.connect(normalised, **options)


def store_initialise(con: BaseBackend) -> int:
    """Create the store's bookkeeping table if missing; return the store's schema version."""
    import ibis

    if STORE_INFO_TABLE not in con.list_tables():
        info = ibis.memtable(
            {"key": ["schema_version"], "value": [str(STORE_SCHEMA_VERSION)]},
            schema={"key": "string", "value": "string"},
        )
        con.create_table(STORE_INFO_TABLE, info)
    table = con.table(STORE_INFO_TABLE)
    rows = table.filter(table.key == "schema_version").select("value").to_pyarrow().to_pylist()
    return int(rows[0]["value"]) if rows else 0
