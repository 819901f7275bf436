"""Tables that fit, sort, page and download: one declaration per table, one partial draws it.

A page declares each long table once, as a `Table` of `Column`s (a label, a priority, the value
it sorts and downloads by, how the page writes it, where it links), and hands it the rows the
viewer may see. `table_view` reads the table's query parameters strictly (a sort the table does
not offer is a 400), searches, sorts and pages on the server and returns what
`web/partials/table.html` draws; `render_tables` answers an htmx request for one table with that
table alone. `download` writes every row the viewer sees, searched and sorted the same way, with
every column, as CSV or XLSX (`download_path` gives a page its download address).

Priorities keep the columns that matter on screen: ESSENTIAL columns show at every width,
TABLET ones from 768 px, DESKTOP ones from 1200 px, and EXTRA ones only when the reader asks for
all columns (`?cols=all`, the "All columns" switch) and in the downloads. Below its width a
column's value folds under the row's first cell, which stays in place while a wide table scrolls
inside its own box.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

import xlsxwriter
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, re_path, reverse
from django.utils import timezone
from django.utils.html import format_html_join, strip_tags
from django.utils.safestring import SafeString

from uplift.audit.models import Action
from uplift.audit.services import audit_record
from uplift.web.http import AuthedRequest, QueryParamError, query_choice, query_text
from uplift.web.templatetags.times import when

R = TypeVar("R")
Cell = str | int | float | Decimal | date | datetime | None

FORMATS = ("csv", "xlsx")
MAX_PAGE_DIGITS = 9
NO_DATA = "—"
# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PAGE = re.compile(r"[0-9]{1,9}")


class Priority(IntEnum):
    """From which screen width a column shows; below it, its value folds under the first cell."""

    ESSENTIAL = 1  # every width
    TABLET = 2  # from 768 px (Bootstrap's md)
    DESKTOP = 3  # from 1200 px (xl): a 1280 px screen with the menu shows it
    EXTRA = 4  # only with "All columns", and in the downloads


# The Bootstrap classes that hide a column below its width, and that show its folded copy there.
_HIDE = {Priority.TABLET: "d-none d-md-table-cell", Priority.DESKTOP: "d-none d-xl-table-cell"}
_FOLD = {Priority.TABLET: "d-md-none", Priority.DESKTOP: "d-xl-none"}


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: `value` is what it sorts by and what the downloads hold (None is "no data",
    sorted last either way); `text` is how the page writes it (the value itself by default)."""

    key: str
    label: str
    value: Callable[[R], Cell]
    text: Callable[[R], str] | None = None
    priority: Priority = Priority.ESSENTIAL
    numeric: bool = False  # right-aligned, sorted largest first (unless `first_descending`)
    first_descending: bool | None = None
    sortable: bool = True
    sort: Callable[[R], Any] | None = None  # a sort key other than the value
    link: Callable[[R], str | None] | None = None
    cell: str = ""  # a template for the cell's content; it gets the row as `row`
    note: str = ""  # a short line under the label
    title: Callable[[R], str] | None = None  # a tooltip: where the number comes from
    # Why a row has no value here ("this export has no activities"): such a cell reads "—"
    # with the reason as its tooltip, on the page and where it folds.
    no_data: Callable[[R], str] | None = None
    export: bool = True  # False for a column of buttons
    export_label: str = ""  # the downloads' heading, when it needs a unit the page shows elsewhere
    fold: bool = True  # fold the value under the first cell where the column is hidden
    shown: bool = True  # False: only in the downloads (a raw number the page shows combined)
    css: str = ""  # more classes for its cells (e.g. "num-wrap": a right-aligned range that wraps)
    header_link: str = ""  # a column about one record (a practice): its heading links to it
    data: Any = None  # what the cell's template needs besides the row (as `c.data`)

    def text_of(self, row: R) -> str:
        if self.reason_of(row):
            return NO_DATA
        if self.text is not None:
            return self.text(row)
        return cell_text(self.value(row))

    def reason_of(self, row: R) -> str:
        """Why the row has no value in this column, when it has none and the column says."""
        if self.no_data is None or _comparable(self.value(row)) is not None:
            return ""
        return self.no_data(row)

    def sort_key_of(self, row: R) -> Any:
        return (self.sort or self.value)(row)

    @property
    def descending_first(self) -> bool:
        return self.numeric if self.first_descending is None else self.first_descending


@dataclass(frozen=True)
class Table(Generic[R]):
    """A table's declaration. `name` is its id on the page, its downloads' file name and, with
    `download` (the URL name of the page's download address), the table part of that address.
    `search` makes a list of people searchable by the text it returns for a row."""

    name: str
    caption: str
    columns: tuple[Column[R], ...]
    default_sort: str  # a column's key; "" keeps the rows in the order they are given
    descending: bool | None = None  # the default sort's direction; numbers largest first
    page_size: int = 25  # 0: one page
    search: Callable[[R], str] | None = None
    search_label: str = "Find a person"
    row_attrs: Callable[[R], Mapping[str, str]] | None = None  # data-* attributes of a row
    empty: str = "Nothing to show."
    prefix: str = ""  # of its query parameters, when a page shows several sortable tables
    download: str = ""

    def column(self, key: str) -> Column[R]:
        return next(c for c in self.columns if c.key == key)

    @property
    def sort_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.sortable and c.shown)

    def param(self, name: str) -> str:
        return f"{self.prefix}{name}"


@dataclass(frozen=True)
class Footer:
    """A summary line to draw under a table's rows: its label, and its text by column key."""

    label: str
    texts: Mapping[str, str]
    testid: str = ""


@dataclass(frozen=True)
class TableState:
    """What the query string asks of a table, read strictly."""

    sort: str
    descending: bool
    page: int
    query: str
    all_columns: bool


def table_state(request: AuthedRequest, table: Table[Any]) -> TableState:
    """The sort, page, search and column switch the query string asks for. A sort or direction
    the table does not offer, or a page that is not a page number, is refused (400); a page past
    the last shows the last."""
    sort = table.default_sort
    if table.sort_keys:
        sort = query_choice(request, table.param("sort"), table.sort_keys, default=sort)
    default_direction = "desc" if _descending_first(table, sort) else "asc"
    direction = query_choice(
        request, table.param("dir"), ("asc", "desc"), default=default_direction
    )
    raw_page = query_text(request, table.param("page"))
    if raw_page and not _PAGE.fullmatch(raw_page):
        raise QueryParamError(f"{table.param('page')} must be a page number (1, 2, …).")
    query = query_text(request, table.param("q"), max_length=100) if table.search else ""
    columns = query_choice(request, table.param("cols"), ("all",), default="")
    return TableState(
        sort=sort,
        descending=direction == "desc",
        page=max(1, int(raw_page or "1")),
        query=query,
        all_columns=columns == "all",
    )


def _descending_first(table: Table[Any], sort: str) -> bool:
    if sort == table.default_sort and table.descending is not None:
        return table.descending
    return bool(sort) and table.column(sort).descending_first


def rows_in_order(table: Table[R], rows: Iterable[R], state: TableState) -> list[R]:
    """The rows the search keeps, sorted: no data last in either direction, ties in the order
    the rows came in (the presenter's own order)."""
    kept = list(rows)
    if state.query and table.search is not None:
        wanted = folded(state.query)
        kept = [row for row in kept if wanted in folded(table.search(row))]
    if not state.sort:
        return kept
    column = table.column(state.sort)
    keyed = [(_comparable(column.sort_key_of(row)), row) for row in kept]
    present = [(key, row) for key, row in keyed if key is not None]
    missing = [row for key, row in keyed if key is None]
    present.sort(key=lambda pair: pair[0], reverse=state.descending)
    return [row for _, row in present] + missing


def folded(text: str) -> str:
    """Text for matching a search: case and accents set aside ("José" finds "jose")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _comparable(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return folded(value)
    if isinstance(value, datetime):
        return value.timestamp()
    return value


def cell_text(value: Cell) -> str:
    """How a value reads on the page when its column says nothing else; a moment in the
    reader's time zone with the zone named ("9 Dec 2026, 09:00 CET"), as every time is."""
    if value is None:
        return NO_DATA
    if isinstance(value, datetime):
        return when(value, "date")
    if isinstance(value, date):
        return day_text(value)
    return str(value)


def day_text(day: date) -> str:
    """A day as the pages write it: "9 Dec 2026"."""
    return f"{day.day} {day:%b %Y}"


# --- What the partial draws ---------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderView:
    key: str
    label: str
    link: str
    note: str
    css: str
    sortable: bool
    url: str
    active: bool
    descending: bool
    aria_sort: str


@dataclass(frozen=True)
class CellView:
    key: str
    text: str
    link: str | None
    template: str
    css: str
    title: str
    data: Any = None


@dataclass(frozen=True)
class FoldView:
    label: str
    text: str
    css: str
    title: str = ""


@dataclass(frozen=True)
class RowView:
    row: Any
    attrs: SafeString
    first: CellView
    cells: list[CellView]
    folds: list[FoldView]


@dataclass(frozen=True)
class FooterView:
    """A summary line under the rows (a team average, a benchmark): its label in the first
    column, a text per column key."""

    label: str
    cells: list[CellView]
    testid: str = ""


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str
    current: bool = False
    gap: bool = False


@dataclass(frozen=True)
class TableView:
    """One table as the viewer sees it now: the page of rows, the headers with their sort links,
    the pager, the search and the downloads."""

    table: Table[Any]
    state: TableState
    path: str
    keep: dict[str, str]
    headers: list[HeaderView]
    rows: list[RowView]
    total: int
    first_shown: int
    last_shown: int
    page: int
    pages: int
    columns_toggle_css: str
    state_params: list[tuple[str, str]] = field(default_factory=list)
    footers: list[FooterView] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return f"table-{self.table.name}"

    @property
    def body_id(self) -> str:
        """The part that sorting, paging and searching swap (the search box stays)."""
        return f"{self.dom_id}-body"

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def caption(self) -> str:
        return self.table.caption

    @property
    def searchable(self) -> bool:
        return self.table.search is not None

    @property
    def search_param(self) -> str:
        return self.table.param("q")

    @property
    def paged(self) -> bool:
        return self.pages > 1

    @property
    def colspan(self) -> int:
        return len(self.headers)

    def url(self, **changes: object) -> str:
        """This table's address with some of its parameters changed (the page goes back to the
        first unless it is one of them)."""
        state = {
            "sort": self.state.sort,
            "dir": "desc" if self.state.descending else "asc",
            "q": self.state.query,
            "cols": "all" if self.state.all_columns else "",
            "page": "",
        }
        state.update({name: "" if value is None else str(value) for name, value in changes.items()})
        return f"{self.path}?{self._query(state)}"

    def _query(self, state: Mapping[str, str]) -> str:
        table = self.table
        defaults = {
            "sort": table.default_sort,
            "dir": "desc" if _descending_first(table, state["sort"]) else "asc",
        }
        params = dict(self.keep)
        for name, value in state.items():
            if value and value != defaults.get(name) and not (name == "page" and value == "1"):
                params[table.param(name)] = value
        return urlencode(params)

    @property
    def columns_url(self) -> str:
        return self.url(cols="" if self.state.all_columns else "all", page=self.page)

    @property
    def page_links(self) -> list[PageLink]:
        """First, last, and the pages around this one, with a gap where pages are skipped."""
        wanted = sorted({1, self.pages, self.page - 1, self.page, self.page + 1})
        links: list[PageLink] = []
        previous = 0
        for number in (n for n in wanted if 1 <= n <= self.pages):
            if number - previous > 1:
                links.append(PageLink("…", "", gap=True))
            links.append(PageLink(str(number), self.url(page=number), number == self.page))
            previous = number
        return links

    @property
    def previous_url(self) -> str:
        return self.url(page=self.page - 1) if self.page > 1 else ""

    @property
    def next_url(self) -> str:
        return self.url(page=self.page + 1) if self.page < self.pages else ""

    @property
    def downloads(self) -> list[tuple[str, str]]:
        """(label, address) of the CSV and XLSX downloads, with this sort and search."""
        if not self.table.download:
            return []
        query = self._query(
            {
                "sort": self.state.sort,
                "dir": "desc" if self.state.descending else "asc",
                "q": self.state.query,
            }
        )
        return [
            (fmt.upper(), download_url(self.table, fmt) + (f"?{query}" if query else ""))
            for fmt in FORMATS
        ]


def download_url(table: Table[Any], fmt: str) -> str:
    return reverse(table.download, kwargs={"table": table.name, "fmt": fmt})


def table_view(
    request: AuthedRequest,
    table: Table[R],
    rows: Iterable[R],
    *,
    keep: Mapping[str, str | int | None] | None = None,
    footers: Sequence[Footer] = (),
) -> TableView:
    """The table as the query string asks for it: searched, sorted, one page of rows. `keep` are
    the page's own parameters (a team, a filter) that the table's links carry on; `footers` are
    summary lines drawn under the rows (and written after them in the downloads)."""
    state = table_state(request, table)
    ordered = rows_in_order(table, rows, state)
    size = table.page_size or max(1, len(ordered))
    pages = max(1, math.ceil(len(ordered) / size))
    page = min(state.page, pages)
    start = (page - 1) * size
    shown = ordered[start : start + size]
    kept = {name: str(value) for name, value in (keep or {}).items() if value not in (None, "")}
    view = TableView(
        table=table,
        state=state,
        path=request.path,
        keep=kept,
        headers=[],
        rows=[],
        total=len(ordered),
        first_shown=start + 1 if shown else 0,
        last_shown=start + len(shown),
        page=page,
        pages=pages,
        columns_toggle_css=_toggle_css(table, state),
    )
    view.headers.extend(_header(view, column) for column in table.columns if column.shown)
    view.rows.extend(_row(table, state, row) for row in shown)
    carried = {"sort": state.sort, "dir": "desc" if state.descending else "asc"}
    if state.all_columns:
        carried["cols"] = "all"
    view.state_params.extend((table.param(name), value) for name, value in carried.items())
    rest = [column for column in table.columns[1:] if column.shown]
    view.footers.extend(
        FooterView(
            footer.label,
            [
                CellView(c.key, footer.texts.get(c.key, ""), None, "", _cell_css(c, state), "")
                for c in rest
            ],
            footer.testid,
        )
        for footer in footers
    )
    return view


def _visible_css(column: Column[Any], state: TableState) -> str:
    if state.all_columns or column.priority == Priority.ESSENTIAL:
        return ""
    return _HIDE.get(column.priority, "d-none")


def _toggle_css(table: Table[Any], state: TableState) -> str:
    """Where the "All columns" switch shows: wherever some column is hidden ("hidden" when no
    column ever is)."""
    if state.all_columns:
        return ""
    lowest = max(c.priority for c in table.columns if c.shown)
    return {
        Priority.ESSENTIAL: "d-none",
        Priority.TABLET: "d-md-none",
        Priority.DESKTOP: "d-xl-none",
    }.get(lowest, "")


def _header(view: TableView, column: Column[Any]) -> HeaderView:
    state = view.state
    active = column.key == state.sort
    descending = not state.descending if active else _descending_first(view.table, column.key)
    direction = "desc" if descending else "asc"
    css = _cell_css(column, state)
    return HeaderView(
        key=column.key,
        label=column.label,
        link=column.header_link,
        note=column.note,
        css=css,
        sortable=column.sortable,
        url=view.url(sort=column.key, dir=direction) if column.sortable else "",
        active=active,
        descending=state.descending,
        aria_sort=("descending" if state.descending else "ascending") if active else "",
    )


def _cell_css(column: Column[Any], state: TableState) -> str:
    parts = ("num" if column.numeric else "", column.css, _visible_css(column, state))
    return " ".join(part for part in parts if part)


def _cell(column: Column[Any], state: TableState, row: Any) -> CellView:
    css = _cell_css(column, state)
    return CellView(
        key=column.key,
        text=column.text_of(row),
        link=column.link(row) if column.link else None,
        template=column.cell,
        css=css,
        title=column.reason_of(row) or (column.title(row) if column.title else ""),
        data=column.data,
    )


def _row(table: Table[Any], state: TableState, row: Any) -> RowView:
    first, *rest = (column for column in table.columns if column.shown)
    folds = [
        FoldView(column.label, column.text_of(row), _FOLD[column.priority], column.reason_of(row))
        for column in rest
        if column.fold and not state.all_columns and column.priority in _FOLD
    ]
    attrs = table.row_attrs(row) if table.row_attrs else {}
    return RowView(
        row=row,
        attrs=format_html_join(" ", '{}="{}"', attrs.items()),
        first=_cell(first, state, row),
        cells=[_cell(column, state, row) for column in rest],
        folds=folds,
    )


def render_tables(
    request: AuthedRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """The page; or, when htmx asks for one of its tables (the table's body as the target, as
    its sort, page and search requests do), that table's body alone."""
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request and htmx.target:
        for value in context.values():
            if isinstance(value, TableView) and value.body_id == htmx.target:
                return render(request, "web/partials/table_body.html", {**context, "t": value})
    return render(request, template, context, status=status)


# --- Downloads ----------------------------------------------------------------------------------


def download_path(route: str, view: Callable[..., HttpResponse], name: str) -> URLPattern:
    """The download address of a page's tables: `<route><table>.csv` and `.xlsx`; the view
    takes `table` and `fmt` and answers 404 for a table the page does not have."""
    return re_path(
        rf"^{re.escape(route)}(?P<table>[a-z0-9-]+)\.(?P<fmt>csv|xlsx)$", view, name=name
    )


def download(
    request: AuthedRequest,
    table: Table[R],
    rows: Iterable[R],
    fmt: str,
    *,
    footers: Sequence[Footer] = (),
) -> HttpResponse:
    """Every row the viewer sees (searched and sorted as the query string says, not paged) with
    every column but the buttons, then the summary lines, as CSV or XLSX."""
    state = table_state(request, table)
    ordered = rows_in_order(table, rows, state)
    columns = [c for c in table.columns if c.export]
    headings = [c.export_label or c.label for c in columns]
    values: Iterator[list[Cell]] = itertools.chain(
        ([c.value(row) for c in columns] for row in ordered),
        (
            [footer.label, *(footer.texts.get(c.key) or None for c in columns[1:])]
            for footer in footers
        ),
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        body = xlsx_bytes(table.caption, headings, values)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = csv_bytes(headings, values)
        content_type = "text/csv; charset=utf-8"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:  # every download a person makes is audited
        audit_record(action=Action.DOWNLOADED, actor=user, detail=f"{table.name}.{fmt}")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{table.name}-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def safe_text(value: str) -> str:
    """Text a spreadsheet will not run as a formula: a leading = + - @ (or tab, carriage
    return) gets an apostrophe before it."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _csv_value(value: Cell) -> str | int | float:
    if isinstance(value, float) and not math.isfinite(value):
        value = None
    if value is None or isinstance(value, int | float):
        return "" if value is None else value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return (timezone.localtime(value) if value.tzinfo else value).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return safe_text(str(value))


def csv_bytes(headings: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read the accents."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_text(h) for h in headings])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, headings: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """One sheet: a bold heading row that stays in place, numbers as numbers, dates as dates,
    text always as text (never a formula)."""
    out = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "remove_timezone": True,
    }
    workbook = xlsxwriter.Workbook(out, options)
    sheet = workbook.add_worksheet(_sheet_name(title))
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    widths = [len(h) for h in headings]
    for col, heading in enumerate(headings):
        sheet.write_string(0, col, heading, bold)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            widths[col] = max(widths[col], min(60, len(strip_tags(cell_text(value)))))
            _xlsx_write(sheet, (count, col), value, (day, moment))
    sheet.freeze_panes(1, 1)
    if headings:
        sheet.autofilter(0, 0, count, len(headings) - 1)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width + 2)
    workbook.close()
    return out.getvalue()


def _xlsx_write(sheet: Any, at: tuple[int, int], value: Cell, formats: tuple[Any, Any]) -> None:
    row, col = at
    day, moment = formats
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        sheet.write_blank(row, col, None)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, col, float(value))
    elif isinstance(value, datetime):
        local = timezone.localtime(value) if value.tzinfo else value
        sheet.write_datetime(row, col, local.replace(tzinfo=None), moment)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, datetime.combine(value, datetime.min.time()), day)
    else:
        sheet.write_string(row, col, str(value))


def _sheet_name(title: str) -> str:
    """Excel's rule: at most 31 characters, none of []:*?/\\."""
    cleaned = " ".join(re.sub(r"[\[\]:*?/\\]", " ", title).split()) or "Table"
    return cleaned[:31].strip()
