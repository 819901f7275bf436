"""The debriefs API: schedule, read, update the guide and notes, create a draft, read a profile;
with bad input answered 400 and the same scopes as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import World
from tests.debriefs.builders import debrief_with, world_profiles

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiled(world: World) -> World:
    world_profiles(world)
    return world


def test_a_debrief_from_schedule_to_practice_draft(profiled: World, client: Client) -> None:
    w = profiled
    client.force_login(w.lou)
    created = client.post(
        "/api/debriefs",
        {
            "star_id": w.art.pk,
            "interviewer_id": w.mia.pk,
            "co_contributor_ids": [w.bob.pk],
            "scheduled_at": "2026-12-03T14:00:00Z",
            "stages": ["closing"],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    debrief = created.json()
    assert debrief["star"] == {"id": w.art.pk, "full_name": "Art Test"}
    assert debrief["stages"] == ["closing"]
    assert [d["behavior"] for d in debrief["distinctive"]] == [
        "meetings_per_opportunity",
        "contacts_per_opportunity",
    ]
    assert debrief["can_edit"] is True
    url = f"/api/debriefs/{debrief['id']}"
    patched = client.patch(
        url, {"guide": "## Only this", "notes": "Two sponsors."}, content_type="application/json"
    )
    assert (patched.json()["guide"], patched.json()["notes"]) == ("## Only this", "Two sponsors.")
    draft = client.post(
        f"{url}/practices",
        {
            "title": "Two sponsors before the proposal",
            "evidence_behaviours": ["contacts_per_opportunity"],
        },
        content_type="application/json",
    )
    assert draft.status_code == 201, draft.content
    body = draft.json()
    assert {p["full_name"] for p in body["contributors"]} == {"Art Test", "Bob Test", "Lou Test"}
    assert [(e["behavior"], e["star"], e["core"]) for e in body["evidence"]] == [
        ("contacts_per_opportunity", 3.4, 2.1)
    ]
    assert client.get(url).json()["practice_ids"] == [body["id"]]
    done = client.patch(url, {"status": "completed"}, content_type="application/json")
    assert done.json()["status"] == "completed"
    listed = client.get("/api/debriefs?status=completed").json()["items"]
    assert [d["id"] for d in listed] == [debrief["id"]]


def test_bad_input_gets_a_clear_400(profiled: World, client: Client) -> None:
    w = profiled
    client.force_login(w.lou)
    when = "2026-12-03T14:00:00Z"
    not_star = client.post(
        "/api/debriefs",
        {"star_id": w.bob.pk, "interviewer_id": w.lou.pk, "scheduled_at": when},
        content_type="application/json",
    )
    assert not_star.status_code == 400
    assert "not a star" in not_star.json()["detail"]
    stranger = client.post(
        "/api/debriefs",
        {"star_id": w.art.pk, "interviewer_id": w.otto.pk, "scheduled_at": when},
        content_type="application/json",
    )
    assert stranger.status_code == 400
    debrief = debrief_with(w, w.art)
    status = client.patch(
        f"/api/debriefs/{debrief.pk}", {"status": "finished"}, content_type="application/json"
    )
    assert status.status_code == 400
    assert "not a status" in status.json()["detail"]


def test_the_profile_api_answers_only_within_scope(profiled: World, client: Client) -> None:
    w = profiled
    client.force_login(w.ann)
    mine = client.get(f"/api/stars/{w.ann.pk}/profile").json()
    assert mine["is_star"] is True
    assert mine["distinctive"][0]["percentile_core"] == 92.5
    assert client.get(f"/api/stars/{w.art.pk}/profile").status_code == 404
    client.force_login(w.ada)
    bob = client.get(f"/api/stars/{w.bob.pk}/profile").json()
    assert bob["is_star"] is False
    assert bob["behaviours"] == []


def test_the_openapi_document_describes_the_operations(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/debriefs",
        "/api/debriefs/{debrief_id}",
        "/api/debriefs/{debrief_id}/practices",
        "/api/stars/{person_id}/profile",
    } <= set(paths)
    schedule = paths["/api/debriefs"]["post"]
    assert "201" in schedule["responses"]
    assert "400" in schedule["responses"]
