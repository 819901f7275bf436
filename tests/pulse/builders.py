"""Builders for pulse tests: people in a team, and a round they answered."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from django.utils import timezone

from tests.factories import PersonFactory, TeamFactory
from uplift.orgs.models import Organisation, Person, Role, Team
from uplift.pulse.models import PulseRound
from uplift.pulse.services import pulse_answer, pulse_round_on


def last_month() -> date:
    """A day of last month: its round has closed."""
    return timezone.localdate().replace(day=1) - timedelta(days=10)


def people(organisation: Organisation, team: Team | None, count: int, prefix: str) -> list[Person]:
    """`count` active reps of `team`."""
    return [
        PersonFactory(
            organisation=organisation,
            team=team,
            role=Role.REP,
            email=f"{prefix}{i}@{organisation.slug}.test",
            full_name=f"{prefix.title()} {i}",
        )
        for i in range(count)
    ]


def team_of(
    organisation: Organisation, name: str, size: int, parent: Team | None = None
) -> tuple[Team, list[Person]]:
    team = TeamFactory(organisation=organisation, name=name, parent=parent)
    return team, people(organisation, team, size, name.lower().replace(" ", ""))


def answer_all(
    round_: PulseRound,
    who: Sequence[Person],
    values: Sequence[int] | int = 4,
    recommend: int = 8,
    on: date | None = None,
) -> None:
    """Everyone in `who` answers every question of the round: agreement questions with `values`
    (one per person, or the same for all), the recommend question with `recommend`."""
    questions = list(round_.questions.all())
    for index, person in enumerate(who):
        value = values if isinstance(values, int) else values[index]
        answers = {
            q.question_id: (recommend if q.kind == "recommend" else value) for q in questions
        }
        pulse_answer(person=person, round_=round_, answers=answers, today=on or round_.opens_on)


def closed_round(organisation: Organisation, day: date | None = None) -> PulseRound:
    """Last month's round (closed today)."""
    return pulse_round_on(organisation=organisation, day=day or last_month())
