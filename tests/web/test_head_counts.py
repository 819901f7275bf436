"""Every head count says what it counts, and pages counting the same people agree: the home pages
and the team tree count active people through `uplift.orgs.head_counts`, each number with its
label ("9 people in your part of the organisation (active, every role)")."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.conftest import World
from uplift.orgs.head_counts import head_counts
from uplift.orgs.models import Person

pytestmark = pytest.mark.django_db


def test_a_head_count_counts_active_people_and_says_so(world: World) -> None:
    world.art.is_active = False  # left the company
    world.art.save()
    counts = head_counts(
        people=Person.objects.filter(organisation=world.org), scope="in the organisation"
    )
    assert str(counts.people) == "9 people in the organisation (active, every role)"
    assert str(counts.reps) == "3 reps in the organisation (active)"
    assert str(counts.managers) == "3 managers in the organisation (active)"
    one = head_counts(people=Person.objects.filter(pk=world.ann.pk), scope="in your teams")
    assert str(one.people) == "1 person in your teams (active, every role)"


def test_the_home_pages_count_with_their_labels_and_agree(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    world.art.is_active = False
    world.art.save()
    lea = login(world.lea).get("/leader/").content.decode()  # North: herself, Alpha and Beta
    assert (
        '<div class="stat-value" data-testid="people-in-scope">5</div>'
        '<div class="stat-label">people in your part of the organisation (active, every role)'
        in lea
    )
    assert '"reps-in-scope">2</div><div class="stat-label">reps in your part' in lea
    # North in the tree: Lea herself, Alpha (Mia, Ann; Art left) and Beta (Max, Bob).
    assert "5 people here and in its 2 teams (active, every role)" in lea
    client.logout()
    mia = login(world.mia).get("/team/").content.decode()
    assert '"rep-count">1</div><div class="stat-label">person in your teams (active' in mia
    client.logout()
    ada = login(world.ada).get("/enablement/").content.decode()
    assert '"people-total">9</div><div class="stat-label">people in the organisation' in ada


def test_a_region_counts_the_people_of_its_teams_too(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    world.art.is_active = False
    world.art.save()
    html = login(world.lou).get("/leader/").content.decode()
    counts = [
        c.split(">", 1)[1].split("<", 1)[0] for c in html.split('data-testid="team-headcount"')[1:]
    ]
    # North: Lea herself, then Alpha (Mia, Ann; Art has left) and Beta (Max, Bob).
    assert "5 people here and in its 2 teams (active, every role)" in counts
    assert "2 people (active, every role) · run by Mia Test" in counts  # Alpha
    assert not any(c.startswith("0 people") for c in counts)
