"""The global search finds only what the viewer may open: a rep searching for another rep's
coaching session or debrief finds nothing of it; their own, and their reports' for a manager,
are found. People are found by name, team or role; practices by their words."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import World
from uplift.coaching.models import CoachingSession
from uplift.debriefs.models import Debrief
from uplift.orgs.models import Person
from uplift.presenters.search import search_everything

pytestmark = pytest.mark.django_db


def _session(world: World, rep: Person, coach: Person, agenda: str) -> CoachingSession:
    return CoachingSession.objects.create(
        organisation=world.org,
        rep=rep,
        coach=coach,
        created_by=coach,
        scheduled_at=timezone.now() + timedelta(days=2),
        agenda=agenda,
    )


def _debrief(world: World, star: Person, notes: str) -> Debrief:
    return Debrief.objects.create(
        organisation=world.org,
        star=star,
        interviewer=world.lou,
        scheduled_by=world.lou,
        scheduled_at=timezone.now(),
        notes=notes,
    )


def _found(viewer: Person, text: str) -> dict[str, list[str]]:
    results = search_everything(viewer=viewer, text=text)
    return {group.key: [hit.title for hit in group.hits] for group in results.groups}


def test_a_rep_never_finds_another_rep_s_session_or_debrief(world: World) -> None:
    _session(world, world.art, world.mia, "Pricing objection walkthrough")
    _debrief(world, world.art, "Pricing objection: how Art reframes value")
    assert _found(world.ann, "pricing objection") == {}
    assert _found(world.ann, "Art Test").keys() == {"people"}  # only the directory entry


def test_a_rep_finds_their_own_and_a_manager_their_reps(world: World) -> None:
    _session(world, world.ann, world.mia, "Pricing objection walkthrough")
    _debrief(world, world.ann, "Pricing objection: how Ann reframes value")
    mine = _found(world.ann, "pricing objection")
    assert mine["sessions"] == ["1:1: Ann Test with Mia Test"]
    assert mine["debriefs"] == ["Debrief with Ann Test"]
    assert _found(world.mia, "pricing objection").keys() == {"sessions", "debriefs"}
    assert _found(world.gus, "pricing objection") == {}  # another team's manager
    assert _found(world.otto, "pricing objection") == {}  # another company


def test_people_by_name_team_or_role_within_the_organisation(world: World) -> None:
    assert _found(world.ann, "gil")["people"] == ["Gil Test"]
    assert "Ann Test" in _found(world.gil, "alpha rep")["people"]
    assert _found(world.ann, "otto") == {}  # another company


def test_too_short_searches_nothing(world: World) -> None:
    results = search_everything(viewer=world.ann, text="a")
    assert results.too_short
    assert results.groups == ()


def test_the_page_and_its_live_results(world: World, login: Any) -> None:
    _session(world, world.ann, world.mia, "Discovery call review")
    client: Client = login(world.ann)
    page = client.get("/search/", {"q": "discovery"})
    assert page.status_code == 200
    assert "Coaching sessions" in page.content.decode()
    live = client.get(
        "/search/",
        {"q": "discovery"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="topbar-search-results",
    )
    assert "<html" not in live.content.decode()
    assert "All results for" in live.content.decode()
    nothing = client.get("/search/", {"q": "zebra crossing"})
    assert "Nothing you can see matches" in nothing.content.decode()


def test_the_directory_and_the_picker_show_team_and_role(world: World, login: Any) -> None:
    client: Client = login(world.ann)
    directory = client.get(f"/directory/?q=test&team={world.alpha.pk}").content.decode()
    assert "Art Test" in directory
    assert "Gil Test" not in directory
    assert "Otto" not in directory
    picked = client.get("/people/pick/", {"scope": "colleagues", "q": "gil"}).content.decode()
    assert "Gil Test" in picked
    assert "Gamma" in picked
    assert "Rep" in picked
    assert "Otto" not in client.get("/people/pick/", {"q": "otto"}).content.decode()
    coachees = client.get("/people/pick/", {"scope": "coachees", "q": "test"}).content.decode()
    assert "Art Test" not in coachees  # a rep coaches nobody
