"""`uplift sync salesforce` through the command line: a scripted run with a URL and a token, a
connected organisation's sync, and the refusals (not connected, revoked) with a non-zero exit."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.crm.sync.fake_salesforce import FakeSalesforce
from uplift.cli import main
from uplift.crm.models import CrmConnection, ImportRecord
from uplift.orgs.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_scripted_run_syncs_with_the_url_and_token_given_and_keeps_no_token(
    organisation: Organisation, salesforce: FakeSalesforce
) -> None:
    token = salesforce.issue_access_token()
    args = ["sync", "salesforce", "--instance-url", salesforce.base_url, "--access-token", token]
    result = CliRunner().invoke(main, [*args, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["status"] == "succeeded"
    assert document["changed"] is True
    assert {o["name"] for o in document["objects"]} >= {"User", "Opportunity", "Task"}
    connection = CrmConnection.objects.get(organisation=organisation)
    assert connection.auth_kind == CrmConnection.AuthKind.ACCESS_TOKEN
    assert connection.secrets_encrypted == ""  # the token was used, never kept
    assert ImportRecord.objects.get().ran_by.startswith("uplift sync")

    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0, again.output
    assert "Nothing changed since the last sync" in again.stdout


def test_syncing_an_organisation_that_is_not_connected_says_how_to_connect(
    organisation: Organisation,
) -> None:
    result = CliRunner().invoke(main, ["sync", "salesforce"])
    assert result.exit_code == 1
    assert "not connected to Salesforce" in result.stderr


def test_a_refused_token_fails_with_a_clear_message(
    organisation: Organisation, salesforce: FakeSalesforce
) -> None:
    args = ["sync", "salesforce", "--instance-url", salesforce.base_url, "--access-token", "bad"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "Salesforce refused the access token" in result.stderr


def test_a_url_without_a_token_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["sync", "salesforce", "--instance-url", "https://x.test"])
    assert result.exit_code == 2
    assert "--access-token" in result.output
