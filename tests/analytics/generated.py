"""A generated organisation with planted stars, imported once per session per engine.

Test modules wrap :func:`generated_store` in their own fixture (pytest only shares fixtures
through conftest files, and this directory's conftest belongs to everyone). On PostgreSQL the
data live in their own database, so other suites that drop the canonical tables of the shared
test database cannot pull them away mid-session.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from ibis.backends import BaseBackend

from tests.engines import POSTGRES_ANALYTICS_URL, _ensure_database
from uplift.analytics import engine
from uplift.analytics.canonical import CANONICAL_TABLES
from uplift.crm.importers.runner import import_export
from uplift.crm.importers.salesforce import stage_salesforce_export
from uplift.synthetic import generate_export

REPS, MONTHS, SEED = 200, 15, 7


@dataclass(frozen=True)
class GeneratedStore:
    url: str
    truth: dict[str, Any]


_EXPORTS: dict[str, Path] = {}
_STORES: dict[str, GeneratedStore] = {}


def _export(factory: pytest.TempPathFactory) -> Path:
    if "export" not in _EXPORTS:
        directory = factory.mktemp("generated") / "export"
        generate_export(directory, reps=REPS, months=MONTHS, seed=SEED)
        _EXPORTS["export"] = directory
    return _EXPORTS["export"]


def own_postgres_url(url: str) -> str:
    """The shared PostgreSQL test URL with a database of this suite's own."""
    parts = urlsplit(url)
    return parts._replace(path=parts.path + "_performance").geturl()


def own_connection(url: str) -> Iterator[BaseBackend]:
    """A connection to ``url`` for one test module; PostgreSQL in a database of the analytics
    suites' own (skipped, with the reason, when no server is reachable)."""
    if not url.startswith("duckdb"):
        url = own_postgres_url(url)
        problem = _ensure_database(url)
        if problem:
            pytest.skip(problem)
    connection = engine.connect(url)
    yield connection
    connection.disconnect()


def generated_store(factory: pytest.TempPathFactory, engine_url: str) -> GeneratedStore:
    """The generated export imported into a fresh store of the engine ``engine_url`` names."""
    if engine_url in _STORES:
        return _STORES[engine_url]
    export = _export(factory)
    if engine_url.startswith("duckdb"):
        url = f"duckdb://{factory.mktemp('store') / 'analytics.duckdb'}"
    else:
        url = own_postgres_url(POSTGRES_ANALYTICS_URL)
        problem = _ensure_database(url)
        if problem:
            pytest.skip(problem)
        backend = engine.connect(url)
        for table in CANONICAL_TABLES:
            backend.drop_table(table.name, force=True)
        backend.disconnect()
    import_export(stager=stage_salesforce_export, location=export, analytics_url=url)
    truth = json.loads((export / "truth.json").read_text(encoding="utf-8"))
    _STORES[engine_url] = GeneratedStore(url=url, truth=truth)
    return _STORES[engine_url]
