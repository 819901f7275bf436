"""One analytics store per organisation, kept as whole versions.

Each organisation (a *tenant*) has its own store, so no query can read another company's CRM
rows and no import can overwrite them (ADR 0005). An import never writes into the version that
pages read: it copies the current version into a new one, merges the export there and commits;
the application database then switches its pointer to the new version in one short transaction.
Until that switch the new version is invisible, so an import that dies at any instant leaves
both stores as they were, and the leftover version is dropped by the next `discard`.

Where versions live, by the analytics URL's engine:

- DuckDB ``duckdb:///home/analytics.duckdb``: one file per version,
  ``/home/analytics/<tenant>/<version>.duckdb``.
- PostgreSQL ``postgres://…/db``: one schema per version, ``<tenant>_<version>``, in that
  database.
- Spark ``spark:///store/dir``: one directory of Parquet files per version,
  ``/store/dir/<tenant>/<version>/`` (ADR 0011).
"""

from __future__ import annotations

import fcntl
import re
import secrets
import shutil
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from uplift.analytics.canonical import CANONICAL_TABLES
from uplift.analytics.engine import EngineURL, EngineURLError, parse_engine_url

_TENANT = re.compile(r"^[a-z][a-z0-9]{0,20}$")
_VERSION = re.compile(r"^v\d{20}_[0-9a-f]{6}$")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def version_new() -> str:
    """A fresh version name; names sort in the order they were made."""
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
    return f"v{stamp}_{secrets.token_hex(3)}"


@dataclass(frozen=True)
class TenantStores:
    """Every version of one tenant's store under one analytics URL."""

    base: EngineURL
    tenant: str

    def __post_init__(self) -> None:
        if not _TENANT.match(self.tenant):
            raise ValueError(f"Not a tenant name: {self.tenant!r}")
        if self.base.kind == "duckdb" and self.base.path is None:
            raise EngineURLError(
                "An in-memory analytics store cannot keep organisations apart: "
                "use duckdb:///path/to/analytics.duckdb."
            )

    @property
    def folder(self) -> Path:
        """DuckDB and Spark: where this tenant's version files (or directories) are."""
        assert self.base.path is not None  # noqa: S101  (checked in __post_init__)
        if self.base.kind == "spark":
            return self.base.path / self.tenant
        return self.base.path.with_suffix("") / self.tenant

    def url(self, version: str) -> str:
        """The analytics URL of one version."""
        _check_version(version)
        if self.base.kind == "duckdb":
            return f"duckdb://{self.folder / version}.duckdb"
        if self.base.kind == "spark":
            return self.base.with_path(self.folder / version).url
        return postgres_schema_url(self.base.url, f"{self.tenant}_{version}")

    def versions(self) -> list[str]:
        """The versions that exist, oldest first (including any an unfinished import left)."""
        if self.base.kind == "duckdb":
            if not self.folder.is_dir():
                return []
            names = [p.stem for p in self.folder.glob("v*.duckdb")]
        elif self.base.kind == "spark":
            if not self.folder.is_dir():
                return []
            names = [p.name for p in self.folder.glob("v*") if p.is_dir()]
        else:
            import psycopg  # here: a DuckDB or Spark installation never needs the driver

            with psycopg.connect(_libpq(self.base.url), autocommit=True) as conn:
                rows = conn.execute(
                    "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE %s",
                    (self.tenant + "\\_v%",),
                ).fetchall()
            names = [row[0].removeprefix(self.tenant + "_") for row in rows]
        return sorted(name for name in names if _VERSION.match(name))

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold this tenant's write lock: imports of one organisation run one at a time."""
        if self.base.kind in {"duckdb", "spark"}:
            self.folder.mkdir(parents=True, exist_ok=True)
            with (self.folder / "import.lock").open("a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
            return
        import psycopg

        key = zlib.crc32(f"uplift-import:{self.tenant}".encode())
        with psycopg.connect(_libpq(self.base.url), autocommit=True) as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (key,))
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (key,))

    def drop(self, version: str) -> bool:
        """Delete one version; False when it is in use and could not be dropped now."""
        _check_version(version)
        if self.base.kind == "duckdb":
            for suffix in (".duckdb", ".duckdb.wal"):
                (self.folder / (version + suffix)).unlink(missing_ok=True)
            return True
        if self.base.kind == "spark":
            shutil.rmtree(self.folder / version, ignore_errors=True)
            return True
        import psycopg

        with psycopg.connect(_libpq(self.base.url), autocommit=True) as conn:
            conn.execute("SET lock_timeout = '2s'")
            try:
                schema = _quote(f"{self.tenant}_{version}")
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            except psycopg.errors.LockNotAvailable:
                return False
        return True

    def discard(self, *, current: str | None) -> list[str]:
        """Drop what no reader needs: versions newer than `current` (left by an import that did
        not finish) and all but the newest older one (a page may still be reading it).

        Call while `writing()`, so that no import is making a version at the same time."""
        existing = self.versions()
        older = [v for v in existing if current is not None and v < current]
        keep = {current, *older[-1:]}
        if self.base.kind == "spark" and self.folder.is_dir():
            for scratch in self.folder.glob(".import-*"):  # a killed import's merge
                shutil.rmtree(scratch, ignore_errors=True)
        return [v for v in existing if v not in keep and self.drop(v)]


def postgres_schema_url(url: str, schema: str) -> str:
    """The postgres:// URL of one schema of the database that `url` names."""
    parts = urlsplit(url)
    database = parts.path.lstrip("/").split("/", 1)[0]
    return parts._replace(path=f"/{database}/{schema}").geturl()


def _check_version(version: str) -> None:
    if not _VERSION.match(version):
        raise ValueError(f"Not a store version: {version!r}")


def _libpq(url: str) -> str:
    """A libpq connection string for the database of a postgres:// URL (no schema part)."""
    parts = urlsplit(url)
    database = parts.path.lstrip("/").split("/", 1)[0]
    return parts._replace(scheme="postgresql", path=f"/{database}").geturl()


def tenant_stores(analytics_url: str, tenant: str) -> TenantStores:
    return TenantStores(base=parse_engine_url(analytics_url), tenant=tenant)


def version_prepare(con: Any, url: str, *, previous_url: str | None) -> None:
    """Make the (new, empty) version that `con` is connected to (at `url`) a copy of the
    version at `previous_url`; with none, leave it for the caller to create empty tables."""
    target = parse_engine_url(url)
    if target.kind == "duckdb":
        if previous_url is None:
            return
        previous = parse_engine_url(previous_url)
        path = str(previous.path).replace("'", "''")
        database = con.execute("SELECT current_database()").fetchone()[0]
        con.execute(f"ATTACH '{path}' AS previous_version (READ_ONLY)")
        try:
            con.execute(f"COPY FROM DATABASE previous_version TO {_quote(database)}")
        finally:
            con.execute("DETACH previous_version")
        return
    if previous_url is None and not _has_schema(url):
        return  # a plain database: its tables are created where its search path says
    with con.transaction():
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {_quote(_schema_of(url))}")
        if previous_url is None:
            return
        schema = _quote(_schema_of(previous_url))
        for table in CANONICAL_TABLES:
            name = _quote(table.name)
            con.execute(f"CREATE TABLE {name} (LIKE {schema}.{name} INCLUDING ALL)")
            con.execute(f"INSERT INTO {name} SELECT * FROM {schema}.{name}")  # noqa: S608  (quoted identifiers)


def _has_schema(url: str) -> bool:
    parts = urlsplit(url).path.lstrip("/").split("/", 1)
    return len(parts) == 2 and bool(parts[1])


def _schema_of(url: str) -> str:
    parts = urlsplit(url).path.lstrip("/").split("/", 1)
    if len(parts) < 2 or not parts[1]:
        raise EngineURLError(f"No schema in {url!r}")
    return parts[1]
