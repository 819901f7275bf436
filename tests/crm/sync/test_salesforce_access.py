"""Signing in to Salesforce, and what happens when it refuses, slows down or runs out: token
refresh, revocation, the JWT bearer and web-server flows, 429/503 with Retry-After, the daily
API allowance, and HTTPS verified against the configured CA."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core import mail
from pytest_django.fixtures import Settings

from config.env import read_environment
from tests.crm.sync.conftest import MAPPING, sync
from tests.crm.sync.fake_salesforce import FakeSalesforce
from uplift.crm.models import CrmConnection, ImportRecord, SyncRun
from uplift.crm.sync.connections import connection_secrets
from uplift.crm.sync.connector import ConnectionRevoked, SyncFailed
from uplift.crm.sync.http import http_session
from uplift.crm.sync.salesforce_auth import authorize_url, code_exchange
from uplift.crm.sync.salesforce_connect import salesforce_connect_jwt, salesforce_connect_web
from uplift.crm.sync.schedule import syncs_queue_due
from uplift.orgs.models import Organisation, Person, Role


def test_an_expired_access_token_is_refreshed_once_and_kept_encrypted(
    connection: CrmConnection, salesforce: FakeSalesforce
) -> None:
    old = connection_secrets(connection).access_token
    salesforce.expire_access_tokens()
    assert sync(connection).status == "succeeded"
    assert salesforce.served.requests["token"] == 1
    connection.refresh_from_db()
    fresh = connection_secrets(connection).access_token
    assert fresh != old
    assert fresh in salesforce.access_tokens
    assert fresh not in connection.secrets_encrypted  # stored only encrypted


def test_a_revoked_refresh_token_marks_the_connection_revoked_and_tells_the_admins(
    connection: CrmConnection, salesforce: FakeSalesforce
) -> None:
    Person.objects.create_user(
        "admin@acme.test", organisation=connection.organisation, role=Role.ADMIN, full_name="Ada"
    )
    salesforce.revoke()
    with pytest.raises(ConnectionRevoked, match=r"invalid_grant|expired access/refresh token"):
        sync(connection)
    connection.refresh_from_db()
    assert connection.status == CrmConnection.Status.REVOKED
    assert "expired access/refresh token" in connection.status_message
    (message,) = mail.outbox
    assert message.to == ["admin@acme.test"]
    assert "connect" in message.body
    record = ImportRecord.objects.get(sync_run__connection=connection)
    assert record.result == "failed"
    # Never a loop: the schedule leaves it alone, another sync is refused, no second e-mail.
    assert syncs_queue_due() == []
    with pytest.raises(Exception, match="connect it again"):
        sync(connection)
    assert len(mail.outbox) == 1


def test_the_jwt_bearer_flow_signs_in_with_the_connected_apps_key(
    organisation: Organisation, salesforce: FakeSalesforce
) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    salesforce.jwt_public_key = key.public_key()
    salesforce.jwt_users = {"integration@acme.test"}
    connection = salesforce_connect_jwt(
        organisation=organisation,
        login_url=salesforce.base_url,
        client_id=salesforce.client_id,
        username="integration@acme.test",
        private_key=pem,
        field_mapping=MAPPING,
    )
    assert connection.auth_kind == CrmConnection.AuthKind.SALESFORCE_JWT
    assert "PRIVATE KEY" not in connection.secrets_encrypted
    assert connection_secrets(connection).private_key == pem
    assert sync(connection).status == "succeeded"
    assert salesforce.served.requests["token"] == 1  # the one that proved the key; no other
    # A user the app is not authorised for is refused as a revoked connection.
    salesforce.jwt_users = set()
    salesforce.expire_access_tokens()
    with pytest.raises(ConnectionRevoked, match="hasn't approved"):
        sync(connection)


def test_the_web_server_flow_gives_an_authorize_url_and_exchanges_the_code(
    salesforce: FakeSalesforce,
) -> None:
    url = authorize_url(
        login_url="https://login.salesforce.com",
        client_id="uplift-app",
        redirect_uri="https://uplift.example.com/crm/salesforce/callback",
        state="xyz",
    )
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path == "/services/oauth2/authorize"
    assert query["scope"] == ["api refresh_token"]
    assert query["response_type"] == ["code"]
    salesforce.codes.add("aPrx-code")
    tokens = code_exchange(
        session=http_session(),
        login_url=salesforce.base_url,
        client_id=salesforce.client_id,
        client_secret=salesforce.client_secret,
        redirect_uri="https://uplift.example.com/crm/salesforce/callback",
        code="aPrx-code",
    )
    assert tokens.refresh_token in salesforce.refresh_tokens
    assert tokens.instance_url == salesforce.base_url
    assert tokens.access_token not in repr(tokens)


def test_connecting_through_the_web_server_flow_keeps_the_tokens_for_the_syncs(
    organisation: Organisation, salesforce: FakeSalesforce
) -> None:
    salesforce.codes.add("aPrx-code")
    connection = salesforce_connect_web(
        organisation=organisation,
        login_url=salesforce.base_url,
        client_id=salesforce.client_id,
        client_secret=salesforce.client_secret,
        redirect_uri="https://uplift.example.com/crm/salesforce/callback",
        code="aPrx-code",
        field_mapping=MAPPING,
    )
    assert connection.base_url == salesforce.base_url  # the instance URL Salesforce gave
    assert connection_secrets(connection).refresh_token in salesforce.refresh_tokens
    salesforce.expire_access_tokens()  # the next sync refreshes with the kept refresh token
    assert sync(connection).status == "succeeded"
    # The same code again is refused: an expired or used code is a sign-in failure.
    with pytest.raises(ConnectionRevoked, match="invalid authorization code"):
        salesforce_connect_web(
            organisation=organisation,
            login_url=salesforce.base_url,
            client_id=salesforce.client_id,
            client_secret=salesforce.client_secret,
            redirect_uri="https://uplift.example.com/crm/salesforce/callback",
            code="aPrx-code",
        )


@pytest.mark.parametrize("status", [429, 503])
def test_a_server_asking_to_wait_is_waited_for_and_the_sync_goes_on(
    connection: CrmConnection, salesforce: FakeSalesforce, status: int
) -> None:
    salesforce.fail("query", status, times=2, retry_after="1")
    assert sync(connection).status == "succeeded"
    assert salesforce.served.faults == 2


def test_a_server_asking_to_wait_too_long_fails_at_once_and_the_next_sync_resumes(
    connection: CrmConnection, salesforce: FakeSalesforce
) -> None:
    salesforce.fail("query", 429, times=1, retry_after="3600")
    with pytest.raises(SyncFailed, match="HTTP 429"):
        sync(connection)
    assert salesforce.served.faults == 1  # not asked again, not waited for
    assert sync(connection).resumed


def test_a_server_that_keeps_refusing_fails_the_sync_which_resumes_later(
    connection: CrmConnection, salesforce: FakeSalesforce
) -> None:
    salesforce.fail("query", 503, times=100, retry_after=None)
    with pytest.raises(SyncFailed, match="HTTP 503"):
        sync(connection, connector={"retries": 2})
    connection.refresh_from_db()
    assert connection.status == CrmConnection.Status.FAILED
    assert "HTTP 503" in connection.status_message
    salesforce.faults.clear()
    assert sync(connection).resumed


def test_a_sync_stops_cleanly_at_its_share_of_the_daily_api_allowance(
    connection: CrmConnection, salesforce: FakeSalesforce
) -> None:
    salesforce.api_used, salesforce.api_limit = 4990, 10_000  # 49.9% used; the share is 50%
    salesforce.page_size = 300
    result = sync(connection)
    assert result.status == "stopped"
    assert "50% of today's API allowance" in result.message
    assert SyncRun.objects.get().status == SyncRun.Status.READING  # to resume
    connection.refresh_from_db()
    assert "allowance" in connection.status_message
    salesforce.api_used = 0  # a new day
    assert sync(connection).status == "succeeded"


def test_https_is_verified_against_the_ca_bundle_the_environment_names(
    connection: CrmConnection,
    salesforce: FakeSalesforce,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    ca_bundle: Path,
) -> None:
    settings.UPLIFT_CA_BUNDLE = None
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    with pytest.raises(SyncFailed, match="CERTIFICATE_VERIFY_FAILED"):
        sync(connection, connector={"retries": 0})
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca_bundle))  # requests reads it itself
    assert sync(connection, connector={"retries": 0}).status == "succeeded"


def test_ssl_cert_file_names_the_ca_bundle_when_requests_ca_bundle_does_not(
    monkeypatch: pytest.MonkeyPatch, ca_bundle: Path
) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_bundle))
    assert read_environment().ca_bundle == str(ca_bundle)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/elsewhere.pem")
    assert read_environment().ca_bundle == "/elsewhere.pem"
