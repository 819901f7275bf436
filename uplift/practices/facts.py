"""What practices' records say, as small typed facts for the capabilities above it.

A sharing initiative reads the practices its people published, who adopted them and who made
them a habit through these functions, never through practices' models.
"""

from __future__ import annotations

from collections import defaultdict
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
