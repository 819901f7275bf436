"""People the CRM gave no usable address are not invited to it; an admin fills in the real one."""

from __future__ import annotations

from django.core import mail
from django.test import Client

from tests.conftest import World
from tests.factories import PersonFactory
from uplift.orgs.invitations import people_awaiting_invitation, people_without_address
from uplift.orgs.models import Person, Role


def _placeholder(world: World, name: str, organisation: object = None) -> Person:
    person: Person = PersonFactory(
        organisation=organisation or world.org,
        email=f"crm-{world.org.pk}-{name.lower()}@crm.invalid",
        full_name=f"{name} Nomail",
        role=Role.REP,
        team=world.alpha,
    )
    person.set_unusable_password()
    person.save()
    return person


def test_a_placeholder_address_is_never_invited_and_the_admin_is_told(world: World, login) -> None:
    nomail = _placeholder(world, "U77")
    assert nomail not in people_awaiting_invitation(organisation=world.org)
    assert list(people_without_address(organisation=world.org)) == [nomail]
    home = login(world.ada).get("/enablement/").content.decode()
    assert 'data-testid="without-address"' in home
    assert "1 person has no e-mail address" in home
    assert 'href="/enablement/addresses/"' in home


def test_the_admin_fills_in_the_address_and_the_person_can_be_invited(world: World, login) -> None:
    nomail = _placeholder(world, "U77")
    client: Client = login(world.ada)
    page = client.get("/enablement/addresses/").content.decode()
    assert "U77 Nomail" in page
    response = client.post(
        "/enablement/addresses/", {"person": nomail.pk, "email": " Uma.Real@Acme.test "}
    )
    assert response.status_code == 302
    nomail.refresh_from_db()
    assert nomail.email == "uma.real@acme.test"
    assert nomail in people_awaiting_invitation(organisation=world.org)
    assert "Everyone has an address" in client.get("/enablement/addresses/").content.decode()
    assert mail.outbox == []  # filling in an address sends nothing by itself


def test_an_address_someone_has_or_another_placeholder_is_refused(world: World, login) -> None:
    nomail = _placeholder(world, "U77")
    client: Client = login(world.ada)
    for email, reason in (
        (world.otto.email, "Someone else already has this address."),  # another company's
        ("x@crm.invalid", "Give an address that can receive mail."),
        ("not an address", "Enter a valid email address."),
    ):
        response = client.post("/enablement/addresses/", {"person": nomail.pk, "email": email})
        assert response.status_code == 400, email
        assert reason in response.content.decode(), email
    nomail.refresh_from_db()
    assert nomail.email.endswith("@crm.invalid")


def test_an_admin_cannot_reach_another_companys_people(world: World, login) -> None:
    theirs = _placeholder(world, "U88", organisation=world.other_org)
    response = login(world.ada).post(
        "/enablement/addresses/", {"person": theirs.pk, "email": "new@acme.test"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.email.endswith("@crm.invalid")
