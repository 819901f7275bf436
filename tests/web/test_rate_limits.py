"""Kudos, nominations, comments and uploads are rate-limited per person: over the limit a page
answers 429 with a page (or, for htmx, a message), the API 429 with JSON, and nothing is written.
The page and the API share one count."""

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import redis
from django.test import Client

from config.settings import _cache_settings
from tests.access_cases.awards import open_event
from tests.access_cases.development import plans
from tests.access_cases.practices import _approved
from tests.conftest import World
from uplift.orgs.services import api_token_create
from uplift.recognition.models import Kudos


@pytest.fixture
def two_an_hour(settings: Any) -> None:
    settings.UPLIFT_RATE_LIMITS = dict.fromkeys(settings.UPLIFT_RATE_LIMITS, "2/h")


def _kudos_page(client: Client, receiver_id: int, **headers: str) -> Any:
    data = {"receiver": receiver_id, "reason": "general", "message": "Thanks for the intro!"}
    return client.post("/recognition/kudos/", data, headers=headers)


def _kudos_api(client: Client, receiver_id: int, **headers: str) -> Any:
    body = {"receiver_id": receiver_id, "message": "Thanks for the intro!"}
    return client.post(
        "/api/recognition/kudos", json.dumps(body), content_type="application/json", headers=headers
    )


@pytest.mark.usefixtures("two_an_hour")
def test_kudos_over_the_limit_get_a_429_page_and_are_not_written(
    client: Client, world: World
) -> None:
    client.force_login(world.ann)
    assert [_kudos_page(client, p.pk).status_code for p in (world.gil, world.art)] == [302, 302]
    refused = _kudos_page(client, world.bob.pk)
    assert refused.status_code == 429
    assert "Too many requests" in refused.text
    assert "saved nothing" in refused.text
    assert Kudos.objects.count() == 2


@pytest.mark.usefixtures("two_an_hour")
def test_htmx_kudos_over_the_limit_get_the_message_to_show(client: Client, world: World) -> None:
    client.force_login(world.ann)
    for receiver in (world.gil, world.art):
        _kudos_page(client, receiver.pk, HX_Request="true")
    refused = _kudos_page(client, world.bob.pk, HX_Request="true")
    assert refused.status_code == 429
    assert refused.text.startswith('<div class="alert alert-warning"')
    assert Kudos.objects.count() == 2


@pytest.mark.usefixtures("two_an_hour")
def test_the_api_shares_the_pages_count_and_answers_json(client: Client, world: World) -> None:
    client.force_login(world.ann)
    assert _kudos_page(client, world.gil.pk).status_code == 302
    assert _kudos_api(client, world.art.pk).status_code == 201
    refused = _kudos_api(client, world.bob.pk)
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Too many requests."}
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert Kudos.objects.count() == 2


@pytest.mark.usefixtures("two_an_hour")
def test_a_token_counts_as_its_owner(client: Client, world: World) -> None:
    client.force_login(world.ann)
    for receiver in (world.gil, world.art):
        _kudos_page(client, receiver.pk)
    client.logout()
    _, token = api_token_create(person=world.ann, name="script")
    refused = _kudos_api(client, world.bob.pk, Authorization=f"Bearer {token}")
    assert refused.status_code == 429


@pytest.mark.usefixtures("two_an_hour")
def test_the_limit_is_per_person(client: Client, world: World) -> None:
    client.force_login(world.ann)
    for receiver in (world.gil, world.art, world.bob):
        _kudos_page(client, receiver.pk)
    client.force_login(world.art)
    assert _kudos_page(client, world.gil.pk).status_code == 302


# Each limited write, page and API: the first two requests are answered as usual (whatever that
# is for this made-up body), the third with 429.
LIMITED: list[tuple[str, str, Callable[[World], dict[str, Any]], str]] = [
    ("nominations", "/awards/{event.pk}/nominate/", open_event, "page"),
    ("nominations", "/api/awards/events/{event.pk}/nominations", open_event, "api"),
    ("comments", "/practices/{practice.pk}/comments/", _approved, "page"),
    ("comments", "/api/practices/{practice.pk}/comments", _approved, "api"),
    ("comments", "/development/plans/{plan.pk}/comments/", plans, "page"),
    ("comments", "/api/development/plans/{plan.pk}/comments", plans, "api"),
    ("uploads", "/enablement/imports/", lambda _: {}, "page"),
]


@pytest.mark.usefixtures("two_an_hour")
@pytest.mark.parametrize(("group", "path", "objects", "kind"), LIMITED)
def test_each_limited_write_answers_429_over_the_limit(
    client: Client,
    world: World,
    group: str,
    path: str,
    objects: Callable[[World], dict[str, Any]],
    kind: str,
) -> None:
    person = world.ada if group == "uploads" else world.ann
    client.force_login(person)
    url = path.format(**objects(world))
    answers = []
    for _ in range(3):
        if kind == "api":
            response = client.post(url, "{}", content_type="application/json")
        else:
            response = client.post(url, {"body": "x", "reason": "x"})
        answers.append(response.status_code)
    assert 429 not in answers[:2]
    assert answers[2] == 429
    if kind == "api":
        assert response.json() == {"detail": "Too many requests."}
    else:
        assert "Too many requests" in response.text


def _redis_listening() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_listening(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.usefixtures("two_an_hour")
def test_with_a_redis_cache_the_count_is_shared_by_every_process(
    client: Client, world: World, settings: Any
) -> None:
    """UPLIFT_CACHE_URL=redis://… (docs/deploy.md): the count lives in Redis, where another
    server process (here a second connection) sees it."""
    url = "redis://127.0.0.1:6379/0"
    prefix = f"uplift-test-{uuid.uuid4().hex}"  # touch only this test's keys in a shared Redis
    settings.CACHES = {"default": {**_cache_settings(url)["default"], "KEY_PREFIX": prefix}}
    another_process = redis.Redis.from_url(url)
    try:
        client.force_login(world.ann)
        for receiver in (world.gil, world.art):
            assert _kudos_page(client, receiver.pk).status_code == 302
        assert [key for key in another_process.scan_iter(f"{prefix}:*") if b":rl:" in key]
        assert _kudos_page(client, world.bob.pk).status_code == 429
    finally:
        for key in another_process.scan_iter(f"{prefix}:*"):
            another_process.delete(key)
