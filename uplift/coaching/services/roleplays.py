"""Writes for role plays: running one on a scenario, inviting raters, scoring, retrying."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from uplift.coaching.errors import CoachingConflict, CoachingError
from uplift.coaching.models import (
    RUBRIC_LEVELS,
    CoachingSession,
    RolePlayRating,
    RolePlayScenario,
    RolePlaySession,
    RubricScore,
)
from uplift.notifications.kinds import Kind as NotificationKind
from uplift.notifications.services import notify
from uplift.orgs.models import Person, Role

MAX_FEEDBACK = 5000


def _same_organisation(rep: Person, *others: Person) -> None:
    for other in others:
        if other.organisation_id != rep.organisation_id or rep.organisation_id is None:
            raise CoachingError(f"{other} is not in {rep}'s organisation.")
        if not other.is_active:
            raise CoachingError(f"{other} is no longer active.")
        if other.role == Role.ADMIN and other.pk != rep.pk:
            raise CoachingError(
                f"{other} is an enablement admin; admins do not coach or score role plays."
            )


def _invite(roleplay: RolePlaySession, rater: Person, kind: str) -> RolePlayRating:
    rating, created = RolePlayRating.objects.get_or_create(
        session=roleplay, rater=rater, defaults={"kind": kind}
    )
    if created and rater.pk != roleplay.created_by_id:
        notify(
            recipient=rater,
            kind=NotificationKind.RATING_INVITATION,
            text=f"Score {roleplay.rep.full_name}'s role play “{roleplay.scenario.title}”",
            body=(
                f"You are invited to score {roleplay.rep.full_name}'s role play of "
                f"“{roleplay.scenario.title}” against its rubric."
            ),
            link=reverse("coaching_roleplay", args=[roleplay.pk]),
        )
    return rating


def roleplay_rater_add(*, roleplay: RolePlaySession, rater: Person) -> RolePlayRating:
    """Invite a peer to score the role play (the coach is a rater from the start)."""
    _same_organisation(roleplay.rep, rater)
    if rater.pk == roleplay.rep_id:
        raise CoachingError("The rep does not score their own role play.")
    kind = RolePlayRating.Kind.COACH if rater.pk == roleplay.coach_id else RolePlayRating.Kind.PEER
    return _invite(roleplay, rater, kind)


def roleplay_create(
    *,
    scenario: RolePlayScenario,
    rep: Person,
    coach: Person,
    partner: Person | None,
    created_by: Person,
    held_at: datetime | None = None,
    peer_raters: Iterable[Person] = (),
    coaching_session: CoachingSession | None = None,
    previous: RolePlaySession | None = None,
) -> RolePlaySession:
    """A role play of the rep on a published scenario. The coach rates it; the partner (who plays
    the buyer) rates it as a peer when they are not the coach; more peers can be invited."""
    partner = partner or coach
    peers = [p for p in peer_raters if p.pk not in (coach.pk, partner.pk)]
    _same_organisation(rep, coach, partner, *peers)
    if scenario.organisation_id != rep.organisation_id:
        raise CoachingError("That scenario is not in this organisation's library.")
    if scenario.status != RolePlayScenario.Status.PUBLISHED:
        raise CoachingError("Only a published scenario can be played; publish it first.")
    if rep.pk in {coach.pk, partner.pk} | {p.pk for p in peers}:
        raise CoachingError(
            "The rep plays the seller; choose someone else as coach, partner and rater."
        )
    if held_at is not None and timezone.is_naive(held_at):
        raise CoachingError("The role play's time needs a time zone.")
    if coaching_session is not None and coaching_session.rep_id != rep.pk:
        raise CoachingError("That coaching session is for someone else.")
    with transaction.atomic():
        roleplay = RolePlaySession.objects.create(
            organisation_id=rep.organisation_id,
            scenario=scenario,
            rep=rep,
            coach=coach,
            partner=partner,
            coaching_session=coaching_session,
            attempt=previous.attempt + 1 if previous is not None else 1,
            previous=previous,
            held_at=held_at or timezone.now(),
            created_by=created_by,
        )
        _invite(roleplay, coach, RolePlayRating.Kind.COACH)
        for peer in [partner, *peers]:
            if peer.pk != coach.pk:
                _invite(roleplay, peer, RolePlayRating.Kind.PEER)
    return roleplay


def roleplay_retry_create(
    *,
    previous: RolePlaySession,
    created_by: Person,
    held_at: datetime | None = None,
    partner: Person | None = None,
) -> RolePlaySession:
    """The next attempt at the same scenario, linked to the previous one, with the same raters."""
    if RolePlaySession.objects.filter(previous=previous).exists():
        raise CoachingConflict(
            f"Attempt {previous.attempt} already has a retry; retry the latest attempt.",
            code="retry_exists",
        )
    raters = [
        r.rater for r in previous.ratings.select_related("rater") if r.rater_id != previous.coach_id
    ]
    scenario = previous.scenario
    if scenario.status != RolePlayScenario.Status.PUBLISHED:
        raise CoachingConflict(
            "This scenario is no longer published; it cannot be played again.",
            code="scenario_not_published",
        )
    try:
        return roleplay_create(
            scenario=scenario,
            rep=previous.rep,
            coach=previous.coach,
            partner=partner or previous.partner,
            created_by=created_by,
            held_at=held_at,
            peer_raters=[r for r in raters if r.is_active],
            previous=previous,
        )
    except CoachingError as error:  # someone of the earlier attempt can no longer take part
        raise CoachingConflict(error.message) from error


def roleplay_score_submit(
    *,
    roleplay: RolePlaySession,
    rater: Person,
    scores: Mapping[int, int],
    feedback: str = "",
) -> RolePlayRating:
    """A rater's scores, one for every rubric item (1 to 5), and their feedback. Submitting
    again replaces the rater's earlier scores."""
    rating = RolePlayRating.objects.filter(session=roleplay, rater=rater).first()
    if rating is None:
        raise CoachingError("You are not a rater of this role play.")
    items = list(roleplay.scenario.rubric_items.all())
    missing = [item.label for item in items if item.pk not in scores]
    if missing:
        raise CoachingError(f"Score every rubric item; missing: {', '.join(missing)}.")
    unknown = set(scores) - {item.pk for item in items}
    if unknown:
        raise CoachingError("Some scores are for items that are not on this scenario's rubric.")
    for item in items:
        value = scores[item.pk]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= RUBRIC_LEVELS:
            raise CoachingError(
                f"{item.label}: a score is a whole number from 1 to {RUBRIC_LEVELS}."
            )
    if len(feedback) > MAX_FEEDBACK:
        raise CoachingError(f"Feedback has at most {MAX_FEEDBACK} characters.")
    with transaction.atomic():
        rating.scores.all().delete()
        RubricScore.objects.bulk_create(
            RubricScore(rating=rating, item=item, score=scores[item.pk]) for item in items
        )
        rating.feedback = feedback.strip()
        rating.submitted_at = timezone.now()
        rating.save(update_fields=["feedback", "submitted_at"])
    return rating
