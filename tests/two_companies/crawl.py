"""Walking the site as a signed-in person: every same-site link, htmx fragment and GET form from
their home page on, and the text of each answer (PDFs and calendar invitations read back) for
leak checks."""

from __future__ import annotations

import html
import re
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import urljoin, urlsplit
from zipfile import ZipFile

from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.urls import Resolver404, resolve
from icalendar import Calendar
from pypdf import PdfReader

SKIPPED = ("/static/", "/admin/", "/logout/")
# Query strings of one path followed at most (filters and sort orders of one page): the rest of
# the budget goes to other pages.
VARIANTS_PER_PATH = 4
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SITE_HOSTS = {"", "testserver", "localhost", "127.0.0.1"}


@dataclass(frozen=True)
class Visit:
    url: str
    status: int
    content_type: str
    text: str


class _Links(HTMLParser):
    """The URLs a person can GET from a page: links, htmx GETs, frames and GET forms."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value for name, value in attrs if value}
        if tag in ("a", "area") and "href" in found:
            self.urls.append(found["href"])
        if tag == "iframe" and "src" in found:
            self.urls.append(found["src"])
        if "hx-get" in found:
            self.urls.append(found["hx-get"])
        if tag == "form" and found.get("method", "get").lower() == "get":
            self.urls.append(found.get("action", ""))


def _calendar_text(body: bytes) -> str:
    """A calendar invitation's values and their parameters (an attendee's name), as a calendar
    reads them: long lines unfolded, commas and semicolons unescaped."""
    values: list[str] = []
    for component in Calendar.from_ical(body).walk():
        for value in component.values():
            for each in value if isinstance(value, list) else [value]:
                values.append(str(each))
                values += [str(v) for v in getattr(each, "params", {}).values()]
    return "\n".join(values)


def _spreadsheet_text(body: bytes) -> str:
    """An XLSX workbook's cells and names as text: the XML parts of its zip, entities read."""
    with ZipFile(BytesIO(body)) as workbook:
        parts = [workbook.read(name).decode() for name in workbook.namelist()]
    return html.unescape("\n".join(re.sub(r"<[^>]+>", " ", part) for part in parts))


def response_text(response: HttpResponseBase) -> str:
    """The headers and body as text; a PDF's and a spreadsheet's text as a reader extracts it,
    and a calendar invitation's as a calendar shows it, after the body itself."""
    assert isinstance(response, HttpResponse | StreamingHttpResponse)
    body = response.getvalue()
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/pdf"):
        text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(body)).pages)
    elif content_type.startswith(SPREADSHEET) and response.status_code == 200:
        text = _spreadsheet_text(body)
    else:
        text = html.unescape(body.decode("utf-8", errors="replace"))
    if content_type.startswith("text/calendar") and response.status_code == 200:
        text = f"{text}\n{_calendar_text(body)}"
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    return f"{headers}\n{text}"


def _same_site(base: str, links: Iterable[str]) -> list[str]:
    found = []
    for link in links:
        parts = urlsplit(urljoin(base, link.strip()))
        if parts.scheme not in ("", "http", "https") or parts.netloc not in SITE_HOSTS:
            continue
        if parts.path.startswith(SKIPPED):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _route(path: str) -> str:
    """The page a path is one of: its route, with the values that name no record (a table's
    download's table and format); the path itself when no route matches."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    named = sorted((k, v) for k, v in match.kwargs.items() if not isinstance(v, int))
    return f"{match.route} {named}"


def crawl(client: Client, start: str = "/", limit: int = 300) -> list[Visit]:
    """Breadth first from `start`, at most `limit` answers and VARIANTS_PER_PATH query strings of
    a path; redirects are followed as links. A link to a page not yet queued (a route, whatever
    record it names) goes before links to more records of pages already queued, so that the
    budget reaches every kind of page, and every kind of download, before it repeats any."""
    new_pages, more, seen, visits = deque([start]), deque[str](), {start}, list[Visit]()
    routes = {_route(start)}
    variants: Counter[str] = Counter()
    while (new_pages or more) and len(visits) < limit:
        url = (new_pages or more).popleft()
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        visits.append(Visit(url, response.status_code, content_type, response_text(response)))
        links = [response["Location"]] if response.has_header("Location") else []
        if content_type.startswith("text/html"):
            parser = _Links()
            parser.feed(response.content.decode("utf-8", errors="replace"))
            links += parser.urls
        for link in _same_site(url, links):
            path = link.split("?")[0]
            if link in seen or variants[path] >= VARIANTS_PER_PATH:
                continue
            seen.add(link)
            variants[path] += 1
            route = _route(path)
            (more if route in routes else new_pages).append(link)
            routes.add(route)
    return visits


@dataclass(frozen=True)
class Markers:
    """Strings that give a company away: `words` anywhere, `addresses` as whole e-mail addresses
    (``ann@x.com`` is not found in ``joann@x.com``). Compared without case."""

    words: tuple[str, ...]
    addresses: tuple[str, ...]

    def found(self, text: str) -> list[str]:
        lowered = text.lower()
        hits = [word for word in self.words if word.lower() in lowered]
        hits += [
            address
            for address in self.addresses
            if address in lowered
            and re.search(rf"(?<![\w.+-]){re.escape(address)}(?![\w-])", lowered)
        ]
        return hits
