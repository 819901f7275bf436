"""Whose commitments each role sees: a person their own, a manager those of the people they
manage, the sponsor everyone's; a rep never another rep's, through the pages or the API."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.conftest import World
from tests.initiatives.builders import days_ago, launched, partnered
from uplift.initiatives.access import commitments_visible
from uplift.initiatives.kinds import Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(world: World):  # type: ignore[no-untyped-def]
    initiative = launched(world, starts_on=days_ago(10))
    partnered(initiative, world.art, {Kind.DEBRIEFS: 1}, today=days_ago(10))
    partnered(initiative, world.bob, {Kind.SESSIONS_HOSTED: 1}, today=days_ago(10))
    return initiative


def _people(viewer, initiative) -> set[str]:  # type: ignore[no-untyped-def]
    return {c.person.full_name for c in commitments_visible(viewer, initiative)}


def test_each_sees_their_own_their_reports_and_the_sponsor_all(world: World, committed) -> None:  # type: ignore[no-untyped-def]
    assert _people(world.art, committed) == {"Art Test"}
    assert _people(world.ann, committed) == set()  # a teammate sees nobody's
    assert _people(world.bob, committed) == {"Bob Test"}
    assert _people(world.mia, committed) == {"Art Test"}  # Art's manager
    assert _people(world.max, committed) == {"Bob Test"}
    assert _people(world.lou, committed) == {"Art Test", "Bob Test"}  # the sponsor
    assert _people(world.ada, committed) == set()  # the owner runs it, sees nobody's


def test_the_pages_and_the_api_show_a_rep_only_their_own(
    world: World,
    committed,
    client: Client,
    login: Callable[..., Client],  # type: ignore[no-untyped-def]
) -> None:
    login(world.art)
    page = client.get(f"/initiatives/{committed.pk}/commitments/").content.decode()
    assert "Art Test" in page
    assert "Bob Test" not in page
    answer = client.get(f"/api/initiatives/{committed.pk}/commitments").json()["items"]
    assert {row["person"]["full_name"] for row in answer} == {"Art Test"}
    health = client.get(f"/initiatives/{committed.pk}/health/")
    assert health.status_code == 403


def test_only_the_sponsor_sees_the_partners_one_by_one_on_the_health_page(
    world: World,
    committed,
    client: Client,
    login: Callable[..., Client],  # type: ignore[no-untyped-def]
) -> None:
    login(world.lea)  # a leader, not the sponsor
    page = client.get(f"/initiatives/{committed.pk}/health/").content.decode()
    assert 'data-testid="partner-commitments"' not in page
    client.logout()
    login(world.lou)
    page = client.get(f"/initiatives/{committed.pk}/health/").content.decode()
    assert 'data-testid="partner-commitments"' in page


def test_the_page_shows_a_colleague_neither_pledges_nor_who_declined(
    world: World,
    committed,
    client: Client,
    login: Callable[..., Client],  # type: ignore[no-untyped-def]
) -> None:
    from uplift.initiatives.services import invitation_answer, partners_invite

    [gil] = partners_invite(initiative=committed, invited_by=world.lou, people=[world.gil])
    invitation_answer(partner=gil, actor=world.gil, accept=False, note="Moving to a new territory")
    login(world.ann)
    page = client.get(f"/initiatives/{committed.pk}/").content.decode()
    partners = page.split('data-testid="partners"')[1].split("</section>")[0]
    assert "Art Test" in partners
    assert "Gil Test" not in partners  # declined: the leaders know, not the colleagues
    assert "per quarter" not in page.split('id="history-heading"')[1]  # nobody's pledge
    assert "new territory" not in page
    assert "Gil Test" not in page  # nor in the history's list of who was invited
    client.logout()
    login(world.lou)
    page = client.get(f"/initiatives/{committed.pk}/").content.decode()
    assert "Moving to a new territory" in page  # the sponsor reads the answer
    assert "Sessions hosted: 1 per quarter" in page
