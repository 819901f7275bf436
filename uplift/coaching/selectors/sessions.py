"""Reads for coaching sessions: a person's own coaching, a manager's team calendar and cadence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from uplift.coaching import access
from uplift.coaching.models import CoachingSession, RolePlayRating, RolePlaySession
from uplift.orgs import access as orgs_access
from uplift.orgs.models import Person, Role

CADENCE_WINDOW_DAYS = 90


@dataclass(frozen=True)
class MyCoaching:
    upcoming: list[CoachingSession]
    past: list[CoachingSession]
    coaching_others: list[CoachingSession]
    roleplays: list[RolePlaySession]
    to_score: list[RolePlaySession]
    rated: list[RolePlaySession]


def my_coaching(*, viewer: Person, now: datetime | None = None) -> MyCoaching:
    now = now or timezone.now()
    mine = access.sessions_visible(viewer).filter(rep=viewer)
    upcoming = mine.filter(scheduled_at__gte=now, status=CoachingSession.Status.PLANNED)
    past = mine.exclude(pk__in=upcoming.values("pk"))
    coaching = access.sessions_visible(viewer).filter(
        coach=viewer, scheduled_at__gte=now - timedelta(days=30)
    )
    ratings = RolePlayRating.objects.filter(rater=viewer).exclude(session__rep=viewer)
    pending = ratings.filter(submitted_at__isnull=True).values("session_id")
    done = ratings.filter(submitted_at__isnull=False).values("session_id")
    roleplays = access.roleplays_visible(viewer)
    return MyCoaching(
        upcoming=list(upcoming.order_by("scheduled_at")),
        past=list(past.order_by("-scheduled_at")[:20]),
        coaching_others=list(coaching.order_by("scheduled_at")[:20]),
        roleplays=list(roleplays.filter(rep=viewer)[:20]),
        to_score=list(roleplays.filter(pk__in=pending)[:20]),
        rated=list(roleplays.filter(pk__in=done)[:20]),
    )


@dataclass(frozen=True)
class CadenceRow:
    person: Person
    done_recently: int
    last_done: datetime | None
    next_planned: datetime | None

    @property
    def days_since_last(self) -> int | None:
        if self.last_done is None:
            return None
        return (timezone.now() - self.last_done).days


@dataclass(frozen=True)
class Week:
    starts_on: date
    sessions: list[CoachingSession]


@dataclass(frozen=True)
class TeamCalendar:
    weeks: list[Week]
    cadence: list[CadenceRow]
    starts_on: date
    window_days: int


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def team_sessions(*, viewer: Person) -> QuerySet[CoachingSession]:
    """Sessions of the people in the viewer's chain, and the ones the viewer coaches."""
    return CoachingSession.objects.filter(
        Q(rep_id__in=orgs_access.report_ids_visible(viewer)) | Q(coach=viewer),
        organisation_id=access.organisation_id(viewer),
    ).select_related("rep", "coach")


def team_calendar(*, viewer: Person, starts_on: date | None = None, weeks: int = 4) -> TeamCalendar:
    """Sessions week by week from the Monday of `starts_on` (today by default), and the cadence
    of each rep in the viewer's chain (the people who are coached: not the managers, regional
    leaders or admins in it): sessions held in the last 90 days, the last one and the next one."""
    today = timezone.localdate()
    first = _monday(starts_on or today)
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    end = start + timedelta(weeks=weeks)
    in_window = team_sessions(viewer=viewer).filter(scheduled_at__gte=start, scheduled_at__lt=end)
    by_week: dict[date, list[CoachingSession]] = {
        first + timedelta(weeks=i): [] for i in range(weeks)
    }
    for session in in_window.order_by("scheduled_at"):
        by_week[_monday(timezone.localtime(session.scheduled_at).date())].append(session)
    now = timezone.now()
    since = now - timedelta(days=CADENCE_WINDOW_DAYS)
    done = CoachingSession.Status.DONE
    planned = CoachingSession.Status.PLANNED
    stats: dict[int, dict[str, Any]] = {
        row["rep_id"]: dict(row)
        for row in CoachingSession.objects.filter(rep_id__in=orgs_access.report_ids_visible(viewer))
        .values("rep_id")
        .annotate(
            recent=Count("pk", filter=Q(status=done, scheduled_at__gte=since)),
            last=Max("scheduled_at", filter=Q(status=done)),
            next=Min("scheduled_at", filter=Q(status=planned, scheduled_at__gte=now)),
        )
    }
    cadence = [
        CadenceRow(
            person=person,
            done_recently=stats.get(person.pk, {}).get("recent", 0),
            last_done=stats.get(person.pk, {}).get("last"),
            next_planned=stats.get(person.pk, {}).get("next"),
        )
        for person in access.coachees_visible(viewer)
        .filter(role=Role.REP)
        .order_by("team__name", "full_name")
    ]
    return TeamCalendar(
        weeks=[Week(day, sessions) for day, sessions in by_week.items()],
        cadence=cadence,
        starts_on=first,
        window_days=CADENCE_WINDOW_DAYS,
    )


def session_roleplays(*, session: CoachingSession) -> list[RolePlaySession]:
    return list(session.roleplays.select_related("scenario", "partner").order_by("held_at"))


def sessions_of(*, rep: Person, limit: int = 5) -> tuple[int, list[CoachingSession]]:
    """How many coaching sessions the rep has had or has booked, and the latest few."""
    sessions = CoachingSession.objects.filter(rep=rep).select_related("coach")
    return sessions.count(), list(sessions.order_by("-scheduled_at")[:limit])
