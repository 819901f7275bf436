"""The privacy model, rule by rule, on the shared test organisation."""

from __future__ import annotations

from tests.conftest import World
from uplift.orgs import access
from uplift.orgs.models import Person, Role, Team


def ids(*people: object) -> set[int]:
    return {p.pk for p in people}  # type: ignore[attr-defined]


def test_a_rep_sees_only_their_own_private_data(world: World) -> None:
    assert access.private_person_ids_visible(world.ann) == ids(world.ann)
    assert not access.can_view_private_data(world.ann, world.art)
    assert access.team_ids_visible(world.ann) == set()


def test_a_manager_sees_their_team_and_chain_but_no_other_team(world: World) -> None:
    assert access.private_person_ids_visible(world.mia) == ids(world.mia, world.ann, world.art)
    assert not access.can_view_private_data(world.mia, world.bob)
    assert access.team_ids_visible(world.mia) == ids(world.alpha)


def test_a_regional_leader_sees_their_region_only(world: World) -> None:
    seen = access.private_person_ids_visible(world.lea)
    assert seen >= ids(world.lea, world.mia, world.max, world.ann, world.art, world.bob)
    assert world.gil.pk not in seen
    assert world.gus.pk not in seen
    assert access.team_ids_visible(world.lea) == ids(world.north, world.alpha, world.beta)


def test_a_top_leader_sees_the_whole_organisation_and_nothing_outside_it(world: World) -> None:
    seen = access.private_person_ids_visible(world.lou)
    assert ids(world.ann, world.bob, world.gil, world.lea, world.ada) <= seen
    assert world.otto.pk not in seen
    assert not access.can_view_private_data(world.lou, world.otto)
    assert world.rival.pk not in access.team_ids_visible(world.lou)


def test_the_enablement_admin_sees_no_reps_private_data(world: World) -> None:
    assert access.private_person_ids_visible(world.ada) == ids(world.ada)


def test_a_manager_of_another_company_sees_nothing_here(world: World) -> None:
    assert not access.can_view_private_data(world.olga, world.ann)
    assert access.private_person_ids_visible(world.olga) == ids(world.olga, world.otto)


def test_manager_chain_reaches_indirect_reports(world: World) -> None:
    # Lea manages Mia, who manages Ann: Lea sees Ann through the chain.
    assert access.can_view_private_data(world.lea, world.ann)


def test_an_inactive_person_passes_no_rule(world: World) -> None:
    world.mia.is_active = False
    world.mia.save()
    assert not access.SIGNED_IN.allows(world.mia)
    assert access.private_person_ids_visible(world.mia) == set()


def test_role_rules(world: World) -> None:
    assert access.LEADERS.allows(world.lou)
    assert not access.LEADERS.allows(world.mia)
    assert access.MANAGERS.allows(world.mia)
    assert access.MANAGERS.allows(world.lou)
    assert not access.MANAGERS.allows(world.ann)
    assert access.ADMINS.allows(world.ada)
    assert access.PUBLIC.allows(None)
    assert not access.SIGNED_IN.allows(None)
    assert set(access.ALL_ROLES) == set(Role.values)


def test_a_manager_chain_loop_does_not_hang(world: World) -> None:
    world.lou.manager = world.ann  # bad data from a CRM: a cycle
    world.lou.save()
    assert world.ann.pk in access.private_person_ids_visible(world.mia)


def test_a_leader_in_a_small_team_of_their_own_sees_the_teams_of_their_reports(
    world: World,
) -> None:
    office = Team.objects.create(organisation=world.org, name="Office")
    world.lou.team = office
    world.lou.save()
    dan = Person.objects.create(organisation=world.org, role=Role.MANAGER, email="dan@acme.test")
    delta = Team.objects.create(
        organisation=world.org, name="Delta", parent=world.south, manager=dan
    )
    seen = access.team_ids_visible(world.lou)
    # His office, North through Lea, Gamma through Gus; South groups Gamma and Delta, and Delta's
    # manager does not report to Lou, so neither is his.
    assert seen == ids(office, world.north, world.alpha, world.beta, world.gamma)
    assert not seen & ids(world.south, delta)
    delta.delete()
    assert access.team_ids_visible(Person.objects.get(pk=world.lou.pk)) == ids(
        office, world.north, world.alpha, world.beta, world.gamma, world.south
    )
