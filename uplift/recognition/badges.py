"""Badges: definitions with levels, earned by reaching a level's count, or given by a leader."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse

from uplift.core.refusals import Conflict, Invalid
from uplift.notifications.kinds import Kind as NotificationKind
from uplift.notifications.services import notify
from uplift.orgs.models import Organisation, Person
from uplift.recognition.models import Badge, BadgeAward, BadgeLevel, PointsRule
from uplift.recognition.sources import Fact, facts_all

Measure = Badge.Measure
Event = PointsRule.Event
LEVELS = ("Bronze", "Silver", "Gold")


@dataclass(frozen=True)
class BadgeDefault:
    slug: str
    name: str
    description: str
    icon: str
    measure: str
    thresholds: tuple[int, ...]


DEFAULT_BADGES = (
    BadgeDefault(
        "sharer",
        "Sharer",
        "Contributed practices that were approved for the library.",
        "journal-check",
        Measure.APPROVED_PRACTICES,
        (1, 3, 5),
    ),
    BadgeDefault(
        "multiplier",
        "Multiplier",
        "Colleagues adopted practices they contributed.",
        "diagram-3",
        Measure.ADOPTERS_REACHED,
        (3, 10, 25),
    ),
    BadgeDefault(
        "helper",
        "Helper",
        "Coached colleagues outside their own reporting line or partnered their role plays.",
        "people",
        Measure.PEOPLE_HELPED,
        (3, 10, 25),
    ),
    BadgeDefault(
        "appreciated",
        "Appreciated",
        "Received kudos from colleagues.",
        "heart",
        Measure.KUDOS_RECEIVED,
        (5, 15, 30),
    ),
    BadgeDefault(
        "leaders-pick",
        "Leader's pick",
        "Recognised by a leader for going further.",
        "star",
        Measure.MANUAL,
        (1,),
    ),
)


def badges_ensure(*, organisation: Organisation) -> list[Badge]:
    """The organisation's badges, creating the default ones that are missing (idempotent)."""
    with transaction.atomic():
        for default in DEFAULT_BADGES:
            badge, created = Badge.objects.get_or_create(
                organisation=organisation,
                slug=default.slug,
                defaults={
                    "name": default.name,
                    "description": default.description,
                    "icon": default.icon,
                    "measure": default.measure,
                },
            )
            if created:
                names = LEVELS if len(default.thresholds) > 1 else ("Awarded",)
                BadgeLevel.objects.bulk_create(
                    BadgeLevel(badge=badge, name=name, rank=rank, threshold=threshold)
                    for rank, (name, threshold) in enumerate(
                        zip(names, default.thresholds, strict=True), 1
                    )
                )
    return list(Badge.objects.filter(organisation=organisation).prefetch_related("levels"))


def badge_counts(facts: list[Fact]) -> dict[str, dict[int, int]]:
    """Per measure, each person's count."""
    approved: dict[int, int] = defaultdict(int)
    reached: dict[int, set[int]] = defaultdict(set)
    helped: dict[int, int] = defaultdict(int)
    kudos: dict[int, int] = defaultdict(int)
    for fact in facts:
        if fact.event == Event.PRACTICE_APPROVED:
            for person in fact.contributor_ids:
                approved[person] += 1
        elif fact.event == Event.PRACTICE_ADOPTED and fact.actor_id is not None:
            for person in fact.contributor_ids:
                reached[person].add(fact.actor_id)
        elif fact.event in (Event.COACHING_PARTNERED, Event.ROLE_PLAY_PARTNERED):
            if fact.actor_id is not None:
                helped[fact.actor_id] += 1
        elif fact.event == Event.KUDOS_RECEIVED and fact.receiver_id is not None:
            kudos[fact.receiver_id] += 1
    return {
        Measure.APPROVED_PRACTICES: dict(approved),
        Measure.ADOPTERS_REACHED: {p: len(people) for p, people in reached.items()},
        Measure.PEOPLE_HELPED: dict(helped),
        Measure.KUDOS_RECEIVED: dict(kudos),
    }


def badges_award_earned(*, organisation: Organisation) -> int:
    """Award every level whose threshold a person's count reached; returns how many are new."""
    badges = badges_ensure(organisation=organisation)
    counts = badge_counts(facts_all(organisation=organisation))
    members = set(Person.objects.filter(organisation=organisation).values_list("id", flat=True))
    awards = []
    for badge in badges:
        if badge.measure == Measure.MANUAL:
            continue
        for level in badge.levels.all():
            for person_id, count in counts.get(badge.measure, {}).items():
                if count >= level.threshold and person_id in members:
                    reason = f"{badge.get_measure_display()}: {count}"
                    awards.append(BadgeAward(level=level, person_id=person_id, reason=reason))
    before = BadgeAward.objects.filter(level__badge__organisation=organisation).count()
    BadgeAward.objects.bulk_create(awards, ignore_conflicts=True, batch_size=500)
    return BadgeAward.objects.filter(level__badge__organisation=organisation).count() - before


def badge_award_give(*, level: BadgeLevel, person: Person, by: Person, reason: str) -> BadgeAward:
    """A leader gives a badge level to someone in their organisation."""
    reason = reason.strip()
    if person.organisation_id != level.badge.organisation_id or person.pk == by.pk:
        raise Invalid("Choose someone else in your organisation.", field="person")
    if not reason:
        raise Invalid("Say what the badge is for.", field="reason")
    if len(reason) > 300:
        raise Invalid("Keep the reason under 300 characters.", field="reason")
    try:
        with transaction.atomic():
            award = BadgeAward.objects.create(
                level=level, person=person, awarded_by=by, reason=reason
            )
            notify(
                recipient=person,
                kind=NotificationKind.BADGE,
                text=f"{by.full_name} gave you {level.badge.name} · {level.name}: {reason}",
                link=reverse("recognition_my_points"),
            )
            return award
    except IntegrityError as error:
        raise Conflict(f"{person} already holds {level}.", code="already_held") from error


def badge_level_update(*, level: BadgeLevel, name: str, threshold: int) -> BadgeLevel:
    """Rename a level or move its threshold; awards already given stay."""
    name = name.strip()
    if not name or len(name) > 40:
        raise Invalid("A level needs a name of at most 40 characters.", field="name")
    if not 1 <= threshold <= 10000:
        raise Invalid("A threshold must be between 1 and 10000.", field="threshold")
    neighbours = {lv.rank: lv.threshold for lv in level.badge.levels.exclude(pk=level.pk)}
    lower = [t for r, t in neighbours.items() if r < level.rank]
    higher = [t for r, t in neighbours.items() if r > level.rank]
    if (lower and threshold <= max(lower)) or (higher and threshold >= min(higher)):
        raise Invalid("Each level's threshold must be above the level below it.", field="threshold")
    level.name, level.threshold = name, threshold
    level.save()
    return level
