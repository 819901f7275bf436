"""What every API operation needs around a service call: who is calling, and a service's refusal
turned into the right status with its reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja.errors import HttpError

from uplift.orgs.models import Person


def caller(request: HttpRequest) -> Person:
    """The signed-in person; `api_rule` has authenticated them before the operation runs."""
    person: Person = request.auth  # type: ignore[attr-defined]
    return person


def refusal(error: Exception) -> HttpError:
    """403 for what the caller may not do, 400 with the reasons for what cannot be done."""
    if isinstance(error, PermissionDenied):
        return HttpError(403, str(error) or "Not allowed.")
    if isinstance(error, ValidationError):
        return HttpError(400, " ".join(error.messages))
    return HttpError(400, str(error))
