"""Guessing is stopped: repeated failed sign-ins lock the address out (the sign-in page and the
admin's alike), password-reset e-mails are rate-limited, and every answer is the same whether
or not the address belongs to anyone."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.db.models import F
from django.test import Client
from django.utils import timezone

from tests.conftest import World
from tests.factories import TEST_PASSWORD
from uplift.orgs.models import Person

FAILURES = settings.AXES_FAILURE_LIMIT


def _sign_in(client: Client, email: str, password: str, *, ip: str = "10.0.0.1") -> Any:
    return client.post("/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_repeated_wrong_passwords_lock_the_address_out_even_with_the_right_one(
    client: Client, world: World
) -> None:
    for _ in range(FAILURES - 1):
        assert _sign_in(client, world.ann.email, "guess").status_code == 200
    locked = _sign_in(client, world.ann.email, "guess")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.text
    assert int(locked["Retry-After"]) == 15 * 60
    right = _sign_in(client, world.ann.email, TEST_PASSWORD)
    assert right.status_code == 429
    assert client.get("/me/").status_code == 302  # not signed in


def _age_failures(minutes: int) -> None:
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_the_lockout_ends_15_minutes_after_the_last_counted_failure(
    client: Client, world: World
) -> None:
    for _ in range(FAILURES):
        _sign_in(client, world.ann.email, "guess")
    _age_failures(14)
    assert _sign_in(client, world.ann.email, TEST_PASSWORD).status_code == 429
    _age_failures(2)
    assert _sign_in(client, world.ann.email, TEST_PASSWORD).status_code == 302


def test_failures_during_a_lockout_do_not_extend_it(client: Client, world: World) -> None:
    """Else anyone could keep a colleague out for ever by guessing every few minutes."""
    for _ in range(FAILURES):
        _sign_in(client, world.ann.email, "guess")
    _age_failures(14)
    for _ in range(3):
        assert _sign_in(client, world.ann.email, "guess", ip="10.7.7.7").status_code == 429
    _age_failures(2)
    assert _sign_in(client, world.ann.email, TEST_PASSWORD).status_code == 302


def test_the_lockout_counts_the_address_however_it_is_written(client: Client, world: World) -> None:
    for attempt in range(FAILURES):
        spelling = world.ann.email.upper() if attempt % 2 else f"  {world.ann.email} "
        _sign_in(client, spelling, "guess", ip=f"10.0.1.{attempt}")
    assert _sign_in(client, world.ann.email, TEST_PASSWORD, ip="10.0.2.1").status_code == 429


def test_one_client_guessing_many_addresses_is_locked_out(client: Client, world: World) -> None:
    for attempt in range(FAILURES):
        _sign_in(client, f"person{attempt}@acme.test", "Summer2026!", ip="10.9.9.9")
    assert _sign_in(client, world.ann.email, TEST_PASSWORD, ip="10.9.9.9").status_code == 429
    assert _sign_in(client, world.ann.email, TEST_PASSWORD, ip="10.9.9.10").status_code == 302


def test_the_lockout_answers_the_same_whether_or_not_the_address_exists(
    client: Client, world: World
) -> None:
    answers = []
    for email, ip in ((world.ann.email, "10.0.3.1"), ("ghost@acme.test", "10.0.3.2")):
        for _ in range(FAILURES):
            _sign_in(client, email, "guess", ip=ip)
        answer = _sign_in(client, email, "guess", ip=ip)
        page = re.sub(r'"X-CSRFToken": "\w+"', "", answer.text)  # masked afresh on every page
        answers.append((answer.status_code, answer["Retry-After"], page))
    assert answers[0] == answers[1]
    assert answers[0][0] == 429


def test_a_successful_sign_in_clears_earlier_failures(client: Client, world: World) -> None:
    for _ in range(FAILURES - 1):
        _sign_in(client, world.ann.email, "guess")
    assert _sign_in(client, world.ann.email, TEST_PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(FAILURES - 1):
        assert _sign_in(client, world.ann.email, "guess").status_code == 200


def test_the_admin_sign_in_is_locked_out_too(client: Client, world: World) -> None:
    world.ada.is_staff = True
    world.ada.save()
    guess = {"username": world.ada.email, "password": "guess"}
    for _ in range(FAILURES):
        client.post("/admin/login/", guess, REMOTE_ADDR="10.1.1.1")
    response = client.post(
        "/admin/login/",
        {"username": world.ada.email, "password": TEST_PASSWORD},
        REMOTE_ADDR="10.1.1.2",
    )
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_behind_the_tls_proxy_the_client_is_the_address_the_proxy_forwarded(
    client: Client, world: World, settings: Any
) -> None:
    settings.UPLIFT_BEHIND_TLS_PROXY = True

    def through_proxy(email: str, password: str, forwarded_for: str) -> Any:
        return client.post(
            "/login/",
            {"username": email, "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    for attempt in range(FAILURES):
        # The client claims to be 1.2.3.4; the proxy appended the address it really came from.
        through_proxy(f"x{attempt}@acme.test", "guess", "1.2.3.4, 203.0.113.7")
    assert through_proxy(world.ann.email, TEST_PASSWORD, "198.51.100.5").status_code == 302
    client.post("/logout/")
    locked = through_proxy(world.ann.email, TEST_PASSWORD, "9.9.9.9, 203.0.113.7")
    assert locked.status_code == 429


# --- Password resets ----------------------------------------------------------------------------


def _ask_reset(client: Client, email: str, *, ip: str = "10.2.0.1") -> Any:
    return client.post("/password/reset/", {"email": email}, REMOTE_ADDR=ip)


def test_an_address_gets_at_most_three_reset_emails_an_hour(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            _ask_reset(client, world.ann.email, ip=f"10.2.1.{attempt}").status_code
            for attempt in range(24)
        ]
    assert statuses[:3] == [302, 302, 302]
    assert set(statuses[3:]) == {429}
    assert len(mail.outbox) == 3


def test_one_client_asking_for_many_resets_is_refused(client: Client, world: World) -> None:
    statuses = [_ask_reset(client, f"someone{n}@acme.test").status_code for n in range(21)]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429
    assert "Too many requests" in _ask_reset(client, "another@acme.test").text


def test_a_reset_request_does_the_same_work_whether_or_not_the_address_exists(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    answers = []
    with mock.patch("uplift.orgs.passwords.password_reset_mail_send") as task:
        for email in (world.ann.email, "nobody@acme.test"):
            with django_capture_on_commit_callbacks(execute=True):
                response = _ask_reset(client, email)
            answers.append((response.status_code, response["Location"]))
    assert answers == [(302, "/password/reset/sent/")] * 2
    queued = [call.args[0] for call in task.enqueue.call_args_list]
    assert queued == [world.ann.email, "nobody@acme.test"]  # one task each, nothing else


def test_someone_never_invited_cannot_activate_their_account_by_reset(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.bob.set_unusable_password()
    world.bob.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask_reset(client, world.bob.email)
    assert (response.status_code, response["Location"]) == (302, "/password/reset/sent/")
    assert mail.outbox == []


def test_an_invited_person_sets_their_first_password_by_reset(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.bob.set_unusable_password()
    world.bob.invited_at = timezone.now()
    world.bob.save()
    with django_capture_on_commit_callbacks(execute=True):
        _ask_reset(client, world.bob.email.upper())
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password/reset/[^/\s]+/[^/\s]+/)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "fresh-start-2026!", "new_password2": "fresh-start-2026!"},
    )
    assert done.status_code == 302
    assert Person.objects.get(pk=world.bob.pk).check_password("fresh-start-2026!")


@pytest.mark.parametrize(("behind_proxy", "scheme"), [(True, "https"), (False, "http")])
def test_reset_links_are_https_behind_the_tls_proxy(
    client: Client,
    world: World,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    behind_proxy: bool,
    scheme: str,
) -> None:
    if behind_proxy:
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["uplift.example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/password/reset/",
            {"email": world.ann.email},
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_HOST="uplift.example.com",
        )
    assert f"{scheme}://uplift.example.com/password/reset/" in mail.outbox[0].body
