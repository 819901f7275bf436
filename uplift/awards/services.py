"""Writes for recognition events: create an event, nominate, shortlist, decide the winners.

Every refusal is an `Invalid` (uplift.core.refusals) with a message a person can act on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from uplift.awards.evidence import evidence_pick
from uplift.awards.models import AwardCategory, AwardEvent, AwardWinner, Nomination
from uplift.core.refusals import Invalid
from uplift.notifications.kinds import Kind as NotificationKind
from uplift.notifications.services import notify
from uplift.orgs.models import Organisation, Person

REASON_MIN = 20
REASON_MAX = 2000
CITATION_MAX = 1200


@dataclass(frozen=True)
class CategorySpec:
    name: str
    description: str = ""


@dataclass(frozen=True)
class WinnerChoice:
    category_id: int
    nominee_id: int
    citation: str


def award_event_create(
    *,
    organisation: Organisation,
    created_by: Person | None,
    name: str,
    held_on: date,
    categories: Sequence[CategorySpec],
    venue: str = "",
    introduction: str = "",
) -> AwardEvent:
    name = name.strip()
    if not name:
        raise Invalid("Give the event a name.", field="name")
    names = [c.name.strip() for c in categories if c.name.strip()]
    if not names:
        raise Invalid("Name at least one award category.", field="categories")
    if len({n.casefold() for n in names}) != len(names):
        raise Invalid("Two categories have the same name.", field="categories")
    if AwardEvent.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise Invalid(
            f"There is already an event called “{name}”.", field="name", code="duplicate_name"
        )
    with transaction.atomic():
        event = AwardEvent.objects.create(
            organisation=organisation,
            name=name,
            held_on=held_on,
            venue=venue.strip(),
            introduction=introduction.strip(),
            created_by=created_by,
        )
        for position, spec in enumerate(c for c in categories if c.name.strip()):
            AwardCategory.objects.create(
                event=event,
                name=spec.name.strip(),
                description=spec.description.strip(),
                position=position,
            )
    return event


def nomination_create(
    *,
    event: AwardEvent,
    category_id: int,
    nominee: Person,
    nominator: Person,
    reason: str,
    evidence_keys: Sequence[str],
    evidence_as_of: date | None = None,
) -> Nomination:
    """Nominate a colleague with evidence picked from Uplift's records about them; the evidence
    is kept as it reads now, or as the records stood at the end of `evidence_as_of` (a
    nomination recorded for an earlier day)."""
    if not event.is_open:
        raise Invalid("Nominations for this event are closed.", code="nominations_closed")
    category = event.categories.filter(pk=category_id).first()
    if category is None:
        raise Invalid("Pick one of this event's categories.", field="category_id")
    if nominee.organisation_id != event.organisation_id or not nominee.is_active:
        raise Invalid("Nominate someone in your organisation.", field="nominee")
    if nominee.pk == nominator.pk:
        raise Invalid("Nominate a colleague: you cannot nominate yourself.", field="nominee")
    reason = reason.strip()
    if len(reason) < REASON_MIN:
        raise Invalid(
            f"Say why in a sentence or two (at least {REASON_MIN} characters).", field="reason"
        )
    if len(reason) > REASON_MAX:
        raise Invalid(f"Keep the reason under {REASON_MAX} characters.", field="reason")
    picked, unknown = evidence_pick(
        viewer=nominator, nominee=nominee, keys=list(evidence_keys), until=evidence_as_of
    )
    if unknown:
        raise Invalid(
            f"Pick evidence from the list about {nominee.full_name}; not found: "
            f"{', '.join(unknown[:5])}.",
            field="evidence_keys",
        )
    if not picked:
        raise Invalid(
            "Pick at least one piece of evidence from Uplift's records.", field="evidence_keys"
        )
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                category=category,
                nominee=nominee,
                nominator=nominator,
                reason=reason,
                evidence=picked,
            )
            if event.created_by is not None and event.created_by.pk != nominator.pk:
                notify(
                    recipient=event.created_by,
                    kind=NotificationKind.NOMINATION,
                    text=f"{nominee.full_name} nominated for {category.name} in “{event.name}”",
                    link=reverse("awards_event", args=[event.pk]),
                )
            return nomination
    except IntegrityError as exc:
        raise Invalid(
            f"You have already nominated {nominee.full_name} for {category.name}.",
            code="already_nominated",
        ) from exc


def award_event_advance(*, event: AwardEvent, to: str) -> AwardEvent:
    """Open → shortlisting. (Shortlisting → decided happens when the winners are chosen.)"""
    if to == AwardEvent.Status.SHORTLISTING and event.status == AwardEvent.Status.OPEN:
        if not Nomination.objects.filter(category__event=event).exists():
            raise Invalid("Nobody has been nominated yet.", code="no_nominations")
        event.status = AwardEvent.Status.SHORTLISTING
        event.save(update_fields=["status"])
        return event
    if to == AwardEvent.Status.OPEN and event.status == AwardEvent.Status.SHORTLISTING:
        event.status = AwardEvent.Status.OPEN  # reopen nominations; the shortlist is kept
        event.save(update_fields=["status"])
        return event
    raise Invalid(
        f"An event that is “{event.get_status_display()}” cannot move to {to!r}.",
        field="to",
        code="status_move",
    )


def nomination_shortlist_set(*, nomination: Nomination, shortlisted: bool) -> Nomination:
    event = nomination.category.event
    if event.status != AwardEvent.Status.SHORTLISTING:
        raise Invalid(
            "The shortlist is chosen once nominations have closed.", code="not_shortlisting"
        )
    # One shortlist place per person and category, whoever nominated them.
    Nomination.objects.filter(category=nomination.category, nominee=nomination.nominee).update(
        shortlisted=shortlisted
    )
    nomination.shortlisted = shortlisted
    return nomination


def award_winners_decide(
    *, event: AwardEvent, decided_by: Person, choices: Sequence[WinnerChoice]
) -> AwardEvent:
    """One winner per category, from its shortlist, each with a citation; the event is decided."""
    if event.status != AwardEvent.Status.SHORTLISTING:
        raise Invalid(
            "Winners are decided from the shortlist, after nominations close.",
            code="not_shortlisting",
        )
    categories = {c.pk: c for c in event.categories.all()}
    by_category = {choice.category_id: choice for choice in choices}
    if not by_category:
        raise Invalid("Choose at least one winner.")
    for category_id, choice in by_category.items():
        category = categories.get(category_id)
        if category is None:
            raise Invalid("A winner was chosen for a category of another event.")
        if not category.nominations.filter(nominee_id=choice.nominee_id, shortlisted=True).exists():
            raise Invalid(f"The winner of {category.name} must be on its shortlist.")
        citation = choice.citation.strip()
        if not citation:
            raise Invalid(f"Write the citation for the winner of {category.name}.")
        if len(citation) > CITATION_MAX:
            raise Invalid(f"Keep the citation for {category.name} under {CITATION_MAX}.")
    with transaction.atomic():
        for category_id, choice in by_category.items():
            AwardWinner.objects.update_or_create(
                category=categories[category_id],
                defaults={
                    "nominee_id": choice.nominee_id,
                    "citation": choice.citation.strip(),
                    "decided_by": decided_by,
                    "decided_at": timezone.now(),
                },
            )
        event.status = AwardEvent.Status.DECIDED
        event.decided_at = timezone.now()
        event.save(update_fields=["status", "decided_at"])
    return event
