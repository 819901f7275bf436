"""Markdown people write, shown as formatted text: the formatting a guide or a card uses comes
out as HTML, and hostile Markdown (scripts, javascript: links, on… attributes, raw HTML, pictures
from elsewhere) comes out harmless, whether rendered for a page or for the editor's preview."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.template import Context, Template
from django.test import Client

from tests.conftest import World
from uplift.core.markdown import TAGS, markdown_html, markdown_inline_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)" onclick="alert(2)">x</a>',
    '<img src="x" onerror="alert(1)">',
    "![x](javascript:alert(1))",
    '![x" onerror="alert(1)](https://evil.example/x.png)',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '[x](https://ok.example/" onmouseover="alert(1))',
    "<svg onload=alert(1)>",
    "<!-- <script>alert(1)</script> -->",
    "| a |\n|---|\n| <script>alert(1)</script> |",
]


class _Elements(HTMLParser):
    """The elements and attributes a browser would build from the HTML (escaped text is text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def _harmless(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in TAGS, html
        for name, value in attrs:
            assert not name.startswith("on"), html
            assert name in {"href", "title", "rel", "start", "style"}, html
            if name == "href":  # a link elsewhere, or a relative one (no scheme at all)
                assert urlsplit(value or "").scheme in ("", "http", "https", "mailto"), html
            if name == "style":
                assert re.fullmatch(r"text-align:(left|right|center)", value or ""), html


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_is_neutralised(text: str) -> None:
    _harmless(markdown_html(text))
    _harmless(markdown_inline_html(text))


def test_raw_html_shows_as_the_text_it_is() -> None:
    assert markdown_html("<b>hi</b>") == "<p>&lt;b&gt;hi&lt;/b&gt;</p>\n"


def test_a_picture_shows_as_its_words_and_loads_nothing() -> None:
    assert markdown_html("See ![the *deck*](https://evil.example/x.png)") == "<p>See the deck</p>\n"


def test_formatting_comes_out_as_html() -> None:
    html = markdown_html(
        "# Debrief with Ann\n\n## Opening\n- How do you **start**?\n- Who *else*?\n\n"
        "1. First\n2. Second\n\n> In their words\n\n[Deck](https://example.com/deck)\nNext line"
    )
    assert "<h3>Debrief with Ann</h3>" in html  # the text's top heading sits under the card's
    assert "<h4>Opening</h4>" in html
    assert "<li>How do you <strong>start</strong>?</li>" in html
    assert "<em>else</em>" in html
    assert "<ol>" in html
    assert "<blockquote>" in html
    assert '<a href="https://example.com/deck" rel="nofollow noopener noreferrer">Deck</a>' in html
    assert "<br>" in html  # a line broken by the writer stays broken


def test_empty_text_renders_nothing() -> None:
    assert markdown_html("") == ""
    assert markdown_html("  \n ") == ""
    assert markdown_inline_html("") == ""


def test_the_template_filter_marks_only_clean_html_safe() -> None:
    rendered = Template("{% load words %}{{ text|markdown }}").render(
        Context({"text": "**hi** <script>x</script>"})
    )
    assert rendered == "<p><strong>hi</strong> &lt;script&gt;x&lt;/script&gt;</p>\n"


def test_the_preview_formats_what_it_is_sent(world: World, client: Client) -> None:
    client.force_login(world.ann)
    response = client.post("/markdown/preview/?field=problem", {"problem": "**Stalls** after"})
    assert response.status_code == 200
    assert response.content.decode() == "<p><strong>Stalls</strong> after</p>\n"


@pytest.mark.parametrize("text", HOSTILE)
def test_the_preview_neutralises_hostile_markdown(world: World, client: Client, text: str) -> None:
    client.force_login(world.ann)
    response = client.post("/markdown/preview/?field=text", {"text": text})
    assert response.status_code == 200
    _harmless(response.content.decode())


def test_the_preview_refuses_what_it_cannot_read(world: World, client: Client) -> None:
    client.force_login(world.ann)
    assert client.post("/markdown/preview/", {"text": "x"}).status_code == 400
    assert client.post("/markdown/preview/?field=a%20b", {"a b": "x"}).status_code == 400
    assert client.post("/markdown/preview/?field=text", {"text": "a\x00b"}).status_code == 400
    too_long = "x" * 50_001
    assert client.post("/markdown/preview/?field=text", {"text": too_long}).status_code == 400
    assert client.get("/markdown/preview/?field=text").status_code == 405
