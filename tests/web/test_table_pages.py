"""The pages' long tables (uplift/web/tables.py) on real pages: sorting and paging from the
address, the htmx fragment, hostile parameters refused, downloads with the viewer's rows only,
and as many queries for a long table as for a short one.

The analysis is the hand-made one of tests/insights/snapshots.py: Art and Bob (stars), Ann
(core) and Gil (tail) are people of the test world; five more reps are CRM-only."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import openpyxl
import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import World
from tests.debriefs.builders import debrief_with, profiles_store, world_profiles
from tests.factories import PersonFactory
from tests.impact.builders import stored_analysis
from tests.insights.snapshots import CRM_ONLY, analysis_store, link_crm_ids
from tests.leaders.conftest import compute, history
from tests.practices.builders import approved
from uplift.insights.models import AnalysisRun, Snapshot
from uplift.orgs.models import Role
from uplift.practices.adoptions import adoption_start
from uplift.web.views.leaders_tables import has_record


@pytest.fixture
def analysed(world: World) -> World:
    link_crm_ids(world)
    analysis_store(organisation=world.org)
    return world


def csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def first_cells(html: str, testid: str) -> list[str]:
    """The first link's text (else the text) of each body row's first cell of a table."""
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    found = []
    for cell in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', body, re.DOTALL):
        link = re.search(r"<a [^>]*>(.*?)</a>", cell, re.DOTALL)
        found.append(" ".join(re.sub(r"<[^>]+>", " ", link.group(1) if link else cell).split()))
    return found


def queries(client: Client, url: str) -> int:
    """The queries of drawing a page once the session's first-request work is done (not the
    reader's kept page, which the second reading would be: uplift.web.page_cache)."""
    client.get(url)
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def more_people(world: World) -> None:
    """The CRM-only reps of the analysis become people of the leader's organisation."""
    for rep in CRM_ONLY:
        PersonFactory(  # type: ignore[no-untyped-call]
            organisation=world.org,
            email=rep.email,
            full_name=rep.name,
            role=Role.REP,
            team=world.gamma,
            manager=world.gus,
            crm_user_id=rep.rep_id,
        )


# --- Stars & gap --------------------------------------------------------------------------------


def test_the_ranked_reps_sort_from_the_address_and_keep_the_sort_in_their_links(
    client: Client, analysed: World
) -> None:
    client.force_login(analysed.lou)
    html = client.get("/leader/performance/").text
    assert first_cells(html, "ranked-reps") == ["Art Test", "Bob Test", "Ann Test", "Gil Test"]
    html = client.get("/leader/performance/?sort=rep&dir=desc").text
    assert first_cells(html, "ranked-reps") == ["Gil Test", "Bob Test", "Art Test", "Ann Test"]
    assert 'aria-sort="descending"' in html
    assert 'href="/leader/performance/ranked-reps.csv?sort=rep&amp;dir=desc"' in html
    html = client.get("/leader/performance/?q=gamma+test").text
    assert first_cells(html, "ranked-reps") == []
    html = client.get("/leader/performance/?q=gamma").text
    assert first_cells(html, "ranked-reps") == ["Gil Test"]


def test_htmx_gets_the_ranked_reps_alone(client: Client, analysed: World) -> None:
    client.force_login(analysed.lou)
    response = client.get(
        "/leader/performance/?sort=p_star",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="table-ranked-reps-body",
    )
    html = response.text
    assert html.lstrip().startswith('<div class="dt-body" id="table-ranked-reps-body">')
    assert "<html" not in html
    assert 'id="calculator-heading"' not in html
    assert first_cells(html, "ranked-reps")[0] == "Art Test"


@pytest.mark.parametrize(
    "query",
    ["sort=salary", "dir=up", "page=%C2%B2", "page=99999999999999999999999", "nr_sort=salary"],
)
def test_a_table_parameter_it_cannot_read_is_answered_400(
    client: Client, analysed: World, query: str
) -> None:
    client.force_login(analysed.lou)
    assert client.get(f"/leader/performance/?{query}").status_code == 400
    assert client.get(f"/leader/performance/ranked-reps.csv?{query}").status_code in (200, 400)


def test_a_page_past_the_last_shows_the_last(client: Client, analysed: World) -> None:
    client.force_login(analysed.lou)
    html = client.get("/leader/performance/?page=7").text
    assert first_cells(html, "ranked-reps") == ["Art Test", "Bob Test", "Ann Test", "Gil Test"]


def test_the_leader_downloads_the_ranked_reps_they_see_sorted_as_shown(
    client: Client, analysed: World
) -> None:
    client.force_login(analysed.lou)
    response = client.get("/leader/performance/ranked-reps.csv?sort=p_star&dir=asc")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ranked-reps-')
    rows = csv_rows(response.content)
    assert rows[0][:5] == ["Rep", "Team", "Band", "Rank", "Probability of being a star"]
    assert "Debrief" not in rows[0]  # buttons are not data
    assert [row[0] for row in rows[1:]] == ["Gil Test", "Ann Test", "Bob Test", "Art Test"]
    assert "Xavier Star" not in response.text  # counted in the bands, not the leader's to list
    gil = rows[1]
    assert gil[2] == "tail"
    assert float(gil[4]) == pytest.approx(0.001)
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/leader/performance/ranked-reps.xlsx").content)
    )
    sheet = book.active
    assert sheet is not None
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [
        "Art Test",
        "Bob Test",
        "Ann Test",
        "Gil Test",
    ]
    gap = csv_rows(client.get("/leader/performance/gap.csv").content)
    assert gap[0][:4] == ["Metric", "Stars", "Core", "Gap"]
    assert client.get("/leader/performance/salaries.csv").status_code == 404


@pytest.mark.parametrize("role", ["rep", "manager", "admin"])
def test_no_one_else_downloads_the_ranked_reps(client: Client, analysed: World, role: str) -> None:
    client.force_login(analysed.by_role()[role])
    assert client.get("/leader/performance/ranked-reps.csv").status_code == 403


def test_stars_and_gap_makes_as_many_queries_for_nine_reps_as_for_four(
    client: Client, analysed: World
) -> None:
    client.force_login(analysed.lou)
    few = queries(client, "/leader/performance/")
    more_people(analysed)
    assert queries(client, "/leader/performance/") == few
    assert few <= 25


# --- A manager's scorecards ---------------------------------------------------------------------


def test_the_manager_sorts_and_downloads_their_reps_scorecards(
    client: Client, analysed: World
) -> None:
    client.force_login(analysed.mia)
    html = client.get("/team/performance/?sort=rep").text
    assert first_cells(html, "scorecards") == ["Ann Test", "Art Test"]
    assert 'data-testid="team-average"' in html
    assert 'data-testid="star-benchmark"' in html
    rows = csv_rows(client.get("/team/performance/scorecards.csv?sort=rep&dir=desc").content)
    assert rows[0][:4] == ["Rep", "Team", "Band", "Probability of being a star"]
    assert [row[0] for row in rows[1:]] == [
        "Art Test",
        "Ann Test",
        "Team average",
        "Core average (organisation)",
        "Star benchmark (organisation)",
    ]
    assert "Bob Test" not in client.get("/team/performance/scorecards.csv").text


def test_the_scorecards_make_as_many_queries_for_more_reps(client: Client, analysed: World) -> None:
    client.force_login(analysed.gus)
    few = queries(client, "/team/performance/")
    more_people(analysed)
    assert queries(client, "/team/performance/") == few


# --- Future leaders -----------------------------------------------------------------------------


@pytest.fixture
def leaders_stored(world: World) -> dict[str, Any]:
    doc = compute(world, history(world)["impact"])
    run = AnalysisRun.objects.create(
        organisation=world.org,
        as_of=timezone.now().date(),
        status=AnalysisRun.Status.SUCCEEDED,
        finished_at=timezone.now(),
    )
    Snapshot.objects.create(run=run, kind="leaders", data=doc)
    return doc


def test_people_with_nothing_recorded_wait_behind_show_everyone(
    client: Client, world: World, leaders_stored: dict[str, Any]
) -> None:
    quiet = [r["name"] for r in leaders_stored["leaders"] if not has_record(r)]
    busy = [r["name"] for r in leaders_stored["leaders"] if has_record(r)]
    assert quiet
    assert busy
    client.force_login(world.lou)
    html = client.get("/leader/future-leaders/").text
    listed = first_cells(html, "leaders-table")
    assert set(listed) == set(busy)
    assert 'data-testid="show-everyone"' in html
    everyone = client.get("/leader/future-leaders/?show=everyone").text
    assert set(first_cells(everyone, "leaders-table")) == set(busy + quiet)
    assert 'href="/leader/future-leaders/leaders-table.csv?show=everyone"' in everyone
    assert client.get("/leader/future-leaders/?show=all").status_code == 400


def test_the_leaders_download_carries_every_number_behind_the_components(
    client: Client, world: World, leaders_stored: dict[str, Any]
) -> None:
    client.force_login(world.lou)
    rows = csv_rows(client.get("/leader/future-leaders/leaders-table.csv?sort=name").content)
    assert rows[0][:3] == ["Person", "Team", "Role"]
    for heading in ("Practices shared", "PageRank", "Adopters", "Impact percentile", "Score"):
        assert heading in rows[0]
    names = [row[0] for row in rows[1:]]
    assert names == sorted(names)
    ann = dict(zip(rows[0], next(row for row in rows if row[0] == "Ann Test"), strict=True))
    assert ann["Practices shared"] == "1"
    assert ann["Practices approved"] == "1"
    everyone = csv_rows(
        client.get("/leader/future-leaders/leaders-table.csv?show=everyone").content
    )
    assert len(everyone) == len(leaders_stored["leaders"]) + 1
    client.force_login(world.mia)
    assert client.get("/leader/future-leaders/leaders-table.csv").status_code == 403


def test_future_leaders_makes_as_many_queries_for_everyone_as_for_a_few(
    client: Client, world: World, leaders_stored: dict[str, Any]
) -> None:
    client.force_login(world.lou)
    assert queries(client, "/leader/future-leaders/?show=everyone") == queries(
        client, "/leader/future-leaders/"
    )


# --- The coaching cadence -----------------------------------------------------------------------


def test_the_cadence_lists_the_reps_coached_not_the_managers_leaders_or_admins(
    client: Client, world: World
) -> None:
    client.force_login(world.lou)
    html = client.get("/coaching/team/").text
    listed = set(first_cells(html, "cadence-table"))
    assert listed == {"Ann Test", "Art Test", "Bob Test", "Gil Test"}
    assert 'data-testid="never-coached"' in html
    rows = csv_rows(client.get("/coaching/team/cadence-table.csv?sort=person").content)
    assert rows[0] == ["Person", "Team", "Done, last 90 days", "Last session", "Next planned"]
    assert [row[0] for row in rows[1:]] == ["Ann Test", "Art Test", "Bob Test", "Gil Test"]
    assert rows[1][2] == "0"
    assert rows[1][3] == ""  # never coached: no date, not a zero
    client.force_login(world.mia)
    mine = csv_rows(client.get("/coaching/team/cadence-table.csv").content)
    assert {row[0] for row in mine[1:]} == {"Ann Test", "Art Test"}


def test_the_team_coaching_page_makes_as_many_queries_for_more_reps(
    client: Client, world: World
) -> None:
    client.force_login(world.lou)
    few = queries(client, "/coaching/team/")
    more_people(world)
    assert queries(client, "/coaching/team/") == few


# --- Impact -------------------------------------------------------------------------------------


def test_the_impact_tables_sort_by_their_numbers_and_download_them(
    client: Client, world: World
) -> None:
    strong = approved(world.ann, world.lou, title="Mutual plan")
    weak = approved(world.art, world.lou, title="Discovery agenda")
    stored_analysis(world, [strong, weak])
    client.force_login(world.lou)
    html = client.get("/leader/impact/?sort=practice&dir=desc").text
    assert first_cells(html, "impact-table") == ["Mutual plan", "Discovery agenda"]
    rows = csv_rows(client.get("/leader/impact/impact-table.csv?sort=practice").content)
    heading = rows[0]
    assert heading[:3] == ["Practice and contributors", "Contributors", "Adopters"]
    for name in ("Win rate", "Win rate: 95% interval", "Win rate: low", "Reading", "Credit"):
        assert name in heading
    assert [row[0] for row in rows[1:]] == ["Discovery agenda", "Mutual plan"]
    effect = rows[1][heading.index("Win rate")]
    assert float(effect) == pytest.approx(float(effect))  # a number, not "+3.0 pts"
    credit = csv_rows(client.get("/leader/impact/credit-table.csv").content)
    assert credit[0][:2] == ["Contributor", "Team"]
    assert client.get("/leader/impact/people.csv").status_code == 404
    client.force_login(world.mia)
    assert client.get("/leader/impact/impact-table.csv").status_code == 403


# --- Team adoption ------------------------------------------------------------------------------


def test_the_adoption_board_downloads_each_reps_stage_for_the_managers_reps_only(
    client: Client, world: World
) -> None:
    card = approved(world.ann, world.lou, title="Mutual plan")
    adoption_start(practice=card, person=world.art, actor=world.mia)
    client.force_login(world.mia)
    html = client.get("/practices/adoption/?q=art").text
    (art,) = first_cells(html, "adoption-board")
    assert art.startswith("Art Test Alpha")
    rows = csv_rows(client.get("/practices/adoption/adoption-board.csv").content)
    assert rows[0] == ["Rep", "Team", "Mutual plan"]
    assert rows[1:] == [["Ann Test", "Alpha", ""], ["Art Test", "Alpha", "Planned"]]
    assert client.get("/practices/adoption/adoption-board.csv?sort=mutual").status_code == 400


def test_the_adoption_board_makes_as_many_queries_for_more_reps(
    client: Client, world: World
) -> None:
    approved(world.ann, world.lou, title="Mutual plan")
    client.force_login(world.lou)
    few = queries(client, "/practices/adoption/")
    more_people(world)
    assert queries(client, "/practices/adoption/") == few


# --- Star profiles ------------------------------------------------------------------------------


def test_the_star_profiles_download_holds_the_stars_the_viewer_may_see(
    client: Client, world: World
) -> None:
    world_profiles(world)
    debrief_with(world, world.art)
    client.force_login(world.lou)
    html = client.get("/stars/?sort=star&dir=desc").text
    assert first_cells(html, "stars") == ["Gil Test", "Art Test", "Ann Test"]
    rows = csv_rows(client.get("/stars/stars.csv").content)
    assert rows[0] == ["Star", "Team", "What stands out", "Unusual (weaker evidence)", "Debriefs"]
    assert [(row[0], row[4]) for row in rows[1:]] == [
        ("Ann Test", "0"),
        ("Art Test", "1"),
        ("Gil Test", "0"),
    ]
    client.force_login(world.ann)  # a rep: their own profile only
    assert [row[0] for row in csv_rows(client.get("/stars/stars.csv").content)[1:]] == ["Ann Test"]


def test_the_star_profiles_make_as_many_queries_for_three_stars_as_for_two(
    client: Client, world: World
) -> None:
    profiles_store(world.org, [world.ann, world.art])
    debrief_with(world, world.art)
    client.force_login(world.lou)
    two = queries(client, "/stars/")
    profiles_store(world.org, [world.ann, world.art, world.gil])
    debrief_with(world, world.gil)
    assert queries(client, "/stars/") == two


# --- Development plans --------------------------------------------------------------------------


def test_the_development_lists_put_reps_without_a_plan_first_and_download(
    client: Client, world: World
) -> None:
    client.force_login(world.mia)
    html = client.get("/development/team/").text
    assert set(first_cells(html, "accountability-table")) == {"Ann Test", "Art Test"}
    rows = csv_rows(client.get("/development/team/accountability-table.csv?sort=rep").content)
    assert rows[0][:3] == ["Rep", "Team", "Plan started"]
    assert [row[0] for row in rows[1:]] == ["Ann Test", "Art Test"]
    assert rows[1][2] == ""  # no plan: no date
    client.force_login(world.lou)
    rollup = client.get("/development/leader/?sort=manager").text
    managers_shown = [" ".join(cell.split()[1:3]) for cell in first_cells(rollup, "rollup-table")]
    assert managers_shown[:3] == ["Gus Test", "Max Test", "Mia Test"]  # after their initials
    managers = csv_rows(client.get("/development/leader/rollup-table.csv?sort=manager").content)
    assert managers[0][:3] == ["Manager", "Reps", "With a plan"]
    assert [row[0] for row in managers[1:]][:3] == ["Gus Test", "Max Test", "Mia Test"]
    one = client.get(f"/development/team/accountability-table.csv?manager={world.gus.pk}")
    assert [row[0] for row in csv_rows(one.content)[1:]] == ["Gil Test"]


def test_the_rollup_makes_as_many_queries_for_more_reps(client: Client, world: World) -> None:
    client.force_login(world.lou)
    few = queries(client, "/development/leader/")
    more_people(world)
    assert queries(client, "/development/leader/") == few
