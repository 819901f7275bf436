"""A leader's to-do list: practice cards waiting for their review as sponsor, awards to decide,
the health of the initiatives they lead, the stars of their part still to debrief, with what is
the leader's own (`uplift.presenters.worklist`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from uplift.awards.facts import EventToDecide, events_to_decide
from uplift.debriefs.selectors import StarToDebrief, stars_to_debrief
from uplift.initiatives.facts import InitiativeLed, initiatives_led
from uplift.orgs.access import viewer_organisation
from uplift.orgs.models import Person
from uplift.practices.facts import ReviewAwaited, reviews_awaited
from uplift.presenters.worklist import (
    PersonalFacts,
    Suggestion,
    WorkItem,
    Worklist,
    day_text,
    personal_facts,
    plural,
    worklist_from,
)
from uplift.presenters.worklist_manager import debrief_items

REVIEW_WITHIN_DAYS = 7  # a card sent for review gets an answer within a week

SUGGESTION = Suggestion(
    "See who your stars are, the gap to the core and what closing it is worth.",
    "Stars & gap",
    "leader_performance",
)


@dataclass(frozen=True)
class LeaderFacts:
    personal: PersonalFacts = field(default_factory=PersonalFacts)
    reviews: Sequence[ReviewAwaited] = ()
    events: Sequence[EventToDecide] = ()
    initiatives: Sequence[InitiativeLed] = ()
    stars: Sequence[StarToDebrief] = ()


def leader_facts(*, person: Person, today: date) -> LeaderFacts:
    return LeaderFacts(
        personal=personal_facts(person=person, today=today),
        reviews=reviews_awaited(sponsor_id=person.pk),
        events=events_to_decide(organisation=viewer_organisation(person)),
        initiatives=initiatives_led(person_id=person.pk, today=today),
        stars=stars_to_debrief(viewer=person),
    )


def review_items(reviews: Iterable[ReviewAwaited]) -> list[WorkItem]:
    return [
        WorkItem(
            "review",
            f"Review “{r.title}”",
            f"Sent for your review on {day_text(r.submitted_on)}: approve it, or send it back "
            "saying why",
            r.submitted_on + timedelta(days=REVIEW_WITHIN_DAYS),
            "practice_detail",
            (r.practice_id,),
        )
        for r in reviews
    ]


def event_items(events: Iterable[EventToDecide]) -> list[WorkItem]:
    return [
        WorkItem(
            "nominations",
            f"Decide the winners of {e.name}",
            f"{plural(e.nominations, 'nomination')} in "
            f"{plural(e.categories, 'category', 'categories')} ({e.status.lower()}); "
            f"the ceremony is on {day_text(e.held_on)}",
            e.held_on,
            "awards_event",
            (e.event_id,),
        )
        for e in events
    ]


def initiative_items(initiatives: Iterable[InitiativeLed], *, today: date) -> list[WorkItem]:
    items = []
    for i in initiatives:
        if i.ends_on < today:
            items.append(
                WorkItem(
                    "initiative",
                    f"Close {i.name}",
                    f"It ran until {day_text(i.ends_on)}: close it and say what it achieved",
                    i.ends_on,
                    "initiatives_detail",
                    (i.initiative_id,),
                )
            )
            continue
        standing = f"{plural(i.partners, 'partner')}; commitments: {i.kept} kept, {i.missed} missed"
        if i.due:
            standing += f", {i.due} due"
        items.append(
            WorkItem(
                "initiative",
                f"Look at the health of {i.name}",
                standing,
                i.next_period_end or i.ends_on,
                "initiatives_health",
                (i.initiative_id,),
            )
        )
    return items


def leader_worklist(facts: LeaderFacts, *, today: date) -> Worklist:
    items = [
        *review_items(facts.reviews),
        *event_items(facts.events),
        *initiative_items(facts.initiatives, today=today),
        *debrief_items(facts.stars),
    ]
    return worklist_from(
        items,
        today=today,
        empty="Nothing is waiting for you.",
        suggestion=SUGGESTION,
        personal=facts.personal,
    )
