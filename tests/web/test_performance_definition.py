"""The "what performance means" page and its API: who may change it, the preview, the save (which
runs a new analysis) and the refusals, on a small generated export imported into the world."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.conftest import World
from uplift.crm.services import crm_import
from uplift.insights.definition import performance_definition
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import segments_of
from uplift.pipeline.services import analysis_run
from uplift.synthetic import generate_export

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "/settings/performance/"
PREVIEW = "/settings/performance/preview/"
API = "/api/performance-definition"
WIN_RATE = {"metric": "win_rate", "ramp_months": "6", "mix_by": ["segment"]}


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("definition") / "export"
    generate_export(directory, reps=24, months=8, seed=5)
    return directory


@pytest.fixture
def analysed(settings: SettingsWrapper, tmp_path: Path, export: Path, world: World) -> World:
    """The world's organisation with the export imported and analysed on bookings."""
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    crm_import(source="salesforce", location=export, organisation=world.org)
    analysis_run(organisation=world.org, metric="bookings")
    return world


@pytest.mark.parametrize("role", ["leader", "admin"])
def test_leaders_and_admins_see_the_choices_in_words(
    client: Client, world: World, role: str
) -> None:
    client.force_login(world.by_role()[role])
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Automatic: attainment where there are quotas" in response.text
    assert "Wins out of closed deals" in response.text
    assert "the default; nobody has chosen yet" in response.text


@pytest.mark.parametrize("role", ["rep", "manager"])
def test_reps_and_managers_are_refused(client: Client, world: World, role: str) -> None:
    client.force_login(world.by_role()[role])
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, WIN_RATE).status_code == 403
    assert client.post(PREVIEW, WIN_RATE).status_code == 403
    assert performance_definition(organisation=world.org).pk is None


def test_the_preview_names_the_stars_and_who_would_change(client: Client, analysed: World) -> None:
    client.force_login(analysed.lou)
    response = client.post(PREVIEW, WIN_RATE, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Stars are the top 20% by win rate" in response.text
    assert 'data-testid="preview-stars"' in response.text
    assert "Would join the stars" in response.text
    assert "<html" not in response.text  # a fragment
    assert performance_definition(organisation=analysed.org).pk is None  # nothing saved


def test_saving_runs_a_new_analysis_and_the_leader_sees_it(client: Client, analysed: World) -> None:
    client.force_login(analysed.lou)
    response = client.post(PAGE, WIN_RATE)
    assert response.status_code == 302
    assert response["Location"] == "/leader/performance/"
    assert performance_definition(organisation=analysed.org).metric == "win_rate"
    run = analysis_latest(organisation=analysed.org)
    assert run is not None
    segments = segments_of(run)
    assert segments is not None
    assert segments.definition is not None
    assert segments.definition.sentence.startswith("Stars are the top 20% by win rate")
    page = client.get(response["Location"]).text
    assert "Stars are the top 20% by win rate" in page
    assert 'data-testid="change-definition"' in page


def test_an_admin_follows_the_analysis_on_the_job_page(client: Client, world: World) -> None:
    client.force_login(world.ada)
    response = client.post(PAGE, WIN_RATE)
    assert response.status_code == 302
    assert response["Location"].startswith("/jobs/")
    assert performance_definition(organisation=world.org).updated_by == world.ada


def test_bad_weights_are_a_form_error(client: Client, world: World) -> None:
    client.force_login(world.lou)
    zero = {"metric": "composite", "ramp_months": "6", "weight_bookings": "0"}
    response = client.post(PAGE, zero)
    assert response.status_code == 400
    assert "composite weights must not be negative and one must be positive" in response.text
    negative = client.post(PREVIEW, {**zero, "weight_bookings": "-1"})
    assert negative.status_code == 400
    assert 'data-testid="preview-error"' in negative.text
    assert performance_definition(organisation=world.org).pk is None


def test_a_forged_metric_is_refused(client: Client, world: World) -> None:
    client.force_login(world.ada)
    assert client.post(PAGE, {"metric": "salary", "ramp_months": "6"}).status_code == 400


# --- The API ------------------------------------------------------------------------------------


def test_any_member_reads_the_definition(client: Client, world: World) -> None:
    client.force_login(world.ann)
    body = client.get(API).json()
    assert body["metric"] == "auto"
    assert body["saved"] is False
    assert body["may_change"] is False
    assert "win_rate" in body["choices"]["metrics"]


def test_a_leader_changes_it_through_the_api(client: Client, world: World) -> None:
    client.force_login(world.lou)
    composite = {"metric": "composite", "composite_weights": {"win_rate": 1, "volume": 1}}
    response = client.put(API, composite, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["composite_weights"] == {"win_rate": 1.0, "volume": 1.0}
    assert body["analysis_job_id"]
    assert client.get(API).json()["metric"] == "composite"


def test_the_api_refuses_reps_and_bad_input(client: Client, world: World) -> None:
    client.force_login(world.ann)
    put = client.put(API, {"metric": "win_rate"}, content_type="application/json")
    assert put.status_code == 403
    client.force_login(world.lou)
    bad = client.put(API, {"metric": "salary"}, content_type="application/json")
    assert bad.status_code == 400
    assert "Unknown performance metric" in bad.json()["detail"]


def test_the_api_previews_before_saving(client: Client, analysed: World) -> None:
    client.force_login(analysed.ada)
    response = client.post(f"{API}/preview", {"metric": "win_rate"}, "application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["error"] is None
    assert body["definition"]["sentence"].startswith("Stars are the top 20% by win rate")
    assert body["stars"]
    assert {"name", "team", "p_star", "pattern"} <= set(body["stars"][0])
    assert performance_definition(organisation=analysed.org).pk is None
