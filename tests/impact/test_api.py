"""The impact API: summary, one practice's impact, the Team Sales IQ series; OpenAPI."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import World
from tests.impact.builders import stored_analysis
from tests.practices.builders import approved
from uplift.practices.models import Practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(world: World) -> Practice:
    card = approved(world.ann, world.lou)
    stored_analysis(world, [card, approved(world.art, world.lou, title="Discovery agenda")])
    return card


def test_the_summary_carries_estimates_readings_and_credit(
    world: World, measured: Practice, client: Client
) -> None:
    client.force_login(world.lou)
    data = client.get("/api/impact/summary").json()
    assert data["as_of"] == "2026-06-30"
    rows = {(r["practice"], r["metric"]): r for r in data["practices"]}
    plan = rows[("Mutual close plan", "bookings")]
    assert plan["att"] == 800.0
    assert plan["ci"] == [200.0, 1400.0]
    assert plan["credit_status"] == "measured gain"
    assert plan["value"] == pytest.approx(800 * 12 * 12)
    assert rows[("Discovery agenda", "win_rate")]["credit_status"] == "not measured yet"
    ann = next(p for p in data["credit"] if p["person_id"] == world.ann.pk)
    assert ann["measured_value"]["currency"]["value"] == pytest.approx(115_200)


def test_one_practices_impact_with_its_event_study_and_contributors(
    world: World, measured: Practice, client: Client
) -> None:
    client.force_login(world.gil)
    data = client.get(f"/api/impact/practices/{measured.pk}").json()
    assert data["practice_id"] == measured.pk
    assert {e["metric"] for e in data["effects"]} == {"win_rate", "bookings"}
    assert data["effects"][0]["event_study"]
    assert data["contributors"] == [
        {"person_id": world.ann.pk, "name": "Ann Test", "team": "Alpha", "share": 1.0}
    ]
    assert data["credit_status"] == "measured"


def test_the_team_iq_series_for_a_manager_is_their_team_only(
    world: World, measured: Practice, client: Client
) -> None:
    client.force_login(world.mia)
    data = client.get("/api/impact/team-iq").json()
    assert data["teams"] == ["Alpha"]
    assert {p["team"] for p in data["series"]} == {"Alpha"}
    assert {"period", "team_iq", "components"} <= set(data["series"][0])
    assert client.get("/api/impact/team-iq?team=Beta").status_code == 404


def test_the_team_iq_series_for_a_leader_filters_by_team(
    world: World, measured: Practice, client: Client
) -> None:
    client.force_login(world.lou)
    everything = client.get("/api/impact/team-iq").json()
    assert everything["teams"] == ["all", "Alpha", "Beta", "Gamma"]
    data = client.get("/api/impact/team-iq?team=all").json()
    assert {p["team"] for p in data["series"]} == {"all"}
    assert data["series"][0]["team_iq"] == 100.0
    assert [g["team"] for g in data["gap_closure"]] == ["all"]


def test_before_any_analysis_the_operations_answer_empty(world: World, client: Client) -> None:
    client.force_login(world.lou)
    assert client.get("/api/impact/summary").json()["practices"] == []
    assert client.get("/api/impact/team-iq").json()["series"] == []


def test_the_operations_are_documented(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/impact/summary",
        "/api/impact/practices/{practice_id}",
        "/api/impact/team-iq",
    ):
        operation = paths[path]["get"]
        assert operation["summary"]
        assert "200" in operation["responses"]
        assert operation["security"]
