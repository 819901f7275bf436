"""Creating and migrating the stores: the application database and the analytics engine."""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from uplift.analytics import engine


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
    call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
    yield f"static files: {settings.STATIC_ROOT}"
    url = engine.parse_engine_url(settings.UPLIFT_ANALYTICS_URL)
    con = engine.connect(url.url)
    try:
        version = engine.store_initialise(con)
    finally:
        con.disconnect()
    yield f"analytics: {url.kind} {url.display} (store version {version})"
