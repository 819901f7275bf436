"""The recognition API: the same services and checks as the pages, with documented schemas."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.conftest import World
from tests.recognition.helpers import practice_make
from uplift.recognition.models import PointsEntry, PointsRule


def _json(client: Client, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    response = getattr(client, method)(path, body or {}, content_type="application/json")
    return response.status_code, response.json()


def test_kudos_round_trip(world: World, client: Client) -> None:
    practice = practice_make(author=world.gil, title="Champion letter")
    client.force_login(world.ann)
    status, created = _json(
        client,
        "post",
        "/api/recognition/kudos",
        {
            "receiver_id": world.gil.pk,
            "message": "Thanks!",
            "reason": "practice",
            "practice_id": practice.pk,
        },
    )
    assert status == 201
    assert created["giver"] == {"id": world.ann.pk, "full_name": "Ann Test"}
    assert created["practice_id"] == practice.pk
    client.force_login(world.otto)
    assert client.get(f"/api/recognition/kudos/{created['id']}").status_code == 404
    client.force_login(world.bob)
    (item,) = client.get("/api/recognition/feed").json()["items"]
    assert item["kind"] == "kudos"
    assert item["kudos"]["message"] == "Thanks!"


def test_kudos_refusals_are_400_with_the_reason(world: World, client: Client) -> None:
    client.force_login(world.ann)
    status, body = _json(
        client, "post", "/api/recognition/kudos", {"receiver_id": world.ann.pk, "message": "Me"}
    )
    refusal = {"detail": "Kudos are for someone else.", "code": "invalid", "field": "receiver"}
    assert (status, body) == (400, refusal)
    status, _ = _json(
        client,
        "post",
        "/api/recognition/kudos",
        {"receiver_id": world.gil.pk, "message": "x" * 501},
    )
    assert status == 422


def test_spotlight_and_points_through_the_api(world: World, client: Client) -> None:
    practice = practice_make(author=world.ann, title="Champion letter")
    client.force_login(world.lou)
    status, spotlight = _json(
        client,
        "post",
        "/api/recognition/spotlights",
        {
            "contributor_id": world.ann.pk,
            "practice_id": practice.pk,
            "message": "Thank you Ann",
        },
    )
    assert status == 201
    assert spotlight["evidence"]["practice"]["impact_status"] == "not measured yet"
    client.force_login(world.ada)
    status, sync = _json(client, "post", "/api/recognition/ledger/sync")
    assert (status, sync["appended"]) == (200, 2)
    client.force_login(world.ann)
    points = client.get("/api/recognition/points/me").json()
    assert points["balance"] == 35
    assert sorted(e["event"] for e in points["entries"]) == ["practice_approved", "practice_shared"]


def test_an_admin_edits_rules_and_reverses_entries(world: World, client: Client) -> None:
    practice_make(author=world.ann, title="Champion letter")
    client.force_login(world.ada)
    rules = client.get("/api/recognition/rules").json()["items"]
    shared = next(r for r in rules if r["event"] == "practice_shared")
    status, updated = _json(
        client,
        "put",
        f"/api/recognition/rules/{shared['id']}",
        {
            **{
                k: shared[k] for k in ("recipient", "cap", "cap_period", "dedup_template", "active")
            },
            "points": 15,
        },
    )
    assert (status, updated["points"]) == (200, 15)
    status, refused = _json(
        client,
        "put",
        f"/api/recognition/rules/{shared['id']}",
        {**updated, "dedup_template": "{event}"},
    )
    assert status == 400
    assert "person_id" in refused["detail"]
    _json(client, "post", "/api/recognition/ledger/sync")
    entry = PointsEntry.objects.get(event=PointsRule.Event.PRACTICE_SHARED)
    assert entry.points == 15
    status, reversal = _json(
        client,
        "post",
        f"/api/recognition/ledger/{entry.pk}/reverse",
        {"reason": "Shared by mistake"},
    )
    assert (status, reversal["points"], reversal["reverses_id"]) == (201, -15, entry.pk)
    status, again = _json(
        client, "post", f"/api/recognition/ledger/{entry.pk}/reverse", {"reason": "Again"}
    )
    assert (status, again["detail"]) == (400, "These points were already reversed.")


def test_the_openapi_document_describes_the_recognition_operations(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert "/api/recognition/kudos" in paths
    assert paths["/api/recognition/kudos"]["post"]["tags"] == ["Recognition"]
    assert "KudosIn" in schema["components"]["schemas"]
    assert set(paths["/api/recognition/leaderboards/{board}"]["get"]["responses"]) >= {"200", "404"}
