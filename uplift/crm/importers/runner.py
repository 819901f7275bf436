"""Run an import: stage the export, check it, then write every canonical table in one transaction.

The store written is one version of an organisation's store (``uplift.analytics.versions``):
given `previous_url`, the new version starts as a copy of it.

On DuckDB (the default) the export is parsed inside the target database's own connection, as
temporary tables, and merged there. On PostgreSQL an in-memory DuckDB parses the export and the
staged tables are copied in with COPY before the merge. On Spark the export is merged in a
scratch DuckDB beside the store (loaded with the previous version's Parquet files) and the new
version written as Parquet (``uplift.analytics.spark_store``). Either way a failure leaves the
store as it was.
"""

from __future__ import annotations

import io
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import duckdb
import psycopg
import pyarrow.csv as pa_csv

from uplift.analytics import engine
from uplift.analytics.canonical import canonical_tables_create
from uplift.analytics.spark_store import spark_version_load, spark_version_write
from uplift.analytics.store import merge
from uplift.analytics.versions import version_prepare
from uplift.crm.importers.csvread import ident
from uplift.crm.importers.rejects import rejects_write
from uplift.crm.importers.staging import (
    ENTITY_LABELS,
    TABLES_BY_NAME,
    FileProgress,
    MissingReference,
    StagedExport,
    missing_references,
    quiet,
    stage_finalise,
    stage_teams,
)
from uplift.crm.importers.summary import EntityCounts, ImportSummary
from uplift.crm.importers.system_accounts import SystemAccount, system_accounts_set_aside


class Stager(Protocol):
    """Reads, checks and stages an export's files, saying which file it reads as it goes; with
    `skip_invalid`, leaves bad rows out (and records them) instead of stopping at the first."""

    def __call__(
        self, con: Any, location: Path, /, *, progress: FileProgress, skip_invalid: bool = False
    ) -> StagedExport: ...


UsersSeen = Callable[[list[dict[str, Any]]], None]
Progress = Callable[[str, int, int], None]
# Called inside the store's write transaction, once every table is merged, with the store's own
# connection and the staged table of each canonical table there (a CRM sync deletes the records
# it found deleted and checks references against the whole store); raising undoes the import.
StoreHook = Callable[[Any, dict[str, str]], None]
COPY_BATCH_ROWS = 200_000


def _reading(progress: Progress, file: str, done: int, total: int) -> None:
    progress(f"Reading {file}", done, total)


def _configure_parser(con: Any, home: Path | None) -> None:
    # Bounded memory: DuckDB spills to disk beyond this, so a huge export does not exhaust RAM.
    con.execute("SET memory_limit = '1500MB'")
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")  # DuckDB's own bar would corrupt --json output
    if home is not None:
        spill = home / "tmp"
        spill.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory = '{spill}'")


def _copy_to_postgres(duck: Any, pg: Any, staged: StagedExport) -> dict[str, str]:
    """Copy each staged table into a PostgreSQL temporary table; return their names."""
    remote: dict[str, str] = {}
    for table_name, final in staged.tables.items():
        table = TABLES_BY_NAME[table_name]
        target = f"stage_{table_name}"
        columns = ", ".join(ident(c) for c in table.column_names)
        pg.execute(f"CREATE TEMP TABLE {ident(target)} (LIKE {ident(table_name)}) ON COMMIT DROP")
        reader = duck.execute(f"SELECT {columns} FROM {ident(final)}").to_arrow_reader(
            COPY_BATCH_ROWS
        )
        with pg.cursor() as cursor:
            for batch in reader:
                buffer = io.BytesIO()
                pa_csv.write_csv(batch, buffer)
                with cursor.copy(
                    f"COPY {ident(target)} ({columns}) FROM STDIN WITH (FORMAT csv, HEADER true)"
                ) as copy:
                    copy.write(buffer.getvalue())
        remote[table_name] = target
    return remote


def _merge_all(
    conn: Any, staged: StagedExport, stages: dict[str, str], *, apply: bool, progress: Progress
) -> list[EntityCounts]:
    counts: list[EntityCounts] = []
    total = len(stages)
    for done, (table_name, stage) in enumerate(stages.items(), start=1):
        progress(f"Writing {ENTITY_LABELS[table_name]}", done - 1, total)
        merged = merge(conn, TABLES_BY_NAME[table_name], ident(stage), apply=apply)
        parts = staged.entities_for(table_name)
        files = ", ".join(p.source.file for p in parts)
        counts.append(
            EntityCounts(
                entity=table_name.removeprefix("crm_"),
                file=files,
                read=sum(p.read for p in parts),
                inserted=merged.inserted,
                updated=merged.updated,
                unchanged=merged.unchanged,
                rejected=sum(p.rejected for p in parts),
            )
        )
    progress("Written", total, total)
    return counts


def _system_accounts_drop(conn: Any, staged: StagedExport) -> None:
    """System accounts an earlier import stored as reps leave the store (in the same write)."""
    if not staged.set_aside:
        return
    mark = "%s" if isinstance(conn, psycopg.Connection) else "?"
    ids = ", ".join([mark] * len(staged.set_aside))
    conn.execute(
        f"DELETE FROM crm_reps WHERE source = {mark} AND rep_id IN ({ids})",
        [staged.source, *staged.set_aside],
    )


def _staged_checked(
    parser: Any, staged: StagedExport
) -> tuple[list[SystemAccount], list[MissingReference]]:
    """One row per key, the system accounts set aside, teams from the chain, and the references
    to records the export lacks."""
    stage_finalise(parser, staged)
    system_accounts = system_accounts_set_aside(parser, staged)
    stage_teams(parser, staged)
    return system_accounts, missing_references(parser, staged)


def _write_duckdb(
    con: Any,
    staged: StagedExport,
    *,
    dry_run: bool,
    progress: Progress,
    users_seen: Callable[[Any, StagedExport], None],
    in_transaction: StoreHook | None = None,
) -> list[EntityCounts]:
    """Merge every staged table into the store in one transaction (rolled back on a dry run)."""
    con.execute("BEGIN TRANSACTION")
    try:
        # Staged rows kept their files' order for "the last copy wins"; writing them needs none,
        # and DuckDB inserts faster when it may interleave its threads.
        con.execute("SET preserve_insertion_order = false")
        counts = _merge_all(con, staged, staged.tables, apply=not dry_run, progress=progress)
        if not dry_run:
            _system_accounts_drop(con, staged)
        con.execute("SET preserve_insertion_order = true")
        if in_transaction is not None and not dry_run:
            in_transaction(con, dict(staged.tables))
        users_seen(con, staged)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    if dry_run:
        con.execute("ROLLBACK")
    else:
        con.execute("COMMIT")
        con.execute("CHECKPOINT")  # the version is one self-contained file from now on
    return counts


def import_export(
    *,
    stager: Stager,
    location: Path,
    analytics_url: str,
    previous_url: str | None = None,
    dry_run: bool = False,
    home: Path | None = None,
    progress: Progress = quiet,
    on_users: UsersSeen | None = None,
    skip_invalid: bool = False,
    rejects_to: Path | None = None,
    in_transaction: StoreHook | None = None,
) -> ImportSummary:
    """Stage, check and (unless `dry_run`) write an export into the canonical tables.

    `previous_url`: the version the store at `analytics_url` (new and empty) starts as a copy of.
    A dry run reads the store at `analytics_url` and writes nothing, so it may be the current
    version, opened read-only. `on_users` receives the export's users (canonical rep rows) after
    the tables are written and before they are committed; raising there undoes the import.

    `skip_invalid`: rows with a bad value and the earlier copies of repeated records are left
    out, and written to `rejects_to` (once the tables are written; a dry run writes it too, as
    its report) instead of a bad row stopping the import.

    `in_transaction` (see `StoreHook`) runs in the same write, after the merge.
    """
    url = engine.parse_engine_url(analytics_url)
    write = partial(_import_export_spark, url) if url.kind == "spark" else _import_export_sql
    return write(
        analytics_url=analytics_url,
        previous_url=previous_url,
        dry_run=dry_run,
        stager=stager,
        location=location,
        home=home,
        progress=progress,
        on_users=on_users,
        skip_invalid=skip_invalid,
        rejects_to=rejects_to,
        in_transaction=in_transaction,
    )


def _import_export_sql(
    *,
    stager: Stager,
    location: Path,
    analytics_url: str,
    previous_url: str | None = None,
    dry_run: bool = False,
    home: Path | None = None,
    progress: Progress = quiet,
    on_users: UsersSeen | None = None,
    skip_invalid: bool = False,
    rejects_to: Path | None = None,
    in_transaction: StoreHook | None = None,
) -> ImportSummary:
    """`import_export` into a DuckDB or PostgreSQL store version."""

    def users_seen(parser: Any, staged: StagedExport) -> None:
        if on_users is None or dry_run or "crm_reps" not in staged.tables:
            return
        columns = ", ".join(ident(c) for c in TABLES_BY_NAME["crm_reps"].column_names)
        reps = parser.execute(f"SELECT {columns} FROM {ident(staged.tables['crm_reps'])}")
        on_users(reps.to_arrow_table().to_pylist())

    started = time.perf_counter()
    rejects_file: str | None = None
    url = engine.parse_engine_url(analytics_url)
    read_only = dry_run and url.kind == "duckdb" and url.path is not None and url.path.exists()
    backend = (
        engine.connect(analytics_url, read_only=True)
        if read_only
        else (engine.connect(analytics_url))
    )
    try:
        raw = backend.con  # the engine's own DB-API connection (DuckDB or psycopg)
        if not dry_run:
            if previous_url is not None:
                progress("Copying the data imported before", 0, 1)
            version_prepare(raw, analytics_url, previous_url=previous_url)
        if not read_only:
            canonical_tables_create(backend)
        parser = raw if url.kind == "duckdb" else duckdb.connect()
        try:
            _configure_parser(parser, home)
            # Staging happens outside the transaction: the staged tables are temporary (dropped
            # with the connection), and DuckDB scans a table created in a transaction on one thread.
            staged = stager(
                parser, location, progress=partial(_reading, progress), skip_invalid=skip_invalid
            )
            progress("Checking keys and references", 0, 1)
            system_accounts, missing = _staged_checked(parser, staged)
            if url.kind == "duckdb":
                counts = _write_duckdb(
                    parser,
                    staged,
                    dry_run=dry_run,
                    progress=progress,
                    users_seen=users_seen,
                    in_transaction=in_transaction,
                )
            else:
                with raw.transaction():
                    stages = _copy_to_postgres(parser, raw, staged)
                    counts = _merge_all(raw, staged, stages, apply=not dry_run, progress=progress)
                    if not dry_run:
                        _system_accounts_drop(raw, staged)
                    if in_transaction is not None and not dry_run:
                        in_transaction(raw, stages)
                    users_seen(parser, staged)
                    if dry_run:  # psycopg's way to leave a transaction unwritten
                        raise psycopg.Rollback
            if skip_invalid and rejects_to is not None:
                progress("Writing the rejected rows", 0, 1)
                rejects_write(parser, staged.raws, rejects_to)
                rejects_file = str(rejects_to)
        finally:
            if parser is not raw:
                parser.close()
    finally:
        backend.disconnect()
    return ImportSummary(
        source=staged.source,
        location=str(location),
        dry_run=dry_run,
        entities=counts,
        missing_references=missing,
        people={},
        seconds=round(time.perf_counter() - started, 3),
        files=staged.files,
        notes=staged.notes,
        rejected=staged.rejected,
        rejects_file=rejects_file,
        skip_invalid=skip_invalid,
        system_accounts=system_accounts,
    )


def _import_export_spark(
    url: engine.EngineURL,
    *,
    analytics_url: str,
    previous_url: str | None,
    dry_run: bool,
    progress: Progress,
    **rest: Any,
) -> ImportSummary:
    """`import_export` into a Spark store version: merged in a scratch DuckDB that starts as the
    previous version (or, for a dry run, the version read), then written out as Parquet."""
    assert url.path is not None  # noqa: S101  (a Spark URL always names its directory)
    starts_as = engine.parse_engine_url(previous_url).path if previous_url else None
    if dry_run and url.path.is_dir():
        starts_as = url.path
    url.path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".import-", dir=url.path.parent) as scratch:
        scratch_file = Path(scratch) / "store.duckdb"
        if starts_as is not None:
            progress("Copying the data imported before", 0, 1)
            with duckdb.connect(str(scratch_file)) as duck:
                spark_version_load(duck, starts_as)
        summary = _import_export_sql(
            analytics_url=f"duckdb://{scratch_file}",
            previous_url=None,
            dry_run=dry_run,
            progress=progress,
            **rest,
        )
        if not dry_run:
            progress("Writing the tables for Spark", 0, 1)
            with duckdb.connect(str(scratch_file), read_only=True) as duck:
                spark_version_write(duck, url.path)
    return summary
