"""A person's page shows their private record to whoever may see it, every part linking on."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from tests.coaching.builders import one_on_one
from tests.conftest import World
from tests.practices.builders import approved
from uplift.development.models import DevelopmentPlan, Milestone
from uplift.practices.adoptions import adoption_start

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
    card = approved(world.art, world.lou, title="Mutual close plan")
    adoption_start(practice=card, person=world.ann, actor=world.ann, on=date(2026, 10, 1))
    return plan


def test_a_manager_sees_the_reps_plan_coaching_and_practices_with_links(
    world: World, login
) -> None:
    plan = _record(world)
    client: Client = login(world.mia)
    page = client.get(f"/people/{world.ann.pk}/").content.decode()
    assert "Nothing has been recorded yet" not in page
    assert f'href="/development/plans/{plan.pk}/"' in page
    assert "Run two discovery role plays" in page
    assert "Old one" not in page  # done
    assert "1 session had or booked" in page
    assert "Mutual close plan" in page
    assert "Planned" in page
    assert f'href="/people/{world.ann.pk}/performance/"' in page
    statuses = {url: client.get(url).status_code for url in set(LINK.findall(page))}
    assert {url: s for url, s in statuses.items() if s >= 400} == {}


def test_an_empty_record_says_what_to_do_next_for_each_reader(world: World, login) -> None:
    as_manager = login(world.mia).get(f"/people/{world.art.pk}/").content.decode()
    assert f'href="/development/people/{world.art.pk}/plan/new/"' in as_manager
    assert "Book one" in as_manager
    as_self = login(world.art).get(f"/people/{world.art.pk}/").content.decode()
    assert "/plan/new/" not in as_self
    assert "Book one" not in as_self
    assert "No plan in progress; Mia Test starts one." in as_self


def test_a_rep_cannot_open_a_colleagues_record(world: World, login) -> None:
    assert login(world.art).get(f"/people/{world.ann.pk}/").status_code == 404
