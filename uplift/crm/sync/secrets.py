"""CRM connections' tokens and secrets, encrypted at rest.

Access and refresh tokens, client secrets and JWT private keys are stored only as one Fernet token
(AES-128-CBC with an HMAC-SHA256, from `cryptography`) in the connection's row. The keys come from
UPLIFT_SECRET_KEY_ENCRYPTION (comma-separated; the first encrypts, every one decrypts, so a new
key can be put first and the old one removed once every connection was saved again). Without it,
in development only (debug, or the embedded SQLite database), the key is derived from Django's
SECRET_KEY; a production installation without a key refuses to store secrets (docs/deploy.md).

`ConnectionSecrets` never shows its values: its repr names only which secrets are set.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict, dataclass, fields

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from uplift.core.refusals import Conflict

DERIVATION_CONTEXT = b"uplift crm connection secrets v1"


class SecretsKeyMissing(Conflict):
    """No encryption key is configured where a derived one is not allowed."""

    default_code = "encryption_key_missing"


class SecretsUnreadable(Conflict):
    """The stored secrets were encrypted with a key that is no longer configured."""

    default_code = "secrets_unreadable"


@dataclass(frozen=True, repr=False)
class ConnectionSecrets:
    """What a connection must keep secret. Empty strings for what it does not have."""

    access_token: str = ""
    refresh_token: str = ""
    client_secret: str = ""
    private_key: str = ""  # PEM, for Salesforce's JWT bearer flow

    def __repr__(self) -> str:
        held = [f.name for f in fields(self) if getattr(self, f.name)]
        return f"ConnectionSecrets(set: {', '.join(held) or 'none'})"

    __str__ = __repr__

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


def _derived_key() -> bytes:
    digest = hashlib.sha256(DERIVATION_CONTEXT + settings.SECRET_KEY.encode()).digest()
    return base64.urlsafe_b64encode(digest)


def _cipher() -> MultiFernet:
    keys = [key.encode() for key in settings.UPLIFT_SECRET_ENCRYPTION_KEYS]
    if not keys:
        if not settings.UPLIFT_SECRET_ENCRYPTION_DERIVED_ALLOWED:
            raise SecretsKeyMissing(
                "No key to encrypt CRM credentials with: set UPLIFT_SECRET_KEY_ENCRYPTION "
                "(docs/deploy.md says how to make one), then connect again."
            )
        keys = [_derived_key()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise SecretsKeyMissing(
            "UPLIFT_SECRET_KEY_ENCRYPTION is not a list of Fernet keys (32 url-safe base64 "
            "bytes each; docs/deploy.md says how to make one)."
        ) from exc


def secrets_encrypt(secrets: ConnectionSecrets) -> str:
    """The Fernet token stored for `secrets` (blank when there is nothing to keep)."""
    if secrets.empty:
        return ""
    payload = json.dumps(asdict(secrets), sort_keys=True).encode()
    return _cipher().encrypt(payload).decode()


def secrets_decrypt(token: str) -> ConnectionSecrets:
    """The secrets stored as `token`; refuses when no configured key opens it."""
    if not token:
        return ConnectionSecrets()
    try:
        payload = _cipher().decrypt(token.encode())
    except InvalidToken as exc:
        raise SecretsUnreadable(
            "The CRM connection's credentials were encrypted with another key than "
            "UPLIFT_SECRET_KEY_ENCRYPTION holds: put that key back (after the new one), or "
            "connect again."
        ) from exc
    values = json.loads(payload)
    known = {f.name for f in fields(ConnectionSecrets)}
    return ConnectionSecrets(**{k: str(v) for k, v in values.items() if k in known})
