"""What every API operation needs around a service call: who is calling, and how a refusal is
answered (one status per kind of refusal, one JSON body for all of them)."""

from __future__ import annotations

from django.http import HttpRequest

from uplift.core.refusals import Refusal
from uplift.orgs.models import Person


def caller(request: HttpRequest) -> Person:
    """The signed-in person; `api_rule` has authenticated them before the operation runs."""
    person: Person = request.auth  # type: ignore[attr-defined]
    return person


def refusal_body(refusal: Refusal) -> dict[str, str | None]:
    """The JSON of every refusal (`ErrorOut`): `detail` in words, `code` for programs, `field`
    the input it is about (null when it is about the request as a whole)."""
    return {"detail": refusal.message, "code": refusal.code, "field": refusal.field}
