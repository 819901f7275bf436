"""Words on the pages: Markdown shown as formatted text, numbers' plain readings, and the
"How is this computed?" disclosure that holds the method, the intervals and the q-values.

    {% load words %}
    {{ debrief.guide|markdown }}                 formatted, cleaned (uplift.core.markdown)
    {{ line|markdown_inline }}                   one line: emphasis, code, links
    {{ reading|reading_badge }}                  a plain reading (uplift.core.plain_words)
    {{ rep.p_star|star_chance }}                 "Likely a star"
    {{ gap.ci|gap_words|reading_badge }}         "stars clearly ahead"
    {{ rep.why|band_reason }}                    a band's reason without its statistics
    {% how_computed %}…{% endhow_computed %}     the method, behind a disclosure
    {% how_computed "How are stars picked?" %}…{% endhow_computed %}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from uplift.core import plain_words
from uplift.core.markdown import markdown_html, markdown_inline_html
from uplift.core.plain_words import Reading

register = template.Library()

DISCLOSURE = "web/partials/_how_computed.html"
DEFAULT_SUMMARY = "How is this computed?"


@register.filter(name="markdown")
def markdown_filter(text: Any, top_heading: Any = 3) -> SafeString:
    """Markdown as formatted text; the HTML is cleaned to an allow-list, so it is safe."""
    return mark_safe(markdown_html(str(text or ""), top_heading=int(top_heading)))  # noqa: S308


@register.filter(name="markdown_inline")
def markdown_inline_filter(text: Any) -> SafeString:
    return mark_safe(markdown_inline_html(str(text or "")))  # noqa: S308


@register.filter
def reading_badge(reading: Reading | None) -> SafeString:
    """A plain reading as a small coloured label (its tone picks the colour)."""
    if reading is None:
        reading = plain_words.NO_DATA
    return format_html(
        '<span class="reading reading-{}" data-testid="reading">{}</span>',
        reading.tone.value,
        reading.words,
    )


@register.filter
def star_chance(probability: Any) -> str:
    return plain_words.star_chance(None if probability in (None, "") else float(probability))


@register.filter
def gap_words(interval: Sequence[float | None] | None) -> Reading:
    return plain_words.gap_reading(interval)


@register.filter
def change_words(interval: Sequence[float | None] | None) -> Reading:
    return plain_words.change_reading(interval)


@register.filter
def standing_words(percentile: Any) -> Reading:
    return plain_words.standing_reading(None if percentile in (None, "") else float(percentile))


@register.filter(name="without_intervals")
def without_intervals_filter(sentence: Any) -> str:
    """A sentence of the analysis without its bracketed intervals."""
    return plain_words.without_intervals(str(sentence or ""))


@register.filter
def band_reason(why: Any) -> str:
    """A rep's band reason in words, without its statistics."""
    return plain_words.reason_and_statistics(str(why or ""))[0]


@register.filter
def band_statistics(why: Any) -> str:
    """The statistics a band reason ends with: the probability and the rank's interval."""
    return plain_words.reason_and_statistics(str(why or ""))[1]


class HowComputedNode(template.Node):
    def __init__(self, nodelist: template.NodeList, summary: FilterExpression | None) -> None:
        self.nodelist = nodelist
        self.summary = summary

    def render(self, context: template.Context) -> str:
        body = self.nodelist.render(context)
        summary = self.summary.resolve(context) if self.summary else DEFAULT_SUMMARY
        disclosure = context.template.engine.get_template(DISCLOSURE)  # type: ignore[union-attr]
        return disclosure.render(template.Context({"summary": summary, "body": mark_safe(body)}))  # noqa: S308


@register.tag(name="how_computed")
def how_computed(parser: Parser, token: Token) -> HowComputedNode:
    """``{% how_computed ["summary"] %}…{% endhow_computed %}``: what is inside (the method, the
    intervals, the q-values) folded behind "How is this computed?", one disclosure for every
    page."""
    bits = token.split_contents()
    if len(bits) > 2:
        message = f"{bits[0]} takes at most one argument, the summary's words"
        raise template.TemplateSyntaxError(message)
    summary = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endhow_computed",))
    parser.delete_first_token()
    return HowComputedNode(nodelist, summary)
