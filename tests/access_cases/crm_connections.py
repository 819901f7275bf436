"""Roles x endpoints rows for the CRM connections page: enablement admins only, and only their
own organisation's connections (another company's answer 404, as if they did not exist). An
OAuth callback (Salesforce's or HubSpot's) whose state was not issued to the admin is refused
with 400.

Statuses in ROLES order: (anonymous, rep, manager, leader, admin).
"""

from __future__ import annotations

from typing import Any

from tests.access_cases import Case
from tests.conftest import World
from uplift.crm.models import CrmConnection
from uplift.crm.sync.connections import connection_connect
from uplift.crm.sync.secrets import ConnectionSecrets
from uplift.orgs.models import Organisation

ADMINS_ONLY = (302, 403, 403, 403, 200)
WRITE = (302, 403, 403, 403, 302)
FOREIGN = (302, 403, 403, 403, 404)
BASE = "/settings/crm"


def _connection(organisation: Organisation) -> CrmConnection:
    return connection_connect(
        organisation=organisation,
        kind=CrmConnection.Kind.HUBSPOT,
        base_url="https://127.0.0.1:9/",
        auth_kind=CrmConnection.AuthKind.HUBSPOT_PRIVATE_APP,
        secrets=ConnectionSecrets(access_token="pat-test"),
    )


def _ours(world: World) -> dict[str, Any]:
    return {"c": _connection(world.org)}


def _theirs(world: World) -> dict[str, Any]:
    return {"c": _connection(world.other_org)}


CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("crm_connections", f"{BASE}/", ADMINS_ONLY),
    Case(
        "crm_salesforce_authorize",
        f"{BASE}/salesforce/authorize/",
        ADMINS_ONLY,
        "post",
        data={
            "web-login_url": "https://login.salesforce.com",
            "web-client_id": "3MVG9",
            "web-client_secret": "secret",
        },
    ),
    Case(
        "crm_salesforce_authorize (incomplete)",
        f"{BASE}/salesforce/authorize/",
        (302, 403, 403, 403, 400),
        "post",
        data={"web-client_id": "3MVG9"},
    ),
    Case("crm_salesforce_authorize (read)", f"{BASE}/salesforce/authorize/", (405,) * 5),
    Case(
        "crm_salesforce_callback (state not issued)",
        "/crm/salesforce/callback?code=abc&state=forged",
        (302, 403, 403, 403, 400),
    ),
    Case(
        "crm_salesforce_jwt (no key)",
        f"{BASE}/salesforce/jwt/",
        (302, 403, 403, 403, 400),
        "post",
        data={"jwt-client_id": "3MVG9", "jwt-username": "uplift@example.com"},
    ),
    Case("crm_salesforce_jwt (read)", f"{BASE}/salesforce/jwt/", (405,) * 5),
    Case(
        "crm_hubspot_token",
        f"{BASE}/hubspot/token/",
        WRITE,
        "post",
        data={"hubspot-access_token": "pat-na1-x", "hubspot-base_url": "https://127.0.0.1:9"},
    ),
    Case(
        "crm_hubspot_token (not https)",
        f"{BASE}/hubspot/token/",
        (302, 403, 403, 403, 400),
        "post",
        data={"hubspot-access_token": "pat-na1-x", "hubspot-base_url": "http://example.com"},
    ),
    Case("crm_hubspot_token (read)", f"{BASE}/hubspot/token/", (405,) * 5),
    Case(
        "crm_hubspot_authorize",
        f"{BASE}/hubspot/authorize/",
        ADMINS_ONLY,
        "post",
        data={
            "hubspot-oauth-client_id": "a1b2c3",
            "hubspot-oauth-client_secret": "secret",
            "hubspot-oauth-authorize_url": "https://app.hubspot.com/oauth/authorize",
            "hubspot-oauth-base_url": "https://api.hubapi.com",
        },
    ),
    Case(
        "crm_hubspot_authorize (incomplete)",
        f"{BASE}/hubspot/authorize/",
        (302, 403, 403, 403, 400),
        "post",
        data={"hubspot-oauth-client_id": "a1b2c3"},
    ),
    Case("crm_hubspot_authorize (read)", f"{BASE}/hubspot/authorize/", (405,) * 5),
    Case(
        "crm_hubspot_callback (state not issued)",
        "/crm/hubspot/callback?code=abc&state=forged",
        (302, 403, 403, 403, 400),
    ),
    Case(
        "crm_connection_settings",
        BASE + "/{c.pk}/settings/",
        WRITE,
        "post",
        objects=_ours,
        data={"schedule_minutes": "120", "api_share_percent": "40"},
    ),
    Case(
        "crm_connection_settings (other firm)",
        BASE + "/{c.pk}/settings/",
        FOREIGN,
        "post",
        objects=_theirs,
        data={},
    ),
    Case("crm_connection_sync", BASE + "/{c.pk}/sync/", WRITE, "post", objects=_ours, data={}),
    Case(
        "crm_connection_sync (other firm)",
        BASE + "/{c.pk}/sync/",
        FOREIGN,
        "post",
        objects=_theirs,
        data={},
    ),
    Case("crm_connection_sync (read)", BASE + "/{c.pk}/sync/", (405,) * 5, objects=_ours),
    Case(
        "crm_connection_disconnect",
        BASE + "/{c.pk}/disconnect/",
        WRITE,
        "post",
        objects=_ours,
        data={"confirm": "on"},
    ),
    Case(
        "crm_connection_disconnect (unconfirmed)",
        BASE + "/{c.pk}/disconnect/",
        (302, 403, 403, 403, 400),
        "post",
        objects=_ours,
        data={},
    ),
    Case(
        "crm_connection_disconnect (other firm)",
        BASE + "/{c.pk}/disconnect/",
        FOREIGN,
        "post",
        objects=_theirs,
        data={"confirm": "on"},
    ),
]
