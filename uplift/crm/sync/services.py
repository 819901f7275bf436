"""Syncing a connected CRM: from the command line, a person's "Sync now", or the schedule.

`crm_sync` runs one sync in this process (the command line, the background job);
`sync_now` queues it as a background job for the web page; `syncs_queue_due` queues the
scheduled ones (schedule.py). After a sync that changed data the analysis is queued, as after
an import.
"""

from __future__ import annotations

import getpass
import importlib
from typing import TYPE_CHECKING, Any, Protocol

from django.db import transaction

from uplift.core.jobs import job_start
from uplift.core.models import Job
from uplift.core.refusals import Conflict, NotAllowed
from uplift.crm.models import CrmConnection, SyncRun
from uplift.crm.sync.connections import connection_for_sync, url_check
from uplift.crm.sync.connector import Connector
from uplift.orgs.models import Organisation, Person, Role

if TYPE_CHECKING:  # the engine (and the importers and the analytics store behind it) loads
    # when a sync runs, not when the task worker registers the sync's job
    from uplift.crm.sync.engine import SyncProgress, SyncResult

SYNC_JOB = "crm-sync"


class ConnectorFactory(Protocol):
    def __call__(
        self, connection: CrmConnection, *, access_token: str | None = None
    ) -> Connector: ...


def connector_factory(kind: str) -> ConnectorFactory:
    """`connector_for` of the module uplift.crm.sync.<kind> (salesforce, hubspot)."""
    if kind not in CrmConnection.Kind.values:
        raise Conflict(f"Uplift does not sync {kind!r}.", code="unknown_crm")
    module = importlib.import_module(f"uplift.crm.sync.{kind}")
    factory: ConnectorFactory = module.connector_for
    return factory


def _command_line_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for the process's user (a bare container)
        return ""


def connection_for_scripted_run(
    *, organisation: Organisation, kind: str, base_url: str
) -> CrmConnection:
    """The connection a scripted run (`--instance-url/--base-url URL --access-token TOKEN`)
    syncs through: the organisation's own, which must be to the same CRM, or a new one that
    keeps no credentials (each run gives its token)."""
    url_check(base_url, field="base_url")
    connection = CrmConnection.objects.filter(organisation=organisation, kind=kind).first()
    if connection is None:
        return CrmConnection.objects.create(
            organisation=organisation,
            kind=kind,
            base_url=base_url.rstrip("/"),
            auth_kind=CrmConnection.AuthKind.ACCESS_TOKEN,
            schedule_minutes=0,  # nothing to sync with between runs: no stored credentials
        )
    if connection.base_url.rstrip("/") != base_url.rstrip("/"):
        raise Conflict(
            f"{organisation.name} syncs {connection.base_url}, not {base_url}: one organisation "
            "reads one CRM (give its URL, or use another organisation).",
            code="other_crm",
        )
    return connection


def crm_sync(
    *,
    organisation: Organisation,
    kind: str,
    full: bool = False,
    trigger: str = SyncRun.Trigger.COMMAND_LINE,
    started_by: Person | None = None,
    base_url: str | None = None,
    access_token: str | None = None,
    progress: SyncProgress | None = None,
    connector_options: dict[str, Any] | None = None,
) -> SyncResult:
    """Bring the organisation's data up to date with its CRM (see engine.py), then queue the
    analysis when data changed. Refuses when the CRM is not connected, was disconnected or
    revoked; raises `SyncFailed` when the CRM refuses or cannot be reached."""
    if access_token is not None and base_url:
        connection = connection_for_scripted_run(
            organisation=organisation, kind=kind, base_url=base_url
        )
    else:
        connection = connection_for_sync(organisation=organisation, kind=kind)
        if connection.auth_kind == CrmConnection.AuthKind.ACCESS_TOKEN and access_token is None:
            raise Conflict(
                f"{organisation.name}'s {connection.get_kind_display()} connection keeps no "
                "credentials: give --access-token (and the URL), or connect it.",
                code="no_credentials",
            )
    connector = connector_factory(kind)(
        connection, access_token=access_token, **(connector_options or {})
    )
    from uplift.crm.sync.engine import sync_run

    result = sync_run(
        connection=connection,
        connector=connector,
        full=full,
        trigger=trigger,
        started_by_id=started_by.pk if started_by else None,
        command_line_user=_command_line_user() if trigger == SyncRun.Trigger.COMMAND_LINE else "",
        progress=progress or (lambda _what, _done, _total: None),
    )
    if result.changed:
        with transaction.atomic():  # queued once this commits
            job_start(
                kind="analysis",
                title="Analyse the synced CRM data",
                organisation_id=organisation.pk,
                created_by_id=started_by.pk if started_by else None,
            )
    return result


def sync_now(*, connection: CrmConnection, person: Person, full: bool = False) -> Job:
    """Queue a sync of the connection now (the connection page's buttons: Sync now, Full
    re-sync). Only the organisation's admins may; a sync already waiting or running is the one
    returned."""
    if person.role != Role.ADMIN or person.organisation_id != connection.organisation_id:
        raise NotAllowed("Only the organisation's admins may sync its CRM.")
    connection_for_sync(organisation=connection.organisation, kind=connection.kind)
    waiting = Job.objects.filter(
        kind=SYNC_JOB,
        organisation_id=connection.organisation_id,
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        params__connection=connection.pk,
    ).first()
    if waiting is not None:
        return waiting
    return job_start(
        kind=SYNC_JOB,
        title=f"{'Full re-sync' if full else 'Sync'} {connection.get_kind_display()}",
        organisation_id=connection.organisation_id,
        created_by_id=person.pk,
        params={"connection": connection.pk, "trigger": SyncRun.Trigger.SYNC_NOW, "full": full},
    )
