"""The home pages as to-do lists: what is waiting for the person, each item linking to the page
where it gets done, soonest due first with its date.

Each role's list is built in its own module (`worklist_rep`, `worklist_manager`, `worklist_leader`,
`worklist_admin`) in two steps: a loader reads the capabilities' facts and selectors (a fixed number
of queries, whatever the size of the team), and a pure builder turns those facts into items.
This module holds what every list shares: the item and the list, the order, the words for a due
date, and the items that are anyone's own (the pulse, role plays to rate, commitments and
invitations of a sharing initiative).

An item is there while its thing is due and gone once it is done: the facts say which (a rating
submitted, a milestone marked done, a commitment kept by the records).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from uplift.coaching.facts import RatingAwaited, ratings_awaited
from uplift.initiatives.facts import (
    CommitmentOpen,
    InvitationOpen,
    commitments_open,
    invitations_open,
)
from uplift.orgs.models import Person
from uplift.pulse.selectors import PulseRoundOpen, pulse_round_open

SHOWN = 6  # items shown at once; the rest fold under "Show N more"
RATE_WITHIN_DAYS = 7  # a role play is best scored within a week, while it is fresh
ANSWER_WITHIN_DAYS = 14  # an invitation to partner deserves an answer within two weeks

ICONS: dict[str, str] = {
    "pulse": "activity",
    "milestone": "flag",
    "retry": "arrow-repeat",
    "rating": "star-half",
    "commitment": "people",
    "invitation": "envelope-open",
    "session": "calendar-event",
    "write_up": "journal-text",
    "overdue": "exclamation-circle",
    "check_in": "chat-square-text",
    "adoption": "check2-square",
    "debrief": "calendar-plus",
    "pair": "person-check",
    "review": "patch-check",
    "nominations": "trophy",
    "initiative": "heart-pulse",
    "import": "cloud-arrow-up",
    "analysis": "cpu",
    "logins": "person-lock",
}


@dataclass(frozen=True)
class WorkItem:
    """One thing to do: what (`title`), its context in a few words (`detail`), when it is due,
    and the page where it gets done (`route` with its `args`, a query string, an anchor)."""

    kind: str  # a key of ICONS
    title: str
    detail: str
    due_on: date
    route: str
    args: tuple[int, ...] = ()
    query: str = ""
    anchor: str = ""

    @property
    def url(self) -> str:
        url = reverse(self.route, args=self.args)
        if self.query:
            url += f"?{self.query}"
        return url + (f"#{self.anchor}" if self.anchor else "")

    @property
    def icon(self) -> str:
        return ICONS[self.kind]


@dataclass(frozen=True)
class WorkRow:
    item: WorkItem
    when: str  # "Overdue since 23 Nov", "Due today", "Due Mon 7 Dec"
    overdue: bool


@dataclass(frozen=True)
class Suggestion:
    """One useful thing to do when nothing is waiting."""

    text: str
    link_text: str
    route: str

    @property
    def url(self) -> str:
        return reverse(self.route)


@dataclass(frozen=True)
class Worklist:
    rows: list[WorkRow]
    empty: str  # what an empty list says
    suggestion: Suggestion
    pulse_answered: PulseRoundOpen | None = None  # the round answered, for a line of thanks
    shown: int = SHOWN

    @property
    def first(self) -> list[WorkRow]:
        return self.rows[: self.shown] if len(self.rows) > self.shown + 1 else self.rows

    @property
    def more(self) -> list[WorkRow]:
        return self.rows[len(self.first) :]

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.overdue)


def when_text(due_on: date, today: date) -> str:
    """The due date in words, against today."""
    if due_on < today:
        return f"Overdue since {_day(due_on, today)}"
    if due_on == today:
        return "Due today"
    if due_on == today + timedelta(days=1):
        return "Due tomorrow"
    if due_on < today + timedelta(days=7):
        return f"Due {due_on:%a} {due_on.day} {due_on:%b}"
    return f"Due {_day(due_on, today)}"


def _day(day: date, today: date) -> str:
    return f"{day.day} {day:%b}" + ("" if day.year == today.year else f" {day.year}")


def day_text(day: date) -> str:
    """A day in the items' details: "7 Dec 2026"."""
    return f"{day.day} {day:%b %Y}"


def worklist_from(
    items: Iterable[WorkItem],
    *,
    today: date,
    empty: str,
    suggestion: Suggestion,
    personal: PersonalFacts | None = None,
) -> Worklist:
    """The role's `items` and what waits for the person whatever their role (`personal`: the
    pulse, ratings, commitments, invitations), soonest due first (overdue ones first of all),
    each with its date in words."""
    pulse = personal.pulse if personal else None
    everything = [*(personal_items(personal) if personal else ()), *items]
    ordered = sorted(everything, key=lambda i: (i.due_on, list(ICONS).index(i.kind), i.title))
    rows = [WorkRow(i, when_text(i.due_on, today), i.due_on < today) for i in ordered]
    answered = pulse if pulse is not None and pulse.answered else None
    return Worklist(rows=rows, empty=empty, suggestion=suggestion, pulse_answered=answered)


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


# --- Anyone's own items -------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalFacts:
    """What is waiting for the person whatever their role."""

    pulse: PulseRoundOpen | None = None
    ratings: Sequence[RatingAwaited] = ()
    commitments: Sequence[CommitmentOpen] = ()
    invitations: Sequence[InvitationOpen] = ()


def personal_facts(*, person: Person, today: date) -> PersonalFacts:
    return PersonalFacts(
        pulse=pulse_round_open(person=person, today=today),
        ratings=ratings_awaited(rater_id=person.pk),
        commitments=commitments_open(person_id=person.pk, today=today),
        invitations=invitations_open(person_id=person.pk),
    )


def pulse_items(pulse: PulseRoundOpen | None) -> list[WorkItem]:
    if pulse is None or pulse.answered:
        return []
    questions = plural(pulse.questions, "short question")
    return [
        WorkItem(
            "pulse",
            f"Answer the {pulse.label} pulse",
            f"{questions}, about a minute, anonymous",
            pulse.closes_on,
            "pulse_home",
        )
    ]


def rating_items(ratings: Iterable[RatingAwaited]) -> list[WorkItem]:
    items = []
    for rating in ratings:
        held = timezone.localtime(rating.held_at).date()
        items.append(
            WorkItem(
                "rating",
                f"Score {rating.rep_name}'s role play",
                f"{rating.scenario}, attempt {rating.attempt}, played {day_text(held)}",
                held + timedelta(days=RATE_WITHIN_DAYS),
                "coaching_roleplay",
                (rating.role_play_id,),
            )
        )
    return items


def commitment_items(commitments: Iterable[CommitmentOpen]) -> list[WorkItem]:
    return [
        WorkItem(
            "commitment",
            f"{c.label}: {c.achieved} of {c.target} so far",
            f"Your commitment to {c.initiative_name}, until {day_text(c.ends_on)}",
            c.ends_on,
            "initiatives_detail",
            (c.initiative_id,),
        )
        for c in commitments
    ]


def invitation_items(invitations: Iterable[InvitationOpen]) -> list[WorkItem]:
    return [
        WorkItem(
            "invitation",
            f"Answer the invitation to partner in {i.initiative_name}",
            f"Invited {day_text(i.invited_on)}: accept with your commitments, or decline",
            i.invited_on + timedelta(days=ANSWER_WITHIN_DAYS),
            "initiatives_invitation",
            (i.initiative_id,),
        )
        for i in invitations
    ]


def personal_items(facts: PersonalFacts) -> list[WorkItem]:
    return [
        *pulse_items(facts.pulse),
        *rating_items(facts.ratings),
        *commitment_items(facts.commitments),
        *invitation_items(facts.invitations),
    ]
