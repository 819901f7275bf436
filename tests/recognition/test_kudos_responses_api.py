"""Reactions and comments on kudos through the API: the same services and rules as the kudos'
page (everyone in the organisation responds, the receiver is told, another company's kudos is
404), in pages like every other list."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import World
from uplift.notifications.kinds import Kind
from uplift.notifications.models import Notification
from uplift.recognition.models import Kudos, KudosComment, KudosReaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def kudos(world: World) -> Kudos:
    return Kudos.objects.create(
        organisation=world.org, giver=world.art, receiver=world.ann, message="Thanks for the demo"
    )


def _send(client: Client, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    response = getattr(client, method)(path, body or {}, content_type="application/json")
    return response.status_code, (response.json() if response.content else None)


def test_a_reaction_is_added_once_listed_and_taken_back(
    world: World, client: Client, kudos: Kudos
) -> None:
    path = f"/api/recognition/kudos/{kudos.pk}/reactions"
    client.force_login(world.gil)
    status, added = _send(client, "post", path, {"kind": "applause"})
    assert status == 201
    assert added["kind"] == "applause"
    assert added["label"] == "Well deserved"
    assert added["person"] == {"id": world.gil.pk, "full_name": "Gil Test"}
    # Given again: the same reaction, nothing new, the receiver told once.
    status, again = _send(client, "post", path, {"kind": "applause"})
    assert (status, again["id"]) == (200, added["id"])
    told = Notification.objects.filter(recipient=world.ann, kind=Kind.KUDOS_RESPONSE)
    assert told.count() == 1

    client.force_login(world.bob)
    assert _send(client, "post", path, {"kind": "heart"})[0] == 201
    page = client.get(path).json()
    assert [(r["person"]["full_name"], r["kind"]) for r in page["items"]] == [
        ("Gil Test", "applause"),
        ("Bob Test", "heart"),
    ]
    # Bob takes back only his own reactions: Gil's applause stays.
    assert _send(client, "delete", f"{path}/applause") == (
        404,
        {
            "detail": "You have not reacted “applause” to this kudos.",
            "code": "not_found",
            "field": "kind",
        },
    )
    assert _send(client, "delete", f"{path}/heart") == (204, None)
    assert list(KudosReaction.objects.filter(kudos=kudos).values_list("kind", flat=True)) == [
        "applause"
    ]


def test_an_unknown_reaction_is_refused(world: World, client: Client, kudos: Kudos) -> None:
    client.force_login(world.gil)
    path = f"/api/recognition/kudos/{kudos.pk}/reactions"
    assert _send(client, "post", path, {"kind": "boo"})[0] == 422
    assert client.delete(f"{path}/boo").status_code == 422
    assert not KudosReaction.objects.exists()


def test_comments_are_added_and_read_in_pages(world: World, client: Client, kudos: Kudos) -> None:
    path = f"/api/recognition/kudos/{kudos.pk}/comments"
    client.force_login(world.gil)
    for n in range(3):
        status, comment = _send(client, "post", path, {"body": f"  Well deserved {n} "})
        assert status == 201
        assert comment["body"] == f"Well deserved {n}"
        assert comment["author"]["id"] == world.gil.pk
    first = client.get(f"{path}?limit=2").json()
    assert [c["body"] for c in first["items"]] == ["Well deserved 0", "Well deserved 1"]
    assert first["limit"] == 2
    second = client.get(first["next"]).json()
    assert [c["body"] for c in second["items"]] == ["Well deserved 2"]
    assert second["next"] is None
    texts = Notification.objects.filter(recipient=world.ann, kind=Kind.KUDOS_RESPONSE)
    assert texts.count() == 3


def test_a_refused_comment_writes_nothing(world: World, client: Client, kudos: Kudos) -> None:
    client.force_login(world.gil)
    path = f"/api/recognition/kudos/{kudos.pk}/comments"
    assert _send(client, "post", path, {"body": "   "}) == (
        400,
        {"detail": "Write a comment first.", "code": "invalid", "field": "body"},
    )
    assert _send(client, "post", path, {"body": "x" * 501})[0] == 422
    assert not KudosComment.objects.exists()


def test_another_company_reaches_none_of_it(world: World, client: Client, kudos: Kudos) -> None:
    KudosComment.objects.create(kudos=kudos, author=world.gil, body="Private to the company")
    client.force_login(world.otto)
    base = f"/api/recognition/kudos/{kudos.pk}"
    assert client.get(f"{base}/comments").status_code == 404
    assert client.get(f"{base}/reactions").status_code == 404
    assert _send(client, "post", f"{base}/reactions", {"kind": "thanks"})[0] == 404
    assert _send(client, "post", f"{base}/comments", {"body": "Hi"})[0] == 404
    assert client.delete(f"{base}/reactions/thanks").status_code == 404
    assert not KudosReaction.objects.exists()
    assert KudosComment.objects.count() == 1
