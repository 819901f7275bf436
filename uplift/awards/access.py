"""Who may see recognition events and nominations, on top of the one access layer
(`uplift.orgs.access`).

Everyone in the organisation sees its events, their categories and, once decided, the winners
with their citations and the shortlist. Nominations (reason and evidence) are seen by leaders and
by the person who made them. Out-of-reach records answer 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from uplift.awards.models import AwardEvent, Nomination
from uplift.orgs.access import viewer_organisation
from uplift.orgs.models import Person, Role


def can_view_all_nominations(viewer: Person) -> bool:
    return viewer.role == Role.LEADER


def access_award_event(viewer: Person, event_id: int) -> AwardEvent:
    """An event of the viewer's organisation, or 404."""
    event = AwardEvent.objects.filter(pk=event_id, organisation=viewer_organisation(viewer)).first()
    if event is None:
        raise Http404("No such event in your organisation.")
    return event


def access_nomination(viewer: Person, nomination_id: int) -> Nomination:
    """A nomination the viewer may read (a leader's organisation, or their own), or 404."""
    nomination = (
        Nomination.objects.select_related("category__event", "nominee", "nominator")
        .filter(pk=nomination_id, category__event__organisation=viewer_organisation(viewer))
        .first()
    )
    if nomination is None or not (
        can_view_all_nominations(viewer) or nomination.nominator_id == viewer.pk
    ):
        raise Http404("No such nomination in your scope.")
    return nomination


def nominations_visible(viewer: Person, event: AwardEvent) -> QuerySet[Nomination]:
    nominations = Nomination.objects.filter(category__event=event).select_related(
        "category", "nominee__team", "nominator"
    )
    if not can_view_all_nominations(viewer):
        nominations = nominations.filter(nominator=viewer)
    return nominations.order_by("category__position", "nominee__full_name", "created_at")
