"""A sync whose process was killed does not say "syncing" until the next sync: once no live
process holds its run, the connections page says it stopped unexpectedly, when (its last saved
page), and that the next sync resumes from there."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.crm.sync.conftest import sync
from tests.crm.sync.fake_salesforce import FakeSalesforce
from tests.crm.sync.test_sync_resume import Killed, kill_after
from uplift.crm.models import CrmConnection, SyncPage, SyncRun
from uplift.crm.sync.overview import sync_stopped_at
from uplift.orgs.models import Organisation, Person, Role

PAGE = "/settings/crm/"


@pytest.fixture
def browser(organisation: Organisation) -> Client:
    admin = Person.objects.create(
        organisation=organisation, role=Role.ADMIN, email="ada@acme.test", full_name="Ada"
    )
    client = Client()
    client.force_login(admin)
    return client


def _killed_sync(connection: CrmConnection, monkeypatch: pytest.MonkeyPatch) -> SyncRun:
    kill_after(monkeypatch, 3)
    with pytest.raises(Killed):
        sync(connection, full=True)
    monkeypatch.undo()
    return SyncRun.objects.get()


def test_a_killed_sync_says_it_stopped_once_no_process_holds_its_run(
    browser: Client,
    connection: CrmConnection,
    salesforce: FakeSalesforce,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = _killed_sync(connection, monkeypatch)
    # Killed outright, its process still holds the run until the hold runs out.
    SyncRun.objects.filter(pk=run.pk).update(held_until=timezone.now() + timedelta(minutes=1))
    page = browser.get(PAGE).content.decode()
    assert ">Syncing</span>" in page
    assert 'data-testid="sync-stopped"' not in page

    SyncRun.objects.filter(pk=run.pk).update(held_until=timezone.now() - timedelta(seconds=1))
    last_page = SyncPage.objects.filter(run=run).order_by("-landed_at").first()
    assert last_page is not None
    assert sync_stopped_at(CrmConnection.objects.get(pk=connection.pk)) == last_page.landed_at
    page = browser.get(PAGE).content.decode()
    assert ">Stopped unexpectedly</span>" in page
    assert "The last sync stopped unexpectedly at" in page
    assert f'datetime="{last_page.landed_at.isoformat()}"' in page
    assert "the next sync resumes from the last saved page" in page
    assert "Press Sync now, or wait for the next scheduled sync" in page


def test_the_next_sync_resumes_the_stopped_run_and_the_page_says_connected(
    browser: Client,
    connection: CrmConnection,
    salesforce: FakeSalesforce,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = _killed_sync(connection, monkeypatch)
    assert sync_stopped_at(CrmConnection.objects.get(pk=connection.pk)) is not None

    result = sync(connection, full=True)

    assert result.resumed
    assert result.run_id == run.pk
    assert sync_stopped_at(CrmConnection.objects.get(pk=connection.pk)) is None
    page = browser.get(PAGE).content.decode()
    assert ">Connected</span>" in page
    assert 'data-testid="sync-stopped"' not in page


def test_a_connection_that_is_not_syncing_never_says_stopped(
    connection: CrmConnection, salesforce: FakeSalesforce
) -> None:
    sync(connection, full=True)
    assert sync_stopped_at(CrmConnection.objects.get(pk=connection.pk)) is None
