"""Linking CRM users to people: by CRM id, else by address, and a second import changes nothing."""

from __future__ import annotations

import pytest

from tests.factories import OrganisationFactory
from uplift.crm.people import CrmUser, crm_people_link
from uplift.orgs.models import Person


def user(rep_id: str, name: str, manager: str | None = None) -> CrmUser:
    email = name.lower().replace(" ", ".") + "@example.com"
    return CrmUser(
        rep_id=rep_id,
        name=name,
        email=email,
        manager_id=manager,
        team=None,
        region=None,
        title="Account Executive",
        hire_date=None,
        active=True,
    )


def linked(organisation: object) -> dict[str, tuple[str, str]]:
    return {
        p.crm_user_id: (p.full_name, p.email)
        for p in Person.objects.filter(organisation=organisation).exclude(crm_user_id="")
    }


@pytest.mark.django_db
def test_an_id_given_to_someone_else_links_both_people_in_one_import() -> None:
    """Sam held id U5; the new export gives U5 to Tomás and Sam a new id: Sam keeps his
    person (found by his address) and Tomás gets his own, at once, not on a second import."""
    org = OrganisationFactory()
    crm_people_link(organisation=org, users=[user("U1", "Ann Boss"), user("U5", "Sam Ortega")])
    sam = Person.objects.get(email="sam.ortega@example.com")
    then = [user("U1", "Ann Boss"), user("U5", "Tomas Andersson", "U1"), user("Q9", "Sam Ortega")]
    first = crm_people_link(organisation=org, users=then)
    after_first = linked(org)
    assert after_first == {
        "U1": ("Ann Boss", "ann.boss@example.com"),
        "U5": ("Tomas Andersson", "tomas.andersson@example.com"),
        "Q9": ("Sam Ortega", "sam.ortega@example.com"),
    }
    assert Person.objects.get(crm_user_id="Q9").pk == sam.pk  # his account, plans and history
    assert first["created"] == 1
    second = crm_people_link(organisation=org, users=then)
    assert linked(org) == after_first
    assert second["created"] == 0


@pytest.mark.django_db
def test_a_changed_address_keeps_the_person_found_by_id() -> None:
    org = OrganisationFactory()
    crm_people_link(organisation=org, users=[user("U1", "Ann Boss")])
    ann = Person.objects.get(crm_user_id="U1")
    renamed = user("U1", "Ann Married")
    crm_people_link(organisation=org, users=[renamed])
    again = Person.objects.get(crm_user_id="U1")
    assert (again.pk, again.full_name) == (ann.pk, "Ann Married")
    assert Person.objects.filter(organisation=org).count() == 1
