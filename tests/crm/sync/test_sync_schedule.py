"""Scheduled syncs (hourly unless the connection says otherwise) queued from the worker's
periodic pass, once per slot; "Sync now" for the organisation's admins; the sync job."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.crm.sync.conftest import FAST
from tests.crm.sync.fake_salesforce import FakeSalesforce
from uplift.core.jobs import run_job
from uplift.core.leases import reclaim_all
from uplift.core.models import Job
from uplift.core.refusals import Conflict, NotAllowed
from uplift.crm.models import CrmConnection, ImportRecord, SyncRun
from uplift.crm.sync import services
from uplift.crm.sync.connections import connection_revoked
from uplift.crm.sync.schedule import syncs_queue_due
from uplift.orgs.models import Person, Role


def test_a_new_connection_is_synced_at_once_and_then_every_hour(
    connection: CrmConnection,
) -> None:
    (job,) = syncs_queue_due()
    assert job.kind == "crm-sync"
    assert job.params == {"connection": connection.pk, "trigger": "scheduled"}
    assert syncs_queue_due() == []  # the same slot: one job, however often asked
    assert Job.objects.filter(kind="crm-sync").count() == 1
    started = timezone.now()
    SyncRun.objects.create(
        connection=connection,
        trigger="scheduled",
        started_at=started,
        status=SyncRun.Status.SUCCEEDED,
    )
    assert syncs_queue_due(now=started + timedelta(minutes=59)) == []
    (later,) = syncs_queue_due(now=started + timedelta(minutes=60))
    assert later.pk != job.pk


def test_the_workers_periodic_pass_queues_due_syncs(connection: CrmConnection) -> None:
    reclaim_all()
    reclaim_all()
    assert Job.objects.filter(kind="crm-sync").count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"schedule_minutes": 0},
        {"status": CrmConnection.Status.REVOKED},
        {"status": CrmConnection.Status.DISCONNECTED},
        {"auth_kind": CrmConnection.AuthKind.ACCESS_TOKEN},
    ],
)
def test_unscheduled_revoked_disconnected_and_tokenless_connections_are_left_alone(
    connection: CrmConnection, change: dict[str, object]
) -> None:
    CrmConnection.objects.filter(pk=connection.pk).update(**change)
    assert syncs_queue_due() == []


def test_sync_now_is_for_the_organisations_admins_and_queues_one_job(
    connection: CrmConnection,
) -> None:
    admin = Person.objects.create_user(
        "ada@acme.test", organisation=connection.organisation, role=Role.ADMIN, full_name="Ada"
    )
    rep = Person.objects.create_user(
        "rex@acme.test", organisation=connection.organisation, role=Role.REP, full_name="Rex"
    )
    with pytest.raises(NotAllowed):
        services.sync_now(connection=connection, person=rep)
    job = services.sync_now(connection=connection, person=admin)
    assert services.sync_now(connection=connection, person=admin) == job  # a double click
    assert job.params["trigger"] == "sync_now"
    connection_revoked(connection, reason="invalid_grant")
    Job.objects.all().delete()
    with pytest.raises(Conflict, match="connect it again"):
        services.sync_now(connection=connection, person=admin)


def test_the_sync_job_runs_a_sync_recorded_as_sync_now_by_the_person(
    connection: CrmConnection, salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = services.connector_factory

    def fast(kind: str) -> services.ConnectorFactory:
        made = factory(kind)
        return lambda conn, *, access_token=None: made(conn, access_token=access_token, **FAST)  # type: ignore[call-arg]

    monkeypatch.setattr(services, "connector_factory", fast)
    admin = Person.objects.create_user(
        "ada@acme.test", organisation=connection.organisation, role=Role.ADMIN, full_name="Ada"
    )
    job = services.sync_now(connection=connection, person=admin)
    run_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result["status"] == "succeeded"
    record = ImportRecord.objects.get(sync_run__connection=connection)
    assert record.ran_by == f"Sync now by {admin}"

    salesforce.revoke()
    again = services.sync_now(connection=connection, person=admin)
    run_job.call(again.pk)
    again.refresh_from_db()
    assert again.status == Job.Status.FAILED
    assert again.error.startswith("The sync did not finish.")
    assert "Traceback" not in again.error
