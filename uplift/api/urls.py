"""The REST API: one NinjaAPI, a router per capability, every operation behind an access rule."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI

from uplift.api import capability_routers, orgs
from uplift.api.calls import refusal_body
from uplift.api.docs import VendoredSwagger
from uplift.api.schemas import ALWAYS_REFUSED, ErrorOut
from uplift.core.refusals import NotAllowed, NotFound, Refusal
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
    docs=VendoredSwagger(),
    docs_decorator=page_rule(access.PUBLIC),
    urls_namespace="api",
)


def _mount_routers() -> None:
    api.add_router("/", orgs.router)
    for router in capability_routers():
        api.add_router("/", router)


_mount_routers()


def _document_refusals() -> None:
    """Every operation documents 401, 403 and 404 with their body (`ErrorOut`), besides its own
    responses: who may call it is checked before it runs, and a record outside the caller's
    scope is not found (tests/api/test_openapi_refusals.py walks the document)."""
    for _prefix, router in api._routers:  # ninja has no public listing of its operations
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                extra = operation.openapi_extra = operation.openapi_extra or {}
                for status, meaning in ALWAYS_REFUSED.items():
                    if status not in operation.response_models:
                        model = operation._create_response_model(ErrorOut)
                        operation.response_models[status] = model
                    described = extra.setdefault("responses", {}).setdefault(status, {})
                    described.setdefault("description", meaning)


_document_refusals()


@api.exception_handler(Refusal)
def refused(request: HttpRequest, exc: Refusal) -> HttpResponse:
    """Any refusal of a service: 400 invalid, 403 not allowed, 404 not found, 409 conflict."""
    return api.create_response(request, refusal_body(exc), status=exc.status)


@api.exception_handler(PermissionDenied)
def not_allowed(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """An access helper's 403, answered as a refusal rather than Django's HTML page."""
    return refused(request, NotAllowed(str(exc) or "Not allowed."))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return refused(request, NotFound(str(exc) or "Not found."))
