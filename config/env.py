"""The one place that reads the environment.

Everything configurable about a running Uplift comes through here, so that the settings module,
the command line and the analytics engine agree on where the stores live.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


def _flag(name: str, *, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int, *, minimum: int = 0) -> int:
    value = (os.environ.get(name) or "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {number}")
    return number


def _list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


@dataclass(frozen=True)
class Environment:
    """What the environment says, resolved to concrete values."""

    home: Path
    database_url: str | None
    analytics_url: str
    secret_key: str
    debug: bool
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    email_url: str
    default_from_email: str
    tasks_backend: str
    # Where links in e-mails point: UPLIFT_BASE_URL when set (base_url_configured), else the
    # address `uplift serve` or `uplift demo` listens on (UPLIFT_SERVED_URL, which they set).
    base_url: str
    base_url_configured: bool
    upload_max_bytes: int
    cache_url: str
    # HTTPS and the reverse proxy in front of Uplift (docs/deploy.md).
    behind_tls_proxy: bool
    secure_cookies: bool
    ssl_redirect: bool
    hsts_seconds: int
    hsts_include_subdomains: bool
    hsts_preload: bool
    # A signed-in session ends after this long without a request, and this long after signing in.
    session_idle_minutes: int
    session_max_hours: int
    # Chat webhooks may post to private, loopback and link-local addresses (on-premises servers).
    webhook_allow_private: bool
    # A running job or analysis whose process has not said it is alive for this long was left by
    # a process that stopped, and is taken back (uplift.core.leases).
    job_lease_seconds: int
    # Where `uplift init` collects the static files (a web server in front may serve them).
    static_root: Path
    # Fernet keys for the CRM connections' tokens and secrets (UPLIFT_SECRET_KEY_ENCRYPTION,
    # comma-separated: the first encrypts, every one decrypts, so a key can be rotated). Empty:
    # a key derived from the secret key, in development only (`secrets_derived_key_allowed`).
    secret_encryption_keys: tuple[str, ...] = ()
    # The CA certificates outgoing HTTPS (the CRM sync) trusts instead of certifi's: the file or
    # folder REQUESTS_CA_BUNDLE names, else SSL_CERT_FILE (a company's TLS-inspecting proxy).
    ca_bundle: str | None = None

    @property
    def secrets_derived_key_allowed(self) -> bool:
        """Development (debug, or the embedded SQLite database): CRM secrets may be encrypted
        with a key derived from the secret key when no UPLIFT_SECRET_KEY_ENCRYPTION is set."""
        return self.debug or self.database_url is None

    @property
    def sqlite_path(self) -> Path:
        return self.home / "uplift.sqlite3"

    @property
    def duckdb_path(self) -> Path:
        return self.home / "analytics.duckdb"


def uplift_home() -> Path:
    raw = os.environ.get("UPLIFT_HOME") or "~/.local/share/uplift"
    return Path(raw).expanduser().resolve()


def _secret_key(home: Path) -> str:
    """UPLIFT_SECRET_KEY, else a key generated once and kept beside the embedded stores."""
    explicit = os.environ.get("UPLIFT_SECRET_KEY")
    if explicit:
        return explicit
    key_file = home / "secret_key"
    try:
        return key_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        home.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        # Write then rename, so two processes starting at once never read half a key.
        tmp = key_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(key, encoding="utf-8")
        tmp.chmod(0o600)
        tmp.replace(key_file)
        return key_file.read_text(encoding="utf-8").strip()


def read_environment() -> Environment:
    home = uplift_home()
    default_analytics = f"duckdb://{home / 'analytics.duckdb'}"
    behind_tls_proxy = _flag("UPLIFT_BEHIND_TLS_PROXY")
    return Environment(
        home=home,
        database_url=os.environ.get("DATABASE_URL") or None,
        static_root=Path(os.environ.get("UPLIFT_STATIC_ROOT") or home / "static").expanduser(),
        analytics_url=os.environ.get("UPLIFT_ANALYTICS_URL") or default_analytics,
        secret_key=_secret_key(home),
        debug=_flag("UPLIFT_DEBUG"),
        allowed_hosts=_list("UPLIFT_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"]),
        csrf_trusted_origins=_list("UPLIFT_CSRF_TRUSTED_ORIGINS", []),
        email_url=os.environ.get("UPLIFT_EMAIL_URL") or "console://",
        default_from_email=os.environ.get("UPLIFT_FROM_EMAIL") or "Uplift <uplift@localhost>",
        tasks_backend=os.environ.get("UPLIFT_TASKS_BACKEND") or "database",
        base_url=(
            os.environ.get("UPLIFT_BASE_URL")
            or os.environ.get("UPLIFT_SERVED_URL")
            or "http://127.0.0.1:8000"
        ).rstrip("/"),
        base_url_configured=bool(os.environ.get("UPLIFT_BASE_URL")),
        upload_max_bytes=int(os.environ.get("UPLIFT_UPLOAD_MAX_MB") or "2048") * 2**20,
        cache_url=os.environ.get("UPLIFT_CACHE_URL") or "locmem://",
        behind_tls_proxy=behind_tls_proxy,
        # Behind a TLS proxy the site is HTTPS, so cookies go over HTTPS only and plain HTTP is
        # redirected; without one, redirecting would loop (Django would never see HTTPS).
        secure_cookies=_flag("UPLIFT_SECURE_COOKIES", default=behind_tls_proxy),
        ssl_redirect=_flag("UPLIFT_SSL_REDIRECT", default=behind_tls_proxy),
        hsts_seconds=_int("UPLIFT_HSTS_SECONDS", 0),
        hsts_include_subdomains=_flag("UPLIFT_HSTS_INCLUDE_SUBDOMAINS"),
        hsts_preload=_flag("UPLIFT_HSTS_PRELOAD"),
        session_idle_minutes=_int("UPLIFT_SESSION_IDLE_MINUTES", 120, minimum=1),
        session_max_hours=_int("UPLIFT_SESSION_MAX_HOURS", 12, minimum=1),
        webhook_allow_private=_flag("UPLIFT_WEBHOOK_ALLOW_PRIVATE"),
        job_lease_seconds=_int("UPLIFT_JOB_LEASE_SECONDS", 300, minimum=2),
        secret_encryption_keys=tuple(_list("UPLIFT_SECRET_KEY_ENCRYPTION", [])),
        ca_bundle=os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("SSL_CERT_FILE") or None,
    )
