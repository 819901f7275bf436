"""Connecting HubSpot with an OAuth app from the CRM connections page: the admin is sent to
HubSpot's authorize page (the local fake's, which sends the browser straight back with a code,
or with access_denied), the callback exchanges the code for tokens through the official client
and queues the first sync. A state not issued to that admin, in that session, keeps nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client

from tests.analytics_store import organisation_rows
from tests.crm.sync.hubspot_fake import FakeHubSpot
from tests.crm.sync.hubspot_helpers import fake_hubspot
from uplift.core.jobs import run_job
from uplift.core.models import Job
from uplift.crm.models import CrmConnection
from uplift.crm.sync.connections import connection_secrets
from uplift.crm.sync.hubspot_connect import OPTIONAL_SCOPES, SCOPES
from uplift.orgs.models import Organisation, Person, Role
from uplift.orgs.services import organisation_get_or_create

CALLBACK = "http://testserver/crm/hubspot/callback"


@pytest.fixture
def hubspot(tmp_path: Path) -> Iterator[FakeHubSpot]:
    yield from fake_hubspot(tmp_path / "portal")


def _admin(organisation: Organisation, email: str) -> Client:
    person = Person.objects.create(
        organisation=organisation, role=Role.ADMIN, email=email, full_name=email
    )
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def admin(organisation: Organisation) -> Client:
    return _admin(organisation, "ada@acme.test")


def _authorize(browser: Client, hubspot: FakeHubSpot, *, secret: str | None = None) -> str:
    """Press Connect HubSpot, follow HubSpot's authorize page: the callback's address."""
    answer = browser.post(
        "/settings/crm/hubspot/authorize/",
        {
            "hubspot-oauth-client_id": hubspot.client[0],
            "hubspot-oauth-client_secret": secret or hubspot.client[1],
            "hubspot-oauth-authorize_url": f"{hubspot.url}/oauth/authorize",
            "hubspot-oauth-base_url": hubspot.url,
        },
    )
    assert answer.status_code == 200
    url = answer.context["authorize_url"]
    query = parse_qs(urlsplit(url).query)
    assert query["redirect_uri"] == [CALLBACK]
    assert query["scope"] == [" ".join(SCOPES)]
    assert query["optional_scope"] == [" ".join(OPTIONAL_SCOPES)]
    back = requests.get(url, allow_redirects=False, timeout=10)
    assert back.status_code == 302
    callback = urlsplit(back.headers["Location"])
    assert f"{callback.scheme}://{callback.netloc}{callback.path}" == CALLBACK
    return f"{callback.path}?{callback.query}"


def test_an_admin_connects_hubspot_through_its_authorize_page_and_the_first_sync_runs(
    admin: Client, hubspot: FakeHubSpot, organisation: Organisation
) -> None:
    answer = admin.get(_authorize(admin, hubspot))

    connection = CrmConnection.objects.get(organisation=organisation, kind="hubspot")
    assert connection.auth_kind == CrmConnection.AuthKind.HUBSPOT_OAUTH
    assert connection.client_id == hubspot.client[0]
    kept = connection_secrets(connection)
    assert kept.refresh_token in hubspot.refresh_tokens
    assert kept.client_secret == hubspot.client[1]
    assert kept.refresh_token not in connection.secrets_encrypted
    job = Job.objects.get(kind="crm-sync", params__connection=connection.pk)
    assert answer.status_code == 302
    assert answer["Location"] == f"/jobs/{job.pk}/"
    page = admin.get("/settings/crm/").content.decode()
    assert kept.refresh_token not in page
    assert hubspot.client[1] not in page

    run_job.call(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    deals = organisation_rows(organisation, "SELECT count(*) FROM crm_opportunities")
    assert deals == [(len(hubspot.portal.objects["deals"]),)]


def test_hubspot_denied_says_so_and_keeps_nothing(
    admin: Client, hubspot: FakeHubSpot, organisation: Organisation
) -> None:
    hubspot.deny_consent = True

    answer = admin.get(_authorize(admin, hubspot), follow=True)

    assert "HubSpot did not allow the connection: The user denied access" in (
        answer.content.decode()
    )
    assert not CrmConnection.objects.filter(organisation=organisation).exists()
    assert not Job.objects.exists()


def test_a_forged_or_replayed_state_is_refused_and_keeps_nothing(
    admin: Client, hubspot: FakeHubSpot, organisation: Organisation
) -> None:
    callback = _authorize(admin, hubspot)
    assert admin.get(callback.replace("state=", "state=x")).status_code == 400
    assert admin.get(callback).status_code == 400  # the state went with the first answer
    assert not CrmConnection.objects.filter(organisation=organisation).exists()

    callback = _authorize(admin, hubspot)
    assert admin.get(callback).status_code == 302
    assert admin.get(callback).status_code == 400  # replayed
    assert CrmConnection.objects.filter(organisation=organisation).count() == 1
    assert Job.objects.filter(kind="crm-sync").count() == 1


def test_a_code_hubspot_will_not_exchange_is_said_and_keeps_nothing(
    admin: Client, hubspot: FakeHubSpot, organisation: Organisation
) -> None:
    callback = _authorize(admin, hubspot, secret="not-the-secret")

    answer = admin.get(callback, follow=True)

    page = answer.content.decode()
    assert "HubSpot is not connected: HubSpot refused to give tokens for the code" in page
    assert "not-the-secret" not in page
    assert not CrmConnection.objects.filter(organisation=organisation).exists()
    assert not Job.objects.exists()


def test_an_incomplete_form_says_what_is_missing(admin: Client) -> None:
    answer = admin.post("/settings/crm/hubspot/authorize/", {"hubspot-oauth-client_id": "x"})
    assert answer.status_code == 400
    assert "This field is required" in answer.content.decode()


def test_another_companys_admin_cannot_use_a_state_issued_to_this_one(
    admin: Client, hubspot: FakeHubSpot, organisation: Organisation
) -> None:
    other = organisation_get_or_create(name="Globex", slug="globex")
    theirs = _admin(other, "gil@globex.test")
    callback = _authorize(admin, hubspot)

    assert theirs.get(callback).status_code == 400  # not in their session

    assert not CrmConnection.objects.exists()
    assert admin.get(callback).status_code == 302
    assert list(CrmConnection.objects.values_list("organisation__slug", flat=True)) == ["acme"]
    theirs_page = theirs.get("/settings/crm/").content.decode()
    assert 'data-testid="connection-hubspot"' not in theirs_page
