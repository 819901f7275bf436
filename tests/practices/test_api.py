"""The practices API: search, create, edit, review, comment and adopt, with each refusal."""

from __future__ import annotations

from django.test import Client

from tests.conftest import World
from tests.practices.builders import MEETINGS, approved, draft
from uplift.orgs.services import api_token_create
from uplift.practices.models import Adoption, Practice


def _token(person: object) -> dict[str, str]:
    _, token = api_token_create(person=person, name="t")  # type: ignore[arg-type]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_openapi_documents_the_practice_operations(client: Client) -> None:
    doc = client.get("/api/openapi.json").json()
    paths = doc["paths"]
    assert {"get", "post"} <= set(paths["/api/practices"])
    assert "patch" in paths["/api/practices/{practice_id}"]
    for path in ("submit", "approve", "send-back", "comments", "adopt"):
        assert f"/api/practices/{{practice_id}}/{path}" in paths
    assert "/api/adoptions/{adoption_id}/advance" in paths
    assert "PracticeDetailOut" in doc["components"]["schemas"]


def test_create_submit_approve_adopt_over_the_api(client: Client, world: World) -> None:
    ann, lou, mia = _token(world.ann), _token(world.lou), _token(world.mia)
    body = {
        "title": "Mutual close plan",
        "problem": "Deals slip.",
        "steps": "Agree the date\nWork back",
        "stage_tags": ["closing"],
        "competency_tags": ["closing"],
        "contributor_ids": [world.art.pk],
        "evidence": [MEETINGS],
    }
    created = client.post("/api/practices", body, content_type="application/json", **ann)
    assert created.status_code == 201
    card = created.json()
    assert card["status"] == "draft"
    assert {c["id"] for c in card["contributors"]} == {world.ann.pk, world.art.pk}
    assert card["evidence"][0]["effect_size"] == 0.82
    url = f"/api/practices/{card['id']}"
    refused = client.post(
        f"{url}/submit", {"sponsor_id": world.mia.pk}, content_type="application/json", **ann
    )
    assert refused.status_code == 400
    submitted = client.post(
        f"{url}/submit", {"sponsor_id": world.lou.pk}, content_type="application/json", **ann
    )
    assert submitted.json()["status"] == "in_review"
    assert (
        client.post(f"{url}/approve", {}, content_type="application/json", **mia).status_code == 403
    )
    approved_ = client.post(
        f"{url}/approve", {"note": "Good"}, content_type="application/json", **lou
    )
    assert approved_.json()["version"] == 1
    adopted = client.post(
        f"{url}/adopt", {"person_id": world.ann.pk}, content_type="application/json", **mia
    )
    assert adopted.status_code == 201
    adoption_id = adopted.json()["id"]
    step = client.post(
        f"/api/adoptions/{adoption_id}/advance",
        {"stage": "practising"},
        content_type="application/json",
        **ann,
    )
    assert step.json()["stage"] == "practising"
    early = client.post(
        f"/api/adoptions/{adoption_id}/advance",
        {"stage": "habitual"},
        content_type="application/json",
        **mia,
    )
    assert early.status_code == 400
    assert "next stage is demonstrated" in early.json()["detail"]
    shown = client.post(
        f"/api/adoptions/{adoption_id}/advance",
        {"stage": "demonstrated"},
        content_type="application/json",
        **mia,
    )
    assert shown.json()["stage"] == "demonstrated"
    assert Adoption.objects.get(pk=adoption_id).demonstrated_by == world.mia


def test_search_and_filters_over_the_api(client: Client, world: World) -> None:
    approved(world.ann, world.lou)
    approved(
        world.bob,
        world.lou,
        title="Discovery call agenda",
        problem="Calls ramble.",
        stage_tags=["discovery"],
        competency_tags=["discovery"],
    )
    headers = _token(world.gil)
    titles = [p["title"] for p in client.get("/api/practices?q=ramble", **headers).json()["items"]]
    assert titles == ["Discovery call agenda"]
    by_person = client.get(f"/api/practices?contributor={world.ann.pk}", **headers).json()["items"]
    assert [p["title"] for p in by_person] == ["Mutual close plan"]
    assert [
        p["title"] for p in client.get("/api/practices?q=close", **headers).json()["items"]
    ] == ["Mutual close plan"]
    both = client.get("/api/practices?q=close&competency=discovery", **headers).json()["items"]
    assert both == []


def test_edit_comment_and_refusals(client: Client, world: World) -> None:
    card = approved(world.ann, world.lou)
    url = f"/api/practices/{card.pk}"
    ann, bob, otto = _token(world.ann), _token(world.bob), _token(world.otto)
    change = {"talk_tracks": "Shall we plan back from go-live?", "summary": "Talk track"}
    edited = client.patch(url, change, content_type="application/json", **ann)
    assert edited.json()["version"] == 2
    assert edited.json()["versions"][0]["changed_fields"] == ["talk_tracks"]
    assert (
        client.patch(url, {"title": "Mine"}, content_type="application/json", **bob).status_code
        == 403
    )
    assert client.get(url, **otto).status_code == 404
    ask = {"body": "Does it work for renewals?", "is_question": True}
    question = client.post(f"{url}/comments", ask, content_type="application/json", **bob)
    assert question.status_code == 201
    reply = client.post(
        f"{url}/comments",
        {"body": "Yes", "parent_id": question.json()["id"]},
        content_type="application/json",
        **ann,
    )
    assert reply.json()["parent_id"] == question.json()["id"]
    empty = client.post(f"{url}/comments", {"body": " "}, content_type="application/json", **bob)
    assert empty.status_code == 400
    hidden = draft(world.art, title="Not yet")
    assert client.get(f"/api/practices/{hidden.pk}", **bob).status_code == 404
    assert Practice.objects.count() == 2
