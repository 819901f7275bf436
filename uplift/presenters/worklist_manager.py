"""A manager's to-do list: coaching sessions to prepare or write up, what is overdue in the team,
plan check-ins coming due, adoptions to confirm, stars to debrief and mentoring pairs to agree,
with what is the manager's own (`uplift.presenters.worklist`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from uplift.coaching.facts import (
    ActionItemOverdue,
    SessionPlanned,
    action_items_overdue,
    sessions_planned,
)
from uplift.debriefs.selectors import StarToDebrief, stars_to_debrief
from uplift.development.accountability import reps_accountable
from uplift.development.facts import (
    CheckInDue,
    MilestoneOpen,
    check_ins_due,
    milestones_open,
)
from uplift.initiatives.models import MentoringPair
from uplift.initiatives.selectors import pairs_to_agree
from uplift.orgs.models import Person
from uplift.orgs.time_zones import zone_abbreviation
from uplift.practices.facts import CONFIRM_AFTER_DAYS, AdoptionToConfirm, adoptions_to_confirm
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

PREPARE_AHEAD_DAYS = 7  # sessions in the coming week are on the list
WRITE_UP_WITHIN_DAYS = 30  # sessions held in the last month and never marked done
CHECK_INS_AHEAD_DAYS = 7  # check-ins falling due within a week
DEBRIEF_WITHIN_DAYS = 30  # a star is debriefed within a month of the analysis naming them
AGREE_WITHIN_DAYS = 7  # a mentoring pair waits a week at most for the manager's answer

SUGGESTION = Suggestion(
    "See when each of your reps was last coached, and book the next session.",
    "Team coaching",
    "coaching_team",
)


@dataclass(frozen=True)
class ManagerFacts:
    now: datetime
    personal: PersonalFacts = field(default_factory=PersonalFacts)
    sessions: Sequence[SessionPlanned] = ()
    milestones_overdue: Sequence[MilestoneOpen] = ()
    action_items_overdue: Sequence[ActionItemOverdue] = ()
    rep_names: dict[int, str] = field(default_factory=dict)
    check_ins: Sequence[CheckInDue] = ()
    adoptions: Sequence[AdoptionToConfirm] = ()
    stars: Sequence[StarToDebrief] = ()
    pairs: Sequence[MentoringPair] = ()


def manager_facts(*, person: Person, today: date, now: datetime | None = None) -> ManagerFacts:
    now = now or timezone.now()
    reps = reps_accountable(viewer=person)
    rep_ids = [rep.pk for rep in reps]
    return ManagerFacts(
        now=now,
        personal=personal_facts(person=person, today=today),
        sessions=sessions_planned(
            coach_id=person.pk,
            since=now - timedelta(days=WRITE_UP_WITHIN_DAYS),
            until=now + timedelta(days=PREPARE_AHEAD_DAYS),
        ),
        milestones_overdue=milestones_open(rep_ids=rep_ids, due_by=today - timedelta(days=1)),
        action_items_overdue=action_items_overdue(rep_ids=rep_ids, today=today),
        rep_names={rep.pk: rep.full_name for rep in reps},
        check_ins=check_ins_due(
            rep_ids=rep_ids, due_by=today + timedelta(days=CHECK_INS_AHEAD_DAYS)
        ),
        adoptions=adoptions_to_confirm(person_ids=rep_ids, today=today),
        stars=stars_to_debrief(viewer=person),
        pairs=pairs_to_agree(person),
    )


def session_items(sessions: Iterable[SessionPlanned], *, now: datetime) -> list[WorkItem]:
    items = []
    for s in sessions:
        at = timezone.localtime(s.scheduled_at)
        what = f"{s.kind} with {s.rep_name}"
        if s.scheduled_at < now:
            items.append(
                WorkItem(
                    "write_up",
                    f"Write up your {what}",
                    f"Planned for {day_text(at.date())}: add the notes and action items, then "
                    "mark it done (or cancelled)",
                    at.date(),
                    "coaching_session",
                    (s.session_id,),
                )
            )
        else:
            agenda = "the agenda is drafted" if s.has_agenda else "no agenda yet"
            items.append(
                WorkItem(
                    "session",
                    f"Prepare your {what}",
                    f"{at:%a} {at.day} {at:%b}, {at:%H:%M} {zone_abbreviation(at)}; {agenda}",
                    at.date(),
                    "coaching_session",
                    (s.session_id,),
                )
            )
    return items


def overdue_items(
    milestones: Iterable[MilestoneOpen],
    action_items: Iterable[ActionItemOverdue],
    rep_names: dict[int, str],
) -> list[WorkItem]:
    """One item per rep with anything overdue: their plan's milestones and their coaching
    action items, linking to the plan (or, without an overdue milestone, the session)."""
    late_milestones: dict[int, list[MilestoneOpen]] = defaultdict(list)
    late_actions: dict[int, list[ActionItemOverdue]] = defaultdict(list)
    for m in milestones:
        late_milestones[m.rep_id].append(m)
    for a in action_items:
        late_actions[a.rep_id].append(a)
    items = []
    for rep_id in sorted(set(late_milestones) | set(late_actions)):
        ms, acts = late_milestones[rep_id], late_actions[rep_id]
        titles = [m.title for m in ms] + [a.title for a in acts]
        parts = [plural(len(ms), "milestone")] if ms else []
        parts += [plural(len(acts), "coaching action item")] if acts else []
        oldest = min([m.due_on for m in ms] + [a.due_on for a in acts])
        route, args = (
            ("development_plan", (ms[0].plan_id,))
            if ms
            else ("coaching_session", (acts[0].session_id,))
        )
        detail = f"{' and '.join(parts)} overdue: {titles[0]}"
        if len(titles) > 1:
            detail += f" and {len(titles) - 1} more"
        items.append(
            WorkItem(
                "overdue",
                f"Catch up with {rep_names.get(rep_id, 'a rep')}",
                detail,
                oldest,
                route,
                args,
            )
        )
    return items


def check_in_items(check_ins: Iterable[CheckInDue]) -> list[WorkItem]:
    return [
        WorkItem(
            "check_in",
            f"Check in on {c.rep_name}'s development plan",
            f"Last check-in {day_text(c.last_check_in)}"
            if c.last_check_in
            else "No check-in since the plan started",
            c.due_on,
            "development_plan",
            (c.plan_id,),
        )
        for c in check_ins
    ]


def adoption_items(adoptions: Sequence[AdoptionToConfirm]) -> list[WorkItem]:
    """One item for all the practices the team has practised for a month or more, on the
    adoption board where the manager confirms each (the longest practised named)."""
    if not adoptions:
        return []
    first = adoptions[0]  # the longest practised
    people = {a.person_id for a in adoptions}
    who = first.person_name if len(people) == 1 else plural(len(people), "rep")
    detail = (
        f"“{first.title}” by {first.person_name}, practised since {day_text(first.practising_on)}"
    )
    if len(adoptions) > 1:
        detail += f", and {plural(len(adoptions) - 1, 'more practice', 'more practices')}"
    return [
        WorkItem(
            "adoption",
            f"Confirm what {who} demonstrate{'s' if len(people) == 1 else ''}",
            detail,
            first.practising_on + timedelta(days=CONFIRM_AFTER_DAYS),
            "adoption_board",
        )
    ]


GROUP_STARS_OVER = 3  # more stars to debrief than this make one item, to the debriefs page


def debrief_items(stars: Sequence[StarToDebrief]) -> list[WorkItem]:
    if not stars:
        return []
    named_on = min(s.named_on for s in stars)
    due = named_on + timedelta(days=DEBRIEF_WITHIN_DAYS)
    if len(stars) > GROUP_STARS_OVER:
        names = ", ".join(s.person.full_name for s in stars[:2])
        return [
            WorkItem(
                "debrief",
                f"Schedule debriefs with {len(stars)} stars",
                f"{names} and {len(stars) - 2} more have not shared what they do differently "
                f"since the analysis of {day_text(named_on)}",
                due,
                "debriefs",
                anchor="stars-heading",
            )
        ]
    return [
        WorkItem(
            "debrief",
            f"Schedule a debrief with {s.person.full_name}",
            f"A star in the analysis of {day_text(s.named_on)}: hear in their words what they "
            "do differently",
            s.named_on + timedelta(days=DEBRIEF_WITHIN_DAYS),
            "debrief_new",
            query=f"star={s.person.pk}",
        )
        for s in stars
    ]


def pair_items(pairs: Iterable[MentoringPair]) -> list[WorkItem]:
    """Mentoring pairs waiting for the manager's agreement, answered on the initiatives page."""
    items = []
    for pair in pairs:
        proposed = timezone.localtime(pair.proposed_at).date()
        items.append(
            WorkItem(
                "pair",
                f"Agree to {pair.mentor.full_name} mentoring {pair.mentee.full_name}",
                f"Proposed {day_text(proposed)} in {pair.initiative.name}",
                proposed + timedelta(days=AGREE_WITHIN_DAYS),
                "initiatives_list",
                anchor="pairs-heading",
            )
        )
    return items


def manager_worklist(facts: ManagerFacts, *, today: date) -> Worklist:
    items = [
        *session_items(facts.sessions, now=facts.now),
        *overdue_items(facts.milestones_overdue, facts.action_items_overdue, facts.rep_names),
        *check_in_items(facts.check_ins),
        *adoption_items(facts.adoptions),
        *debrief_items(facts.stars),
        *pair_items(facts.pairs),
    ]
    return worklist_from(
        items,
        today=today,
        empty="Nothing is waiting: your team is up to date.",
        suggestion=SUGGESTION,
        personal=facts.personal,
    )
