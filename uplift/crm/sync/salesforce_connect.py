"""Connecting an organisation to Salesforce, for the connection's page: the web-server flow's
callback (exchange the code, keep the tokens) and the JWT bearer flow (prove the key works, keep
it). Both keep the secrets encrypted and start the connection on the default schedule."""

from __future__ import annotations

from typing import Any

from uplift.crm.models import CrmConnection
from uplift.crm.sync.connections import connection_connect
from uplift.crm.sync.http import http_session
from uplift.crm.sync.salesforce_auth import code_exchange, jwt_token
from uplift.crm.sync.salesforce_objects import mapping_check
from uplift.crm.sync.secrets import ConnectionSecrets
from uplift.orgs.models import Organisation, Person


def salesforce_connect_web(
    *,
    organisation: Organisation,
    login_url: str,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    code: str,
    code_verifier: str = "",
    connected_by: Person | None = None,
    field_mapping: dict[str, Any] | None = None,
) -> CrmConnection:
    """The web-server flow's last step: the code Salesforce sent the admin back with becomes
    an access token, a refresh token and the org's instance URL, kept for the syncs."""
    mapping = mapping_check(field_mapping or {})
    tokens = code_exchange(
        session=http_session(),
        login_url=login_url,
        client_id=client_id,
        client_secret=client_secret,
        redirect_uri=redirect_uri,
        code=code,
        code_verifier=code_verifier,
    )
    return connection_connect(
        organisation=organisation,
        kind=CrmConnection.Kind.SALESFORCE,
        base_url=tokens.instance_url,
        auth_kind=CrmConnection.AuthKind.SALESFORCE_WEB,
        login_url=login_url,
        client_id=client_id,
        secrets=ConnectionSecrets(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            client_secret=client_secret,
        ),
        connected_by=connected_by,
        field_mapping=mapping,
    )


def salesforce_connect_jwt(
    *,
    organisation: Organisation,
    login_url: str,
    client_id: str,
    username: str,
    private_key: str,
    connected_by: Person | None = None,
    field_mapping: dict[str, Any] | None = None,
) -> CrmConnection:
    """The JWT bearer flow: a first access token proves the connected app, the certificate and
    the pre-authorised user fit together; the private key is kept (encrypted) to sign the next
    ones."""
    mapping = mapping_check(field_mapping or {})
    tokens = jwt_token(
        session=http_session(),
        login_url=login_url,
        client_id=client_id,
        username=username,
        private_key=private_key,
    )
    return connection_connect(
        organisation=organisation,
        kind=CrmConnection.Kind.SALESFORCE,
        base_url=tokens.instance_url,
        auth_kind=CrmConnection.AuthKind.SALESFORCE_JWT,
        login_url=login_url,
        client_id=client_id,
        username=username,
        secrets=ConnectionSecrets(access_token=tokens.access_token, private_key=private_key),
        connected_by=connected_by,
        field_mapping=mapping,
    )
