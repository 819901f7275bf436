"""The CRM connections page: an admin connects Salesforce through the web-server flow (state and
PKCE, against the local fake's authorize page and token endpoint) or with the JWT key, HubSpot
with a private app's token; sees each connection's status and last sync; changes its settings;
syncs now; disconnects."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.crm.sync.conftest import sync
from tests.crm.sync.fake_salesforce import FakeSalesforce
from uplift.core.models import Job
from uplift.crm.models import CrmConnection
from uplift.crm.sync.connections import connection_secrets
from uplift.crm.sync.http import http_session
from uplift.orgs.models import Organisation, Person, Role
from uplift.orgs.services import person_time_zone_set

PAGE = "/settings/crm/"


@pytest.fixture
def admin(organisation: Organisation) -> Person:
    return Person.objects.create(
        organisation=organisation, role=Role.ADMIN, email="ada@acme.test", full_name="Ada"
    )


@pytest.fixture
def browser(admin: Person) -> Client:
    client = Client()
    client.force_login(admin)
    return client


def _authorize(browser: Client, salesforce: FakeSalesforce) -> str:
    """Press Connect Salesforce; follow Salesforce's authorize page: the callback's address."""
    answer = browser.post(
        "/settings/crm/salesforce/authorize/",
        {
            "web-login_url": salesforce.base_url,
            "web-client_id": salesforce.client_id,
            "web-client_secret": salesforce.client_secret,
        },
    )
    assert answer.status_code == 200
    url = answer.context["authorize_url"]
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["http://testserver/crm/salesforce/callback"]
    back = http_session().get(url, allow_redirects=False, timeout=10)
    assert back.status_code == 302
    callback = urlsplit(back.headers["Location"])
    return f"{callback.path}?{callback.query}"


def test_an_admin_connects_salesforce_through_its_authorize_page(
    browser: Client, salesforce: FakeSalesforce, organisation: Organisation
) -> None:
    answer = browser.get(_authorize(browser, salesforce))
    assert answer.status_code == 302
    connection = CrmConnection.objects.get(organisation=organisation, kind="salesforce")
    assert connection.auth_kind == CrmConnection.AuthKind.SALESFORCE_WEB
    refresh = connection_secrets(connection).refresh_token
    assert refresh in salesforce.refresh_tokens
    assert refresh not in connection.secrets_encrypted
    page = browser.get(PAGE).content.decode()
    assert "Connected" in page
    assert "Never synced: press Sync now" in page
    assert refresh not in page
    assert salesforce.client_secret not in page


def test_a_callback_whose_state_was_not_issued_is_refused(
    browser: Client, salesforce: FakeSalesforce, organisation: Organisation
) -> None:
    callback = _authorize(browser, salesforce)
    forged = callback.replace("state=", "state=x")
    assert browser.get(forged).status_code == 400
    assert browser.get(callback).status_code == 400  # the state is used up by the first answer
    assert not CrmConnection.objects.filter(organisation=organisation).exists()


def test_a_code_without_its_pkce_verifier_is_refused_by_salesforce(
    browser: Client, salesforce: FakeSalesforce, organisation: Organisation
) -> None:
    callback = _authorize(browser, salesforce)
    session = browser.session
    session["crm_salesforce_oauth"] = {**session["crm_salesforce_oauth"], "verifier": "other"}
    session.save()
    answer = browser.get(callback, follow=True)
    assert "Salesforce is not connected" in answer.content.decode()
    assert not CrmConnection.objects.filter(organisation=organisation).exists()


def test_salesforce_denied_says_so(browser: Client, salesforce: FakeSalesforce) -> None:
    callback = _authorize(browser, salesforce)
    state = parse_qs(urlsplit(callback).query)["state"][0]
    answer = browser.get(
        f"/crm/salesforce/callback?error=access_denied&error_description=end-user+denied"
        f"&state={state}",
        follow=True,
    )
    assert "Salesforce did not allow the connection: end-user denied" in answer.content.decode()


def test_the_jwt_bearer_flow_from_the_page_keeps_the_key_and_never_shows_it(
    browser: Client, salesforce: FakeSalesforce, organisation: Organisation
) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    salesforce.jwt_public_key = key.public_key()
    salesforce.jwt_users = {"integration@acme.test"}
    data = {
        "jwt-login_url": salesforce.base_url,
        "jwt-client_id": salesforce.client_id,
        "jwt-username": "integration@acme.test",
    }
    refused = browser.post(
        "/settings/crm/salesforce/jwt/",
        {**data, "jwt-private_key": SimpleUploadedFile("uplift.key", b"not a key")},
    )
    assert refused.status_code == 400
    assert "This is not a PEM private key" in refused.content.decode()
    answer = browser.post(
        "/settings/crm/salesforce/jwt/",
        {**data, "jwt-private_key": SimpleUploadedFile("uplift.key", pem)},
    )
    assert answer.status_code == 302
    connection = CrmConnection.objects.get(organisation=organisation)
    assert connection.auth_kind == CrmConnection.AuthKind.SALESFORCE_JWT
    assert connection_secrets(connection).private_key == pem.decode()
    assert "PRIVATE KEY" not in browser.get(PAGE).content.decode()


def test_hubspot_connects_with_a_private_app_token_kept_encrypted(
    browser: Client, organisation: Organisation
) -> None:
    answer = browser.post(
        "/settings/crm/hubspot/token/",
        {"hubspot-access_token": "pat-na1-secret", "hubspot-base_url": "https://127.0.0.1:9"},
    )
    assert answer.status_code == 302
    connection = CrmConnection.objects.get(organisation=organisation, kind="hubspot")
    assert connection_secrets(connection).access_token == "pat-na1-secret"
    assert "pat-na1-secret" not in connection.secrets_encrypted
    assert "pat-na1-secret" not in browser.get(PAGE).content.decode()


def test_the_page_shows_the_last_sync_and_the_next_one(
    browser: Client, connection: CrmConnection
) -> None:
    sync(connection)
    page = browser.get(PAGE).content.decode()
    assert "Succeeded, uplift sync" in page
    assert 'data-testid="last-sync-rows"' in page
    assert "Opportunity" in page
    assert "Next scheduled sync:" in page
    assert "at most 50% of it" in page


def test_a_failed_connection_says_why_and_what_to_do(
    browser: Client, connection: CrmConnection
) -> None:
    CrmConnection.objects.filter(pk=connection.pk).update(
        status=CrmConnection.Status.REVOKED,
        status_message="Salesforce refused the connection's credentials: expired",
    )
    page = browser.get(PAGE).content.decode()
    assert "Access revoked: connect again" in page
    assert "expired" in page
    assert 'data-testid="sync-now"' not in page


def test_sync_now_and_full_resync_queue_a_sync_job(
    browser: Client, connection: CrmConnection
) -> None:
    answer = browser.post(f"/settings/crm/{connection.pk}/sync/")
    job = Job.objects.get(kind="crm-sync")
    assert answer["Location"] == f"/jobs/{job.pk}/"
    assert job.params == {"connection": connection.pk, "trigger": "sync_now", "full": False}
    assert browser.post(f"/settings/crm/{connection.pk}/sync/").status_code == 302
    assert Job.objects.filter(kind="crm-sync").count() == 1  # the waiting one, not a second
    assert "Sync Salesforce is queued" in browser.get(PAGE).content.decode()
    Job.objects.update(status=Job.Status.SUCCEEDED)
    browser.post(f"/settings/crm/{connection.pk}/sync/", {"full": "on"})
    assert Job.objects.filter(params__full=True).count() == 1


def test_settings_are_saved_and_a_wrong_mapping_is_refused_in_words(
    browser: Client, connection: CrmConnection
) -> None:
    url = f"/settings/crm/{connection.pk}/settings/"
    good = {
        "schedule_minutes": "240",
        "api_share_percent": "30",
        "field_mapping": '{"segment": "Account.Tier__c"}',
    }
    assert browser.post(url, good).status_code == 302
    connection.refresh_from_db()
    assert (connection.schedule_minutes, connection.api_share_percent) == (240, 30)
    assert connection.field_mapping == {"segment": "Account.Tier__c"}
    wrong = browser.post(url, {**good, "field_mapping": '{"segment": "Opportunity.Tier__c"}'})
    assert wrong.status_code == 400
    assert "segment comes from a field of Account" in wrong.content.decode()
    not_json = browser.post(url, {**good, "field_mapping": "{segment"})
    assert "This is not JSON" in not_json.content.decode()
    too_often = browser.post(url, {**good, "schedule_minutes": "5"})
    assert too_often.status_code == 400
    assert "Sync every 15 minutes to once a week" in too_often.content.decode()


def test_disconnect_asks_to_confirm_deletes_the_secrets_and_keeps_the_history(
    browser: Client, connection: CrmConnection
) -> None:
    sync(connection)
    url = f"/settings/crm/{connection.pk}/disconnect/"
    assert browser.post(url).status_code == 400
    connection.refresh_from_db()
    assert connection.status == CrmConnection.Status.CONNECTED
    assert browser.post(url, {"confirm": "on"}).status_code == 302
    connection.refresh_from_db()
    assert connection.status == CrmConnection.Status.DISCONNECTED
    assert connection.secrets_encrypted == ""
    assert connection.runs.exists()
    page = browser.get(PAGE).content.decode()
    assert "Connect again to sync" in page


def test_a_forged_post_without_the_csrf_token_is_refused(
    admin: Person, connection: CrmConnection
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    assert (
        client.post(f"/settings/crm/{connection.pk}/disconnect/", {"confirm": "on"}).status_code
        == 403
    )
    connection.refresh_from_db()
    assert connection.status == CrmConnection.Status.CONNECTED


def test_the_sync_times_name_the_readers_zone(
    browser: Client, admin: Person, connection: CrmConnection
) -> None:
    person_time_zone_set(person=admin, time_zone="Asia/Tokyo")
    sync(connection)
    page = browser.get(PAGE).content.decode()
    last = page.split('data-testid="last-sync"', 1)[1].split("</p>", 1)[0]
    assert 'title="Shown in Asia/Tokyo time"' in last
    assert re.search(r"\d{2}:\d{2} JST</time>", last)
    following = page.split("Next scheduled sync:", 1)[1].split("</p>", 1)[0]
    assert re.search(r"\d{2}:\d{2} JST</time>|none \(only when", following)
