"""Times as people read them: in the viewer's time zone (activated for each request by
`ViewerTimeZoneMiddleware`), with the zone named, so that nobody has to guess whether "09:00"
is their morning or the server's.

    {{ session.scheduled_at|when }}          Tue 3 Mar 2026, 09:00 CET
    {{ session.scheduled_at|when:"long" }}   Tuesday 3 March 2026, 09:00 CET
    {{ comment.created_at|when:"short" }}    3 Mar 09:00 CET
    {{ chip.scheduled_at|when:"time" }}      09:00 CET
    {{ notification.created_at|ago }}        3 hours ago (Tue 3 Mar 2026, 09:00 CET on hover)

A built-in of the templates (settings.TEMPLATES), so no template loads it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince

from uplift.orgs.time_zones import zone_abbreviation

register = template.Library()

FORMATS = {
    "long": "l j F Y, H:i",
    "medium": "D j M Y, H:i",
    "date": "j M Y, H:i",
    "weekday": "D j M, H:i",
    "short": "j M H:i",
    "time": "H:i",
    "seconds": "H:i:s",
}


@register.filter
def when(value: Any, style: str = "medium") -> SafeString | str:
    """A moment in the active time zone with the zone named; the zone's full name on hover."""
    if not isinstance(value, datetime):
        return "" if value in (None, "") else str(value)
    zone = timezone.get_current_timezone_name()
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.isoformat(),
        f"Shown in {zone} time",
        _in_viewer_zone(value, style),
    )


def _in_viewer_zone(value: datetime, style: str) -> str:
    """The moment in the active time zone, in `style`, with the zone's abbreviation."""
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    text = dateformat.format(moment, FORMATS.get(style, FORMATS["medium"]))
    return f"{text} {zone_abbreviation(moment)}"


@register.filter
def ago(value: Any) -> SafeString | str:
    """How long ago, with the moment itself in the viewer's zone, named, on hover."""
    if not isinstance(value, datetime):
        return "" if value in (None, "") else str(value)
    exact = _in_viewer_zone(value, "medium")
    return format_html(
        '<time datetime="{}" title="{}">{} ago</time>', value.isoformat(), exact, timesince(value)
    )


@register.simple_tag
def time_zone_name() -> str:
    """The active time zone's name, for labels ("Times are in Europe/Paris time")."""
    return timezone.get_current_timezone_name()
