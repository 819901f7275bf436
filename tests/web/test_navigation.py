"""The main navigation: each role's sections, entries that open, and the current page marked."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.conftest import World
from tests.insights.snapshots import analysis_store, link_crm_ids
from uplift.orgs.models import Role
from uplift.web.navigation import (
    HOME_BY_ROLE,
    SECTION_KEYS,
    all_nav_items,
    current_entry,
    nav_items_for,
    nav_sections_for,
)

ROLES = (Role.REP, Role.MANAGER, Role.LEADER, Role.ADMIN)

SECTIONS_BY_ROLE = {
    Role.REP: ["home", "performance", "practices", "development", "recognition"],
    Role.MANAGER: ["home", "performance", "practices", "development", "recognition"],
    # Leaders search the audit trail of their organisation, under Admin.
    Role.LEADER: ["home", "performance", "practices", "development", "recognition", "admin"],
    Role.ADMIN: ["home", "practices", "development", "recognition", "admin"],
}


@pytest.mark.parametrize("role", ROLES)
def test_every_roles_menu_resolves_and_has_no_duplicates(role: str) -> None:
    items = nav_items_for(role)
    urls = []
    for item in items:
        try:
            urls.append(reverse(item.url_name))
        except NoReverseMatch:  # pragma: no cover - the assertion names the broken entry
            pytest.fail(f"{item.label!r} points to {item.url_name!r}, which is no page")
    assert len(set(urls)) == len(urls)
    assert len({item.label for item in items}) == len(items)
    groups = nav_sections_for(role)
    assert groups[0].key == "home"
    assert [item.url_name for item in groups[0].items] == [HOME_BY_ROLE[role]]
    assert [item for group in groups for item in group.items] == items
    assert all(group.label for group in groups[1:])


def test_every_entry_names_a_known_section() -> None:
    unplaced = [item.label for item in all_nav_items() if item.section not in SECTION_KEYS]
    assert unplaced == []


def _status(client: Client, url: str) -> int:
    return client.get(url).status_code


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_its_sections_and_only_pages_it_may_open(
    client: Client, world: World, role: str
) -> None:
    assert [group.key for group in nav_sections_for(role)] == SECTIONS_BY_ROLE[role]
    client.force_login(world.by_role()[role])
    refused = {item.url_name: _status(client, item.url) for item in nav_items_for(role)}
    assert {name: status for name, status in refused.items() if status != 200} == {}


def test_a_rep_gets_no_leader_manager_or_admin_pages(client: Client, world: World) -> None:
    rep_menu = {item.url_name for item in nav_items_for(Role.REP)}
    others = {
        item.url_name: item.url for item in all_nav_items() if not item.roles & {Role.REP}
    }  # entries only other roles get
    assert rep_menu.isdisjoint(others)
    client.force_login(world.ann)
    statuses = {name: _status(client, url) for name, url in others.items()}
    for name in (
        "leader_home",
        "leader_performance",
        "impact_dashboard",
        "leaders",
        "practice_review_queue",
        "development_rollup",
        "manager_home",
        "team_performance",
        "team_iq",
        "adoption_board",
        "coaching_team",
        "enablement_home",
        "imports",
        "recognition_admin",
    ):
        assert statuses[name] == 403, name


def test_a_manager_gets_no_leader_pages_and_an_admin_no_private_numbers() -> None:
    manager = {item.url_name for item in nav_items_for(Role.MANAGER)}
    admin = {item.url_name for item in nav_items_for(Role.ADMIN)}
    assert manager.isdisjoint({"leader_home", "leader_performance", "impact_dashboard", "leaders"})
    assert admin.isdisjoint(
        {"my_performance", "team_performance", "leader_performance", "impact_dashboard", "team_iq"}
    )


@pytest.mark.parametrize(
    ("role", "path", "entry", "section"),
    [
        (Role.REP, "/me/", "my_home", "home"),
        (Role.REP, "/me/performance/", "my_performance", "performance"),
        (Role.LEADER, "/practices/12/", "practice_library", "practices"),
        (Role.LEADER, "/leader/performance/trend/", "leader_performance", "performance"),
        (Role.LEADER, "/leader/future-leaders/3/", "leaders", "performance"),
        (Role.ADMIN, "/recognition/admin/rules/4/", "recognition_admin", "recognition"),
        (Role.MANAGER, "/coaching/sessions/3/", None, "development"),
        (Role.REP, "/people/3/", None, None),
    ],
)
def test_a_page_belongs_to_the_entry_whose_address_it_starts_with(
    role: str, path: str, entry: str | None, section: str | None
) -> None:
    assert current_entry(nav_sections_for(role), path) == (entry, section)


def test_the_page_marks_its_entry_and_section(client: Client, world: World) -> None:
    client.force_login(world.lou)
    html = client.get(reverse("impact_dashboard")).content.decode()
    current = re.findall(r'<a class="nav-link active" href="([^"]+)"\s+aria-current="page"', html)
    assert current == [reverse("impact_dashboard")]
    marked = re.findall(r'class="nav-section is-current" data-section="(\w+)"', html)
    assert marked == ["performance"]
    assert 'aria-label="Show navigation"' in html
    assert 'data-testid="user-menu"' in html


@pytest.fixture
def analysed(world: World) -> World:
    """The hand-made analysis of tests/insights/snapshots.py: Art and Bob are the stars."""
    link_crm_ids(world)
    analysis_store(organisation=world.org)
    return world


@pytest.mark.parametrize(("leader", "stars"), [("lou", ["art", "bob"]), ("lea", ["art", "bob"])])
def test_stars_and_gap_links_each_star_to_a_profile_the_leader_may_open(
    client: Client, analysed: World, leader: str, stars: list[str]
) -> None:
    client.force_login(getattr(analysed, leader))
    html = client.get(reverse("leader_performance")).content.decode()
    links = re.findall(r'href="([^"]+)" data-testid="star-profile-link"', html)
    expected = [reverse("star_profile", args=[getattr(analysed, s).pk]) for s in stars]
    assert links == expected
    assert all(client.get(link).status_code == 200 for link in links)
    assert f'href="{reverse("star_profiles")}"' in html
    assert f'href="{reverse("debriefs")}"' in html
