"""The initiative pages, end to end through their forms: a leader launches and invites the stars, a
star accepts with commitments, a session is held, and the health page shows what came of it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import World
from tests.initiatives.builders import analysed, days_ago, launched, partnered, session_held
from uplift.initiatives.kinds import Kind
from uplift.initiatives.models import Commitment, Initiative, Partner, SharingSession
from uplift.practices.models import Practice

pytestmark = pytest.mark.django_db


def test_a_leader_launches_invites_and_a_star_accepts(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    analysed(world)
    login(world.lou)
    form = client.get("/initiatives/new/").content.decode()
    baseline = form.split('data-testid="baseline-preview"')[1].split("</section>")[0]
    assert "win rate" in baseline  # the gap it would freeze
    assert "Art Test" in form  # a proposed star
    launched_page = client.post(
        "/initiatives/new/",
        {
            "name": "Share what works",
            "purpose": "Stars share how they win.",
            "sponsor": world.lou.pk,
            "owner": world.ada.pk,
            "scope_team": "",
            "starts_on": timezone.localdate().isoformat(),
            "close_percent": 25,
            "quarters": 4,
            "cadence": "fortnightly",
        },
    )
    initiative = Initiative.objects.get()
    assert launched_page.url == f"/initiatives/{initiative.pk}/"
    detail = client.get(launched_page.url).content.decode()
    assert "Close 25% of the star-core gap on win rate in 4 quarters" in detail
    assert 'data-testid="invite-form"' in detail
    invited = client.post(
        f"/initiatives/{initiative.pk}/invite/", {"people": [world.art.pk, world.bob.pk]}
    )
    assert invited.status_code == 302
    assert Partner.objects.filter(status=Partner.Status.INVITED).count() == 2
    client.logout()

    login(world.art)
    assert "Answer your invitation" in client.get("/initiatives/").content.decode()
    answered = client.post(
        f"/initiatives/{initiative.pk}/invitation/",
        {"answer": "accept", "debriefs_per_quarter": 1, "sessions_per_quarter": 1},
    )
    assert answered.status_code == 302
    mine = client.get(f"/initiatives/{initiative.pk}/").content.decode()
    assert 'data-testid="my-commitments"' in mine
    assert mine.count('data-state="due"') == 2
    assert Commitment.objects.filter(person=world.art).count() == 8  # two kinds, four quarters


def test_a_refused_answer_stays_on_the_form(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    initiative = launched(world)
    from uplift.initiatives.services import partners_invite

    partners_invite(initiative=initiative, invited_by=world.lou, people=[world.art])
    login(world.art)
    refused = client.post(f"/initiatives/{initiative.pk}/invitation/", {"answer": "accept"})
    assert refused.status_code == 400
    assert "Commit to at least one thing a quarter" in refused.content.decode()


def test_a_session_is_scheduled_held_and_its_notes_become_the_host_s_draft(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    initiative = launched(world, starts_on=days_ago(20))
    partnered(initiative, world.art, {Kind.SESSIONS_HOSTED: 1}, today=days_ago(20))
    login(world.art)
    when = timezone.localtime() - timedelta(hours=2)
    scheduled = client.post(
        f"/initiatives/{initiative.pk}/sessions/new/",
        {
            "kind": "win_story",
            "topic": "Winning the renewal",
            "scheduled_at": when.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 45,
        },
    )
    session = SharingSession.objects.get()
    assert scheduled.url == f"/initiatives/sessions/{session.pk}/"
    client.post(
        f"/initiatives/sessions/{session.pk}/attendance/",
        {"people": [world.art.pk, world.ann.pk, world.lou.pk]},
    )
    client.post(
        f"/initiatives/sessions/{session.pk}/notes/", {"notes": "Call the CFO early.\nAsk why now."}
    )
    page = client.get(f"/initiatives/sessions/{session.pk}/").content.decode()
    assert "Ann Test" in page
    drafted = client.post(
        f"/initiatives/sessions/{session.pk}/draft/",
        {"title": "Winning the renewal", "steps": "Call the CFO early.\nAsk why now."},
    )
    practice = Practice.objects.get()
    assert drafted.url == f"/practices/{practice.pk}/"
    assert list(practice.contributors.all()) == [world.art]
    assert practice.status == Practice.Status.DRAFT
    kept = client.get(f"/initiatives/{initiative.pk}/commitments/").content.decode()
    assert 'data-kind="sessions_hosted" data-state="kept"' in kept


def test_the_health_page_shows_the_funnel_participation_and_closure(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    initiative = launched(world, starts_on=days_ago(20))
    partnered(initiative, world.art, {Kind.SESSIONS_HOSTED: 1}, today=days_ago(20))
    session_held(initiative, world.art, [world.ann], days_ago(2))
    login(world.lou)
    response = client.get(f"/initiatives/{initiative.pk}/health/")
    assert response.status_code == 200
    page = response.content.decode()
    funnel = json.loads(re.search(r'id="chart-funnel"[^>]*>(.*?)</script>', page).group(1))  # type: ignore[union-attr]
    assert [row["value"] for row in funnel["rows"]][:2] == [1, 1]  # one partner, one kept
    assert 'data-testid="participation-share">0%' in page  # Ann (core) only attended
    assert "causal estimate" in page
    assert "too few months since the start" in page  # three months of analysis
    assert 'data-testid="partner-commitments"' in page  # Lou is the sponsor
    assert 'data-testid="next-step"' in page
