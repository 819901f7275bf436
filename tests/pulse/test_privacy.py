"""No role can read one person's pulse answers: not through the pages, the API or the Django admin
site, not a leader, not an admin, not the person themself; and a team of four sees no result of
its own.

In the world of tests/conftest.py, last month's round is answered by four people of Alpha (Ann,
Art, their manager Mia and one more: a team of four), six of Beta, five of Gamma and the leader
Lou and the admin Ada (in no team). Ann answers unlike anyone else (1 everywhere, 0 on the
recommend question).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import Client

from tests.conftest import World
from tests.factories import PersonFactory
from tests.pulse.builders import answer_all, closed_round, people
from uplift.orgs.models import Person
from uplift.pulse.models import (
    PulseParticipation,
    PulseRound,
    PulseTally,
    PulseTeamAnswers,
)
from uplift.pulse.services import pulse_round_current

PAGES = ("/pulse/", "/pulse/results/", "/pulse/questions/", "/me/", "/team/", "/leader/")
API = ("/api/pulse/round", "/api/pulse/results", "/api/pulse/questions", "/api/pulse/settings")


def _readers(world: World) -> list[Person]:
    """Every role, a leader of a region, the manager of the team of four, and back-office staff."""
    staff = PersonFactory(
        email="root@acme.test", organisation=world.org, role="admin", is_staff=True
    )
    staff.is_superuser = True
    staff.save()
    return [world.ann, world.art, world.mia, world.max, world.lea, world.lou, world.ada, staff]


@pytest.fixture
def answered(world: World) -> PulseRound:
    round_ = closed_round(world.org)
    alpha = [world.ann, world.art, world.mia, *people(world.org, world.alpha, 1, "alpha")]
    beta = [world.bob, world.max, *people(world.org, world.beta, 4, "beta")]
    gamma = [world.gil, world.gus, *people(world.org, world.gamma, 3, "gamma")]
    answer_all(round_, [world.ann], values=1, recommend=0)
    answer_all(round_, [*alpha[1:], *beta, *gamma, world.lou, world.ada])
    return round_


def _groups(client: Client) -> list[dict[str, Any]]:
    response = client.get("/api/pulse/results")
    if response.status_code != 200:
        return []
    return [g for r in response.json()["rounds"] for g in r["groups"]]


def test_nothing_stored_links_a_person_to_an_answer() -> None:
    """The only pulse record naming a person says that they answered a round, and nothing else;
    the counts name no person and no time finer than the round."""
    for model in apps.get_app_config("pulse").get_models():
        fields = [f for f in model._meta.get_fields() if getattr(f, "concrete", False)]
        names_person = [f for f in fields if f.is_relation and f.related_model is Person]
        times = [f for f in fields if isinstance(f, models.DateTimeField | models.TimeField)]
        if names_person:
            assert model is PulseParticipation
            assert {f.name for f in fields} == {"id", "round", "person"}
        if model in (PulseTally, PulseTeamAnswers):
            assert not times
            assert not names_person


def test_no_free_text_is_kept_from_an_answer(world: World, client: Client) -> None:
    """The pulse keeps no free text from the people who answer, so it needs no retention rule
    of its own (docs/privacy.md): its only text is the admin's wording of the questions, and a
    comment sent along with the answers is stored nowhere in Uplift."""
    texts = {
        (model.__name__, f.name)
        for model in apps.get_app_config("pulse").get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices
    }
    assert texts == {("PulseQuestion", "text"), ("PulseRoundQuestion", "text")}
    client.force_login(world.ann)
    comment = "My manager never listens to the team"
    questions = client.get("/api/pulse/round").json()["questions"]
    body = {
        "answers": [
            {"question_id": q["question_id"], "value": 3, "comment": comment} for q in questions
        ],
        "comment": comment,
    }
    answered = client.post("/api/pulse/round/answers", body, content_type="application/json")
    assert answered.status_code == 201
    for model in apps.get_models():
        if not model.__module__.startswith("uplift."):
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.CharField | models.TextField | models.JSONField):
                kept = model._default_manager.filter(**{f"{f.name}__icontains": "never listens"})
                assert not kept.exists(), f"{model.__name__}.{f.name}"


def test_a_team_of_four_sees_no_result_of_its_own(
    answered: PulseRound, world: World, client: Client
) -> None:
    for reader in (world.mia, world.lea, world.lou):
        client.force_login(reader)
        groups = _groups(client)
        assert groups, reader
        assert all(g["answers"] >= 5 for g in groups)
        assert world.alpha.pk not in [g["team_id"] for g in groups]
        page = client.get("/pulse/results/").content.decode()
        assert f'data-team="{world.alpha.pk}"' not in page
        assert 'data-testid="pulse-group"' in page
    # Alpha's manager reads the group that holds Alpha's answers: North, with the regional
    # leader's own, or higher up; never Alpha alone.
    client.force_login(world.mia)
    holding = [g for g in _groups(client) if "Alpha" in g["holds"]]
    assert len(holding) == 1
    assert holding[0]["answers"] >= 5


def test_no_role_reads_one_persons_answers_anywhere(
    answered: PulseRound, world: World, client: Client
) -> None:
    """Every group any role reads holds five people or more, and none of them equals Ann's
    answers (1 on every agreement question, 0 on the recommend question)."""
    for reader in _readers(world):
        client.force_login(reader)
        for path in (*PAGES, *API):
            response = client.get(path)
            assert response.status_code in (200, 403), (reader, path)
        for group in _groups(client):
            assert group["answers"] >= 5
            assert group["engagement"] != 1.0
            assert group["enps"] != -100.0


def test_a_round_only_one_person_answered_shows_nothing(world: World, client: Client) -> None:
    round_ = closed_round(world.org)
    answer_all(round_, [world.ann], values=1, recommend=0)
    for reader in _readers(world):
        client.force_login(reader)
        response = client.get("/api/pulse/results")
        if response.status_code == 200:
            (only,) = response.json()["rounds"]
            assert (only["answers"], only["groups"], only["everyone"]) == (1, [], None)
        page = client.get("/pulse/results/")
        if page.status_code == 200:
            assert b"Fewer than 5 people answered this round" in page.content


def test_the_open_round_shows_no_result_while_answers_come_in(world: World, client: Client) -> None:
    """A result that moved with each answer would give away the answer just added."""
    round_ = pulse_round_current(organisation=world.org)
    crowd = people(world.org, world.alpha, 9, "crowd")
    answer_all(round_, crowd, on=round_.opens_on)
    client.force_login(world.lou)
    body = client.get("/api/pulse/results").json()
    assert body["rounds"] == []
    assert body["open_round"]["answers"] == 9
    assert b'data-testid="pulse-group"' not in client.get("/pulse/results/").content


def test_the_person_who_answered_does_not_see_their_answers_again(
    world: World, client: Client
) -> None:
    round_ = pulse_round_current(organisation=world.org)
    client.force_login(world.ann)
    answers = {f"q{q.question_id}": "2" for q in round_.questions.all()}
    assert client.post("/pulse/", answers).status_code == 302
    page = client.get("/pulse/").content.decode()
    assert "You answered this round" in page
    assert 'type="radio"' not in page
    assert client.get("/api/pulse/round").json()["answered"] is True


def test_the_admin_site_has_no_answers(answered: PulseRound, world: World, client: Client) -> None:
    for model in (PulseParticipation, PulseTeamAnswers, PulseTally):
        assert not admin.site.is_registered(model)
    staff = _readers(world)[-1]
    client.force_login(staff)
    for name in ("pulseparticipation", "pulseteamanswers", "pulsetally", "pulseround"):
        assert client.get(f"/admin/pulse/{name}/").status_code == 404
    index = client.get("/admin/pulse/").content.decode()
    assert "Pulse questions" in index
    assert "tall" not in index.lower()
    assert "participation" not in index.lower()
