"""The SCIM 2.0 directory (RFC 7644) under /scim/v2/: the identity provider's door, with the
organisation's SCIM bearer token instead of a person's sign-in. Each view reads the request,
calls one provisioning service and answers SCIM JSON; a refusal answers SCIM's error body."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from uplift.audit.context import acting_set
from uplift.audit.models import Door
from uplift.core.refusals import Conflict, Invalid, NotFound, Refusal
from uplift.orgs.access import Rule, mark
from uplift.orgs.models import Organisation
from uplift.provisioning import resources, services
from uplift.web.http import query_text

DIRECTORY = Rule(
    "directory",
    public=True,
    description="The identity provider, with the organisation's SCIM bearer token.",
)
SCIM_JSON = "application/scim+json"
MAX_BODY = 1_000_000

View = Callable[..., HttpResponse]


def _answer(body: Any, status: int = 200) -> HttpResponse:
    response = JsonResponse(body, status=status, safe=False, content_type=SCIM_JSON)
    response["Cache-Control"] = "no-store"
    return response


def _error(status: int, detail: str, scim_type: str = "") -> HttpResponse:
    body = {"schemas": [resources.ERROR], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    return _answer(body, status)


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as error:
        raise Invalid("The body is not JSON.", code="invalidSyntax") from error
    if not isinstance(data, dict):
        raise Invalid("The body is a JSON object.", code="invalidSyntax")
    return data


def directory(methods: tuple[str, ...]) -> Callable[[Callable[..., Any]], View]:
    """Authenticate the directory's token, allow `methods`, and answer refusals SCIM's way."""

    def decorate(view: Callable[..., Any]) -> View:
        @csrf_exempt
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            organisation = (
                services.scim_authenticate(clear=token.strip())
                if scheme.lower() == "bearer"
                else None
            )
            if organisation is None:
                response = _error(401, "A valid SCIM bearer token is needed.")
                response["WWW-Authenticate"] = 'Bearer realm="Uplift SCIM"'
                return response
            if request.method not in methods:
                return _error(405, f"{request.method} is not allowed here.")
            acting_set(person=None, door=Door.API)
            try:
                answer: HttpResponse = view(request, organisation, *args, **kwargs)
            except NotFound as refusal:
                return _error(404, refusal.message)
            except Conflict as refusal:
                return _error(409, refusal.message, refusal.code)
            except Refusal as refusal:
                return _error(refusal.status, refusal.message, refusal.code)
            return answer

        mark(guarded, DIRECTORY)
        return guarded

    return decorate


def _listing(request: HttpRequest, found: Any, shape: Callable[[Any], dict[str, Any]]) -> Any:
    page = services.page_of(
        query_text(request, "startIndex") or None, query_text(request, "count") or None
    )
    total = found.count()
    rows = list(found[page.start - 1 : page.start - 1 + page.count]) if page.count else []
    return resources.list_response([shape(r) for r in rows], total=total, start=page.start)


def _group(team: Any) -> dict[str, Any]:
    return resources.group_resource(team, list(team.members.order_by("pk")))


@directory(("GET",))
def service_provider_config(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return _answer(resources.SERVICE_PROVIDER_CONFIG)


@directory(("GET",))
def schemas(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return _answer(
        resources.list_response(resources.SCHEMAS, total=len(resources.SCHEMAS), start=1)
    )


@directory(("GET",))
def resource_types(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    types = resources.RESOURCE_TYPES
    return _answer(resources.list_response(types, total=len(types), start=1))


@directory(("GET", "POST"))
def users(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if request.method == "POST":
        person = services.user_create(organisation=organisation, data=_body(request))
        return _answer(resources.user_resource(person), 201)
    found = services.users_of(
        organisation=organisation, filter_text=query_text(request, "filter", max_length=1000)
    )
    return _answer(_listing(request, found, resources.user_resource))


@directory(("GET", "PUT", "PATCH", "DELETE"))
def user(request: HttpRequest, organisation: Organisation, user_id: str) -> HttpResponse:
    person = services.user_of(organisation=organisation, user_id=user_id)
    if request.method == "PUT":
        person = services.user_replace(person=person, data=_body(request))
    elif request.method == "PATCH":
        person = services.user_patch(person=person, operations=_body(request).get("Operations"))
    elif request.method == "DELETE":
        services.user_deactivate(person=person)
        return HttpResponse(status=204)
    return _answer(resources.user_resource(person))


@directory(("GET", "POST"))
def groups(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if request.method == "POST":
        team = services.group_create(organisation=organisation, data=_body(request))
        return _answer(_group(team), 201)
    found = services.groups_of(
        organisation=organisation, filter_text=query_text(request, "filter", max_length=1000)
    )
    return _answer(_listing(request, found, _group))


@directory(("GET", "PUT", "PATCH", "DELETE"))
def group(request: HttpRequest, organisation: Organisation, group_id: str) -> HttpResponse:
    team = services.group_of(organisation=organisation, group_id=group_id)
    if request.method == "PUT":
        team = services.group_replace(team=team, data=_body(request))
    elif request.method == "PATCH":
        team = services.group_patch(team=team, operations=_body(request).get("Operations"))
        return HttpResponse(status=204)
    elif request.method == "DELETE":
        services.group_delete(team=team)
        return HttpResponse(status=204)
    return _answer(_group(team))
