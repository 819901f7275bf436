"""The REST API: one NinjaAPI, a router per capability, every operation behind an access rule."""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI

from uplift.api import (
    awards,
    coaching,
    debriefs,
    development,
    impact,
    leaders,
    orgs,
    performance_definition,
    practices,
    recognition,
)
from uplift.orgs import access
from uplift.orgs.access import page_rule

api = NinjaAPI(
    title="Uplift API",
    version="1",
    description=(
        "Uplift's REST API. Authenticate with your browser session (send the CSRF token on writes) "
        "or with a personal token from *API tokens*: `Authorization: Bearer upl_…`. "
        "Every call sees exactly what its caller may see in the web app."
    ),
    docs_decorator=page_rule(access.PUBLIC),
    urls_namespace="api",
)
CAPABILITY_ROUTERS = (
    practices,
    debriefs,
    development,
    coaching,
    recognition,
    awards,
    impact,
    leaders,
    performance_definition,
)
api.add_router("/", orgs.router)
for capability in CAPABILITY_ROUTERS:
    api.add_router("/", capability.router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)
