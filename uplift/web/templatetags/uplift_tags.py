from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from uplift.analytics.behaviour.wording import ordinal

register = template.Library()


@register.filter
def dict_get(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter(name="ordinal")
def ordinal_filter(value: Any, scale: Any = 1) -> str:
    """A percentile as ``93rd``: the one wording of percentiles (see `wording.ordinal`).
    ``scale`` turns a share into a percentile: ``{{ 0.85|ordinal:100 }}`` is ``85th``."""
    if value is None or value == "":
        return ""
    return ordinal(float(value) * float(scale))


@register.filter
def break_after_slashes(value: Any) -> SafeString:
    """A label escaped, that may wrap after each slash on a narrow screen: a CRM stage such as
    "Negotiation/Review" is one long word otherwise, and widens its table past a phone's."""
    slash = format_html("{}<wbr>", "/")
    return format_html_join(slash, "{}", ((part,) for part in str(value).split("/")))
