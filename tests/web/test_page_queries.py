"""Every page of every role's menu reads the database a bounded number of times: a page that
read once per row (a person, a plan, a practice) would grow with the organisation and stop
keeping up under load. The ceilings are generous; a page that passes one has no per-row reads
on the tests' organisation and the demo's (docs/performance.md)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import World
from uplift.orgs.models import Role
from uplift.web.navigation import nav_items_for

ROLES = (Role.REP, Role.MANAGER, Role.LEADER, Role.ADMIN)
MENU_PAGES = [(role, item.url_name, item.url) for role in ROLES for item in nav_items_for(role)]
# Queries a menu page may make when drawn (the page cache is not used: each reading is a first
# one); pages that gather several capabilities' records have more.
CEILING = 60


@pytest.mark.parametrize(
    ("role", "name", "url"), MENU_PAGES, ids=[f"{r}-{n}" for r, n, _ in MENU_PAGES]
)
def test_every_menu_page_reads_a_bounded_number_of_times(
    client: Client, world: World, django_assert_max_num_queries, role: str, name: str, url: str
) -> None:
    client.force_login(world.by_role()[role])
    with django_assert_max_num_queries(CEILING):
        response = client.get(url)
    assert response.status_code == 200
