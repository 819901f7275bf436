"""Writes for the pulse: the survey with its default questions, rounds, answers, and the
enablement admin's edits of the questions and the cadence."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from uplift.core.refusals import NotAllowed
from uplift.orgs.models import Organisation, Person
from uplift.pulse.access import can_answer_pulse, can_edit_pulse
from uplift.pulse.errors import PulseConflict, PulseError
from uplift.pulse.grouping import AGREEMENT, RECOMMEND
from uplift.pulse.models import (
    MAX_ACTIVE_QUESTIONS,
    PulseParticipation,
    PulseQuestion,
    PulseRound,
    PulseRoundQuestion,
    PulseSurvey,
    PulseTally,
    PulseTeamAnswers,
)

Kind = PulseQuestion.Kind
MAX_TEXT = 300
RECOMMEND_TEXT = "How likely are you to recommend working here to a friend?"
# Collaboration, feeling supported, willingness to share, and the eNPS question.
DEFAULT_QUESTIONS: tuple[tuple[str, str], ...] = (
    (Kind.AGREEMENT, "In my team we share what works and help each other win."),
    (Kind.AGREEMENT, "I get the support I need to get better at what I do."),
    (Kind.AGREEMENT, "I am glad to share what works for me with colleagues."),
    (Kind.RECOMMEND, RECOMMEND_TEXT),
)
SCALES: dict[str, range] = {Kind.AGREEMENT: AGREEMENT, Kind.RECOMMEND: RECOMMEND}


# --- The survey and its rounds ------------------------------------------------------------------


def pulse_survey_of(*, organisation: Organisation) -> PulseSurvey:
    """The organisation's pulse, created with the default questions the first time."""
    survey = PulseSurvey.objects.filter(organisation=organisation).first()
    if survey is not None:
        return survey
    try:
        with transaction.atomic():
            survey = PulseSurvey.objects.create(organisation=organisation)
            PulseQuestion.objects.bulk_create(
                PulseQuestion(organisation=organisation, kind=kind, text=text, position=position)
                for position, (kind, text) in enumerate(DEFAULT_QUESTIONS)
            )
    except IntegrityError:  # someone else opened the pulse first
        return PulseSurvey.objects.get(organisation=organisation)
    return survey


def period_of(day: date, cadence_months: int) -> tuple[date, date]:
    """The calendar period of the cadence that holds `day`: its month, its pair of months
    (January-February, ...) or its quarter, first and last day."""
    start = (day.year * 12 + day.month - 1) // cadence_months * cadence_months
    end = start + cadence_months
    return (
        date(start // 12, start % 12 + 1, 1),
        date(end // 12, end % 12 + 1, 1) - timedelta(days=1),
    )


def pulse_round_on(*, organisation: Organisation, day: date) -> PulseRound:
    """The round open on `day`, opened (with the active questions) when there is none yet. A
    new round spans the cadence's period, starting no earlier than the day after the last one
    closed (so a change of cadence never makes two rounds overlap)."""
    rounds = PulseRound.objects.filter(organisation=organisation)
    found = rounds.filter(opens_on__lte=day, closes_on__gte=day).first()
    if found is not None:
        return found
    survey = pulse_survey_of(organisation=organisation)
    opens_on, closes_on = period_of(day, survey.cadence_months)
    last = rounds.filter(closes_on__lt=day).order_by("-closes_on").first()
    if last is not None and last.closes_on >= opens_on:
        opens_on = last.closes_on + timedelta(days=1)
    following = rounds.filter(opens_on__gt=day).order_by("opens_on").first()
    if following is not None and following.opens_on <= closes_on:
        closes_on = following.opens_on - timedelta(days=1)
    try:
        with transaction.atomic():
            created = PulseRound.objects.create(
                organisation=organisation, opens_on=opens_on, closes_on=closes_on
            )
            _ask_active_questions(created)
    except IntegrityError:  # opened by someone else at the same moment
        return rounds.get(opens_on=opens_on)
    return created


def pulse_round_current(*, organisation: Organisation, today: date | None = None) -> PulseRound:
    return pulse_round_on(organisation=organisation, day=today or timezone.localdate())


def _ask_active_questions(round_: PulseRound) -> None:
    round_.questions.all().delete()
    PulseRoundQuestion.objects.bulk_create(
        PulseRoundQuestion(
            round=round_,
            question=question,
            position=position,
            kind=question.kind,
            text=question.text,
        )
        for position, question in enumerate(
            PulseQuestion.objects.filter(
                organisation_id=round_.organisation_id, retired_on__isnull=True
            ).order_by("position", "id")
        )
    )


def _follow_edits(organisation: Organisation) -> None:
    """The open round asks the edited questions while nobody has answered it yet; once someone
    has, the edits wait for the next round (everyone in a round answers the same questions)."""
    today = timezone.localdate()
    current = (
        PulseRound.objects.select_for_update()  # answers wait, and are not counted half-edited
        .filter(organisation=organisation, opens_on__lte=today, closes_on__gte=today)
        .first()
    )
    if current is not None and not current.participations.exists():
        _ask_active_questions(current)


# --- Answers ------------------------------------------------------------------------------------


def _check_answers(
    questions: list[PulseRoundQuestion], answers: Mapping[int, int]
) -> dict[int, int]:
    """The answers by round question, each question answered once on its scale."""
    by_question = {q.question_id: q for q in questions}
    unknown = set(answers) - set(by_question)
    if unknown:
        raise PulseError(
            "Some answers are to questions this round does not ask; reload the page and answer "
            "the questions it shows.",
            field="answers",
        )
    checked: dict[int, int] = {}
    for question_id, question in by_question.items():
        value = answers.get(question_id)
        scale = SCALES[question.kind]
        if value is None:
            raise PulseError(
                f"Answer every question: “{question.text}” has no answer.",
                field=f"q{question_id}",
            )
        if value not in scale:
            raise PulseError(
                f"“{question.text}” is answered from {scale.start} to {scale.stop - 1}.",
                field=f"q{question_id}",
            )
        checked[question.pk] = value
    return checked


def pulse_answer(
    *,
    person: Person,
    round_: PulseRound,
    answers: Mapping[int, int],
    today: date | None = None,
) -> None:
    """Record a person's answers to an open round (by question id), once. What is stored is
    that they answered, and one more person in their team's count of each value they gave:
    nothing that links the answers to them, to each other, or to a time within the round."""
    today = today or timezone.localdate()
    if not can_answer_pulse(person) or person.organisation_id != round_.organisation_id:
        raise NotAllowed("Only the organisation's active members answer its pulse.")
    if not round_.opens_on <= today <= round_.closes_on:
        raise PulseConflict(
            f"This round ran from {round_.opens_on:%-d %B} to {round_.closes_on:%-d %B %Y}; "
            "answer the round that is open now.",
            code="round_closed",
        )
    team_id = person.team_id
    with transaction.atomic():
        # One answer at a time per round: the counts below are read, created and added to.
        PulseRound.objects.select_for_update().filter(pk=round_.pk).first()
        questions = list(round_.questions.all())
        if not questions:
            raise PulseError("This round asks no questions; there is nothing to answer.")
        values = _check_answers(questions, answers)
        if PulseParticipation.objects.filter(round=round_, person=person).exists():
            raise PulseConflict("You have answered this round already.", code="answered")
        try:
            with transaction.atomic():
                PulseParticipation.objects.create(round=round_, person=person)
        except IntegrityError as error:
            raise PulseConflict("You have answered this round already.", code="answered") from error
        team = _of_team(team_id)
        team_answers = PulseTeamAnswers.objects.filter(team, round=round_)
        if not team_answers.exists():
            _open_team_counts(round_, team_id, questions)
        team_answers.update(answers=F("answers") + 1)
        for question_pk, value in values.items():
            PulseTally.objects.filter(team, question_id=question_pk, value=value).update(
                count=F("count") + 1
            )


def _of_team(team_id: int | None) -> Q:
    return Q(team_id=team_id) if team_id is not None else Q(team_id__isnull=True)


def _open_team_counts(
    round_: PulseRound, team_id: int | None, questions: list[PulseRoundQuestion]
) -> None:
    """Every count of the round for a team, at zero, in the order of the questions and their
    values, before the team's first answer is added: the rows say nothing of who came first."""
    PulseTeamAnswers.objects.create(round=round_, team_id=team_id, answers=0)
    PulseTally.objects.bulk_create(
        PulseTally(question=question, team_id=team_id, value=value, count=0)
        for question in questions
        for value in SCALES[question.kind]
    )


# --- The admin's edits --------------------------------------------------------------------------


def _check_editor(actor: Person, organisation_id: int | None) -> Organisation:
    if not can_edit_pulse(actor) or actor.organisation_id != organisation_id:
        raise NotAllowed("Only enablement admins edit the pulse.")
    organisation = actor.organisation
    if organisation is None:  # pragma: no cover - can_edit_pulse needs an organisation
        raise NotAllowed("Only enablement admins edit the pulse.")
    return organisation


def _clean_text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise PulseError("Write the question.", field="text")
    if len(text) > MAX_TEXT:
        raise PulseError(f"A question has at most {MAX_TEXT} characters.", field="text")
    return text


def _active(organisation: Organisation) -> list[PulseQuestion]:
    return list(
        PulseQuestion.objects.filter(organisation=organisation, retired_on__isnull=True).order_by(
            "position", "id"
        )
    )


def _renumber(questions: list[PulseQuestion]) -> None:
    for position, question in enumerate(questions):
        if question.position != position:
            question.position = position
            question.save(update_fields=["position"])


@transaction.atomic
def pulse_question_add(*, actor: Person, text: str, kind: str = Kind.AGREEMENT) -> PulseQuestion:
    """Add a question at the end. At most five are active, and at most one of them is the
    recommend (eNPS) question."""
    organisation = _check_editor(actor, actor.organisation_id)
    pulse_survey_of(organisation=organisation)
    if kind not in Kind.values:
        raise PulseError("A question is an agreement (1-5) or a recommend (0-10) question.")
    text = _clean_text(text)
    active = _active(organisation)
    if len(active) >= MAX_ACTIVE_QUESTIONS:
        raise PulseError(
            f"The pulse asks at most {MAX_ACTIVE_QUESTIONS} questions: retire one first.",
            code="too_many",
        )
    if kind == Kind.RECOMMEND and any(q.kind == Kind.RECOMMEND for q in active):
        raise PulseError(
            "The pulse already asks the recommend (eNPS) question; reword that one instead.",
            field="kind",
        )
    top = PulseQuestion.objects.filter(organisation=organisation).aggregate(top=Max("position"))
    question = PulseQuestion.objects.create(
        organisation=organisation, kind=kind, text=text, position=(top["top"] or 0) + 1
    )
    _renumber([*active, question])
    _follow_edits(organisation)
    return question


@transaction.atomic
def pulse_question_reword(*, actor: Person, question: PulseQuestion, text: str) -> None:
    """Reword a question. Its results stay one series: reword to say the same thing better;
    for a new meaning, retire it and add another."""
    organisation = _check_editor(actor, question.organisation_id)
    if not question.is_active:
        raise PulseError("This question is retired; add a new one instead.")
    question.text = _clean_text(text)
    question.save(update_fields=["text"])
    _follow_edits(organisation)


@transaction.atomic
def pulse_question_move(*, actor: Person, question: PulseQuestion, by: int) -> None:
    """Move an active question up (`by` < 0) or down the order in which it is asked."""
    organisation = _check_editor(actor, question.organisation_id)
    active = _active(organisation)
    index = next((i for i, q in enumerate(active) if q.pk == question.pk), None)
    if index is None:
        raise PulseError("This question is retired; it has no place in the order.")
    target = max(0, min(len(active) - 1, index + by))
    active.insert(target, active.pop(index))
    _renumber(active)
    _follow_edits(organisation)


@transaction.atomic
def pulse_question_retire(
    *, actor: Person, question: PulseQuestion, today: date | None = None
) -> None:
    """Stop asking a question from the next round on (its past results stay). The pulse keeps
    at least one question."""
    organisation = _check_editor(actor, question.organisation_id)
    if not question.is_active:
        return
    active = _active(organisation)
    if len(active) <= 1:
        raise PulseError("The pulse asks at least one question: add another before retiring it.")
    question.retired_on = today or timezone.localdate()
    question.save(update_fields=["retired_on"])
    _renumber([q for q in active if q.pk != question.pk])
    _follow_edits(organisation)


@transaction.atomic
def pulse_cadence_set(*, actor: Person, cadence_months: int) -> PulseSurvey:
    """How often a round opens: every month, two months or quarter. The round open now keeps
    its dates; the next one follows the new cadence."""
    organisation = _check_editor(actor, actor.organisation_id)
    if cadence_months not in PulseSurvey.Cadence.values:
        raise PulseError(
            "A round opens every month, every two months or every quarter.",
            field="cadence_months",
        )
    survey = pulse_survey_of(organisation=organisation)
    survey.cadence_months = cadence_months
    survey.save(update_fields=["cadence_months"])
    return survey
