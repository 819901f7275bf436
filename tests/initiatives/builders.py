"""Initiatives for tests, launched through the services people use on the hand-made analysis of
tests/insights/snapshots.py (Art and Bob are its stars, Ann is core)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tests.conftest import World
from tests.debriefs.builders import ranked_with_profiles
from uplift.debriefs.models import Debrief
from uplift.debriefs.services import debrief_schedule, debrief_status_set
from uplift.initiatives.kinds import Kind
from uplift.initiatives.models import Initiative, Partner, SharingSession
from uplift.initiatives.services import (
    CharterInput,
    initiative_launch,
    invitation_answer,
    partners_invite,
    session_attendance_record,
    session_schedule,
)
from uplift.insights.models import AnalysisRun
from uplift.insights.selectors import analysis_latest
from uplift.orgs.models import Person
from uplift.practices.card_fields import CardContent
from uplift.practices.models import Practice
from uplift.practices.services import practice_approve, practice_draft_create, practice_submit


def analysed(world: World) -> AnalysisRun:
    """The hand-made analysis, with the star profiles debriefs are scheduled from."""
    ranked_with_profiles(world)
    run = analysis_latest(organisation=world.org)
    assert run is not None
    return run


def launched(
    world: World,
    *,
    starts_on: date | None = None,
    run: AnalysisRun | None = None,
    **charter: object,
) -> Initiative:
    """Lou launches an initiative sponsored by himself and owned by Ada, from today."""
    values: dict[str, object] = {
        "name": "Share what works",
        "purpose": "Our stars share how they win, and everyone gets better at it.",
        "sponsor": world.lou,
        "owner": world.ada,
        "scope_team": None,
        "starts_on": starts_on or timezone.localdate(),
        **charter,
    }
    return initiative_launch(
        launched_by=world.lou,
        charter=CharterInput(**values),  # type: ignore[arg-type]
        run=run or analysed(world),
    )


def partnered(
    initiative: Initiative, person: Person, counts: dict[Kind, int], *, today: date | None = None
) -> Partner:
    """Invite `person` and accept with `counts` a quarter."""
    [partner] = partners_invite(
        initiative=initiative, invited_by=initiative.sponsor, people=[person]
    )
    return invitation_answer(partner=partner, actor=person, accept=True, counts=counts, today=today)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def debrief_given(world: World, star: Person, day: date) -> Debrief:
    debrief = debrief_schedule(
        scheduled_by=world.lou, star=star, interviewer=world.lea, scheduled_at=at(day)
    )
    return debrief_status_set(debrief=debrief, actor=world.lou, status=Debrief.Status.COMPLETED)


def session_held(
    initiative: Initiative, host: Person, guests: list[Person], day: date
) -> SharingSession:
    session = session_schedule(
        initiative=initiative,
        actor=initiative.owner,
        host=host,
        kind=SharingSession.Kind.WIN_STORY,
        topic="How I multi-thread a deal",
        scheduled_at=at(day),
    )
    return session_attendance_record(session=session, actor=host, people=[host, *guests])


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def practice_published(world: World, contributor: Person, title: str) -> Practice:
    """A card credited to `contributor`, submitted and approved by Lou today."""
    draft = practice_draft_create(
        organisation=world.org,
        author=contributor,
        content=CardContent(title=title, problem="Deals stall.", steps="Ask who else is affected."),
    )
    practice_submit(practice=draft, actor=contributor, sponsor=world.lou)
    return practice_approve(practice=draft, actor=world.lou)
