"""Who is acting, and through which door, for the events recorded while a request (or a
command) runs: the audit middleware sets it for each request, the API's token check once it
knows the caller, and the command line for its commands.

Openings of another person's private record are recorded on every opening (a minute apart), so
work that opened one is marked (`private_openings_watched`): a page that showed one is never
kept to be shown again without the opening being recorded (the page cache, uplift.web)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from uplift.audit.models import Door

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from uplift.orgs.models import Person


@dataclass(frozen=True)
class Acting:
    person: Person | None
    door: str


_ACTING: ContextVar[Acting | None] = ContextVar("uplift_audit_acting", default=None)


def acting_now() -> Acting | None:
    return _ACTING.get()


def acting_set(*, person: Person | None, door: str) -> None:
    """Name the person acting for the rest of this request (the API, once a token is read)."""
    _ACTING.set(Acting(person=person, door=door))


@contextmanager
def acting(*, person: Person | None, door: str = Door.COMMAND) -> Iterator[None]:
    token = _ACTING.set(Acting(person=person, door=door))
    try:
        yield
    finally:
        _ACTING.reset(token)


class AuditContextMiddleware:
    """Names the signed-in person (if any) and the door (page or API) for the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        person = user if user is not None and user.is_authenticated else None
        door = Door.API if request.path.startswith(("/api/", "/scim/")) else Door.PAGE
        token = _ACTING.set(Acting(person=person, door=door))
        try:
            return self.get_response(request)
        finally:
            _ACTING.reset(token)


@dataclass
class PrivateOpenings:
    """How many times another person's private record was opened while it was watched."""

    count: int = 0


_OPENINGS: ContextVar[PrivateOpenings | None] = ContextVar("uplift_private_openings", default=None)


@contextmanager
def private_openings_watched() -> Iterator[PrivateOpenings]:
    """Count the openings of other people's private records inside the block."""
    openings = PrivateOpenings()
    token = _OPENINGS.set(openings)
    try:
        yield openings
    finally:
        _OPENINGS.reset(token)


def private_opening_noted() -> None:
    """Mark the watched work as having opened another person's private record, whether or not
    this opening is recorded (one a moment ago already was)."""
    openings = _OPENINGS.get()
    if openings is not None:
        openings.count += 1
