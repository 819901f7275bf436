"""A fake HubSpot API on 127.0.0.1, answering in HubSpot's documented formats, for the
connector's tests.

It serves a `Portal` (hubspot_portal.py) through the endpoints the connector calls:

- GET  /crm/v3/owners                          (`after`, `limit`, `archived`)
- GET  /crm/v3/pipelines/deals
- POST /crm/v3/properties/{object}/batch/read
- GET  /crm/v3/objects/{object}                (`after`, `limit`, `properties`, `archived`)
- POST /crm/v3/objects/{object}/search         (filterGroups, sorts, `after`, `limit` ≤ 200;
                                                `total`; a 400 past `max_search_results`)
- POST /crm/v3/objects/{object}/batch/read     (`propertiesWithHistory`, newest first)
- POST /crm/v4/associations/{from}/{to}/batch/read
- GET  /oauth/authorize                        (client_id, redirect_uri, scope, state): sends
                                                the browser straight back with a code, as if
                                                the admin chose the account and allowed the
                                                app; with `deny_consent`, with
                                                error=access_denied instead
- POST /oauth/v1/token                         (grant_type=authorization_code, once per code
                                                and for its redirect_uri; refresh_token)

Bearer tokens: `access_tokens` work, `expired_tokens` answer 401 EXPIRED_AUTHENTICATION,
anything else 401. Refresh tokens in `refresh_tokens` give a new access token; `revoked`
ones answer 400 BAD_REFRESH_TOKEN. `fail(...)` queues error answers (429 with HubSpot's body and
rate-limit headers, 502, ...) for the next matching requests. Every request is recorded in
`requests`. Records with equal modification times come back in an order of their own (not by
id), as HubSpot does not promise one.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.crm.sync.hubspot_portal import FakeRecord, Portal, iso

DAILY_LIMIT = 250_000
ALWAYS = ("hs_object_id", "hs_lastmodifieddate", "createdate")


@dataclass
class Failure:
    status: int
    headers: dict[str, str]
    body: dict[str, Any]
    path: str  # answers requests whose path contains this
    times: int


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    token: str | None


def _error(message: str, category: str, **more: Any) -> dict[str, Any]:
    return {
        "status": "error",
        "message": message,
        "correlationId": str(uuid.uuid4()),
        "category": category,
        **more,
    }


def rate_limit_body(policy: str = "SECONDLY") -> dict[str, Any]:
    """HubSpot's documented 429 body."""
    limit = "daily" if policy == "DAILY" else "secondly"
    return {
        "status": "error",
        "message": f"You have reached your {limit} limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": str(uuid.uuid4()),
        "policyName": policy,
        "requestId": str(uuid.uuid4()),
    }


@dataclass
class FakeHubSpot:
    portal: Portal
    max_search_results: int = 10_000
    access_tokens: set[str] = field(default_factory=lambda: {"pat-test"})
    expired_tokens: set[str] = field(default_factory=set)
    refresh_tokens: set[str] = field(default_factory=set)
    revoked: set[str] = field(default_factory=set)
    client: tuple[str, str] = ("client-id", "client-secret")
    requests: list[Request] = field(default_factory=list)
    failures: deque[Failure] = field(default_factory=deque)
    clock: int = 0  # ms: the portal's "now", moved on by every change
    codes: dict[str, str] = field(default_factory=dict)  # code -> the redirect_uri it was for
    scopes_asked: list[str] = field(default_factory=list)
    deny_consent: bool = False
    on_request: Any = None  # called with each Request before it is answered (tests kill here)

    def __post_init__(self) -> None:
        self.clock = self.portal.latest() + 60_000
        self._lock = threading.Lock()
        self._issued = 0
        self._server: ThreadingHTTPServer | None = None

    # -- running --------------------------------------------------------------------------

    def start(self) -> FakeHubSpot:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._handle(self, "GET")

            def do_POST(self) -> None:
                fake._handle(self, "POST")

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Quiet: the tests read `requests` instead."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # -- what tests change ----------------------------------------------------------------

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock / 1000, UTC)

    def tick(self) -> int:
        self.clock += 1000
        return self.clock

    def touch(self, kind: str, record_id: str, **properties: str | None) -> FakeRecord:
        """Change a record (its modification time becomes now)."""
        record = self.portal.objects[kind][record_id]
        record.properties.update(properties)
        record.modified = self.tick()
        return record

    def touch_at(self, kind: str, record_id: str, moment: int, **properties: str | None) -> None:
        """Change a record stamped `moment` (ms), the clock left as it is: a write of that moment
        made visible only now."""
        record = self.portal.objects[kind][record_id]
        record.properties.update(properties)
        record.modified = moment

    def archive(self, kind: str, record_id: str) -> None:
        record = self.portal.objects[kind][record_id]
        record.archived_at = self.tick()

    def fail(
        self,
        status: int,
        *,
        times: int = 1,
        path: str = "/",
        headers: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        default = rate_limit_body() if status == 429 else _error("Internal error", "UNKNOWN")
        self.failures.append(Failure(status, headers or {}, body or default, path, times))

    def count(self, method: str, path_part: str) -> int:
        return sum(1 for r in self.requests if r.method == method and path_part in r.path)

    # -- answering ------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        content_type = handler.headers.get("Content-Type") or ""
        if "json" in content_type and raw:
            body: Any = json.loads(raw)
        elif raw:
            body = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        else:
            body = None
        auth = handler.headers.get("Authorization") or ""
        token = auth.removeprefix("Bearer ").strip() or None
        request = Request(method, parts.path, parse_qs(parts.query), body, token)
        with self._lock:
            self.requests.append(request)
        if self.on_request is not None:
            self.on_request(request)
        status, headers, answer = self._answer(request)
        data = json.dumps(answer).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json;charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _limits(self) -> dict[str, str]:
        used = len(self.requests)
        return {
            "X-HubSpot-RateLimit-Daily": str(DAILY_LIMIT),
            "X-HubSpot-RateLimit-Daily-Remaining": str(DAILY_LIMIT - used),
            "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
            "X-HubSpot-RateLimit-Max": "190",
            "X-HubSpot-RateLimit-Remaining": "189",
        }

    def _answer(self, request: Request) -> tuple[int, dict[str, str], Any]:
        with self._lock:
            for failure in list(self.failures):
                if failure.path in request.path:
                    failure.times -= 1
                    if failure.times <= 0:
                        self.failures.remove(failure)
                    return failure.status, failure.headers, failure.body
        path = request.path.rstrip("/")
        if path in ("/oauth/authorize", "/oauth/v1/token"):
            return self._authorize(request) if path.endswith("authorize") else self._token(request)
        refused = self._refuse(request)
        if refused is not None:
            return refused
        # Search answers carry no rate-limit headers (HubSpot's documentation says so).
        limits = {} if path.endswith("/search") else self._limits()
        segments = path.strip("/").split("/")
        try:
            answer = self._route(request, segments)
        except LookupError:
            return 404, {}, _error(f"Unknown path {path}", "OBJECT_NOT_FOUND")
        if isinstance(answer, tuple):
            return answer
        return 200, limits, answer

    def _refuse(self, request: Request) -> tuple[int, dict[str, str], Any] | None:
        if request.token in self.access_tokens:
            return None
        if request.token in self.expired_tokens:
            message = "The OAuth token used to make this call expired 0 second(s) ago."
            return 401, {}, _error(message, "EXPIRED_AUTHENTICATION")
        return 401, {}, _error("Authentication credentials not found.", "INVALID_AUTHENTICATION")

    def _authorize(self, request: Request) -> tuple[int, dict[str, str], Any]:
        asked = {k: v[0] for k, v in request.query.items()}
        if asked.get("client_id") != self.client[0] or not asked.get("redirect_uri"):
            return 400, {}, _error("Unknown app or no redirect URL.", "BAD_CLIENT_ID")
        self.scopes_asked = asked.get("scope", "").split()
        back: dict[str, str] = {"state": asked.get("state", "")}
        if self.deny_consent:
            back |= {"error": "access_denied", "error_description": "The user denied access"}
        else:
            code = f"code-{uuid.uuid4().hex}"
            self.codes[code] = asked["redirect_uri"]
            back["code"] = code
        return 302, {"Location": f"{asked['redirect_uri']}?{urlencode(back)}"}, {}

    def _code_exchange(self, form: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        redirect_uri = self.codes.pop(form.get("code", ""), None)
        if redirect_uri is None or redirect_uri != form.get("redirect_uri"):
            return 400, {}, {"status": "BAD_AUTH_CODE", "message": "missing or unknown auth code"}
        self._issued += 1
        token, refresh = f"oauth-access-{self._issued}", f"oauth-refresh-{self._issued}"
        self.access_tokens.add(token)
        self.refresh_tokens.add(refresh)
        body = {"token_type": "bearer", "refresh_token": refresh, "access_token": token}
        return 200, {}, {**body, "expires_in": 1800}

    def _token(self, request: Request) -> tuple[int, dict[str, str], Any]:
        form = request.body or {}
        if (form.get("client_id"), form.get("client_secret")) != self.client:
            return 400, {}, {"status": "BAD_CLIENT_ID", "message": "missing or unknown client id"}
        if form.get("grant_type") == "authorization_code":
            return self._code_exchange(form)
        refresh = form.get("refresh_token")
        if form.get("grant_type") != "refresh_token" or refresh not in self.refresh_tokens:
            return (
                400,
                {},
                {"status": "BAD_REFRESH_TOKEN", "message": "missing or invalid refresh token"},
            )
        self._issued += 1
        token = f"oauth-access-{self._issued}"
        self.access_tokens.add(token)
        return (
            200,
            {},
            {
                "token_type": "bearer",
                "refresh_token": refresh,
                "access_token": token,
                "expires_in": 1800,
            },
        )

    def _route(self, request: Request, segments: list[str]) -> Any:  # noqa: PLR0911 (one per path)
        match segments:
            case ["crm", "v3", "owners"]:
                return self._owners(request)
            case ["crm", "v3", "pipelines", "deals"]:
                return {"results": self.portal.pipelines}
            case ["crm", "v3", "properties", kind, "batch", "read"]:
                wanted = {i["name"] for i in request.body["inputs"]}
                found = [d for d in self.portal.properties.get(kind, []) if d["name"] in wanted]
                return self._batch(found)
            case ["crm", "v3", "objects", kind]:
                return self._list(request, self.portal.objects[kind])
            case ["crm", "v3", "objects", kind, "search"]:
                return self._search(request, self.portal.objects[kind])
            case ["crm", "v3", "objects", kind, "batch", "read"]:
                return self._batch_read(request, self.portal.objects[kind])
            case ["crm", "v4", "associations", from_type, to_type, "batch", "read"]:
                return self._associations(request, from_type, to_type)
        raise LookupError(request.path)

    @staticmethod
    def _batch(results: list[Any]) -> dict[str, Any]:
        moment = iso(int(datetime.now(UTC).timestamp() * 1000))
        return {
            "status": "COMPLETE",
            "results": results,
            "startedAt": moment,
            "completedAt": moment,
        }

    @staticmethod
    def _page(
        items: list[Any], limit: int, after: str | None, key: Any
    ) -> tuple[list[Any], str | None]:
        """List paging: `after` is the next item's key, as HubSpot's list tokens are."""
        start = 0
        if after:
            start = next((i for i, item in enumerate(items) if key(item) >= int(after)), len(items))
        page = items[start : start + limit]
        following = items[start + limit] if start + limit < len(items) else None
        return page, str(key(following)) if following is not None else None

    @staticmethod
    def _paged(results: list[Any], after: str | None, path: str, **more: Any) -> dict[str, Any]:
        answer: dict[str, Any] = {**more, "results": results}
        if after is not None:
            answer["paging"] = {"next": {"after": after, "link": f"{path}?after={after}"}}
        return answer

    def _owners(self, request: Request) -> dict[str, Any]:
        archived = request.query.get("archived", ["false"])[0].lower() == "true"
        limit = min(int(request.query.get("limit", ["100"])[0]), 500)
        owners = sorted(
            (o for o in self.portal.owners if o["archived"] == archived), key=lambda o: int(o["id"])
        )
        page, after = self._page(
            owners, limit, request.query.get("after", [None])[0], lambda o: int(o["id"])
        )
        return self._paged(page, after, request.path)

    def _list(self, request: Request, records: dict[str, FakeRecord]) -> dict[str, Any]:
        archived = request.query.get("archived", ["false"])[0].lower() == "true"
        limit = min(int(request.query.get("limit", ["10"])[0]), 100)
        names = [n for value in request.query.get("properties", []) for n in value.split(",") if n]
        chosen = sorted(
            (r for r in records.values() if (r.archived_at is not None) == archived),
            key=lambda r: int(r.id),
        )
        page, after = self._page(
            chosen, limit, request.query.get("after", [None])[0], lambda r: int(r.id)
        )
        return self._paged([r.json(names) for r in page], after, request.path)

    @staticmethod
    def _value(record: FakeRecord, name: str) -> Any:
        if name == "hs_lastmodifieddate":
            return record.modified
        if name == "hs_object_id":
            return int(record.id)
        return record.properties.get(name)

    def _matches(self, record: FakeRecord, condition: dict[str, Any]) -> bool:
        value = self._value(record, condition["propertyName"])
        wanted: Any = condition.get("value")
        if isinstance(value, int) and wanted is not None:
            wanted = int(wanted)
        operator = condition["operator"]
        if value is None:
            return operator == "NOT_HAS_PROPERTY"
        return {
            "EQ": lambda: value == wanted,
            "NEQ": lambda: value != wanted,
            "GT": lambda: value > wanted,
            "GTE": lambda: value >= wanted,
            "LT": lambda: value < wanted,
            "LTE": lambda: value <= wanted,
            "HAS_PROPERTY": lambda: True,
        }[operator]()

    def _search(self, request: Request, records: dict[str, FakeRecord]) -> Any:
        body = request.body or {}
        limit = int(body.get("limit", 10))
        if limit > 200:
            return 400, {}, _error("limit must be at most 200", "VALIDATION_ERROR")
        offset = int(body.get("after") or 0)
        if offset >= self.max_search_results:
            message = f"Search results are limited to {self.max_search_results}"
            return 400, {}, _error(message, "VALIDATION_ERROR")
        groups = body.get("filterGroups") or [{"filters": []}]
        matched = [
            r
            for r in records.values()
            if r.archived_at is None
            and any(all(self._matches(r, f) for f in g["filters"]) for g in groups)
        ]
        sorts = body.get("sorts") or [{"propertyName": "hs_object_id", "direction": "ASCENDING"}]
        sort = sorts[0]["propertyName"]
        # Equal values in an order of HubSpot's own (here: by the id's reversed digits).
        matched.sort(key=lambda r: (self._value(r, sort) or 0, r.id[::-1]))
        if sorts[0].get("direction") == "DESCENDING":
            matched.reverse()
        page = matched[offset : offset + limit]
        names = list(body.get("properties") or [])
        following = str(offset + limit) if offset + limit < len(matched) else None
        return self._paged(
            [r.json(names) for r in page], following, request.path, total=len(matched)
        )

    def _batch_read(self, request: Request, records: dict[str, FakeRecord]) -> dict[str, Any]:
        body = request.body
        names = list(body.get("properties") or [])
        results = []
        for item in body["inputs"]:
            record = records.get(item["id"])
            if record is None or record.archived_at is not None:
                continue
            answer = record.json(names)
            if "dealstage" in (body.get("propertiesWithHistory") or []):
                answer["propertiesWithHistory"] = {
                    "dealstage": [
                        {
                            "value": value,
                            "timestamp": iso(moment),
                            "sourceType": "CRM_UI",
                            "sourceId": "userId:9000001",
                            "updatedByUserId": 9000001,
                        }
                        for value, moment in reversed(record.history)  # newest first
                    ]
                }
            results.append(answer)
        return self._batch(results)

    def _associations(self, request: Request, from_type: str, to_type: str) -> dict[str, Any]:
        links = self.portal.associations.get((from_type, to_type), {})
        results = []
        for item in request.body["inputs"]:
            found = links.get(item["id"])
            if found:
                results.append(
                    {
                        "from": {"id": item["id"]},
                        "to": [
                            {"toObjectId": int(to), "associationTypes": kinds}
                            for to, kinds in found
                        ],
                    }
                )
        return self._batch(results)
