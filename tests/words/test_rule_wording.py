"""Points rules in words: the de-duplication key template read as which awards count as one, and
the cap, in one sentence on the admin's rules page; the template itself behind a disclosure."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import World
from uplift.recognition.rules import DEFAULT_TEMPLATE, rule_in_words


@pytest.mark.parametrize(
    ("event", "template", "cap", "period", "words"),
    [
        (
            "coaching_partnered",
            DEFAULT_TEMPLATE,
            12,
            "month",
            "One award per person for each coaching session; at most 12 awards per person a month.",
        ),
        (
            "practice_shared",
            DEFAULT_TEMPLATE,
            None,
            "month",
            "One award per person for each practice they share.",
        ),
        (
            "kudos_received",
            "{event}:{person_id}:{period}",
            1,
            "week",
            (
                "At most one award per person each week, however many times it happens; at most 1 "
                "award per person a week."
            ),
        ),
        (
            "role_play_partnered",
            "{event}:{source_id}:{person_id}:{period}",
            None,
            "day",
            "One award per person for each role play, counted day by day.",
        ),
        ("kudos_given", "{event}:{person_id}", None, "month", "One award per person in all."),
    ],
)
def test_a_rule_reads_as_a_sentence(
    event: str, template: str, cap: int | None, period: str, words: str
) -> None:
    assert rule_in_words(event=event, template=template, cap=cap, cap_period=period) == words


def test_a_template_that_cannot_be_read_says_so() -> None:
    words = rule_in_words(event="kudos_given", template="{event", cap=None, cap_period="day")
    assert words.startswith("The key template cannot be read")


def test_the_rules_page_says_each_rule_in_words(world: World, client: Client) -> None:
    client.force_login(world.ada)
    html = client.get("/recognition/admin/").content.decode()
    coaching = html.split('data-testid="rule-coaching_partnered"')[1].split("</form>")[0]
    words = coaching.split('data-testid="rule-in-words"')[1].split("</div>")[0]
    assert "One award per person for each coaching session; at most 12 awards" in words
    assert "{source_id}" not in words
    advanced = coaching.split("<details")[1]
    assert "Advanced: what counts as the same award" in advanced
    assert 'name="dedup_template" value="{event}:{source_id}:{person_id}"' in advanced
