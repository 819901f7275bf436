"""Every page and API call reads its query parameters strictly: a hostile value is refused (400)
or ignored, never a server error.

The endpoints come from the roles x endpoints matrix (tests/test_access_matrix.py), each walked
as a role that may see it. The parameters of a page are those its view reads while answering
(recorded) and those the view names through the uplift.web.http readers; an API operation's
are in the OpenAPI document.
"""

from __future__ import annotations

import functools
import inspect
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import resolve

import uplift.web
from tests.access_cases import ROLES, Case
from tests.conftest import World
from tests.test_access_matrix import ENDPOINT_CASES
from uplift.api.urls import api
from uplift.web.http import QueryParamError, query_id, query_number

HOSTILE = (
    "²",  # a Unicode digit: str.isdigit() says yes, int() says no
    "99999999999999999999999",
    "-1",
    "1.5",
    "\x00",
    "\u200b",
    "x" * 5000,
    "2024-13-45T25:61",
)
_READERS = re.compile(r"""(?:query_\w+\(\s*request,\s*|GET\.get\(\s*)["'](\w+)["']""")
_ROLE_ORDER = ("leader", "manager", "admin", "rep")


def _gets() -> list[Case]:
    """One GET case per endpoint that some role may open."""
    chosen: dict[str, Case] = {}
    for case in ENDPOINT_CASES:
        endpoint = case.name.split(" (")[0]
        if case.method == "get" and endpoint not in chosen and _role(case):
            chosen[endpoint] = case
    return list(chosen.values())


def _role(case: Case) -> str | None:
    return next((r for r in _ROLE_ORDER if 200 <= case.expected(r) < 300), None)


def _view_params(path: str) -> set[str]:
    """The query parameters the page's view names through the readers, read or not this time
    (a page without analysed data, say, returns before it reads them)."""
    return set(_READERS.findall(inspect.getsource(inspect.unwrap(resolve(path).func))))


@functools.cache
def _api_paths() -> dict[str, Any]:
    return dict(api.get_openapi_schema()["paths"])


def _api_params(path: str) -> set[str]:
    """The query parameters of the API operation at `path`, from the OpenAPI document."""
    names: set[str] = set()
    for template, item in _api_paths().items():
        pattern = re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            for parameter in item.get("get", {}).get("parameters", []):
                if parameter["in"] == "query":
                    names.add(parameter["name"])
    return names


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The names a view looks up in a query string while it answers."""
    names: set[str] = set()
    for method in ("__getitem__", "get", "getlist", "__contains__"):
        original = getattr(QueryDict, method)

        def record(self: QueryDict, key: str, *args: Any, _original: Any = original) -> Any:
            names.add(key)
            return _original(self, key, *args)

        monkeypatch.setattr(QueryDict, method, record)
    return names


@pytest.mark.parametrize("case", _gets(), ids=lambda c: c.name)
def test_no_query_parameter_value_makes_a_server_error(
    case: Case, world: World, reads: set[str]
) -> None:
    client = Client(raise_request_exception=False)
    role = _role(case)
    assert role is not None
    client.force_login(world.by_role()[role])
    url = case.url(world, case.objects(world) if case.objects else None)
    parts = urlsplit(url)
    baseline = QueryDict(parts.query, mutable=True)
    reads.clear()
    first = client.get(url)
    assert first.status_code < 500, f"{role} GET {url} -> {first.status_code}"
    api_call = parts.path.startswith("/api/")
    params = _api_params(parts.path) if api_call else reads | _view_params(parts.path)
    params -= {"csrfmiddlewaretoken"}
    failures = []
    for name in sorted(params):
        for value in HOSTILE:
            query = baseline.copy()
            query[name] = value
            response = client.get(f"{parts.path}?{urlencode(list(query.lists()), doseq=True)}")
            if response.status_code >= 500:
                failures.append(f"?{name}={value[:30]!r} -> {response.status_code}")
    assert failures == [], f"{role} GET {parts.path}: {failures}"


def test_the_walk_reaches_the_pages_that_read_query_parameters() -> None:
    walked = {urlsplit(c.path).path.split("{")[0] for c in _gets()}
    for page in ("/recognition/", "/practices/", "/leader/future-leaders/", "/coaching/team/"):
        assert page in walked


@pytest.mark.parametrize("value", ["²", "٣", "1.0", "0", "-3", "99999999999999999999999", " 7 "])
def test_an_id_is_ascii_digits_in_the_database_range(rf: Any, value: str) -> None:
    request = rf.get("/", {"team": value})
    if value.strip() == "7":
        assert query_id(request, "team") == 7
        return
    with pytest.raises(QueryParamError, match="team must be an id"):
        query_id(request, "team")
    assert query_id(request, "team", ignore_invalid=True) is None
    problems: list[str] = []
    assert query_id(request, "team", problems=problems) is None
    assert problems == ["team must be an id (a whole number from 1)."]


@pytest.mark.parametrize("value", ["nan", "inf", "1e5", "²", "0x10", "5", "-0.5"])
def test_a_number_is_finite_plain_decimal_in_its_range(rf: Any, value: str) -> None:
    request = rf.get("/", {"close_fraction": value})
    with pytest.raises(QueryParamError, match="close_fraction must be a number between 0 and 1"):
        query_number(request, "close_fraction", low=0, high=1)


def test_a_bad_query_value_is_answered_400_with_its_name(
    client: Client, world: World, login: Any
) -> None:
    login(world.lou)
    response = client.get("/recognition/leaderboards/", {"team": "²"})
    assert response.status_code == 400
    assert "team must be an id (a whole number from 1)." in response.text
    assert ROLES  # the matrix's roles are the ones walked above


def test_pages_read_the_query_string_only_through_the_readers() -> None:
    web = Path(uplift.web.__file__).parent
    direct = sorted(
        str(path.relative_to(web))
        for path in web.rglob("*.py")
        if path.name != "http.py" and ".GET" in path.read_text(encoding="utf-8")
    )
    assert direct == []
