"""A Salesforce org made by the synthetic generator, served over HTTPS by a local server whose
certificate a throw-away CA (trustme) signed; an organisation connected to it."""

from __future__ import annotations

import re
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from pytest_django.fixtures import Settings as SettingsWrapper
from pytest_httpserver import HTTPServer

from tests.crm.sync.fake_salesforce import FakeSalesforce
from tests.crm.sync.salesforce_org import FakeOrg
from uplift.crm.models import CrmConnection
from uplift.crm.sync.connections import connection_connect
from uplift.crm.sync.engine import SyncResult
from uplift.crm.sync.secrets import ConnectionSecrets
from uplift.crm.sync.services import crm_sync
from uplift.orgs.models import Organisation
from uplift.orgs.services import organisation_get_or_create
from uplift.synthetic import generate_export

# The generated export's custom fields, as an organisation maps them.
MAPPING = {
    "segment": "Account.Segment__c",
    "region": "Account.Region__c",
    "product": "Opportunity.Product__c",
    "currency": "Opportunity.CurrencyIsoCode",
}
# Quick in tests: no waiting between bulk polls, no backoff without Retry-After.
FAST = {"backoff": 0.0, "bulk_poll_seconds": 0.0}


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_bundle(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture(scope="session")
def export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("salesforce-export")
    generate_export(folder, reps=6, months=3, seed=11)
    return folder


@pytest.fixture
def org(export_dir: Path) -> FakeOrg:
    return FakeOrg.from_export(export_dir)


@pytest.fixture
def https_server(ca: trustme.CA) -> Iterator[HTTPServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def salesforce(
    org: FakeOrg, https_server: HTTPServer, settings: SettingsWrapper, ca_bundle: Path
) -> FakeSalesforce:
    fake = FakeSalesforce(org)
    fake.base_url = f"https://127.0.0.1:{https_server.port}"
    https_server.expect_request(re.compile(".*")).respond_with_handler(fake)
    settings.UPLIFT_CA_BUNDLE = str(ca_bundle)
    return fake


@pytest.fixture
def store(settings: SettingsWrapper, tmp_path: Path) -> str:
    url = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    settings.UPLIFT_ANALYTICS_URL = url
    return url


@pytest.fixture
def organisation(db: None, store: str) -> Organisation:
    return organisation_get_or_create(name="Acme", slug="acme")


@pytest.fixture
def connection(organisation: Organisation, salesforce: FakeSalesforce) -> CrmConnection:
    return connection_connect(
        organisation=organisation,
        kind="salesforce",
        base_url=salesforce.base_url,
        auth_kind=CrmConnection.AuthKind.SALESFORCE_WEB,
        login_url=salesforce.base_url,
        client_id=salesforce.client_id,
        secrets=ConnectionSecrets(
            access_token=salesforce.issue_access_token(),
            refresh_token=salesforce.issue_refresh_token(),
            client_secret=salesforce.client_secret,
        ),
        field_mapping=MAPPING,
    )


def sync(connection: CrmConnection, **options: Any) -> SyncResult:
    """One sync of the connection, as the command line runs it, with the test's speed-ups."""
    connector_options = {**FAST, **options.pop("connector", {})}
    return crm_sync(
        organisation=connection.organisation,
        kind=connection.kind,
        connector_options=connector_options,
        **options,
    )
