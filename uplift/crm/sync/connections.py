"""CRM connections: connect, change the schedule and mapping, disconnect, and the statuses a
sync leaves (connected, syncing, failed, revoked).

Secrets go in and out only through `connection_secrets` / `connection_secrets_save`, encrypted
(secrets.py). A revoked connection tells the organisation's admins once, in the app (its status)
and by e-mail, and the schedule leaves it alone until someone connects again.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from uplift.core.refusals import Conflict, Invalid, NotFound
from uplift.crm.models import CrmConnection
from uplift.crm.sync.secrets import ConnectionSecrets, secrets_decrypt, secrets_encrypt
from uplift.orgs.models import Organisation, Person, Role

logger = logging.getLogger(__name__)

KIND_AUTH = {
    CrmConnection.Kind.SALESFORCE: {
        CrmConnection.AuthKind.SALESFORCE_WEB,
        CrmConnection.AuthKind.SALESFORCE_JWT,
        CrmConnection.AuthKind.ACCESS_TOKEN,
    },
    CrmConnection.Kind.HUBSPOT: {
        CrmConnection.AuthKind.HUBSPOT_PRIVATE_APP,
        CrmConnection.AuthKind.HUBSPOT_OAUTH,
        CrmConnection.AuthKind.ACCESS_TOKEN,
    },
}
SCHEDULE_MINUTES_MIN = 15  # Salesforce and HubSpot allowances are daily: more often rarely helps
SCHEDULE_MINUTES_MAX = 7 * 24 * 60


def connection_secrets(connection: CrmConnection) -> ConnectionSecrets:
    """The connection's tokens and secrets, decrypted (never log or show them)."""
    return secrets_decrypt(connection.secrets_encrypted)


def connection_secrets_save(connection: CrmConnection, secrets: ConnectionSecrets) -> None:
    """Keep `secrets` (encrypted) as the connection's own."""
    connection.secrets_encrypted = secrets_encrypt(secrets)
    if connection.pk:
        CrmConnection.objects.filter(pk=connection.pk).update(
            secrets_encrypted=connection.secrets_encrypted
        )


def connection_tokens_update(
    connection: CrmConnection,
    *,
    access_token: str,
    refresh_token: str | None = None,
    base_url: str | None = None,
) -> None:
    """A refreshed access token (and the refresh token and instance URL when the CRM gives new
    ones), kept for the next requests and the next sync."""
    secrets = connection_secrets(connection)
    secrets = replace(
        secrets, access_token=access_token, refresh_token=refresh_token or secrets.refresh_token
    )
    connection_secrets_save(connection, secrets)
    if base_url and base_url.rstrip("/") != connection.base_url.rstrip("/"):
        connection.base_url = base_url.rstrip("/")
        CrmConnection.objects.filter(pk=connection.pk).update(base_url=connection.base_url)


def connection_settings_check(*, schedule_minutes: int, api_share_percent: int) -> None:
    if schedule_minutes and not SCHEDULE_MINUTES_MIN <= schedule_minutes <= SCHEDULE_MINUTES_MAX:
        raise Invalid(
            f"Sync every {SCHEDULE_MINUTES_MIN} minutes to once a week, or 0 for only when asked.",
            field="schedule_minutes",
        )
    if not 1 <= api_share_percent <= 100:
        raise Invalid(
            "The share of the daily API allowance is a percentage from 1 to 100.",
            field="api_share_percent",
        )


def connection_connect(
    *,
    organisation: Organisation,
    kind: str,
    base_url: str,
    auth_kind: str,
    secrets: ConnectionSecrets,
    client_id: str = "",
    username: str = "",
    login_url: str = "",
    connected_by: Person | None = None,
    schedule_minutes: int = 60,
    api_share_percent: int = 50,
    field_mapping: dict[str, object] | None = None,
) -> CrmConnection:
    """Connect the organisation to its CRM, or connect it again (new credentials, same marks, so
    the next sync goes on from where the last one ended). Refuses an auth kind the CRM does not
    have, a URL that is not HTTPS (but on this machine, for tests and tunnels), and a
    schedule or allowance share out of range."""
    if kind not in KIND_AUTH or auth_kind not in KIND_AUTH[CrmConnection.Kind(kind)]:
        raise Invalid(f"{kind} connections do not sign in with {auth_kind}.", field="auth_kind")
    url_check(base_url, field="base_url")
    if login_url:
        url_check(login_url, field="login_url")
    connection_settings_check(
        schedule_minutes=schedule_minutes, api_share_percent=api_share_percent
    )
    with transaction.atomic():
        connection, _ = CrmConnection.objects.update_or_create(
            organisation=organisation,
            kind=kind,
            defaults={
                "base_url": base_url.rstrip("/"),
                "auth_kind": auth_kind,
                "client_id": client_id,
                "username": username,
                "login_url": login_url.rstrip("/"),
                "status": CrmConnection.Status.CONNECTED,
                "status_message": "",
                "schedule_minutes": schedule_minutes,
                "api_share_percent": api_share_percent,
                "field_mapping": field_mapping or {},
                "connected_at": timezone.now(),
                "connected_by": connected_by,
                "revoked_notified_at": None,
                "secrets_encrypted": secrets_encrypt(secrets),
            },
        )
    return connection


def url_check(url: str, *, field: str) -> None:
    """HTTPS, or plain HTTP to this machine only (a local test server or tunnel)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    local = parts.hostname in {"127.0.0.1", "localhost", "::1"}
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise Invalid(f"{url!r} is not an https:// address.", field=field)
    if not parts.hostname:
        raise Invalid(f"{url!r} names no server.", field=field)


def connection_settings_update(
    *,
    connection: CrmConnection,
    schedule_minutes: int | None = None,
    api_share_percent: int | None = None,
    field_mapping: dict[str, object] | None = None,
) -> CrmConnection:
    """Change how often the connection syncs, how much of the API allowance it may use, and
    where custom fields come from."""
    schedule = connection.schedule_minutes if schedule_minutes is None else schedule_minutes
    share = connection.api_share_percent if api_share_percent is None else api_share_percent
    connection_settings_check(schedule_minutes=schedule, api_share_percent=share)
    connection.schedule_minutes, connection.api_share_percent = schedule, share
    if field_mapping is not None:
        connection.field_mapping = field_mapping
    connection.save(update_fields=["schedule_minutes", "api_share_percent", "field_mapping"])
    return connection


def connection_disconnect(*, connection: CrmConnection) -> CrmConnection:
    """Disconnect: the secrets are deleted, the history and sync marks kept (connecting again
    goes on from them)."""
    connection.secrets_encrypted = ""
    connection.status = CrmConnection.Status.DISCONNECTED
    connection.status_message = "Disconnected: its credentials were deleted."
    connection.save(update_fields=["secrets_encrypted", "status", "status_message"])
    return connection


def connection_for_sync(*, organisation: Organisation, kind: str) -> CrmConnection:
    """The organisation's connection to `kind`, when it can sync; refuses otherwise, saying
    what to do."""
    label = dict(CrmConnection.Kind.choices).get(kind, kind)
    connection = CrmConnection.objects.filter(organisation=organisation, kind=kind).first()
    if connection is None:
        raise NotFound(
            f"{organisation.name} is not connected to {label}: connect it first "
            "(docs/crm-sync.md), or give --instance-url/--base-url and --access-token.",
            code="not_connected",
        )
    if connection.status == CrmConnection.Status.DISCONNECTED:
        raise Conflict(
            f"The {label} connection was disconnected: connect it again to sync.",
            code="disconnected",
        )
    if connection.status == CrmConnection.Status.REVOKED:
        raise Conflict(
            f"{label} no longer accepts this connection's credentials ({connection.status_message}"
            "): an admin must connect it again.",
            code="revoked",
        )
    return connection


def connection_status_set(connection: CrmConnection, status: str, message: str = "") -> None:
    connection.status, connection.status_message = status, message
    CrmConnection.objects.filter(pk=connection.pk).update(status=status, status_message=message)


def connection_revoked(connection: CrmConnection, *, reason: str) -> None:
    """Mark the connection revoked and tell the organisation's admins (once, by e-mail too)."""
    label = connection.get_kind_display()
    message = f"{label} refused the connection's credentials: {reason}"
    connection_status_set(connection, CrmConnection.Status.REVOKED, message)
    claimed = CrmConnection.objects.filter(
        pk=connection.pk, revoked_notified_at__isnull=True
    ).update(revoked_notified_at=timezone.now())
    if not claimed:
        return
    admins = list(
        Person.objects.filter(
            organisation_id=connection.organisation_id, role=Role.ADMIN, is_active=True
        ).values_list("email", flat=True)
    )
    if not admins:
        return
    body = (
        f"Uplift can no longer read {label} for {connection.organisation}: {message}.\n\n"
        f"Nothing is synced until an admin connects {label} again. The data imported so far "
        "stays as it is.\n\n"
        f"{settings.UPLIFT_BASE_URL}/\n"
    )
    try:
        send_mail(
            subject=f"Uplift: the {label} connection needs to be connected again",
            message=body,
            from_email=None,
            recipient_list=admins,
        )
    except OSError:  # the status says it in the app; the mail server may be down
        logger.exception("could not e-mail the admins about the revoked %s connection", label)
