"""Kept or missed, from the records: nobody ticks a commitment off.

Each kind of commitment is kept by a record another capability keeps (`kinds.py` says which),
read through that capability's facts: debriefs given (`uplift.debriefs.facts`), practices
published (`uplift.practices.facts`), spotlights posted (`uplift.recognition.facts`), events held
(`uplift.awards.facts`), and this capability's own sessions and mentoring check-ins.

A commitment of N in a period is

- kept once N distinct records of its kind credit the person within the period (on the day the
  N-th came: early is fine);
- missed once the period is over without them;
- due while the period runs; upcoming before it starts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils import timezone

from uplift.awards.facts import events_held
from uplift.debriefs.facts import debriefs_given
from uplift.initiatives.kinds import SPECS, Kind
from uplift.initiatives.models import (
    CheckIn,
    Commitment,
    Initiative,
    MentoringPair,
    SharingSession,
)
from uplift.practices.facts import practices_published
from uplift.recognition.facts import spotlights_posted


class State(StrEnum):
    KEPT = "kept"
    MISSED = "missed"
    DUE = "due"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class Credit:
    """A record that counts for `person_id`: `key` tells records apart (a debrief's id, a
    mentee's id), so the same one never counts twice."""

    person_id: int
    on: date
    key: int


@dataclass(frozen=True)
class CommitmentStatus:
    commitment_id: int
    person_id: int
    person_name: str
    kind: Kind
    target: int
    achieved: int
    starts_on: date
    ends_on: date
    state: State
    kept_on: date | None

    @property
    def label(self) -> str:
        return SPECS[self.kind].label

    @property
    def kept_by(self) -> str:
        return SPECS[self.kind].kept_by


def sessions_held(initiative: Initiative, since: date, until: date) -> list[SharingSession]:
    """The initiative's sessions marked held in the period, with their attendance."""
    return list(
        SharingSession.objects.filter(
            initiative=initiative,
            status=SharingSession.Status.HELD,
            scheduled_at__date__gte=since,
            scheduled_at__date__lte=until,
        )
        .prefetch_related("attendance")
        .order_by("scheduled_at")
    )


def _session_credits(
    initiative: Initiative, since: date, until: date
) -> tuple[list[Credit], list[Credit]]:
    hosted: list[Credit] = []
    attended: list[Credit] = []
    for session in sessions_held(initiative, since, until):
        day = timezone.localtime(session.scheduled_at).date()
        people = {a.person_id for a in session.attendance.all()}
        if people - {session.host_id}:
            hosted.append(Credit(session.host_id, day, session.pk))
        attended.extend(Credit(person, day, session.pk) for person in people)
    return hosted, attended


def _mentoring_credits(initiative: Initiative, since: date, until: date) -> list[Credit]:
    check_ins = CheckIn.objects.filter(
        pair__initiative=initiative,
        pair__status=MentoringPair.Status.AGREED,
        held_on__gte=since,
        held_on__lte=until,
    ).values_list("pair__mentor_id", "held_on", "pair__mentee_id")
    return [Credit(mentor, on, mentee) for mentor, on, mentee in check_ins]


def credits_by_kind(initiative: Initiative, *, until: date) -> dict[Kind, list[Credit]]:
    """Every record that counts toward the initiative's commitments, from its start to `until`."""
    organisation = initiative.organisation
    since = initiative.starts_on
    hosted, attended = _session_credits(initiative, since, until)
    return {
        Kind.DEBRIEFS: [
            Credit(person, debrief.held_on, debrief.debrief_id)
            for debrief in debriefs_given(organisation=organisation, since=since, until=until)
            for person in debrief.sharer_ids
        ],
        Kind.PRACTICES: [
            Credit(person, practice.published_on, practice.practice_id)
            for practice in practices_published(organisation=organisation, since=since, until=until)
            for person in practice.contributor_ids
        ],
        Kind.SESSIONS_HOSTED: hosted,
        Kind.MENTEES: _mentoring_credits(initiative, since, until),
        Kind.SPOTLIGHTS: [
            Credit(spot.author_id, spot.posted_on, spot.spotlight_id)
            for spot in spotlights_posted(organisation=organisation, since=since, until=until)
        ],
        Kind.EVENTS: [
            Credit(event.organiser_id, event.held_on, event.event_id)
            for event in events_held(organisation=organisation, since=since, until=until)
            if event.organiser_id is not None
        ],
        Kind.SESSIONS_ATTENDED: attended,
    }


def _status(commitment: Commitment, found: Iterable[Credit], today: date) -> CommitmentStatus:
    first: dict[int, date] = {}
    for credit in sorted(found, key=lambda c: c.on):
        if (
            credit.person_id == commitment.person_id
            and commitment.starts_on <= credit.on <= commitment.ends_on
        ):
            first.setdefault(credit.key, credit.on)
    days = sorted(first.values())
    achieved = len(days)
    kept_on = days[commitment.target - 1] if achieved >= commitment.target else None
    if kept_on is not None:
        state = State.KEPT
    elif commitment.ends_on < today:
        state = State.MISSED
    elif commitment.starts_on > today:
        state = State.UPCOMING
    else:
        state = State.DUE
    return CommitmentStatus(
        commitment_id=commitment.pk,
        person_id=commitment.person_id,
        person_name=commitment.person.full_name,
        kind=Kind(commitment.kind),
        target=commitment.target,
        achieved=achieved,
        starts_on=commitment.starts_on,
        ends_on=commitment.ends_on,
        state=state,
        kept_on=kept_on,
    )


def commitment_statuses(
    initiative: Initiative, commitments: Iterable[Commitment], *, today: date
) -> list[CommitmentStatus]:
    """Each commitment as the records leave it on `today` (records after today do not count)."""
    chosen = list(commitments)
    if not chosen:
        return []
    by_kind: dict[Kind, list[Credit]] = defaultdict(list, credits_by_kind(initiative, until=today))
    return [_status(c, by_kind[Kind(c.kind)], today) for c in chosen]


def state_counts(statuses: Iterable[CommitmentStatus]) -> dict[str, int]:
    counts = dict.fromkeys((s.value for s in State), 0)
    for status in statuses:
        counts[status.state.value] += 1
    return counts
