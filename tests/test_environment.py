"""config.env: one switch per store, and the mail URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.env import read_environment
from config.settings import _cache_settings, _email_settings
from uplift.analytics.engine import EngineURLError, parse_engine_url


def test_defaults_live_in_uplift_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPLIFT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("UPLIFT_ANALYTICS_URL", raising=False)
    env = read_environment()
    assert env.home == tmp_path / "home"
    assert env.database_url is None
    assert env.sqlite_path == tmp_path / "home" / "uplift.sqlite3"
    assert env.analytics_url == f"duckdb://{tmp_path / 'home' / 'analytics.duckdb'}"
    assert len(env.secret_key) > 40
    assert read_environment().secret_key == env.secret_key  # generated once, then kept


def test_switches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPLIFT_HOME", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db:5432/uplift")
    monkeypatch.setenv("UPLIFT_ANALYTICS_URL", "postgres://u@wh:5432/analytics")
    monkeypatch.setenv("UPLIFT_ALLOWED_HOSTS", "uplift.example.com, 10.0.0.1")
    env = read_environment()
    assert env.database_url == "postgres://u@db:5432/uplift"
    assert env.analytics_url == "postgres://u@wh:5432/analytics"
    assert env.allowed_hosts == ["uplift.example.com", "10.0.0.1"]


def test_the_job_lease(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPLIFT_HOME", str(tmp_path))
    monkeypatch.delenv("UPLIFT_JOB_LEASE_SECONDS", raising=False)
    assert read_environment().job_lease_seconds == 300
    monkeypatch.setenv("UPLIFT_JOB_LEASE_SECONDS", "90")
    assert read_environment().job_lease_seconds == 90
    monkeypatch.setenv("UPLIFT_JOB_LEASE_SECONDS", "1")
    with pytest.raises(ValueError, match="UPLIFT_JOB_LEASE_SECONDS must be at least 2"):
        read_environment()


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("console://", "console"),
        ("locmem://", "locmem"),
        ("file:///tmp/mail", "filebased"),
        ("smtp://user:p%40ss@mail.local:2525?tls=1", "smtp"),
    ],
)
def test_email_urls(url: str, backend: str) -> None:
    settings = _email_settings(url)
    assert backend in str(settings["EMAIL_BACKEND"])
    if backend == "smtp":
        assert settings["EMAIL_HOST"] == "mail.local"
        assert settings["EMAIL_PORT"] == 2525
        assert settings["EMAIL_HOST_PASSWORD"] == "p@ss"
        assert settings["EMAIL_USE_TLS"] is True


def test_unknown_email_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="UPLIFT_EMAIL_URL"):
        _email_settings("carrier-pigeon://x")


def test_engine_urls() -> None:
    assert parse_engine_url("duckdb:///data/a.duckdb").path == Path("/data/a.duckdb")
    assert parse_engine_url("duckdb://").path is None
    pg = parse_engine_url("postgresql://me:secret@h:5432/db")
    assert pg.kind == "postgres"
    assert "secret" not in pg.display
    with pytest.raises(EngineURLError):
        parse_engine_url("mysql://x")


def test_https_settings_are_off_until_the_tls_proxy_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UPLIFT_HOME", str(tmp_path))
    env = read_environment()
    assert (env.behind_tls_proxy, env.secure_cookies, env.ssl_redirect) == (False, False, False)
    assert (env.hsts_seconds, env.hsts_include_subdomains, env.hsts_preload) == (0, False, False)
    monkeypatch.setenv("UPLIFT_BEHIND_TLS_PROXY", "1")
    env = read_environment()
    assert (env.behind_tls_proxy, env.secure_cookies, env.ssl_redirect) == (True, True, True)
    monkeypatch.setenv("UPLIFT_SSL_REDIRECT", "0")  # e.g. the proxy redirects plain HTTP itself
    monkeypatch.setenv("UPLIFT_HSTS_SECONDS", "31536000")
    monkeypatch.setenv("UPLIFT_HSTS_INCLUDE_SUBDOMAINS", "yes")
    env = read_environment()
    assert (env.secure_cookies, env.ssl_redirect) == (True, False)
    hsts = (env.hsts_seconds, env.hsts_include_subdomains, env.hsts_preload)
    assert hsts == (31536000, True, False)


def test_session_lifetimes_and_the_cache_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UPLIFT_HOME", str(tmp_path))
    env = read_environment()
    assert (env.session_idle_minutes, env.session_max_hours, env.cache_url) == (
        120,
        12,
        "locmem://",
    )
    monkeypatch.setenv("UPLIFT_SESSION_IDLE_MINUTES", "30")
    monkeypatch.setenv("UPLIFT_SESSION_MAX_HOURS", "8")
    monkeypatch.setenv("UPLIFT_CACHE_URL", "redis://127.0.0.1:6379/0")
    env = read_environment()
    assert (env.session_idle_minutes, env.session_max_hours) == (30, 8)
    assert env.cache_url == "redis://127.0.0.1:6379/0"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("UPLIFT_SESSION_IDLE_MINUTES", "two hours", "a whole number"),
        ("UPLIFT_SESSION_MAX_HOURS", "0", "at least 1"),
        ("UPLIFT_HSTS_SECONDS", "-1", "at least 0"),
    ],
)
def test_wrong_numbers_are_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv("UPLIFT_HOME", str(tmp_path))
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=f"{name} must be {message}"):
        read_environment()


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://127.0.0.1:6379/0", "django.core.cache.backends.redis.RedisCache"),
        ("rediss://cache.internal:6380/1", "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_cache_urls(url: str, backend: str) -> None:
    cache = _cache_settings(url)["default"]
    assert cache["BACKEND"] == backend
    if "redis" in backend:
        assert cache["LOCATION"] == url


def test_unknown_cache_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="UPLIFT_CACHE_URL"):
        _cache_settings("memcached://127.0.0.1:11211")
