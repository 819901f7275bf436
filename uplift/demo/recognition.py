"""The demo organisation's recognition history: kudos between colleagues over recent months (some
for practices, some for coaching or help) with colleagues' reactions and a few comments,
spotlights by the demo leader on the contributors of approved practices, the points ledger synced
and badges awarded. Running it again adds nothing."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from uplift.coaching.models import CoachingSession
from uplift.demo.steps import DemoState, DemoStep
from uplift.orgs.models import Organisation, Person, Role
from uplift.practices.models import Practice
from uplift.recognition.badges import badge_award_give, badges_ensure
from uplift.recognition.models import (
    BadgeAward,
    BadgeLevel,
    Kudos,
    KudosComment,
    KudosReaction,
    Spotlight,
)
from uplift.recognition.services import kudos_give, recognition_sync, spotlight_post
from uplift.recognition.sources import ADOPTED_STAGES, contributors_by_practice

KUDOS_COUNT = 36
GENERAL = (
    "Thanks for covering my renewal call while I was out — the customer noticed.",
    "Your pipeline review prep saved our Monday meeting. Thank you!",
    "Appreciate you sharing the pricing objection you hit last week; it came up for me today.",
    "Thanks for the intro to the procurement contact at the account.",
)
FOR_PRACTICE = (
    "Used your “{title}” on a stalled deal this week and it moved to proposal. Thank you!",
    "“{title}” is now part of every discovery call I run. Thanks for writing it up.",
    "Tried “{title}” with a new logo; the buyer asked for a second meeting on the spot.",
)
FOR_HELP = (
    (
        "Reviewed my mutual action plan",
        ("Thanks for tearing my mutual action plan apart — the customer signed off on the dates."),
    ),
    (
        "Shadowed my negotiation call",
        ("Having you on the negotiation call kept me calm. We held the price."),
    ),
    ("Helped me prepare a QBR", "Your QBR template and the dry run made all the difference."),
)
FOR_COACHING = (
    "Thanks for the coaching session — the talk track finally clicks.",
    "The call review was gold: I open with the customer's problem now, not our deck.",
    "Appreciate you making time for the 1:1 — the deal plan is much sharper.",
)
SPOTLIGHT = (
    "{name} wrote up “{title}” so the rest of us could use it — and people did. This is exactly "
    "the kind of sharing that lifts the whole team. Thank you, {first}."
)

HELP_SPOTLIGHT = (
    "{name} has been thanked by colleagues {n} times in the last months — for reviewing plans, "
    "joining tough calls and sharing what works. That generosity is what makes this team better. "
    "Thank you, {first}."
)


def _people(organisation: Organisation) -> list[Person]:
    return list(
        Person.objects.filter(
            organisation=organisation, is_active=True, role__in=(Role.REP, Role.MANAGER)
        ).order_by("email")
    )


def _approved_practices(organisation: Organisation) -> list[Practice]:
    """Approved practices, the most adopted first."""
    return list(
        Practice.objects.filter(organisation=organisation, status=Practice.Status.APPROVED)
        .annotate(adopters=Count("adoptions", filter=Q(adoptions__stage__in=ADOPTED_STAGES)))
        .order_by("-adopters", "title")
    )


def _when(rng: random.Random, now: datetime, *, after: datetime | None = None) -> datetime:
    """A moment in the last five months; a kudos for something is given after it happened."""
    at = now - timedelta(days=rng.randint(1, 150), hours=rng.randint(0, 9))
    if after is not None and at <= after:
        at = min(after + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 9)), now)
    return at


def _kudos(organisation: Organisation, seed: int) -> int:
    if Kudos.objects.filter(organisation=organisation).exists():
        return 0
    people = _people(organisation)
    if len(people) < 2:
        return 0
    rng = random.Random(seed)
    now = timezone.now()
    credited = contributors_by_practice(organisation=organisation)
    practices = [(p, credited.get(p.pk, ())) for p in _approved_practices(organisation)]
    practices = [(p, c) for p, c in practices if c]
    sessions = _coaching_pairs(organisation)
    by_id = {p.pk: p for p in Person.objects.filter(organisation=organisation)}
    # A few people help far more than the rest, as in most teams.
    helpers = rng.sample(people, k=min(5, len(people)))
    weights = [6 if person in helpers else 1 for person in people]

    def someone_else(giver: Person) -> Person:
        while True:
            receiver = rng.choices(people, weights=weights)[0]
            if receiver.pk != giver.pk:
                return receiver

    given = 0
    for index in range(KUDOS_COUNT):
        giver = rng.choice(people)
        kind = index % 4
        if kind == 0 and practices:
            practice, contributors = rng.choice(practices)
            receiver = by_id.get(rng.choice(contributors))
            if receiver is None or receiver.pk == giver.pk:
                continue
            kudos_give(
                giver=giver,
                receiver=receiver,
                reason=Kudos.Reason.PRACTICE,
                practice=practice,
                message=rng.choice(FOR_PRACTICE).format(title=practice.title),
                at=_when(rng, now, after=practice.submitted_at or practice.created_at),
                sync=False,
            )
        elif kind == 1 and sessions:
            session_id, rep_id, coach_id, held_at = rng.choice(sessions)
            kudos_give(
                giver=by_id[rep_id],
                receiver=by_id[coach_id],
                reason=Kudos.Reason.COACHING,
                session_id=session_id,
                message=rng.choice(FOR_COACHING),
                at=_when(rng, now, after=held_at),
                sync=False,
            )
        elif kind == 2:
            receiver = someone_else(giver)
            what, message = rng.choice(FOR_HELP)
            kudos_give(
                giver=giver,
                receiver=receiver,
                reason=Kudos.Reason.HELP,
                help_description=what,
                message=message,
                at=_when(rng, now),
                sync=False,
            )
        else:
            receiver = someone_else(giver)
            kudos_give(
                giver=giver,
                receiver=receiver,
                message=rng.choice(GENERAL),
                at=_when(rng, now),
                sync=False,
            )
        given += 1
    return given


def _coaching_pairs(organisation: Organisation) -> list[tuple[int, int, int, datetime]]:
    """(session, rep, coach, when) of held coaching sessions, for kudos that thank a coach."""
    return [
        (pk, rep, coach, held_at)
        for pk, rep, coach, held_at in CoachingSession.objects.filter(
            organisation=organisation,
            status=CoachingSession.Status.DONE,
            scheduled_at__lt=timezone.now(),
        ).values_list("pk", "rep_id", "coach_id", "scheduled_at")[:50]
        if rep != coach
    ]


def _spotlights(organisation: Organisation) -> int:
    leader = (
        Person.objects.filter(organisation=organisation, role=Role.LEADER, manager__isnull=True)
        .order_by("crm_user_id")
        .first()
    )
    if leader is None or Spotlight.objects.filter(organisation=organisation).exists():
        return 0
    credited = contributors_by_practice(organisation=organisation)
    by_id = {p.pk: p for p in Person.objects.filter(organisation=organisation)}
    posted: set[int] = set()
    now = timezone.now()
    for practice in _approved_practices(organisation):
        candidates = [by_id[c] for c in credited.get(practice.pk, ()) if c != leader.pk]
        contributor = next((c for c in candidates if c.pk not in posted), None)
        if contributor is None:
            continue
        spotlight_post(
            author=leader,
            contributor=contributor,
            practice=practice,
            message=SPOTLIGHT.format(
                name=contributor.full_name, title=practice.title, first=contributor.get_short_name()
            ),
            at=now - timedelta(days=7 * (3 - len(posted)) + 2),
        )
        posted.add(contributor.pk)
        if len(posted) == 3:
            break
    if len(posted) < 2:
        posted |= _spotlights_for_help(organisation, leader, posted, now)
    return len(posted)


def _spotlights_for_help(
    organisation: Organisation, leader: Person, posted: set[int], now: datetime
) -> set[int]:
    """Before the library has approved practices, the most thanked colleagues are recognised."""
    thanked = (
        Kudos.objects.filter(organisation=organisation)
        .exclude(receiver_id__in=posted | {leader.pk})
        .values("receiver_id")
        .annotate(n=Count("id"))
        .order_by("-n", "receiver_id")[: 2 - len(posted)]
    )
    added: set[int] = set()
    for row in thanked:
        person = Person.objects.get(pk=row["receiver_id"])
        spotlight_post(
            author=leader,
            contributor=person,
            message=HELP_SPOTLIGHT.format(
                name=person.full_name, n=row["n"], first=person.get_short_name()
            ),
            at=now - timedelta(days=10 * (len(added) + 1)),
        )
        added.add(person.pk)
    return added


def _leaders_pick(organisation: Organisation) -> None:
    badges_ensure(organisation=organisation)
    first = Spotlight.objects.filter(organisation=organisation).order_by("created_at").first()
    level = BadgeLevel.objects.filter(
        badge__organisation=organisation, badge__slug="leaders-pick"
    ).first()
    if first is None or level is None or BadgeAward.objects.filter(level=level).exists():
        return
    badge_award_give(
        level=level,
        person=first.contributor,
        by=first.author,
        reason="Shared a practice the whole team now uses.",
    )


COMMENTS = (
    "So deserved — I used the same trick on Tuesday.",
    "Seconded! The whole team benefits from this.",
    "This is what makes the team work. Thank you both.",
)


def _responses(organisation: Organisation, seed: int) -> int:
    """Colleagues react to the latest kudos and comment on a few, an hour or so after each."""
    if KudosReaction.objects.filter(kudos__organisation=organisation).exists():
        return 0
    rng = random.Random(seed * 31 + 5)
    people = _people(organisation)
    latest = list(
        Kudos.objects.filter(organisation=organisation).select_related("giver", "receiver")[:12]
    )
    kinds = list(KudosReaction.Kind.values)
    made = 0
    for index, kudos in enumerate(latest):
        others = [p for p in people if p.pk not in (kudos.giver_id, kudos.receiver_id)]
        for person in rng.sample(others, k=min(len(others), rng.randint(1, 5))):
            KudosReaction.objects.create(
                kudos=kudos,
                person=person,
                kind=rng.choice(kinds[:2] if rng.random() < 0.7 else kinds),
                created_at=kudos.created_at + timedelta(minutes=rng.randint(5, 300)),
            )
            made += 1
        if index % 4 == 0 and others:
            KudosComment.objects.create(
                kudos=kudos,
                author=rng.choice(others),
                body=COMMENTS[(index // 4) % len(COMMENTS)],
                created_at=kudos.created_at + timedelta(hours=rng.randint(1, 20)),
            )
            made += 1
    return made


def seed(state: DemoState) -> None:
    organisation = state.organisation
    if organisation is None:
        raise RuntimeError("the import step must run first")
    kudos = _kudos(organisation, state.seed)
    _responses(organisation, state.seed)
    spotlights = _spotlights(organisation)
    _leaders_pick(organisation)
    result = recognition_sync(organisation=organisation)
    state.notes.append(
        f"recognition: {kudos} kudos and {spotlights} spotlights added; "
        f"{result.ledger.appended} ledger entries and {result.badges_awarded} badges awarded"
    )


DEMO_STEPS: list[DemoStep] = [("Recognition: kudos, spotlights, points and badges", seed)]
