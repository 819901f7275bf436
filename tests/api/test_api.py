from __future__ import annotations

from django.test import Client

from tests.conftest import World
from uplift.orgs.services import api_token_create, api_token_revoke


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_openapi_document_lists_operations_and_security(client: Client) -> None:
    doc = client.get("/api/openapi.json").json()
    assert doc["info"]["title"] == "Uplift API"
    assert {"/api/me", "/api/people", "/api/people/{person_id}", "/api/teams"} <= set(doc["paths"])
    schemes = doc["components"]["securitySchemes"]
    assert {"TokenAccess", "SessionAccess"} <= set(schemes)


def test_token_authentication(client: Client, world: World) -> None:
    _, token = api_token_create(person=world.mia, name="t")
    me = client.get("/api/me", **bearer(token))
    assert me.status_code == 200
    assert me.json()["email"] == world.mia.email
    assert me.json()["home"] == "/team/"
    people = {p["email"] for p in client.get("/api/people", **bearer(token)).json()["items"]}
    assert people == {world.mia.email, world.ann.email, world.art.email}


def test_a_revoked_or_forged_token_is_refused(client: Client, world: World) -> None:
    token_row, token = api_token_create(person=world.ann, name="t")
    api_token_revoke(person=world.ann, token_id=token_row.pk)
    assert client.get("/api/me", **bearer(token)).status_code == 401
    assert client.get("/api/me", **bearer("upl_forged")).status_code == 401
    assert client.get("/api/me", HTTP_AUTHORIZATION="Basic abc").status_code == 401


def test_a_rep_token_sees_only_the_rep(client: Client, world: World) -> None:
    _, token = api_token_create(person=world.ann, name="t")
    people = client.get("/api/people", **bearer(token)).json()["items"]
    assert [p["email"] for p in people] == [world.ann.email]
    assert client.get(f"/api/people/{world.art.pk}", **bearer(token)).status_code == 404
    assert client.get("/api/teams", **bearer(token)).status_code == 403


def test_session_authentication(client: Client, world: World) -> None:
    client.force_login(world.lou)
    team = client.get(f"/api/teams/{world.alpha.pk}").json()
    assert {m["email"] for m in team["members"]} == {
        world.mia.email,
        world.ann.email,
        world.art.email,
    }


def test_bad_path_parameters_get_a_4xx_not_a_crash(client: Client, world: World) -> None:
    client.force_login(world.lou)
    assert client.get("/api/people/not-a-number").status_code in (404, 422)
    assert client.get("/api/people/99999999999999999999999").status_code in (404, 422)
