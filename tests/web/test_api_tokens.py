"""API tokens expire, stop when their owner's password changes or is reset, and are listed and
revoked by their owner on the page and in the API."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.conftest import World
from tests.factories import TEST_PASSWORD
from uplift.core.refusals import Invalid
from uplift.orgs.models import ApiToken, Person
from uplift.orgs.services import (
    api_token_authenticate,
    api_token_create,
    person_password_set,
    person_upsert,
)

NEW_PASSWORD = "a-much-better-secret-42"


def _me(client: Client, token: str) -> int:
    return client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code


def test_a_token_expires_after_the_lifetime_chosen_at_creation(
    client: Client, world: World
) -> None:
    row, token = api_token_create(person=world.ann, name="nightly", lifetime_days=7)
    assert row.expires_at - row.created_at == timedelta(days=7)
    assert _me(client, token) == 200
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _me(client, token) == 401
    assert api_token_authenticate(clear=token) is None


def test_tokens_live_90_days_unless_told_and_never_more_than_a_year(world: World) -> None:
    row, _ = api_token_create(person=world.ann, name="default")
    assert row.expires_at - row.created_at == timedelta(days=90)
    for days in (0, 366):
        with pytest.raises(Invalid, match="1 to 365 days"):
            api_token_create(person=world.ann, name="x", lifetime_days=days)


def test_the_page_creates_a_token_with_the_chosen_lifetime_and_shows_each_state(
    client: Client, world: World
) -> None:
    revoked, _ = api_token_create(person=world.ann, name="old script")
    revoked.revoked_at = timezone.now()
    revoked.save()
    expired, _ = api_token_create(person=world.ann, name="last year's export")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(world.ann)
    page = client.post("/settings/tokens/", {"name": "BI export", "lifetime_days": "30"})
    assert page.status_code == 200
    created = ApiToken.objects.get(name="BI export")
    assert created.expires_at - created.created_at == timedelta(days=30)
    states = re.findall(r'data-testid="token-state">(.*?)</td>', page.text, re.DOTALL)
    assert ["Revoke" in states[0], "expired" in states[1], "revoked" in states[2]] == [True] * 3
    assert _me(client, page.context["new_token"]) == 200


def test_the_page_refuses_a_lifetime_it_does_not_offer(client: Client, world: World) -> None:
    client.force_login(world.ann)
    page = client.post("/settings/tokens/", {"name": "forever", "lifetime_days": "36500"})
    assert page.status_code == 200
    assert "Expires after" in page.text
    assert not ApiToken.objects.filter(person=world.ann).exists()


def test_changing_the_password_revokes_every_token(client: Client, world: World) -> None:
    _, token = api_token_create(person=world.ann, name="script")
    _, other = api_token_create(person=world.art, name="someone else's")
    client.force_login(world.ann)
    new = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    changed = client.post("/password/change/", {"old_password": TEST_PASSWORD, **new})
    assert changed.status_code == 302
    assert _me(Client(), token) == 401
    assert _me(Client(), other) == 200


def test_resetting_the_password_revokes_every_token(client: Client, world: World) -> None:
    _, token = api_token_create(person=world.ann, name="script")
    uid = urlsafe_base64_encode(force_bytes(world.ann.pk))
    link = f"/password/reset/{uid}/{default_token_generator.make_token(world.ann)}/"
    form = client.get(link, follow=True)
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert Person.objects.get(pk=world.ann.pk).check_password(NEW_PASSWORD)
    assert _me(client, token) == 401


def test_the_admin_setting_a_password_revokes_every_token(client: Client, world: World) -> None:
    _, token = api_token_create(person=world.ann, name="script")
    world.ada.is_staff = True
    world.ada.is_superuser = True
    world.ada.save()
    client.force_login(world.ada)
    response = client.post(
        f"/admin/orgs/person/{world.ann.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert _me(Client(), token) == 401


def test_a_password_set_by_an_import_or_the_service_revokes_every_token(world: World) -> None:
    _, first = api_token_create(person=world.ann, name="one")
    person_password_set(person=world.ann, password=NEW_PASSWORD)
    assert api_token_authenticate(clear=first) is None
    _, second = api_token_create(person=world.ann, name="two")
    person_upsert(
        organisation=world.org, email=world.ann.email, full_name="Ann Test", password="another-1-a"
    )
    assert api_token_authenticate(clear=second) is None


def test_the_api_lists_your_own_tokens_only(client: Client, world: World) -> None:
    mine, token = api_token_create(person=world.ann, name="mine")
    api_token_create(person=world.art, name="Art's")
    listed = client.get("/api/tokens", headers={"Authorization": f"Bearer {token}"}).json()["items"]
    assert [(t["id"], t["name"], t["is_active"]) for t in listed] == [(mine.pk, "mine", True)]
    assert listed[0]["expires_at"].startswith(str(mine.expires_at.date()))
    assert "key_hash" not in listed[0]


def test_the_api_revokes_your_token_even_the_one_calling(client: Client, world: World) -> None:
    row, token = api_token_create(person=world.ann, name="mine")
    auth: dict[str, Any] = {"headers": {"Authorization": f"Bearer {token}"}}
    revoked = client.post(f"/api/tokens/{row.pk}/revoke", **auth)
    assert revoked.status_code == 200
    assert revoked.json()["is_active"] is False
    assert client.post(f"/api/tokens/{row.pk}/revoke", **auth).status_code == 401


def test_nobody_revokes_someone_elses_token(client: Client, world: World) -> None:
    row, token = api_token_create(person=world.ann, name="Ann's")
    client.force_login(world.mia)
    assert client.post(f"/api/tokens/{row.pk}/revoke").status_code == 404
    assert _me(client, token) == 200


def test_a_password_changed_from_the_command_line_revokes_every_token(world: World) -> None:
    """`uplift manage changepassword` and any code that calls set_password and saves."""
    from unittest import mock

    from django.core.management import call_command

    _, token = api_token_create(person=world.ann, name="script")
    with mock.patch("getpass.getpass", return_value=NEW_PASSWORD):
        call_command("changepassword", world.ann.email, stdout=io.StringIO())
    assert api_token_authenticate(clear=token) is None
    world.ann.refresh_from_db()
    assert world.ann.check_password(NEW_PASSWORD)
    _, kept = api_token_create(person=world.ann, name="kept")
    world.ann.full_name = "Ann Renamed"
    world.ann.save()  # saving anything else leaves tokens alone
    assert api_token_authenticate(clear=kept) is not None
