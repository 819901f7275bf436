"""Writing the pulse: default questions, rounds on the cadence, anonymous answers once a round,
and the enablement admin's edits."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tests.conftest import World
from tests.pulse.builders import answer_all
from uplift.core.refusals import NotAllowed
from uplift.pulse.errors import PulseConflict, PulseError
from uplift.pulse.models import (
    PulseParticipation,
    PulseQuestion,
    PulseRound,
    PulseSurvey,
    PulseTally,
    PulseTeamAnswers,
)
from uplift.pulse.services import (
    RECOMMEND_TEXT,
    period_of,
    pulse_answer,
    pulse_cadence_set,
    pulse_question_add,
    pulse_question_move,
    pulse_question_retire,
    pulse_question_reword,
    pulse_round_on,
    pulse_survey_of,
)

DAY = date(2026, 11, 12)


def _questions(world: World) -> list[PulseQuestion]:
    return list(
        PulseQuestion.objects.filter(organisation=world.org, retired_on__isnull=True).order_by(
            "position"
        )
    )


def test_the_first_use_creates_the_default_questions_once(world: World) -> None:
    survey = pulse_survey_of(organisation=world.org)
    assert pulse_survey_of(organisation=world.org) == survey
    assert survey.cadence_months == PulseSurvey.Cadence.MONTHLY
    questions = _questions(world)
    assert [q.kind for q in questions] == ["agreement", "agreement", "agreement", "recommend"]
    assert questions[-1].text == RECOMMEND_TEXT
    assert PulseQuestion.objects.filter(organisation=world.other_org).count() == 0


@pytest.mark.parametrize(
    ("cadence", "day", "period"),
    [
        (1, date(2026, 2, 14), (date(2026, 2, 1), date(2026, 2, 28))),
        (2, date(2026, 4, 30), (date(2026, 3, 1), date(2026, 4, 30))),
        (3, date(2026, 12, 31), (date(2026, 10, 1), date(2026, 12, 31))),
        (3, date(2027, 1, 1), (date(2027, 1, 1), date(2027, 3, 31))),
    ],
)
def test_rounds_follow_the_calendar(cadence: int, day: date, period: tuple[date, date]) -> None:
    assert period_of(day, cadence) == period


def test_a_round_opens_once_with_the_active_questions(world: World) -> None:
    round_ = pulse_round_on(organisation=world.org, day=DAY)
    assert (round_.opens_on, round_.closes_on) == (date(2026, 11, 1), date(2026, 11, 30))
    assert pulse_round_on(organisation=world.org, day=date(2026, 11, 30)) == round_
    assert [q.text for q in round_.questions.all()] == [q.text for q in _questions(world)]


def test_a_change_of_cadence_never_makes_rounds_overlap(world: World) -> None:
    november = pulse_round_on(organisation=world.org, day=DAY)
    pulse_cadence_set(actor=world.ada, cadence_months=3)
    december = pulse_round_on(organisation=world.org, day=date(2026, 12, 5))
    assert (december.opens_on, december.closes_on) == (date(2026, 12, 1), date(2026, 12, 31))
    assert november.closes_on < december.opens_on
    next_quarter = pulse_round_on(organisation=world.org, day=date(2027, 2, 1))
    assert (next_quarter.opens_on, next_quarter.closes_on) == (date(2027, 1, 1), date(2027, 3, 31))


def test_an_answer_keeps_no_link_to_the_person(world: World) -> None:
    round_ = pulse_round_on(organisation=world.org, day=DAY)
    answer_all(round_, [world.ann], values=2, recommend=3, on=DAY)
    assert list(PulseParticipation.objects.values_list("round_id", "person_id")) == [
        (round_.pk, world.ann.pk)
    ]
    team = PulseTeamAnswers.objects.get(round=round_)
    assert (team.team_id, team.answers) == (world.alpha.pk, 1)
    given = PulseTally.objects.filter(count__gt=0).values_list("value", flat=True)
    assert sorted(given) == [2, 2, 2, 3]
    # Every count of the round was created at zero for the team before the answer was added,
    # in the order of the questions and values: 3 x 5 agreement values and 11 recommend values.
    assert PulseTally.objects.filter(team=world.alpha).count() == 3 * 5 + 11
    values = list(PulseTally.objects.order_by("pk").values_list("value", flat=True))
    assert values == [*range(1, 6), *range(1, 6), *range(1, 6), *range(11)]


def test_a_person_answers_a_round_once(world: World) -> None:
    round_ = pulse_round_on(organisation=world.org, day=DAY)
    answer_all(round_, [world.ann], on=DAY)
    with pytest.raises(PulseConflict, match="answered this round already"):
        answer_all(round_, [world.ann], on=DAY)
    assert PulseTeamAnswers.objects.get(round=round_).answers == 1


def test_answers_outside_the_round_are_refused(world: World) -> None:
    round_ = pulse_round_on(organisation=world.org, day=DAY)
    with pytest.raises(PulseConflict, match="answer the round that is open now"):
        answer_all(round_, [world.ann], on=date(2026, 12, 1))
    with pytest.raises(NotAllowed):
        answer_all(round_, [world.otto], on=DAY)
    assert not PulseParticipation.objects.exists()


@pytest.mark.parametrize("wrong", ["missing", "out of scale", "unknown"])
def test_every_question_is_answered_on_its_scale(world: World, wrong: str) -> None:
    round_ = pulse_round_on(organisation=world.org, day=DAY)
    answers = {q.question_id: 3 for q in round_.questions.all()}
    first = next(iter(answers))
    if wrong == "missing":
        del answers[first]
    elif wrong == "out of scale":
        answers[first] = 6
    else:
        answers[999999] = 3
    with pytest.raises(PulseError):
        pulse_answer(person=world.ann, round_=round_, answers=answers, today=DAY)
    assert not PulseParticipation.objects.exists()
    assert not PulseTally.objects.exists()


def test_the_admin_adds_rewords_moves_and_retires_questions(world: World) -> None:
    pulse_survey_of(organisation=world.org)
    added = pulse_question_add(actor=world.ada, text="  I know who to ask  when stuck. ")
    assert added.text == "I know who to ask when stuck."
    assert [q.pk for q in _questions(world)][-1] == added.pk
    with pytest.raises(PulseError, match="at most 5"):
        pulse_question_add(actor=world.ada, text="A sixth question")
    pulse_question_move(actor=world.ada, question=added, by=-10)
    assert _questions(world)[0].pk == added.pk
    pulse_question_reword(actor=world.ada, question=added, text="I know whom to ask.")
    added.refresh_from_db()
    assert added.text == "I know whom to ask."
    pulse_question_retire(actor=world.ada, question=added, today=DAY)
    assert added.pk not in [q.pk for q in _questions(world)]
    assert [q.position for q in _questions(world)] == [0, 1, 2, 3]


def test_one_recommend_question_and_at_least_one_question(world: World) -> None:
    pulse_survey_of(organisation=world.org)
    with pytest.raises(PulseError, match="already asks the recommend"):
        pulse_question_add(actor=world.ada, text="Would you recommend us?", kind="recommend")
    questions = _questions(world)
    for question in questions[:-1]:
        pulse_question_retire(actor=world.ada, question=question)
    with pytest.raises(PulseError, match="at least one question"):
        pulse_question_retire(actor=world.ada, question=questions[-1])


def test_only_the_admin_edits(world: World) -> None:
    question = pulse_survey_of(organisation=world.org).organisation.pulse_questions.first()
    assert question is not None
    for person in (world.ann, world.mia, world.lou, world.olga):
        with pytest.raises(NotAllowed):
            pulse_question_reword(actor=person, question=question, text="Changed")
        with pytest.raises(NotAllowed):
            pulse_cadence_set(actor=person, cadence_months=3)


def test_edits_reach_the_open_round_only_while_nobody_answered(world: World) -> None:
    today = timezone.localdate()
    round_ = pulse_round_on(organisation=world.org, day=today)
    question = _questions(world)[0]
    pulse_question_reword(actor=world.ada, question=question, text="Reworded before answers")
    assert round_.questions.first().text == "Reworded before answers"  # type: ignore[union-attr]
    answer_all(round_, [world.ann], on=today)
    pulse_question_reword(actor=world.ada, question=question, text="Reworded after an answer")
    assert round_.questions.first().text == "Reworded before answers"  # type: ignore[union-attr]
    assert PulseRound.objects.count() == 1
