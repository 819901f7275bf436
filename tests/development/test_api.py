"""The development API end to end with a personal token: assess, plan, milestone, comment, read."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import World
from uplift.development.framework import DEFAULT_SLUGS
from uplift.orgs.services import api_token_create
from uplift.practices.models import Practice

pytestmark = pytest.mark.django_db


def _token(person: Any) -> dict[str, str]:
    _, token = api_token_create(person=person, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _ratings(**levels: int) -> list[dict[str, Any]]:
    return [{"competency": s, "level": levels.get(s, 3), "comment": ""} for s in DEFAULT_SLUGS]


def test_the_openapi_document_describes_the_development_operations(client: Client) -> None:
    doc = client.get("/api/openapi.json").json()
    assert "/api/development/plans/{plan_id}/milestones" in doc["paths"]
    assert "PlanIn" in doc["components"]["schemas"]
    assert doc["components"]["schemas"]["CompetencyOut"]["properties"]["slug"]["description"]


def test_framework_read_by_all_and_edited_by_admins(client: Client, world: World) -> None:
    listed = client.get("/api/development/competencies", **_token(world.ann)).json()["items"]
    assert [c["slug"] for c in listed] == list(DEFAULT_SLUGS)
    assert [lv["level"] for lv in listed[0]["levels"]] == [1, 2, 3, 4, 5]
    url = f"/api/development/competencies/{listed[0]['id']}"
    body = {"name": "Pipeline building", "levels": ["a", "b", "c", "d", "e"]}
    edited = client.put(url, body, content_type="application/json", **_token(world.ada))
    assert edited.status_code == 200
    assert edited.json()["name"] == "Pipeline building"
    assert edited.json()["slug"] == "prospecting"
    new = {"slug": "product_knowledge", "name": "Product knowledge", "levels": list("abcde")}
    made = client.post(
        "/api/development/competencies", new, content_type="application/json", **_token(world.ada)
    )
    assert made.status_code == 201
    assert made.json()["slug"] == "product_knowledge"
    short = client.put(
        url, {"name": "x", "levels": ["a"]}, content_type="application/json", **_token(world.ada)
    )
    assert short.status_code == 400
    assert "five levels" in short.json()["detail"]


def test_manager_plans_rep_comments_and_both_read(client: Client, world: World) -> None:
    practice = Practice.objects.create(organisation=world.org, title="Agenda", status="approved")
    mia, ann = _token(world.mia), _token(world.ann)
    made = client.post(
        f"/api/development/people/{world.ann.pk}/assessments",
        {"kind": "manager", "ratings": _ratings(discovery=1)},
        content_type="application/json",
        **mia,
    )
    assert made.status_code == 201
    assert {r["competency"]: r["level"] for r in made.json()["ratings"]}["discovery"] == 1
    mine = client.post(
        f"/api/development/people/{world.ann.pk}/assessments",
        {"kind": "self", "ratings": _ratings(discovery=4)},
        content_type="application/json",
        **ann,
    )
    assert mine.status_code == 201
    suggestions = client.get(f"/api/development/people/{world.ann.pk}/suggestions", **mia).json()[
        "items"
    ]
    assert suggestions[0]["competency"] == "discovery"
    assert suggestions[0]["suggested"] is True

    plan = client.post(
        "/api/development/plans",
        {
            "rep_id": world.ann.pk,
            "goal": "Discovery that finds the pain",
            "competencies": ["discovery"],
            "practice_ids": [practice.pk],
            "outcome_metric": "win_rate",
            "outcome_target": 0.3,
        },
        content_type="application/json",
        **mia,
    )
    assert plan.status_code == 201
    plan_id = plan.json()["id"]
    assert plan.json()["manager_id"] == world.mia.pk
    milestone = client.post(
        f"/api/development/plans/{plan_id}/milestones",
        {"title": "Agenda on three calls", "due_on": "2026-12-15"},
        content_type="application/json",
        **mia,
    )
    assert milestone.status_code == 201
    comment = client.post(
        f"/api/development/plans/{plan_id}/comments",
        {"body": "Let's go"},
        content_type="application/json",
        **ann,
    )
    assert comment.status_code == 201
    read = client.get(f"/api/development/plans/{plan_id}", **ann).json()
    assert read["competencies"] == ["discovery"]
    assert read["practice_ids"] == [practice.pk]
    assert [m["title"] for m in read["milestones"]] == ["Agenda on three calls"]
    assert read["movements"] == [
        {
            "metric": "win_rate",
            "label": "Win rate",
            "baseline": None,
            "target": 0.3,
            "current": None,
            "months_since": 0,
            "deals_since": 0,
            "status": "no_data",
        }
    ]
    assert [p["id"] for p in client.get("/api/development/plans", **ann).json()["items"]] == [
        plan_id
    ]
    rows = client.get("/api/development/accountability", **mia).json()["items"]
    assert {r["name"]: r["plan_id"] for r in rows} == {"Ann Test": plan_id, "Art Test": None}


def test_bad_input_gets_a_clear_400(client: Client, world: World) -> None:
    mia = _token(world.mia)
    unknown = client.post(
        f"/api/development/people/{world.ann.pk}/assessments",
        {"kind": "manager", "ratings": [{"competency": "juggling", "level": 3}]},
        content_type="application/json",
        **mia,
    )
    assert unknown.status_code == 400
    assert "juggling" in unknown.json()["detail"]
    missing = client.post(
        f"/api/development/people/{world.ann.pk}/assessments",
        {"kind": "manager", "ratings": _ratings()[:3]},
        content_type="application/json",
        **mia,
    )
    assert missing.status_code == 400
    assert "missing" in missing.json()["detail"]
    no_goal = client.post(
        "/api/development/plans",
        {"rep_id": world.ann.pk, "goal": " "},
        content_type="application/json",
        **mia,
    )
    assert no_goal.status_code == 400
    assert client.get("/api/development/plans?status=lost", **mia).status_code == 400


def test_a_rep_cannot_read_a_teammates_assessments(client: Client, world: World) -> None:
    client.post(
        f"/api/development/people/{world.art.pk}/assessments",
        {"kind": "manager", "ratings": _ratings()},
        content_type="application/json",
        **_token(world.mia),
    )
    response = client.get(
        f"/api/development/people/{world.art.pk}/assessments", **_token(world.ann)
    )
    assert response.status_code == 404
