"""Which organisation a command works on: the one named with --organisation, else the only one.

Apart from the CRM import services that use it too, so that a command which only reads (a report)
chooses its organisation without loading the importers and the analytics engine.
"""

from __future__ import annotations

from uplift.orgs.models import Organisation
from uplift.orgs.services import organisation_get_or_create


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
        slugs = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True))
        raise OrganisationChoiceError(
            f"Several organisations exist ({slugs}): name one with --organisation <slug>."
        )
    if organisations:
        return organisations[0]
    return organisation_get_or_create(name="My organisation", slug="default")
