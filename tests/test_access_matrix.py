"""Roles × endpoints: every URL and API operation has an access rule, and each role gets what
the privacy model says — no more.

Adding an endpoint without a rule fails `test_every_endpoint_declares_a_rule`; adding one without
a row in ENDPOINT_CASES fails `test_every_endpoint_is_in_the_matrix`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from ninja.openapi.views import default_home
from ninja.operation import PathView

from tests.conftest import World
from uplift.api.security import SessionAccess, TokenAccess
from uplift.api.urls import api
from uplift.orgs.access import rule_of

ROLES = ("anonymous", "rep", "manager", "leader", "admin")


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, str, object]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            yield from ((route, namespace + name, cb) for route, name, cb in _walk(
                entry.url_patterns, prefix + str(entry.pattern)
            ))
        else:
            yield prefix + str(entry.pattern), entry.name or "", entry.callback


def site_endpoints() -> list[tuple[str, str, object]]:
    """(route, name, view) for every URL of the site except the Django admin."""
    return [
        (route, name, view)
        for route, name, view in _walk(get_resolver().url_patterns)
        if not route.startswith("admin/")
    ]


def api_operations() -> list[tuple[str, str, object]]:
    """(method, path, operation) for every API operation."""
    found = []
    for prefix, router in api._routers:  # noqa: SLF001  (ninja exposes no public listing)
        for path, path_view in router.path_operations.items():
            assert isinstance(path_view, PathView)
            for operation in path_view.operations:
                for method in operation.methods:
                    found.append((method, f"/api{prefix.rstrip('/')}{path}", operation))
    return found


def _is_ninja_internal(view: object) -> bool:
    """ninja's dispatcher (its operations are checked one by one below) and its root, which only
    ever answers 404 (ninja uses it to compute paths)."""
    if getattr(view, "func", None) is default_home:
        return True
    return getattr(view, "__qualname__", "").startswith("PathView.get_view.")


def test_every_endpoint_declares_a_rule() -> None:
    missing = []
    for route, name, view in site_endpoints():
        if rule_of(view) is not None or _is_ninja_internal(view):
            continue
        missing.append(f"{route} ({name})")
    assert missing == [], f"endpoints without an access rule: {missing}"


def test_every_api_operation_declares_a_rule() -> None:
    missing = []
    for method, path, operation in api_operations():
        callbacks = operation.auth_callbacks
        kinds = {type(cb) for cb in callbacks}
        if not callbacks or not kinds <= {TokenAccess, SessionAccess}:
            missing.append(f"{method} {path}")
        elif len({cb.rule for cb in callbacks}) != 1:
            missing.append(f"{method} {path} (session and token rules differ)")
    assert missing == [], f"API operations without an access rule: {missing}"


def test_the_admin_is_for_staff_only(client: Client, world: World, login: Callable[..., Client]) -> None:
    assert client.get("/admin/").status_code == 302
    login(world.lou)
    assert client.get("/admin/").status_code == 302  # a leader is not back-office staff


# --- The matrix ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One request and, per role, the status it must get. `path` builds the URL from the world."""

    name: str
    path: Callable[[World], str]
    expect: dict[str, int]
    method: str = "get"


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


SIGNED_IN_PAGE = {"anonymous": 302, "rep": 200, "manager": 200, "leader": 200, "admin": 200}
SIGNED_IN_API = {"anonymous": 401, "rep": 200, "manager": 200, "leader": 200, "admin": 200}

ENDPOINT_CASES: list[Case] = [
    Case("home", lambda w: "/", {**everyone(302)}),
    Case("my_home", lambda w: "/me/", SIGNED_IN_PAGE),
    Case("manager_home", lambda w: "/team/", {**everyone(403), "anonymous": 302, "manager": 200, "leader": 200}),
    Case("leader_home", lambda w: "/leader/", {**everyone(403), "anonymous": 302, "leader": 200}),
    Case("enablement_home", lambda w: "/enablement/", {**everyone(403), "anonymous": 302, "admin": 200}),
    Case("invitations_start", lambda w: "/enablement/invitations/", {**everyone(403), "anonymous": 302, "admin": 302}, "post"),
    # Private data: a rep sees only themselves; Ann's manager and leader see Ann; the admin doesn't.
    Case("person_detail", lambda w: f"/people/{w.ann.pk}/", {"anonymous": 302, "rep": 200, "manager": 200, "leader": 200, "admin": 404}),
    Case("person_detail (another rep)", lambda w: f"/people/{w.art.pk}/", {"anonymous": 302, "rep": 404, "manager": 200, "leader": 200, "admin": 404}),
    Case("person_detail (another team)", lambda w: f"/people/{w.gil.pk}/", {"anonymous": 302, "rep": 404, "manager": 404, "leader": 200, "admin": 404}),
    Case("person_detail (another company)", lambda w: f"/people/{w.otto.pk}/", {"anonymous": 302, "rep": 404, "manager": 404, "leader": 404, "admin": 404}),
    Case("team_detail", lambda w: f"/teams/{w.alpha.pk}/", {**everyone(403), "anonymous": 302, "manager": 200, "leader": 200}),
    Case("team_detail (another team)", lambda w: f"/teams/{w.gamma.pk}/", {**everyone(403), "anonymous": 302, "manager": 404, "leader": 200}),
    Case("team_detail (another company)", lambda w: f"/teams/{w.rival.pk}/", {**everyone(403), "anonymous": 302, "manager": 404, "leader": 404}),
    Case("job_status", lambda w: "/jobs/999999/", {**everyone(404), "anonymous": 302}),
    Case("api_tokens", lambda w: "/settings/tokens/", SIGNED_IN_PAGE),
    Case("api_token_revoke", lambda w: "/settings/tokens/999999/revoke/", {**everyone(302)}, "post"),
    Case("healthz", lambda w: "/healthz", everyone(200)),
    Case("login", lambda w: "/login/", {**everyone(302), "anonymous": 200}),
    Case("logout", lambda w: "/logout/", everyone(302), "post"),
    Case("password_change", lambda w: "/password/change/", SIGNED_IN_PAGE),
    Case("password_change_done", lambda w: "/password/change/done/", SIGNED_IN_PAGE),
    Case("password_reset", lambda w: "/password/reset/", everyone(200)),
    Case("password_reset_done", lambda w: "/password/reset/sent/", everyone(200)),
    Case("password_reset_confirm", lambda w: "/password/reset/MQ/bad-token/", everyone(200)),
    Case("password_reset_complete", lambda w: "/password/reset/complete/", everyone(200)),
    Case("api:api-root", lambda w: "/api/", everyone(404)),
    Case("api:openapi-json", lambda w: "/api/openapi.json", everyone(200)),
    Case("api:openapi-view", lambda w: "/api/docs", everyone(200)),
    # The API: the same rules, with 401 instead of a redirect to the login page.
    Case("GET /api/me", lambda w: "/api/me", SIGNED_IN_API),
    Case("GET /api/people", lambda w: "/api/people", SIGNED_IN_API),
    Case("GET /api/people/{person_id}", lambda w: f"/api/people/{w.art.pk}", {"anonymous": 401, "rep": 404, "manager": 200, "leader": 200, "admin": 404}),
    Case("GET /api/people/{person_id} (another company)", lambda w: f"/api/people/{w.otto.pk}", {"anonymous": 401, "rep": 404, "manager": 404, "leader": 404, "admin": 404}),
    Case("GET /api/teams", lambda w: "/api/teams", {**everyone(403), "anonymous": 401, "manager": 200, "leader": 200}),
    Case("GET /api/teams/{team_id}", lambda w: f"/api/teams/{w.gamma.pk}", {**everyone(403), "anonymous": 401, "manager": 404, "leader": 200}),
    Case("GET /api/jobs/{job_id}", lambda w: "/api/jobs/999999", {**everyone(404), "anonymous": 401}),
]  # fmt: skip


def test_every_endpoint_is_in_the_matrix() -> None:
    covered = {case.name.split(" (")[0] for case in ENDPOINT_CASES}
    names = {name for _, name, view in site_endpoints() if rule_of(view) is not None}
    names.add("api:api-root")
    names |= {f"{method} {path}" for method, path, _ in api_operations()}
    assert names - covered == set(), "add these endpoints to ENDPOINT_CASES"
    assert covered - names == set(), "ENDPOINT_CASES names endpoints that no longer exist"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", ENDPOINT_CASES, ids=lambda c: c.name)
def test_role_gets_expected_status(case: Case, role: str, world: World, client: Client) -> None:
    if role != "anonymous":
        client.force_login(world.by_role()[role])
    response = getattr(client, case.method)(case.path(world))
    assert response.status_code == case.expect[role], (
        f"{role} {case.method.upper()} {case.path(world)} -> {response.status_code}"
    )
