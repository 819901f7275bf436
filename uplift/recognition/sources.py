"""What happened, read from the records of the other capabilities, as plain facts.

The points ledger, the badges and the leaderboards are all derived from these facts, so the
practice library and coaching never need to know that recognition exists. Coaching's records come
through its typed facts (`uplift.coaching.facts`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from uplift.coaching.facts import coaching_given, role_plays_partnered
from uplift.orgs.models import Organisation
from uplift.practices.models import Adoption, Practice
from uplift.recognition.models import Kudos, PointsRule

Event = PointsRule.Event
ADOPTED_STAGES = (
    Adoption.Stage.PRACTISING,
    Adoption.Stage.DEMONSTRATED,
    Adoption.Stage.HABITUAL,
)
SHARED_STATUSES = (Practice.Status.IN_REVIEW, Practice.Status.APPROVED, Practice.Status.RETIRED)


@dataclass(frozen=True)
class Fact:
    """One event that may earn points: who acted, who received, who contributed."""

    event: str
    source_id: int
    occurred_on: date
    actor_id: int | None = None
    receiver_id: int | None = None
    contributor_ids: tuple[int, ...] = ()


def _day(value: date | datetime | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def contributors_by_practice(*, organisation: Organisation) -> dict[int, tuple[int, ...]]:
    """Who gets the credit for each practice: its contributors, or its author before the library
    records contributors."""
    credited: dict[int, set[int]] = defaultdict(set)
    practices = Practice.objects.filter(organisation=organisation)
    pairs = Practice.contributors.through.objects.filter(
        practice__organisation=organisation
    ).values_list("practice_id", "person_id")
    for practice_id, person_id in pairs:
        credited[practice_id].add(person_id)
    for practice_id, author_id in practices.values_list("id", "created_by_id"):
        if not credited[practice_id] and author_id is not None:
            credited[practice_id].add(author_id)
    return {pid: tuple(sorted(ids)) for pid, ids in credited.items()}


def practice_facts(*, organisation: Organisation) -> list[Fact]:
    credited = contributors_by_practice(organisation=organisation)
    facts: list[Fact] = []
    for practice in Practice.objects.filter(organisation=organisation, status__in=SHARED_STATUSES):
        contributors = credited.get(practice.pk, ())
        shared_on = _day(practice.submitted_at) or _day(practice.created_at) or timezone.localdate()
        facts.append(
            Fact(
                Event.PRACTICE_SHARED,
                practice.pk,
                shared_on,
                practice.created_by_id,
                None,
                contributors,
            )
        )
        # A practice retired after its approval keeps the approval it earned.
        if practice.status == Practice.Status.APPROVED or practice.approved_at:
            approved_on = _day(practice.approved_at) or shared_on
            facts.append(
                Fact(Event.PRACTICE_APPROVED, practice.pk, approved_on, None, None, contributors)
            )
    adoptions = Adoption.objects.filter(
        practice__organisation=organisation, stage__in=ADOPTED_STAGES
    ).only(
        "id",
        "practice_id",
        "person_id",
        "practising_on",
        "demonstrated_on",
        "habitual_on",
        "updated_at",
    )
    for adoption in adoptions:
        contributors = credited.get(adoption.practice_id, ())
        if adoption.person_id in contributors:
            continue
        adopted_on = (
            adoption.practising_on
            or adoption.demonstrated_on
            or adoption.habitual_on
            or _day(adoption.updated_at)
        )
        facts.append(
            Fact(
                Event.PRACTICE_ADOPTED,
                adoption.pk,
                adopted_on or timezone.localdate(),
                adoption.person_id,
                None,
                contributors,
            )
        )
    return facts


def partnering_facts(*, organisation: Organisation) -> list[Fact]:
    """Help beyond one's role, up to today: coaching someone else's session, partnering or
    peer-rating someone else's role play. Coaching one's own reports (anyone below the helper in
    the reporting line) is the helper's job as their manager and earns nothing here."""
    today = timezone.localdate()
    facts = [
        Fact(Event.COACHING_PARTNERED, s.session_id, held_on, s.coach_id, s.rep_id)
        for s in coaching_given(organisation=organisation)
        if not s.within_line and (held_on := s.scheduled_at.date()) <= today
    ]
    for role_play in role_plays_partnered(organisation=organisation):
        submitted = {r.rater_id: r.submitted_at for r in role_play.peer_ratings}
        for helper_id in role_play.helpers_beyond_line():
            if helper_id == role_play.partner_id:
                day = role_play.held_at.date()
            else:  # a peer who scored someone else's role play partnered it too
                rated_at = submitted[helper_id]
                day = rated_at.date() if rated_at is not None else role_play.held_at.date()
            if day <= today:
                facts.append(
                    Fact(
                        Event.ROLE_PLAY_PARTNERED,
                        role_play.role_play_id,
                        day,
                        helper_id,
                        role_play.rep_id,
                    )
                )
    return facts


def kudos_facts(*, organisation: Organisation) -> list[Fact]:
    facts = []
    for kudos in Kudos.objects.filter(organisation=organisation).only(
        "id", "giver_id", "receiver_id", "created_at"
    ):
        day = kudos.created_at.date()
        facts.append(Fact(Event.KUDOS_RECEIVED, kudos.pk, day, kudos.giver_id, kudos.receiver_id))
        facts.append(Fact(Event.KUDOS_GIVEN, kudos.pk, day, kudos.giver_id, kudos.receiver_id))
    return facts


def facts_all(*, organisation: Organisation) -> list[Fact]:
    """Every fact, oldest first (the order in which caps are applied)."""
    facts = [
        *practice_facts(organisation=organisation),
        *partnering_facts(organisation=organisation),
        *kudos_facts(organisation=organisation),
    ]
    return sorted(facts, key=lambda f: (f.occurred_on, f.event, f.source_id))
