"""API authentication (a session cookie or a personal bearer token) joined to the access rules.

Each operation passes `auth=api_rule(rule)`: the request is authenticated one of two ways, then
the same `Rule` as for pages decides whether the caller's role may use the operation.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django_ratelimit import UNSAFE
from django_ratelimit.core import get_usage
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import BaseThrottle

from uplift.audit.context import acting_set
from uplift.audit.models import Door
from uplift.audit.services import audit_token_use
from uplift.orgs.access import Rule
from uplift.orgs.services import api_token_authenticate
from uplift.web.limits import person_or_client, rate_of


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
        person = api_token_authenticate(clear=token)
        if person is not None:
            acting_set(person=person, door=Door.API)
            audit_token_use(person=person, prefix=token[:12])
        return _check(self.rule, person)


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


class RateLimit(BaseThrottle):
    """The pages' rate limit on writes (uplift.web.limits.rate_limited) for an API operation:
    the same counts per person, so the API is no way around it. Over the limit the answer is
    429 with Retry-After, before the operation runs."""

    def __init__(self, group: str) -> None:
        self.group = group
        self.seconds_left: float | None = None

    def allow_request(self, request: HttpRequest) -> bool:
        usage = get_usage(
            request,
            group=self.group,
            key=person_or_client,
            rate=rate_of,
            method=UNSAFE,
            increment=True,
        )
        if usage is None or not usage["should_limit"]:
            return True
        self.seconds_left = usage["time_left"]
        return False

    def wait(self) -> float | None:
        return self.seconds_left


def rate_limit(group: str) -> RateLimit:
    return RateLimit(group)
