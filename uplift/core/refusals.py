"""One way for a service to refuse a request.

A service that will not do what it was asked raises a `Refusal` subclass named by what the refusal
means; the message is written for the person who asked, in plain words. Every door shows it the
same way: the API answers with the subclass's status and one JSON body (`uplift/api/urls.py`),
the pages put it on the form (`uplift/web/refusals.py`), the command prints it.

    raise Invalid("A milestone needs a title.", field="title")
    raise NotAllowed("Only the named sponsor may approve this practice.")
    raise Conflict("This action item is already a milestone on the plan.", code="already_done")

`NotAllowed` is also Django's `PermissionDenied` and `NotFound` its `Http404`, so a page that does
not catch them answers 403 and 404 as before.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import PermissionDenied
from django.http import Http404


class Refusal(Exception):  # noqa: N818  (a refusal, shown to the person as it is)
    """A request the service will not carry out: `message` says why in words a person acts on,
    `field` names the input it is about (None when it is about the request as a whole), `code`
    is a stable word for programs (the message may be reworded, the code is not)."""

    status: ClassVar[int] = 400
    default_code: ClassVar[str] = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code or self.default_code

    def __str__(self) -> str:
        return self.message


class Invalid(Refusal):
    """The input cannot be accepted as given (400): missing, too long, out of range, unknown."""


class NotAllowed(Refusal, PermissionDenied):
    """The person may not do this (403)."""

    status = 403
    default_code = "not_allowed"


class NotFound(Refusal, Http404):
    """What the request names does not exist, or not for this person (404)."""

    status = 404
    default_code = "not_found"


class Conflict(Refusal):
    """The request does not fit the current state of the record (409): done already, or the
    record has moved on."""

    status = 409
    default_code = "conflict"
