"""Participation beyond the stars, the "organic process" measure: of the core reps in the scope
(the latest analysis' core band), the share who, since the initiative started, contributed to a
practice card, hosted a sharing session, mentored someone, or thanked a colleague with kudos for
help. A count, not an effect: it says how far sharing has spread, not what it caused."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from uplift.initiatives.models import CheckIn, MentoringPair, SharingSession
from uplift.initiatives.proposal import bands_in_scope, people_by_rep_id
from uplift.insights.models import AnalysisRun
from uplift.insights.snapshots import segments_of
from uplift.orgs.models import Organisation, Team
from uplift.practices.facts import contributions
from uplift.recognition.facts import kudos_for_help

ACTIVITIES = {
    "contributed": "contributed to a practice card",
    "hosted": "hosted a sharing session",
    "mentored": "mentored a colleague",
    "thanked": "gave kudos for help",
}


@dataclass(frozen=True)
class TeamParticipation:
    team_id: int | None
    team_name: str
    core_reps: int
    participants: int

    @property
    def share(self) -> float | None:
        return self.participants / self.core_reps if self.core_reps else None


@dataclass(frozen=True)
class Participation:
    since: date
    until: date
    core_reps: int
    participants: int
    by_activity: dict[str, int]
    teams: tuple[TeamParticipation, ...] = field(default=())

    @property
    def share(self) -> float | None:
        return self.participants / self.core_reps if self.core_reps else None

    def to_dict(self) -> dict[str, object]:
        share = self.share
        return {
            "share": None if share is None else round(share, 4),
            "core_reps": self.core_reps,
            "participants": self.participants,
            "since": self.since.isoformat(),
            "by_activity": self.by_activity,
            "label": "count",
        }


def _active_people(
    organisation: Organisation, since: date, until: date, initiative_ids: list[int]
) -> dict[str, set[int]]:
    found: dict[str, set[int]] = defaultdict(set)
    for credit in contributions(organisation=organisation, since=since, until=until):
        found["contributed"].add(credit.person_id)
    hosted = SharingSession.objects.filter(
        initiative__organisation=organisation,
        status=SharingSession.Status.HELD,
        scheduled_at__date__gte=since,
        scheduled_at__date__lte=until,
    )
    if initiative_ids:
        hosted = hosted.filter(initiative_id__in=initiative_ids)
    found["hosted"] |= set(hosted.values_list("host_id", flat=True))
    mentored = CheckIn.objects.filter(
        pair__initiative__organisation=organisation,
        pair__status=MentoringPair.Status.AGREED,
        held_on__gte=since,
        held_on__lte=until,
    )
    if initiative_ids:
        mentored = mentored.filter(pair__initiative_id__in=initiative_ids)
    found["mentored"] |= set(mentored.values_list("pair__mentor_id", flat=True))
    for kudos in kudos_for_help(organisation=organisation):
        if since <= kudos.given_at.date() <= until:
            found["thanked"].add(kudos.giver_id)
    return found


def participation(
    *,
    organisation: Organisation,
    scope_team: Team | None,
    run: AnalysisRun | None,
    since: date,
    until: date,
    initiative_ids: list[int] | None = None,
) -> Participation:
    """Participation of the scope's core reps from `since` to `until`; sessions and mentoring of
    the given initiatives only (all of the organisation's when None)."""
    people = people_by_rep_id(organisation=organisation, scope_team=scope_team)
    bands = bands_in_scope(segments_of(run), people)
    core = {pk for pk, (band, _p, _rank) in bands.items() if band == "core"}
    active = _active_people(organisation, since, until, initiative_ids or [])
    participants = {pk for pk in core if any(pk in ids for ids in active.values())}
    by_team: dict[tuple[int | None, str], list[int]] = defaultdict(list)
    for person in people.values():
        if person.pk in core:
            key = (person.team_id, person.team.name if person.team else "(no team)")
            by_team[key].append(person.pk)
    teams = tuple(
        TeamParticipation(
            team_id=team_id,
            team_name=name,
            core_reps=len(members),
            participants=sum(1 for pk in members if pk in participants),
        )
        for (team_id, name), members in sorted(by_team.items(), key=lambda item: item[0][1])
    )
    return Participation(
        since=since,
        until=until,
        core_reps=len(core),
        participants=len(participants),
        by_activity={
            name: sum(1 for pk in core if pk in active.get(name, set())) for name in ACTIVITIES
        },
        teams=teams,
    )
