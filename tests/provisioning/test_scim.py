"""The SCIM directory as Okta and Entra ID drive it: the request sequences their documentation
shows (create a user, find them by a filter, deactivate with PATCH active false, add and remove
group members), the token per organisation, and refusals in SCIM's error form."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import HttpRequest
from django.test import Client

from tests.conftest import World
from tests.factories import TEST_PASSWORD
from uplift.audit.models import Action, AuditEvent
from uplift.orgs.models import Person
from uplift.provisioning.models import ScimToken
from uplift.provisioning.services import scim_token_rotate

SCIM = "application/scim+json"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class Directory:
    def __init__(self, token: str) -> None:
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def get(self, path: str, **query: Any) -> Any:
        return self.client.get(f"/scim/v2{path}", query, **self.headers)

    def send(self, method: str, path: str, body: Any) -> Any:
        return getattr(self.client, method)(
            f"/scim/v2{path}", json.dumps(body), content_type=SCIM, **self.headers
        )


@pytest.fixture
def directory(world: World) -> Directory:
    return Directory(scim_token_rotate(admin=world.ada))


def test_okta_creates_finds_and_deactivates_a_user_who_then_cannot_sign_in(
    world: World, directory: Directory
) -> None:
    # Okta first looks the user up by userName, then creates them.
    found = directory.get("/Users", filter='userName eq "kim@acme.test"', startIndex=1, count=100)
    assert found.status_code == 200
    assert found.json()["totalResults"] == 0
    created = directory.send(
        "post",
        "/Users",
        {
            "schemas": [USER],
            "userName": "Kim@acme.test",
            "name": {"givenName": "Kim", "familyName": "Lee"},
            "emails": [{"primary": True, "value": "kim@acme.test", "type": "work"}],
            "displayName": "Kim Lee",
            "locale": "en-US",
            "externalId": "00u1abcd",
            "active": True,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["userName"], body["name"]["formatted"], body["active"]) == (
        "kim@acme.test",
        "Kim Lee",
        True,
    )
    kim = Person.objects.get(pk=body["id"])
    assert (kim.organisation, kim.external_id) == (world.org, "00u1abcd")
    by_filter = directory.get("/Users", filter='userName eq "kim@acme.test"').json()
    assert [r["id"] for r in by_filter["Resources"]] == [body["id"]]
    by_external = directory.get("/Users", filter='externalId eq "00u1abcd"').json()
    assert by_external["totalResults"] == 1
    again = directory.send("post", "/Users", {"schemas": [USER], "userName": "kim@acme.test"})
    assert again.status_code == 409
    assert again.json()["scimType"] == "uniqueness"

    kim.set_password(TEST_PASSWORD)
    kim.save()
    signed_in = Client()
    assert signed_in.login(request=HttpRequest(), username=kim.email, password=TEST_PASSWORD)
    deactivated = directory.send(
        "patch",
        f"/Users/{kim.pk}",
        {"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": False}}]},
    )
    assert deactivated.status_code == 200
    assert deactivated.json()["active"] is False
    assert not Client().login(request=HttpRequest(), username=kim.email, password=TEST_PASSWORD)
    assert signed_in.get("/audit/mine/").status_code == 302
    assert AuditEvent.objects.filter(action=Action.DEACTIVATED, subject=kim).exists()


def test_entra_patches_with_paths_and_string_booleans(world: World, directory: Directory) -> None:
    art = world.art
    found = directory.get("/Users", filter=f'userName eq "{art.email}"').json()
    assert found["Resources"][0]["id"] == str(art.pk)
    changed = directory.send(
        "patch",
        f"/Users/{art.pk}",
        {
            "schemas": [PATCH],
            "Operations": [
                {"op": "Replace", "path": "name.familyName", "value": "Smith"},
                {"op": "Add", "path": "title", "value": "Account Executive"},
                {"op": "Replace", "path": "active", "value": "False"},
            ],
        },
    )
    assert changed.status_code == 200, changed.content
    art.refresh_from_db()
    assert (art.full_name, art.title, art.is_active) == ("Art Smith", "Account Executive", False)
    assert directory.send("delete", f"/Users/{world.bob.pk}", {}).status_code == 204
    world.bob.refresh_from_db()
    assert not world.bob.is_active  # a DELETE deactivates: the history stays


def test_groups_are_teams_and_membership_patches_move_people(
    world: World, directory: Directory
) -> None:
    created = directory.send(
        "post",
        "/Groups",
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Delta"},
    )
    assert created.status_code == 201
    delta = created.json()["id"]
    assert directory.get("/Groups", filter='displayName eq "Delta"').json()["totalResults"] == 1
    added = directory.send(
        "patch",
        f"/Groups/{delta}",
        {
            "schemas": [PATCH],
            "Operations": [
                {"op": "add", "path": "members", "value": [{"value": str(world.ann.pk)}]},
                {"op": "add", "path": "members", "value": [{"value": str(world.otto.pk)}]},
            ],
        },
    )
    assert added.status_code == 204
    world.ann.refresh_from_db()
    world.otto.refresh_from_db()
    assert world.ann.team_id == int(delta)
    assert world.otto.team_id != int(delta)  # another organisation's person is not reached
    members = directory.get(f"/Groups/{delta}").json()["members"]
    assert [m["value"] for m in members] == [str(world.ann.pk)]
    removed = directory.send(
        "patch",
        f"/Groups/{delta}",
        {
            "schemas": [PATCH],
            "Operations": [{"op": "remove", "path": f'members[value eq "{world.ann.pk}"]'}],
        },
    )
    assert removed.status_code == 204
    world.ann.refresh_from_db()
    assert world.ann.team_id is None


def test_discovery_paging_and_refusals(world: World, directory: Directory) -> None:
    assert directory.get("/ServiceProviderConfig").json()["patch"]["supported"] is True
    assert {r["id"] for r in directory.get("/ResourceTypes").json()["Resources"]} == {
        "User",
        "Group",
    }
    assert len(directory.get("/Schemas").json()["Resources"]) == 2
    page = directory.get("/Users", startIndex=2, count=3).json()
    acme = Person.objects.filter(organisation=world.org).count()
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (acme, 2, 3)
    bad = directory.get("/Users", filter='userName co "ann"')
    assert (bad.status_code, bad.json()["scimType"]) == (400, "invalidFilter")
    assert directory.get(f"/Users/{world.otto.pk}").status_code == 404
    assert (
        directory.send("post", "/Users", {"name": {"formatted": "No Address"}}).status_code == 400
    )
    assert directory.client.get("/scim/v2/Users").status_code == 401
    assert Directory("scim_wrong").get("/Users").status_code == 401


def test_the_token_is_stored_hashed_and_rotation_stops_the_old_one(
    world: World, directory: Directory
) -> None:
    stored = ScimToken.objects.get(organisation=world.org)
    assert directory.headers["HTTP_AUTHORIZATION"].removeprefix("Bearer ") not in stored.key_hash
    new = Directory(scim_token_rotate(admin=world.ada))
    assert directory.get("/Users").status_code == 401
    assert new.get("/Users").status_code == 200
