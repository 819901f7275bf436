"""The pulse pages: answering from the home page's to-do, the results of closed rounds with their
trend, and the admin's questions and cadence."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

from django.test import Client

from tests.conftest import World
from tests.pulse.builders import answer_all, closed_round, people
from uplift.pulse.models import PulseParticipation, PulseQuestion, PulseSurvey, PulseTeamAnswers
from uplift.pulse.services import pulse_round_current, pulse_round_on, pulse_survey_of


def _form(world: World, value: str = "4") -> dict[str, str]:
    round_ = pulse_round_current(organisation=world.org)
    return {
        f"q{q.question_id}": ("9" if q.kind == "recommend" else value)
        for q in round_.questions.all()
    }


def test_a_rep_answers_from_the_home_pages_to_do(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.ann)
    home = client.get("/me/").content.decode()
    assert 'data-testid="pulse-worklist"' in home
    assert "4 short questions" in home
    page = client.get("/pulse/").content.decode()
    assert "Nobody can see one person&#x27;s answers" in page or "Nobody can see one person" in page
    assert "at least 5 people" in page
    assert page.count('data-testid="pulse-question"') == 4
    response = client.post("/pulse/", _form(world))
    assert response.status_code == 302
    assert PulseParticipation.objects.filter(person=world.ann).count() == 1
    assert PulseTeamAnswers.objects.get().answers == 1
    done = client.get("/pulse/").content.decode()
    assert "You answered this round" in done
    assert "recognition" in done  # what to do next
    assert "Nothing to do for the pulse" in client.get("/me/").content.decode()


def test_an_incomplete_answer_names_the_question_and_stores_nothing(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.art)
    answers = _form(world)
    answers.pop(next(iter(answers)))
    response = client.post("/pulse/", answers)
    assert response.status_code == 400
    assert "Choose an answer to this question." in response.content.decode()
    assert not PulseParticipation.objects.exists()


def test_every_home_page_carries_the_pulse(world: World, login: Callable[..., Client]) -> None:
    for person, home in (
        (world.mia, "/team/"),
        (world.lou, "/leader/"),
        (world.ada, "/enablement/"),
    ):
        client = login(person)
        assert 'data-testid="pulse-worklist"' in client.get(home).content.decode()


def test_results_before_any_round_closed_say_when_they_come(
    world: World, login: Callable[..., Client]
) -> None:
    pulse_round_current(organisation=world.org)
    page = login(world.mia).get("/pulse/results/").content.decode()
    assert 'data-testid="no-results"' in page
    assert 'data-testid="open-round"' in page


def test_a_leader_reads_the_results_and_their_trend(
    world: World, login: Callable[..., Client]
) -> None:
    last = closed_round(world.org)
    earlier = pulse_round_on(organisation=world.org, day=last.opens_on - timedelta(days=10))
    beta = [world.bob, world.max, *people(world.org, world.beta, 4, "beta")]
    answer_all(earlier, beta, values=3, recommend=6)
    answer_all(last, beta, values=4, recommend=10)
    client = login(world.lou)
    page = client.get("/pulse/results/").content.decode()
    assert f'data-team="{world.beta.pk}"' in page
    assert "Results of the" in page
    assert "What to do next" in page
    chart = json.loads(
        page.split('id="chart-pulse-engagement" type="application/json">')[1].split("</script>")[0]
    )
    beta_line = next(s for s in chart["series"] if s["label"] == "Beta")
    assert beta_line["values"] == [3.0, 4.0]
    enps = json.loads(
        page.split('id="chart-pulse-enps" type="application/json">')[1].split("</script>")[0]
    )
    assert next(s for s in enps["series"] if s["label"] == "Beta")["values"] == [-100.0, 100.0]
    older = client.get(f"/pulse/results/?round={earlier.pk}").content.decode()
    assert "3.00" in older


def test_the_admin_edits_the_questions_and_the_cadence(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.ada)
    page = client.get("/pulse/questions/").content.decode()
    assert page.count('data-testid="active-question"') == 4
    assert 'data-testid="next-step"' in page
    added = client.post("/pulse/questions/", {"text": "I know who to ask.", "kind": "agreement"})
    assert added.status_code == 302
    question = PulseQuestion.objects.get(text="I know who to ask.")
    refused = client.post("/pulse/questions/", {"text": "A sixth", "kind": "agreement"})
    assert refused.status_code == 400
    assert "at most 5" in refused.content.decode()
    assert (
        client.post(f"/pulse/questions/{question.pk}/move/", {"direction": "up"}).status_code == 302
    )
    question.refresh_from_db()
    assert question.position == 3
    reworded = client.post(f"/pulse/questions/{question.pk}/", {"text": "I know whom to ask."})
    assert reworded.status_code == 302
    assert client.post(f"/pulse/questions/{question.pk}/retire/").status_code == 302
    question.refresh_from_db()
    assert (question.text, question.is_active) == ("I know whom to ask.", False)
    assert client.post("/pulse/cadence/", {"cadence_months": "3"}).status_code == 302
    assert pulse_survey_of(organisation=world.org).cadence_months == PulseSurvey.Cadence.QUARTERLY
    assert "Retired questions" in client.get("/pulse/questions/").content.decode()


def test_answers_sent_twice_keep_the_first(world: World, login: Callable[..., Client]) -> None:
    client = login(world.ann)
    assert client.post("/pulse/", _form(world, "2")).status_code == 302
    again = client.post("/pulse/", _form(world, "5"), follow=True)
    assert "your first answers count" in again.content.decode()
    assert PulseTeamAnswers.objects.get().answers == 1
