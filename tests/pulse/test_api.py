"""The pulse through the API: answering the open round once, the results of closed rounds in
groups of at least five, and the admin's questions and cadence."""

from __future__ import annotations

from django.test import Client

from tests.conftest import World
from tests.pulse.builders import answer_all, closed_round, people
from uplift.pulse.models import PulseParticipation, PulseQuestion


def _answers(client: Client, agreement: int = 4, recommend: int = 9) -> list[dict[str, int]]:
    round_ = client.get("/api/pulse/round").json()
    return [
        {
            "question_id": q["question_id"],
            "value": recommend if q["kind"] == "recommend" else agreement,
        }
        for q in round_["questions"]
    ]


def test_a_rep_answers_the_open_round_once(world: World, client: Client) -> None:
    client.force_login(world.ann)
    round_ = client.get("/api/pulse/round").json()
    assert (round_["answered"], round_["answers"], len(round_["questions"])) == (False, 0, 4)
    assert [q["scale_max"] for q in round_["questions"]] == [5, 5, 5, 10]
    body = {"answers": _answers(client)}
    created = client.post("/api/pulse/round/answers", body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["answered"] is True
    again = client.post("/api/pulse/round/answers", body, content_type="application/json")
    assert again.status_code == 409
    assert again.json()["code"] == "answered"
    assert client.get("/api/pulse/round").json()["answered"] is True
    assert PulseParticipation.objects.count() == 1


def test_answers_off_the_scale_or_missing_are_refused(world: World, client: Client) -> None:
    client.force_login(world.ann)
    answers = _answers(client, agreement=5)
    answers[0]["value"] = 7  # an agreement question is answered 1 to 5
    refused = client.post(
        "/api/pulse/round/answers", {"answers": answers}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["field"].startswith("q")
    twice = [*answers[:1], *answers]
    twice[1]["value"] = 3
    refused = client.post(
        "/api/pulse/round/answers", {"answers": twice}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert not PulseParticipation.objects.exists()


def test_results_come_in_groups_of_five_for_the_callers_teams(world: World, client: Client) -> None:
    round_ = closed_round(world.org)
    answer_all(round_, [world.bob, world.max, *people(world.org, world.beta, 4, "beta")])
    answer_all(round_, [world.gil, world.gus, *people(world.org, world.gamma, 3, "gamma")])
    answer_all(round_, [world.ann, world.art], values=2)
    client.force_login(world.max)
    body = client.get("/api/pulse/results").json()
    assert body["threshold"] == 5
    (only,) = body["rounds"]
    assert only["answers"] == 13
    assert [(g["team_name"], g["answers"]) for g in only["groups"]] == [("Beta", 6)]
    assert only["everyone"]["answers"] == 13
    client.force_login(world.lou)
    groups = client.get("/api/pulse/results").json()["rounds"][0]["groups"]
    # Alpha's two answers reach the organisation, which takes the smallest group with it.
    assert sorted((g["team_name"], g["answers"]) for g in groups) == [("Acme", 7), ("Beta", 6)]
    since = client.get(f"/api/pulse/results?since={round_.closes_on.isoformat()}").json()
    assert len(since["rounds"]) == 1


def test_the_admin_edits_questions_and_cadence(world: World, client: Client) -> None:
    client.force_login(world.ada)
    questions = client.get("/api/pulse/questions").json()["items"]
    assert [q["position"] for q in questions] == [1, 2, 3, 4]
    added = client.post(
        "/api/pulse/questions",
        {"text": "I know who to ask.", "kind": "agreement"},
        content_type="application/json",
    )
    assert added.status_code == 201
    assert added.json()["position"] == 5
    full = client.post("/api/pulse/questions", {"text": "A sixth"}, content_type="application/json")
    assert (full.status_code, full.json()["code"]) == (400, "too_many")
    question_id = added.json()["id"]
    moved = client.patch(
        f"/api/pulse/questions/{question_id}",
        {"position": 1, "text": "I know whom to ask."},
        content_type="application/json",
    )
    assert moved.json()["position"] == 1
    assert moved.json()["text"] == "I know whom to ask."
    retired = client.post(f"/api/pulse/questions/{question_id}/retire")
    assert retired.json()["active"] is False
    assert PulseQuestion.objects.get(pk=question_id).retired_on is not None
    settings = client.patch(
        "/api/pulse/settings", {"cadence_months": 3}, content_type="application/json"
    )
    assert settings.json()["cadence_months"] == 3
    wrong = client.patch(
        "/api/pulse/settings", {"cadence_months": 4}, content_type="application/json"
    )
    assert wrong.status_code == 422
