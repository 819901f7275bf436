"""A person's page shows their record to whoever may see it, one section per capability, each
following its own access rule and linking to its page; an empty section says what to do."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.coaching.builders import one_on_one, scenario, scored_roleplay
from tests.conftest import World
from tests.debriefs.builders import debrief_with, ranked_with_profiles
from tests.factories import PersonFactory
from tests.practices.builders import approved
from uplift.development.models import DevelopmentPlan, Milestone
from uplift.orgs.models import Role
from uplift.practices.adoptions import adoption_start
from uplift.recognition.services import kudos_give

LINK = re.compile(r'href="(/[^"#]*)"')
TODAY = timezone.localdate()


def _record(world: World) -> DevelopmentPlan:
    plan = DevelopmentPlan.objects.create(
        organisation=world.org,
        rep=world.ann,
        manager=world.mia,
        goal="Win more renewals",
        started_on=date(2026, 9, 1),
    )
    Milestone.objects.create(plan=plan, title="Run two discovery role plays", due_on=TODAY)
    Milestone.objects.create(
        plan=plan, title="Old one", due_on=TODAY - timedelta(days=30), done_on=TODAY
    )
    one_on_one(world.ann, world.mia)
    card = approved(world.art, world.lou, title="Mutual close plan", contributors=[world.ann])
    adoption_start(practice=card, person=world.ann, actor=world.ann, on=date(2026, 10, 1))
    scored_roleplay(scenario(world.ada), world.ann, world.mia, {world.mia: [3, 4, 2]})
    kudos_give(giver=world.art, receiver=world.ann, message="Thanks for the close plan template")
    return plan


def _broken_links(client: Client, page: str) -> dict[str, int]:
    statuses = {url: client.get(url).status_code for url in set(LINK.findall(page))}
    return {url: s for url, s in statuses.items() if s >= 400}


def test_a_manager_sees_every_section_with_links_that_open(world: World, login) -> None:
    plan = _record(world)
    client: Client = login(world.mia)
    page = client.get(f"/people/{world.ann.pk}/").content.decode()
    assert "Nothing has been recorded yet" not in page
    assert f'href="/development/plans/{plan.pk}/"' in page
    assert "Run two discovery role plays" in page
    assert "Old one" not in page  # done
    assert "1 session had or booked." in page
    assert 'data-testid="next-session"' in page
    assert "Price objection" in page
    assert "<strong>3.0</strong> of 5" in page  # the role play's score
    assert "Mutual close plan" in page
    assert "Planned" in page
    assert "Thanks for the close plan template" in page
    assert "— Art Test" in page
    assert f'href="/practices/?contributor={world.ann.pk}"' in page
    assert f'href="/people/{world.ann.pk}/performance/"' in page
    assert 'data-testid="coaching-private"' not in page  # Mia is in Ann's chain
    assert _broken_links(client, page) == {}


def test_an_empty_record_says_what_to_do_next_for_each_reader(world: World, login) -> None:
    as_manager = login(world.mia).get(f"/people/{world.art.pk}/").content.decode()
    assert f'href="/development/people/{world.art.pk}/plan/new/"' in as_manager
    assert "No plan yet." in as_manager
    assert "Book one" in as_manager
    assert re.search(r'data-testid="next-step">.*Art has no development plan yet', as_manager)
    assert "No kudos yet." in as_manager
    assert "Nothing shared yet." in as_manager
    as_self = login(world.art).get(f"/people/{world.art.pk}/").content.decode()
    assert "/plan/new/" not in as_self
    assert "Book one" not in as_self
    assert "No plan yet; your manager starts one with you." in as_self
    assert "Share what works for you" in as_self


def test_a_rep_cannot_open_a_colleagues_record(world: World, login) -> None:
    assert login(world.art).get(f"/people/{world.ann.pk}/").status_code == 404


def test_coaching_stays_with_the_reps_chain_on_a_leaders_view(world: World, login) -> None:
    """Lin leads the whole organisation from outside Ann's manager chain: she reads Ann's plan
    and scorecard, but not her coaching sessions or role plays."""
    lin = PersonFactory(
        organisation=world.org, email="lin@acme.test", full_name="Lin Test", role=Role.LEADER
    )
    _record(world)
    page = login(lin).get(f"/people/{world.ann.pk}/").content.decode()
    assert "Win more renewals" in page
    assert 'data-testid="coaching-private"' in page
    assert "session had or booked" not in page
    assert "Price objection" not in page
    assert "/coaching/sessions/" not in page


def test_a_star_shows_band_why_and_the_debrief_to_schedule(world: World, login) -> None:
    ranked_with_profiles(world)  # Art of Alpha is a star
    client: Client = login(world.mia)
    page = client.get(f"/people/{world.art.pk}/").content.decode()
    assert 'band-star">star</span>' in page
    assert 'data-testid="person-why"' in page
    assert f'href="/stars/{world.art.pk}/"' in page
    assert f'href="/debriefs/new/?star={world.art.pk}" data-testid="schedule-with-star"' in page
    debrief = debrief_with(world, world.art, scheduled_by=world.mia, interviewer=world.mia)
    page = client.get(f"/people/{world.art.pk}/").content.decode()
    assert f'href="/debriefs/{debrief.pk}/"' in page
    assert 'data-testid="schedule-with-star"' not in page
    assert _broken_links(client, page) == {}
    as_star = login(world.art).get(f"/people/{world.art.pk}/").content.decode()
    assert "debriefs/new" not in as_star  # nobody schedules their own debrief


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as seen:
        assert client.get(url).status_code == 200
    return len(seen.captured_queries)


def test_the_page_reads_as_many_queries_however_long_the_history(
    world: World, login, django_assert_max_num_queries
) -> None:
    ranked_with_profiles(world)
    _record(world)
    client: Client = login(world.mia)
    url = f"/people/{world.ann.pk}/"
    _queries(client, url)  # the first request of a session reads a little more
    before = _queries(client, url)
    for day in range(1, 6):  # more of everything
        one_on_one(world.ann, world.mia, at=timezone.now() - timedelta(days=day))
        scored_roleplay(
            scenario(world.ada, title=f"Scenario {day}"),
            world.ann,
            world.mia,
            {world.mia: [4, 4, 4]},
        )
        kudos_give(giver=world.bob, receiver=world.ann, message=f"Thanks, number {day}")
        approved(world.ann, world.lou, title=f"Card {day}")
        debrief_with(world, world.art, co_contributors=[world.ann])
    assert _queries(client, url) == before
    with django_assert_max_num_queries(45):
        client.get(url)


@pytest.mark.parametrize("who", ["ann", "mia", "lea", "lou"])
def test_every_reader_of_the_record_gets_links_that_open(world: World, login, who: str) -> None:
    _record(world)
    client: Client = login(getattr(world, who))
    page = client.get(f"/people/{world.ann.pk}/").content.decode()
    assert _broken_links(client, page) == {}
