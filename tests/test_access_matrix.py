"""Roles x endpoints: every URL and API operation has an access rule, and each role gets what
the privacy model says — no more.

Adding an endpoint without a rule fails `test_every_endpoint_declares_a_rule`; adding one without
a row in ENDPOINT_CASES fails `test_every_endpoint_is_in_the_matrix`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from ninja.openapi.views import default_home
from ninja.operation import PathView

from tests.access_cases import ROLES, Case, capability_cases
from tests.conftest import World
from uplift.api.security import SessionAccess, TokenAccess
from uplift.api.urls import api
from uplift.orgs.access import rule_of
from uplift.orgs.services import api_token_create


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, str, object]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            yield from (
                (route, namespace + name, cb)
                for route, name, cb in _walk(entry.url_patterns, prefix + str(entry.pattern))
            )
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
    return [
        (method, f"/api{prefix.rstrip('/')}{path}", operation)
        for prefix, router in api._routers  # ninja has no public listing of its operations
        for path, path_view in router.path_operations.items()
        if isinstance(path_view, PathView)
        for operation in path_view.operations
        for method in operation.methods
    ]


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


def test_the_admin_is_for_staff_only(
    client: Client, world: World, login: Callable[..., Client]
) -> None:
    assert client.get("/admin/").status_code == 302
    login(world.lou)
    assert client.get("/admin/").status_code == 302  # a leader is not back-office staff


# --- The matrix ---------------------------------------------------------------------------------


# Who the roles are: rep Ann (team Alpha), manager Mia (runs Alpha), leader Lou (whole
# organisation), admin Ada (enablement). Art is Ann's teammate, Gil is in another team (Gamma),
# Otto works for another company.
ENDPOINT_CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("home", "/", (302, 302, 302, 302, 302)),
    Case("my_home", "/me/", (302, 200, 200, 200, 200)),
    Case("manager_home", "/team/", (302, 403, 200, 200, 403)),
    Case("leader_home", "/leader/", (302, 403, 403, 200, 403)),
    Case("enablement_home", "/enablement/", (302, 403, 403, 403, 200)),
    # Performance pages (capability 1): the leader's dashboard and its fragments, the manager's
    # team view, a rep's own numbers; someone else's numbers only for their manager chain.
    Case("leader_performance", "/leader/performance/", (302, 403, 403, 200, 403)),
    Case(
        "leader_opportunity",
        "/leader/performance/opportunity/?close_fraction=0.5",
        (302, 403, 403, 200, 403),
    ),
    Case("leader_trend", "/leader/performance/trend/", (302, 403, 403, 200, 403)),
    # Downloads of a page's tables: the page's rule (no analysis in this world: nothing to give).
    Case(
        "leader_performance_download",
        "/leader/performance/ranked-reps.csv",
        (302, 403, 403, 404, 403),
    ),
    Case(
        "leader_performance_download (XLSX)",
        "/leader/performance/ranked-reps.xlsx",
        (302, 403, 403, 404, 403),
    ),
    Case("team_performance", "/team/performance/", (302, 403, 200, 200, 403)),
    Case(
        "team_performance_download",
        "/team/performance/scorecards.csv",
        (302, 403, 404, 404, 403),
    ),
    Case(
        "team_performance_download (XLSX)",
        "/team/performance/scorecards.xlsx",
        (302, 403, 404, 404, 403),
    ),
    Case("my_performance", "/me/performance/", (302, 200, 200, 200, 200)),
    Case("person_performance", "/people/{w.ann.pk}/performance/", (302, 200, 200, 200, 404)),
    Case(
        "person_performance (teammate)",
        "/people/{w.art.pk}/performance/",
        (302, 404, 200, 200, 404),
    ),
    Case(
        "person_performance (other team)",
        "/people/{w.gil.pk}/performance/",
        (302, 404, 404, 200, 404),
    ),
    Case(
        "person_performance (other firm)",
        "/people/{w.otto.pk}/performance/",
        (302, 404, 404, 404, 404),
    ),
    Case("invitations_start", "/enablement/invitations/", (302, 403, 403, 403, 302), "post"),
    Case("people_addresses", "/enablement/addresses/", (302, 403, 403, 403, 200)),
    Case(
        "people_addresses (POST, nobody to give it to)",
        "/enablement/addresses/",
        (302, 403, 403, 403, 404),
        "post",
        data={"person": "999999", "email": "someone@acme.test"},
    ),
    Case("imports", "/enablement/imports/", (302, 403, 403, 403, 200)),
    # The rows an import left out: the admins of its organisation only (none kept for this one).
    Case(
        "import_rejects",
        "/enablement/imports/999999/rejected-rows.csv",
        (302, 403, 403, 403, 404),
    ),
    # Private data: a rep sees only themselves; the admin sees no rep's private data.
    Case("person_detail", "/people/{w.ann.pk}/", (302, 200, 200, 200, 404)),
    Case("person_detail (teammate)", "/people/{w.art.pk}/", (302, 404, 200, 200, 404)),
    Case("person_detail (other team)", "/people/{w.gil.pk}/", (302, 404, 404, 200, 404)),
    Case("person_detail (other firm)", "/people/{w.otto.pk}/", (302, 404, 404, 404, 404)),
    Case("team_detail", "/teams/{w.alpha.pk}/", (302, 403, 200, 200, 403)),
    Case("team_detail (other team)", "/teams/{w.gamma.pk}/", (302, 403, 404, 200, 403)),
    Case("team_detail (other firm)", "/teams/{w.rival.pk}/", (302, 403, 404, 404, 403)),
    Case("job_status", "/jobs/999999/", (302, 404, 404, 404, 404)),
    Case("api_tokens", "/settings/tokens/", (302, 200, 200, 200, 200)),
    Case("api_token_revoke", "/settings/tokens/99/revoke/", (302, 302, 302, 302, 302), "post"),
    Case("healthz", "/healthz", (200, 200, 200, 200, 200)),
    Case("login", "/login/", (200, 302, 302, 302, 302)),
    Case("logout", "/logout/", (302, 302, 302, 302, 302), "post"),
    Case("password_change", "/password/change/", (302, 200, 200, 200, 200)),
    Case("password_change_done", "/password/change/done/", (302, 200, 200, 200, 200)),
    Case("password_reset", "/password/reset/", (200, 200, 200, 200, 200)),
    Case("password_reset_done", "/password/reset/sent/", (200, 200, 200, 200, 200)),
    Case("password_reset_confirm", "/password/reset/MQ/bad-token/", (200, 200, 200, 200, 200)),
    Case("password_reset_complete", "/password/reset/complete/", (200, 200, 200, 200, 200)),
    Case("api:api-root", "/api/", (404, 404, 404, 404, 404)),
    Case("api:openapi-json", "/api/openapi.json", (200, 200, 200, 200, 200)),
    Case("api:openapi-view", "/api/docs", (200, 200, 200, 200, 200)),
    # The API: the same rules, with 401 instead of a redirect to the sign-in page.
    Case("GET /api/me", "/api/me", (401, 200, 200, 200, 200)),
    Case("GET /api/people", "/api/people", (401, 200, 200, 200, 200)),
    Case("GET /api/people/{person_id}", "/api/people/{w.art.pk}", (401, 404, 200, 200, 404)),
    Case(
        "GET /api/people/{person_id} (other firm)",
        "/api/people/{w.otto.pk}",
        (401, 404, 404, 404, 404),
    ),
    Case("GET /api/teams", "/api/teams", (401, 403, 200, 200, 403)),
    Case("GET /api/teams/{team_id}", "/api/teams/{w.gamma.pk}", (401, 403, 404, 200, 403)),
    Case("GET /api/jobs/{job_id}", "/api/jobs/999999", (401, 404, 404, 404, 404)),
    # Your own API tokens: listed to you, revocable by you only (Ann's token here).
    Case("GET /api/tokens", "/api/tokens", (401, 200, 200, 200, 200)),
    Case(
        "POST /api/tokens/{token_id}/revoke",
        "/api/tokens/{token.pk}/revoke",
        (401, 200, 404, 404, 404),
        "post",
        objects=lambda w: {"token": api_token_create(person=w.ann, name="t")[0]},
    ),
]

# Each capability keeps its rows in tests/access_cases/<capability>.py.
ENDPOINT_CASES += capability_cases()


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
    url = case.url(world, case.objects(world) if case.objects else None)
    if case.data is None:
        response = getattr(client, case.method)(url)
    elif url.startswith("/api/"):
        response = getattr(client, case.method)(url, case.data, content_type="application/json")
    else:
        response = getattr(client, case.method)(url, case.data)
    assert response.status_code == case.expected(role), (
        f"{role} {case.method.upper()} {url} -> {response.status_code}"
    )
