"""Who may see star profiles and debriefs, on top of the one access layer (`uplift.orgs.access`).

- **A star's profile**: leaders (for the stars in their part of the organisation), enablement
  admins (they run the debriefs), the star themself and their manager chain. Nobody else: a rep
  never sees another rep's profile.
- **A debrief**: the star, the interviewer, the co-contributors and whoever scheduled it; the
  star's manager chain and the leaders whose part of the organisation includes the star; the
  organisation's enablement admins. A rep sees only the debriefs they take part in.
- **Changing a debrief** (guide, notes, status, practice drafts): the interviewer, whoever
  scheduled it, a leader who may see the star's profile, and enablement admins.
- **Scheduling**: managers (the stars of the teams they run and of their manager chain), leaders
  (stars in their part) and enablement admins. Whoever scheduled a debrief may change it.

Out-of-reach records answer 404, so their existence does not leak.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from uplift.debriefs.models import Debrief, QuestionTemplate
from uplift.orgs.access import (
    Rule,
    can_view_private_data,
    private_person_ids_visible,
)
from uplift.orgs.models import Person, Role

SCHEDULERS = Rule(
    "debrief-schedulers",
    roles=frozenset({Role.MANAGER, Role.LEADER, Role.ADMIN}),
    description="Managers, leaders and enablement admins.",
)


def can_view_star_profile(viewer: Person, star: Person) -> bool:
    if viewer.organisation_id is None or viewer.organisation_id != star.organisation_id:
        return False
    return viewer.role == Role.ADMIN or can_view_private_data(viewer, star)


def can_schedule_debrief(viewer: Person, star: Person) -> bool:
    """Managers for the stars in their own teams and chain, leaders for those in their part of
    the organisation, enablement admins for anyone of theirs."""
    return viewer.role in SCHEDULERS.roles and can_view_star_profile(viewer, star)


def access_star(viewer: Person, person_id: int) -> Person:
    """A person whose star profile the viewer may see, or 404."""
    person = Person.objects.select_related("team", "organisation").filter(pk=person_id).first()
    if person is None or not can_view_star_profile(viewer, person):
        raise Http404("No such star in your scope.")
    return person


def debriefs_visible(viewer: Person) -> QuerySet[Debrief]:
    if viewer.organisation_id is None:
        return Debrief.objects.none()
    debriefs = Debrief.objects.filter(organisation_id=viewer.organisation_id)
    if viewer.role == Role.ADMIN:
        return debriefs
    taking_part = (
        Q(star=viewer) | Q(interviewer=viewer) | Q(scheduled_by=viewer) | Q(co_contributors=viewer)
    )
    ids = debriefs.filter(taking_part).values("pk")
    if viewer.role in (Role.MANAGER, Role.LEADER):
        return debriefs.filter(Q(pk__in=ids) | Q(star_id__in=private_person_ids_visible(viewer)))
    return debriefs.filter(pk__in=ids)


def can_view_debrief(viewer: Person, debrief: Debrief) -> bool:
    return debriefs_visible(viewer).filter(pk=debrief.pk).exists()


def can_edit_debrief(viewer: Person, debrief: Debrief) -> bool:
    if viewer.organisation_id != debrief.organisation_id or not can_view_debrief(viewer, debrief):
        return False
    if viewer.role == Role.ADMIN or viewer.pk in (debrief.interviewer_id, debrief.scheduled_by_id):
        return True
    return viewer.role == Role.LEADER and can_view_private_data(viewer, debrief.star)


def access_debrief(viewer: Person, debrief_id: int) -> Debrief:
    """A debrief the viewer may see, or 404."""
    debrief = (
        Debrief.objects.select_related("star", "star__team", "interviewer", "scheduled_by")
        .filter(pk=debrief_id)
        .first()
    )
    if debrief is None or not can_view_debrief(viewer, debrief):
        raise Http404("No such debrief.")
    return debrief


def access_question(viewer: Person, template_id: int) -> QuestionTemplate:
    """One of the viewer's organisation's question templates, or 404."""
    template = QuestionTemplate.objects.filter(pk=template_id).first()
    if template is None or template.organisation_id != viewer.organisation_id:
        raise Http404("No such question.")
    return template
