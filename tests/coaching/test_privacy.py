"""Who sees what: notes stay with the rep, their manager chain and the session's coach; peer
raters see the role plays they rate; admins see no rep's sessions, notes or scores."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import Http404
from django.test import Client

from tests.coaching.builders import one_on_one, scenario, scored_roleplay
from tests.conftest import World
from tests.factories import PersonFactory
from uplift.coaching import access
from uplift.orgs import access as orgs_access
from uplift.orgs.models import Role


def test_the_chain_includes_team_managers_and_the_manager_links(world: World) -> None:
    assert orgs_access.report_ids_visible(world.mia) == {world.ann.pk, world.art.pk}
    assert world.ann.pk in orgs_access.report_ids_visible(world.lea)
    assert world.gil.pk not in orgs_access.report_ids_visible(world.lea)
    assert orgs_access.report_ids_visible(world.ada) == set()
    assert orgs_access.report_ids_visible(world.ann) == set()


def test_session_notes_reach_the_rep_the_chain_and_the_coach_only(world: World) -> None:
    named_coach = world.bob  # a rep of another team whom Mia named as coach
    session = one_on_one(world.ann, world.mia, notes="Ann wants to move to enterprise")
    other = one_on_one(world.ann, named_coach, notes="Second opinion")
    regional_outsider = PersonFactory(
        email="rita@acme.test", organisation=world.org, role=Role.LEADER, team=world.south
    )
    for viewer in (world.ann, world.mia, world.lea, world.lou):
        assert access.access_session(viewer, session.pk) == session
    assert access.access_session(named_coach, other.pk) == other
    for outsider in (world.art, world.bob, world.ada, world.gus, world.otto, regional_outsider):
        with pytest.raises(Http404):
            access.access_session(outsider, session.pk)


def test_a_peer_rater_sees_the_role_play_but_not_the_coaching_session(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    session = one_on_one(world.ann, world.mia, kind="role_play", notes="Nervous about pricing")
    s = scenario(world.ada)
    roleplay = scored_roleplay(
        s, world.ann, world.mia, {world.mia: [3, 3, 3], world.gil: [4, 4, 4]}
    )
    roleplay.coaching_session = session
    roleplay.save()
    login(world.gil)
    page = client.get(f"/coaching/role-plays/{roleplay.pk}/")
    assert page.status_code == 200
    assert b"Feedback from Mia" in page.content
    assert b"Nervous about pricing" not in page.content
    assert f"/coaching/sessions/{session.pk}/".encode() not in page.content
    assert client.get(f"/coaching/sessions/{session.pk}/").status_code == 404
    assert client.get(f"/coaching/people/{world.ann.pk}/progression/").status_code == 404
    api = client.get(f"/api/coaching/sessions/{session.pk}")
    assert api.status_code == 404


def test_the_admin_curates_scenarios_but_sees_no_scores(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    s = scenario(world.ada)
    roleplay = scored_roleplay(s, world.ann, world.mia, {world.mia: [2, 2, 2]})
    login(world.ada)
    assert client.get(f"/coaching/scenarios/{s.pk}/").status_code == 200
    assert client.get(f"/coaching/role-plays/{roleplay.pk}/").status_code == 404
    assert client.get("/api/coaching/role-plays").json()["items"] == []
    assert client.get("/api/coaching/sessions").json()["items"] == []


def test_the_reps_page_shows_notes_read_only_and_refuses_edits(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    session = one_on_one(world.ann, world.mia, notes="Try the mutual close plan")
    login(world.ann)
    page = client.get(f"/coaching/sessions/{session.pk}/")
    assert b"Try the mutual close plan" in page.content
    assert b"Save session" not in page.content
    refused = client.post(
        f"/coaching/sessions/{session.pk}/edit/",
        {
            "agenda": "",
            "notes": "changed",
            "status": "done",
            "scheduled_at": "2026-12-03T10:00",
            "duration_minutes": 30,
        },
    )
    assert refused.status_code == 403
    session.refresh_from_db()
    assert session.notes == "Try the mutual close plan"


def test_admins_are_never_coaches_partners_or_raters(world: World) -> None:
    from uplift.coaching.errors import CoachingError
    from uplift.coaching.services import roleplay_create

    with pytest.raises(CoachingError, match="admins do not coach"):
        one_on_one(world.ann, world.ada)
    s = scenario(world.ada)
    with pytest.raises(CoachingError, match="admins do not coach or score"):
        roleplay_create(
            scenario=s, rep=world.ann, coach=world.mia, partner=world.ada, created_by=world.mia
        )
    with pytest.raises(Http404):
        access.access_coaching_colleague(world.mia, world.ada.pk)
