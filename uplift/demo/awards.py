"""The demo organisation's recognition events: last half-year's awards, decided, with winners and
their citations; and the next awards, open, with a few nominations by peers and managers. Every
nomination's evidence is picked from what the demo history recorded about the nominee. Running it
again adds nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from uplift.awards.evidence import EvidenceOption, evidence_options
from uplift.awards.models import AwardEvent, AwardWinner, Nomination
from uplift.awards.services import (
    CategorySpec,
    WinnerChoice,
    award_event_advance,
    award_event_create,
    award_winners_decide,
    nomination_create,
    nomination_shortlist_set,
)
from uplift.demo.steps import DemoState, DemoStep
from uplift.orgs.models import Organisation, Person, Role

PAST = "Sales Awards — first half"
NEXT = "Sales Awards — second half"
CATEGORIES = (
    CategorySpec(
        "Best shared practice", "The practice colleagues adopted and that moved their results."
    ),
    CategorySpec(
        "Coach of the half-year",
        "The colleague who gave the most time to coaching and role plays for others.",
    ),
    CategorySpec("Team player", "The person colleagues thanked most for their help."),
)
KIND_FOR = {0: ("practice", "impact"), 1: ("help",), 2: ("kudos",)}
REASONS = {
    0: (
        (
            "{first} wrote the practice down so everyone could use it, and colleagues now run it "
            "on their own deals."
        ),
        "I adopted {first}'s practice last quarter; it is the first thing I teach new starters.",
    ),
    1: (
        (
            "{first} always finds time to coach, run a role play before a big call, or review a "
            "plan with someone who is stuck."
        ),
        "{first} played the buyer for me three times before my biggest pitch of the year.",
    ),
    2: (
        (
            "Whenever someone is stuck, {first} is the first to help — the kudos say it better "
            "than I can."
        ),
        "{first} makes asking for help feel normal on this team.",
    ),
}
CITATIONS = {
    0: "For turning a personal habit into the team's practice — shared, adopted and measured.",
    1: "For the hours spent making colleagues better: coaching, role plays and honest feedback.",
    2: "For being the colleague everyone turns to, and never making them feel they asked too much.",
}


def _relevant(options: list[EvidenceOption], category: int) -> list[EvidenceOption]:
    kinds = KIND_FOR[category]
    return sorted((o for o in options if o.kind in kinds), key=lambda o: kinds.index(o.kind))


def _candidates(
    organisation: Organisation, leader: Person, until: date | None = None
) -> dict[int, list[tuple[Person, list[EvidenceOption]]]]:
    """For each category, people with matching evidence (as the records stood at the end of
    `until`, when given), the richest first."""
    people = Person.objects.filter(
        organisation=organisation, is_active=True, role__in=(Role.REP, Role.MANAGER)
    ).order_by("email")
    found: dict[int, list[tuple[Person, list[EvidenceOption]]]] = {i: [] for i in KIND_FOR}
    for person in people:
        options = evidence_options(viewer=leader, nominee=person, until=until)
        for category in KIND_FOR:
            relevant = _relevant(options, category)
            if relevant:
                found[category].append((person, relevant))
    for listed in found.values():
        listed.sort(key=lambda item: (-len(item[1]), item[0].email))
    return found


def _nominators(nominee: Person, pool: list[Person]) -> list[Person]:
    """The nominee's manager when they have one, then peers from the pool."""
    chosen = [nominee.manager] if nominee.manager and nominee.manager.is_active else []
    chosen += [p for p in pool if p.pk != nominee.pk and p not in chosen]
    return chosen


def _nominate(
    event: AwardEvent,
    candidates: dict[int, list[tuple[Person, list[EvidenceOption]]]],
    per_category: int,
    pool: list[Person],
    evidence_as_of: date | None = None,
) -> int:
    made = 0
    categories = list(event.categories.all())
    for index, category in enumerate(categories):
        for rank, (nominee, options) in enumerate(candidates[index][:per_category]):
            nominators = _nominators(nominee, pool[rank:])[: 2 if rank == 0 else 1]
            for turn, nominator in enumerate(nominators):
                keys = [o.key for o in options[:3]]
                nomination_create(
                    event=event,
                    category_id=category.pk,
                    nominee=nominee,
                    nominator=nominator,
                    reason=REASONS[index][turn % 2].format(first=nominee.get_short_name()),
                    evidence_keys=keys,
                    evidence_as_of=evidence_as_of,
                )
                made += 1
    return made


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _leader(organisation: Organisation) -> Person | None:
    return (
        Person.objects.filter(organisation=organisation, role=Role.LEADER, is_active=True)
        .order_by("manager_id", "crm_user_id", "pk")
        .first()
    )


def _events(state: DemoState) -> None:
    organisation = state.organisation
    if organisation is None:
        raise RuntimeError("the import step must run first")
    if AwardEvent.objects.filter(organisation=organisation, name__in=(PAST, NEXT)).count() == 2:
        state.notes.append("recognition events already in place")
        return
    leader = _leader(organisation)
    if leader is None:
        state.notes.append("no leader to run recognition events")
        return
    today = timezone.localdate()
    held_on = today - timedelta(days=75)
    nominated_on = held_on - timedelta(days=21)  # nominations closed three weeks before
    candidates = _candidates(organisation, leader)
    if not any(candidates.values()):
        state.notes.append("no recorded practices, help or kudos to nominate anyone with yet")
        return
    pool = list(
        Person.objects.filter(organisation=organisation, is_active=True, role=Role.REP).order_by(
            "crm_user_id", "email"
        )
    )
    if not AwardEvent.objects.filter(organisation=organisation, name=PAST).exists():
        past = award_event_create(
            organisation=organisation,
            created_by=leader,
            name=PAST,
            held_on=held_on,
            venue="Riverside Hall, Lisbon kick-off",
            introduction="Six months of sharing and helping, recognised in front of the whole "
            "sales team.",
            categories=CATEGORIES,
        )
        as_then = _candidates(organisation, leader, until=nominated_on)
        _nominate(past, as_then, per_category=3, pool=pool, evidence_as_of=nominated_on)
        # Recorded as it happened: opened six weeks before the nominations closed, each
        # nomination made by then with the evidence as it stood that day.
        Nomination.objects.filter(category__event=past).update(created_at=_at(nominated_on))
        AwardEvent.objects.filter(pk=past.pk).update(
            created_at=_at(nominated_on - timedelta(days=42))
        )
        award_event_advance(event=past, to=AwardEvent.Status.SHORTLISTING)
        choices = []
        for index, category in enumerate(past.categories.all()):
            nominations = list(Nomination.objects.filter(category=category).order_by("pk"))
            firsts = list({n.nominee_id: n for n in reversed(nominations)}.values())[::-1]
            for nomination in firsts[:2]:  # two finalists per award
                nomination_shortlist_set(nomination=nomination, shortlisted=True)
            if nominations:
                choices.append(
                    WinnerChoice(category.pk, nominations[0].nominee_id, CITATIONS[index])
                )
        award_winners_decide(event=past, decided_by=leader, choices=choices)
        decided = _at(held_on - timedelta(days=7))  # a week before the ceremony
        AwardEvent.objects.filter(pk=past.pk).update(decided_at=decided)
        AwardWinner.objects.filter(category__event=past).update(decided_at=decided)
    if not AwardEvent.objects.filter(organisation=organisation, name=NEXT).exists():
        upcoming = award_event_create(
            organisation=organisation,
            created_by=leader,
            name=NEXT,
            held_on=today + timedelta(days=40),
            venue="All-hands, main office",
            introduction="Nominate the colleagues who made you better this half-year.",
            categories=CATEGORIES,
        )
        shifted = {i: c[1:] + c[:1] for i, c in candidates.items()}  # other people this time
        _nominate(upcoming, shifted, per_category=1, pool=list(reversed(pool)))
    state.notes.append(
        f"recognition events: {PAST} (decided) and {NEXT} (open, "
        f"{Nomination.objects.filter(category__event__name=NEXT, category__event__organisation=organisation).count()}"  # noqa: E501
        " nominations)"
    )


DEMO_STEPS: list[DemoStep] = [("Recognition events and nominations", _events)]
