"""Webhooks post only to public https addresses (unless UPLIFT_WEBHOOK_ALLOW_PRIVATE lets them
reach an on-premises chat server), checked when saved, before each post and on the connection
itself, and never follow a redirect."""

from __future__ import annotations

import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from tests.conftest import World
from tests.recognition.helpers import adoption_make, practice_make
from tests.recognition.test_webhooks import Receiver
from uplift.core.refusals import Invalid
from uplift.recognition import webhooks
from uplift.recognition.integrations import WebhookRefused, post_json
from uplift.recognition.models import RecognitionSettings, Spotlight, WebhookDelivery
from uplift.recognition.services import spotlight_post
from uplift.recognition.webhooks import recognition_settings_update, webhook_delivery_run

REAL_GETADDRINFO = socket.getaddrinfo


def _save(world: World, url: str) -> RecognitionSettings:
    return recognition_settings_update(
        organisation=world.org,
        slack_webhook_url=url,
        teams_webhook_url="",
        teams_format="message_card",
        revenue_leaderboards=False,
    )


def _spotlight(world: World) -> Spotlight:
    practice = practice_make(author=world.ann, title="Multi-thread early")
    adoption_make(practice=practice, person=world.bob, on=date(2026, 1, 5))
    return spotlight_post(
        author=world.lou, contributor=world.ann, message="Thank you, Ann", practice=practice
    )


def _resolving(monkeypatch: pytest.MonkeyPatch, names: dict[str, list[list[str]]]) -> None:
    """Resolve each name to the next of its answers (the last one from then on)."""
    answers = {name: list(rounds) for name, rounds in names.items()}

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in answers:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        rounds = answers[host]
        addresses = rounds.pop(0) if len(rounds) > 1 else rounds[0]
        family = {4: socket.AF_INET, 6: socket.AF_INET6}
        return [
            (family[6 if ":" in a else 4], socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    ("url", "refusal"),
    [
        ("https://127.0.0.1/hook", "127.0.0.1 is a loopback address"),
        ("https://localhost:8443/hook", "is a loopback address"),
        ("https://10.1.2.3/hook", "10.1.2.3 is a private address"),
        ("https://192.168.1.20/hook", "192.168.1.20 is a private address"),
        ("https://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("https://[::1]/hook", "::1 is a loopback address"),
        ("https://[::ffff:127.0.0.1]/hook", "127.0.0.1 is a loopback address"),
        ("https://[fe80::1]/hook", "fe80::1 is a link-local address"),
        ("https://100.64.0.1/hook", "100.64.0.1 is a reserved address"),
        ("https://0.0.0.0/hook", "0.0.0.0 is not the address of one server"),
        ("https://224.0.0.1/hook", "224.0.0.1 is not the address of one server"),
        ("http://127.0.0.1:8080/hook", "must start with https://"),
        ("http://hooks.slack.com/services/x", "must start with https://"),
        ("https://hooks.example.com:99999/x", "port is not valid"),
    ],
)
def test_the_default_refuses_addresses_inside_the_network_and_plain_http(
    world: World, url: str, refusal: str
) -> None:
    with pytest.raises(Invalid, match="") as refused:
        _save(world, url)
    assert refusal in refused.value.message
    assert not RecognitionSettings.objects.filter(slack_webhook_url=url).exists()


def test_every_address_of_a_name_is_checked(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    _resolving(
        monkeypatch,
        {
            "chat.example.com": [["93.184.216.34", "10.0.0.8"]],
            "hooks.example.com": [["93.184.216.34", "2606:2800:220:1::1"]],
        },
    )
    with pytest.raises(Invalid, match=r"chat\.example\.com: 10\.0\.0\.8 is a private"):
        _save(world, "https://chat.example.com/hook")
    assert _save(world, "https://hooks.example.com/hook").slack_webhook_url == (
        "https://hooks.example.com/hook"
    )


def test_allowing_private_addresses_lets_an_on_premises_server_in_but_keeps_https_outside(
    world: World, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    settings.UPLIFT_WEBHOOK_ALLOW_PRIVATE = True
    for url in ("http://10.1.2.3:8065/hooks/x", "https://[::1]/hook", "http://localhost/x"):
        assert _save(world, url).slack_webhook_url == url
    _resolving(monkeypatch, {"hooks.example.com": [["93.184.216.34"]]})
    with pytest.raises(Invalid, match="must start with https://"):
        _save(world, "http://hooks.example.com/hook")


class Redirecting:
    """A local server that answers every POST with a redirect to `target`."""

    def __init__(self, target: str) -> None:
        self.posts = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                owner.posts += 1
                self.send_response(307)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self) -> Redirecting:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *args: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def allowed(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.UPLIFT_WEBHOOK_ALLOW_PRIVATE = True
    monkeypatch.setattr(webhooks, "RETRY_PAUSE_SECONDS", 0)


def test_a_redirect_is_not_followed(
    world: World, allowed: None, django_capture_on_commit_callbacks: Any
) -> None:
    with Receiver() as inside, Redirecting(f"{inside.url}/metadata") as redirecting:
        _save(world, redirecting.url)
        with django_capture_on_commit_callbacks(execute=True):
            spotlight = _spotlight(world)
    delivery = spotlight.deliveries.get()
    assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.FAILED, 1)
    assert delivery.error.startswith("HTTP 307: the webhook answered with a redirect")
    assert (redirecting.posts, inside.posts) == (1, [])


def test_a_saved_url_is_checked_again_before_each_post(
    world: World, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    with Receiver() as inside:
        settings.UPLIFT_WEBHOOK_ALLOW_PRIVATE = True
        _save(world, f"{inside.url}/slack")
        settings.UPLIFT_WEBHOOK_ALLOW_PRIVATE = False  # the installation changed its mind
        with django_capture_on_commit_callbacks(execute=True):
            spotlight = _spotlight(world)
    delivery = spotlight.deliveries.get()
    assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.FAILED, 1)
    assert delivery.error == "not sent: A webhook URL must start with https://."
    assert inside.posts == []


def test_a_name_that_resolves_elsewhere_at_connection_time_is_caught_on_the_connection(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Receiver() as inside:
        port = inside.server.server_address[1]
        # Public when checked, the server itself when connected to (DNS rebinding).
        _resolving(monkeypatch, {"rebind.example.com": [["93.184.216.34"], ["127.0.0.1"]]})
        with pytest.raises(WebhookRefused, match=r"connection reached 127\.0\.0\.1 is a loopback"):
            post_json(
                f"https://rebind.example.com:{port}/hook",
                {"text": "hi"},
                allow_private=False,
                timeout=2,
            )
    assert inside.posts == []


def test_the_cloud_metadata_address_stays_out_of_reach_and_is_not_retried(
    world: World, allowed: None
) -> None:
    spotlight = _spotlight(world)
    delivery = WebhookDelivery.objects.create(
        spotlight=spotlight,
        channel=WebhookDelivery.Channel.SLACK,
        url="https://169.254.169.254/latest/meta-data/",
    )
    done = webhook_delivery_run(delivery_id=delivery.pk)
    assert done is not None
    assert (done.status, done.attempts) == (WebhookDelivery.Status.FAILED, 1)
    assert done.error == "not sent: 169.254.169.254 is a link-local address."
    with pytest.raises(Invalid, match="link-local"):
        _save(world, "https://169.254.169.254/latest/meta-data/")
