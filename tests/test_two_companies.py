"""Two companies in one installation never see each other's data.

Company A and company B imported Salesforce exports that collide: the same record ids, and
several of A's people's e-mail addresses in B's User.csv, A's leader among them as an inactive
user (tests/two_companies/exports.py). Everything of A's carries a marker, so that anything of
A's shown to B is caught: every page B's people reach from their home pages, every GET of the
API with A's ids and with B's own, the command line, e-mails and chat webhooks.

Before ADR 0005 B's import moved A's leader into B (he could no longer sign in, and B's leader
read A's plans), overwrote A's CRM rows and analysed both companies' rows together; `uplift
analyze` and `report` refused to run with two companies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from django.core import mail
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client, override_settings
from django.utils import timezone
from pytest_django import DjangoDbBlocker
from pytest_django.fixtures import Settings

from tests.factories import TEST_PASSWORD
from tests.test_access_matrix import api_operations, site_endpoints
from tests.two_companies.crawl import crawl, response_text
from tests.two_companies.exports import B_AMOUNT_FACTOR, expected_totals, user_emails
from tests.two_companies.installation import (
    A_NAME,
    A_SLUG,
    B_NAME,
    B_SLUG,
    ROLES,
    Company,
    Installation,
    installation_build,
    people_states,
)
from tests.two_companies.receiver import Receiver
from tests.two_companies.records import (
    KINDS,
    filled,
    page_query_ids,
    parameter_kind,
    path_parameters,
)
from uplift.cli import main
from uplift.development.reminders import reminders_send
from uplift.insights.snapshots import scorecards_of, segments_of
from uplift.orgs.models import Person, Role
from uplift.pipeline.reports import report_names
from uplift.practices.models import Practice
from uplift.provisioning.services import scim_token_rotate
from uplift.recognition import webhooks
from uplift.recognition.models import RecognitionSettings
from uplift.recognition.services import spotlight_post

pytestmark = pytest.mark.django_db
PAGES_PER_ROLE = 300
# Downloads that a role's crawl must reach, so that they are checked like pages: calendar
# invitations of coaching sessions and printable programmes of recognition events.
CALENDAR, PDF = "text/calendar", "application/pdf"
DOWNLOADS = {
    "rep": {CALENDAR, PDF},
    "manager": {CALENDAR, PDF},
    "leader": {CALENDAR, PDF},
    "admin": {PDF},
}


@pytest.fixture(scope="module")
def installation(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Installation]:
    """Built once for the module (imports and analyses take a while) and committed; each test
    runs in a transaction rolled back after it, and the module empties the database at the end."""
    home = tmp_path_factory.mktemp("two-companies")
    with override_settings(UPLIFT_ANALYTICS_URL=f"duckdb://{home / 'analytics.duckdb'}"):
        try:
            with django_db_blocker.unblock():
                built = installation_build(home)
            yield built
        finally:
            with django_db_blocker.unblock():
                call_command("flush", interactive=False, verbosity=0)


def _client(person: Person) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(person)
    return client


def _b_emails(installation: Installation) -> set[str]:
    return set(
        Person.objects.filter(organisation=installation.b.organisation).values_list(
            "email", flat=True
        )
    )


# --- 1. People ----------------------------------------------------------------------------------


def test_a_leader_stays_in_a_active_and_signs_in(installation: Installation) -> None:
    leader = Person.objects.get(email=installation.exports.a_leader_email)
    assert leader == installation.a.role("leader")
    assert leader.organisation == installation.a.organisation
    assert leader.is_active
    assert leader.role == Role.LEADER
    client = Client()
    assert client.login(request=HttpRequest(), username=leader.email, password=TEST_PASSWORD)
    assert client.get("/leader/").status_code == 200


def test_b_import_changed_none_of_a_people(installation: Installation) -> None:
    assert installation.a_people_after_b == installation.a_people_before_b
    now = people_states(installation.a.organisation)
    for pk, before in installation.a_people_before_b.items():
        assert (now[pk].organisation_id, now[pk].email, now[pk].is_active) == (
            before.organisation_id,
            before.email,
            before.is_active,
        )


def test_b_has_its_own_people_for_the_colliding_users(installation: Installation) -> None:
    b = installation.b.organisation
    for collision in installation.exports.collisions:
        own = Person.objects.get(organisation=b, crm_user_id=collision.b_rep_id)
        assert own.email.endswith("@crm.invalid"), own.email
        assert own.is_active == collision.active
        assert Person.objects.get(email=collision.email).organisation == installation.a.organisation
    a_addresses = {state.email for state in installation.a_people_before_b.values()}
    # The generator's names repeat across seeds: more of B's users share A's addresses than the
    # ones given them on purpose (and two of B's users may share one).
    colliding = [e for e in user_emails(installation.b.export) if e in a_addresses]
    assert len(colliding) >= len(installation.exports.collisions)
    assert installation.b.imported.people["email_elsewhere"] == len(colliding)
    assert installation.a.imported.people["email_elsewhere"] == 0


# --- 2. Analyses ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a", "b"])
def test_each_analysis_counts_its_own_reps_and_bookings(
    installation: Installation, name: str
) -> None:
    company: Company = getattr(installation, name)
    assert company.run is not None
    scorecards = scorecards_of(company.run)
    assert scorecards is not None
    window = scorecards.window
    expected = expected_totals(company.export, start=window.start, end=window.end)
    assert {r.rep.rep_id for r in scorecards.reps} == expected.rep_ids
    assert sum(r.values["bookings_cents"] or 0 for r in scorecards.reps) == expected.bookings_cents
    segments = segments_of(company.run)
    assert segments is not None
    assert {r.rep.rep_id for r in segments.reps} <= expected.rep_ids


def test_the_two_companies_totals_differ(installation: Installation) -> None:
    def bookings(company: Company) -> int:
        assert company.run is not None
        scorecards = scorecards_of(company.run)
        assert scorecards is not None
        return sum(int(r.values["bookings_cents"] or 0) for r in scorecards.reps)

    # B's amounts were multiplied by B_AMOUNT_FACTOR: B's total is not A's or A's plus B's.
    a, b = bookings(installation.a), bookings(installation.b)
    assert b > a * B_AMOUNT_FACTOR / 3
    assert b % B_AMOUNT_FACTOR == 0


# --- 3. Pages and API, as each of B's roles ------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_no_page_b_reaches_shows_anything_of_a(installation: Installation, role: str) -> None:
    client = _client(installation.b.role(role))
    markers = installation.a_markers()
    visits = crawl(client, "/", limit=PAGES_PER_ROLE)
    found = [(v.url, markers.found(v.text)) for v in visits]
    assert [(url, m) for url, m in found if m] == []
    assert [(v.url, v.status) for v in visits if v.status >= 500] == []
    assert len([v for v in visits if v.status == 200]) >= 20, [v.url for v in visits]
    assert A_NAME not in "".join(v.text for v in visits)
    assert B_NAME in "".join(v.text for v in visits)
    assert DOWNLOADS[role] <= {v.content_type.split(";")[0] for v in visits}

    # The id filters of the pages reached (?team=, ?practice=, ...), given A's ids.
    tried = []
    for visit in visits:
        path = visit.url.split("?")[0]
        if visit.status != 200 or not visit.content_type.startswith("text/html"):
            continue
        for name in page_query_ids(path):
            kind = parameter_kind(name)
            assert kind is not None
            for pk in KINDS[kind](installation.a.organisation).values_list("pk", flat=True)[:2]:
                url = f"{path}?{urlencode({name: pk})}"
                if url in tried:
                    continue
                tried.append(url)
                response = client.get(url)
                assert response.status_code < 500, url
                assert markers.found(response_text(response)) == [], url
    assert tried, "no page reached reads an id filter"


def _templates() -> Iterator[tuple[str, str]]:
    """(kind, template) for every GET endpoint with a parameter: pages and API operations."""
    for route, _name, _view in site_endpoints():
        if path_parameters(route):
            yield "page", "/" + route
    for method, path, _operation in api_operations():
        if method == "GET" and path_parameters(path):
            yield "api", path


@pytest.mark.parametrize("role", ROLES)
def test_a_ids_answer_not_found_to_b(installation: Installation, role: str) -> None:
    """Each endpoint with a parameter, given B's own ids and then A's: A's never answer with
    anything of A's, and where the role reads B's record of that kind, A's is 404."""
    viewer = installation.b.role(role)
    client = _client(viewer)
    markers = installation.a_markers()
    # The directory's SCIM endpoints answer B's identity provider (B's bearer token), not a
    # signed-in person: without it every id is 401, B's own included.
    scim = {"HTTP_AUTHORIZATION": f"Bearer {scim_token_rotate(admin=installation.b.role('admin'))}"}
    failures = []
    for _kind, template in _templates():
        headers = scim if template.startswith("/scim/") else {}
        answers = [
            (url, foreign, client.get(url, **headers))
            for url, foreign in filled(template, viewer=viewer, other=installation.a.organisation)
        ]
        own_readable = any(not f and r.status_code == 200 for _, f, r in answers)
        for url, foreign, response in answers:
            status = response.status_code
            found = markers.found(response_text(response))
            if found or status >= 500:
                failures.append(f"{url} -> {status} {found}")
            elif foreign and own_readable and status != 404:
                failures.append(f"{url} -> {status}, expected 404 (B's own answer 200)")
            elif foreign and status not in (403, 404, 405):
                failures.append(f"{url} -> {status}, expected 403, 404 or 405")
    assert failures == []


@pytest.mark.parametrize("role", ROLES)
def test_api_lists_and_filters_show_nothing_of_a(installation: Installation, role: str) -> None:
    """Every GET operation without a parameter, and each id filter given A's ids."""
    from uplift.api.urls import api

    viewer = installation.b.role(role)
    client = _client(viewer)
    markers = installation.a_markers()
    schema = api.get_openapi_schema()["paths"]
    failures = []
    for method, path, _operation in api_operations():
        if method != "GET":
            continue
        template = re.sub(r"^/api", "", path)
        filters = [
            p["name"]
            for p in schema.get(template, {}).get("get", {}).get("parameters", [])
            if p["in"] == "query" and parameter_kind(p["name"]) is not None
        ]
        for url, foreign in filled(path, viewer=viewer, other=installation.a.organisation):
            if foreign:
                continue
            urls = [url]
            for name in filters:
                kind = parameter_kind(name)
                assert kind is not None
                ids = KINDS[kind](installation.a.organisation).values_list("pk", flat=True)[:2]
                urls += [f"{url}?{urlencode({name: pk})}" for pk in ids]
            for each in urls:
                response = client.get(each)
                found = markers.found(response_text(response))
                if found or response.status_code >= 500:
                    failures.append(f"{each} -> {response.status_code} {found}")
    assert failures == []


def test_b_leader_reads_only_b_plans_and_assessments(installation: Installation) -> None:
    client = _client(installation.b.role("leader"))
    items = client.get("/api/development/plans").json()["items"]
    assert items
    b_people = set(
        Person.objects.filter(organisation=installation.b.organisation).values_list("pk", flat=True)
    )
    assert {p["rep_id"] for p in items} <= b_people
    a_leader = installation.a.role("leader")
    assert client.get(f"/api/development/people/{a_leader.pk}/assessments").status_code == 404
    assert client.get(f"/api/people/{a_leader.pk}").status_code == 404


def test_every_kind_of_record_is_tried_in_both_companies(installation: Installation) -> None:
    for kind, records in KINDS.items():
        for company in (installation.a, installation.b):
            assert records(company.organisation).exists(), f"{company.organisation}: no {kind}"


# --- 4. The command line -------------------------------------------------------------------------


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_every_report_for_b_shows_nothing_of_a(installation: Installation) -> None:
    markers = installation.a_markers()
    for name in report_names():
        result = _invoke("report", name, "--organisation", B_SLUG, "--json")
        assert result.exit_code == 0, (name, result.output)
        json.loads(result.stdout)
        assert markers.found(result.output) == [], name
        table = _invoke("report", name, "--organisation", B_SLUG)
        assert markers.found(table.output) == [], name


def test_analyze_and_report_name_the_organisation(installation: Installation) -> None:
    for command in (
        ["analyze"],
        ["report", "segments", "--json"],
        ["import", "salesforce", str(installation.b.export)],
        ["import", "adoptions", str(installation.b.export / "adoptions.csv")],
    ):
        refused = _invoke(*command)
        assert refused.exit_code == 1, command
        assert f"Several organisations exist ({A_SLUG}, {B_SLUG})" in refused.stderr, command
        assert "name one with --organisation <slug>" in refused.stderr, command

    analysed = _invoke("analyze", "--organisation", B_SLUG)
    assert analysed.exit_code == 0, analysed.output
    assert f"Analysed {B_NAME}" in analysed.stdout
    assert installation.a_markers().found(analysed.output) == []


# --- 5. E-mails and webhooks ---------------------------------------------------------------------


def test_reminders_for_b_go_to_b_people_only(installation: Installation) -> None:
    mail.outbox.clear()
    sent = reminders_send(
        today=timezone.localdate() + timedelta(days=120), organisation=installation.b.organisation
    )
    assert sent > 0
    assert len(mail.outbox) >= sent  # one e-mail per plan to its rep, and to its manager
    b_emails, markers = _b_emails(installation), installation.a_markers()
    for message in mail.outbox:
        assert set(message.to) <= b_emails
        assert markers.found(f"{message.subject}\n{message.body}") == []


def test_invitations_for_b_go_to_b_people_only(
    installation: Installation, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    client = _client(installation.b.role("admin"))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/enablement/invitations/").status_code == 302
    assert mail.outbox
    b_emails, markers = _b_emails(installation), installation.a_markers()
    for message in mail.outbox:
        assert set(message.to) <= b_emails
        assert markers.found(f"{message.subject}\n{message.body}") == []


def test_b_spotlight_webhooks_carry_nothing_of_a(
    installation: Installation,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.UPLIFT_WEBHOOK_ALLOW_PRIVATE = True
    monkeypatch.setattr(webhooks, "RETRY_PAUSE_SECONDS", 0)
    b = installation.b
    with Receiver() as receiver:
        for company, prefix in ((installation.a, "a"), (b, "b")):
            RecognitionSettings.objects.update_or_create(
                organisation=company.organisation,
                defaults={
                    "slack_webhook_url": f"{receiver.url}/{prefix}/slack",
                    "teams_webhook_url": f"{receiver.url}/{prefix}/teams",
                },
            )
        practice = Practice.objects.filter(
            organisation=b.organisation, status=Practice.Status.APPROVED, contributors__isnull=False
        ).first()
        assert practice is not None
        contributor = practice.contributors.first()
        assert contributor is not None
        with django_capture_on_commit_callbacks(execute=True):
            spotlight_post(
                author=b.role("leader"),
                contributor=contributor,
                message="Thank you for sharing this with all of us.",
                practice=practice,
            )
    assert sorted(path for path, _ in receiver.posts) == ["/b/slack", "/b/teams"]
    markers = installation.a_markers()
    for _path, payload in receiver.posts:
        assert markers.found(json.dumps(payload, ensure_ascii=False)) == []
