"""The data version: a number that changes whenever the application database changes.

Every database connection of every process (web workers, the task worker, the command line's
imports and analyses) runs its statements through `_note_writes`, installed when the
connection opens. A statement that writes (INSERT, UPDATE, DELETE, a schema change), to any
table but this version's own and the sessions', adds one to the shared `DataVersion` row once
its transaction commits (at once outside a transaction). Writes made with the ORM, with
`QuerySet.update`, `bulk_create` or a raw cursor all pass through the same place, so no
capability has to remember to say it wrote.

The version a process reads is the shared number and, beside it, how many writes this process
has made, committed or not: a process sees its own writes at once (and a test, whose
transaction never commits, sees every write it makes), the others once the write commits.
Another write than needed only costs a fresh page; a missed one would show an old page, so the
rule errs on the side of writes.

Whoever wants to know whether a piece of work wrote (the page cache does not keep a page whose
request wrote) watches it with `writes_watched()`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models import F

# Writes to these tables change nothing a page shows: the version itself, and the sessions
# (a signed-in session is refreshed once a minute while its person reads pages).
UNTRACKED_TABLES = frozenset({"core_dataversion", "django_session"})

_WRITE = re.compile(
    r"^\s*(?:INSERT|UPDATE|DELETE|REPLACE|MERGE|TRUNCATE|CREATE|DROP|ALTER|COPY)\b",
    re.IGNORECASE,
)
_CTE_WRITE = re.compile(r"^\s*WITH\b.*\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE | re.DOTALL)
_TARGET = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)",
    re.IGNORECASE,
)


def statement_writes(sql: str) -> bool:
    """Whether a statement may change what the application database holds (beyond the
    untracked tables)."""
    if not (_WRITE.match(sql) or _CTE_WRITE.match(sql)):
        return False
    target = _TARGET.match(sql)
    return target is None or target.group(1).lower() not in UNTRACKED_TABLES


@dataclass
class WriteCount:
    """How many writing statements ran while it was watched."""

    writes: int = 0


_WATCHED: ContextVar[WriteCount | None] = ContextVar("uplift_writes_watched", default=None)
_local_lock = threading.Lock()
_local_writes = 0


@contextmanager
def writes_watched() -> Iterator[WriteCount]:
    """Count the writing statements made inside the block (in this thread or task)."""
    count = WriteCount()
    token = _WATCHED.set(count)
    try:
        yield count
    finally:
        _WATCHED.reset(token)


def _noted() -> None:
    global _local_writes  # noqa: PLW0603  (one counter per process, guarded by its lock)
    with _local_lock:
        _local_writes += 1
    watched = _WATCHED.get()
    if watched is not None:
        watched.writes += 1


def data_version_bump(*, using: str = "default") -> None:
    """Add one to the shared version (the committed writes' count)."""
    from uplift.core.models import DataVersion

    manager = DataVersion.objects.using(using)
    if manager.filter(pk=1).update(value=F("value") + 1) == 0:
        manager.bulk_create([DataVersion(pk=1, value=1)], ignore_conflicts=True)


def data_version(*, using: str = "default") -> str:
    """The version now: the shared number, and this process's own writes beside it."""
    from uplift.core.models import DataVersion

    shared = DataVersion.objects.using(using).filter(pk=1).values_list("value", flat=True).first()
    return f"{shared or 0}.{_local_writes}"


def _bump_on_commit(connection: BaseDatabaseWrapper) -> Callable[[], None]:
    table_exists = False

    def bump() -> None:
        nonlocal table_exists
        # While `migrate` builds the database, other apps' tables are written before this one
        # exists; once it does, every bump is made and its errors are the caller's.
        if not table_exists:
            table_exists = "core_dataversion" in connection.introspection.table_names()
            if not table_exists:
                return
        data_version_bump(using=connection.alias)

    return bump


def _note_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and statement_writes(sql):
        _noted()
        connection: BaseDatabaseWrapper = context["connection"]
        bump: Callable[[], None] = connection.uplift_bump_data_version  # type: ignore[attr-defined]
        if not connection.in_atomic_block:
            bump()  # committed already (autocommit), or with the caller's own transaction
        elif not any(entry[1] is bump for entry in connection.run_on_commit):
            transaction.on_commit(bump, using=connection.alias)
    return result


def watch_connection(*, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Note this connection's writes (connected to `connection_created`)."""
    if _note_writes in connection.execute_wrappers:
        return
    connection.uplift_bump_data_version = _bump_on_commit(connection)  # type: ignore[attr-defined]
    connection.execute_wrappers.append(_note_writes)


def watch_every_connection() -> None:
    """Note the writes of every connection: those open now and every one opened later."""
    connection_created.connect(watch_connection, dispatch_uid="uplift-data-version")
    for connection in connections.all(initialized_only=True):
        watch_connection(connection=connection)
