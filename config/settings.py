"""Django settings for Uplift. Values that vary between installations come from config.env."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from whitenoise.compress import Compressor

from config.env import read_environment

ENV = read_environment()
BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = ENV.secret_key
DEBUG = ENV.debug
ALLOWED_HOSTS = ENV.allowed_hosts
CSRF_TRUSTED_ORIGINS = ENV.csrf_trusted_origins
UPLIFT_HOME = ENV.home
UPLIFT_ANALYTICS_URL = ENV.analytics_url
UPLIFT_BASE_URL = ENV.base_url
UPLIFT_BASE_URL_CONFIGURED = ENV.base_url_configured
UPLIFT_UPLOAD_MAX_BYTES = ENV.upload_max_bytes
UPLIFT_WEBHOOK_ALLOW_PRIVATE = ENV.webhook_allow_private
UPLIFT_JOB_LEASE_SECONDS = ENV.job_lease_seconds
# CRM connections' tokens and secrets are encrypted with these keys (uplift/crm/sync/secrets.py).
UPLIFT_SECRET_ENCRYPTION_KEYS = ENV.secret_encryption_keys
UPLIFT_SECRET_ENCRYPTION_DERIVED_ALLOWED = ENV.secrets_derived_key_allowed
UPLIFT_CA_BUNDLE = ENV.ca_bundle  # what the CRM sync's HTTPS trusts (None: certifi's bundle)

INSTALLED_APPS = [
    # Uplift's apps first, so that their templates (sign-in, password pages) win over admin's.
    "uplift.core",
    "uplift.orgs",
    "uplift.identity",  # single sign-on: identity providers and sign-in policy per organisation
    "uplift.crm",
    "uplift.insights",
    "uplift.practices",
    "uplift.pulse",
    "uplift.debriefs",
    "uplift.development",
    "uplift.coaching",
    "uplift.recognition",
    "uplift.awards",
    "uplift.initiatives",
    "uplift.notifications",  # after the capabilities: its demo step tells the demo's people news
    "uplift.audit",  # after them too: its demo step reads the coaching and plans they made
    "uplift.privacy",
    "uplift.provisioning",
    "uplift.pipeline",
    "uplift.web",
    "uplift.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "uplift.web.staticfiles.UpliftStaticFilesConfig",  # django.contrib.staticfiles
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs' scripts from our own static files, as the CSP requires
    "csp",
    "axes",
]

MIDDLEWARE = [
    # Keeps a drawn page once every middleware below has answered (cookies included).
    "uplift.web.page_cache.PageCacheStore",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body (the CSRF check reads the form): too large is refused unread.
    "uplift.web.middleware.RequestBodyLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "uplift.web.middleware.RequestAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "uplift.web.middleware.ViewerTimeZoneMiddleware",
    "uplift.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "uplift.web.middleware.SessionLifetimeMiddleware",
    # Answers a signed-in GET from the person's kept page (uplift.web.page_cache): after
    # everything that decides who is asking and whether they are still signed in.
    "uplift.web.page_cache.PageCacheLookup",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "uplift.web.context_processors.navigation",
            ],
            # `|when`: a time in the viewer's time zone, with the zone named, on every page.
            "builtins": ["uplift.web.templatetags.times"],
        },
    },
]


def _databases() -> dict[str, dict[str, object]]:
    if ENV.database_url:
        config = dj_database_url.parse(ENV.database_url, conn_max_age=600, conn_health_checks=True)
        return {"default": dict(config)}
    ENV.home.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ENV.sqlite_path,
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                # WAL lets the web server read while the worker writes; IMMEDIATE transactions take
                # the write lock up front instead of failing half-way with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.Person"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out address before any check
    "uplift.orgs.auth_backends.EmailBackend",
]
# Sign-in lockout (django-axes, on the sign-in page and the admin's alike): ten failed sign-ins
# from one client address, or for one e-mail address, refuse that address for 15 minutes after
# the last counted failure, with the same answer whether or not the e-mail belongs to anyone.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # else anyone could keep a person out
AXES_DISABLE_ACCESS_LOG = True  # failures are kept; successful sign-ins are not logged
AXES_USERNAME_CALLABLE = "uplift.web.limits.sign_in_address"
AXES_CLIENT_IP_CALLABLE = "uplift.web.limits.client_ip"
AXES_LOCKOUT_CALLABLE = "uplift.web.limits.sign_in_locked_out"

# Rate limits (django-ratelimit) on writes people could flood: requests per person (per client
# address for password resets) in a window; over the limit the answer is 429 and nothing is
# written.
RATELIMIT_VIEW = "uplift.web.limits.too_many_requests"
RATELIMIT_IP_META_KEY = "uplift.web.limits.client_ip"
UPLIFT_RATE_LIMITS = {
    "password-reset-address": "3/h",  # e-mails to one address
    "password-reset-client": "20/h",  # requests from one client address
    "kudos": "30/h",
    "nominations": "20/h",
    "comments": "60/h",
    "uploads": "10/h",
    "sign-in-sso": "60/h",  # single sign-on look-ups and answers from one client address
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = ENV.static_root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = ENV.home / "media"
# Source maps are served as they are: compressing the API docs' few megabytes of them would add
# most of a minute to every `uplift init`.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Sessions end after UPLIFT_SESSION_IDLE_MINUTES without a request (the cookie and the stored
# session expire; uplift.web.middleware refreshes them at most once a minute) and at the latest
# UPLIFT_SESSION_MAX_HOURS after signing in.
SESSION_COOKIE_AGE = ENV.session_idle_minutes * 60
UPLIFT_SESSION_MAX_SECONDS = ENV.session_max_hours * 3600

# HTTPS behind a reverse proxy (docs/deploy.md). The proxy must set X-Forwarded-Proto itself and
# overwrite whatever a client sent.
if ENV.behind_tls_proxy:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
UPLIFT_BEHIND_TLS_PROXY = ENV.behind_tls_proxy
SESSION_COOKIE_SECURE = ENV.secure_cookies
CSRF_COOKIE_SECURE = ENV.secure_cookies
SECURE_SSL_REDIRECT = ENV.ssl_redirect
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the supervisor's health check comes over plain HTTP
SECURE_HSTS_SECONDS = ENV.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = ENV.hsts_include_subdomains
SECURE_HSTS_PRELOAD = ENV.hsts_preload

# Request bodies: forms and JSON up to 5 MB (larger is refused with 413 before it is read);
# only the CRM upload page takes files, up to UPLIFT_UPLOAD_MAX_MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100

# Content-Security-Policy: every script is one of our static files (no inline script, no eval).
# Styles allow 'unsafe-inline' because templates carry <style> blocks and style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
}


def _email_settings(url: str) -> dict[str, object]:
    """UPLIFT_EMAIL_URL: console://, locmem://, file:///dir or smtp[s]://user:pass@host:port."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    if scheme in {"smtp", "smtps"}:
        query = parse_qs(parts.query)
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in {"1", "true", "yes"},
        }
    message = (
        f"UPLIFT_EMAIL_URL: unsupported scheme {scheme!r} "
        "(use console, locmem, file, smtp or smtps)"
    )
    raise ValueError(message)


globals().update(_email_settings(ENV.email_url))


def _cache_settings(url: str) -> dict[str, dict[str, object]]:
    """UPLIFT_CACHE_URL: locmem:// (one process's memory) or redis[s]://host:port/db (shared)."""
    scheme = urlsplit(url).scheme.lower()
    # "pages": each person's drawn pages for a minute at most (uplift.web.page_cache), in a
    # store of their own so that they never push the rate limits' counts out.
    if scheme == "locmem":
        locmem = "django.core.cache.backends.locmem.LocMemCache"
        return {
            "default": {"BACKEND": locmem},
            "pages": {
                "BACKEND": locmem,
                "LOCATION": "uplift-pages",
                "TIMEOUT": 60,
                "OPTIONS": {"MAX_ENTRIES": 400, "CULL_FREQUENCY": 4},
            },
        }
    if scheme in {"redis", "rediss"}:
        redis = "django.core.cache.backends.redis.RedisCache"
        return {
            "default": {"BACKEND": redis, "LOCATION": url},
            "pages": {"BACKEND": redis, "LOCATION": url, "TIMEOUT": 60, "KEY_PREFIX": "pages"},
        }
    raise ValueError(
        f"UPLIFT_CACHE_URL: unsupported scheme {scheme!r} (use locmem, redis or rediss)"
    )


# Rate limits (django-ratelimit) count in this cache; sign-in lockouts (django-axes) are kept in
# the database, which every process shares (docs/adr/0006-sign-in-lockout-and-rate-limits.md).
CACHES = _cache_settings(ENV.cache_url)
DEFAULT_FROM_EMAIL = ENV.default_from_email
SERVER_EMAIL = ENV.default_from_email

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if ENV.tasks_backend == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

NINJA_PAGINATION_PER_PAGE = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"uplift": {"level": "INFO", "propagate": True}},
}
