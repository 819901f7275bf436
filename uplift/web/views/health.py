from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse

from uplift.orgs import access
from uplift.orgs.access import page_rule


@page_rule(access.PUBLIC)
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and the demo's start-up check: the app answers and its database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
