"""A page template is the outline of its page; its sections are partials.

A page template (a name not starting with `_`) says what the page shows and in which order: the
header, then one `{% include "<capability>/_<section>.html" %}` per section, with `with`/`only`
naming the data each section needs. The sections themselves (a card, a table, a chart, a form's
fieldset) are partials, and a block that two pages repeat is one shared partial (in
`web/partials/` or the capability's folder). A page that grows past a few kilobytes has started
to hold its sections again: split it, as the longest pages were split.

The limits sit a little above the longest page once every page was an outline (a page of some
5.8 KB and 102 lines): 6,000 bytes and 120 lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "uplift" / "web" / "templates"
MAX_BYTES = 6_000
MAX_LINES = 120

# Pages still written as one long file; each leaves this list when it is split (the second test
# fails once a listed page fits, so that the list only shrinks).
NOT_YET_SPLIT: frozenset[str] = frozenset()


def _pages() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*.html") if not p.name.startswith("_"))


def _name(page: Path) -> str:
    return page.relative_to(TEMPLATES).as_posix()


def _too_long(page: Path) -> str | None:
    size = len(page.read_bytes())
    lines = len(page.read_text(encoding="utf-8").splitlines())
    if size > MAX_BYTES or lines > MAX_LINES:
        return f"{_name(page)}: {size:,} bytes, {lines} lines"
    return None


def test_the_templates_folder_has_pages() -> None:
    assert len(_pages()) > 50


def test_every_page_template_is_a_short_outline() -> None:
    pages = [page for page in _pages() if _name(page) not in NOT_YET_SPLIT]
    too_long = [found for page in pages if (found := _too_long(page))]
    assert too_long == [], (
        f"Page templates over {MAX_BYTES:,} bytes or {MAX_LINES} lines: move their sections into "
        "partials (`_<section>.html`) and include them"
    )


@pytest.mark.parametrize("name", sorted(NOT_YET_SPLIT))
def test_a_page_not_yet_split_is_still_long(name: str) -> None:
    page = TEMPLATES / name
    assert page.exists(), f"{name} is gone: take it off NOT_YET_SPLIT"
    assert _too_long(page), f"{name} is now short enough: take it off NOT_YET_SPLIT"
