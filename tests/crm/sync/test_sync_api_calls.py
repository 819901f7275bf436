"""Salesforce's count of today's API calls (`Sforce-Limit-Info: api-usage=N/M`) is kept on the
connection by each sync, shown on the connections page in words beside the connection's share,
and given by `uplift sync --json`."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.test import Client

from tests.crm.sync.conftest import sync
from tests.crm.sync.fake_salesforce import FakeSalesforce
from uplift.cli import main
from uplift.crm.models import CrmConnection
from uplift.orgs.models import Organisation, Person, Role

PAGE = "/settings/crm/"


@pytest.fixture
def browser(organisation: Organisation) -> Client:
    admin = Person.objects.create(
        organisation=organisation, role=Role.ADMIN, email="ada@acme.test", full_name="Ada"
    )
    client = Client()
    client.force_login(admin)
    return client


def test_a_sync_keeps_the_api_calls_used_today_and_the_page_says_them(
    browser: Client, connection: CrmConnection, salesforce: FakeSalesforce
) -> None:
    CrmConnection.objects.filter(pk=connection.pk).update(api_share_percent=20)
    page = browser.get(PAGE).content.decode()
    assert "not read yet: the next sync reads it; Uplift uses at most 20%" in page

    salesforce.api_used, salesforce.api_limit = 1_200, 15_000
    result = sync(connection)

    kept = CrmConnection.objects.get(pk=connection.pk)
    assert kept.api_calls_limit == 15_000
    assert kept.api_calls_used == salesforce.api_used  # as its last answer said
    assert kept.api_calls_used > 1_200  # the sync's own calls counted
    assert result.api_calls == {
        "used": salesforce.api_used,
        "limit": 15_000,
        "share_percent": 20,
    }
    page = browser.get(PAGE).content.decode()
    used = f"{salesforce.api_used:,} of 15,000 API calls used today"
    assert f"{used}; Uplift uses at most 20%" in page


def test_a_count_read_on_an_earlier_day_is_dated(
    browser: Client, connection: CrmConnection, salesforce: FakeSalesforce
) -> None:
    sync(connection)
    kept = CrmConnection.objects.get(pk=connection.pk)
    assert kept.api_calls_read_at is not None
    CrmConnection.objects.filter(pk=connection.pk).update(
        api_calls_read_at=kept.api_calls_read_at - timedelta(days=2)
    )
    page = browser.get(PAGE).content.decode()
    assert "API calls used today" not in page
    assert f"{kept.api_calls_used:,} of 15,000 API calls used on " in page
    assert ", at the last sync; Uplift uses at most 50%" in page


@pytest.mark.django_db(transaction=True)
def test_the_sync_command_gives_the_api_calls_used_today(
    organisation: Organisation, salesforce: FakeSalesforce
) -> None:
    token = salesforce.issue_access_token()
    args = ["sync", "salesforce", "--instance-url", salesforce.base_url, "--access-token", token]
    result = CliRunner().invoke(main, [*args, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["api_calls"] == {
        "used": salesforce.api_used,
        "limit": salesforce.api_limit,
        "share_percent": 50,
    }
    again = CliRunner().invoke(main, args)
    assert f"of {salesforce.api_limit:,} API calls used today; Uplift uses at most 50%." in (
        again.stdout
    )
