"""What Uplift's own records say about the people of an organisation: the practices they
contributed and who adopted them, the coaching and role plays they partnered for someone else,
the kudos they received, their points.

Read by the future-leaders analysis and by nominations' evidence. Coaching, role plays, kudos and
points are read only when their capability's records exist in this installation, and
`records_available` says which did.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db.models import Model, Sum
from django.utils import timezone

from uplift.orgs.models import Organisation
from uplift.practices.models import Adoption, Practice

ADOPTED_STAGES = ("practising", "demonstrated", "habitual")
HELP_KUDOS_REASONS = ("help", "coaching", "role_play")


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


def _model(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _has_field(model: type[Model] | None, name: str) -> bool:
    if model is None:
        return False
    return any(f.name == name for f in model._meta.get_fields())


def _day(value: date | datetime | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def records_available() -> dict[str, bool]:
    """Which kinds of records this installation keeps."""
    return {
        "contributors": _has_field(Practice, "contributors"),
        "coaching": _model("coaching.CoachingSession") is not None,
        "role_plays": _model("coaching.RolePlaySession") is not None,
        "kudos": _model("recognition.Kudos") is not None,
        "points": _model("recognition.PointsEntry") is not None,
    }


def practice_records(*, organisation: Organisation) -> list[PracticeRecord]:
    """Every practice with its contributors (its author when none are named) and adopters."""
    practices = list(Practice.objects.filter(organisation=organisation).order_by("title"))
    contributors: dict[int, set[int]] = defaultdict(set)
    if _has_field(Practice, "contributors"):
        through = Practice.contributors.through
        for practice_id, person_id in through.objects.filter(
            practice__organisation=organisation
        ).values_list("practice_id", "person_id"):
            contributors[practice_id].add(person_id)
    adopters: dict[int, set[int]] = defaultdict(set)
    for practice_id, person_id in Adoption.objects.filter(
        practice__organisation=organisation, stage__in=ADOPTED_STAGES
    ).values_list("practice_id", "person_id"):
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
                status=practice.status,
                contributor_ids=tuple(sorted(credited)),
                adopter_ids=tuple(sorted(adopters[practice.pk])),
            )
        )
    return records


def _title(record: Any) -> str:
    return str(getattr(record, "title", "") or record)


def _coaching(organisation: Organisation) -> list[HelpRecord]:
    model = _model("coaching.CoachingSession")
    if model is None:
        return []
    sessions: Any = model._default_manager.filter(organisation=organisation)
    if _has_field(model, "status"):
        sessions = sessions.filter(status="done")
    sessions = sessions.filter(scheduled_at__lte=timezone.now())  # help given, not planned
    found = []
    for session in sessions.select_related("rep").order_by("scheduled_at", "pk"):
        if session.coach_id == session.rep_id:
            continue
        found.append(
            HelpRecord(
                "coaching",
                f"coaching_session:{session.pk}",
                session.coach_id,
                session.rep_id,
                _day(session.scheduled_at),
                f"{session.get_kind_display()} with {session.rep}",
            )
        )
    return found


def _role_plays(organisation: Organisation) -> list[HelpRecord]:
    model = _model("coaching.RolePlaySession")
    if model is None:
        return []
    found: dict[tuple[int, int], HelpRecord] = {}
    sessions: Any = model._default_manager.filter(
        organisation=organisation, held_at__lte=timezone.now()
    )
    for session in sessions.select_related("rep", "scenario").order_by("held_at", "pk"):
        helpers = [session.partner_id]
        if hasattr(session, "ratings"):
            helpers += [r.rater_id for r in session.ratings.all() if r.kind == "peer"]
        for helper in helpers:
            if helper == session.rep_id or (session.pk, helper) in found:
                continue
            found[(session.pk, helper)] = HelpRecord(
                "role_play",
                f"role_play:{session.pk}",
                helper,
                session.rep_id,
                _day(session.held_at),
                f"Role-play partner for {session.rep}: “{_title(session.scenario)}”",
            )
    return list(found.values())


def _help_kudos(organisation: Organisation) -> list[HelpRecord]:
    model = _model("recognition.Kudos")
    if model is None:
        return []
    kudos: Any = model._default_manager.filter(organisation=organisation)
    if _has_field(model, "reason"):
        kudos = kudos.filter(reason__in=HELP_KUDOS_REASONS)
    found = []
    for item in kudos.select_related("giver").order_by("created_at", "pk"):
        if item.giver_id == item.receiver_id:
            continue
        found.append(
            HelpRecord(
                "kudos",
                f"kudos:{item.pk}",
                item.receiver_id,
                item.giver_id,
                _day(item.created_at),
                f"Thanked by {item.giver}: “{item.message[:120]}”",
            )
        )
    return found


def help_records(*, organisation: Organisation) -> list[HelpRecord]:
    """Coaching given, role plays partnered for someone else, and kudos received for help."""
    return [*_coaching(organisation), *_role_plays(organisation), *_help_kudos(organisation)]


def kudos_received(*, organisation: Organisation, person_id: int) -> list[dict[str, Any]]:
    """Every kudos the person received (any reason), newest first."""
    model = _model("recognition.Kudos")
    if model is None:
        return []
    kudos: Any = model._default_manager.filter(organisation=organisation, receiver_id=person_id)
    return [
        {
            "id": item.pk,
            "giver": str(item.giver),
            "message": item.message,
            "reason": getattr(item, "reason", ""),
            "on": _day(item.created_at),
        }
        for item in kudos.select_related("giver").order_by("-created_at", "-pk")
    ]


def points_total(*, organisation: Organisation, person_id: int) -> int | None:
    """The person's points balance on the ledger (None when there is no ledger)."""
    model = _model("recognition.PointsEntry")
    if model is None:
        return None
    entries: Any = model._default_manager.filter(organisation=organisation, person_id=person_id)
    return int(entries.aggregate(total=Sum("points"))["total"] or 0)
