"""Making a backup of both stores, and restoring one into an empty installation.

Consistency: while a backup copies, it holds every organisation's analytics write lock
(``TenantStores.writing()``), which imports hold from before they make a version until after
they switch the organisation to it. So no pointer moves and no version is dropped between the
copy of the application database and the copies of the versions it points at; web writes and
analyses go on (the database copy is a snapshot). A version is never written once it is current.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader

from uplift.analytics.engine import parse_engine_url
from uplift.analytics.versions import TenantStores, tenant_stores
from uplift.backups import postgres
from uplift.backups.archive import (
    ArchiveWriter,
    BackupRefused,
    Manifest,
    OrganisationEntry,
    archive_read,
)
from uplift.orgs.models import Organisation
from uplift.orgs.store_setup import stores_initialise


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    bytes: int
    manifest: Manifest


@dataclass(frozen=True)
class _DatabaseCopy:
    file: Path
    name: str  # in the archive
    migrations: list[tuple[str, str]]
    organisations: list[tuple[int, str, str, str]]  # id, slug, name, analytics version


def _sqlite_path() -> str:
    return str(connection.settings_dict["NAME"])


def _stores(organisation_id: int) -> TenantStores:
    return tenant_stores(settings.UPLIFT_ANALYTICS_URL, f"org{organisation_id}")


def backup_create(*, path: Path) -> BackupSummary:
    """Copy both stores into one backup file at `path` (or a new file in the folder `path`).

    Imports wait while it copies; pages, web writes and analyses go on."""
    target = _backup_target(path)
    analytics = parse_engine_url(settings.UPLIFT_ANALYTICS_URL)
    with (
        tempfile.TemporaryDirectory(dir=target.parent, prefix=".uplift-backup-") as scratch,
        ArchiveWriter(target) as archive,
        ExitStack() as locks,
    ):
        locked: set[int] = set()
        for organisation_id in Organisation.objects.order_by("pk").values_list("pk", flat=True):
            locks.enter_context(_stores(organisation_id).writing())
            locked.add(organisation_id)
        copy = _database_copy(Path(scratch))
        archive.add(copy.name, copy.file)
        copy.file.unlink()
        organisations = []
        for organisation_id, slug, name, version in copy.organisations:
            stores = _stores(organisation_id)
            if organisation_id not in locked:  # created since the locks were taken
                locks.enter_context(stores.writing())
            files = _version_copy(stores, version, name, Path(scratch), archive) if version else []
            organisations.append(
                OrganisationEntry(
                    id=organisation_id, slug=slug, name=name, version=version or None, files=files
                )
            )
        manifest = Manifest(
            uplift_version=package_version("uplift"),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            database_engine=connection.vendor,
            database_file=copy.name,
            analytics_engine=analytics.kind,
            migrations=copy.migrations,
            organisations=organisations,
            files=dict(archive.files),
        )
        size = archive.finish(manifest)
    return BackupSummary(path=target, bytes=size, manifest=manifest)


def _backup_target(path: Path) -> Path:
    if path.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        path = path / f"uplift-backup-{stamp}.tar"
    if path.exists():
        raise BackupRefused(f"{path} exists already: choose another name. Nothing was written.")
    if not path.parent.is_dir():
        raise BackupRefused(f"{path.parent} is not a folder. Nothing was written.")
    return path


def _database_copy(scratch: Path) -> _DatabaseCopy:
    """A snapshot of the application database, with what it says about migrations and about
    the version each organisation points at (read from the snapshot itself)."""
    if connection.vendor == "sqlite":
        return _sqlite_copy(scratch)
    if connection.vendor == "postgresql":
        return _postgres_copy(scratch)
    raise BackupRefused(f"Backups of a {connection.vendor} database are not supported.")


_ORGANISATIONS = "SELECT id, slug, name, analytics_store FROM orgs_organisation ORDER BY id"
_MIGRATIONS = "SELECT app, name FROM django_migrations ORDER BY id"


def _sqlite_copy(scratch: Path) -> _DatabaseCopy:
    copy = scratch / "uplift.sqlite3"
    with (
        closing(sqlite3.connect(_sqlite_path(), timeout=60)) as source,
        closing(sqlite3.connect(copy)) as target,
    ):
        source.backup(target)  # SQLite's online backup: one consistent snapshot
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        organisations = target.execute(_ORGANISATIONS).fetchall()
        migrations = target.execute(_MIGRATIONS).fetchall()
    return _DatabaseCopy(copy, "database/uplift.sqlite3", migrations, organisations)


def _postgres_copy(scratch: Path) -> _DatabaseCopy:
    copy = scratch / "uplift.pgdump"
    libpq = postgres.libpq_from_django(connection.settings_dict)
    # pg_dump copies the snapshot of this transaction, in which the pointers are read too.
    with postgres.connect(libpq) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction():
            snapshot, schema = conn.execute(
                "SELECT pg_export_snapshot(), current_schema()"
            ).fetchone() or ("", "")
            organisations = conn.execute(_ORGANISATIONS).fetchall()
            migrations = conn.execute(_MIGRATIONS).fetchall()
            postgres.dump(
                libpq,
                copy,
                selection=[f"--snapshot={snapshot}", f"--table={postgres.quoted(schema)}.*"],
            )
    return _DatabaseCopy(copy, "database/uplift.pgdump", migrations, organisations)


def _version_copy(
    stores: TenantStores, version: str, name: str, scratch: Path, archive: ArchiveWriter
) -> list[str]:
    """Put one organisation's analytics version into the archive; the names it has there."""
    folder = f"analytics/{stores.tenant}"
    if stores.base.kind == "duckdb":
        store = stores.folder / f"{version}.duckdb"
        if not store.exists():
            raise BackupRefused(
                f"The analytics data of {name} is missing ({store}): import its CRM export "
                "again, then back up. Nothing was written."
            )
        names = []
        for suffix in (".duckdb", ".duckdb.wal"):
            file = stores.folder / f"{version}{suffix}"
            if file.exists():
                archive.add(f"{folder}/{version}{suffix}", file)
                names.append(f"{folder}/{version}{suffix}")
        return names
    dumped = scratch / f"{stores.tenant}-{version}.pgdump"
    schema = postgres.quoted(f"{stores.tenant}_{version}")
    postgres.dump(
        postgres.libpq_from_url(stores.base.url), dumped, selection=[f"--schema={schema}"]
    )
    archive.add(f"{folder}/{version}.pgdump", dumped)
    dumped.unlink()
    return [f"{folder}/{version}.pgdump"]


def backup_restore(*, path: Path, force: bool = False) -> Iterator[str]:
    """Restore a backup into this installation, which must be empty unless `force`; then migrate.

    Every file is checked against the backup's manifest before anything is changed: a damaged or
    truncated backup, or one this installation cannot take, is refused and changes nothing."""
    source = _backup_source(path)
    settings.UPLIFT_HOME.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(
        dir=settings.UPLIFT_HOME, prefix=".uplift-restore-"
    ) as scratch:
        staged = Path(scratch)
        manifest = archive_read(source, staged)
        yield (
            f"backup: {source} (Uplift {manifest.uplift_version}, {manifest.created_at}, "
            f"{len(manifest.files)} files, checksums verified)"
        )
        _check_installation_fits(manifest)
        if not force:
            _check_installation_empty()
        connections.close_all()
        yield from _analytics_restore(manifest, staged)
        _database_restore(manifest, staged)
        yield f"database: restored ({manifest.database_engine})"
    connections.close_all()
    yield from stores_initialise()


def _backup_source(path: Path) -> Path:
    """The backup file at `path`, or the newest one `uplift backup` wrote in the folder `path`."""
    if path.is_dir():
        candidates = sorted(path.glob("uplift-backup-*.tar"))
        if not candidates:
            raise BackupRefused(
                f"{path} holds no backup (uplift-backup-*.tar). Nothing was changed."
            )
        return candidates[-1]
    if not path.is_file():
        raise BackupRefused(f"{path} is not a file. Nothing was changed.")
    return path


def _check_installation_fits(manifest: Manifest) -> None:
    analytics = parse_engine_url(settings.UPLIFT_ANALYTICS_URL).kind
    if manifest.database_engine != connection.vendor:
        raise BackupRefused(
            f"This backup holds a {manifest.database_engine} application database and this "
            f"installation uses {connection.vendor} (DATABASE_URL): restore it into an "
            "installation of the same kind. Nothing was changed."
        )
    if manifest.analytics_engine != analytics:
        raise BackupRefused(
            f"This backup holds {manifest.analytics_engine} analytics stores and this "
            f"installation uses {analytics} (UPLIFT_ANALYTICS_URL): restore it into an "
            "installation of the same kind. Nothing was changed."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest.migrations if (app, name) not in known]
    if unknown:
        raise BackupRefused(
            f"This backup was made by a newer Uplift ({manifest.uplift_version}): its database "
            f"has migrations this version does not know ({', '.join(unknown[:5])}). Install "
            "that version or a later one, then restore. Nothing was changed."
        )


def _check_installation_empty() -> None:
    """Refuse to overwrite an installation that holds data."""
    held = []
    if "orgs_organisation" in connection.introspection.table_names():
        from uplift.orgs.models import Person

        organisations, people = Organisation.objects.count(), Person.objects.count()
        if organisations or people:
            held.append(f"{organisations} organisation(s) and {people} people")
    if _analytics_versions_present():
        held.append("analytics stores")
    if held:
        raise BackupRefused(
            f"This installation is not empty: it holds {' and '.join(held)}. Restore into an "
            "empty one, or add --force to replace what it holds. Nothing was changed."
        )


def _analytics_versions_present() -> bool:
    base = parse_engine_url(settings.UPLIFT_ANALYTICS_URL)
    if base.kind == "duckdb":
        assert base.path is not None  # noqa: S101  (TenantStores refuses an in-memory store)
        return any(base.path.with_suffix("").glob("org*/v*.duckdb"))
    with postgres.connect(postgres.libpq_from_url(base.url), autocommit=True) as conn:
        row = conn.execute(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name ~ '^org[0-9]+_v[0-9]'"
        ).fetchone()
    return row is not None


def _analytics_restore(manifest: Manifest, staged: Path) -> Iterator[str]:
    """Put each organisation's version in place (replacing any it had), under its write lock.
    Nothing points at them until the database is restored."""
    for organisation in manifest.organisations:
        if organisation.version is None:
            continue
        stores = _stores(organisation.id)
        with stores.writing():
            for version in stores.versions():
                stores.drop(version)
            for name in organisation.files:
                if stores.base.kind == "duckdb":
                    stores.folder.mkdir(parents=True, exist_ok=True)
                    shutil.move(staged / name, stores.folder / Path(name).name)
                else:
                    postgres.restore(postgres.libpq_from_url(stores.base.url), staged / name)
        yield f"analytics: {organisation.name}: version {organisation.version} restored"


def _database_restore(manifest: Manifest, staged: Path) -> None:
    copy = staged / manifest.database_file
    if connection.vendor == "sqlite":
        with (
            closing(sqlite3.connect(copy)) as source,
            closing(sqlite3.connect(_sqlite_path(), timeout=60)) as target,
        ):
            source.backup(target)
        return
    libpq = postgres.libpq_from_django(connection.settings_dict)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
    connections.close_all()
    postgres.tables_drop(libpq, schema)
    postgres.restore(libpq, copy)
