"""The API's reports and `uplift report … --json` on the same analysis: a leader who sees the
whole organisation gets the command's document, key for key; others get it narrowed to the reps
they may see, with the organisation-wide figures unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.factories import PersonFactory
from uplift.cli import main
from uplift.crm.services import crm_import
from uplift.orgs.models import Person, Role
from uplift.orgs.services import api_token_create, organisation_get_or_create
from uplift.pipeline.services import analysis_run
from uplift.synthetic import generate_export

pytestmark = pytest.mark.django_db(transaction=True)
REPORTS = ("scorecards", "segments", "gap", "drivers")


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_export(tmp_path_factory.mktemp("export"), reps=40, months=12, seed=5).directory


@pytest.fixture
def leader(export: Path, settings: SettingsWrapper, tmp_path: Path) -> Person:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    organisation = organisation_get_or_create(name="Acme", slug="acme")
    crm_import(source="salesforce", location=export, organisation=organisation)
    analysis_run(organisation=organisation)
    leader: Person = PersonFactory(  # type: ignore[no-untyped-call,assignment]
        organisation=organisation, role=Role.LEADER, email="lead@acme.test"
    )
    return leader


def cli(*args: str) -> Any:
    result = CliRunner().invoke(main, ["report", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def api(client: Client, person: Person, path: str) -> Any:
    _, token = api_token_create(person=person, name="reports")
    response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    return response.json()


def as_json(document: Any) -> Any:
    """The document as `--json` writes it (dates and the like as text)."""
    return json.loads(json.dumps(document, default=str))


def test_the_api_and_the_command_agree_for_a_leader(client: Client, leader: Person) -> None:
    team = cli("segments")["reps"][0]["team"]
    for name in REPORTS:
        assert api(client, leader, f"/api/reports/{name}") == as_json(cli(name)), name
        by_team = api(client, leader, f"/api/reports/{name}?team={team.upper()}")
        assert by_team == as_json(cli(name, "--team", team.upper())), name
    as_of = cli("gap")["as_of"]
    assert api(client, leader, f"/api/reports/gap?as_of={as_of}") == as_json(cli("gap"))


def test_a_rep_sees_their_own_rows_and_the_organisations_figures(
    client: Client, leader: Person
) -> None:
    segments = cli("segments")
    star = next(r for r in segments["reps"] if r["segment"] == "star")
    rep = Person.objects.get(organisation=leader.organisation, crm_user_id=star["rep_id"])
    mine = api(client, rep, "/api/reports/segments")
    assert [r["rep_id"] for r in mine["reps"]] == [star["rep_id"]]
    assert mine["bands"] == segments["bands"]
    cards = api(client, rep, "/api/reports/scorecards")
    assert {r["rep_id"] for r in cards["reps"]} == {star["rep_id"]}
    assert {r["rep_id"] for r in cards["monthly"]} <= {star["rep_id"]}
    assert api(client, rep, "/api/reports/gap") == as_json(cli("gap"))
    drivers = api(client, rep, "/api/reports/drivers")
    assert drivers["drivers"] == cli("drivers")["drivers"]
    assert {p["rep_id"] for p in drivers["profiles"]} <= {star["rep_id"]}


def test_a_team_outside_the_scope_and_a_day_without_analysis_are_not_found(
    client: Client, leader: Person
) -> None:
    rep = Person.objects.filter(
        organisation=leader.organisation, role=Role.REP, is_active=True, team__isnull=False
    ).first()
    assert rep is not None
    assert rep.team is not None
    _, token = api_token_create(person=rep, name="reports")
    refused = client.get(
        f"/api/reports/gap?team={rep.team.name}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert refused.status_code == 404
    assert refused.json()["field"] == "team"
    _, token = api_token_create(person=leader, name="reports")
    missing = client.get("/api/reports/gap?as_of=2001-01-31", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert missing.status_code == 404
    assert "uplift analyze --as-of 2001-01-31" in missing.json()["detail"]
