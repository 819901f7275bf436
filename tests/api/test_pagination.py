"""Every list of the API comes in pages: following `next` from the first page reads every row
once, in the list's order, even while rows are added; a cursor the list did not give is a 400
that says what to do; `limit` has a default and a ceiling."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from tests.conftest import World
from tests.factories import PersonFactory
from tests.leaders.conftest import compute, history
from tests.recognition.helpers import practice_make
from uplift.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Order, PageQuery, page_of
from uplift.api.urls import api
from uplift.insights.models import AnalysisRun, Snapshot
from uplift.orgs import access
from uplift.orgs.models import Person, Role, Team

pytestmark = pytest.mark.django_db


def _people(world: World, count: int, prefix: str) -> list[Person]:
    return [
        PersonFactory(  # type: ignore[no-untyped-call,misc]
            organisation=world.org,
            team=world.gamma,
            role=Role.REP,
            full_name=f"{prefix} {n:03d}",
            email=f"{prefix.lower()}{n}@acme.test",
        )
        for n in range(count)
    ]


def _walk(client: Client, address: str) -> tuple[list[dict[str, Any]], int]:
    """Every row of a list by following `next`; and how many pages that took."""
    rows: list[dict[str, Any]] = []
    pages = 0
    while address:
        response = client.get(address)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["items"]
        pages += 1
        address = body["next"]
    return rows, pages


def test_walking_the_pages_reads_every_row_once_in_order(client: Client, world: World) -> None:
    _people(world, 23, "Zed")
    client.force_login(world.lou)
    everyone = list(
        Person.objects.filter(pk__in=_ids_visible_to(world.lou)).order_by("full_name", "id")
    )
    rows, pages = _walk(client, "/api/people?limit=5")
    assert [r["id"] for r in rows] == [p.pk for p in everyone]
    assert pages == -(-len(everyone) // 5)
    first = client.get("/api/people?limit=5").json()
    assert first["limit"] == 5
    assert first["next"].startswith("http://testserver/api/people?")
    assert "limit=5" in first["next"]


def _ids_visible_to(person: Person) -> set[int]:
    return access.private_person_ids_visible(person)


def _cursor(address: str) -> str:
    return parse_qs(urlsplit(address).query)["cursor"][0]


def test_rows_added_while_walking_neither_repeat_nor_skip(client: Client, world: World) -> None:
    _people(world, 12, "Mid")
    client.force_login(world.lou)
    first = client.get("/api/people?limit=4").json()
    before = {r["id"] for r in first["items"]}
    there = set(_ids_visible_to(world.lou))
    # One that sorts before the page already read, one after it: only the second is read.
    early = _people(world, 1, "Aaa")[0]
    late = _people(world, 1, "Zzz")[0]
    rest, _ = _walk(client, first["next"])
    ids = [r["id"] for r in rest]
    assert len(ids) == len(set(ids))
    assert not before & set(ids)
    assert there - before <= set(ids)
    assert late.pk in ids
    assert early.pk not in ids


@pytest.mark.parametrize(
    "cursor",
    ["nonsense", "", "eyJvIjpbImZ1bGxfbmFtZSIsImlkIl0sImsiOlsiQSIsMV19:forged:sig"],
)
def test_a_cursor_the_list_did_not_give_is_a_400_that_says_what_to_do(
    client: Client, world: World, cursor: str
) -> None:
    client.force_login(world.lou)
    response = client.get("/api/people", {"cursor": cursor})
    if cursor == "":
        assert response.status_code == 200  # no cursor: the first page
        return
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "cursor"
    assert body["code"] == "bad_cursor"
    assert "start again without `cursor`" in body["detail"]


def test_a_cursor_of_another_list_is_refused(client: Client, world: World) -> None:
    _people(world, 3, "Other")
    client.force_login(world.lou)
    cursor = _cursor(client.get("/api/people?limit=1").json()["next"])
    refused = client.get("/api/teams", {"cursor": cursor})
    assert refused.status_code == 400
    assert refused.json()["code"] == "bad_cursor"


def test_limit_has_a_default_and_a_ceiling(client: Client, world: World) -> None:
    _people(world, MAX_LIMIT + 5, "Many")
    client.force_login(world.lou)
    default = client.get("/api/people").json()
    assert default["limit"] == DEFAULT_LIMIT
    assert len(default["items"]) == DEFAULT_LIMIT
    capped = client.get("/api/people?limit=100000").json()
    assert capped["limit"] == MAX_LIMIT
    assert len(capped["items"]) == MAX_LIMIT
    assert capped["next"] is not None
    assert client.get("/api/people?limit=0").status_code == 422
    assert client.get("/api/people?limit=ten").status_code == 422


def test_a_list_computed_in_python_pages_like_a_query(world: World) -> None:
    """Descending order, ties broken by the last field, empty values last when descending."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    stamps = {n: None if n % 7 == 0 else start + timedelta(hours=n // 3) for n in range(40)}
    rows: list[dict[str, Any]] = [{"at": at, "id": n} for n, at in stamps.items()]
    order = Order(("-at", "-id"))
    request = RequestFactory().get("/api/x", {"limit": "6"})
    seen: list[int] = []
    cursor = None
    while True:
        page = page_of(request, rows, order=order, query=PageQuery(cursor=cursor, limit=6))
        seen += [r["id"] for r in page.items]
        if page.next is None:
            break
        cursor = _cursor(page.next)
    dated = sorted(((at, n) for n, at in stamps.items() if at is not None), reverse=True)
    empty = sorted((n for n, at in stamps.items() if at is None), reverse=True)
    assert seen == [n for _, n in dated] + empty


def test_the_same_order_in_the_database_and_in_python(world: World) -> None:
    """A nullable field (a team's manager) orders the same way in SQL as in Python."""
    for n in range(6):
        Team.objects.create(organisation=world.org, name=f"Unmanaged {n}")
    order = Order(("manager_id", "-id"))
    request = RequestFactory().get("/api/x")
    teams = Team.objects.filter(organisation=world.org)
    walked: dict[str, list[int]] = {}
    for kind, rows in (("python", list(teams)), ("database", teams)):
        ids: list[int] = []
        query = PageQuery(cursor=None, limit=2)
        while True:
            page = page_of(request, rows, order=order, query=query)
            ids += [t.pk for t in page.items]
            if page.next is None:
                break
            query = PageQuery(cursor=_cursor(page.next), limit=2)
        walked[kind] = ids
    assert walked["python"] == walked["database"]
    assert len(walked["python"]) == teams.count()


def test_no_operation_answers_a_bare_list() -> None:
    """Every list is paged: its answer is an object with `items` (or its own key) and `next`,
    and the operation reads `cursor` and `limit`. (A write may answer with the rows it wrote.)"""
    document = json.loads(json.dumps(api.get_openapi_schema()))  # as served: statuses as text
    schemas = document["components"]["schemas"]
    assert len(document["paths"]) > 50
    bare, unpaged = [], []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method != "get":
                continue
            content = operation["responses"].get("200", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            if schema.get("type") == "array":
                bare.append(f"{method.upper()} {path}")
            ref = schema.get("$ref", "").rsplit("/", 1)[-1]
            properties = schemas.get(ref, {}).get("properties", {})
            if "next" in properties:
                names = {p["name"] for p in operation.get("parameters", [])}
                if not {"cursor", "limit"} <= names:
                    unpaged.append(f"{method.upper()} {path}")
    assert bare == []
    assert unpaged == []


def test_the_future_leaders_keep_their_keys_and_come_in_pages(client: Client, world: World) -> None:
    doc = compute(world, history(world)["impact"])
    run = AnalysisRun.objects.create(
        organisation=world.org,
        as_of=timezone.now().date(),
        status=AnalysisRun.Status.SUCCEEDED,
        finished_at=timezone.now(),
    )
    Snapshot.objects.create(run=run, kind="leaders", data=doc)
    client.force_login(world.lou)
    whole = client.get("/api/leaders?sort=name&limit=200").json()
    assert {"as_of", "score_rule", "impact_measured", "notes", "leaders", "next", "limit"} <= set(
        whole
    )
    names = [row["name"] for row in whole["leaders"]]
    assert len(names) > 2
    assert names == sorted(names, key=str.casefold)
    for sort in ("name", "score", "reach"):
        seen: list[int] = []
        address: str | None = f"/api/leaders?sort={sort}&limit=2"
        while address:
            page = client.get(address).json()
            assert len(page["leaders"]) <= 2
            seen += [row["person_id"] for row in page["leaders"]]
            address = page["next"]
        assert sorted(seen) == sorted(row["person_id"] for row in whole["leaders"])
        assert len(seen) == len(set(seen))
    cursor = _cursor(client.get("/api/leaders?sort=score&limit=1").json()["next"])
    assert client.get("/api/leaders", {"sort": "reach", "cursor": cursor}).status_code == 400


def test_a_leaderboard_keeps_its_keys_and_comes_in_pages(client: Client, world: World) -> None:
    practice_make(author=world.ann, title="One")
    practice_make(author=world.ann, title="Two", contributors=[world.bob])
    practice_make(author=world.gil, title="Three")
    client.force_login(world.art)
    first = client.get("/api/recognition/leaderboards/sharing?period=all&limit=2").json()
    assert {"board", "title", "unit", "explanation", "period", "team_id", "rows"} <= set(first)
    assert [(r["rank"], r["name"]) for r in first["rows"]] == [(1, "Ann Test"), (2, "Bob Test")]
    rest = client.get(first["next"]).json()
    assert [(r["rank"], r["name"]) for r in rest["rows"]] == [(2, "Gil Test")]
    assert rest["next"] is None
