"""CRM connections keep their secrets encrypted and never show them; disconnecting deletes
them; keys rotate; a production installation without a key refuses to store secrets."""

from __future__ import annotations

import logging

import pytest
from cryptography.fernet import Fernet
from pytest_django.fixtures import Settings

from uplift.core.refusals import Invalid
from uplift.crm.models import CrmConnection
from uplift.crm.sync.connections import (
    connection_connect,
    connection_disconnect,
    connection_secrets,
    connection_settings_update,
)
from uplift.crm.sync.salesforce_objects import mapping_check, salesforce_objects
from uplift.crm.sync.secrets import ConnectionSecrets, SecretsKeyMissing, SecretsUnreadable
from uplift.orgs.models import Organisation

SECRETS = ConnectionSecrets(
    access_token="00DACCESS-very-secret", refresh_token="5AepREFRESH", client_secret="CLIENTSECRET"
)


def connect(
    organisation: Organisation, login_url: str = "https://login.salesforce.com"
) -> CrmConnection:
    return connection_connect(
        organisation=organisation,
        kind="salesforce",
        base_url="https://acme.my.salesforce.com",
        auth_kind=CrmConnection.AuthKind.SALESFORCE_WEB,
        login_url=login_url,
        client_id="3MVG9-app",
        secrets=SECRETS,
    )


def test_secrets_are_stored_only_encrypted_and_never_shown(
    organisation: Organisation, caplog: pytest.LogCaptureFixture
) -> None:
    connection = connect(organisation)
    stored = CrmConnection.objects.values_list("secrets_encrypted", flat=True).get()
    for secret in ("00DACCESS-very-secret", "5AepREFRESH", "CLIENTSECRET"):
        assert secret not in stored
        assert secret not in repr(connection)
        assert secret not in str(connection)
        assert secret not in repr(connection_secrets(connection))
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("uplift").info(
            "connection %r %s", connection, connection_secrets(connection)
        )
    assert "very-secret" not in caplog.text
    assert connection_secrets(connection) == SECRETS


def test_disconnecting_deletes_the_secrets(organisation: Organisation) -> None:
    connection = connection_disconnect(connection=connect(organisation))
    connection.refresh_from_db()
    assert connection.secrets_encrypted == ""
    assert connection.status == CrmConnection.Status.DISCONNECTED
    assert connection_secrets(connection).empty


def test_keys_rotate_the_new_one_first_and_the_old_one_still_reads(
    organisation: Organisation, settings: Settings
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.UPLIFT_SECRET_ENCRYPTION_KEYS = (old,)
    connection = connect(organisation)
    settings.UPLIFT_SECRET_ENCRYPTION_KEYS = (new, old)
    assert connection_secrets(connection) == SECRETS
    settings.UPLIFT_SECRET_ENCRYPTION_KEYS = (new,)
    with pytest.raises(SecretsUnreadable, match="another key"):
        connection_secrets(connection)


def test_production_without_a_key_refuses_to_store_secrets(
    organisation: Organisation, settings: Settings
) -> None:
    settings.UPLIFT_SECRET_ENCRYPTION_KEYS = ()
    settings.UPLIFT_SECRET_ENCRYPTION_DERIVED_ALLOWED = False
    with pytest.raises(SecretsKeyMissing, match="UPLIFT_SECRET_KEY_ENCRYPTION"):
        connect(organisation)
    settings.UPLIFT_SECRET_ENCRYPTION_KEYS = ("not a key",)
    with pytest.raises(SecretsKeyMissing, match="Fernet"):
        connect(organisation)


def test_schedule_and_allowance_share_are_checked(organisation: Organisation) -> None:
    connection = connect(organisation)
    assert (connection.schedule_minutes, connection.api_share_percent) == (60, 50)
    with pytest.raises(Invalid) as refused:
        connection_settings_update(connection=connection, schedule_minutes=5)
    assert refused.value.field == "schedule_minutes"
    with pytest.raises(Invalid):
        connection_settings_update(connection=connection, api_share_percent=0)
    connection_settings_update(connection=connection, schedule_minutes=0, api_share_percent=80)
    connection.refresh_from_db()
    assert (connection.schedule_minutes, connection.api_share_percent) == (0, 80)


def test_a_plain_http_url_is_refused_but_on_this_machine(organisation: Organisation) -> None:
    with pytest.raises(Invalid, match="https"):
        connect(organisation, login_url="http://login.salesforce.com")


def test_the_field_mapping_names_api_fields_of_the_right_object() -> None:
    assert mapping_check({"segment": "Account.Tier__c"}) == {"segment": "Account.Tier__c"}
    for wrong in (
        {"segment": "Opportunity.Tier__c"},  # segment is an account's
        {"segment": "Account.Tier__c; DELETE"},  # nothing but an API name enters a query
        {"colour": "Account.Colour__c"},
        {"quota": {"object": "Quota__c"}},
    ):
        with pytest.raises(Invalid):
            mapping_check(wrong)
    objects = {o.source.name: o for o in salesforce_objects({"segment": "Account.Tier__c"})}
    account = objects["Account"]
    assert account.source.fields[-1] == "Segment__c"  # the export's column
    assert account.api_fields[-1] == "Tier__c"  # the organisation's field
