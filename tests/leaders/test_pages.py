"""The future-leaders page and API: the components side by side, sorted, explained, scoped to
the leader's part of the organisation, and one person's evidence."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import World
from tests.leaders.conftest import compute, history
from uplift.analytics.behaviour.wording import ordinal
from uplift.insights.models import AnalysisRun, Snapshot


@pytest.fixture
def stored(world: World) -> dict[str, Any]:
    doc = compute(world, history(world)["impact"])
    run = AnalysisRun.objects.create(
        organisation=world.org,
        as_of=timezone.now().date(),
        status=AnalysisRun.Status.SUCCEEDED,
        finished_at=timezone.now(),
    )
    Snapshot.objects.create(run=run, kind="leaders", data=doc)
    return doc


def test_the_page_shows_the_components_and_says_what_they_mean(
    stored: dict[str, Any], world: World, login: Callable[..., Client]
) -> None:
    client = login(world.lou)
    response = client.get("/leader/future-leaders/")
    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("Contribution", "Help", "Network", "Reach", "Impact", "Score"):
        assert heading in html
    assert "not talent, potential or performance" in html
    assert "Contributor on 1 shared practice(s) in the library, 1 of them approved" in html
    assert 'data-testid="network-chart"' in html
    rows = response.context["board"].rows
    assert rows[0]["name"] == "Ann Test"
    assert len(rows) == 7
    share = rows[0]["components"]["contribution"]["percentile"]
    written = ordinal(share * 100)  # the one wording of percentiles, as on the star profiles
    assert f'<span class="pct">{written} pct</span>' in html
    assert f"{written} percentile in the organisation." in rows[0]["why"]["contribution"]


def test_sorting_by_a_component_and_as_an_htmx_fragment(
    stored: dict[str, Any], world: World, login: Callable[..., Client]
) -> None:
    client = login(world.lou)
    response = client.get(
        "/leader/future-leaders/?sort=contribution",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="table-leaders-table-body",
    )
    assert response.status_code == 200
    assert b"<html" not in response.content  # only the table
    rows = response.context["board"].rows
    shared = [r["components"]["contribution"]["practices_shared"] for r in rows]
    assert shared == sorted(shared, reverse=True)
    by_name = client.get("/leader/future-leaders/?sort=name&dir=asc").context["board"].rows
    assert [r["name"] for r in by_name] == sorted(r["name"] for r in by_name)


def test_a_regional_leader_sees_only_their_region(
    stored: dict[str, Any], world: World, login: Callable[..., Client]
) -> None:
    client = login(world.lea)
    rows = client.get("/leader/future-leaders/").context["board"].rows
    assert {r["name"] for r in rows} == {"Ann Test", "Art Test", "Bob Test", "Mia Test", "Max Test"}
    assert client.get(f"/leader/future-leaders/{world.gil.pk}/").status_code == 404


def test_the_drill_down_lists_their_practices_and_whom_they_helped(
    stored: dict[str, Any], world: World, login: Callable[..., Client]
) -> None:
    client = login(world.lou)
    html = client.get(f"/leader/future-leaders/{world.ann.pk}/").content.decode()
    assert "Mutual action plan" in html
    assert "Adopted by 2: Art Test, Bob Test" in html
    assert "Thanked by Gil Test" in html
    art = client.get(f"/leader/future-leaders/{world.art.pk}/").content.decode()
    assert "Call review with Bob Test" in art


def test_the_page_says_when_no_analysis_has_run(world: World, login: Callable[..., Client]) -> None:
    html = login(world.lou).get("/leader/future-leaders/").content.decode()
    assert "No analysis with future leaders yet" in html


def test_the_api_lists_the_components(
    stored: dict[str, Any], world: World, login: Callable[..., Client]
) -> None:
    client = login(world.lou)
    data = client.get("/api/leaders?sort=reach").json()
    assert data["leaders"][0]["components"]["reach"]["adopters"] == 2
    assert {"rep_id", "email", "name", "score", "components", "why"} <= set(data["leaders"][0])
    person = client.get(f"/api/leaders/{world.ann.pk}").json()
    assert person["practices"][0]["adopters"] == ["Art Test", "Bob Test"]
    assert person["leader"]["components"]["impact"]["practices_positive"] == 1


def test_the_api_refuses_an_unknown_sort_and_says_which_ones_exist(
    world: World, client: Client
) -> None:
    client.force_login(world.lea)
    response = client.get("/api/leaders?sort=height")
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "sort"
    assert body["detail"].startswith("sort must be one of:")
