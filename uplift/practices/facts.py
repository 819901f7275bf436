"""What practices' records say, as small typed facts for the capabilities above it.

A sharing initiative reads the practices its people published, who adopted them and who made
them a habit through these functions, never through practices' models.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from uplift.orgs.models import Organisation
from uplift.practices.models import Adoption, Practice

ADOPTED = (Adoption.Stage.PRACTISING, Adoption.Stage.DEMONSTRATED, Adoption.Stage.HABITUAL)


@dataclass(frozen=True)
class PracticePublished:
    """A practice card approved for the organisation, with the people it credits and how far
    others took it up: `adopters` reached practising or beyond, `habitual` made it a habit
    (the card's contributors are not counted in either)."""

    practice_id: int
    title: str
    published_on: date
    contributor_ids: frozenset[int]
    adopters: int
    habitual: int


@dataclass(frozen=True)
class Contribution:
    """`person_id` is credited on a card (any status) written on `on`."""

    person_id: int
    practice_id: int
    on: date


def _bounds(since: date, until: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(since, time.min))
    return start, timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))


def _contributors(practice_ids: list[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    links = Practice.contributors.through.objects.filter(practice_id__in=practice_ids)
    for practice_id, person_id in links.values_list("practice_id", "person_id"):
        found[practice_id].add(person_id)
    return found


def practices_published(
    *, organisation: Organisation, since: date, until: date
) -> list[PracticePublished]:
    """Cards first approved from `since` to `until` (both included), retired ones too: they were
    published; oldest first."""
    start, end = _bounds(since, until)
    practices = list(
        Practice.objects.filter(
            organisation=organisation,
            status__in=(Practice.Status.APPROVED, Practice.Status.RETIRED),
            approved_at__gte=start,
            approved_at__lt=end,
        ).order_by("approved_at", "pk")
    )
    ids = [p.pk for p in practices]
    credited = _contributors(ids)
    taken_up: dict[int, list[tuple[int, str]]] = defaultdict(list)
    adoptions = Adoption.objects.filter(practice_id__in=ids, stage__in=ADOPTED)
    for practice_id, person_id, stage in adoptions.values_list("practice_id", "person_id", "stage"):
        taken_up[practice_id].append((person_id, stage))
    found = []
    for practice in practices:
        people = credited[practice.pk] or (
            {practice.created_by_id} if practice.created_by_id else set()
        )
        others = [(p, stage) for p, stage in taken_up[practice.pk] if p not in people]
        found.append(
            PracticePublished(
                practice_id=practice.pk,
                title=practice.title,
                published_on=timezone.localtime(practice.approved_at).date()
                if practice.approved_at
                else since,
                contributor_ids=frozenset(people),
                adopters=len(others),
                habitual=sum(1 for _p, stage in others if stage == Adoption.Stage.HABITUAL),
            )
        )
    return found


def contributions(*, organisation: Organisation, since: date, until: date) -> list[Contribution]:
    """Who is credited on the cards written from `since` to `until`, drafts included."""
    start, end = _bounds(since, until)
    written = dict(
        Practice.objects.filter(
            organisation=organisation, created_at__gte=start, created_at__lt=end
        ).values_list("pk", "created_at")
    )
    credited = _contributors(list(written))
    return [
        Contribution(person_id=person_id, practice_id=practice_id, on=timezone.localtime(at).date())
        for practice_id, at in written.items()
        for person_id in sorted(credited[practice_id])
    ]


# --- What a person has to do next with practices (the home pages' to-do lists) ------------------

CONFIRM_AFTER_DAYS = 30  # a month of practising is when a manager looks for it being demonstrated


@dataclass(frozen=True)
class AdoptionToConfirm:
    """Someone has practised a card for `CONFIRM_AFTER_DAYS` or more: their manager confirms
    whether they demonstrate it."""

    adoption_id: int
    person_id: int
    person_name: str
    practice_id: int
    title: str
    practising_on: date


def adoptions_to_confirm(*, person_ids: Iterable[int], today: date) -> list[AdoptionToConfirm]:
    """The people's adoptions still at "practising" since `CONFIRM_AFTER_DAYS` or more before
    `today`, longest first (moving one on, to demonstrated or beyond, takes it off)."""
    since = today - timedelta(days=CONFIRM_AFTER_DAYS)
    adoptions = (
        Adoption.objects.filter(
            person_id__in=list(person_ids),
            stage=Adoption.Stage.PRACTISING,
            practising_on__lte=since,
        )
        .select_related("person", "practice")
        .order_by("practising_on", "pk")
    )
    return [
        AdoptionToConfirm(
            adoption_id=a.pk,
            person_id=a.person_id,
            person_name=a.person.full_name,
            practice_id=a.practice_id,
            title=a.practice.title,
            practising_on=a.practising_on,
        )
        for a in adoptions
        if a.practising_on is not None
    ]


@dataclass(frozen=True)
class ReviewAwaited:
    """A card in review that names `sponsor` as the leader who approves or sends it back."""

    practice_id: int
    title: str
    submitted_on: date


def reviews_awaited(*, sponsor_id: int) -> list[ReviewAwaited]:
    """The cards waiting for the person's review as their sponsor, longest waiting first."""
    cards = Practice.objects.filter(status=Practice.Status.IN_REVIEW, sponsor_id=sponsor_id)
    return [
        ReviewAwaited(
            practice_id=card.pk,
            title=card.title,
            submitted_on=timezone.localtime(card.submitted_at or card.created_at).date(),
        )
        for card in cards.order_by("submitted_at", "pk")
    ]
