"""Creating and migrating the stores: the application database and the analytics engine."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from uplift.analytics import engine
from uplift.analytics.canonical import CANONICAL_TABLES
from uplift.analytics.versions import postgres_schema_url, version_new, version_prepare
from uplift.orgs.analytics_stores import (
    organisation_store_switch,
    organisation_stores,
    organisation_stores_tidy,
)
from uplift.orgs.models import Organisation


def stores_pending_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def stores_initialise() -> Iterator[str]:
    """Migrate the database, collect static files and prepare the analytics store. Idempotent."""
    settings.UPLIFT_HOME.mkdir(parents=True, exist_ok=True)
    pending = stores_pending_migrations()
    call_command("migrate", interactive=False, verbosity=0)
    database = connection.settings_dict["NAME"]
    yield f"database: {connection.vendor} {database} ({pending} migration(s) applied)"
    yield _static_files_collect()
    url = engine.parse_engine_url(settings.UPLIFT_ANALYTICS_URL)
    yield from _legacy_store_adopt(url)
    with_data = 0
    for organisation in Organisation.objects.all():
        dropped = organisation_stores_tidy(organisation)
        if dropped:
            yield (
                f"analytics: {organisation.name}: dropped {len(dropped)} unused version(s) "
                "(older imports, or one that was interrupted)"
            )
        with_data += bool(organisation.analytics_store)
    yield f"analytics: {url.kind} {url.display} (one store per organisation; {with_data} with data)"


# Static files of installed apps that no page uses (Uplift vendors its own htmx).
STATIC_IGNORED = ["django_htmx/*"]


def _static_sources_fingerprint() -> str:
    """What collectstatic would read: every source file's path, size and modification time."""
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in sorted(finder.list(STATIC_IGNORED), key=lambda found: found[0]):
            stat = Path(storage.path(path)).stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _static_files_collect() -> str:
    """Collect and compress the static files, unless they are collected from these very sources
    already (compressing them all again takes many seconds on every `uplift init`)."""
    root = Path(settings.STATIC_ROOT)
    stamp = root / ".uplift-sources"
    fingerprint = _static_sources_fingerprint()
    manifest = root / "staticfiles.json"
    if manifest.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        return f"static files: {root} (up to date)"
    call_command(
        "collectstatic",
        interactive=False,
        verbosity=0,
        ignore_patterns=STATIC_IGNORED,
        stdout=io.StringIO(),
    )
    stamp.write_text(fingerprint)
    return f"static files: {root}"


def _legacy_store_adopt(url: engine.EngineURL) -> Iterator[str]:
    """Move the single shared store of installs before version 2 into its organisation's own.

    Done only when exactly one organisation exists (its rows cannot be told apart otherwise)."""
    legacy = _legacy_store_url(url)
    if legacy is None:
        return
    organisations = list(Organisation.objects.filter(analytics_store="")[:2])
    if Organisation.objects.count() != 1 or len(organisations) != 1:
        yield (
            f"analytics: {url.display} holds CRM data from before organisations had their own "
            "stores, and there are several organisations: import each one's export again with "
            "--organisation."
        )
        return
    organisation = organisations[0]
    stores = organisation_stores(organisation)
    with stores.writing():
        version = version_new()
        backend = engine.connect(stores.url(version))
        try:
            version_prepare(backend.con, stores.url(version), previous_url=legacy)
            if url.kind == "duckdb":
                backend.con.execute("CHECKPOINT")
        finally:
            backend.disconnect()
        with transaction.atomic():
            organisation_store_switch(organisation=organisation, version=version)
    if url.kind == "duckdb" and url.path is not None:
        url.path.rename(url.path.with_name(url.path.name + ".before-organisation-stores"))
    else:
        _postgres_legacy_drop(url)
    yield f"analytics: the CRM data stored before now belongs to {organisation.name}'s own store"


def _legacy_store_url(url: engine.EngineURL) -> str | None:
    """The URL of a pre-version-2 shared store that holds CRM rows, if there is one."""
    if url.kind == "spark":
        return None  # Spark stores came after organisations had their own
    if url.kind == "duckdb":
        if url.path is None or not url.path.exists():
            return None
        legacy_url = url.url
        backend = engine.connect(url.url, read_only=True)
    else:
        legacy_url = postgres_schema_url(url.url, "public")
        backend = engine.connect(url.url)
    try:
        if "crm_reps" not in backend.list_tables():
            return None
        return legacy_url
    finally:
        backend.disconnect()


def _postgres_legacy_drop(url: engine.EngineURL) -> None:
    backend = engine.connect(url.url)
    try:
        for table in CANONICAL_TABLES:
            backend.drop_table(table.name, force=True)
    finally:
        backend.disconnect()
