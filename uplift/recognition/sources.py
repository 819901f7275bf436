"""What happened, read from the records of the other capabilities, as plain facts.

The points ledger, the badges and the leaderboards are all derived from these facts, so the
practice library and coaching never need to know that recognition exists. Coaching records are read
only when `uplift.coaching` defines them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.utils import timezone

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
CANCELLED = {"cancelled", "canceled", "missed", "planned", "scheduled"}


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


def _first_day(record: Any, names: Iterable[str]) -> date | None:
    for name in names:
        value = _day(getattr(record, name, None))
        if value is not None:
            return value
    return None


def contributors_by_practice(*, organisation: Organisation) -> dict[int, tuple[int, ...]]:
    """Who gets the credit for each practice: its contributors, or its author before the library
    records contributors."""
    credited: dict[int, set[int]] = defaultdict(set)
    practices = Practice.objects.filter(organisation=organisation)
    field = _field(Practice, "contributors")
    if field is not None:
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        pairs = through.objects.filter(**{f"{source}__organisation": organisation}).values_list(
            f"{source}_id", f"{target}_id"
        )
        for practice_id, person_id in pairs:
            credited[practice_id].add(person_id)
    for practice_id, author_id in practices.values_list("id", "created_by_id"):
        if not credited[practice_id] and author_id is not None:
            credited[practice_id].add(author_id)
    return {pid: tuple(sorted(ids)) for pid, ids in credited.items()}


def _field(model: type[Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 (FieldDoesNotExist: the field is not there yet)
        return None


def coaching_model(name: str) -> type[Model] | None:
    """A model of `uplift.coaching`, or None while coaching does not define it."""
    try:
        return apps.get_model("coaching", name)
    except LookupError:
        return None


def practice_facts(*, organisation: Organisation) -> list[Fact]:
    credited = contributors_by_practice(organisation=organisation)
    facts: list[Fact] = []
    for practice in Practice.objects.filter(organisation=organisation, status__in=SHARED_STATUSES):
        contributors = credited.get(practice.pk, ())
        shared_on = _first_day(practice, ("submitted_at", "created_at")) or timezone.localdate()
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
        if practice.status == Practice.Status.APPROVED or getattr(practice, "approved_at", None):
            approved_on = _first_day(practice, ("approved_at", "approved_on")) or shared_on
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
        adopted_on = _first_day(
            adoption, ("practising_on", "demonstrated_on", "habitual_on", "updated_at")
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


def _partnering(
    model_name: str, partner_field: str, event: str, organisation: Organisation
) -> list[Fact]:
    model = coaching_model(model_name)
    if model is None or _field(model, partner_field) is None or _field(model, "rep") is None:
        return []
    records = model._default_manager.filter(rep__organisation=organisation).exclude(
        **{f"{partner_field}__isnull": True}
    )
    facts = []
    today = timezone.localdate()
    for record in records:
        partner_id = getattr(record, f"{partner_field}_id")
        rep_id = record.rep_id  # type: ignore[attr-defined]
        status = str(getattr(record, "status", "") or "").lower()
        held_on = _first_day(
            record, ("held_at", "completed_at", "scored_at", "scheduled_at", "created_at")
        )
        if partner_id == rep_id or status in CANCELLED or held_on is None or held_on > today:
            continue
        facts.append(Fact(event, record.pk, held_on, partner_id, rep_id))
    return facts


def _peer_ratings(organisation: Organisation) -> list[Fact]:
    """Peers who scored someone else's role play partnered it too (once per role play)."""
    model = coaching_model("RolePlayRating")
    if model is None or _field(model, "rater") is None or _field(model, "session") is None:
        return []
    ratings = model._default_manager.filter(
        session__rep__organisation=organisation, kind="peer", submitted_at__isnull=False
    ).values_list("session_id", "rater_id", "session__rep_id", "submitted_at")
    return [
        Fact(Event.ROLE_PLAY_PARTNERED, session_id, submitted.date(), rater_id, rep_id)
        for session_id, rater_id, rep_id, submitted in ratings
        if rater_id != rep_id
    ]


def partnering_facts(*, organisation: Organisation) -> list[Fact]:
    """Coaching given (the coach of someone else's session), role plays partnered or peer-rated."""
    facts = [
        *_partnering("CoachingSession", "coach", Event.COACHING_PARTNERED, organisation),
        *_partnering("RolePlaySession", "partner", Event.ROLE_PLAY_PARTNERED, organisation),
    ]
    seen = {(f.source_id, f.actor_id) for f in facts if f.event == Event.ROLE_PLAY_PARTNERED}
    for fact in _peer_ratings(organisation):
        if (fact.source_id, fact.actor_id) not in seen:
            seen.add((fact.source_id, fact.actor_id))
            facts.append(fact)
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
