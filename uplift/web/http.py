from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from uplift.orgs.models import Person


class AuthedRequest(HttpRequest):
    """A request that passed a signed-in access rule: `user` is a Person of an organisation."""

    user: Person
    htmx: HtmxDetails
