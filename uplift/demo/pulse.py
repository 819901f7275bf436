"""Demo history for the engagement pulse: twelve monthly rounds before this month, answered by
most of the organisation, and this month's round open with some answers in.

Each team has its own mood and turnout: most teams answer in numbers and feel a little better
each month as sharing takes hold; one team answers little, so that in most rounds it has fewer
than five answers and is counted with its region, as the pages explain. Each person leans a
little above or below their team, the same every month; support scores a little lower and the
willingness to share a little higher than collaboration. The demo logins leave this month's round
unanswered, so each of them can answer it.

Answers go through the service the pages use, dated inside their round. The step changes
nothing when the organisation already has rounds (so `uplift demo` can run twice).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from uplift.demo.steps import DemoState, DemoStep
from uplift.orgs.models import Organisation, Person
from uplift.pulse.models import PulseQuestion, PulseRound
from uplift.pulse.services import pulse_answer, pulse_round_on

ROUNDS = 12
QUESTION_LEAN = (0.0, -0.15, 0.2, 0.0)  # collaboration, support, sharing, (recommend)
MONTHLY_GAIN = 0.025  # the mood rises this much a month in the teams that take up sharing
TURNOUT_SO_FAR = 0.45  # of this month's round, a third of the way in


def _month_start(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _answers(round_: PulseRound, mood: float, rng: random.Random) -> dict[int, int]:
    answers = {}
    agreement = 0
    for question in round_.questions.all():
        if question.kind == PulseQuestion.Kind.RECOMMEND:
            answers[question.question_id] = _clip(2.3 * mood - 0.9 + rng.gauss(0, 1.2), 0, 10)
        else:
            lean = QUESTION_LEAN[min(agreement, len(QUESTION_LEAN) - 1)]
            answers[question.question_id] = _clip(mood + lean + rng.gauss(0, 0.6), 1, 5)
            agreement += 1
    return answers


def _history(
    organisation: Organisation, logins: set[str], rng: random.Random, today: date
) -> tuple[int, int]:
    people = list(
        Person.objects.filter(organisation=organisation, is_active=True).order_by("email")
    )
    team_ids = sorted({p.team_id for p in people if p.team_id is not None})
    # One team answers little (its results merge upward); the others answer in numbers.
    quiet = team_ids[len(team_ids) // 2] if team_ids else None
    mood = {team: rng.uniform(3.3, 4.0) for team in [None, *team_ids]}
    gain = {team: MONTHLY_GAIN * rng.choice((0.0, 1.0, 1.0, 1.6)) for team in mood}
    turnout = {team: 0.3 if team == quiet else rng.uniform(0.62, 0.9) for team in mood}
    lean = {person.pk: rng.gauss(0, 0.45) for person in people}
    answers = 0
    for back in range(ROUNDS, -1, -1):
        opens_on = _month_start(today, back)
        round_ = pulse_round_on(organisation=organisation, day=opens_on)
        current = back == 0
        for person in people:
            if current and person.email in logins:
                continue
            chance = turnout[person.team_id] * (TURNOUT_SO_FAR if current else 1.0)
            if rng.random() >= chance:
                continue
            months = ROUNDS - back
            feeling = mood[person.team_id] + lean[person.pk] + gain[person.team_id] * months
            day = min(opens_on + timedelta(days=rng.randrange(0, 20)), round_.closes_on)
            pulse_answer(
                person=person,
                round_=round_,
                answers=_answers(round_, feeling, rng),
                today=min(day, today) if current else day,
            )
            answers += 1
    return ROUNDS + 1, answers


@transaction.atomic
def seed(state: DemoState) -> None:
    organisation = state.organisation
    if organisation is None:
        raise RuntimeError("the import step must run first")
    if PulseRound.objects.filter(organisation=organisation).exists():
        state.notes.append("pulse: rounds already there; nothing added")
        return
    rng = random.Random(state.seed * 7919 + 16)
    logins = {login.email for login in state.logins}
    rounds, answers = _history(organisation, logins, rng, timezone.localdate())
    state.notes.append(
        f"pulse: {rounds} monthly rounds ({rounds - 1} closed), {answers} anonymous answers"
    )


DEMO_STEPS: list[DemoStep] = [("Engagement pulse rounds", seed)]
