"""A signed-in session ends after two hours without a request and twelve hours after signing in
(UPLIFT_SESSION_IDLE_MINUTES, UPLIFT_SESSION_MAX_HOURS); activity keeps it alive, refreshing it
at most once a minute."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from tests.conftest import World
from tests.factories import TEST_PASSWORD
from uplift.web.middleware import LAST_SEEN_AT, SIGNED_IN_AT

HOUR = 3600


def _signed_in(client: Client, world: World) -> Client:
    response = client.post("/login/", {"username": world.ann.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def _age(client: Client, *, signed_in: float, last_seen: float) -> None:
    """Pretend the session began `signed_in` seconds ago and last saw a request `last_seen` ago."""
    session = client.session
    session[SIGNED_IN_AT] -= signed_in
    session[LAST_SEEN_AT] -= last_seen
    session.save()


def test_the_defaults_are_two_hours_idle_and_twelve_hours_in_all() -> None:
    assert settings.SESSION_COOKIE_AGE == 2 * HOUR
    assert settings.UPLIFT_SESSION_MAX_SECONDS == 12 * HOUR


def test_signing_in_starts_the_clock_and_the_cookie_lasts_the_idle_time(
    client: Client, world: World
) -> None:
    response = client.post("/login/", {"username": world.ann.email, "password": TEST_PASSWORD})
    assert response.cookies["sessionid"]["max-age"] == 2 * HOUR
    assert {SIGNED_IN_AT, LAST_SEEN_AT} <= set(client.session.keys())


def test_two_hours_without_a_request_end_the_session(client: Client, world: World) -> None:
    _age(_signed_in(client, world), signed_in=3 * HOUR, last_seen=2 * HOUR + 1)
    response = client.get("/me/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/login/")
    assert "signed out after a while without activity" in response.text
    assert client.get("/me/").status_code == 302


def test_twelve_hours_after_signing_in_the_session_ends_however_active(
    client: Client, world: World
) -> None:
    _age(_signed_in(client, world), signed_in=12 * HOUR + 1, last_seen=30)
    response = client.get("/me/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/login/")
    assert "sessions last at most 12 hours" in response.text


def test_activity_keeps_the_session_alive(client: Client, world: World) -> None:
    _age(_signed_in(client, world), signed_in=11 * HOUR, last_seen=2 * HOUR - 60)
    before = client.session[LAST_SEEN_AT]
    response = client.get("/me/")
    assert response.status_code == 200
    assert client.session[LAST_SEEN_AT] > before + 2 * HOUR - 120  # refreshed to now
    assert response.cookies["sessionid"]["max-age"] == 2 * HOUR  # and so is the cookie


def test_requests_within_a_minute_do_not_rewrite_the_session(client: Client, world: World) -> None:
    _age(_signed_in(client, world), signed_in=60, last_seen=20)
    before = client.session[LAST_SEEN_AT]
    response = client.get("/me/")
    assert response.status_code == 200
    assert client.session[LAST_SEEN_AT] == before
    assert "sessionid" not in response.cookies  # nothing saved, nothing sent


def test_a_session_from_before_the_clock_starts_it_now(client: Client, world: World) -> None:
    client.force_login(world.ann)  # a session without the stamps, as after an upgrade
    assert client.get("/me/").status_code == 200
    assert {SIGNED_IN_AT, LAST_SEEN_AT} <= set(client.session.keys())
