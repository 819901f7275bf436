"""Signing in and out, changing and resetting a password, and each role's landing page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import World
from tests.factories import TEST_PASSWORD
from uplift.orgs.models import Person


@pytest.mark.parametrize(
    ("role", "home"),
    [("rep", "/me/"), ("manager", "/team/"), ("leader", "/leader/"), ("admin", "/enablement/")],
)
def test_each_role_lands_on_its_home_page(
    client: Client, world: World, role: str, home: str
) -> None:
    person = world.by_role()[role]
    response = client.post("/login/", {"username": person.email.upper(), "password": TEST_PASSWORD})
    assert response.status_code == 302
    landing = client.get(response["Location"], follow=True)
    assert landing.redirect_chain[-1][0] == home
    assert person.full_name in landing.text


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: Client, world: World
) -> None:
    response = client.post("/login/", {"username": world.ann.email, "password": "nope"})
    assert response.status_code == 200
    assert "correct e-mail and password" in response.text
    unknown = client.post("/login/", {"username": "ghost@acme.test", "password": "nope"})
    assert "correct e-mail and password" in unknown.text


def test_sign_out_needs_a_post_and_ends_the_session(client: Client, world: World) -> None:
    client.force_login(world.ann)
    assert client.get("/logout/").status_code == 405
    client.post("/logout/")
    assert client.get("/me/").status_code == 302


def test_login_form_is_protected_against_forged_requests(world: World) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"username": world.ann.email, "password": TEST_PASSWORD})
    assert response.status_code == 403


def test_password_change(client: Client, world: World) -> None:
    client.force_login(world.ann)
    response = client.post(
        "/password/change/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "a-much-better-secret-42",
            "new_password2": "a-much-better-secret-42",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=world.ann.pk).check_password("a-much-better-secret-42")


def test_password_reset_reveals_nothing_about_unknown_addresses(
    client: Client, world: World
) -> None:
    response = client.post("/password/reset/", {"email": "nobody@acme.test"})
    assert response.status_code == 302
    assert response["Location"] == "/password/reset/sent/"
    assert mail.outbox == []


def test_navigation_shows_only_the_roles_own_sections(client: Client, world: World) -> None:
    client.force_login(world.ann)
    page = client.get("/me/").text
    assert 'href="/leader/"' not in page
    assert 'href="/enablement/"' not in page
    client.force_login(world.lou)
    page = client.get("/leader/").text
    assert 'href="/leader/"' in page


def test_private_pages_do_not_leak_other_reps(client: Client, world: World) -> None:
    client.force_login(world.mia)
    roster = client.get("/team/").text
    assert world.ann.full_name in roster
    assert world.bob.full_name not in roster
    assert world.otto.full_name not in roster


def test_the_leader_sees_the_structure(client: Client, world: World) -> None:
    client.force_login(world.lou)
    page = client.get("/leader/").text
    for team in ("North", "South", "Alpha", "Beta", "Gamma"):
        assert team in page
    assert "Rival" not in page


def test_hostile_names_are_escaped(client: Client, world: World) -> None:
    world.ann.full_name = '<script>alert("x")</script>'
    world.ann.save()
    client.force_login(world.mia)
    page = client.get("/team/").text
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page
