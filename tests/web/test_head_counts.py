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
    assert "1 person (active, every role)" in lea  # Alpha in the tree: Ann (Art left), and Mia
    client.logout()
    mia = login(world.mia).get("/team/").content.decode()
    assert '"rep-count">1</div><div class="stat-label">person in your teams (active' in mia
    client.logout()
    ada = login(world.ada).get("/enablement/").content.decode()
    assert '"people-total">9</div><div class="stat-label">people in the organisation' in ada
