"""Spotlights posted to Slack and Teams incoming webhooks, against a real local HTTP server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from tests.conftest import World
from tests.recognition.helpers import adoption_make, practice_make
from uplift.core.refusals import Invalid
from uplift.recognition import webhooks
from uplift.recognition.models import RecognitionSettings, Spotlight, WebhookDelivery
from uplift.recognition.services import spotlight_post
from uplift.recognition.webhooks import recognition_settings_update


class Receiver:
    """A local webhook receiver: records each POST; answers `fail_first` times with HTTP 500."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dict[str, Any]]] = []
        self.fail_first = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.posts.append((self.path, json.loads(body)))
                failing = receiver.fail_first > 0
                receiver.fail_first -= 1
                self.send_response(500 if failing else 200)
                self.end_headers()
                self.wfile.write(b"server exploded" if failing else b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Receiver:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *args: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> Iterator[Receiver]:
    """A receiver on 127.0.0.1, as an on-premises chat server is allowed to be."""
    monkeypatch.setattr(webhooks, "RETRY_PAUSE_SECONDS", 0)
    settings.UPLIFT_WEBHOOK_ALLOW_PRIVATE = True
    with Receiver() as running:
        yield running


def _configure(world: World, url: str, teams_format: str = "message_card") -> None:
    recognition_settings_update(
        organisation=world.org,
        slack_webhook_url=f"{url}/slack",
        teams_webhook_url=f"{url}/teams",
        teams_format=teams_format,
        revenue_leaderboards=False,
    )


def _post(world: World, django_capture_on_commit_callbacks: Any, message: str) -> Spotlight:
    practice = practice_make(author=world.ann, title="Multi-thread <early> & often")
    adoption_make(practice=practice, person=world.bob, on=date(2026, 1, 5))
    with django_capture_on_commit_callbacks(execute=True):
        return spotlight_post(
            author=world.lou, contributor=world.ann, message=message, practice=practice
        )


def test_slack_gets_blocks_and_teams_a_message_card(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    _configure(world, receiver.url)
    spotlight = _post(world, django_capture_on_commit_callbacks, "Ann's *great* <@here> work")

    posts = dict(receiver.posts)
    link = f"http://127.0.0.1:8000/recognition/#spotlight-{spotlight.pk}"
    assert posts["/slack"] == {
        "text": "Spotlight on Ann Test: Ann's *great* &lt;@here&gt; work",
        "blocks": [
            {
                "type": "header",
                "text": {"type": "plain_text", "text": ":star2: Spotlight on Ann Test"},
            },
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": "Ann's *great* &lt;@here&gt; work"},
            },
            {
                "type": "section",
                "fields": [
                    {
                        "type": "mrkdwn",
                        "text": "*Practice*\nMulti-thread &lt;early&gt; &amp; often",
                    },
                    {"type": "mrkdwn", "text": "*Adopted by*\n1 person besides its contributors"},
                    {"type": "mrkdwn", "text": "*Measured impact*\nnot measured yet"},
                ],
            },
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": f"Posted by Lou Test in Uplift · <{link}|See it>"}
                ],
            },
        ],
    }
    assert posts["/teams"] == {
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": "Spotlight on Ann Test",
        "themeColor": "F5A623",
        "title": "Spotlight on Ann Test",
        "text": "Ann's \\*great\\* &lt;@here&gt; work",
        "sections": [
            {
                "activityTitle": "Posted by Lou Test",
                "facts": [
                    {"name": "Practice", "value": "Multi-thread &lt;early&gt; &amp; often"},
                    {"name": "Adopted by", "value": "1 person besides its contributors"},
                    {"name": "Measured impact", "value": "not measured yet"},
                ],
            }
        ],
        "potentialAction": [
            {
                "@type": "OpenUri",
                "name": "See it in Uplift",
                "targets": [{"os": "default", "uri": link}],
            }
        ],
    }
    statuses = set(spotlight.deliveries.values_list("channel", "status", "attempts"))
    assert statuses == {("slack", "sent", 1), ("teams", "sent", 1)}


def test_teams_can_get_an_adaptive_card(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    _configure(world, receiver.url, RecognitionSettings.TeamsFormat.ADAPTIVE_CARD)
    spotlight = _post(world, django_capture_on_commit_callbacks, "Thank you, Ann")
    card = dict(receiver.posts)["/teams"]
    assert card["type"] == "message"
    (attachment,) = card["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    content = attachment["content"]
    assert content["type"] == "AdaptiveCard"
    assert content["version"] == "1.4"
    assert content["body"][0]["text"] == "Spotlight on Ann Test"
    assert content["body"][1]["text"] == "Thank you, Ann"
    assert content["body"][2] == {
        "type": "FactSet",
        "facts": [
            {"title": "Practice", "value": "Multi-thread &lt;early&gt; &amp; often"},
            {"title": "Adopted by", "value": "1 person besides its contributors"},
            {"title": "Measured impact", "value": "not measured yet"},
        ],
    }
    assert content["actions"][0]["url"].endswith(f"#spotlight-{spotlight.pk}")


def test_a_failing_webhook_is_retried_a_limited_number_of_times_and_recorded(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    recognition_settings_update(
        organisation=world.org,
        slack_webhook_url=f"{receiver.url}/slack",
        teams_webhook_url="",
        teams_format="message_card",
        revenue_leaderboards=False,
    )
    receiver.fail_first = 10
    spotlight = _post(world, django_capture_on_commit_callbacks, "Thank you, Ann")

    delivery = WebhookDelivery.objects.get(spotlight=spotlight)
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempts == webhooks.MAX_ATTEMPTS == len(receiver.posts)
    assert delivery.error == "HTTP 500: server exploded"
    assert Spotlight.objects.filter(pk=spotlight.pk).exists()  # the spotlight stands


def test_a_retry_that_succeeds_is_sent(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    _configure(world, receiver.url)
    receiver.fail_first = 1
    spotlight = _post(world, django_capture_on_commit_callbacks, "Thank you, Ann")
    attempts = dict(spotlight.deliveries.values_list("channel", "attempts"))
    assert sorted(attempts.values()) == [1, 2]
    assert set(spotlight.deliveries.values_list("status", flat=True)) == {"sent"}


def test_an_unreachable_webhook_fails_without_breaking_the_spotlight(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr(webhooks, "RETRY_PAUSE_SECONDS", 0)
    settings.UPLIFT_WEBHOOK_ALLOW_PRIVATE = True
    with Receiver() as gone:
        url = gone.url
    _configure(world, url)  # nothing listens there any more
    spotlight = _post(world, django_capture_on_commit_callbacks, "Thank you, Ann")
    for delivery in spotlight.deliveries.all():
        assert delivery.status == WebhookDelivery.Status.FAILED
        assert delivery.error.startswith("could not reach the webhook")


def test_a_delivery_runs_once_even_if_the_task_is_delivered_twice(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    _configure(world, receiver.url)
    spotlight = _post(world, django_capture_on_commit_callbacks, "Thank you, Ann")
    for delivery in spotlight.deliveries.all():
        assert webhooks.webhook_delivery_run(delivery_id=delivery.pk) is None
    assert len(receiver.posts) == 2


def test_no_webhook_no_delivery(world: World, django_capture_on_commit_callbacks: Any) -> None:
    spotlight = _post(world, django_capture_on_commit_callbacks, "Thank you, Ann")
    assert not spotlight.deliveries.exists()


@pytest.mark.parametrize(
    "url",
    [
        "ftp://hooks.slack.com/x",
        "http://hooks.slack.com/services/x",
        "javascript:alert(1)",
        "https://",
    ],
)
def test_webhook_urls_must_be_https(world: World, url: str) -> None:
    with pytest.raises(Invalid, match="https://"):
        recognition_settings_update(
            organisation=world.org,
            slack_webhook_url=url,
            teams_webhook_url="",
            teams_format="message_card",
            revenue_leaderboards=False,
        )
