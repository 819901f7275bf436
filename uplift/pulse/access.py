"""Who may answer the pulse, read its results and edit it, on top of the one access layer
(`uplift.orgs.access`).

- Everyone active in an organisation answers its pulse, once a round.
- Nobody reads one person's answers: they are not stored (`uplift.pulse.models`). Managers and
  leaders read the results of the groups that hold answers of the teams they may open
  (`team_ids_visible`), in groups of at least five people, after a round closes; a leader who
  sits in no team reads every group. Reps and enablement admins read no team's results.
- Enablement admins edit the questions and the cadence.

Records out of reach answer 404, so their existence does not leak.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from django.db.models import QuerySet
from django.http import Http404

from uplift.orgs.access import team_ids_visible
from uplift.orgs.models import Person, Role
from uplift.pulse.grouping import TeamKey
from uplift.pulse.models import PulseQuestion, PulseRound


class _OfTeams(Protocol):
    @property
    def teams(self) -> frozenset[TeamKey]: ...


G = TypeVar("G", bound=_OfTeams)


def organisation_id(person: Person) -> int:
    """The person's organisation; people without one reach no pulse record."""
    if person.organisation_id is None:
        raise Http404("You are not a member of an organisation.")
    return person.organisation_id


def can_answer_pulse(viewer: Person) -> bool:
    return viewer.is_active and viewer.organisation_id is not None


def can_edit_pulse(viewer: Person) -> bool:
    return viewer.role == Role.ADMIN and viewer.organisation_id is not None


def can_view_pulse_results(viewer: Person) -> bool:
    return viewer.role in (Role.MANAGER, Role.LEADER) and viewer.organisation_id is not None


def whole_organisation_visible(viewer: Person) -> bool:
    """A leader who sits in no team leads the whole organisation (`team_ids_visible`), people in
    no team included."""
    return viewer.role == Role.LEADER and viewer.team_id is None


def groups_visible(viewer: Person, groups: Iterable[G]) -> list[G]:
    """The groups of results the viewer reads: those holding answers of a team they may open."""
    if not can_view_pulse_results(viewer):
        return []
    if whole_organisation_visible(viewer):
        return list(groups)
    teams = team_ids_visible(viewer)
    return [group for group in groups if group.teams & teams]


def rounds_visible(viewer: Person) -> QuerySet[PulseRound]:
    return PulseRound.objects.filter(organisation_id=organisation_id(viewer))


def access_round(viewer: Person, round_id: int) -> PulseRound:
    found = rounds_visible(viewer).filter(pk=round_id).first()
    if found is None:
        raise Http404("No such pulse round in your organisation.")
    return found


def questions_visible(viewer: Person) -> QuerySet[PulseQuestion]:
    """The organisation's questions, retired ones included (what is asked is no secret)."""
    return PulseQuestion.objects.filter(organisation_id=organisation_id(viewer))


def access_question(viewer: Person, question_id: int) -> PulseQuestion:
    question = questions_visible(viewer).filter(pk=question_id).first()
    if question is None:
        raise Http404("No such pulse question in your organisation.")
    return question
