"""Which analytics engines the suite runs on: DuckDB always, PostgreSQL when reachable.

In CI (CI set) an unreachable PostgreSQL is an error, never a silent skip.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

import pytest

POSTGRES_ANALYTICS_URL = os.environ.get(
    "UPLIFT_TEST_ANALYTICS_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/uplift_analytics_test"
)


def _ensure_database(url: str) -> str | None:
    """Create the test database when missing; None when the server is reachable and ready."""
    import psycopg

    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), 2):
            pass
    except OSError as exc:
        return f"PostgreSQL is not reachable at {parts.hostname}:{parts.port}: {exc}"
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return None


def engine_params() -> list[object]:
    problem = _ensure_database(POSTGRES_ANALYTICS_URL)
    if problem and os.environ.get("CI"):
        raise RuntimeError(f"CI must run the PostgreSQL engine tests: {problem}")
    postgres_marks = [pytest.mark.postgres]
    if problem:
        postgres_marks.append(pytest.mark.skip(reason=problem))
    return [
        pytest.param("duckdb://", id="duckdb"),
        pytest.param(POSTGRES_ANALYTICS_URL, id="postgres", marks=postgres_marks),
    ]
