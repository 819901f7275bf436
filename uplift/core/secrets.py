"""Text kept secret at rest (an identity provider's client secret, a signing key), encrypted as
one Fernet token with the installation's keys: UPLIFT_SECRET_KEY_ENCRYPTION (comma-separated; the
first encrypts, every one decrypts), or in development only a key derived from Django's
SECRET_KEY for the purpose named. The same keys as the CRM connections' secrets
(uplift/crm/sync/secrets.py, docs/deploy.md)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from uplift.core.refusals import Conflict


class SecretKeyMissing(Conflict):
    """No encryption key is configured where a derived one is not allowed."""

    default_code = "encryption_key_missing"


class SecretUnreadable(Conflict):
    """The stored secret was encrypted with a key that is no longer configured."""

    default_code = "secret_unreadable"


def _cipher(purpose: str) -> MultiFernet:
    keys = [key.encode() for key in settings.UPLIFT_SECRET_ENCRYPTION_KEYS]
    if not keys:
        if not settings.UPLIFT_SECRET_ENCRYPTION_DERIVED_ALLOWED:
            raise SecretKeyMissing(
                "No key to encrypt secrets with: set UPLIFT_SECRET_KEY_ENCRYPTION "
                "(docs/deploy.md says how to make one), then save again."
            )
        digest = hashlib.sha256(purpose.encode() + settings.SECRET_KEY.encode()).digest()
        keys = [base64.urlsafe_b64encode(digest)]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise SecretKeyMissing(
            "UPLIFT_SECRET_KEY_ENCRYPTION is not a list of Fernet keys (docs/deploy.md)."
        ) from exc


def secret_encrypt(text: str, *, purpose: str) -> str:
    """The Fernet token stored for `text` (blank for blank text)."""
    return _cipher(purpose).encrypt(text.encode()).decode() if text else ""


def secret_decrypt(token: str, *, purpose: str) -> str:
    """The text stored as `token`; refuses when no configured key opens it."""
    if not token:
        return ""
    try:
        return _cipher(purpose).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable(
            "A stored secret was encrypted with another key than UPLIFT_SECRET_KEY_ENCRYPTION "
            "holds: put that key back (after the new one), or enter the secret again."
        ) from exc
