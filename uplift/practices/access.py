"""Who may see and act on a practice card and on a practice adoption. Views and API operations
fetch cards through `access_practice` and adoptions through `access_adoption`, which answer 404
for a record the viewer may not see.

A rep moves their own adoption; their manager (a manager or leader whose private scope holds the
rep) may move it for them, and only the manager confirms "demonstrated" and "habitual"."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from uplift.orgs.access import can_view_private_data, viewer_organisation
from uplift.orgs.models import Person, Role
from uplift.practices.models import Adoption, Practice

PUBLISHED = (Practice.Status.APPROVED, Practice.Status.RETIRED)


def _wrote(viewer: Person, practice: Practice) -> bool:
    """The viewer is the card's author or one of its contributors."""
    if practice.created_by_id == viewer.pk:
        return True
    return practice.contributors.filter(pk=viewer.pk).exists()


def can_view_practice(viewer: Person, practice: Practice) -> bool:
    """Approved (and retired) cards: the whole organisation. Drafts and cards in review: their
    author and contributors, leaders (the reviewers) and enablement admins."""
    if viewer.organisation_id is None or viewer.organisation_id != practice.organisation_id:
        return False
    if practice.status in PUBLISHED or viewer.role in (Role.LEADER, Role.ADMIN):
        return True
    return _wrote(viewer, practice)


def can_edit_practice(viewer: Person, practice: Practice) -> bool:
    if not can_view_practice(viewer, practice) or practice.status == Practice.Status.RETIRED:
        return False
    return viewer.role == Role.ADMIN or _wrote(viewer, practice)


def can_submit_practice(viewer: Person, practice: Practice) -> bool:
    return practice.status == Practice.Status.DRAFT and can_edit_practice(viewer, practice)


SPONSOR_NOT_INDEPENDENT = (
    "The sponsor reviews the card independently: choose a leader who is neither its author "
    "nor one of its contributors."
)


def sponsor_refusal(sponsor: Person, practice: Practice) -> str | None:
    """Why this person may not sponsor (review) the card, or None when they may: the sponsor is
    an active leader of the card's organisation who did not write it or share it."""
    if sponsor.role != Role.LEADER or sponsor.organisation_id != practice.organisation_id:
        return "The sponsor must be a leader of the organisation."
    if not sponsor.is_active:
        return "The sponsor is no longer active."
    if _wrote(sponsor, practice):
        return SPONSOR_NOT_INDEPENDENT
    return None


def eligible_sponsors(practice: Practice) -> QuerySet[Person]:
    """The leaders who may sponsor the card: active, same organisation, independent of it."""
    own = Q(pk=practice.created_by_id) | Q(pk__in=practice.contributors.values("pk"))
    leaders = Person.objects.filter(
        organisation_id=practice.organisation_id, role=Role.LEADER, is_active=True
    )
    return leaders.exclude(own).order_by("full_name")


def can_review_practice(viewer: Person, practice: Practice) -> bool:
    """Only the named sponsor approves or sends back a card in review, and only while they are
    independent of it (neither its author nor a contributor)."""
    return (
        practice.status == Practice.Status.IN_REVIEW
        and viewer.role == Role.LEADER
        and practice.sponsor_id == viewer.pk
        and not _wrote(viewer, practice)
    )


def can_retire_practice(viewer: Person, practice: Practice) -> bool:
    return (
        practice.status == Practice.Status.APPROVED
        and can_view_practice(viewer, practice)
        and (viewer.role == Role.ADMIN or practice.sponsor_id == viewer.pk)
    )


def practices_visible(viewer: Person) -> QuerySet[Practice]:
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
    if practice is None or not can_view_practice(viewer, practice):
        raise Http404("No such practice.")
    return practice


def access_cited_practice(viewer: Person, practice_id: int) -> Practice:
    """A practice of the viewer's organisation that a kudos or a spotlight names, or 404; whether
    the viewer may cite it is the recognition service's rule."""
    practice = Practice.objects.filter(
        pk=practice_id, organisation=viewer_organisation(viewer)
    ).first()
    if practice is None:
        raise Http404("No such practice in your organisation.")
    return practice


# --- Adoptions ----------------------------------------------------------------------------------


def can_confirm_adoption(actor: Person, person: Person) -> bool:
    """May the actor move the person's adoption as their manager (confirm "demonstrated", set
    "habitual")? A manager or leader with the person in their private scope, not the person."""
    return (
        actor.pk != person.pk
        and actor.role in (Role.MANAGER, Role.LEADER)
        and can_view_private_data(actor, person)
    )


def can_move_adoption(actor: Person, person: Person) -> bool:
    """May the actor plan or move the person's adoption: the person themself, or their manager."""
    return (actor.pk == person.pk and actor.is_active) or can_confirm_adoption(actor, person)


def access_adoption(viewer: Person, adoption_id: int) -> Adoption:
    """An adoption of someone in the viewer's private scope, or 404."""
    adoption = Adoption.objects.select_related("practice", "person").filter(pk=adoption_id).first()
    if adoption is None or not can_view_private_data(viewer, adoption.person):
        raise Http404("No such adoption.")
    return adoption
