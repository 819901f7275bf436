"""Reads of recognition: the feed, a person's points and badges, the recognition settings.

Recognition is public inside an organisation (SPEC "Roles and privacy": managers see the feed and
recognition of every team), so these reads are scoped by organisation, never by private scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet, Sum

from uplift.coaching.facts import coaching_sessions_with_others, role_plays_with_others
from uplift.core.refusals import NotFound
from uplift.orgs.models import Organisation, Person, Team
from uplift.orgs.selectors import team_subtree_ids
from uplift.practices.access import practices_visible
from uplift.practices.models import Practice
from uplift.recognition.access import points_entries_visible, spotlights_visible
from uplift.recognition.badges import badge_counts, badges_ensure
from uplift.recognition.evidence import (
    evidence_lines,
    evidence_with_latest_impact,
    impact_reading,
)
from uplift.recognition.ledger import points_balance
from uplift.recognition.models import (
    Badge,
    BadgeAward,
    Kudos,
    PointsEntry,
    PointsRule,
    Spotlight,
    WebhookDelivery,
)
from uplift.recognition.responses import KudosResponses, kudos_responses
from uplift.recognition.sources import facts_all

FEED_PAGE = 30


@dataclass(frozen=True)
class FeedItem:
    kind: str  # "kudos" or "spotlight"
    at: datetime
    record: Kudos | Spotlight
    facts: list[tuple[str, str]] = field(default_factory=list)
    practice_title: str = ""  # the practice a kudos cites, when the viewer may see it
    responses: KudosResponses | None = None  # a kudos' reactions and comments


def team_member_ids(*, organisation: Organisation, team: Team) -> set[int]:
    teams = team_subtree_ids(roots=[team.pk], organisation=organisation)
    managers = set(Team.objects.filter(pk__in=teams).values_list("manager_id", flat=True))
    return set(
        Person.objects.filter(organisation=organisation)
        .filter(Q(team_id__in=teams) | Q(pk__in=managers - {None}))
        .values_list("id", flat=True)
    )


def feed_items(
    *,
    viewer: Person,
    organisation: Organisation,
    team: Team | None = None,
    before: datetime | None = None,
    size: int = FEED_PAGE,
) -> list[FeedItem]:
    """Kudos and spotlights, newest first, `size` at a time (`before` the last one shown). A
    kudos names the practice it cites only to a viewer who may see that practice."""
    kudos = Kudos.objects.filter(organisation=organisation).select_related(
        "giver__team", "receiver__team", "practice"
    )
    spotlights = Spotlight.objects.filter(organisation=organisation).select_related(
        "author", "contributor__team", "practice"
    )
    if team is not None:
        people = team_member_ids(organisation=organisation, team=team)
        kudos = kudos.filter(Q(giver_id__in=people) | Q(receiver_id__in=people))
        spotlights = spotlights.filter(contributor_id__in=people)
    if before is not None:
        kudos, spotlights = (
            kudos.filter(created_at__lt=before),
            spotlights.filter(created_at__lt=before),
        )
    page = list(kudos[:size])
    items = kudos_items(viewer=viewer, kudos=page)
    posts = list(spotlights[:size])
    if posts:
        reading = impact_reading(organisation=organisation)
        for post in posts:
            post.evidence = evidence_with_latest_impact(post.evidence, reading)
            items.append(
                FeedItem("spotlight", post.created_at, post, evidence_lines(post.evidence))
            )
    items.sort(key=lambda item: (item.at, item.record.pk), reverse=True)
    return items[:size]


def kudos_items(*, viewer: Person, kudos: list[Kudos]) -> list[FeedItem]:
    """Kudos as feed items, each with its reactions and comments; a kudos names the practice it
    cites only to a viewer who may see that practice."""
    cited = {k.practice_id for k in kudos if k.practice_id}
    seen = set(practices_visible(viewer).filter(pk__in=cited).values_list("pk", flat=True))
    responses = kudos_responses(kudos_ids=[k.pk for k in kudos], viewer=viewer)
    return [
        FeedItem(
            "kudos",
            k.created_at,
            k,
            practice_title=k.practice.title if k.practice and k.practice_id in seen else "",
            responses=responses[k.pk],
        )
        for k in kudos
    ]


def spotlight_with_latest_impact(*, spotlight: Spotlight) -> Spotlight:
    """The spotlight with the latest impact reading in its evidence."""
    spotlight.evidence = evidence_with_latest_impact(
        spotlight.evidence, impact_reading(organisation=spotlight.organisation)
    )
    return spotlight


def spotlights_recent(*, viewer: Person, limit: int = 5) -> QuerySet[Spotlight]:
    return spotlights_visible(viewer).select_related("contributor", "author")[:limit]


def points_entries_recent(*, viewer: Person, limit: int = 25) -> QuerySet[PointsEntry]:
    return (
        points_entries_visible(viewer)
        .select_related("person", "reversed_by")
        .order_by("-created_at", "-id")[:limit]
    )


def practices_for_kudos(*, viewer: Person) -> QuerySet[Practice]:
    """The practices a kudos may cite: shared ones (in review or approved) the viewer may see."""
    shared = (Practice.Status.IN_REVIEW, Practice.Status.APPROVED)
    return practices_visible(viewer).filter(status__in=shared)


def sessions_for_kudos(*, viewer: Person) -> list[tuple[str, list[tuple[int, str]]]]:
    """The viewer's own coaching sessions and role plays, by someone else, to thank them for."""
    groups: list[tuple[str, list[tuple[int, str]]]] = []
    for title, sessions in (
        ("Coaching sessions", coaching_sessions_with_others(rep_id=viewer.pk, limit=20)),
        ("Role plays", role_plays_with_others(rep_id=viewer.pk, limit=20)),
    ):
        options = [(s.session_id, f"{s.other_name}, {s.at:%d %b %Y}") for s in sessions]
        if options:
            groups.append((title, options))
    return groups


@dataclass(frozen=True)
class BadgeProgress:
    badge: Badge
    held: list[BadgeAward]
    count: int | None
    next_level: str | None
    next_threshold: int | None


@dataclass(frozen=True)
class PointsSummary:
    person: Person
    balance: int
    entries: list[PointsEntry]
    by_event: list[tuple[str, int]]
    badges: list[BadgeProgress]


def points_summary(*, person: Person, entries: int = 50) -> PointsSummary:
    """A person's balance (the sum of their ledger), their latest entries and their badges."""
    organisation = person.organisation
    if organisation is None:
        raise NotFound("No organisation.")
    ledger = PointsEntry.objects.filter(person=person).select_related("reverses", "reversed_by")
    by_event = [
        (event_label(row["event"]), int(row["total"]))
        for row in ledger.values("event").annotate(total=Sum("points")).order_by("-total")
    ]
    counts = badge_counts(facts_all(organisation=organisation))
    held_by_badge: dict[int, list[BadgeAward]] = {}
    for award in BadgeAward.objects.filter(person=person).select_related("level__badge"):
        held_by_badge.setdefault(award.level.badge_id, []).append(award)
    progress = []
    for badge in badges_ensure(organisation=organisation):
        held = sorted(held_by_badge.get(badge.pk, []), key=lambda a: a.level.rank)
        count = (
            None
            if badge.measure == Badge.Measure.MANUAL
            else counts.get(badge.measure, {}).get(person.pk, 0)
        )
        ahead = [lv for lv in badge.levels.all() if lv.pk not in {a.level_id for a in held}]
        upcoming = ahead[0] if ahead and count is not None else None
        progress.append(
            BadgeProgress(
                badge,
                held,
                count,
                upcoming.name if upcoming else None,
                upcoming.threshold if upcoming else None,
            )
        )
    return PointsSummary(
        person=person,
        balance=points_balance(person=person),
        entries=list(ledger.order_by("-created_at", "-id")[:entries]),
        by_event=by_event,
        badges=progress,
    )


def event_label(event: str) -> str:
    try:
        return str(PointsRule.Event(event).label)
    except ValueError:
        return event.replace("_", " ")


def deliveries_recent(*, organisation: Organisation, limit: int = 20) -> list[WebhookDelivery]:
    return list(
        WebhookDelivery.objects.filter(spotlight__organisation=organisation).select_related(
            "spotlight__contributor"
        )[:limit]
    )
