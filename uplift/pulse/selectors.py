"""Reads for the pulse: what a person has to answer, and the results of closed rounds in groups
of at least five people (`uplift.pulse.grouping`).

Results are read only for rounds that have closed: while a round is open its counts change with
each answer, and a reader who watched them change before and after a colleague answered would
learn that colleague's answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Sum
from django.utils import timezone

from uplift.orgs.models import Organisation, Person, Team
from uplift.pulse.grouping import (
    MIN_ANSWERS,
    Group,
    Tally,
    TeamKey,
    agreement_mean,
    enps,
    report_groups,
    total,
)
from uplift.pulse.models import (
    PulseParticipation,
    PulseQuestion,
    PulseRound,
    PulseRoundQuestion,
    PulseSurvey,
    PulseTally,
    PulseTeamAnswers,
    period_label,
)
from uplift.pulse.services import DEFAULT_QUESTIONS, period_of

Kind = PulseQuestion.Kind
NO_TEAM = "people in no team"


def month_of(day: date) -> date:
    return day.replace(day=1)


# --- What a person has to answer ----------------------------------------------------------------


@dataclass(frozen=True)
class PulseRoundOpen:
    """The round open today, for one person: whether they answered it, and how long it is."""

    opens_on: date
    closes_on: date
    questions: int
    answered: bool

    @property
    def label(self) -> str:
        return period_label(self.opens_on, self.closes_on)

    @property
    def next_opens_on(self) -> date:
        return self.closes_on + timedelta(days=1)


def round_open_on(*, organisation: Organisation, day: date) -> PulseRound | None:
    return PulseRound.objects.filter(
        organisation=organisation, opens_on__lte=day, closes_on__gte=day
    ).first()


def pulse_round_open(*, person: Person, today: date | None = None) -> PulseRoundOpen | None:
    """What the home page's to-do says about the pulse (it writes nothing: the round itself is
    opened by the first person who goes to answer it)."""
    organisation = person.organisation
    if organisation is None or not person.is_active:
        return None
    today = today or timezone.localdate()
    current = round_open_on(organisation=organisation, day=today)
    if current is not None:
        return PulseRoundOpen(
            opens_on=current.opens_on,
            closes_on=current.closes_on,
            questions=current.questions.count(),
            answered=PulseParticipation.objects.filter(round=current, person=person).exists(),
        )
    survey = PulseSurvey.objects.filter(organisation=organisation).first()
    opens_on, closes_on = period_of(today, survey.cadence_months if survey else 1)
    questions = (
        PulseQuestion.objects.filter(organisation=organisation, retired_on__isnull=True).count()
        if survey
        else len(DEFAULT_QUESTIONS)
    )
    return PulseRoundOpen(
        opens_on=opens_on, closes_on=closes_on, questions=questions, answered=False
    )


def has_answered(*, person: Person, round_: PulseRound) -> bool:
    return PulseParticipation.objects.filter(round=round_, person=person).exists()


def round_questions(*, round_: PulseRound) -> list[PulseRoundQuestion]:
    return list(round_.questions.all())


def participation_of(*, round_: PulseRound) -> int:
    """How many people have answered the round (never who)."""
    return PulseParticipation.objects.filter(round=round_).count()


def members_count(*, organisation: Organisation) -> int:
    """Everyone who may answer: the organisation's active members."""
    return Person.objects.filter(organisation=organisation, is_active=True).count()


def answers_of_teams(*, round_: PulseRound, team_ids: Iterable[int]) -> int:
    """How many people of these teams have answered the round (never who)."""
    found = PulseTeamAnswers.objects.filter(round=round_, team_id__in=list(team_ids)).aggregate(
        n=Sum("answers")
    )
    return int(found["n"] or 0)


# --- Results of closed rounds -------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionScore:
    """One question's result in a group: the mean (1-5) of an agreement question, the eNPS
    (points) of the recommend question."""

    question_id: int
    text: str
    kind: str
    mean: float | None
    enps: float | None


@dataclass(frozen=True)
class GroupResult:
    """A group's results in a round. `team_id` None: the organisation. `holds` names the teams
    whose answers the group holds besides its own team's (they had fewer than five)."""

    team_id: int | None
    name: str
    holds: tuple[str, ...]
    teams: frozenset[TeamKey]
    answers: int
    engagement: float | None
    enps: float | None
    questions: tuple[QuestionScore, ...]


@dataclass(frozen=True)
class RoundResults:
    round: PulseRound
    questions: tuple[PulseRoundQuestion, ...]
    answers: int  # everyone who answered
    groups: tuple[GroupResult, ...]  # disjoint, at least five answers each
    everyone: GroupResult | None  # all answers together, when at least five

    @property
    def month(self) -> date:
        return month_of(self.round.opens_on)


def closed_rounds(*, organisation: Organisation, today: date | None = None) -> list[PulseRound]:
    """The rounds that have closed, newest first."""
    today = today or timezone.localdate()
    return list(
        PulseRound.objects.filter(organisation=organisation, closes_on__lt=today).order_by(
            "-opens_on"
        )
    )


def _tallies(rounds: list[PulseRound]) -> dict[int, dict[TeamKey, Tally]]:
    """Each round's counts by team, in two queries."""
    answers: dict[int, dict[TeamKey, int]] = defaultdict(lambda: defaultdict(int))
    for round_id, team_id, n in (
        PulseTeamAnswers.objects.filter(round__in=rounds)
        .values_list("round_id", "team_id")
        .annotate(n=Sum("answers"))
        .values_list("round_id", "team_id", "n")
    ):
        answers[round_id][team_id] += int(n or 0)
    counts: dict[int, dict[TeamKey, dict[tuple[int, int], int]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for round_id, team_id, question_id, value, n in (
        PulseTally.objects.filter(question__round__in=rounds)
        .values_list("question__round_id", "team_id", "question__question_id", "value")
        .annotate(n=Sum("count"))
        .values_list("question__round_id", "team_id", "question__question_id", "value", "n")
    ):
        team_counts = counts[round_id][team_id]
        team_counts[(question_id, value)] = team_counts.get((question_id, value), 0) + int(n or 0)
    return {
        round_.pk: {
            team: Tally(n, dict(counts[round_.pk][team]))
            for team, n in answers[round_.pk].items()
            if n
        }
        for round_ in rounds
    }


def _result(
    group: Group,
    *,
    name: str,
    holds: tuple[str, ...],
    questions: tuple[PulseRoundQuestion, ...],
) -> GroupResult:
    agreement = [q.question_id for q in questions if q.kind == Kind.AGREEMENT]
    recommend = next((q.question_id for q in questions if q.kind == Kind.RECOMMEND), None)
    return GroupResult(
        team_id=group.team_id,
        name=name,
        holds=holds,
        teams=group.teams,
        answers=group.answers,
        engagement=agreement_mean(group.tally, agreement),
        enps=enps(group.tally, recommend),
        questions=tuple(
            QuestionScore(
                question_id=q.question_id,
                text=q.text,
                kind=q.kind,
                mean=agreement_mean(group.tally, [q.question_id])
                if q.kind == Kind.AGREEMENT
                else None,
                enps=enps(group.tally, q.question_id) if q.kind == Kind.RECOMMEND else None,
            )
            for q in questions
        ),
    )


def rounds_results(*, rounds: list[PulseRound]) -> list[RoundResults]:
    """The results of these rounds (closed ones: see the module's docstring), in their order."""
    if not rounds:
        return []
    organisation = rounds[0].organisation
    teams = {team.pk: team for team in Team.objects.filter(organisation=organisation)}
    parents = {team_id: team.parent_id for team_id, team in teams.items()}
    tallies = _tallies(rounds)
    questions: dict[int, list[PulseRoundQuestion]] = defaultdict(list)
    for question in PulseRoundQuestion.objects.filter(round__in=rounds).order_by("position", "id"):
        questions[question.round_id].append(question)

    def name_of(team: TeamKey) -> str:
        return teams[team].name if team is not None and team in teams else organisation.name

    found = []
    for round_ in rounds:
        asked = tuple(questions[round_.pk])
        by_team = tallies[round_.pk]
        groups = report_groups(parents=parents, tallies=by_team)
        results = tuple(
            _result(
                group,
                name=name_of(group.team_id),
                holds=tuple(
                    sorted(
                        NO_TEAM if t is None else name_of(t) for t in group.teams - {group.team_id}
                    )
                ),
                questions=asked,
            )
            for group in groups
        )
        everyone = total(by_team.values())
        found.append(
            RoundResults(
                round=round_,
                questions=asked,
                answers=everyone.answers,
                groups=results,
                everyone=_result(
                    Group(None, frozenset(by_team), everyone),
                    name=f"Everyone in {organisation.name}",
                    holds=(),
                    questions=asked,
                )
                if everyone.answers >= MIN_ANSWERS
                else None,
            )
        )
    return found


def results_since(
    *, organisation: Organisation, since: date, today: date | None = None
) -> list[RoundResults]:
    """The results of the rounds closed before today that opened in `since`'s month or later,
    oldest first."""
    rounds = [
        r
        for r in closed_rounds(organisation=organisation, today=today)
        if r.opens_on >= month_of(since)
    ]
    return rounds_results(rounds=sorted(rounds, key=lambda r: r.opens_on))


# --- The admin's page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundParticipation:
    round: PulseRound
    answers: int  # how many people answered (never who)
    questions: int


def rounds_participation(
    *, organisation: Organisation, limit: int = 12
) -> list[RoundParticipation]:
    """The latest rounds, newest first, with how many people answered each."""
    rounds = (
        PulseRound.objects.filter(organisation=organisation)
        .annotate(answers=Count("participations", distinct=True))
        .annotate(asked=Count("questions", distinct=True))
        .order_by("-opens_on")[:limit]
    )
    return [RoundParticipation(r, r.answers, r.asked) for r in rounds]
