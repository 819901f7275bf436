"""What Uplift's own records say about the people of an organisation: the practices they
contributed and who adopted them, the coaching and role plays they partnered for someone else,
the kudos they received, their points.

Read by the future-leaders analysis and by nominations' evidence. Coaching comes from
`uplift.coaching.facts`, kudos and points from `uplift.recognition.facts`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from uplift.coaching import facts as coaching
from uplift.orgs.models import Organisation
from uplift.practices.models import Adoption, Practice
from uplift.recognition import facts as recognition

ADOPTED_STAGES = (
    Adoption.Stage.PRACTISING,
    Adoption.Stage.DEMONSTRATED,
    Adoption.Stage.HABITUAL,
)
# The kinds of records the analysis reads, each kept by a capability of this installation. The
# keys are part of what the leaders analysis stores and shows.
RECORDS_KEPT = ("contributors", "coaching", "role_plays", "kudos", "points")


@dataclass(frozen=True)
class PracticeRecord:
    practice_id: int
    title: str
    status: str
    contributor_ids: tuple[int, ...]
    adopter_ids: tuple[int, ...]  # reached practising or beyond, contributors included

    @property
    def approved(self) -> bool:
        return self.status == Practice.Status.APPROVED

    @property
    def status_label(self) -> str:
        return str(Practice.Status(self.status).label)

    @property
    def shared(self) -> bool:
        """Submitted at least once: in review, approved or retired, not a draft."""
        return self.status != Practice.Status.DRAFT

    def adopters_other_than_contributors(self) -> tuple[int, ...]:
        return tuple(a for a in self.adopter_ids if a not in self.contributor_ids)


@dataclass(frozen=True)
class HelpRecord:
    """`helper_id` helped `helped_id`: kind coaching, role_play, or kudos (thanked for help)."""

    kind: str
    source: str  # "coaching_session:12", "role_play:4", "kudos:9"
    helper_id: int
    helped_id: int
    on: date | None
    label: str


def _day(value: date | datetime | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def records_available(
    *, practices: list[PracticeRecord], helps: list[HelpRecord], points: bool
) -> dict[str, bool]:
    """Which kinds of record the organisation holds any of yet (`RECORDS_KEPT`), so that a
    component built on none says "no records yet" rather than a zero that reads as measured."""
    kinds = {h.kind for h in helps}
    return {
        "contributors": any(p.contributor_ids for p in practices),
        "coaching": "coaching" in kinds,
        "role_plays": "role_play" in kinds,
        "kudos": "kudos" in kinds,
        "points": points,
    }


def _by(value: date | datetime | None, day: date) -> bool:
    """Whether `value` is known and on or before `day`."""
    known = _day(value)
    return known is not None and known <= day


def _status_on(practice: Practice, day: date) -> str:
    """The practice's status as it stood at the end of `day` (a draft until it was sent)."""
    if _by(practice.retired_at, day):
        return Practice.Status.RETIRED
    if _by(practice.approved_at, day):
        return Practice.Status.APPROVED
    if _by(practice.submitted_at, day):
        return Practice.Status.IN_REVIEW
    return Practice.Status.DRAFT


def practice_records(
    *, organisation: Organisation, until: date | None = None
) -> list[PracticeRecord]:
    """Every practice with its contributors (its author when none are named) and adopters; with
    `until`, as the records stood at the end of that day (practices written by then, their status
    then, adopters who were practising by then)."""
    practices = list(Practice.objects.filter(organisation=organisation).order_by("title"))
    if until is not None:
        practices = [p for p in practices if _by(p.created_at, until)]
    contributors: dict[int, set[int]] = defaultdict(set)
    for practice_id, person_id in Practice.contributors.through.objects.filter(
        practice__organisation=organisation
    ).values_list("practice_id", "person_id"):
        contributors[practice_id].add(person_id)
    adopters: dict[int, set[int]] = defaultdict(set)
    adoptions = Adoption.objects.filter(
        practice__organisation=organisation, stage__in=ADOPTED_STAGES
    )
    if until is not None:
        adoptions = adoptions.filter(
            Q(practising_on__lte=until)
            | Q(practising_on__isnull=True, demonstrated_on__lte=until)
            | Q(practising_on__isnull=True, demonstrated_on__isnull=True, habitual_on__lte=until)
        )
    for practice_id, person_id in adoptions.values_list("practice_id", "person_id"):
        adopters[practice_id].add(person_id)
    records = []
    for practice in practices:
        credited = contributors[practice.pk] or (
            {practice.created_by_id} if practice.created_by_id else set()
        )
        records.append(
            PracticeRecord(
                practice_id=practice.pk,
                title=practice.title,
                status=practice.status if until is None else _status_on(practice, until),
                contributor_ids=tuple(sorted(credited)),
                adopter_ids=tuple(sorted(adopters[practice.pk])),
            )
        )
    return records


def _coaching(organisation: Organisation) -> list[HelpRecord]:
    now = timezone.now()  # help given, not planned
    return [
        HelpRecord(
            "coaching",
            f"coaching_session:{session.session_id}",
            session.coach_id,
            session.rep_id,
            _day(session.scheduled_at),
            f"{session.kind} with {session.rep_name}",
        )
        for session in coaching.coaching_given(organisation=organisation)
        if session.scheduled_at <= now and not session.within_line
    ]


def _role_plays(organisation: Organisation) -> list[HelpRecord]:
    now = timezone.now()
    found: dict[tuple[int, int], HelpRecord] = {}
    for role_play in coaching.role_plays_partnered(organisation=organisation):
        if role_play.held_at > now:
            continue
        for helper in role_play.helpers_beyond_line():
            if (role_play.role_play_id, helper) in found:
                continue
            found[(role_play.role_play_id, helper)] = HelpRecord(
                "role_play",
                f"role_play:{role_play.role_play_id}",
                helper,
                role_play.rep_id,
                _day(role_play.held_at),
                f"Role-play partner for {role_play.rep_name}: “{role_play.scenario}”",
            )
    return list(found.values())


def _help_kudos(organisation: Organisation) -> list[HelpRecord]:
    return [
        HelpRecord(
            "kudos",
            f"kudos:{item.kudos_id}",
            item.receiver_id,
            item.giver_id,
            _day(item.given_at),
            f"Thanked by {item.giver_name}: “{item.message[:120]}”",
        )
        for item in recognition.kudos_for_help(organisation=organisation)
        if not item.within_line
    ]


def help_records(*, organisation: Organisation) -> list[HelpRecord]:
    """Help beyond one's role: coaching given, role plays partnered for someone else, and kudos
    received for help, each to or from someone outside the helper's own reporting line (a
    manager coaching their own reports is doing their job)."""
    return [*_coaching(organisation), *_role_plays(organisation), *_help_kudos(organisation)]


def kudos_received(
    *, organisation: Organisation, person_id: int, until: date | None = None
) -> list[dict[str, Any]]:
    """Every kudos the person received (any reason), newest first; with `until`, those given by
    the end of that day."""
    return [
        {
            "id": item.kudos_id,
            "giver": item.giver_name,
            "message": item.message,
            "reason": item.reason,
            "on": _day(item.given_at),
        }
        for item in recognition.kudos_received(organisation=organisation, person_id=person_id)
        if until is None or _by(item.given_at, until)
    ]


def points_total(*, organisation: Organisation, person_id: int, until: date | None = None) -> int:
    """The person's points balance on the ledger (by the end of `until`, when given)."""
    return recognition.points_total(organisation=organisation, person_id=person_id, until=until)
