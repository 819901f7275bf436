"""API authentication (a session cookie or a personal bearer token) joined to the access rules.

Each operation passes `auth=api_rule(rule)`: the request is authenticated one of two ways, then
the same `Rule` as for pages decides whether the caller's role may use the operation.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from uplift.orgs.access import Rule
from uplift.orgs.services import api_token_authenticate


def _check(rule: Rule, person: Any) -> Any:
    if person is None:
        return None
    if not rule.allows(person):
        raise HttpError(403, f"Not for your role: {rule.description}")
    return person


class TokenAccess(HttpBearer):
    """`Authorization: Bearer upl_…` with a personal API token."""

    def __init__(self, rule: Rule) -> None:
        super().__init__()
        self.rule = rule

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return _check(self.rule, api_token_authenticate(clear=token))


class SessionAccess(APIKeyCookie):
    """The browser's session cookie; unsafe methods also need the CSRF token."""

    param_name = "sessionid"

    def __init__(self, rule: Rule) -> None:
        super().__init__(csrf=True)
        self.rule = rule

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return _check(self.rule, user)


def api_rule(rule: Rule) -> list[Any]:
    return [TokenAccess(rule), SessionAccess(rule)]
