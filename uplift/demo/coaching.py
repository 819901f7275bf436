"""Demo history for coaching: four months of 1:1s and call reviews by the demo managers with
their reps (notes, action items, some of them on the reps' plans), one session coming up for
each rep, call reviews for colleagues of other teams (help beyond one's role), role-play
scenarios drafted from the approved practices, and role plays scored by the coach and peers —
improving over retries for some reps, and one where the raters disagree.

Everything goes through the services the pages use. The step changes nothing when the
organisation already has coaching history (so `uplift demo` can run twice).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from uplift.coaching.errors import CoachingError
from uplift.coaching.models import (
    CoachingSession,
    RolePlayRating,
    RolePlayScenario,
    RolePlaySession,
)
from uplift.coaching.services import (
    action_item_complete,
    action_item_create,
    action_item_to_milestone,
    coaching_session_create,
    roleplay_create,
    roleplay_score_submit,
    scenario_draft_from_practice,
    scenario_status_set,
)
from uplift.demo.organisation import ADMIN_EMAIL
from uplift.demo.steps import DemoState, DemoStep
from uplift.development.models import DevelopmentPlan
from uplift.orgs.models import Organisation, Person, Role, Team
from uplift.practices.models import Practice

MONTHS = 4
RECENT = timedelta(days=14)  # action items due this recently may still be open
TEAMS = 4
REPS_PER_TEAM = 4

AGENDAS = (
    "Pipeline review: the three deals closing this month\nWhat is blocking the next step?",
    "Last week's discovery calls\nOne habit to try this week",
    "Forecast check\nDevelopment plan: progress on the focus competency",
)
NOTES = (
    (
        "Pipeline is healthy but two deals have no second contact. Agreed to multi-thread both "
        "before the end of the month."
    ),
    (
        "Discovery is improving: asked about the cost of doing nothing on both calls. Still "
        "pitching too early when the buyer is senior."
    ),
    "Struggling with the price conversation; rehearse the value reframe in a role play.",
    "Good week. Close plan used for the first time and the buyer added their legal step.",
    "Feeling stretched with six late-stage deals; agreed which two to hand to the SDR team.",
)
CALL_NOTES = (
    "Listened to the first 15 minutes: strong opening, but the agenda was never confirmed.",
    "The buyer raised budget twice; we moved on both times. Practise naming it back.",
    "Great question about the decision process at minute 12; follow it with who signs.",
)
ACTIONS = (
    "Find a second sponsor on the largest open deal",
    "Send a three-line agenda before every discovery call",
    "Draft a mutual close plan with the next late-stage buyer",
    "Shadow a star's negotiation call",
    "Rehearse the price reframe with a peer",
    "Update the buyer map for the top three deals",
)
ROLEPLAY_FEEDBACK = {
    1: "Lost the thread when the buyer pushed back; try naming the objection back first.",
    2: "Much calmer on the objection. Next: close on a concrete next step.",
    3: "Handled every objection and agreed the next meeting. Ready to use it live.",
}


def _at(day: date, hour: int) -> datetime:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _teams(organisation: Organisation) -> list[tuple[Person, list[Person]]]:
    teams = (
        Team.objects.filter(
            organisation=organisation, kind=Team.Kind.TEAM, manager__role=Role.MANAGER
        )
        .select_related("manager")
        .order_by("name")[:TEAMS]
    )
    found = []
    for team in teams:
        reps = list(
            team.members.filter(role=Role.REP, is_active=True).order_by("full_name")[:REPS_PER_TEAM]
        )
        if team.manager is not None and reps:
            found.append((team.manager, reps))
    return found


def _sessions(organisation: Organisation, rng: random.Random, today: date) -> tuple[int, int, int]:
    sessions = items = milestones = 0
    for manager, reps in _teams(organisation):
        for offset, rep in enumerate(reps):
            plan = DevelopmentPlan.objects.filter(
                rep=rep, status=DevelopmentPlan.Status.ACTIVE
            ).first()
            day = today - timedelta(days=7 * 4 * MONTHS - offset)
            while day < today - timedelta(days=2):
                kind = (
                    CoachingSession.Kind.CALL_REVIEW
                    if rng.random() < 0.3
                    else CoachingSession.Kind.ONE_ON_ONE
                )
                cancelled = rng.random() < 0.08
                session = coaching_session_create(
                    rep=rep,
                    coach=manager,
                    created_by=manager,
                    kind=kind,
                    scheduled_at=_at(day, 9 + offset % 6),
                    duration_minutes=30,
                    agenda=rng.choice(AGENDAS),
                    call_reference="Discovery call, " + rep.get_short_name()
                    if kind == CoachingSession.Kind.CALL_REVIEW
                    else "",
                    notes=""
                    if cancelled
                    else rng.choice(
                        CALL_NOTES if kind == CoachingSession.Kind.CALL_REVIEW else NOTES
                    ),
                    status=CoachingSession.Status.CANCELLED
                    if cancelled
                    else CoachingSession.Status.DONE,
                )
                sessions += 1
                if not cancelled:
                    for title in rng.sample(ACTIONS, rng.choice((1, 1, 2))):
                        due = day + timedelta(days=14)
                        item = action_item_create(
                            session=session, title=title, due_on=due, created_by=manager
                        )
                        items += 1
                        # Items past due were done, but for some of the last fortnight's.
                        if due < today and (rng.random() < 0.7 or due < today - RECENT):
                            action_item_complete(item=item, done=True, on=due - timedelta(days=2))
                        elif plan is not None and rng.random() < 0.5:
                            action_item_to_milestone(item=item, created_by=manager)
                            milestones += 1
                day += timedelta(days=rng.choice((14, 14, 21)))
            coaching_session_create(
                rep=rep,
                coach=manager,
                created_by=manager,
                scheduled_at=_at(today + timedelta(days=2 + offset), 10),
                duration_minutes=30,
                agenda=rng.choice(AGENDAS),
            )
            sessions += 1
    return sessions, items, milestones


CROSS_TEAM_NOTES = (
    (
        "A second pair of ears on the discovery call: the pain was named but never quantified. "
        "Agreed to ask for the cost of doing nothing next time."
    ),
    (
        "Walked through how our team runs the close plan; the rep will try it on the two "
        "largest deals."
    ),
    "Reviewed the proposal before it went out: one page shorter, the buyer's words first.",
)


def _cross_team(organisation: Organisation, rng: random.Random, today: date) -> int:
    """Help beyond one's role: every six weeks each demo manager reviews a call for a rep of the
    next team (not their own reports), and the first rep of each team does the same for a rep of
    the team before, so the Helping board has people to thank besides managers coaching their own
    teams (which is their job, and not counted there)."""
    teams = _teams(organisation)
    held = 0
    for index, (manager, reps) in enumerate(teams):
        _, next_reps = teams[(index + 1) % len(teams)]
        _, previous_reps = teams[index - 1]
        helpers = [(manager, next_reps[-1])]
        if len(reps) > 1 and previous_reps and previous_reps[-1] != reps[0]:
            helpers.append((reps[0], previous_reps[-1]))
        for turn, (coach, rep) in enumerate(helpers):
            if coach.pk in (rep.pk, rep.manager_id):
                continue
            day = today - timedelta(days=7 * 4 * MONTHS - 5 * index - 9 * turn)
            while day < today - timedelta(days=3):
                coaching_session_create(
                    rep=rep,
                    coach=coach,
                    created_by=coach,
                    kind=CoachingSession.Kind.CALL_REVIEW,
                    scheduled_at=_at(day, 15),
                    duration_minutes=30,
                    agenda="Call review with a colleague from another team",
                    call_reference="Discovery call, " + rep.get_short_name(),
                    notes=rng.choice(CROSS_TEAM_NOTES),
                    status=CoachingSession.Status.DONE,
                )
                held += 1
                day += timedelta(days=42)
    return held


def _scenarios(organisation: Organisation) -> list[RolePlayScenario]:
    admin = Person.objects.filter(organisation=organisation, email=ADMIN_EMAIL).first()
    practices = Practice.objects.filter(
        organisation=organisation, status=Practice.Status.APPROVED
    ).order_by("title")[:4]
    if admin is None:
        return []
    scenarios = []
    for practice in practices:
        existing = RolePlayScenario.objects.filter(
            organisation=organisation, practice=practice
        ).first()
        scenario = existing or scenario_draft_from_practice(practice=practice, created_by=admin)
        if scenario.status != RolePlayScenario.Status.PUBLISHED:
            scenario_status_set(scenario=scenario, status=RolePlayScenario.Status.PUBLISHED)
        scenarios.append(scenario)
    return scenarios


def _score(
    roleplay: RolePlaySession, level: float, rng: random.Random, bias: dict[int, float]
) -> None:
    items = list(roleplay.scenario.rubric_items.all())
    for rating in roleplay.ratings.select_related("rater"):
        lean = bias.get(rating.rater_id, 0.0)
        scores = {
            item.pk: max(1, min(5, round(level + lean + rng.choice((-0.6, 0, 0, 0.6)))))
            for item in items
        }
        roleplay_score_submit(
            roleplay=roleplay,
            rater=rating.rater,
            scores=scores,
            feedback=ROLEPLAY_FEEDBACK[min(roleplay.attempt, 3)]
            if rating.kind == RolePlayRating.Kind.COACH
            else "Good energy; watch the pace.",
        )
    # Back-date the submissions to the day after the role play, as they happened.
    roleplay.ratings.update(submitted_at=roleplay.held_at + timedelta(days=1))


def _roleplays(
    organisation: Organisation, scenarios: list[RolePlayScenario], rng: random.Random, today: date
) -> int:
    count = 0
    for index, (manager, reps) in enumerate(_teams(organisation)):
        if len(reps) < 2:
            continue
        scenario = scenarios[index % len(scenarios)]
        rep, peers = reps[0], reps[1:3]
        previous = None
        for attempt, level in enumerate((2.0, 3.0, 3.9 + index % 2 * 0.3), start=1):
            held = _at(today - timedelta(days=100 - 30 * attempt + index), 14)
            session = coaching_session_create(
                rep=rep,
                coach=manager,
                created_by=manager,
                kind=CoachingSession.Kind.ROLE_PLAY,
                scheduled_at=held,
                duration_minutes=45,
                agenda=f"Role play: {scenario.title}",
                status=CoachingSession.Status.DONE,
            )
            roleplay = roleplay_create(
                scenario=scenario,
                rep=rep,
                coach=manager,
                partner=peers[0],
                created_by=manager,
                held_at=held,
                peer_raters=peers,
                coaching_session=session,
                previous=previous,
            )
            _score(roleplay, level, rng, {})
            previous = roleplay
            count += 1
        if index == 0:
            # One role play where the coach and a peer see it very differently.
            other, peer = reps[1], reps[2] if len(reps) >= 3 else reps[0]
            held = _at(today - timedelta(days=12), 15)
            roleplay = roleplay_create(
                scenario=scenarios[-1],
                rep=other,
                coach=manager,
                partner=peer,
                created_by=manager,
                held_at=held,
            )
            _score(roleplay, 3.0, rng, {manager.pk: -1.2, peer.pk: 1.3})
            count += 1
    return count


def _scenarios_dated(scenarios: list[RolePlayScenario]) -> None:
    """Each scenario written two weeks before its first role play (the history is recorded today,
    but a role play cannot be held on a scenario that did not exist yet)."""
    for scenario in scenarios:
        first = RolePlaySession.objects.filter(scenario=scenario).order_by("held_at").first()
        if first is not None:
            written = first.held_at - timedelta(days=14)
            RolePlayScenario.objects.filter(pk=scenario.pk).update(
                created_at=written, updated_at=written
            )


@transaction.atomic
def seed(state: DemoState) -> None:
    organisation = state.organisation
    if organisation is None:
        raise RuntimeError("the import step must run first")
    if CoachingSession.objects.filter(organisation=organisation).exists():
        state.notes.append("coaching: history already there; nothing added")
        return
    rng = random.Random(state.seed * 7919 + 6)
    today = timezone.localdate()
    sessions, items, milestones = _sessions(organisation, rng, today)
    if len(_teams(organisation)) > 1:
        sessions += _cross_team(organisation, rng, today)
    scenarios = _scenarios(organisation)
    if not scenarios:
        state.notes.append(
            f"coaching: {sessions} sessions, {items} action items ({milestones} on plans); "
            "no approved practice yet, so no role-play scenarios"
        )
        return
    try:
        roleplays = _roleplays(organisation, scenarios, rng, today)
    except CoachingError as error:  # a demo without enough people for role plays
        state.notes.append(f"coaching: role plays skipped ({error})")
        roleplays = 0
    _scenarios_dated(scenarios)
    sessions = CoachingSession.objects.filter(organisation=organisation).count()
    state.notes.append(
        f"coaching: {sessions} sessions, {items} action items ({milestones} on plans), "
        f"{len(scenarios)} role-play scenarios, {roleplays} scored role plays"
    )


DEMO_STEPS: list[DemoStep] = [("Coaching sessions and role plays", seed)]
