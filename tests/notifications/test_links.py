"""Links in e-mails use the address Uplift is reached on: UPLIFT_BASE_URL when set, else the
request's own address, else the address `uplift serve` / `uplift demo` listens on."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings

from config.env import read_environment
from tests.conftest import World
from uplift.core.links import served_url
from uplift.notifications.kinds import Delivery, Kind
from uplift.notifications.services import preferences_set


@pytest.mark.parametrize(
    ("host", "port", "url"),
    [
        ("127.0.0.1", 8765, "http://127.0.0.1:8765"),
        ("0.0.0.0", 9000, "http://127.0.0.1:9000"),  # noqa: S104 (the wildcard, as typed)
        ("::", 8000, "http://[::1]:8000"),
        ("::1", 8000, "http://[::1]:8000"),
        ("uplift.local", 80, "http://uplift.local:80"),
    ],
)
def test_the_address_a_server_listens_on(host: str, port: int, url: str) -> None:
    assert served_url(host=host, port=port) == url


def test_a_configured_address_wins_over_the_served_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UPLIFT_HOME", str(tmp_path))
    monkeypatch.delenv("UPLIFT_BASE_URL", raising=False)
    monkeypatch.setenv("UPLIFT_SERVED_URL", "http://127.0.0.1:8765")
    served = read_environment()
    assert (served.base_url, served.base_url_configured) == ("http://127.0.0.1:8765", False)
    monkeypatch.setenv("UPLIFT_BASE_URL", "https://uplift.example.com/")
    configured = read_environment()
    assert (configured.base_url, configured.base_url_configured) == (
        "https://uplift.example.com",
        True,
    )


def test_the_cli_points_links_at_its_port(monkeypatch: pytest.MonkeyPatch) -> None:
    from uplift import cli

    monkeypatch.setenv("UPLIFT_SERVED_URL", "unset")  # put back as it was after the test
    cli._links_point_at(host="127.0.0.1", port=8765)
    assert os.environ["UPLIFT_SERVED_URL"] == "http://127.0.0.1:8765"


@pytest.mark.django_db
@override_settings(UPLIFT_BASE_URL="http://127.0.0.1:8000", UPLIFT_BASE_URL_CONFIGURED=False)
def test_kudos_given_on_a_page_link_to_the_page_s_address(
    world: World, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    preferences_set(person=world.gil, choices={Kind.KUDOS: Delivery.IMMEDIATE})
    client: Client = login(world.ann)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            "/recognition/kudos/",
            {"receiver": world.gil.pk, "reason": "general", "message": "Thanks for the demo"},
            HTTP_HOST="localhost:9000",
        )
    assert answer.status_code in (200, 302)
    [message] = mail.outbox
    assert message.to == ["gil@acme.test"]
    assert "http://localhost:9000/recognition/#kudos-" in message.body
