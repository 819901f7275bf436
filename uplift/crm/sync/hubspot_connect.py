"""Connecting an organisation to HubSpot with an OAuth app (docs/crm-sync.md, "Connecting: an
OAuth app"), for the connection's page: where to send the admin to allow Uplift to read the
account, and the callback's last step (exchange the code, keep the tokens, queue the first
sync). The sync then refreshes the access token itself (hubspot_api.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings

from uplift.core.models import Job
from uplift.crm.models import CrmConnection
from uplift.crm.sync.connections import connection_connect, url_check
from uplift.crm.sync.hubspot_api import oauth_code_exchange
from uplift.crm.sync.secrets import ConnectionSecrets
from uplift.crm.sync.services import sync_now
from uplift.orgs.models import Organisation, Person

AUTHORIZE_URL = "https://app.hubspot.com/oauth/authorize"  # app-eu1.hubspot.com in the EU
# What the sync reads, read-only (docs/crm-sync.md lists what each is for); `oauth` every
# HubSpot OAuth app has.
SCOPES = (
    "oauth",
    "crm.objects.owners.read",
    "crm.objects.companies.read",
    "crm.objects.deals.read",
    "crm.objects.contacts.read",
)
# Choices' labels: without them the sync still works, with HubSpot's internal values.
OPTIONAL_SCOPES = ("crm.schemas.companies.read", "crm.schemas.deals.read")


def hubspot_authorize_url(
    *, authorize_url: str, client_id: str, redirect_uri: str, state: str
) -> str:
    """Where to send the admin to install the OAuth app in their HubSpot account."""
    url_check(authorize_url, field="authorize_url")
    query = urlencode(
        {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": " ".join(SCOPES),
            "optional_scope": " ".join(OPTIONAL_SCOPES),
            "state": state,
        }
    )
    return f"{authorize_url.rstrip('/')}?{query}"


def hubspot_connect_oauth(
    *,
    organisation: Organisation,
    base_url: str,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    code: str,
    connected_by: Person,
) -> tuple[CrmConnection, Job]:
    """The code HubSpot sent the admin back with becomes the connection's access and refresh
    tokens (kept encrypted, with the client secret the refreshes need); the first sync is queued
    at once. Connecting again keeps the sync marks. Refuses an API address that is not HTTPS;
    raises `HubSpotError` when HubSpot refuses the code, and then nothing is kept."""
    url_check(base_url, field="base_url")
    tokens = oauth_code_exchange(
        base_url=base_url,
        client_id=client_id,
        client_secret=client_secret,
        redirect_uri=redirect_uri,
        code=code,
        ca_bundle=settings.UPLIFT_CA_BUNDLE,
    )
    connection = connection_connect(
        organisation=organisation,
        kind=CrmConnection.Kind.HUBSPOT,
        base_url=base_url,
        auth_kind=CrmConnection.AuthKind.HUBSPOT_OAUTH,
        client_id=client_id,
        secrets=ConnectionSecrets(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            client_secret=client_secret,
        ),
        connected_by=connected_by,
    )
    return connection, sync_now(connection=connection, person=connected_by)
