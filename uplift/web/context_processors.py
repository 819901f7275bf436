from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from uplift.web.navigation import nav_items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "organisation_id", None):
        return {"nav_items": []}
    current = request.resolver_match.url_name if request.resolver_match else None
    return {"nav_items": nav_items_for(user.role), "nav_current": current}
