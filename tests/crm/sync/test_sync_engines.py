"""The sync's write path on every analytics engine: the same tables as a file import, and
deletions applied in the same write, on DuckDB and on PostgreSQL. (The landing of pages runs on
the application database: UPLIFT_TEST_DB=postgres runs this whole folder on PostgreSQL.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from tests.analytics_store import organisation_rows
from tests.crm.sync.conftest import sync
from tests.crm.sync.fake_salesforce import FakeSalesforce
from tests.crm.sync.tables import file_import_tables, store_tables
from tests.engines import engine_params
from uplift.crm.models import CrmConnection


@pytest.fixture(params=engine_params())
def store(request: pytest.FixtureRequest, settings: Settings, tmp_path: Path) -> str:
    url = request.param if request.param != "duckdb://" else f"duckdb://{tmp_path / 'a.duckdb'}"
    settings.UPLIFT_ANALYTICS_URL = url
    return str(url)


def test_a_full_then_an_incremental_sync_with_deletions_write_the_same_on_every_engine(
    connection: CrmConnection, salesforce: FakeSalesforce, export_dir: Path, tmp_path: Path
) -> None:
    sync(connection, full=True)
    assert store_tables(connection.organisation) == file_import_tables(export_dir, tmp_path)

    org = salesforce.org
    deal = org.live("OpportunityContactRole")[0]["OpportunityId"]
    org.delete("Opportunity", deal)
    org.change("Account", org.live("Account")[0]["Id"], Segment__c="Enterprise")
    result = sync(connection)

    assert result.deleted["opportunities"] == 1
    left = organisation_rows(
        connection.organisation,
        f"SELECT count(*) FROM crm_contact_roles WHERE opportunity_id = '{deal}'",
    )
    assert left == [(0,)]
    segments = organisation_rows(
        connection.organisation,
        f"SELECT segment FROM crm_accounts WHERE account_id = '{org.live('Account')[0]['Id']}'",
    )
    assert segments == [("Enterprise",)]
