"""Forms that respect the person filling them in: a refused submission never throws away what was
typed (role-play scores and feedback, a session's notes, a plan's milestone, check-in and comment,
kudos, a practice's comment and review), and a date far in the past or the future is asked about
once ("Yes, this date is right") instead of being saved without a word."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.coaching.builders import one_on_one, scenario
from tests.conftest import World
from uplift.coaching.models import CoachingSession, RolePlayRating
from uplift.coaching.services import roleplay_create
from uplift.debriefs.models import Debrief
from uplift.development.models import CheckIn, DevelopmentPlan, Milestone, PlanComment
from uplift.practices.models import Practice, PracticeComment
from uplift.recognition.models import Kudos

pytestmark = pytest.mark.django_db

Login = Callable[..., Client]
HTMX = "true"


def _day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_a_role_play_scored_with_one_item_missing_keeps_the_rest(
    world: World, login: Login
) -> None:
    s = scenario(world.ada)
    roleplay = roleplay_create(
        scenario=s, rep=world.ann, coach=world.mia, partner=world.mia, created_by=world.mia
    )
    first, _unscored, third = s.rubric_items.all()
    client = login(world.mia)
    refused = client.post(
        f"/coaching/role-plays/{roleplay.pk}/score/",
        {
            f"score-{first.pk}": "4",
            f"score-{third.pk}": "2",
            "feedback": "Strong reframe; agree the next step out loud.",
        },
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Score every rubric item; missing: Reframes on value." in page
    assert f'id="score-{first.pk}-4" value="4" autocomplete="off" checked' in page
    assert f'id="score-{third.pk}-2" value="2" autocomplete="off" checked' in page
    assert "Strong reframe; agree the next step out loud.</textarea>" in page
    assert page.count('data-testid="unscored"') == 1
    rating = RolePlayRating.objects.get(session=roleplay, rater=world.mia)
    assert rating.submitted_at is None  # nothing saved until every item is scored


def test_a_session_booked_in_2020_is_asked_about_and_kept_until_confirmed(
    world: World, login: Login
) -> None:
    client = login(world.mia)
    typed = {
        "rep": world.ann.pk,
        "kind": CoachingSession.Kind.ONE_ON_ONE,
        "scheduled_at": "2020-03-03T09:30",
        "duration_minutes": 30,
        "agenda": "Forecast review and the Acme renewal",
    }
    asked = client.post("/coaching/sessions/new/", typed)
    assert asked.status_code == 400
    page = asked.content.decode()
    assert "“When” is 3 March 2020" in page
    assert "ago." in page
    assert "Is that right? Tick “Yes, this date is right”" in page
    assert 'data-testid="date-confirm"' in page
    assert "Forecast review and the Acme renewal" in page  # the agenda is kept
    assert 'value="2020-03-03T09:30"' in page
    assert not CoachingSession.objects.exists()
    confirmed = client.post("/coaching/sessions/new/", {**typed, "scheduled_at_confirmed": "1"})
    assert confirmed.status_code == 302
    assert CoachingSession.objects.get().scheduled_at.year == 2020
    far = client.post("/coaching/sessions/new/", {**typed, "scheduled_at": "2031-01-10T09:00"})
    assert far.status_code == 400
    assert "from now" in far.content.decode()


def test_a_refused_session_edit_keeps_the_notes(world: World, login: Login) -> None:
    session = one_on_one(world.ann, world.mia)
    client = login(world.mia)
    notes = "Two deals single-threaded; agreed to find a second sponsor on each."
    refused = client.post(
        f"/coaching/sessions/{session.pk}/edit/",
        {
            "agenda": session.agenda,
            "notes": notes,
            "status": "done",
            "scheduled_at": timezone.localtime(session.scheduled_at).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 2,  # under the 5-minute minimum
        },
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert notes in page
    assert "greater than or equal to 5" in page
    session.refresh_from_db()
    assert session.notes == ""
    unchanged_past = client.post(  # the session's own (past) time is not asked about again
        f"/coaching/sessions/{session.pk}/edit/",
        {
            "agenda": "",
            "notes": notes,
            "status": "done",
            "scheduled_at": timezone.localtime(session.scheduled_at).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 30,
        },
    )
    assert unchanged_past.status_code == 302


def test_an_action_item_due_in_the_past_is_asked_about(world: World, login: Login) -> None:
    session = one_on_one(world.ann, world.mia)
    client = login(world.mia)
    url = f"/coaching/sessions/{session.pk}/action-items/"
    asked = client.post(
        url, {"title": "Send the recap", "due_on": "2021-05-01"}, HTTP_HX_REQUEST=HTMX
    )
    assert asked.status_code == 400
    assert 'value="Send the recap"' in asked.content.decode()
    assert not session.action_items.exists()
    client.post(
        url,
        {"title": "Send the recap", "due_on": "2021-05-01", "due_on_confirmed": "1"},
        HTTP_HX_REQUEST=HTMX,
    )
    assert session.action_items.count() == 1


def test_the_plan_page_keeps_a_refused_milestone_check_in_and_comment(
    world: World, login: Login
) -> None:
    plan = DevelopmentPlan.objects.create(
        organisation=world.org,
        rep=world.ann,
        manager=world.mia,
        goal="Better discovery",
        started_on=timezone.localdate(),
    )
    client = login(world.mia)
    far = client.post(
        f"/development/plans/{plan.pk}/milestones/",
        {"title": "Run the discovery play on three deals", "due_on": "2062-01-01"},
        HTTP_HX_REQUEST=HTMX,
    )
    assert far.status_code == 400
    assert 'value="Run the discovery play on three deals"' in far.content.decode()
    assert "“Due” is 1 January 2062" in far.content.decode()
    without_htmx = client.post(  # the whole page, with the typed title and the reason
        f"/development/plans/{plan.pk}/milestones/",
        {"title": "Run the discovery play on three deals", "due_on": "2062-01-01"},
    )
    assert without_htmx.status_code == 400
    assert 'value="Run the discovery play on three deals"' in without_htmx.content.decode()
    assert not Milestone.objects.exists()
    ahead = client.post(
        f"/development/plans/{plan.pk}/check-ins/",
        {"held_on": _day(10), "notes": "Talked through the two stuck deals."},
        HTTP_HX_REQUEST=HTMX,
    )
    assert ahead.status_code == 400
    assert "Talked through the two stuck deals.</textarea>" in ahead.content.decode()
    assert not CheckIn.objects.exists()
    long_comment = "x" * 4001
    refused = client.post(
        f"/development/plans/{plan.pk}/comments/", {"body": long_comment}, HTTP_HX_REQUEST=HTMX
    )
    assert refused.status_code == 400
    assert long_comment in refused.content.decode()
    assert not PlanComment.objects.exists()


def test_refused_kudos_without_htmx_keep_the_message(world: World, login: Login) -> None:
    client = login(world.ann)
    refused = client.post(
        "/recognition/kudos/", {"receiver": "", "message": "Thanks for the pricing help"}
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Thanks for the pricing help</textarea>" in page
    assert 'data-testid="kudos-error"' in page
    assert not Kudos.objects.exists()


def test_a_refused_practice_comment_and_review_keep_the_text(world: World, login: Login) -> None:
    practice = Practice.objects.create(
        organisation=world.org,
        title="Champion letter",
        status=Practice.Status.IN_REVIEW,
        created_by=world.ann,
        sponsor=world.lou,
    )
    client = login(world.lou)
    comment = "How do you pick the champion? " * 140  # over 4,000 characters
    refused = client.post(f"/practices/{practice.pk}/comments/", {"body": comment})
    assert refused.status_code == 400
    assert comment.strip() in refused.content.decode()
    assert not PracticeComment.objects.exists()
    empty = client.post(f"/practices/{practice.pk}/send-back/", {"reason": "  "})
    assert empty.status_code == 400


def test_a_debrief_in_the_past_is_asked_about(world: World, client: Client) -> None:
    from tests.debriefs.builders import world_profiles

    world_profiles(world)
    client.force_login(world.lou)
    asked = client.post(
        "/debriefs/new/",
        {
            "star": world.art.pk,
            "interviewer": world.lou.pk,
            "scheduled_at": "2020-01-06T10:00",
            "duration_minutes": 60,
        },
    )
    assert asked.status_code == 400
    assert "“Date and time” is 6 January 2020" in asked.content.decode()
    assert not Debrief.objects.exists()
