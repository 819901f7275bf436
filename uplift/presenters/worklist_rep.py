"""A rep's to-do list: their plan's milestones coming due, role plays worth another attempt, and
what is anyone's own (the pulse, role plays to score, commitments, invitations)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from uplift.coaching.facts import RETRY_BELOW, RolePlayToRetry, role_plays_to_retry
from uplift.development.facts import MilestoneOpen, milestones_open
from uplift.orgs.models import Person
from uplift.presenters.worklist import (
    PersonalFacts,
    Suggestion,
    WorkItem,
    Worklist,
    day_text,
    personal_facts,
    worklist_from,
)

MILESTONES_AHEAD_DAYS = 14  # milestones due within two weeks are on the list
RETRY_WITHIN_DAYS = 14  # a role play to retry is best played again within two weeks

SUGGESTION = Suggestion(
    "Pick a practice the stars use and plan to try it.", "The practice library", "practice_library"
)


@dataclass(frozen=True)
class RepFacts:
    personal: PersonalFacts = field(default_factory=PersonalFacts)
    milestones: Sequence[MilestoneOpen] = ()
    retries: Sequence[RolePlayToRetry] = ()


def rep_facts(*, person: Person, today: date) -> RepFacts:
    return RepFacts(
        personal=personal_facts(person=person, today=today),
        milestones=milestones_open(
            rep_ids=[person.pk], due_by=today + timedelta(days=MILESTONES_AHEAD_DAYS)
        ),
        retries=role_plays_to_retry(rep_ids=[person.pk]),
    )


def milestone_items(milestones: Iterable[MilestoneOpen]) -> list[WorkItem]:
    return [
        WorkItem(
            "milestone",
            m.title,
            "On your development plan: mark it done there once it is",
            m.due_on,
            "development_plan",
            (m.plan_id,),
        )
        for m in milestones
    ]


def retry_items(retries: Iterable[RolePlayToRetry]) -> list[WorkItem]:
    items = []
    for r in retries:
        held = timezone.localtime(r.held_at).date()
        items.append(
            WorkItem(
                "retry",
                f"Play “{r.scenario}” again",
                f"Attempt {r.attempt} on {day_text(held)} scored {r.score:.1f} of 5 (under "
                f"{RETRY_BELOW:.0f}): read the feedback, then ask your coach for another attempt",
                held + timedelta(days=RETRY_WITHIN_DAYS),
                "coaching_roleplay",
                (r.role_play_id,),
            )
        )
    return items


def rep_worklist(facts: RepFacts, *, today: date) -> Worklist:
    items = [
        *milestone_items(facts.milestones),
        *retry_items(facts.retries),
    ]
    return worklist_from(
        items,
        today=today,
        empty="Nothing is waiting for you.",
        suggestion=SUGGESTION,
        personal=facts.personal,
    )
