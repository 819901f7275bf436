"""PostgreSQL's own tools for copies of its data: pg_dump's custom format, and pg_restore.

Both run with the connection's settings in libpq's environment variables, so that no password
appears on a command line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import psycopg

from uplift.backups.archive import BackupRefused

# libpq's keywords and the environment variables that set them.
_LIBPQ_ENVIRONMENT = {
    "host": "PGHOST",
    "port": "PGPORT",
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
}


def libpq_from_django(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's connection keywords for a Django PostgreSQL database."""
    values = {
        "dbname": settings_dict.get("NAME"),
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
        **{
            k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if k in _LIBPQ_ENVIRONMENT
        },
    }
    return {key: str(value) for key, value in values.items() if value}


def libpq_from_url(url: str) -> dict[str, str]:
    """libpq's connection keywords for the database of a postgres:// URL (any schema part after
    the database name is left out)."""
    parts = urlsplit(url)
    values = {
        "dbname": unquote(parts.path.lstrip("/").split("/", 1)[0]),
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "host": parts.hostname or "",
        "port": str(parts.port or ""),
        **{k: v for k, v in parse_qsl(parts.query) if k in _LIBPQ_ENVIRONMENT},
    }
    return {key: value for key, value in values.items() if value}


def connect(libpq: dict[str, str], **options: Any) -> psycopg.Connection[Any]:
    return psycopg.connect(**libpq, **options)  # type: ignore[arg-type]


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupRefused(
            f"{name} was not found. Backups of a PostgreSQL store are made with PostgreSQL's own "
            f"tools: install its client programs, of the server's major version or newer (on "
            f"Debian and Ubuntu: apt install postgresql-client), and run the command again. "
            f"Nothing was changed."
        )
    return found


def _run(tool: str, libpq: dict[str, str], arguments: list[str]) -> None:
    environment = {**os.environ}
    for key, value in libpq.items():
        environment[_LIBPQ_ENVIRONMENT[key]] = value
    done = subprocess.run(  # noqa: S603
        [_tool(tool), *arguments], env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupRefused(f"{tool} failed: {done.stderr.strip() or done.returncode}")


def dump(libpq: dict[str, str], target: Path, *, selection: list[str]) -> None:
    """Dump what `selection` (pg_dump's --schema/--table/--snapshot options) names."""
    _run(
        "pg_dump",
        libpq,
        ["--format=custom", "--no-owner", "--no-acl", *selection, f"--file={target}"],
    )


def restore(libpq: dict[str, str], source: Path) -> None:
    """Load a dump in one transaction: all of it, or nothing."""
    _run(
        "pg_restore",
        libpq,
        [
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={libpq.get('dbname', '')}",
            str(source),
        ],
    )


def tables_drop(libpq: dict[str, str], schema: str) -> None:
    """Drop every table of `schema` (a restore replaces them all)."""
    with connect(libpq) as conn, conn.transaction():
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,)
        ).fetchall()
        for (table,) in tables:
            conn.execute(f"DROP TABLE IF EXISTS {quoted(schema)}.{quoted(table)} CASCADE")
