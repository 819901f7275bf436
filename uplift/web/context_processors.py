from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from uplift.web.navigation import current_entry, nav_sections_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The signed-in person's menu, grouped into sections, and the entry and section the page
    belongs to. A view may name its entry itself by putting `nav_current` in its context."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "organisation_id", None):
        return {"nav_sections": []}
    groups = nav_sections_for(user.role)
    current, section = current_entry(groups, request.path)
    return {"nav_sections": groups, "nav_current": current, "nav_section": section}
