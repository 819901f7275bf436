"""A signed-in person's page is kept for them until anything it shows may have changed: a
second reading is served from the cache, any write to the database from any connection draws it
again, no one is ever shown another person's page, and an audited opening is drawn (and
recorded) every time."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection, connections, transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import World
from uplift.audit import services as audit_services
from uplift.audit.models import Action, AuditEvent
from uplift.core.data_version import data_version, statement_writes
from uplift.orgs.models import Person, Team
from uplift.web.page_cache import keepable

# A page served from the cache reads the session, the person, their organisation (for its time
# zone) and the data version.
QUERIES_OF_A_KEPT_PAGE = 4


def _warm(client: Client, url: str, **headers: str) -> HttpResponse:
    """Read a page until it is kept: the first reading after signing in sets the CSRF cookie,
    and a page that sets a cookie is not kept."""
    client.get(url, headers=headers)
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response


def test_a_second_reading_is_served_from_the_cache(
    client: Client, world: World, django_assert_max_num_queries
) -> None:
    client.force_login(world.mia)
    url = reverse("people_directory")
    drawn = _warm(client, url)
    with django_assert_max_num_queries(QUERIES_OF_A_KEPT_PAGE):
        kept = client.get(url)
    assert kept.status_code == 200
    assert kept.content == drawn.content
    assert kept["Content-Type"].startswith("text/html")


def _name_shown(client: Client, url: str, name: str) -> bool:
    return name in client.get(url).content.decode()


def test_an_orm_save_draws_the_page_again(client: Client, world: World) -> None:
    client.force_login(world.mia)
    url = reverse("people_directory")
    _warm(client, url)
    world.art.full_name = "Arturo Renamed"
    world.art.save()
    assert _name_shown(client, url, "Arturo Renamed")


def test_a_queryset_update_draws_the_page_again(client: Client, world: World) -> None:
    client.force_login(world.mia)
    url = reverse("people_directory")
    _warm(client, url)
    Person.objects.filter(pk=world.art.pk).update(full_name="Arturo Updated")
    assert _name_shown(client, url, "Arturo Updated")


def test_a_raw_cursor_write_draws_the_page_again(client: Client, world: World) -> None:
    client.force_login(world.mia)
    url = reverse("people_directory")
    _warm(client, url)
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(table)} SET full_name = %s WHERE id = %s",
            ["Arturo Raw", world.art.pk],
        )
    assert _name_shown(client, url, "Arturo Raw")


def test_a_bulk_create_changes_the_data_version(world: World) -> None:
    before = data_version()
    Team.objects.bulk_create([Team(organisation=world.org, name="Delta", kind=Team.Kind.TEAM)])
    assert data_version() != before


def test_reading_leaves_the_data_version_as_it_is(world: World) -> None:
    before = data_version()
    list(Person.objects.filter(organisation=world.org))
    assert data_version() == before


@pytest.mark.django_db(transaction=True)
def test_a_write_committed_by_another_connection_changes_the_shared_version(world: World) -> None:
    shared_before = data_version().split(".")[0]

    def write_elsewhere() -> None:
        try:
            with transaction.atomic():
                Person.objects.filter(pk=world.art.pk).update(full_name="Arturo Elsewhere")
        finally:
            connections.close_all()

    writer = threading.Thread(target=write_elsewhere)
    writer.start()
    writer.join()
    assert data_version().split(".")[0] != shared_before


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_the_shared_version_as_it_is(world: World) -> None:
    shared_before = data_version().split(".")[0]

    def write_and_fail() -> None:
        with transaction.atomic():
            Person.objects.filter(pk=world.art.pk).update(full_name="Never")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_and_fail()
    assert data_version().split(".")[0] == shared_before


def test_a_rep_and_their_manager_never_see_each_others_page(world: World) -> None:
    url = reverse("people_directory")
    rep, manager = Client(), Client()
    rep.force_login(world.ann)
    manager.force_login(world.mia)
    for client in (rep, manager):
        _warm(client, url)
    assert world.ann.full_name in rep.get(url).content.decode()
    assert world.mia.full_name in manager.get(url).content.decode()
    # The top bar names the reader: each kept page is the reader's own.
    assert rep.get(url).content != manager.get(url).content


def test_two_companies_never_see_each_others_page(world: World) -> None:
    url = reverse("people_directory")
    acme, other = Client(), Client()
    acme.force_login(world.ann)
    other.force_login(world.otto)
    for client in (acme, other):
        _warm(client, url)
    acme_page = acme.get(url).content.decode()
    other_page = other.get(url).content.decode()
    assert world.art.full_name in acme_page
    assert world.art.full_name not in other_page
    assert world.otto.full_name in other_page
    assert world.otto.full_name not in acme_page


def test_a_kept_pages_forms_carry_its_own_sessions_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.mia)
    url = reverse("people_directory")
    _warm(client, url)
    kept = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept)
    assert token is not None
    signed_out = client.post(reverse("logout"), {"csrfmiddlewaretoken": token.group(1)})
    assert signed_out.status_code == 302


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_an_audited_opening_is_drawn_every_time(client: Client, world: World) -> None:
    client.force_login(world.mia)
    url = reverse("person_detail", args=[world.ann.pk])
    _warm(client, url)
    opened = AuditEvent.objects.filter(
        actor=world.mia, subject=world.ann, action=Action.PRIVATE_VIEWED
    )
    assert opened.count() == 1
    # Within a minute the opening is the one already recorded, yet the page is drawn again (its
    # access rule runs) and never kept: after the minute, the next opening is recorded.
    assert _queries(client, url) > QUERIES_OF_A_KEPT_PAGE
    assert _queries(client, url) > QUERIES_OF_A_KEPT_PAGE


def test_each_opening_past_the_minute_is_recorded(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_services, "SAME_OPENING_SECONDS", 0)
    client.force_login(world.mia)
    url = reverse("person_detail", args=[world.ann.pk])
    for _ in range(4):
        assert client.get(url).status_code == 200
    opened = AuditEvent.objects.filter(
        actor=world.mia, subject=world.ann, action=Action.PRIVATE_VIEWED
    )
    assert opened.count() == 4


def test_the_rows_htmx_asks_for_and_the_whole_page_are_kept_apart(
    client: Client, world: World
) -> None:
    client.force_login(world.lou)
    url = reverse("people_directory")
    whole = _warm(client, url)
    rows = _warm(client, url, HX_Request="true")
    assert b"<html" in whole.content
    assert b"<html" not in rows.content
    assert client.get(url).content == whole.content
    assert client.get(url, headers={"HX-Request": "true"}).content == rows.content


def test_the_query_string_is_part_of_the_key(client: Client, world: World) -> None:
    client.force_login(world.lou)
    url = reverse("people_directory")
    _warm(client, url)
    found = client.get(url, {"q": "Gil"}).content.decode()
    assert world.gil.full_name in found
    assert world.art.full_name not in found


def test_only_a_plain_page_is_kept() -> None:
    request = HttpRequest()
    request.COOKIES["csrftoken"] = "secret"
    page = HttpResponse("<p>page</p>", content_type="text/html; charset=utf-8")
    page.set_cookie("csrftoken", "secret")  # renewed, as Django does for pages with a form
    assert keepable(request, page)
    with_cookie = HttpResponse("<p>page</p>", content_type="text/html")
    with_cookie.set_cookie("messages", "x")
    new_token = HttpResponse("<p>page</p>", content_type="text/html")
    new_token.set_cookie("csrftoken", "another")
    not_stored = HttpResponse("<p>page</p>", content_type="text/html")
    not_stored["Cache-Control"] = "no-store"
    refused = [
        with_cookie,
        new_token,
        not_stored,
        HttpResponse("{}", content_type="application/json"),
        HttpResponse("<p>gone</p>", content_type="text/html", status=404),
        HttpResponse(status=302),
        StreamingHttpResponse(iter([b"<p>"]), content_type="text/html"),
    ]
    assert [keepable(request, response) for response in refused] == [False] * len(refused)


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('INSERT INTO "orgs_person" ("id") VALUES (1)', True),
        ("  update orgs_team set name = 'x'", True),
        ('DELETE FROM "kudos" WHERE id = 1', True),
        ("WITH gone AS (SELECT 1) DELETE FROM orgs_team", True),
        ('CREATE TABLE "x" ("id" integer)', True),
        ('SELECT "orgs_person"."id" FROM "orgs_person"', False),
        ("SAVEPOINT s1", False),
        ('UPDATE "django_session" SET session_data = %s', False),
        ('UPDATE "core_dataversion" SET value = value + 1', False),
    ],
)
def test_which_statements_are_writes(sql: str, writes: bool) -> None:
    assert statement_writes(sql) is writes
