"""Which analytics engines the suite runs on: DuckDB always, PostgreSQL when reachable.

Each pytest-xdist worker has PostgreSQL databases of its own (see `worker_database_url`).

In CI (CI set) an unreachable PostgreSQL is an error, never a silent skip.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

import pytest


def worker_database_url(url: str) -> str:
    """`url` with a database of this test process's own: under pytest-xdist each worker adds its
    name (`uplift_analytics_test_gw0`, `_gw1`, ...), so workers never drop each other's tables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    parts = urlsplit(url)
    return parts._replace(path=f"{parts.path}_{worker}").geturl()


def _analytics_url() -> str:
    """The analytics engine tests' PostgreSQL database: UPLIFT_TEST_ANALYTICS_POSTGRES_URL, else
    beside the application's test database (UPLIFT_TEST_POSTGRES_URL's name + `_analytics`), so
    that one name of a run's own keeps two runs on one server apart."""
    explicit = os.environ.get("UPLIFT_TEST_ANALYTICS_POSTGRES_URL")
    if explicit:
        return worker_database_url(explicit)
    application = os.environ.get("UPLIFT_TEST_POSTGRES_URL")
    if application:
        parts = urlsplit(application)
        return worker_database_url(parts._replace(path=f"{parts.path}_analytics").geturl())
    return worker_database_url("postgres://postgres@127.0.0.1:5432/uplift_analytics_test")


POSTGRES_ANALYTICS_URL = _analytics_url()


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
