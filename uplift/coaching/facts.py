"""What coaching's records say, as small typed facts for the capabilities above it.

Development's accountability, recognition's points and awards' evidence read coaching through
these functions, never through its models: what counts as a held session or a partnered role play
is decided here, once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from uplift.coaching.models import CoachingSession, RolePlayRating, RolePlaySession
from uplift.orgs.models import Organisation

Status = CoachingSession.Status


@dataclass(frozen=True)
class Coaching:
    """A rep's last coaching session that was not cancelled."""

    held_on: date
    kind: str  # the kind's label: "1:1", "Call review", "Role play"


@dataclass(frozen=True)
class CoachingGiven:
    """`coach_id` coached `rep_id` in a session marked done."""

    session_id: int
    coach_id: int
    rep_id: int
    rep_name: str
    kind: str  # the kind's label
    scheduled_at: datetime


@dataclass(frozen=True)
class PeerRating:
    """A peer (not the coach) rated the role play; `submitted_at` is None until they submit."""

    rater_id: int
    submitted_at: datetime | None


@dataclass(frozen=True)
class RolePlayPartnered:
    """`partner_id` played the buyer for `rep_id`; peers may have rated it too."""

    role_play_id: int
    partner_id: int
    rep_id: int
    rep_name: str
    scenario: str
    held_at: datetime
    peer_ratings: tuple[PeerRating, ...]


@dataclass(frozen=True)
class SessionWith:
    """One of a rep's sessions with someone else, as a choice to pick from."""

    session_id: int
    other_name: str
    at: datetime


def last_coaching(*, rep_ids: Iterable[int], today: date) -> dict[int, Coaching]:
    """Each rep's last coaching session up to the end of `today`, cancelled ones left out."""
    ids = list(rep_ids)
    if not ids:
        return {}
    end = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    held = (
        CoachingSession.objects.filter(rep_id__in=ids, scheduled_at__lt=end)
        .exclude(status=Status.CANCELLED)
        .order_by("rep_id", "-scheduled_at")
    )
    found: dict[int, Coaching] = {}
    for session in held:
        if session.rep_id not in found:
            found[session.rep_id] = Coaching(
                held_on=timezone.localtime(session.scheduled_at).date(),
                kind=session.get_kind_display(),
            )
    return found


def coaching_given(*, organisation: Organisation) -> list[CoachingGiven]:
    """Sessions marked done in which someone coached another person, oldest first (the caller
    decides up to when)."""
    sessions = (
        CoachingSession.objects.filter(organisation=organisation, status=Status.DONE)
        .select_related("rep")
        .order_by("scheduled_at", "pk")
    )
    return [
        CoachingGiven(
            session_id=session.pk,
            coach_id=session.coach_id,
            rep_id=session.rep_id,
            rep_name=str(session.rep),
            kind=session.get_kind_display(),
            scheduled_at=session.scheduled_at,
        )
        for session in sessions
        if session.coach_id != session.rep_id
    ]


def role_plays_partnered(*, organisation: Organisation) -> list[RolePlayPartnered]:
    """Every role play with its partner and its peer ratings, oldest first (the caller decides up
    to when, and whether a partner who is the rep counts)."""
    role_plays = (
        RolePlaySession.objects.filter(organisation=organisation)
        .select_related("rep", "scenario")
        .prefetch_related("ratings")
        .order_by("held_at", "pk")
    )
    return [
        RolePlayPartnered(
            role_play_id=role_play.pk,
            partner_id=role_play.partner_id,
            rep_id=role_play.rep_id,
            rep_name=str(role_play.rep),
            scenario=role_play.scenario.title,
            held_at=role_play.held_at,
            peer_ratings=tuple(
                PeerRating(rater_id=rating.rater_id, submitted_at=rating.submitted_at)
                for rating in role_play.ratings.all()
                if rating.kind == RolePlayRating.Kind.PEER
            ),
        )
        for role_play in role_plays
    ]


def coaching_session_people(*, session_id: int) -> frozenset[int] | None:
    """The rep and the coach of a coaching session (None when there is no such session)."""
    pair = CoachingSession.objects.filter(pk=session_id).values_list("rep_id", "coach_id").first()
    return None if pair is None else frozenset(pair)


def role_play_people(*, role_play_id: int) -> frozenset[int] | None:
    """The rep and the partner of a role play (None when there is no such role play)."""
    pair = (
        RolePlaySession.objects.filter(pk=role_play_id).values_list("rep_id", "partner_id").first()
    )
    return None if pair is None else frozenset(pair)


def coaching_sessions_with_others(*, rep_id: int, limit: int) -> list[SessionWith]:
    """The rep's coaching sessions coached by someone else, newest first."""
    rows = (
        CoachingSession.objects.filter(rep_id=rep_id)
        .exclude(coach_id=rep_id)
        .order_by("-scheduled_at")
        .values_list("pk", "coach__full_name", "scheduled_at")[:limit]
    )
    return [SessionWith(pk, who, at) for pk, who, at in rows]


def role_plays_with_others(*, rep_id: int, limit: int) -> list[SessionWith]:
    """The rep's role plays partnered by someone else, newest first."""
    rows = (
        RolePlaySession.objects.filter(rep_id=rep_id)
        .exclude(partner_id=rep_id)
        .order_by("-held_at")
        .values_list("pk", "partner__full_name", "held_at")[:limit]
    )
    return [SessionWith(pk, who, at) for pk, who, at in rows]
