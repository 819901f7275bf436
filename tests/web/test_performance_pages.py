"""The performance pages for each role: what they show, what they refuse, and what never leaks.

The analysis is the hand-made one in `tests/insights/snapshots.py`: Ann (core) and Art (star) in
Alpha, Bob (star) in Beta, Gil (tail) in Gamma, and five CRM-only reps in Delta."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from tests.conftest import World
from tests.insights.snapshots import CRM_ONLY, REPS, analysis_store, documents, link_crm_ids
from uplift.presenters.dashboards import LeaderDashboard, RepDashboard, TeamDashboard


@pytest.fixture
def analysed(world: World) -> World:
    """The world with CRM ids on its reps and Mia, and an analysis of them."""
    link_crm_ids(world)
    analysis_store(organisation=world.org)
    return world


def charts_in(html: str) -> dict[str, Any]:
    """The chart data a page embeds with json_script, by element id."""
    found = re.findall(
        r'<script id="(chart-[^"]+)" type="application/json">(.*?)</script>', html, re.DOTALL
    )
    return {chart_id: json.loads(body) for chart_id, body in found}


# --- Before any analysis ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("leader", "/leader/performance/"),
        ("manager", "/team/performance/"),
        ("rep", "/me/performance/"),
    ],
)
def test_each_page_says_there_is_no_analysis_yet(
    client: Client, world: World, role: str, url: str
) -> None:
    client.force_login(world.by_role()[role])
    response = client.get(url)
    assert response.status_code == 200
    assert 'data-testid="no-analysis"' in response.text
    assert "Import a CRM export" not in response.text  # only admins import


def test_an_admin_is_pointed_to_the_import_page(client: Client, world: World) -> None:
    client.force_login(world.ada)
    response = client.get("/me/performance/")
    assert 'href="/enablement/imports/"' in response.text


def test_the_fragments_answer_calmly_before_any_analysis(client: Client, world: World) -> None:
    client.force_login(world.lou)
    assert "No analysis yet" in client.get("/leader/performance/opportunity/").text
    assert "No analysis yet" in client.get("/leader/performance/trend/").text


def test_home_pages_keep_their_empty_states_before_any_analysis(
    client: Client, world: World
) -> None:
    client.force_login(world.lou)
    assert "Waiting for CRM data." in client.get("/leader/").text
    client.force_login(world.ann)
    assert 'data-testid="no-performance-yet"' in client.get("/me/").text


# --- The leader -----------------------------------------------------------------------------


def test_the_leader_dashboard_shows_bands_gap_worth_trend_and_exclusions(
    client: Client, analysed: World
) -> None:
    client.force_login(analysed.lou)
    response = client.get("/leader/performance/")
    assert response.status_code == 200
    html = response.text
    board: LeaderDashboard = response.context["board"]
    assert [r.name for r in board.reps] == ["Art Test", "Bob Test", "Ann Test", "Gil Test"]
    assert "As of <strong>2026-03-31</strong>" in html
    assert "Window 2026-01-01 to 2026-03-31" in html
    assert "Organisation-wide bands over the 9 ranked reps" in html
    assert "not a causal effect" in html
    assert "3 stars and 4 core reps" in html
    assert "win rate 50% on 20 closed deals" in html  # why Art is a star
    # Mia, a manager with no deals of her own, is counted on a line of her own, not listed.
    assert "managers, leaders and admins with no deals of their own" in html
    assert "Mia Test" not in html
    assert "5 ranked reps outside your part of the organisation" in html
    for rep in CRM_ONLY:  # CRM users who are not people of this organisation
        assert rep.name not in html
    charts = charts_in(html)
    assert set(charts) == {"chart-ranks", "chart-index", "chart-gap", "chart-trend"}
    assert [p["band"] for p in charts["chart-ranks"]["points"]] == ["star", "star", "core", "tail"]
    assert charts["chart-gap"]["rows"][0]["label"] == "Win rate"
    assert charts["chart-trend"]["labels"] == ["2026-01", "2026-02", "2026-03"]


def test_the_calculator_answers_in_proportion_to_the_slider(
    client: Client, analysed: World
) -> None:
    client.force_login(analysed.lou)

    def value(fraction: str) -> float:
        html = client.get(f"/leader/performance/opportunity/?close_fraction={fraction}").text
        found = re.search(r'data-annual-value="([0-9.]+)"', html)
        assert found, html
        return float(found.group(1))

    assert value("0.25") == 120_000
    assert value("0.5") == pytest.approx(2 * value("0.25"))
    assert value("1") == pytest.approx(4 * value("0.25"))
    assert value("9") == value("1")  # kept on the slider's range
    response = client.get("/leader/performance/opportunity/?close_fraction=0.5")
    assert "$240k" in response.text
    assert "<strong>50%</strong>" in response.text
    assert client.get("/leader/performance/opportunity/?close_fraction=lots").status_code == 400
    assert client.get("/leader/performance/opportunity/?close_fraction=nan").status_code == 400


def test_the_trend_switches_team_within_the_leaders_scope(client: Client, analysed: World) -> None:
    client.force_login(analysed.lou)
    alpha = client.get("/leader/performance/trend/?team=Alpha")
    assert alpha.status_code == 200
    assert 'data-team="Alpha"' in alpha.text
    chart = charts_in(alpha.text)["chart-trend"]
    assert chart["series"][0]["values"] == pytest.approx([0.5, 3 / 7, 4 / 7])  # Art's months
    assert client.get("/leader/performance/trend/?team=Delta").status_code == 404
    # Lea leads region North (Alpha and Beta): Gamma's trend is not hers.
    client.force_login(analysed.lea)
    assert client.get("/leader/performance/trend/?team=Beta").status_code == 200
    assert client.get("/leader/performance/trend/?team=Gamma").status_code == 404


def test_a_regional_leader_sees_the_reps_of_her_region_only(
    client: Client, analysed: World
) -> None:
    client.force_login(analysed.lea)
    response = client.get("/leader/performance/")
    names = [r.name for r in response.context["board"].reps]
    assert names == ["Art Test", "Bob Test", "Ann Test"]
    assert "Gil Test" not in response.text


# --- The manager ----------------------------------------------------------------------------


def test_a_manager_sees_their_reps_against_team_average_and_star_benchmark(
    client: Client, analysed: World
) -> None:
    client.force_login(analysed.mia)
    response = client.get("/team/performance/")
    assert response.status_code == 200
    board: TeamDashboard = response.context["board"]
    assert [(r.name, r.segment) for r in board.reps] == [("Art Test", "star"), ("Ann Test", "core")]
    html = response.text
    assert "Team average" in html
    assert "Star benchmark (organisation)" in html
    assert "40.0%" in html  # the team's average win rate
    assert "45.0%" in html  # the star benchmark
    for other in ("Bob Test", "Gil Test", *(rep.name for rep in CRM_ONLY)):
        assert other not in html
    charts = charts_in(html)
    assert len(charts) == 4
    for chart in charts.values():
        assert [row["label"] for row in chart["rows"]] == ["Art Test", "Ann Test"]


def test_another_teams_manager_does_not_see_these_reps(client: Client, analysed: World) -> None:
    client.force_login(analysed.max)
    response = client.get("/team/performance/")
    assert [r.name for r in response.context["board"].reps] == ["Bob Test"]
    assert "Ann Test" not in response.text
    assert "Art Test" not in response.text
    assert client.get(f"/people/{analysed.ann.pk}/performance/").status_code == 404


def test_a_manager_opens_one_of_their_reps(client: Client, analysed: World) -> None:
    client.force_login(analysed.mia)
    response = client.get(f"/people/{analysed.ann.pk}/performance/")
    assert response.status_code == 200
    assert "Performance of Ann Test" in response.text
    assert response.context["board"].segment == "core"


# --- The rep --------------------------------------------------------------------------------


def test_a_rep_sees_their_own_numbers_against_the_benchmarks(
    client: Client, analysed: World
) -> None:
    client.force_login(analysed.ann)
    response = client.get("/me/performance/")
    assert response.status_code == 200
    board: RepDashboard = response.context["board"]
    assert board.has_numbers
    html = response.text
    assert "My performance" in html
    assert "Show my band" in html
    assert "Stars are the top 20% of the organisation" in html
    assert "the tail the bottom 20%" in html
    assert 'data-testid="star-chance">Unlikely a star<' in html  # 12%, in words
    statistics = html.split('data-testid="band-reason"')[1].split("How is this computed?")[1]
    assert "12%" in statistics  # Ann's probability of being a star, behind the disclosure
    mine = charts_in(html)
    assert mine["chart-my-trend"]["series"][0]["values"] == pytest.approx([2 / 6, 2 / 7, 2 / 7])
    assert [row["label"] for row in mine["chart-mine-1"]["rows"]] == [
        "You",
        "Core average",
        "Star benchmark",
    ]


def test_a_reps_page_never_names_or_numbers_another_rep(client: Client, analysed: World) -> None:
    client.force_login(analysed.ann)
    html = client.get("/me/performance/").text
    for other in (rep for rep in REPS if rep.rep_id != "ANN"):
        assert other.name not in html
        assert other.email not in html
        assert re.search(rf"\b{other.rep_id}\b", html) is None
    for teammate in (analysed.art, analysed.bob, analysed.gil):
        assert teammate.full_name not in html
        assert teammate.email not in html
    # No list of reps to rank: the only people on the page are Ann and her own benchmarks.
    assert "Rank" not in html.replace("rank 4 of 9", "")


def test_a_rep_cannot_open_a_teammates_numbers(client: Client, analysed: World) -> None:
    client.force_login(analysed.ann)
    assert client.get(f"/people/{analysed.art.pk}/performance/").status_code == 404
    assert client.get(f"/people/{analysed.ann.pk}/performance/").status_code == 200


def test_someone_without_crm_numbers_is_told_so(client: Client, analysed: World) -> None:
    client.force_login(analysed.bob)
    analysed.bob.crm_user_id = ""
    analysed.bob.save()
    response = client.get("/me/performance/")
    assert 'data-testid="no-numbers"' in response.text
    assert "Art Test" not in response.text


# --- Home pages -----------------------------------------------------------------------------


def test_home_pages_link_to_the_numbers_once_there_is_an_analysis(
    client: Client, analysed: World
) -> None:
    client.force_login(analysed.lou)
    leader = client.get("/leader/").text
    assert 'data-testid="stars-summary"' in leader
    assert "$120k" in leader
    assert 'href="/leader/performance/"' in leader
    client.force_login(analysed.mia)
    manager = client.get("/team/").text
    assert 'data-testid="team-summary"' in manager
    assert 'href="/team/performance/"' in manager
    client.force_login(analysed.ann)
    rep = client.get("/me/").text
    assert 'data-testid="my-performance-summary"' in rep
    assert "30.0%" in rep
    assert "Art Test" not in rep


# --- An analysis made before a part existed --------------------------------------------------


def test_a_page_whose_part_an_older_analysis_lacks_says_there_is_no_analysis(
    client: Client, world: World
) -> None:
    """An analysis without the trend (made before it existed) still shows what needs no trend:
    the team view and the home pages' headlines; the pages that need it show no data."""
    link_crm_ids(world)
    analysis_store(organisation=world.org, parts=_without("trend"))
    client.force_login(world.lou)
    assert 'data-testid="no-analysis"' in client.get("/leader/performance/").text
    assert "No analysis yet" in client.get("/leader/performance/trend/").text
    assert "$120k" in client.get("/leader/").text  # the headline reads segments and gap only
    client.force_login(world.mia)
    team = client.get("/team/performance/")
    assert [r.name for r in team.context["board"].reps] == ["Art Test", "Ann Test"]
    assert 'data-testid="team-summary"' in client.get("/team/").text
    client.force_login(world.ann)
    assert 'data-testid="no-analysis"' in client.get("/me/performance/").text
    assert 'data-testid="no-performance-yet"' in client.get("/me/").text


def test_an_analysis_without_its_summary_shows_no_numbers(client: Client, world: World) -> None:
    link_crm_ids(world)
    analysis_store(organisation=world.org, parts=_without("summary"))
    client.force_login(world.lou)
    assert 'data-testid="no-analysis"' in client.get("/leader/performance/").text
    assert "Waiting for CRM data." in client.get("/leader/").text
    client.force_login(world.mia)
    assert 'data-testid="no-analysis"' in client.get("/team/performance/").text


def _without(kind: str) -> dict[str, Any]:
    return {part: data for part, data in documents().items() if part != kind}
