from __future__ import annotations

from tests.conftest import World
from tests.factories import OrganisationFactory
from uplift.orgs.models import Person, Role, Team
from uplift.orgs.selectors import manager_chain, team_path, team_subtree_ids
from uplift.orgs.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    person_upsert,
    team_get_or_create,
)


def test_person_upsert_creates_then_updates_by_email(db: None) -> None:
    org = OrganisationFactory()
    first = person_upsert(organisation=org, email="Sam@Example.com", full_name="Sam One")
    assert first.email == "sam@example.com"
    assert not first.has_usable_password()  # imported people cannot sign in until invited
    again = person_upsert(
        organisation=org, email="sam@example.com", full_name="Sam Two", role=Role.MANAGER
    )
    assert again.pk == first.pk
    assert Person.objects.get(pk=first.pk).full_name == "Sam Two"
    assert Person.objects.count() == 1


def test_person_upsert_is_idempotent(db: None) -> None:
    org = OrganisationFactory()
    person_upsert(organisation=org, email="a@b.test", full_name="A", password="pw-123456")
    before = Person.objects.values().get()
    person_upsert(organisation=org, email="a@b.test", full_name="A", password="pw-123456")
    assert Person.objects.values().get() == before


def test_teams_nest_and_paths_read_top_down(world: World) -> None:
    assert [t.name for t in team_path(team=world.alpha)] == ["North", "Alpha"]
    assert team_subtree_ids(roots=[world.north.pk], organisation=world.org) == {
        world.north.pk,
        world.alpha.pk,
        world.beta.pk,
    }


def test_team_get_or_create_is_idempotent_and_assigns_manager(world: World) -> None:
    again = team_get_or_create(organisation=world.org, name="Alpha", parent=world.north)
    assert again.pk == world.alpha.pk
    moved = team_get_or_create(
        organisation=world.org, name="Alpha", parent=world.north, manager=world.max
    )
    assert Team.objects.get(pk=moved.pk).manager == world.max


def test_manager_chain_goes_to_the_top(world: World) -> None:
    assert manager_chain(person=world.ann) == [world.mia, world.lea, world.lou]


def test_api_tokens_are_stored_hashed_and_can_be_revoked(world: World) -> None:
    token, clear = api_token_create(person=world.ann, name="script")
    assert clear.startswith("upl_")
    assert clear not in (token.key_hash, token.prefix)
    assert api_token_authenticate(clear=clear) == world.ann
    assert api_token_authenticate(clear=clear + "x") is None
    assert api_token_authenticate(clear="not-a-token") is None
    assert not api_token_revoke(person=world.art, token_id=token.pk)  # not Art's token
    assert api_token_revoke(person=world.ann, token_id=token.pk)
    assert api_token_authenticate(clear=clear) is None
