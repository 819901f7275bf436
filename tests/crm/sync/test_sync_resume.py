"""A sync killed at any page resumes from its last landed page: it ends with the same tables as
a sync that was never interrupted, and never asks Salesforce for a page it landed already."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.crm.sync.conftest import sync
from tests.crm.sync.fake_salesforce import FakeSalesforce
from tests.crm.sync.tables import file_import_tables, store_tables
from uplift.core.refusals import Conflict
from uplift.crm.models import CrmConnection, SyncPage, SyncRun
from uplift.crm.sync import engine


class Killed(BaseException):
    """As if the process died: nothing catches it."""


def kill_after(monkeypatch: pytest.MonkeyPatch, pages: int) -> None:
    """Stop the sync right after its `pages`-th page landed (its transaction committed)."""
    land = engine._land
    landed = {"count": 0}

    def landing(*args: Any, **kwargs: Any) -> None:
        land(*args, **kwargs)
        landed["count"] += 1
        if landed["count"] == pages:
            raise Killed

    monkeypatch.setattr(engine, "_land", landing)


@pytest.mark.parametrize(
    ("connector", "kill_at"),
    [
        pytest.param({}, 9, id="rest"),
        pytest.param({"bulk_threshold": 0, "page_size": 200}, 7, id="bulk"),
    ],
)
def test_a_sync_killed_half_way_resumes_without_asking_for_a_landed_page_again(
    connection: CrmConnection,
    salesforce: FakeSalesforce,
    monkeypatch: pytest.MonkeyPatch,
    export_dir: Path,
    tmp_path: Path,
    connector: dict[str, Any],
    kill_at: int,
) -> None:
    salesforce.page_size = 250  # REST pages: several per large object
    kill_after(monkeypatch, kill_at)
    with pytest.raises(Killed):
        sync(connection, full=True, connector=connector)
    run = SyncRun.objects.get()
    assert run.status == SyncRun.Status.READING
    assert SyncPage.objects.count() == kill_at
    landed = list(salesforce.served.pages)
    assert len(landed) == kill_at  # every page asked for was landed before the kill
    monkeypatch.undo()

    result = sync(connection, full=True, connector=connector)

    assert result.resumed
    assert result.run_id == run.pk
    again = salesforce.served.pages[kill_at:]
    assert not set(again) & set(landed)
    assert store_tables(connection.organisation) == file_import_tables(export_dir, tmp_path)


def test_a_sync_killed_while_importing_imports_what_landed_when_resumed(
    connection: CrmConnection,
    salesforce: FakeSalesforce,
    monkeypatch: pytest.MonkeyPatch,
    export_dir: Path,
    tmp_path: Path,
) -> None:
    def die(*args: Any, **kwargs: Any) -> None:
        raise Killed

    monkeypatch.setattr(engine, "crm_import", die)
    with pytest.raises(Killed):
        sync(connection, full=True)
    pages = len(salesforce.served.pages)
    monkeypatch.undo()

    result = sync(connection, full=True)

    assert result.resumed
    assert len(salesforce.served.pages) == pages  # nothing read again
    assert store_tables(connection.organisation) == file_import_tables(export_dir, tmp_path)


def test_a_run_held_by_a_live_process_is_not_read_twice(
    connection: CrmConnection, salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch
) -> None:
    kill_after(monkeypatch, 1)
    with pytest.raises(Killed):
        sync(connection)
    monkeypatch.undo()
    # The killed process's hold lasts its lease: another process finds it held until then.
    run = SyncRun.objects.get()
    SyncRun.objects.filter(pk=run.pk).update(
        held_until=timezone.now() + timedelta(minutes=5), holder="another"
    )
    with pytest.raises(Conflict, match="running already"):
        sync(connection)
    SyncRun.objects.filter(pk=run.pk).update(held_until=timezone.now())  # the lease ran out
    assert sync(connection).resumed


def test_a_full_sync_replaces_an_unfinished_incremental_one(
    connection: CrmConnection, salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch
) -> None:
    kill_after(monkeypatch, 2)
    with pytest.raises(Killed):
        sync(connection)
    monkeypatch.undo()
    result = sync(connection, full=True)
    assert not result.resumed
    statuses = dict(SyncRun.objects.values_list("full", "status"))
    assert statuses == {False: SyncRun.Status.DISCARDED, True: SyncRun.Status.SUCCEEDED}


def test_the_database_keeps_one_unfinished_run_per_connection(
    connection: CrmConnection,
) -> None:
    from django.db import IntegrityError, transaction

    SyncRun.objects.create(connection=connection, trigger="scheduled")
    with pytest.raises(IntegrityError), transaction.atomic():
        SyncRun.objects.create(connection=connection, trigger="command_line")
    SyncRun.objects.update(status=SyncRun.Status.SUCCEEDED)
    SyncRun.objects.create(connection=connection, trigger="command_line")  # finished ones: many
