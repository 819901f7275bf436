"""`uplift sync hubspot` end to end: the sync engine with the HubSpot connector, against a fake
HubSpot serving a synthetic portal, writing the organisation's analytics store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.analytics_store import organisation_rows
from tests.crm.sync.hubspot_fake import FakeHubSpot, Request
from tests.crm.sync.hubspot_helpers import Waits, connector, fake_hubspot, read
from tests.crm.sync.hubspot_portal import write_hubspot_export
from uplift.analytics.canonical import CANONICAL_TABLES
from uplift.crm.importers.hubspot import stage_hubspot_export
from uplift.crm.importers.runner import import_export
from uplift.crm.models import CrmConnection, SyncRun
from uplift.crm.sync.connections import connection_connect, connection_secrets
from uplift.crm.sync.connector import ConnectionRevoked
from uplift.crm.sync.engine import SyncResult
from uplift.crm.sync.secrets import ConnectionSecrets
from uplift.crm.sync.services import crm_sync
from uplift.orgs.models import Organisation
from uplift.orgs.services import organisation_get_or_create

Tables = dict[str, list[tuple[Any, ...]]]


class Killed(BaseException):
    """The process dies where it stands (no handler catches it)."""


def _sql(table_name: str, width: int) -> str:
    order = ", ".join(str(i) for i in range(1, width + 1))
    return f"SELECT * FROM {table_name} ORDER BY {order}"


def store_tables(organisation: Organisation) -> Tables:
    return {
        t.name: organisation_rows(organisation, _sql(t.name, len(t.columns)))
        for t in CANONICAL_TABLES
    }


def file_import_tables(fake: FakeHubSpot, tmp: Path) -> Tables:
    """What `uplift import hubspot` of a HubSpot export of the portal's records writes."""
    export = write_hubspot_export(fake.portal, tmp / "export")
    path = tmp / "file-import.duckdb"
    path.unlink(missing_ok=True)
    import_export(stager=stage_hubspot_export, location=export, analytics_url=f"duckdb://{path}")
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            t.name: con.execute(_sql(t.name, len(t.columns))).fetchall() for t in CANONICAL_TABLES
        }


@pytest.fixture
def hubspot(tmp_path: Path) -> Iterator[FakeHubSpot]:
    yield from fake_hubspot(tmp_path / "portal")


@pytest.fixture
def acme(db: None, settings: SettingsWrapper, tmp_path: Path) -> Organisation:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    return organisation_get_or_create(name="Acme", slug="acme")


@pytest.fixture
def private_app(acme: Organisation, hubspot: FakeHubSpot) -> CrmConnection:
    return connection_connect(
        organisation=acme,
        kind="hubspot",
        base_url=hubspot.url,
        auth_kind=CrmConnection.AuthKind.HUBSPOT_PRIVATE_APP,
        secrets=ConnectionSecrets(access_token="pat-test"),
    )


def sync(organisation: Organisation, hubspot: FakeHubSpot, **options: Any) -> SyncResult:
    connector = {"wait": Waits(), "now": hubspot.now, **options.pop("connector", {})}
    return crm_sync(
        organisation=organisation, kind="hubspot", connector_options=connector, **options
    )


def test_a_first_sync_gives_the_tables_a_file_import_of_the_same_records_gives(
    acme: Organisation, private_app: CrmConnection, hubspot: FakeHubSpot, tmp_path: Path
) -> None:
    result = sync(acme, hubspot)

    assert result.status == "succeeded"
    assert result.changed
    tables = store_tables(acme)
    assert tables == file_import_tables(hubspot, tmp_path)
    assert len(tables["crm_opportunities"]) == len(hubspot.portal.objects["deals"])


def test_a_second_sync_with_nothing_changed_changes_nothing(
    acme: Organisation, private_app: CrmConnection, hubspot: FakeHubSpot
) -> None:
    sync(acme, hubspot)
    before = store_tables(acme)
    hubspot.requests.clear()

    again = sync(acme, hubspot)

    assert not again.changed
    assert store_tables(acme) == before
    assert hubspot.count("GET", "/crm/v3/objects/") == 6  # only the archived records, once each


def test_an_incremental_sync_brings_changes_and_deletions(
    acme: Organisation, private_app: CrmConnection, hubspot: FakeHubSpot, tmp_path: Path
) -> None:
    sync(acme, hubspot)
    deals = sorted(hubspot.portal.objects["deals"])
    hubspot.touch("deals", deals[0], amount="4321.00", dealname="Bigger deal")
    hubspot.archive("deals", deals[1])
    call = min(hubspot.portal.objects["calls"])
    hubspot.archive("calls", call)

    result = sync(acme, hubspot)

    assert result.changed
    tables = store_tables(acme)
    assert tables == file_import_tables(hubspot, tmp_path)
    ids = {row[1] for row in tables["crm_opportunities"]}
    assert deals[1] not in ids
    assert deals[1] not in {row[1] for row in tables["crm_stage_history"]}


def test_a_deal_stamped_at_the_mark_after_the_sync_read_it_is_not_skipped(
    acme: Organisation, private_app: CrmConnection, hubspot: FakeHubSpot, tmp_path: Path
) -> None:
    sync(acme, hubspot)
    first, late = sorted(hubspot.portal.objects["deals"])[:2]
    mark = hubspot.touch("deals", first, amount="1000.00").modified
    sync(acme, hubspot)  # the deals' mark is now `first`'s moment
    hubspot.touch_at("deals", late, mark, amount="2000.00")  # same moment, seen only now

    result = sync(acme, hubspot)

    assert result.changed
    amounts = organisation_rows(
        acme, f"SELECT amount_cents FROM crm_opportunities WHERE opportunity_id = '{late}'"
    )
    assert amounts == [(200000,)]
    before = store_tables(acme)
    assert before == file_import_tables(hubspot, tmp_path)

    again = sync(acme, hubspot)

    assert not again.changed
    assert store_tables(acme) == before


def test_a_sync_killed_half_way_resumes_and_ends_with_the_same_tables(
    acme: Organisation, private_app: CrmConnection, hubspot: FakeHubSpot, tmp_path: Path
) -> None:
    def die(_seconds: float) -> None:
        raise Killed

    def fail_once_mid_way(request: Request) -> None:
        if len(hubspot.requests) == 30:  # among the deals, after several landed pages
            hubspot.fail(503, path=request.path)

    for obj in (con := connector(hubspot)).objects():  # what a whole first read asks for
        read(con, obj.name)
    whole = len(hubspot.requests)
    hubspot.requests.clear()
    hubspot.on_request = fail_once_mid_way
    with pytest.raises(Killed):
        sync(acme, hubspot, connector={"wait": die})
    run = SyncRun.objects.get(connection=private_app)
    assert run.status == SyncRun.Status.READING
    landed_requests = len(hubspot.requests)
    SyncRun.objects.filter(pk=run.pk).update(held_until=None)  # the dead process's lease ends
    hubspot.on_request = None

    result = sync(acme, hubspot)

    assert result.resumed
    assert result.run_id == run.pk
    assert store_tables(acme) == file_import_tables(hubspot, tmp_path)
    # Resuming did not read again what had landed: the two attempts together asked for what one
    # whole read asks for, plus the request that failed and, in the new process, the pipelines
    # and the choices' labels once more.
    assert len(hubspot.requests) - landed_requests < whole
    assert len(hubspot.requests) <= whole + 4


def test_an_oauth_connection_keeps_its_refreshed_token(
    acme: Organisation, hubspot: FakeHubSpot
) -> None:
    hubspot.access_tokens = set()
    hubspot.expired_tokens = {"expired"}
    hubspot.refresh_tokens = {"refresh-1"}
    connection = connection_connect(
        organisation=acme,
        kind="hubspot",
        base_url=hubspot.url,
        auth_kind=CrmConnection.AuthKind.HUBSPOT_OAUTH,
        client_id="client-id",
        secrets=ConnectionSecrets(
            access_token="expired", refresh_token="refresh-1", client_secret="client-secret"
        ),
    )

    assert sync(acme, hubspot).status == "succeeded"

    kept = connection_secrets(CrmConnection.objects.get(pk=connection.pk))
    assert kept.access_token == "oauth-access-1"
    assert kept.refresh_token == "refresh-1"
    assert hubspot.count("POST", "/oauth/v1/token") == 1


def test_a_revoked_oauth_connection_is_marked_revoked(
    acme: Organisation, hubspot: FakeHubSpot
) -> None:
    hubspot.access_tokens = set()
    hubspot.expired_tokens = {"expired"}
    connection = connection_connect(
        organisation=acme,
        kind="hubspot",
        base_url=hubspot.url,
        auth_kind=CrmConnection.AuthKind.HUBSPOT_OAUTH,
        client_id="client-id",
        secrets=ConnectionSecrets(
            access_token="expired", refresh_token="uninstalled", client_secret="client-secret"
        ),
    )

    with pytest.raises(ConnectionRevoked):
        sync(acme, hubspot)

    connection.refresh_from_db()
    assert connection.status == CrmConnection.Status.REVOKED
    assert "Connect HubSpot again" in connection.status_message


def test_a_scripted_run_uses_the_token_given_and_keeps_none(
    acme: Organisation, hubspot: FakeHubSpot, tmp_path: Path
) -> None:
    result = sync(acme, hubspot, base_url=hubspot.url, access_token="pat-test")

    assert result.status == "succeeded"
    connection = CrmConnection.objects.get(organisation=acme, kind="hubspot")
    assert connection.auth_kind == CrmConnection.AuthKind.ACCESS_TOKEN
    assert connection_secrets(connection).empty
    assert store_tables(acme) == file_import_tables(hubspot, tmp_path)
