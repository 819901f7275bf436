"""The coaching API end to end, and its OpenAPI description."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from tests.coaching.builders import scenario
from tests.conftest import World
from uplift.development.models import DevelopmentPlan
from uplift.practices.card_fields import CardContent
from uplift.practices.services import practice_draft_create


def _json(client: Client, method: str, url: str, body: object | None = None):  # type: ignore[no-untyped-def]
    return getattr(client, method)(url, body, content_type="application/json")


def test_sessions_notes_action_items_and_milestones(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    DevelopmentPlan.objects.create(
        organisation=world.org,
        rep=world.ann,
        manager=world.mia,
        goal="Grow",
        started_on=date(2026, 9, 1),
    )
    login(world.mia)
    created = _json(
        client,
        "post",
        "/api/coaching/sessions",
        {
            "rep_id": world.ann.pk,
            "kind": "one_on_one",
            "scheduled_at": "2026-12-03T09:30:00Z",
            "agenda": "Pipeline",
        },
    )
    assert created.status_code == 201
    session = created.json()
    assert (session["rep"]["id"], session["coach"]["id"], session["status"]) == (
        world.ann.pk,
        world.mia.pk,
        "planned",
    )
    assert session["ics_url"] == f"/coaching/sessions/{session['id']}/invite.ics"
    patched = _json(
        client,
        "patch",
        f"/api/coaching/sessions/{session['id']}",
        {"notes": "Wants to lead demos", "status": "done"},
    )
    assert (patched.json()["notes"], patched.json()["status"]) == ("Wants to lead demos", "done")
    bad = _json(client, "patch", f"/api/coaching/sessions/{session['id']}", {"status": "later"})
    assert bad.status_code == 422
    item = _json(
        client,
        "post",
        f"/api/coaching/sessions/{session['id']}/action-items",
        {"title": "Lead the Acme demo", "due_on": "2026-12-18"},
    ).json()
    milestone = client.post(f"/api/coaching/action-items/{item['id']}/milestone")
    assert milestone.status_code == 201
    assert milestone.json()["source"] == "coaching"
    assert client.post(f"/api/coaching/action-items/{item['id']}/milestone").status_code == 409
    client.logout()
    login(world.ann)
    mine = client.get("/api/coaching/sessions").json()["items"]
    assert [s["notes"] for s in mine] == ["Wants to lead demos"]
    assert mine[0]["action_items"][0]["milestone_id"] == milestone.json()["id"]


def test_role_play_scoring_calibration_and_progression(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    s = scenario(world.ada)
    items = [i.pk for i in s.rubric_items.all()]
    login(world.mia)
    created = _json(
        client,
        "post",
        "/api/coaching/role-plays",
        {
            "scenario_id": s.pk,
            "rep_id": world.ann.pk,
            "partner_id": world.art.pk,
            "held_at": "2026-11-02T10:00:00Z",
        },
    )
    assert created.status_code == 201
    roleplay = created.json()
    assert sorted(r["kind"] for r in roleplay["ratings"]) == ["coach", "peer"]
    url = f"/api/coaching/role-plays/{roleplay['id']}"
    mia = _json(
        client, "post", f"{url}/scores", {"scores": dict(zip(items, [1, 3, 3], strict=True))}
    )
    assert mia.status_code == 200
    client.logout()
    login(world.art)
    out_of_range = _json(client, "post", f"{url}/scores", {"scores": dict.fromkeys(items, 9)})
    assert out_of_range.status_code == 400
    assert "from 1 to 5" in out_of_range.json()["detail"]
    _json(client, "post", f"{url}/scores", {"scores": dict(zip(items, [4, 3, 4], strict=True))})
    calibration = client.get(f"{url}/calibration").json()
    assert [i["spread"] for i in calibration["items"]] == [3, 0, 1]
    assert [i["disagreement"] for i in calibration["items"]] == [True, False, False]
    assert calibration["leans"][str(world.mia.pk)] == pytest.approx(-4 / 3)
    assert client.get(f"/api/coaching/progression/{world.ann.pk}").status_code == 404
    client.logout()
    login(world.ann)
    progression = client.get(f"/api/coaching/progression/{world.ann.pk}").json()
    scores = {p["competency"]: p["score"] for p in progression["roleplays"]}
    assert scores == {"objection_handling": pytest.approx(2.75), "closing": pytest.approx(3.5)}
    assert client.get(url).json()["overall"] == pytest.approx((7 / 3 + 11 / 3) / 2)


def test_admins_draft_scenarios_from_practices_through_the_api(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    practice = practice_draft_create(
        organisation=world.org,
        author=world.ann,
        content=CardContent(
            title="Multi-thread early",
            competency_tags=("qualification",),
            stage_tags=("qualification",),
        ),
    )
    login(world.ada)
    drafted = client.post(f"/api/coaching/scenarios/from-practice/{practice.pk}")
    assert drafted.status_code == 201
    body = drafted.json()
    assert (body["status"], body["practice_id"], body["competency"]) == (
        "draft",
        practice.pk,
        "qualification",
    )
    assert "There is no budget this year." in body["objections"]
    assert all(len(item["levels"]) == 5 for item in body["rubric"])


def test_every_coaching_operation_is_documented(client: Client) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = [p for p in spec["paths"] if p.startswith("/api/coaching")]
    assert len(paths) == 13
    for path in paths:
        for operation in spec["paths"][path].values():
            assert operation["summary"]
            assert operation["security"]
    assert "SessionOut" in spec["components"]["schemas"]
