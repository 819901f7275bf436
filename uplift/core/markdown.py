"""Markdown that people write (a debrief's guide and notes, a practice card's sections) shown as
formatted text, safely.

Two maintained libraries, each doing one job: markdown-it-py turns CommonMark (with tables and
strike-through) into HTML, with raw HTML off so that anything typed in angle brackets is shown
as text; nh3 (Rust's ammonia) then keeps only an allow-list of tags and attributes and only
http, https and mailto links. Either alone would stop a ``<script>``; both together also stop
what a renderer lets through by design (a ``javascript:`` link spelt with entities, an ``on…``
attribute) and whatever a later option of the renderer might add. Images are left out: a
picture from elsewhere is not something a card or a guide needs, and the pages load nothing
from other sites.

Headings move down the page's outline: the text's ``#`` becomes ``top_heading`` (an ``<h3>`` by
default) so that a guide's title sits under its card's heading rather than beside the page's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "s",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_renderer = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(
    ["table", "strikethrough"]
)


def _image_as_its_words(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    """An image shows as its alt text: the words stay, nothing is fetched from elsewhere."""
    return escapeHtml(self.renderInlineAsText(tokens[idx].children or [], options, env))


_renderer.add_render_rule("image", _image_as_its_words)
_cleaner = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags={"script", "style"},
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel="nofollow noopener noreferrer",
    filter_style_properties={"text-align"},
)


def markdown_html(text: str, *, top_heading: int = 3) -> str:
    """``text`` as clean HTML: CommonMark with tables, a line break where the writer broke the
    line, headings starting at ``<h{top_heading}>``. Empty text gives an empty string."""
    if not text or not text.strip():
        return ""
    tokens = _renderer.parse(text)
    shift = max(0, min(top_heading, 6) - 1)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1:]) + shift
            token.tag = f"h{min(level, 6)}"
    html = _renderer.renderer.render(tokens, _renderer.options, {})
    return _cleaner.clean(html)


def markdown_inline_html(text: str) -> str:
    """One line of ``text`` (a step of a card) as clean HTML: emphasis, code and links, no
    paragraphs or headings."""
    if not text or not text.strip():
        return ""
    return _cleaner.clean(_renderer.renderInline(text))
