"""Template filters of the printable documents (PDFs rendered by WeasyPrint)."""

from __future__ import annotations

from django import template

register = template.Library()

# CSS escapes (a backslash, the code point in hex, a space): `escapejs` writes JavaScript's
# `\u002D`, which CSS does not read, so a hyphen in a name printed as "u002D" in page margins.
_CSS_ESCAPES = {"\\": "\\5C ", '"': "\\22 ", "'": "\\27 ", "<": "\\3C ", ">": "\\3E ", "\n": "\\A "}


@register.filter
def css_string(value: object) -> str:
    """Text to put between double quotes in a style sheet (a page margin's `content`): quotes,
    backslashes and line breaks escaped, and no `</style>` can end the style element."""
    text = "".join(_CSS_ESCAPES.get(ch, ch) for ch in str(value))
    return "".join(ch if ch.isprintable() else f"\\{ord(ch):X} " for ch in text)
