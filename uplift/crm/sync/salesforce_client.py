"""Salesforce's REST API and Bulk API 2.0 through simple-salesforce, with the connection's
credentials: an expired access token is refreshed once, and errors become the engine's words.

- REST `queryAll` (deleted records included) with `nextRecordsUrl` paging;
- Bulk API 2.0 query jobs (`queryAll`): created, waited for, results read as CSV pages with
  their `Sforce-Locator`;
- the daily API allowance from the `Sforce-Limit-Info` header of every REST answer, or from
  `/limits` before the first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

import requests
from simple_salesforce.api import Salesforce
from simple_salesforce.bulk2 import Operation, _Bulk2Client
from simple_salesforce.exceptions import (
    SalesforceError,
    SalesforceExpiredSession,
    SalesforceMalformedRequest,
    SalesforceRefusedRequest,
    SalesforceResourceNotFound,
)
from simple_salesforce.util import Usage

from uplift.crm.sync.connector import (
    ApiAllowance,
    ConnectionRevoked,
    CursorExpired,
    SyncFailed,
)
from uplift.crm.sync.salesforce_auth import Tokens

API_VERSION = "62.0"
T = TypeVar("T")
TokenSource = Callable[[], Tokens]  # a fresh access token (refreshed or signed), kept by the caller


def _errors(content: Any) -> list[dict[str, Any]]:
    """Salesforce's error list ([{"errorCode", "message"}]) from an error answer's body."""
    if isinstance(content, dict):
        content = [content]
    return [e for e in content if isinstance(e, dict)] if isinstance(content, list) else []


def _words(error: SalesforceError) -> str:
    found = _errors(error.content)
    if found:
        return "; ".join(
            f"{e.get('errorCode', 'ERROR')}: {e.get('message', '')}".rstrip(": ") for e in found
        )
    return str(error.content)[:300]


def _codes(error: SalesforceError) -> set[str]:
    return {str(e.get("errorCode")) for e in _errors(error.content)}


class SalesforceClient:
    """One sync's conversation with one Salesforce org."""

    def __init__(
        self,
        *,
        session: requests.Session,
        instance_url: str,
        access_token: str,
        refresh: TokenSource | None,
        bulk_poll_seconds: float = 2.0,
    ) -> None:
        self.session = session
        self._refresh = refresh
        self._poll = bulk_poll_seconds
        self.requests = 0  # calls made, for the summary and the tests
        self._connect(instance_url, access_token)

    def _connect(self, instance_url: str, access_token: str) -> None:
        self.instance_url = instance_url.rstrip("/")
        self.sf = Salesforce(
            instance_url=self.instance_url,
            session_id=access_token,
            version=API_VERSION,
            session=self.session,
        )

    def _call(self, action: Callable[[], T]) -> T:
        """Run one API call; on an expired session refresh the token once and run it again."""
        try:
            return self._translated(action)
        except SalesforceExpiredSession as expired:
            if self._refresh is None:
                raise SyncFailed(
                    f"Salesforce refused the access token ({_words(expired)}): give a new one."
                ) from expired
            tokens = self._refresh()
            self._connect(tokens.instance_url or self.instance_url, tokens.access_token)
            try:
                return self._translated(action)
            except SalesforceExpiredSession as again:
                raise ConnectionRevoked(
                    f"Salesforce refused a freshly issued access token ({_words(again)})"
                ) from again

    def _translated(self, action: Callable[[], T]) -> T:
        self.requests += 1
        try:
            return action()
        except SalesforceExpiredSession:
            raise
        except SalesforceMalformedRequest as exc:
            if "INVALID_QUERY_LOCATOR" in _codes(exc):
                raise CursorExpired(
                    f"Salesforce forgot the query's cursor ({_words(exc)})."
                ) from exc
            raise SyncFailed(
                f"Salesforce refused the request ({_words(exc)}). If it names a field, correct "
                "the connection's field mapping."
            ) from exc
        except SalesforceResourceNotFound as exc:
            raise CursorExpired(f"Salesforce no longer has it ({_words(exc)}).") from exc
        except SalesforceRefusedRequest as exc:
            if "REQUEST_LIMIT_EXCEEDED" in _codes(exc):
                raise SyncFailed(
                    f"Salesforce's daily API limit is reached ({_words(exc)}): the next sync "
                    "resumes once it allows calls again."
                ) from exc
            raise SyncFailed(
                f"Salesforce refused the request ({_words(exc)}): the connected user needs the "
                "'API Enabled' permission and read access to the synced objects."
            ) from exc
        except SalesforceError as exc:
            raise SyncFailed(
                f"Salesforce answered HTTP {exc.status} ({_words(exc)}) after retries: the next "
                "sync resumes from what was read."
            ) from exc
        except requests.RequestException as exc:
            raise SyncFailed(
                f"Salesforce could not be reached ({type(exc).__name__}: {exc}): the next sync "
                "resumes from what was read."
            ) from exc

    # REST
    def query_all(self, soql: str) -> dict[str, Any]:
        return self._call(lambda: dict(self.sf.query(soql, include_deleted=True)))

    def query_more(self, next_records_url: str) -> dict[str, Any]:
        return self._call(
            lambda: dict(
                self.sf.query_more(next_records_url, identifier_is_url=True, include_deleted=True)
            )
        )

    def count(self, soql: str) -> int:
        return int(self.query_all(soql).get("totalSize") or 0)

    # Bulk API 2.0
    def _bulk(self) -> _Bulk2Client:
        return _Bulk2Client("", self.sf.bulk2_url, dict(self.sf.headers), self.session)

    def bulk_job(self, soql: str) -> str:
        """Start a query job (deleted records included); its id."""
        job = self._call(lambda: self._bulk().create_job(Operation.query_all, query=soql))
        return str(job["id"])

    def bulk_wait(self, job_id: str) -> None:
        """Wait until the job is complete; a failed or aborted job is a failure. Polls soon at
        first (a small job is done in well under a second), then less often, up to every
        `bulk_poll_seconds`."""
        wait = min(0.1, self._poll)
        while True:
            info = self._call(lambda: self._bulk().get_job(job_id, is_query=True))
            state = info.get("state")
            if state == "JobComplete":
                return
            if state in ("Failed", "Aborted"):
                words = info.get("errorMessage") or state
                raise SyncFailed(f"Salesforce's bulk query job {job_id} ended {state}: {words}.")
            time.sleep(wait)
            wait = min(wait * 2, self._poll)

    def bulk_results(self, job_id: str, locator: str, max_records: int) -> tuple[str, str]:
        """One set of the job's results: (CSV text, the next set's locator or "")."""
        found = self._call(lambda: self._bulk().get_query_results(job_id, locator, max_records))
        return str(found["records"]), str(found["locator"] or "")

    # The daily API allowance
    def allowance(self) -> ApiAllowance | None:
        usage = self.sf.api_usage.get("api-usage")
        if isinstance(usage, Usage):
            return ApiAllowance(used=int(usage.used), limit=int(usage.total))
        limits = self._call(lambda: self.sf.restful("limits"))
        daily = (limits or {}).get("DailyApiRequests") or {}
        if "Max" not in daily:
            return None
        maximum = int(daily["Max"])
        return ApiAllowance(used=maximum - int(daily.get("Remaining", maximum)), limit=maximum)
