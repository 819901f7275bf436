"""A local HTTPS server that answers as Salesforce's APIs do, in their documented formats.

- OAuth 2.0 authorize page (`/services/oauth2/authorize`): sends the browser straight back to
  the callback with a code, as if the admin allowed the app; the code's PKCE challenge is
  checked against the verifier at the exchange.
- OAuth 2.0 token endpoint (`/services/oauth2/token`): the web-server flow's code exchange, the
  refresh-token grant and the JWT bearer grant (the assertion's RS256 signature is checked with
  the connected app's certificate); `{"error": "invalid_grant", ...}` with 400 for a revoked
  refresh token.
- REST: `/services/data/vXX.X/query` and `/queryAll` with `totalSize`, `done`,
  `nextRecordsUrl` and `records` (each with its `attributes`); `SELECT COUNT()`; expired query
  locators answer `INVALID_QUERY_LOCATOR`; `/limits` with `DailyApiRequests`; every answer has
  the `Sforce-Limit-Info: api-usage=N/M` header; a missing or expired access token answers 401
  `[{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]`.
- Bulk API 2.0 query jobs: create (`UploadComplete`), job info (`InProgress`, then
  `JobComplete`), results as CSV sets of `maxRecords` with `Sforce-Locator` (the string `null`
  after the last) and `Sforce-NumberOfRecords`.
- Faults on demand: the next answers to a kind of request can be 429 or 503 with `Retry-After`.
- Frozen (`freeze`, for a benchmark): the org no longer changes, so each query's records and
  each bulk result set are rendered once (the bulk queries given, before the clock starts) and
  sent as they are, and the time measured is the client's rather than this server's.

It serves a `FakeOrg` (salesforce_org.py) and counts what it served, so the tests can say which
records and pages were asked for.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import secrets
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlencode

import jwt
from werkzeug import Request, Response

from tests.crm.sync.salesforce_org import FakeOrg

VERSION = "v62.0"
# The connector's queries: everything, or from a moment on less the records given at it.
SOQL = re.compile(
    r"^SELECT (?P<fields>.+?) FROM (?P<object>\w+)"
    r"(?: WHERE SystemModstamp >= (?P<since>\S+)"
    r"(?: AND \(SystemModstamp > (?P=since) OR Id NOT IN \((?P<seen>[^)]*)\)\))?)?$"
)
INVALID_SESSION = [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]


@dataclass
class Fault:
    kind: str  # "query", "bulk", "token", "limits", "any"
    status: int
    times: int
    retry_after: str | None = "1"


@dataclass
class Served:
    """What the server gave, for the tests to count."""

    records: Counter[str] = field(default_factory=Counter)  # object -> records served
    pages: list[tuple[str, str]] = field(default_factory=list)  # (object, page id) served
    requests: Counter[str] = field(default_factory=Counter)  # kind -> requests answered
    faults: int = 0
    queries: list[str] = field(default_factory=list)


@dataclass
class _Job:
    object_name: str
    rows: list[dict[str, Any]]
    fields: list[str]
    polls: int = 0
    soql: str = ""


class FakeSalesforce:
    def __init__(
        self,
        org: FakeOrg,
        *,
        client_id: str = "uplift-app",
        client_secret: str = "s3cret",  # noqa: S107  (the fake app's)
    ):
        self.org = org
        self.client_id, self.client_secret = client_id, client_secret
        self.access_tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.codes: set[str] = set()
        self.challenges: dict[str, str] = {}  # code -> its PKCE challenge (S256)
        self.jwt_public_key: Any = None
        self.jwt_users: set[str] = set()
        self.page_size = 2000
        self.api_used, self.api_limit = 100, 15000
        self.served = Served()
        self.faults: list[Fault] = []
        self.base_url = ""
        self._cursors: dict[str, tuple[str, list[dict[str, Any]], int]] = {}
        self._jobs: dict[str, _Job] = {}
        self._lock = threading.Lock()
        # Hold every page after this many (a client waits there, to be killed), until `gate`.
        self.block_after: int | None = None
        self.gate = threading.Event()
        self.frozen = False
        self._selected: dict[tuple[str, bool], tuple[str, list[str], list[dict[str, Any]]]] = {}
        self._rendered: dict[tuple[str, int, int], tuple[str, str, int]] = {}

    def freeze(self, bulk_queries: list[str], max_records: int) -> None:
        """From now on the org does not change: render each query's bulk result sets of
        `max_records` now, and keep every answer rendered from here on."""
        self.frozen = True
        for soql in bulk_queries:
            _, fields, rows = self._select(soql, deleted=True)
            for offset in range(0, max(len(rows), 1), max_records):
                self._bulk_set(soql, fields, rows, offset, max_records)
        self.served = Served()

    # What the tests set up
    def issue_access_token(self) -> str:
        token = "00D" + secrets.token_hex(12)
        self.access_tokens.add(token)
        return token

    def issue_refresh_token(self) -> str:
        token = "5Aep" + secrets.token_hex(12)
        self.refresh_tokens.add(token)
        return token

    def expire_access_tokens(self) -> None:
        self.access_tokens.clear()

    def revoke(self) -> None:
        self.access_tokens.clear()
        self.refresh_tokens.clear()

    def fail(
        self, kind: str, status: int, *, times: int = 1, retry_after: str | None = "1"
    ) -> None:
        self.faults.append(Fault(kind, status, times, retry_after))

    def forget_cursors(self) -> None:
        self._cursors.clear()

    # The server
    def __call__(self, request: Request) -> Response:
        with self._lock:
            return self._answer(request)

    def _answer(self, request: Request) -> Response:  # noqa: PLR0911  (a router)
        path = request.path
        kind = self._kind(path)
        fault = next((f for f in self.faults if f.kind in (kind, "any") and f.times > 0), None)
        if fault is not None:
            fault.times -= 1
            self.served.faults += 1
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            body = [{"message": "Too many requests", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]
            return self._json(body, status=fault.status, headers=headers)
        self.served.requests[kind] += 1
        if path == "/services/oauth2/token":
            return self._token(request)
        if path == "/services/oauth2/authorize":
            return self._authorize(request)
        if not path.startswith(f"/services/data/{VERSION}/"):
            return self._json([{"errorCode": "NOT_FOUND", "message": path}], status=404)
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if bearer not in self.access_tokens:
            return self._json(INVALID_SESSION, status=401)
        self.api_used += 1
        rest = path.removeprefix(f"/services/data/{VERSION}/").rstrip("/")
        if rest == "limits":
            return self._json(
                {
                    "DailyApiRequests": {
                        "Max": self.api_limit,
                        "Remaining": self.api_limit - self.api_used,
                    }
                }
            )
        if rest in ("query", "queryAll"):
            return self._query(request.args["q"], deleted=rest == "queryAll")
        if rest.startswith(("query/", "queryAll/")):
            return self._query_more(rest.split("/", 1)[1])
        if rest == "jobs/query" and request.method == "POST":
            return self._job_create(json.loads(request.get_data()))
        match = re.fullmatch(r"jobs/query/(\w+)(/results)?", rest)
        if match:
            job_id, results = match.groups()
            if job_id not in self._jobs:
                return self._json([{"errorCode": "NOT_FOUND", "message": "job"}], status=404)
            if results:
                return self._job_results(job_id, request.args)
            return self._job_info(job_id)
        return self._json([{"errorCode": "NOT_FOUND", "message": rest}], status=404)

    def _kind(self, path: str) -> str:
        if path == "/services/oauth2/token":
            return "token"
        if "/jobs/" in path:
            return "bulk"
        if path.endswith("/limits"):
            return "limits"
        return "query"

    def _json(
        self, body: Any, *, status: int = 200, headers: dict[str, str] | None = None
    ) -> Response:
        answer = Response(json.dumps(body), status=status, content_type="application/json")
        answer.headers["Sforce-Limit-Info"] = f"api-usage={self.api_used}/{self.api_limit}"
        for name, value in (headers or {}).items():
            answer.headers[name] = value
        return answer

    # OAuth
    def _authorize(self, request: Request) -> Response:
        """The authorize page, as if the admin signed in and allowed the app at once: straight
        back to the callback with a code (and the state), or `invalid_client_id`."""
        args = request.args
        if args.get("client_id") != self.client_id:
            return Response("error=invalid_client_id", status=400)
        code = "aPrx" + secrets.token_hex(8)
        self.codes.add(code)
        if args.get("code_challenge"):
            self.challenges[code] = args["code_challenge"]
        query = urlencode({"code": code, "state": args.get("state", "")})
        return Response(status=302, headers={"Location": f"{args['redirect_uri']}?{query}"})

    def _token(self, request: Request) -> Response:  # noqa: PLR0911  (one answer per grant)
        form = request.form
        grant = form.get("grant_type")
        refresh = ""
        if grant == "refresh_token":
            if (
                form.get("client_id") != self.client_id
                or form.get("client_secret") != self.client_secret
            ):
                return self._json(
                    {"error": "invalid_client", "error_description": "invalid client credentials"},
                    status=400,
                )
            if form.get("refresh_token") not in self.refresh_tokens:
                return self._json(
                    {"error": "invalid_grant", "error_description": "expired access/refresh token"},
                    status=400,
                )
        elif grant == "authorization_code":
            if form.get("code") not in self.codes:
                return self._json(
                    {"error": "invalid_grant", "error_description": "invalid authorization code"},
                    status=400,
                )
            self.codes.discard(form.get("code") or "")
            challenge = self.challenges.pop(form.get("code") or "", "")
            if challenge and challenge != _s256(form.get("code_verifier") or ""):
                return self._json(
                    {"error": "invalid_grant", "error_description": "invalid code verifier"},
                    status=400,
                )
            refresh = self.issue_refresh_token()
        elif grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            try:
                claims = jwt.decode(
                    form.get("assertion") or "",
                    self.jwt_public_key,
                    algorithms=["RS256"],
                    audience=["https://login.salesforce.com", "https://test.salesforce.com"],
                )
            except jwt.PyJWTError as exc:
                return self._json(
                    {"error": "invalid_grant", "error_description": f"invalid assertion: {exc}"},
                    status=400,
                )
            if claims.get("iss") != self.client_id or claims.get("sub") not in self.jwt_users:
                return self._json(
                    {
                        "error": "invalid_grant",
                        "error_description": "user hasn't approved this consumer",
                    },
                    status=400,
                )
        else:
            return self._json(
                {
                    "error": "unsupported_grant_type",
                    "error_description": "grant type not supported",
                },
                status=400,
            )
        body = {
            "access_token": self.issue_access_token(),
            "instance_url": self.base_url,
            "id": f"{self.base_url}/id/00D000000000001EAA/005000000000001AAA",
            "token_type": "Bearer",
            "issued_at": "1700000000000",
            "signature": "c2lnbmF0dXJl",
            "scope": "api refresh_token",
        }
        if refresh:
            body["refresh_token"] = refresh
        return self._json(body)

    # REST queries
    def _select(self, soql: str, *, deleted: bool) -> tuple[str, list[str], list[dict[str, Any]]]:
        self.served.queries.append(soql)
        if self.frozen and (soql, deleted) in self._selected:
            return self._selected[soql, deleted]
        match = SOQL.match(soql)
        assert match is not None, soql
        since = datetime.fromisoformat(match["since"]) if match["since"] else None
        fields = [f.strip() for f in match["fields"].split(",")]
        chosen = fields if fields != ["COUNT()"] else ["Id"]
        seen = {i.strip().strip("'") for i in (match["seen"] or "").split(",") if i.strip()}
        rows = self.org.select(match["object"], chosen, since=since, seen=seen, deleted=deleted)
        if self.frozen:
            self._selected[soql, deleted] = (match["object"], fields, rows)
        return match["object"], fields, rows

    def _query(self, soql: str, *, deleted: bool) -> Response:
        object_name, fields, rows = self._select(soql, deleted=deleted)
        if fields == ["COUNT()"]:
            return self._json({"totalSize": len(rows), "done": True, "records": []})
        locator = "01g" + secrets.token_hex(6)
        self._cursors[locator] = (object_name, rows, 0)
        return self._rest_page(locator, 0, deleted=deleted)

    def _query_more(self, identifier: str) -> Response:
        locator, _, offset = identifier.rpartition("-")
        if locator not in self._cursors:
            body = [{"errorCode": "INVALID_QUERY_LOCATOR", "message": "invalid query locator"}]
            return self._json(body, status=400)
        return self._rest_page(locator, int(offset), deleted=True)

    def _hold_if_asked(self) -> None:
        if self.block_after is not None and len(self.served.pages) >= self.block_after:
            self.gate.wait(timeout=120)

    def _rest_page(self, locator: str, offset: int, *, deleted: bool) -> Response:
        self._hold_if_asked()
        object_name, rows, _ = self._cursors[locator]
        page = rows[offset : offset + self.page_size]
        done = offset + self.page_size >= len(rows)
        self.served.records[object_name] += len(page)
        self.served.pages.append((object_name, f"rest:{locator}-{offset}"))
        body: dict[str, Any] = {
            "totalSize": len(rows),
            "done": done,
            "records": [
                {
                    "attributes": {
                        "type": object_name,
                        "url": f"/services/data/{VERSION}/sobjects/{object_name}/{r.get('Id')}",
                    },
                    **r,
                }
                for r in page
            ],
        }
        if not done:
            endpoint = "queryAll" if deleted else "query"
            body["nextRecordsUrl"] = (
                f"/services/data/{VERSION}/{endpoint}/{locator}-{offset + self.page_size}"
            )
        return self._json(body)

    # Bulk API 2.0
    def _job_create(self, body: dict[str, Any]) -> Response:
        object_name, fields, rows = self._select(
            body["query"], deleted=body["operation"] == "queryAll"
        )
        job_id = "750" + secrets.token_hex(6)
        self._jobs[job_id] = _Job(object_name, rows, fields, soql=body["query"])
        return self._json(self._job_body(job_id, "UploadComplete", body["operation"]))

    def _job_body(self, job_id: str, state: str, operation: str = "queryAll") -> dict[str, Any]:
        return {
            "id": job_id,
            "operation": operation,
            "object": self._jobs[job_id].object_name,
            "createdById": "005000000000001AAA",
            "createdDate": "2026-06-01T08:00:00.000+0000",
            "systemModstamp": "2026-06-01T08:00:00.000+0000",
            "state": state,
            "concurrencyMode": "Parallel",
            "contentType": "CSV",
            "apiVersion": 62.0,
            "lineEnding": "LF",
            "columnDelimiter": "COMMA",
        }

    def _job_info(self, job_id: str) -> Response:
        job = self._jobs[job_id]
        job.polls += 1
        state = "InProgress" if job.polls == 1 else "JobComplete"
        body = self._job_body(job_id, state)
        if state == "JobComplete":
            body |= {
                "numberRecordsProcessed": len(job.rows),
                "retries": 0,
                "totalProcessingTime": 10,
            }
        return self._json(body)

    def _job_results(self, job_id: str, args: Any) -> Response:
        self._hold_if_asked()
        job = self._jobs[job_id]
        offset = int(args.get("locator") or 0)
        size = int(args.get("maxRecords") or 100000)
        text, following, count = self._bulk_set(job.soql, job.fields, job.rows, offset, size)
        self.served.records[job.object_name] += count
        self.served.pages.append((job.object_name, f"bulk:{job_id}:{offset}"))
        answer = Response(text, status=200, content_type="text/csv")
        answer.headers["Sforce-Locator"] = following
        answer.headers["Sforce-NumberOfRecords"] = str(count)
        return answer

    def _bulk_set(
        self, soql: str, fields: list[str], rows: list[dict[str, Any]], offset: int, size: int
    ) -> tuple[str, str, int]:
        """One result set: (CSV text, the next set's locator or "null", records in it)."""
        if self.frozen and (soql, offset, size) in self._rendered:
            return self._rendered[soql, offset, size]
        page = rows[offset : offset + size]
        following = str(offset + size) if offset + size < len(rows) else "null"
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(fields)
        for row in page:
            writer.writerow([_csv_value(row.get(name)) for name in fields])
        rendered = (out.getvalue(), following, len(page))
        if self.frozen:
            self._rendered[soql, offset, size] = rendered
        return rendered


def _csv_value(value: Any) -> str:
    """As Bulk API 2.0's CSV writes a value: blanks for null, true/false, UTC date-times with Z."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.endswith("+0000"):
        return value.removesuffix("+0000") + "Z"
    return str(value)


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def form_of(body: bytes) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(body.decode()).items()}
