"""Reads for role plays: the page of one role play, its attempts, the raters' scores."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

from uplift.coaching import access
from uplift.coaching.models import RolePlayRating, RolePlayScenario, RolePlaySession, RubricItem
from uplift.coaching.selectors.calibration import Calibration, roleplay_calibration
from uplift.orgs.models import Person


def roleplay_overall(*, roleplay: RolePlaySession) -> float | None:
    """The mean over submitted raters of each rater's mean over all rubric items."""
    means = []
    for rating in roleplay.ratings.filter(submitted_at__isnull=False).prefetch_related("scores"):
        values = [s.score for s in rating.scores.all()]
        if values:
            means.append(fmean(values))
    return fmean(means) if means else None


@dataclass(frozen=True)
class Attempt:
    roleplay: RolePlaySession
    overall: float | None


def roleplay_attempts(*, roleplay: RolePlaySession) -> list[Attempt]:
    """Every attempt in the chain this role play belongs to, first to last."""
    chain = [roleplay]
    seen = {roleplay.pk}
    current = roleplay
    while current.previous_id is not None and current.previous_id not in seen:
        current = RolePlaySession.objects.get(pk=current.previous_id)
        chain.insert(0, current)
        seen.add(current.pk)
    current = roleplay
    while True:
        following = RolePlaySession.objects.filter(previous=current).first()
        if following is None or following.pk in seen:
            break
        chain.append(following)
        seen.add(following.pk)
        current = following
    return [Attempt(roleplay=r, overall=roleplay_overall(roleplay=r)) for r in chain]


@dataclass(frozen=True)
class RolePlayPage:
    roleplay: RolePlaySession
    items: list[RubricItem]
    ratings: list[RolePlayRating]
    my_rating: RolePlayRating | None
    my_scores: dict[int, int]
    attempts: list[Attempt]
    calibration: Calibration
    may_run: bool
    sees_session: bool
    candidates: list[Person]


def roleplay_page(*, viewer: Person, roleplay: RolePlaySession) -> RolePlayPage:
    """The caller fetched `roleplay` through `access.access_roleplay`."""
    ratings = list(
        roleplay.ratings.select_related("rater").prefetch_related("scores").order_by("kind", "pk")
    )
    mine = next((r for r in ratings if r.rater_id == viewer.pk), None)
    may_run = access.can_run_roleplay(viewer, roleplay)
    sees_session = (
        roleplay.coaching_session_id is not None
        and access.sessions_visible(viewer).filter(pk=roleplay.coaching_session_id).exists()
    )
    candidates: list[Person] = []
    if may_run:
        taken = {r.rater_id for r in ratings} | {roleplay.rep_id}
        candidates = list(
            access.coaching_colleagues_visible(viewer).exclude(pk__in=taken).select_related("team")
        )
    return RolePlayPage(
        roleplay=roleplay,
        items=list(roleplay.scenario.rubric_items.all()),
        ratings=ratings,
        my_rating=mine,
        my_scores={s.item_id: s.score for s in mine.scores.all()} if mine else {},
        attempts=roleplay_attempts(roleplay=roleplay),
        calibration=roleplay_calibration(roleplay=roleplay),
        may_run=may_run,
        sees_session=sees_session,
        candidates=candidates,
    )


def scenario_roleplays(*, viewer: Person, scenario: RolePlayScenario) -> list[RolePlaySession]:
    """The role plays on this scenario the viewer may open (an admin sees none of them)."""
    return list(access.roleplays_visible(viewer).filter(scenario=scenario)[:50])
