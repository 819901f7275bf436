"""Who may see and act on a practice card. Views and API operations fetch cards through
`access_practice`, which answers 404 for a card the viewer may not see."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from uplift.orgs.models import Person, Role
from uplift.practices.models import Practice

PUBLISHED = (Practice.Status.APPROVED, Practice.Status.RETIRED)


def is_author_or_contributor(viewer: Person, practice: Practice) -> bool:
    if practice.created_by_id == viewer.pk:
        return True
    return practice.contributors.filter(pk=viewer.pk).exists()


def can_see(viewer: Person, practice: Practice) -> bool:
    """Approved (and retired) cards: the whole organisation. Drafts and cards in review: their
    author and contributors, leaders (the reviewers) and enablement admins."""
    if viewer.organisation_id is None or viewer.organisation_id != practice.organisation_id:
        return False
    if practice.status in PUBLISHED or viewer.role in (Role.LEADER, Role.ADMIN):
        return True
    return is_author_or_contributor(viewer, practice)


def can_edit(viewer: Person, practice: Practice) -> bool:
    if not can_see(viewer, practice) or practice.status == Practice.Status.RETIRED:
        return False
    return viewer.role == Role.ADMIN or is_author_or_contributor(viewer, practice)


def can_submit(viewer: Person, practice: Practice) -> bool:
    return practice.status == Practice.Status.DRAFT and can_edit(viewer, practice)


def can_review(viewer: Person, practice: Practice) -> bool:
    """Only the named sponsor approves or sends back a card in review."""
    return (
        practice.status == Practice.Status.IN_REVIEW
        and viewer.role == Role.LEADER
        and practice.sponsor_id == viewer.pk
    )


def can_retire(viewer: Person, practice: Practice) -> bool:
    return (
        practice.status == Practice.Status.APPROVED
        and can_see(viewer, practice)
        and (viewer.role == Role.ADMIN or practice.sponsor_id == viewer.pk)
    )


def visible_practices(viewer: Person) -> QuerySet[Practice]:
    """Every card the viewer may see, in their organisation."""
    if viewer.organisation_id is None:
        return Practice.objects.none()
    cards = Practice.objects.filter(organisation_id=viewer.organisation_id)
    if viewer.role in (Role.LEADER, Role.ADMIN):
        return cards
    own = Q(created_by=viewer) | Q(contributors=viewer)
    mine = Practice.objects.filter(own, organisation_id=viewer.organisation_id).values("pk")
    return cards.filter(Q(status__in=PUBLISHED) | Q(pk__in=mine))


def access_practice(viewer: Person, practice_id: int) -> Practice:
    """A card the viewer may see, or 404 (another organisation's, or someone else's draft)."""
    practice = (
        Practice.objects.select_related("sponsor", "created_by", "organisation")
        .filter(pk=practice_id)
        .first()
    )
    if practice is None or not can_see(viewer, practice):
        raise Http404("No such practice.")
    return practice
