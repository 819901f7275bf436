"""The demo's leader sees the part of the organisation he leads: every team his reporting chain
covers, not only the small team he sits in (regression: his Organisation page listed his own
5-person team and every other team page answered 404)."""

from __future__ import annotations

import pytest
from django.http import HttpRequest
from django.test import Client

from uplift.demo.organisation import DEMO_PASSWORD
from uplift.demo.steps import DemoState, demo_steps
from uplift.orgs import access
from uplift.orgs.models import Person, Role, Team
from uplift.orgs.selectors import manager_chain, team_path

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo() -> DemoState:
    state = DemoState(seed=7)
    steps = dict(demo_steps())
    for label in ("Generate a synthetic CRM export", "Import it", "Demo logins"):
        steps[label](state)
    return state


def _covered_team_ids(leader: Person) -> set[int]:
    """Worked out apart from the access layer, from each team's path and members: the teams with
    the leader or someone in his chain in them or managed by him, the teams nested under those,
    and the regions that only group such teams (no manager, nobody in them)."""
    assert leader.organisation is not None
    teams = list(Team.objects.filter(organisation=leader.organisation))
    led = {
        team.pk
        for team in teams
        if team.manager_id == leader.pk
        or any(
            member.pk == leader.pk or leader in manager_chain(person=member)
            for member in team.members.all()
        )
    }
    covered = {team.pk for team in teams if any(t.pk in led for t in team_path(team=team))}
    for team in sorted(teams, key=lambda t: -len(team_path(team=t))):  # deepest first
        nested = {t.pk for t in teams if t.parent_id == team.pk}
        empty = team.manager_id is None and not team.members.exists()
        if empty and nested and nested <= covered:
            covered.add(team.pk)
    return covered


def test_the_demo_leader_sees_every_team_his_chain_covers(demo: DemoState) -> None:
    (login,) = [login for login in demo.logins if login.role == "Leader"]
    leader = Person.objects.get(email=login.email)
    assert leader.role == Role.LEADER
    assert leader.team_id is not None  # he sits in a small team of his own

    visible = access.team_ids_visible(leader)
    assert visible == _covered_team_ids(leader)
    assert len(visible) > 1
    assert visible == set(
        Team.objects.filter(organisation=leader.organisation).values_list("id", flat=True)
    )

    client = Client()
    assert client.login(request=HttpRequest(), username=leader.email, password=DEMO_PASSWORD)
    home = client.get("/leader/").content.decode()
    for team in Team.objects.filter(pk__in=visible):
        assert client.get(f"/teams/{team.pk}/").status_code == 200, team.name
        assert f'href="/teams/{team.pk}/"' in home, team.name
