"""What coaching's records say, as small typed facts for the capabilities above it.

Development's accountability, recognition's points and awards' evidence read coaching through
these functions, never through its models: what counts as a held session or a partnered role play
is decided here, once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import fmean

from django.utils import timezone

from uplift.coaching.models import (
    ActionItem,
    CoachingSession,
    RolePlayRating,
    RolePlaySession,
    RubricScore,
)
from uplift.orgs.models import Organisation
from uplift.orgs.selectors import reporting_lines

Status = CoachingSession.Status


@dataclass(frozen=True)
class Coaching:
    """A rep's last coaching session that was not cancelled."""

    held_on: date
    kind: str  # the kind's label: "1:1", "Call review", "Role play"


@dataclass(frozen=True)
class CoachingGiven:
    """`coach_id` coached `rep_id` in a session marked done. `within_line`: the coach is above
    the rep in their reporting line, so coaching them is the coach's job, not help beyond it."""

    session_id: int
    coach_id: int
    rep_id: int
    rep_name: str
    kind: str  # the kind's label
    scheduled_at: datetime
    within_line: bool = False


@dataclass(frozen=True)
class PeerRating:
    """A peer (not the coach) rated the role play; `submitted_at` is None until they submit.
    `within_line`: the rater is above the rep in their reporting line."""

    rater_id: int
    submitted_at: datetime | None
    within_line: bool = False


@dataclass(frozen=True)
class RolePlayPartnered:
    """`partner_id` played the buyer for `rep_id`; peers may have rated it too.
    `partner_within_line`: the partner is above the rep in their reporting line."""

    role_play_id: int
    partner_id: int
    rep_id: int
    rep_name: str
    scenario: str
    held_at: datetime
    peer_ratings: tuple[PeerRating, ...]
    partner_within_line: bool = False

    def helpers_beyond_line(self) -> list[int]:
        """The partner and the peers who submitted scores, other than the rep and the people
        above the rep in their reporting line, each once."""
        found: list[int] = []
        if self.partner_id != self.rep_id and not self.partner_within_line:
            found.append(self.partner_id)
        for rating in self.peer_ratings:
            if (
                rating.submitted_at is not None
                and rating.rater_id != self.rep_id
                and not rating.within_line
                and rating.rater_id not in found
            ):
                found.append(rating.rater_id)
        return found


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
    decides up to when, and whether coaching within the coach's own reporting line counts)."""
    lines = reporting_lines(organisation=organisation)
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
            within_line=lines.manages(session.coach_id, session.rep_id),
        )
        for session in sessions
        if session.coach_id != session.rep_id
    ]


def role_plays_partnered(*, organisation: Organisation) -> list[RolePlayPartnered]:
    """Every role play with its partner and its peer ratings, oldest first (the caller decides up
    to when, and whether a partner who is the rep, or above the rep in their reporting line,
    counts)."""
    lines = reporting_lines(organisation=organisation)
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
                PeerRating(
                    rater_id=rating.rater_id,
                    submitted_at=rating.submitted_at,
                    within_line=lines.manages(rating.rater_id, role_play.rep_id),
                )
                for rating in role_play.ratings.all()
                if rating.kind == RolePlayRating.Kind.PEER
            ),
            partner_within_line=lines.manages(role_play.partner_id, role_play.rep_id),
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


# --- What a person has to do next in coaching (the home pages' to-do lists) ---------------------

RETRY_BELOW = 3.0  # a role play scored under "Proficient" (3 of 5) is worth another attempt


@dataclass(frozen=True)
class RolePlayScore:
    """A role play's overall score: the mean, over the raters who submitted, of each rater's
    mean over the rubric items (as on the role play's page); None before anyone scored it."""

    role_play_id: int
    score: float | None
    raters: int


def role_play_scores(*, role_play_ids: Iterable[int]) -> dict[int, RolePlayScore]:
    """The overall score of each listed role play, in one query."""
    ids = list(role_play_ids)
    by_rating: dict[tuple[int, int], list[int]] = {}
    rows = RubricScore.objects.filter(
        rating__session_id__in=ids, rating__submitted_at__isnull=False
    ).values_list("rating__session_id", "rating_id", "score")
    for role_play_id, rating_id, score in rows:
        by_rating.setdefault((role_play_id, rating_id), []).append(score)
    means: dict[int, list[float]] = {role_play_id: [] for role_play_id in ids}
    for (role_play_id, _rating), scores in by_rating.items():
        means[role_play_id].append(fmean(scores))
    return {
        role_play_id: RolePlayScore(
            role_play_id=role_play_id,
            score=fmean(values) if values else None,
            raters=len(values),
        )
        for role_play_id, values in means.items()
    }


@dataclass(frozen=True)
class RolePlayToRetry:
    """The latest attempt at a scenario, scored under `RETRY_BELOW`, with no retry yet."""

    role_play_id: int
    rep_id: int
    scenario: str
    attempt: int
    held_at: datetime
    score: float


def role_plays_to_retry(*, rep_ids: Iterable[int]) -> list[RolePlayToRetry]:
    """The reps' role plays worth another attempt, oldest first: scored under Proficient by the
    raters who submitted, and not retried yet (a retry, scored or not, takes it off)."""
    latest = list(
        RolePlaySession.objects.filter(rep_id__in=list(rep_ids), retry__isnull=True)
        .select_related("scenario")
        .order_by("held_at", "pk")
    )
    scores = role_play_scores(role_play_ids=[r.pk for r in latest])
    found = []
    for role_play in latest:
        score = scores[role_play.pk].score
        if score is not None and score < RETRY_BELOW:
            found.append(
                RolePlayToRetry(
                    role_play_id=role_play.pk,
                    rep_id=role_play.rep_id,
                    scenario=role_play.scenario.title,
                    attempt=role_play.attempt,
                    held_at=role_play.held_at,
                    score=score,
                )
            )
    return found


@dataclass(frozen=True)
class RatingAwaited:
    """`rater_id` was asked to score someone else's role play and has not submitted yet."""

    role_play_id: int
    rep_name: str
    scenario: str
    attempt: int
    held_at: datetime


def ratings_awaited(*, rater_id: int) -> list[RatingAwaited]:
    """The role plays of others the person was invited to rate and has not scored, oldest
    first."""
    ratings = (
        RolePlayRating.objects.filter(rater_id=rater_id, submitted_at__isnull=True)
        .exclude(session__rep_id=rater_id)
        .select_related("session__rep", "session__scenario")
        .order_by("session__held_at", "pk")
    )
    return [
        RatingAwaited(
            role_play_id=rating.session_id,
            rep_name=rating.session.rep.full_name,
            scenario=rating.session.scenario.title,
            attempt=rating.session.attempt,
            held_at=rating.session.held_at,
        )
        for rating in ratings
    ]


@dataclass(frozen=True)
class SessionPlanned:
    """A coaching session still marked planned, that `coach_id` holds with `rep_name`."""

    session_id: int
    rep_id: int
    rep_name: str
    kind: str  # the kind's label
    scheduled_at: datetime
    has_agenda: bool


def sessions_planned(*, coach_id: int, since: datetime, until: datetime) -> list[SessionPlanned]:
    """Sessions the person coaches (someone else) that are still planned, scheduled from `since`
    to `until`, soonest first: the ones to prepare, and those held but not written up yet."""
    sessions = (
        CoachingSession.objects.filter(
            coach_id=coach_id,
            status=Status.PLANNED,
            scheduled_at__gte=since,
            scheduled_at__lt=until,
        )
        .exclude(rep_id=coach_id)
        .select_related("rep")
        .order_by("scheduled_at", "pk")
    )
    return [
        SessionPlanned(
            session_id=session.pk,
            rep_id=session.rep_id,
            rep_name=session.rep.full_name,
            kind=session.get_kind_display(),
            scheduled_at=session.scheduled_at,
            has_agenda=bool(session.agenda.strip()),
        )
        for session in sessions
    ]


@dataclass(frozen=True)
class ActionItemOverdue:
    """An action item of a coaching session, past its due day and not done."""

    item_id: int
    session_id: int
    rep_id: int
    title: str
    due_on: date


def action_items_overdue(*, rep_ids: Iterable[int], today: date) -> list[ActionItemOverdue]:
    """The reps' coaching action items due before `today` and not done, oldest first (those
    turned into a plan's milestone count there, not here)."""
    items = (
        ActionItem.objects.filter(
            session__rep_id__in=list(rep_ids),
            due_on__lt=today,
            done_on__isnull=True,
            milestone__isnull=True,
        )
        .exclude(session__status=Status.CANCELLED)
        .select_related("session")
        .order_by("due_on", "pk")
    )
    return [
        ActionItemOverdue(
            item_id=item.pk,
            session_id=item.session_id,
            rep_id=item.session.rep_id,
            title=item.title,
            due_on=item.due_on,
        )
        for item in items
        if item.due_on is not None
    ]


@dataclass(frozen=True)
class HelpGiven:
    """How often the person helped someone else: coaching sessions they held (marked done) and
    role plays in which they played the buyer."""

    sessions_coached: int
    role_plays_partnered: int


def help_given_by(*, person_id: int) -> HelpGiven:
    sessions = CoachingSession.objects.filter(coach_id=person_id, status=Status.DONE).exclude(
        rep_id=person_id
    )
    role_plays = RolePlaySession.objects.filter(partner_id=person_id).exclude(rep_id=person_id)
    return HelpGiven(sessions_coached=sessions.count(), role_plays_partnered=role_plays.count())
