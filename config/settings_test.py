"""Settings for the test suite: a throw-away UPLIFT_HOME, fast hashing, mail kept in memory,
tasks run inline. UPLIFT_TEST_DB=postgres runs the suite on PostgreSQL."""

from __future__ import annotations

import os
import tempfile

# Tests never touch a person's real stores.
os.environ["UPLIFT_HOME"] = tempfile.mkdtemp(prefix="uplift-test-home-")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("UPLIFT_ANALYTICS_URL", None)

import dj_database_url

from config.settings import *
from config.settings import STATIC_ROOT, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

POSTGRES_TEST_URL = os.environ.get(
    "UPLIFT_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/uplift"
)
if os.environ.get("UPLIFT_TEST_DB") == "postgres":
    DATABASES = {"default": dict(dj_database_url.parse(POSTGRES_TEST_URL))}

# Serve static files from the apps' folders, as the browser tests' live server needs them.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
