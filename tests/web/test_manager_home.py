"""The manager's home: who has a development plan, and links that open for the person reading."""

from __future__ import annotations

import re
from datetime import date

from django.test import Client

from tests.conftest import World
from tests.factories import PersonFactory
from uplift.development.models import DevelopmentPlan
from uplift.orgs.models import Person, Role

LINK = re.compile(r'href="(/(?:teams|development)/[^"]*)"')


def _second_line_manager(world: World) -> Person:
    """Sam runs no team of his own: Mia (who runs Alpha) reports to him, and so do her reps."""
    sam = PersonFactory(
        organisation=world.org,
        email="sam@acme.test",
        full_name="Sam Test",
        role=Role.MANAGER,
        manager=world.lou,
    )
    world.mia.manager = sam
    world.mia.save()
    return sam


def test_plans_in_place_are_counted_and_each_rep_says_where_theirs_is(world: World, login) -> None:
    plan = DevelopmentPlan.objects.create(
        organisation=world.org,
        rep=world.ann,
        manager=world.mia,
        goal="Win more",
        started_on=date(2026, 9, 1),
    )
    page = login(world.mia).get("/team/").content.decode()
    assert re.search(r'data-testid="plans-in-place">1<span[^>]*> of 2</span>', page)
    assert f'href="/development/plans/{plan.pk}/"' in page
    assert f'href="/development/people/{world.art.pk}/plan/new/"' in page
    assert "see who needs one" in page


def test_a_second_line_manager_gets_no_link_that_would_not_open(world: World, login) -> None:
    sam = _second_line_manager(world)
    client: Client = login(sam)
    page = client.get("/team/").content.decode()
    assert "Alpha" in page  # his people's team is named …
    assert f'href="/teams/{world.alpha.pk}/"' not in page  # … but its roster is not his to open
    links = set(LINK.findall(page))
    assert links  # the plan links are there
    refused = {url: client.get(url).status_code for url in links}
    assert {url: status for url, status in refused.items() if status >= 400} == {}


def test_a_team_page_links_only_the_parent_teams_its_reader_may_open(world: World, login) -> None:
    client: Client = login(world.mia)
    page = client.get(f"/teams/{world.alpha.pk}/").content.decode()
    assert "North" in page
    assert f'href="/teams/{world.north.pk}/"' not in page
    assert client.get(f"/teams/{world.north.pk}/").status_code == 404
    as_leader = login(world.lea).get(f"/teams/{world.alpha.pk}/").content.decode()
    assert f'href="/teams/{world.north.pk}/"' in as_leader


def test_someone_who_has_left_is_marked_on_the_roster_and_not_offered_a_plan(
    world: World, login
) -> None:
    world.art.is_active = False
    world.art.leave_date = date(2026, 8, 31)
    world.art.save()
    page = login(world.mia).get("/team/").content.decode()
    roster = page.split('data-testid="roster"', 1)[1]
    art = roster.split("Art Test", 1)[1].split("</tr>", 1)[0]
    assert 'data-testid="has-left">has left (31 Aug 2026)</span>' in art
    assert "none: has left" in art
    assert f"/development/people/{world.art.pk}/plan/new/" not in art
    ann = roster.split("Ann Test", 1)[1].split("</tr>", 1)[0]
    assert "has left" not in ann
