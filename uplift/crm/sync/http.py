"""The HTTP session CRM connectors talk through: HTTPS with the configured CA bundle, a timeout on
every request, and retries with backoff (urllib3's `Retry`, which requests mounts).

Retried: connection and read errors, and answers 429, 500, 502, 503 and 504 — waiting as long as
a `Retry-After` header says (at most `max_wait` seconds: a server that asks for longer is given
up on, and the next sync resumes), else backing off exponentially. Every method is retried,
POST too: the only POSTs are token requests and bulk query jobs, which may be asked for twice.
"""

from __future__ import annotations

from typing import Any, Self

import requests
from django.conf import settings
from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError, ResponseError
from urllib3.util.retry import Retry

RETRIED_STATUSES = (429, 500, 502, 503, 504)
TIMEOUT = (15.0, 300.0)  # seconds to connect, and to wait for an answer (bulk results are large)


class _CappedRetry(Retry):
    """A Retry that gives up, rather than wait, when `Retry-After` asks for more than
    `max_wait` seconds: the answer is given back as it is, and the next sync resumes."""

    max_wait: float = 120.0

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> Self:
        if response is not None:
            wait = self.get_retry_after(response)
            if wait is not None and wait > self.max_wait:
                raise MaxRetryError(_pool, url or "", ResponseError(f"asked to wait {wait:.0f} s"))
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def new(self, **kwargs: Any) -> Self:
        retry = super().new(**kwargs)
        retry.max_wait = self.max_wait
        return retry


class _TimeoutAdapter(HTTPAdapter):
    """Gives every request a timeout, as client libraries do not all pass one, and verifies
    certificates against the configured CA bundle (requests would otherwise let a
    REQUESTS_CA_BUNDLE of the process's environment win over the session's own)."""

    ca_bundle: str | None = None

    def send(  # noqa: PLR0917  (requests' own signature, positional as it calls it)
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float | None, float | None] | None = None,
        verify: bool | str = True,
        cert: str | tuple[str, str] | None = None,
        proxies: dict[str, str] | None = None,
    ) -> Response:
        return super().send(
            request,
            stream=stream,
            timeout=TIMEOUT if timeout is None else timeout,
            verify=self.ca_bundle if self.ca_bundle and verify is not False else verify,
            cert=cert,
            proxies=proxies,
        )


def http_session(
    *, retries: int = 5, backoff: float = 1.0, max_wait: float = 120.0
) -> requests.Session:
    """A session for one sync: retries as above, the CA bundle of the settings
    (REQUESTS_CA_BUNDLE or SSL_CERT_FILE; requests also reads REQUESTS_CA_BUNDLE itself)."""
    retry = _CappedRetry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=RETRIED_STATUSES,
        allowed_methods=None,  # every method
        respect_retry_after_header=True,
        raise_on_status=False,  # the last answer is given back, and read as an error there
    )
    retry.max_wait = max_wait
    session = requests.Session()
    adapter = _TimeoutAdapter(max_retries=retry)
    adapter.ca_bundle = settings.UPLIFT_CA_BUNDLE
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = "Uplift CRM sync"
    return session
