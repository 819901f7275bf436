"""Each role's home page opens on its to-do list: every item links to a page that opens for its
reader, with its date; an empty list says so and suggests one useful thing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.coaching.builders import one_on_one, scenario, scored_roleplay
from tests.conftest import World
from tests.debriefs.builders import ranked_with_profiles
from tests.initiatives.builders import launched
from tests.practices.builders import draft
from uplift.development.models import DevelopmentPlan, Milestone
from uplift.practices.services import practice_submit
from uplift.pulse.services import pulse_answer, pulse_round_current

ITEM = re.compile(
    r'data-testid="(\w+)-worklist">.*?href="([^"]+)" data-testid="worklist-link">([^<]+)</a>.*?'
    r'data-testid="worklist-when">([^<]+)<',
    re.DOTALL,
)


def items(page: str) -> list[tuple[str, str, str, str]]:
    """(kind, link, title, when) of each to-do item, in the page's order."""
    return [(k, link.replace("&amp;", "&"), t, w) for k, link, t, w in ITEM.findall(page)]


def open_links(client: Client, page: str) -> dict[str, int]:
    """The to-do links that do not open for the reader, with their status."""
    statuses = {link: client.get(link).status_code for _k, link, _t, _w in items(page)}
    return {link: status for link, status in statuses.items() if status >= 400}


@pytest.fixture
def busy(world: World) -> World:
    """Something waiting for each role: Ann's plan has a milestone due and a role play to
    retry, Mia has a 1:1 to prepare and a star to debrief, Lou a card to review and an
    initiative to look after."""
    ranked_with_profiles(world)
    plan = DevelopmentPlan.objects.create(
        organisation=world.org,
        rep=world.ann,
        manager=world.mia,
        goal="Win more renewals",
        started_on=timezone.localdate() - timedelta(days=10),
    )
    Milestone.objects.create(
        plan=plan, title="Run two discovery role plays", due_on=timezone.localdate()
    )
    scored_roleplay(scenario(world.ada), world.ann, world.mia, {world.mia: [2, 2, 2]})
    one_on_one(world.ann, world.mia, at=timezone.now() + timedelta(days=1))
    practice_submit(practice=draft(world.art), actor=world.art, sponsor=world.lou)
    launched(world)
    return world


def test_a_reps_home_lists_what_is_due_with_dates_and_links_that_open(busy: World, login) -> None:
    client: Client = login(busy.ann)
    page = client.get("/me/").content.decode()
    found = items(page)
    assert [kind for kind, *_ in found] == ["milestone", "retry", "pulse"]
    assert found[0][2:] == ("Run two discovery role plays", "Due today")
    assert 'data-testid="worklist-count">3 waiting' in page
    assert open_links(client, page) == {}
    assert f'href="/people/{busy.ann.pk}/" data-testid="my-record"' in page


def test_a_managers_home_lists_the_teams_work(busy: World, login) -> None:
    client: Client = login(busy.mia)
    page = client.get("/team/").content.decode()
    found = {(kind, title) for kind, _link, title, _when in items(page)}
    assert ("session", "Prepare your 1:1 with Ann Test") in found
    assert ("debrief", "Schedule a debrief with Art Test") in found
    assert open_links(client, page) == {}


def test_a_leaders_home_lists_reviews_and_initiatives(busy: World, login) -> None:
    client: Client = login(busy.lou)
    page = client.get("/leader/").content.decode()
    kinds = [kind for kind, *_ in items(page)]
    assert "review" in kinds
    assert "initiative" in kinds
    assert open_links(client, page) == {}


def test_an_admins_home_lists_the_data_and_shows_its_status(busy: World, login) -> None:
    client: Client = login(busy.ada)
    page = client.get("/enablement/").content.decode()
    assert ("import", "/enablement/imports/", "Import your CRM data", "Due today") in items(page)
    assert 'data-testid="data-status"' in page
    assert 'data-testid="recent-runs"' in page  # the hand-made analysis, with its duration
    assert open_links(client, page) == {}


def test_an_empty_list_says_so_and_suggests_one_thing(world: World, login) -> None:
    pulse_round = pulse_round_current(organisation=world.org)
    answers = {
        q.question_id: (9 if q.kind == "recommend" else 4) for q in pulse_round.questions.all()
    }
    pulse_answer(person=world.art, round_=pulse_round, answers=answers)
    client: Client = login(world.art)
    page = client.get("/me/").content.decode()
    assert items(page) == []
    assert 'data-testid="worklist-empty"' in page
    assert "Nothing is waiting for you." in page
    assert 'href="/practices/" data-testid="worklist-suggestion"' in page
    assert 'data-testid="pulse-done"' in page


def test_the_manager_card_counts_the_plans_in_place(busy: World, login) -> None:
    page = login(busy.mia).get("/team/").content.decode()
    assert re.search(r'data-testid="plans-in-place">1<span[^>]*> of 2</span>', page)


@pytest.mark.parametrize(
    ("who", "home", "most"),
    [
        ("ann", "/me/", 40),
        ("mia", "/team/", 60),
        ("lou", "/leader/", 60),
        ("ada", "/enablement/", 40),
    ],
)
def test_a_home_page_reads_a_bounded_number_of_queries(
    busy: World, login, django_assert_max_num_queries, who: str, home: str, most: int
) -> None:
    client: Client = login(getattr(busy, who))
    with django_assert_max_num_queries(most):
        assert client.get(home).status_code == 200
