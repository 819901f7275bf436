"""HubSpot's API through its official client (`hubspot-api-client`): who we are, what to do when
HubSpot says "slow down" or fails for a moment, and the few read calls the connector makes.

Authentication is a private app's access token, or an OAuth app's access token with its refresh
token: an access token refused with 401 is refreshed once and the call tried again, and a
refresh token HubSpot no longer accepts (the app was uninstalled, or its access removed) ends
the sync with `HubSpotRevokedError`, which a person has to fix by connecting HubSpot again.

Rate limits and passing failures are retried by the client library itself (urllib3's `Retry`,
which the client takes as `retry`): 429 and 5xx answers wait as long as HubSpot's `Retry-After`
says, or until its `X-HubSpot-RateLimit-*` window has passed, or an exponential backoff; a 429
for the spent *daily* allowance is not retried, since nothing changes before midnight.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import urllib3
from hubspot import Client
from hubspot.crm.associations.v4 import ApiException as AssociationsApiException
from hubspot.crm.objects import ApiException as ObjectsApiException
from hubspot.crm.owners import ApiException as OwnersApiException
from hubspot.crm.pipelines import ApiException as PipelinesApiException
from hubspot.crm.properties import ApiException as PropertiesApiException
from hubspot.oauth import ApiException as OAuthApiException
from urllib3.exceptions import MaxRetryError, ResponseError
from urllib3.util.retry import Retry

from uplift.crm.sync.connector import ApiAllowance, ConnectionRevoked, SyncFailed

DEFAULT_BASE_URL = "https://api.hubapi.com"
RETRIED_STATUSES = (429, 500, 502, 503, 504)
MAX_WAIT_SECONDS = 60.0  # a longer Retry-After is HubSpot asking us to come back later
TIMEOUT_SECONDS = 60.0

# Each part of the client raises its own ApiException class.
_API_ERRORS: tuple[type[Exception], ...] = (
    ObjectsApiException,
    OwnersApiException,
    PipelinesApiException,
    PropertiesApiException,
    AssociationsApiException,
    OAuthApiException,
)

T = TypeVar("T")


class HubSpotError(SyncFailed):
    """A HubSpot call that retrying will not fix. `reason` is the short word a sync records."""

    reason = "failed"


class HubSpotAuthError(HubSpotError):
    reason = "unauthorized"


class HubSpotRevokedError(HubSpotAuthError, ConnectionRevoked):
    """The OAuth refresh token no longer works: HubSpot must be connected again."""

    reason = "revoked"


class HubSpotScopeError(HubSpotError):
    """The token works but lacks a scope the sync needs (docs/crm-sync.md lists them)."""

    reason = "missing_scope"


class HubSpotRateLimitError(HubSpotError):
    reason = "rate_limited"


class HubSpotUnavailableError(HubSpotError):
    """HubSpot kept failing (5xx) or could not be reached, after the retries."""

    reason = "unavailable"


@dataclass(frozen=True)
class OAuthApp:
    """An OAuth app's credentials, to get a new access token when the current one expires."""

    client_id: str
    client_secret: str
    refresh_token: str


@dataclass(frozen=True)
class HubSpotAuth:
    """A private app's access token (`oauth` None), or an OAuth app's current access token."""

    access_token: str
    oauth: OAuthApp | None = None


@dataclass(frozen=True)
class NewTokens:
    """What a refresh gave: the engine stores them (encrypted) for the next sync."""

    access_token: str
    refresh_token: str
    expires_in: int | None


def _header(response: Any, name: str) -> str | None:
    value = response.headers.get(name) if response is not None else None
    return str(value) if value is not None else None


def _daily_allowance_spent(response: Any) -> bool:
    return (
        response is not None
        and response.status == 429
        and (_header(response, "X-HubSpot-RateLimit-Daily-Remaining") == "0")
    )


class HubSpotRetry(Retry):
    """urllib3's retries, waiting as HubSpot's rate-limit headers ask; `wait` does the waiting
    (time.sleep, or a recorder in tests)."""

    def __init__(self, *args: Any, wait: Callable[[float], None] = time.sleep, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.wait = wait

    def new(self, **kw: Any) -> HubSpotRetry:
        retry = super().new(**kw)
        retry.wait = self.wait
        return retry

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> Retry:
        if _daily_allowance_spent(response):
            # With raise_on_status off, urllib3 hands this 429 back as it is: its body says which
            # limit it was.
            raise MaxRetryError(_pool, url or "", ResponseError("daily allowance spent"))
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def pause(self, response: Any) -> float:
        """Seconds to wait before the next try."""
        if response is not None:
            after = self.get_retry_after(response)
            if after is not None:
                return min(after, MAX_WAIT_SECONDS)
            interval = _header(response, "X-HubSpot-RateLimit-Interval-Milliseconds")
            remaining = _header(response, "X-HubSpot-RateLimit-Remaining")
            if response.status == 429 and interval and interval.isdigit() and remaining == "0":
                return min(int(interval) / 1000, MAX_WAIT_SECONDS)
        return float(self.get_backoff_time())

    def sleep(self, response: Any = None) -> None:
        self.wait(self.pause(response))


def hubspot_retry(*, wait: Callable[[float], None] = time.sleep, tries: int = 6) -> HubSpotRetry:
    return HubSpotRetry(
        total=tries,
        connect=3,
        read=2,
        status=tries,
        status_forcelist=RETRIED_STATUSES,
        # Searches and batch reads are POSTs that only read: safe to send again.
        allowed_methods=frozenset({"GET", "POST"}),
        backoff_factor=1.0,
        backoff_max=MAX_WAIT_SECONDS,
        respect_retry_after_header=True,
        raise_on_status=False,  # the last answer comes back, so its message can be shown
        wait=wait,
    )


def _message(error: Exception) -> tuple[str, str]:
    """(HubSpot's message, its category or status word) from an error answer's JSON body."""
    body = getattr(error, "body", None)
    try:
        data = json.loads(body) if body else {}
    except (TypeError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    message = str(data.get("message") or getattr(error, "reason", "") or "no message")
    kind = str(data.get("category") or data.get("status") or data.get("errorType") or "")
    return message, kind


class HubSpotApi:
    """The calls the connector makes, answered with the client's models.

    Each call counts in `requests` (tests compare them); the last daily allowance HubSpot
    reported is kept for `allowance()`.
    """

    def __init__(
        self,
        auth: HubSpotAuth,
        *,
        base_url: str = DEFAULT_BASE_URL,
        wait: Callable[[float], None] = time.sleep,
        on_tokens: Callable[[NewTokens], None] | None = None,
        ca_bundle: str | None = None,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self._auth = auth
        self._ca_bundle = ca_bundle  # None: the certificates the client trusts by default
        self._timeout = timeout
        self._base_url = base_url.rstrip("/")
        self._wait = wait
        self._on_tokens = on_tokens
        self._apis: dict[str, Any] = {}
        self._lock = threading.Lock()
        self.requests = 0
        self.allowance: ApiAllowance | None = None

    # -- plumbing -------------------------------------------------------------------------

    def _client(self, *, signed_in: bool = True) -> Client:
        options: dict[str, Any] = {"retry": hubspot_retry(wait=self._wait), "host": self._base_url}
        if signed_in:
            options["access_token"] = self._auth.access_token
        if self._ca_bundle:
            options["ssl_ca_cert"] = self._ca_bundle
        return Client.create(**options)

    def _api(self, name: str) -> Any:
        # The client builds a new connection pool each time an API object is asked for.
        with self._lock:
            if name not in self._apis:
                self._apis[name] = _APIS[name](self._client())
            return self._apis[name]

    def _note_allowance(self, headers: Any) -> None:
        if headers is None:
            return
        limit = headers.get("X-HubSpot-RateLimit-Daily")
        remaining = headers.get("X-HubSpot-RateLimit-Daily-Remaining")
        if limit and remaining and str(limit).isdigit() and str(remaining).isdigit():
            self.allowance = ApiAllowance(used=int(limit) - int(remaining), limit=int(limit))

    def _call(
        self, what: str, api: str, call: Callable[[Any, dict[str, Any]], tuple[T, int, Any]]
    ) -> T:
        """Make one call with the client's `api`; an expired OAuth token is refreshed once and
        the call made again."""
        refreshed = False
        while True:
            self.requests += 1
            try:
                data, _status, headers = call(self._api(api), {"_request_timeout": self._timeout})
            except _API_ERRORS as error:
                status = int(getattr(error, "status", 0) or 0)
                if status == 401 and self._auth.oauth is not None and not refreshed:
                    self._refresh()
                    refreshed = True
                    continue
                raise self._failure(what, error, status) from error
            except urllib3.exceptions.HTTPError as error:
                raise HubSpotUnavailableError(
                    f"HubSpot could not be reached ({what}): {error}"
                ) from error
            self._note_allowance(headers)
            return data

    def _failure(self, what: str, error: Exception, status: int) -> HubSpotError:
        message, kind = _message(error)
        self._note_allowance(getattr(error, "headers", None))
        if status == 401:
            return HubSpotAuthError(f"HubSpot refused the access token ({what}): {message}")
        if status == 403:
            return HubSpotScopeError(
                f"The HubSpot app lacks a scope needed to read {what}: {message}"
            )
        if status == 429:
            policy = f" ({kind})" if kind else ""
            return HubSpotRateLimitError(
                f"HubSpot's rate limit{policy} stopped the sync: {message}"
            )
        if status >= 500 or status == 0:
            return HubSpotUnavailableError(
                f"HubSpot failed to answer ({what}, {status}): {message}"
            )
        return HubSpotError(f"HubSpot refused the request ({what}, {status}): {message}")

    def _refresh(self) -> None:
        oauth = self._auth.oauth
        if oauth is None:
            raise HubSpotAuthError("HubSpot refused the private app's token: make a new one.")
        tokens_api = self._client(signed_in=False).oauth.tokens_api
        self.requests += 1
        try:
            answer = tokens_api.create(
                grant_type="refresh_token",
                client_id=oauth.client_id,
                client_secret=oauth.client_secret,
                refresh_token=oauth.refresh_token,
                _request_timeout=self._timeout,
            )
        except OAuthApiException as error:
            message, kind = _message(error)
            if kind == "BAD_REFRESH_TOKEN" or error.status in (400, 401):
                raise HubSpotRevokedError(
                    f"HubSpot no longer accepts the refresh token ({message}): the app was "
                    "uninstalled or its access removed. Connect HubSpot again."
                ) from error
            raise self._failure("a new access token", error, int(error.status or 0)) from error
        except urllib3.exceptions.HTTPError as error:
            raise HubSpotUnavailableError(f"HubSpot could not be reached: {error}") from error
        refresh_token = answer.refresh_token or oauth.refresh_token
        self._auth = HubSpotAuth(
            access_token=answer.access_token,
            oauth=OAuthApp(oauth.client_id, oauth.client_secret, refresh_token),
        )
        with self._lock:
            self._apis.clear()
        if self._on_tokens is not None:
            self._on_tokens(NewTokens(answer.access_token, refresh_token, answer.expires_in))

    # -- the calls ------------------------------------------------------------------------

    def owners_page(self, *, after: str | None, archived: bool, limit: int = 100) -> Any:
        options: dict[str, Any] = {"limit": limit, "archived": archived}
        if after:
            options["after"] = after
        return self._call(
            "owners", "owners", lambda api, o: api.get_page_with_http_info(**options, **o)
        )

    def pipelines(self, object_type: str) -> Any:
        return self._call(
            f"{object_type} pipelines",
            "pipelines",
            lambda api, o: api.get_all_with_http_info(object_type, **o),
        )

    def property_definitions(self, object_type: str, names: Iterable[str]) -> Any:
        body = {"archived": False, "inputs": [{"name": name} for name in names]}
        return self._call(
            f"{object_type} properties",
            "properties",
            lambda api, o: api.read_with_http_info(object_type, body, **o),
        )

    def list_page(
        self,
        object_type: str,
        *,
        properties: list[str],
        after: str | None,
        archived: bool = False,
        limit: int = 100,
    ) -> Any:
        options: dict[str, Any] = {"limit": limit, "properties": properties, "archived": archived}
        if after:
            options["after"] = after
        return self._call(
            object_type,
            "objects",
            lambda api, o: api.get_page_with_http_info(object_type, **options, **o),
        )

    def search(self, object_type: str, request: dict[str, Any]) -> Any:
        return self._call(
            object_type,
            "search",
            lambda api, o: api.do_search_with_http_info(object_type, request, **o),
        )

    def read_with_history(
        self, object_type: str, ids: list[str], *, properties: list[str], history: list[str]
    ) -> Any:
        body = {
            "inputs": [{"id": record_id} for record_id in ids],
            "properties": properties,
            "propertiesWithHistory": history,
        }
        return self._call(
            f"{object_type} history",
            "batch",
            lambda api, o: api.read_with_http_info(object_type, body, **o),
        )

    def associations(self, from_type: str, to_type: str, ids: list[str]) -> Any:
        body = {"inputs": [{"id": record_id} for record_id in ids]}
        return self._call(
            f"{from_type} → {to_type} associations",
            "associations",
            lambda api, o: api.get_page_with_http_info(from_type, to_type, body, **o),
        )


# The parts of the client the calls use, by the name `_call` knows them by.
_APIS: dict[str, Callable[[Client], Any]] = {
    "owners": lambda client: client.crm.owners.owners_api,
    "pipelines": lambda client: client.crm.pipelines.pipelines_api,
    "properties": lambda client: client.crm.properties.batch_api,
    "objects": lambda client: client.crm.objects.basic_api,
    "search": lambda client: client.crm.objects.search_api,
    "batch": lambda client: client.crm.objects.batch_api,
    "associations": lambda client: client.crm.associations.v4.batch_api,
}


def oauth_code_exchange(
    *,
    base_url: str,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    code: str,
    ca_bundle: str | None = None,
    wait: Callable[[float], None] = time.sleep,
    timeout: float = TIMEOUT_SECONDS,
) -> NewTokens:
    """The OAuth authorization-code flow's last step, through the official client's TokensApi
    (POST {base_url}/oauth/v1/token, as the refreshes of the syncs): the code HubSpot sent the
    admin back with becomes an access token and a refresh token. A code HubSpot refuses (used
    already, expired, for another redirect URL or app) raises `HubSpotError`."""
    options: dict[str, Any] = {"retry": hubspot_retry(wait=wait), "host": base_url.rstrip("/")}
    if ca_bundle:
        options["ssl_ca_cert"] = ca_bundle
    tokens_api = Client.create(**options).oauth.tokens_api
    try:
        answer = tokens_api.create(
            grant_type="authorization_code",
            code=code,
            redirect_uri=redirect_uri,
            client_id=client_id,
            client_secret=client_secret,
            _request_timeout=timeout,
        )
    except OAuthApiException as error:
        message, _kind = _message(error)
        raise HubSpotError(
            f"HubSpot refused to give tokens for the code (HTTP {error.status}: {message}): "
            "check the app's client id, secret and redirect URL, then press Connect again."
        ) from error
    except urllib3.exceptions.HTTPError as error:
        raise HubSpotUnavailableError(f"HubSpot could not be reached: {error}") from error
    if not answer.access_token or not answer.refresh_token:
        raise HubSpotError("HubSpot's answer held no access and refresh token.")
    return NewTokens(answer.access_token, answer.refresh_token, answer.expires_in)
