"""Who may export or erase a person's data (on top of the one access layer).

Only an enablement admin, for the people of their own organisation, active or not; the export
and the erasure are recorded on the audit trail. Anyone else, and anyone of another
organisation, gets 404 so that who exists does not leak.
"""

from __future__ import annotations

from django.http import Http404

from uplift.orgs.models import Person, Role


def can_handle_personal_data(viewer: Person) -> bool:
    return viewer.role == Role.ADMIN and viewer.organisation_id is not None


def access_data_subject(viewer: Person, person_id: int) -> Person:
    """A person of the admin's organisation (deactivated and erased people included), or 404."""
    organisation_id = viewer.organisation_id
    if organisation_id is None or not can_handle_personal_data(viewer):
        raise Http404("No such person in your organisation.")
    person = (
        Person.objects.select_related("organisation", "team", "manager")
        .filter(pk=person_id, organisation_id=organisation_id)
        .first()
    )
    if person is None:
        raise Http404("No such person in your organisation.")
    return person
