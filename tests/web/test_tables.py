"""The table component (uplift/web/tables.py): sorting, searching and paging on the server from
query parameters read strictly, the links that keep them, the htmx fragment, and the CSV and
XLSX downloads with every row the viewer sees and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import BadRequest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from uplift.web.tables import (
    Column,
    Footer,
    Priority,
    Table,
    csv_bytes,
    download,
    render_tables,
    safe_text,
    table_view,
    xlsx_bytes,
)


@dataclass(frozen=True)
class Person:
    name: str
    team: str
    deals: int | None
    joined: date


PEOPLE = [
    Person("Zoë Adams", "Alpha", 12, date(2024, 1, 5)),
    Person("bea Martin", "Beta", None, date(2023, 6, 1)),
    Person("José Ziegler", "Alpha", 30, date(2022, 2, 2)),
    Person("Ann Lee", "Gamma", 12, date(2025, 3, 3)),
    Person("Art Ito", "Beta", 4, date(2021, 9, 9)),
]

TABLE: Table[Person] = Table(
    name="people",
    caption="People",
    columns=(
        Column("name", "Name", lambda p: p.name),
        Column("team", "Team", lambda p: p.team, priority=Priority.TABLET),
        Column("deals", "Deals", lambda p: p.deals, numeric=True, priority=Priority.DESKTOP),
        Column("joined", "Joined", lambda p: p.joined, priority=Priority.EXTRA),
        Column("actions", "Actions", lambda _: "", sortable=False, export=False, fold=False),
    ),
    default_sort="name",
    page_size=2,
    search=lambda p: f"{p.name} {p.team}",
    download="leader_performance_download",
)


def request(query: dict[str, str] | None = None, **headers: Any) -> Any:
    made: Any = RequestFactory().get("/leader/performance/", query or {}, **headers)
    made.htmx = HtmxDetails(made)  # as django-htmx's middleware does
    return made


def names(view: Any) -> list[str]:
    return [r.row.name for r in view.rows]


def test_rows_sort_by_name_by_default_ignoring_case_and_accents() -> None:
    view = table_view(request({"page": "1"}), TABLE, PEOPLE)
    assert names(view) == ["Ann Lee", "Art Ito"]
    assert view.total == 5
    assert view.pages == 3
    everyone = table_view(request(), _one_page(), PEOPLE)
    assert names(everyone) == ["Ann Lee", "Art Ito", "bea Martin", "José Ziegler", "Zoë Adams"]


def _one_page() -> Table[Person]:
    return Table(
        name=TABLE.name,
        caption=TABLE.caption,
        columns=TABLE.columns,
        default_sort=TABLE.default_sort,
        page_size=0,
        search=TABLE.search,
    )


def test_a_number_column_sorts_largest_first_with_no_data_last_either_way() -> None:
    table = _one_page()
    down = table_view(request({"sort": "deals"}), table, PEOPLE)
    assert names(down) == ["José Ziegler", "Zoë Adams", "Ann Lee", "Art Ito", "bea Martin"]
    assert down.state.descending
    up = table_view(request({"sort": "deals", "dir": "asc"}), table, PEOPLE)
    # Ties (12 deals) stay in the order the rows came in; no data is last in both directions.
    assert names(up) == ["Art Ito", "Zoë Adams", "Ann Lee", "José Ziegler", "bea Martin"]


def test_a_search_keeps_the_matching_rows_and_sets_accents_aside() -> None:
    view = table_view(request({"q": "jose"}), _one_page(), PEOPLE)
    assert names(view) == ["José Ziegler"]
    by_team = table_view(request({"q": "BETA"}), _one_page(), PEOPLE)
    assert names(by_team) == ["Art Ito", "bea Martin"]
    nobody = table_view(request({"q": "nobody"}), _one_page(), PEOPLE)
    assert nobody.rows == []
    html = render_to_string("web/partials/table.html", {"t": nobody})
    assert "Nothing matches “nobody”" in html


def test_paging_shows_one_page_and_a_page_past_the_last_shows_the_last() -> None:
    second = table_view(request({"page": "2"}), TABLE, PEOPLE)
    assert names(second) == ["bea Martin", "José Ziegler"]
    assert (second.first_shown, second.last_shown, second.total) == (3, 4, 5)
    last = table_view(request({"page": "99"}), TABLE, PEOPLE)
    assert last.page == 3
    assert names(last) == ["Zoë Adams"]
    assert last.next_url == ""
    assert "page=2" in last.previous_url


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("sort", "salary"),
        ("sort", "actions"),  # a column that is not sortable
        ("dir", "sideways"),
        ("page", "²"),
        ("page", "-1"),
        ("page", "1.5"),
        ("page", "99999999999999999999999"),
        ("cols", "some"),
        ("q", "\x00"),
    ],
)
def test_a_parameter_the_table_cannot_read_is_refused(name: str, value: str) -> None:
    with pytest.raises(BadRequest, match=name):
        table_view(request({name: value}), TABLE, PEOPLE)


def test_links_keep_the_page_parameters_and_leave_out_the_defaults() -> None:
    view = table_view(request({"sort": "deals", "q": "a"}), TABLE, PEOPLE, keep={"team": 7})
    headers = {h.key: h for h in view.headers}
    assert headers["deals"].active
    assert headers["deals"].aria_sort == "descending"
    assert headers["deals"].url == "/leader/performance/?team=7&sort=deals&dir=asc&q=a"
    assert headers["name"].url == "/leader/performance/?team=7&q=a"
    assert headers["actions"].url == ""
    assert view.next_url == "/leader/performance/?team=7&sort=deals&q=a&page=2"
    assert view.columns_url == "/leader/performance/?team=7&sort=deals&q=a&cols=all"
    downloads = dict(view.downloads)
    assert downloads["CSV"] == "/leader/performance/people.csv?team=7&sort=deals&q=a"
    assert downloads["XLSX"] == "/leader/performance/people.xlsx?team=7&sort=deals&q=a"


def test_a_parameter_prefix_keeps_two_tables_of_a_page_apart() -> None:
    second = Table(
        name="other", caption="Other", columns=TABLE.columns, default_sort="name", prefix="o_"
    )
    view = table_view(request({"sort": "deals", "o_sort": "team"}), second, PEOPLE)
    assert view.state.sort == "team"
    assert "o_sort=deals" in {h.key: h for h in view.headers}["deals"].url


def test_columns_hide_below_their_width_and_fold_under_the_first_cell() -> None:
    view = table_view(request(), TABLE, PEOPLE)
    css = {h.key: h.css for h in view.headers}
    assert css == {
        "name": "",
        "team": "d-none d-md-table-cell",
        "deals": "num d-none d-xl-table-cell",
        "joined": "d-none",
        "actions": "",
    }
    folds = [(f.label, f.text, f.css) for f in view.rows[0].folds]
    assert folds == [("Team", "Gamma", "d-md-none"), ("Deals", "12", "d-xl-none")]
    assert view.columns_toggle_css == ""  # an EXTRA column is hidden at every width
    every = table_view(request({"cols": "all"}), TABLE, PEOPLE)
    assert {h.css for h in every.headers} <= {"", "num"}
    assert every.rows[0].folds == []


def test_a_cell_without_data_reads_a_dash_with_its_reason_where_it_shows_and_folds() -> None:
    reason = "this export has no deals"
    deals: Column[Person] = Column(
        "deals",
        "Deals",
        lambda p: p.deals,
        text=lambda p: f"{p.deals} deals",
        numeric=True,
        priority=Priority.TABLET,
        no_data=lambda _: reason,
    )
    table = Table("people", "People", (TABLE.columns[0], deals), default_sort="name")
    view = table_view(request(), table, PEOPLE)
    by_name = {r.row.name: r for r in view.rows}
    bea, ann = by_name["bea Martin"], by_name["Ann Lee"]
    assert (bea.cells[0].text, bea.cells[0].title) == ("\u2014", reason)
    assert (bea.folds[0].text, bea.folds[0].title) == ("\u2014", reason)
    assert (ann.cells[0].text, ann.cells[0].title) == ("12 deals", "")  # a value keeps its text
    html = render_to_string("web/partials/table.html", {"t": view})
    assert f'data-col="deals" title="{reason}">\u2014</td>' in html
    assert f'<span title="{reason}">\u2014</span>' in html
    assert html.count(reason) == 2  # the one row without data, in its cell and its fold


def test_the_whole_page_or_for_htmx_only_the_table_asked_for() -> None:
    plain = request()
    view = table_view(plain, TABLE, PEOPLE)
    fragment = render_tables(
        request(HTTP_HX_REQUEST="true", HTTP_HX_TARGET=view.body_id),
        "web/partials/table.html",
        {"people": view},
    )
    html = fragment.content.decode()
    assert f'id="{view.body_id}"' in html
    assert 'class="dt-search"' not in html  # the search box stays; its field keeps the focus
    whole = render_tables(plain, "web/partials/table.html", {"t": view, "people": view})
    assert 'class="dt-search"' in whole.content.decode()


def test_the_partial_draws_sort_links_that_htmx_follows_and_the_downloads() -> None:
    view = table_view(request({"sort": "deals"}), TABLE, PEOPLE)
    html = render_to_string("web/partials/table.html", {"t": view})
    assert 'data-testid="sort-deals"' in html
    assert 'aria-sort="descending"' in html
    assert f'hx-target="#{view.body_id}"' in html
    assert 'hx-push-url="true"' in html
    assert 'data-testid="people-csv"' in html
    assert 'data-testid="people-xlsx"' in html
    assert "1\u20132 of 5" in html


# --- Downloads ----------------------------------------------------------------------------------


def _csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_holds_every_row_searched_and_sorted_as_shown_with_every_column_but_buttons() -> None:
    response = download(request({"sort": "deals", "q": "a"}), TABLE, PEOPLE, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="people-')
    rows = _csv_rows(response.content)
    assert rows[0] == ["Name", "Team", "Deals", "Joined"]
    assert rows[1:] == [
        ["José Ziegler", "Alpha", "30", "2022-02-02"],
        ["Zoë Adams", "Alpha", "12", "2024-01-05"],
        ["Ann Lee", "Gamma", "12", "2025-03-03"],
        ["Art Ito", "Beta", "4", "2021-09-09"],
        ["bea Martin", "Beta", "", "2023-06-01"],  # no data is an empty cell, never 0
    ]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(start: str) -> None:
    text = f'{start}HYPERLINK("http://example.invalid")'
    rows = _csv_rows(csv_bytes([f"{start}heading"], [[text], [-3], [2.5], ["plain"]]))
    assert rows == [[f"'{start}heading"], [f"'{text}"], ["-3"], ["2.5"], ["plain"]]
    assert safe_text("a=b") == "a=b"


def test_xlsx_keeps_numbers_and_dates_and_never_makes_a_formula() -> None:
    people = [*PEOPLE, Person("=1+2", "@team", 7, date(2020, 1, 1))]
    response = download(request({"sort": "deals", "dir": "asc"}), TABLE, people, "xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Name", "Team", "Deals", "Joined"]
    assert rows[1][:3] == ["Art Ito", "Beta", 4]
    assert rows[1][3].date() == date(2021, 9, 9)
    injected = next(row for row in sheet.iter_rows() if row[0].value == "=1+2")
    assert injected[0].data_type == "s"
    assert injected[1].data_type == "s"
    assert rows[-1][0] == "bea Martin"
    assert rows[-1][2] is None
    assert sheet.freeze_panes == "B2"


def test_summary_lines_follow_the_rows_in_the_downloads_and_under_the_table() -> None:
    footers = [Footer("Team average", {"deals": "14.5"}, "team-average")]
    rows = _csv_rows(download(request(), TABLE, PEOPLE[:1], "csv", footers=footers).content)
    assert rows[-1] == ["Team average", "", "14.5", ""]
    view = table_view(request(), TABLE, PEOPLE[:1], footers=footers)
    html = render_to_string("web/partials/table.html", {"t": view})
    assert 'data-testid="team-average"' in html
    assert "14.5" in html


def test_xlsx_sheet_names_follow_excels_rules() -> None:
    body = xlsx_bytes("Stars: who/why [all] of a very long table name", ["A"], [["x"]])
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    assert sheet.title == "Stars who why all of a very lon"
    assert len(sheet.title) <= 31


def test_a_table_without_a_sort_keeps_the_order_it_was_given() -> None:
    unsorted = Table(
        name="given",
        caption="Given",
        columns=tuple(Column(c.key, c.label, c.value, sortable=False) for c in TABLE.columns),
        default_sort="",
        page_size=0,
    )
    view = table_view(request(), unsorted, PEOPLE)
    assert names(view) == [p.name for p in PEOPLE]
    assert not any(h.url for h in view.headers)
    with pytest.raises(BadRequest, match="dir"):
        table_view(request({"dir": "up"}), unsorted, PEOPLE)
