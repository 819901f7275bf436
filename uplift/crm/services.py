"""Importing CRM exports: the Django side (organisation, people, jobs) around the importers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from uplift.crm.importers.hubspot import stage_hubspot_export
from uplift.crm.importers.mapped import stage_mapped_export
from uplift.crm.importers.runner import Progress, Stager, import_export
from uplift.crm.importers.salesforce import stage_salesforce_export
from uplift.crm.importers.staging import quiet
from uplift.crm.importers.summary import ImportSummary
from uplift.crm.people import crm_people_link, crm_users_from_rows
from uplift.orgs.models import Organisation
from uplift.orgs.services import organisation_get_or_create

STAGERS: dict[str, Stager] = {
    "salesforce": stage_salesforce_export,
    "hubspot": stage_hubspot_export,
    "csv": stage_mapped_export,
}


class OrganisationChoiceError(Exception):
    """Several organisations exist and none was named."""


def organisation_for_import(*, slug: str | None) -> Organisation:
    """The named organisation; else the only one; else a new one for a fresh install."""
    if slug:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise OrganisationChoiceError(f"No organisation with slug {slug!r}.")
        return organisation
    organisations = list(Organisation.objects.all()[:2])
    if len(organisations) > 1:
        slugs = ", ".join(Organisation.objects.values_list("slug", flat=True))
        raise OrganisationChoiceError(f"Several organisations exist ({slugs}): name one.")
    if organisations:
        return organisations[0]
    return organisation_get_or_create(name="My organisation", slug="default")


def crm_import(
    *,
    source: str,
    location: Path,
    organisation: Organisation,
    dry_run: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportSummary:
    """Import an export into the analytics store and link its users to people, all or nothing."""
    stager = STAGERS[source]

    def link(rows: list[dict[str, Any]]) -> dict[str, int]:
        return crm_people_link(organisation=organisation, users=crm_users_from_rows(rows))

    report: Progress = progress or quiet
    with transaction.atomic():
        return import_export(
            stager=stager,
            location=location,
            analytics_url=settings.UPLIFT_ANALYTICS_URL,
            dry_run=dry_run,
            home=settings.UPLIFT_HOME,
            progress=report,
            before_commit=link,
        )
