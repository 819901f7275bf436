"""HubSpot's answers that are not records: rate limits and passing failures retried by the client
library, an expired OAuth token refreshed once, a revoked one reported, a missing scope named."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crm.sync.hubspot_fake import FakeHubSpot, rate_limit_body
from tests.crm.sync.hubspot_helpers import Waits, connector, fake_hubspot, ids, read
from uplift.crm.sync.connector import ApiAllowance, ConnectionRevoked, SyncFailed
from uplift.crm.sync.hubspot_api import (
    HubSpotApi,
    HubSpotAuth,
    HubSpotAuthError,
    HubSpotRateLimitError,
    HubSpotRevokedError,
    HubSpotScopeError,
    HubSpotUnavailableError,
    NewTokens,
    OAuthApp,
)
from uplift.crm.sync.hubspot_objects import OWNERS

APP = OAuthApp("client-id", "client-secret", "refresh-1")


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeHubSpot]:
    yield from fake_hubspot(tmp_path)


def owners_read(fake: FakeHubSpot, **options: object) -> list[str]:
    return ids(read(connector(fake, **options), "owners"), "owners")  # type: ignore[arg-type]


def test_a_rate_limit_waits_as_long_as_retry_after_says(fake: FakeHubSpot) -> None:
    fake.fail(429, times=2, path="/owners", headers={"Retry-After": "3"})
    waits = Waits()

    assert len(owners_read(fake, waits=waits)) == len(fake.portal.owners)
    assert waits.seconds == [3.0, 3.0]
    assert fake.count("GET", "/crm/v3/owners") == 4  # two refused, then both pages of owners


def test_a_rate_limit_without_retry_after_waits_for_hubspots_window(fake: FakeHubSpot) -> None:
    headers = {
        "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
        "X-HubSpot-RateLimit-Max": "100",
        "X-HubSpot-RateLimit-Remaining": "0",
    }
    fake.fail(429, path="/owners", headers=headers)
    waits = Waits()

    owners_read(fake, waits=waits)

    assert waits.seconds == [10.0]


def test_the_daily_limit_is_not_retried(fake: FakeHubSpot) -> None:
    headers = {"X-HubSpot-RateLimit-Daily": "250000", "X-HubSpot-RateLimit-Daily-Remaining": "0"}
    fake.fail(429, times=10, path="/owners", headers=headers, body=rate_limit_body("DAILY"))
    waits = Waits()

    with pytest.raises(HubSpotRateLimitError, match="daily limit") as raised:
        owners_read(fake, waits=waits)

    assert fake.count("GET", "/owners") == 1
    assert waits.seconds == []
    assert raised.value.reason == "rate_limited"
    assert isinstance(raised.value, SyncFailed)


def test_passing_server_errors_are_retried_with_a_growing_backoff(fake: FakeHubSpot) -> None:
    fake.fail(502, times=3, path="/owners")
    waits = Waits()

    assert len(owners_read(fake, waits=waits)) == len(fake.portal.owners)
    assert len(waits.seconds) == 3
    assert waits.seconds == sorted(waits.seconds)
    assert waits.seconds[-1] > waits.seconds[0]


def test_a_server_that_keeps_failing_stops_the_read_with_a_clear_error(fake: FakeHubSpot) -> None:
    fake.fail(503, times=50, path="/owners")

    with pytest.raises(HubSpotUnavailableError, match="503") as raised:
        owners_read(fake)

    assert raised.value.reason == "unavailable"
    assert fake.count("GET", "/owners") == 7  # the first try and six retries


def test_an_unreachable_server_is_reported_as_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api = HubSpotApi(HubSpotAuth("pat-test"), base_url=f"http://127.0.0.1:{port}", wait=Waits())

    with pytest.raises(HubSpotUnavailableError):
        api.owners_page(after=None, archived=False)


def test_an_expired_oauth_token_is_refreshed_once_and_the_call_made_again(
    fake: FakeHubSpot,
) -> None:
    fake.access_tokens = set()
    fake.expired_tokens = {"old-access"}
    fake.refresh_tokens = {"refresh-1"}
    tokens: list[NewTokens] = []

    found = ids(
        read(connector(fake, token="old-access", oauth=APP, tokens=tokens), "owners"), "owners"
    )

    assert len(found) == len(fake.portal.owners)
    assert [t.access_token for t in tokens] == ["oauth-access-1"]
    assert tokens[0].refresh_token == "refresh-1"
    assert tokens[0].expires_in == 1800
    assert fake.count("POST", "/oauth/v1/token") == 1
    assert [r.token for r in fake.requests if "/owners" in r.path][:2] == [
        "old-access",
        "oauth-access-1",
    ]


def test_a_revoked_refresh_token_stops_the_sync_as_revoked(fake: FakeHubSpot) -> None:
    fake.access_tokens = set()
    fake.expired_tokens = {"old-access"}
    fake.refresh_tokens = set()  # the app was uninstalled

    with pytest.raises(HubSpotRevokedError, match="Connect HubSpot again") as raised:
        read(connector(fake, token="old-access", oauth=APP), "owners")

    assert isinstance(raised.value, ConnectionRevoked)
    assert raised.value.reason == "revoked"
    assert fake.count("POST", "/oauth/v1/token") == 1


def test_a_refused_token_is_refreshed_only_once(fake: FakeHubSpot) -> None:
    fake.access_tokens = set()  # even the new token is refused
    fake.refresh_tokens = {"refresh-1"}
    fake.on_request = lambda _request: fake.access_tokens.clear()

    with pytest.raises(HubSpotAuthError) as raised:
        read(connector(fake, token="old-access", oauth=APP), "owners")

    assert not isinstance(raised.value, HubSpotRevokedError)
    assert fake.count("POST", "/oauth/v1/token") == 1


def test_a_private_app_token_refused_is_not_refreshed(fake: FakeHubSpot) -> None:
    with pytest.raises(HubSpotAuthError, match="Authentication credentials not found"):
        read(connector(fake, token="deleted-app"), "owners")

    assert fake.count("POST", "/oauth/v1/token") == 0


def test_a_missing_scope_is_named(fake: FakeHubSpot) -> None:
    body = {
        "status": "error",
        "message": "This app hasn't been granted all required scopes to make this call.",
        "correlationId": "c",
        "category": "MISSING_SCOPES",
    }
    fake.fail(403, path="/crm/v3/objects/deals", body=body)

    with pytest.raises(HubSpotScopeError, match="required scopes") as raised:
        read(connector(fake), "deals")

    assert raised.value.reason == "missing_scope"


def test_choices_keep_their_values_without_the_schema_scope(fake: FakeHubSpot) -> None:
    fake.fail(403, path="/crm/v3/properties/deals")

    rows = [row for page in read(connector(fake), "deals") for row in page.records]

    assert {row["dealtype"] for row in rows} == {"newbusiness", "existingbusiness"}


def test_the_daily_allowance_is_read_from_hubspots_headers(fake: FakeHubSpot) -> None:
    con = connector(fake)
    assert con.allowance() is None

    list(con.pages(OWNERS.source, since=None, cursor=None))

    allowance = con.allowance()
    assert isinstance(allowance, ApiAllowance)
    assert allowance.limit == 250_000
    assert allowance.used == len(fake.requests)
