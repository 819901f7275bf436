"""Importing CRM exports: the Django side (organisation, people, jobs) around the importers."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from uplift.analytics.versions import version_new
from uplift.crm.history import ImportRun, import_record_create
from uplift.crm.importers.hubspot import stage_hubspot_export
from uplift.crm.importers.mapped import stage_mapped_export
from uplift.crm.importers.runner import Progress, Stager, StoreHook, import_export
from uplift.crm.importers.salesforce import stage_salesforce_export
from uplift.crm.importers.staging import quiet
from uplift.crm.importers.summary import ImportSummary
from uplift.crm.people import (
    crm_people_link,
    crm_system_accounts_retire,
    crm_users_from_rows,
)
from uplift.orgs.analytics_stores import (
    organisation_store_switch,
    organisation_store_url,
    organisation_stores,
    organisation_stores_discard,
)

# The organisation a command works on, named here too; it lives in uplift.orgs.choice, so that a
# report chooses it without loading the importers.
from uplift.orgs.choice import OrganisationChoiceError as OrganisationChoiceError  # noqa: PLC0414
from uplift.orgs.choice import organisation_for_import as organisation_for_import  # noqa: PLC0414
from uplift.orgs.models import Organisation

STAGERS: dict[str, Stager] = {
    "salesforce": stage_salesforce_export,
    "hubspot": stage_hubspot_export,
    "csv": stage_mapped_export,
}


def crm_import(
    *,
    source: str,
    location: Path,
    organisation: Organisation,
    dry_run: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    run: ImportRun | None = None,
    in_store_write: StoreHook | None = None,
    on_switch: Callable[[], None] | None = None,
) -> ImportSummary:
    """Import an export into the organisation's analytics store and link its users to people.

    All or nothing across both stores: the export is merged into a new version of the store
    (a copy of the current one) and committed there; then one short transaction of the
    application database links the people and points the organisation at the new version. Until
    that commit nothing a page reads has changed; a version left by an import that died is
    dropped by the next import. Afterwards only this version and the one before it stay on disk
    (a page may still be reading that one). Imports of one organisation run one at a time.

    `skip_invalid`: rows with a bad value are left out instead of stopping the import, and every
    row left out (with the earlier copies of repeated records) is written to `rejects` once the
    import has committed; an import that fails for any other reason writes nothing, no rejects
    file either. Every import is recorded in the history (`ImportRecord`) once it has ended,
    failed ones too; `run` says who ran it (by default, the command line).

    A CRM sync adds to both writes: `in_store_write` runs in the analytics store's transaction
    after the merge (deletions), `on_switch` in the application database's transaction that
    switches to the new version (the sync's marks advance with it, exactly once)."""
    started_at, clock = timezone.now(), time.perf_counter()
    # Written beside its place and moved there once everything is committed.
    pending = rejects.with_name(f".{rejects.name}.{uuid.uuid4().hex}.partial") if rejects else None
    record = partial(
        import_record_create,
        organisation=organisation,
        run=run or ImportRun(),
        source=source,
        location=location,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        started_at=started_at,
    )
    try:
        summary = _import(
            source=source,
            location=location,
            organisation=organisation,
            dry_run=dry_run,
            progress=progress or quiet,
            skip_invalid=skip_invalid,
            rejects_to=pending if skip_invalid else None,
            in_store_write=in_store_write,
            on_switch=on_switch,
        )
        if pending is not None and rejects is not None and summary.rejects_file:
            pending.replace(rejects)
            summary = replace(summary, rejects_file=str(rejects))
    except BaseException as failure:
        if pending is not None:
            pending.unlink(missing_ok=True)
        record(seconds=time.perf_counter() - clock, failure=failure)
        raise
    record(seconds=time.perf_counter() - clock, summary=summary)
    return summary


def _import(
    *,
    source: str,
    location: Path,
    organisation: Organisation,
    dry_run: bool,
    progress: Progress,
    skip_invalid: bool,
    rejects_to: Path | None,
    in_store_write: StoreHook | None = None,
    on_switch: Callable[[], None] | None = None,
) -> ImportSummary:
    stager = STAGERS[source]
    stores = organisation_stores(organisation)
    users: list[dict[str, Any]] = []
    progress("Waiting for any other import of this organisation", 0, 1)
    with stores.writing():
        current = organisation_store_url(organisation)
        organisation_stores_discard(stores, organisation)
        if dry_run:
            return import_export(
                stager=stager,
                location=location,
                analytics_url=current or "duckdb://",
                dry_run=True,
                home=settings.UPLIFT_HOME,
                progress=progress,
                skip_invalid=skip_invalid,
                rejects_to=rejects_to,
            )
        version = version_new()
        try:
            summary = import_export(
                stager=stager,
                location=location,
                analytics_url=stores.url(version),
                previous_url=current,
                home=settings.UPLIFT_HOME,
                progress=progress,
                on_users=users.extend,
                skip_invalid=skip_invalid,
                rejects_to=rejects_to,
                in_transaction=in_store_write,
            )
            progress("Linking people", 0, 1)
            with transaction.atomic():
                people = (
                    crm_people_link(organisation=organisation, users=crm_users_from_rows(users))
                    if users
                    else {}
                )
                set_aside = [a.rep_id for a in summary.system_accounts_set_aside]
                retired = crm_system_accounts_retire(organisation=organisation, rep_ids=set_aside)
                if retired:
                    people = {**people, "system_accounts_retired": retired}
                organisation_store_switch(organisation=organisation, version=version)
                if on_switch is not None:
                    on_switch()
        except BaseException:
            stores.drop(version)
            raise
        organisation_stores_discard(stores, organisation)  # keeps this version and the last
    return replace(summary, people=people)
