"""The pages' long tables (uplift/web/tables.py) on real pages: sorting and paging from the
address, the htmx fragment, hostile parameters refused, downloads with the viewer's rows only,
and as many queries for a long table as for a short one.

The analysis is the hand-made one of tests/insights/snapshots.py: Art and Bob (stars), Ann
(core) and Gil (tail) are people of the test world; five more reps are CRM-only."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import World
from tests.factories import PersonFactory
from tests.insights.snapshots import CRM_ONLY, analysis_store, link_crm_ids
from uplift.orgs.models import Role


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
    """The queries of a page once the session's first-request work is done."""
    client.get(url)
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
    ["sort=salary", "dir=up", "page=%C2%B2", "page=99999999999999999999999", "gap_sort=star"],
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
    assert rows[0][:5] == ["Rep", "Team", "Band", "Rank", "P(star)"]
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
    assert rows[0][:4] == ["Rep", "Team", "Band", "P(star)"]
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
