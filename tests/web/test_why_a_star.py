"""Why a star is a star, on the organisation's own definition: the Stars & gap page leads with
the gap on the definition's metric and the definition in words, shows every rep's standing on
each lens, the lenses that disagree, and each star's pattern and selling time; the star profile
shows the pattern against the core and the lenses; the debrief guide asks about what the star
is good at. Data: the hand-made analysis of `tests/insights/snapshots.py`."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import World
from tests.debriefs.builders import (
    RANKED_AS_OF,
    RULE,
    RULE_TEXT,
    WHEN,
    ranked_with_profiles,
    star_document,
)
from tests.insights.snapshots import (
    BOOKINGS_DEFINITION,
    DISAGREEMENT,
    WIN_RATE_DEFINITION,
    analysis_store,
    bookings_documents,
    documents,
    link_crm_ids,
)
from uplift.debriefs.services import debrief_schedule


def row_of(html: str, name: str) -> str:
    """The ranked table's row of one rep."""
    match = re.search(rf"<tr data-band=\"\w+\">(?:(?!</tr>).)*?{name}.*?</tr>", html, re.DOTALL)
    assert match, name
    return match.group(0)


@pytest.fixture
def analysed(world: World) -> World:
    link_crm_ids(world)
    analysis_store(organisation=world.org)
    return world


def test_the_page_leads_with_the_gap_and_the_definition_in_words(
    client: Client, analysed: World
) -> None:
    client.force_login(analysed.lou)
    html = client.get("/leader/performance/").text
    sentence = documents()["gap"]["headline"]["sentence"].replace("'", "&#x27;")
    assert sentence in html
    assert "Stars are the top 20% by win rate (wins out of closed deals)" in html
    assert html.index(sentence) < html.index('id="calculator-heading"')
    assert 'data-testid="opportunity-formula"' in html


def test_each_rep_shows_every_lens_and_the_lens_in_use(client: Client, analysed: World) -> None:
    client.force_login(analysed.lou)
    html = client.get("/leader/performance/").text
    art = row_of(html, "Art Test")
    badges = re.findall(r'data-lens="(\w+)"[^>]*>([^<]+)<', art)
    assert badges == [
        ("win_rate", "Win rate ★ 1"),
        ("bookings", "Bookings ★ 1"),
        ("avg_deal", "Avg deal ★ 1"),
        ("volume", "Volume ★ 1"),
    ]
    assert 'lens-in-use" data-lens="win_rate"' in art
    ann = row_of(html, "Ann Test")
    assert "Win rate core 4" in ann
    assert "Deal volume" in html
    assert "1 ranked rep is a star on one lens" in html


def test_a_star_whose_lenses_disagree_carries_the_warning(client: Client, analysed: World) -> None:
    client.force_login(analysed.lou)
    html = client.get("/leader/performance/").text
    bob = row_of(html, "Bob Test")
    assert DISAGREEMENT in bob
    assert "Avg deal tail 9" in bob
    assert DISAGREEMENT not in row_of(html, "Art Test")


def test_a_star_shows_where_the_result_comes_from_and_the_selling_time(
    client: Client, analysed: World
) -> None:
    client.force_login(analysed.lou)
    html = client.get("/leader/performance/").text
    art = row_of(html, "Art Test")
    pattern = documents()["segments"]["reps"][0]["pattern"]["sentence"]
    assert pattern.startswith("wins through conversion")
    assert f'data-testid="pattern">W{pattern[1:]}.'.replace("'", "&#x27;") in art
    assert "Active all 3 months." in art
    assert 'data-testid="pattern"' not in row_of(html, "Ann Test")  # core: the why line only


def test_under_the_default_definition_the_page_speaks_of_bookings(
    client: Client, world: World
) -> None:
    link_crm_ids(world)
    parts = bookings_documents()
    analysis_store(organisation=world.org, parts=parts)
    client.force_login(world.lou)
    html = client.get("/leader/performance/").text
    assert "Chosen by default: this export has no quotas." in html
    assert BOOKINGS_DEFINITION["sentence"] in html
    assert parts["gap"]["headline"]["sentence"].replace("'", "&#x27;") in html
    assert "gap on bookings vs the mix" in html
    assert "the core&#x27;s baseline annual bookings" in html  # the worth, on bookings
    assert 'lens-in-use" data-lens="bookings"' in row_of(html, "Art Test")
    assert "No ranked rep is a star on one lens" in html
    assert WIN_RATE_DEFINITION["sentence"] not in html


def test_the_star_profile_shows_the_pattern_and_the_lenses(client: Client, world: World) -> None:
    ranked_with_profiles(world)
    client.force_login(world.lou)
    html = client.get(f"/stars/{world.bob.pk}/").text
    assert 'data-testid="star-pattern"' in html
    assert "Wins through conversion: a win rate 1.82x the core" in html
    assert re.search(r'data-part="conversion">.*?1\.82x', html, re.DOTALL)
    assert re.search(r'data-part="deal_size">.*?0\.80x', html, re.DOTALL)
    assert '<script id="chart-pattern" type="application/json">' in html
    assert re.search(r'data-lens="avg_deal">.*?9 of 9.*?tail', html, re.DOTALL)
    assert DISAGREEMENT in html


def test_the_debrief_guide_asks_about_the_stars_pattern(world: World) -> None:
    ranked_with_profiles(world)
    debrief = debrief_schedule(
        scheduled_by=world.lou, star=world.art, interviewer=world.lou, scheduled_at=WHEN
    )
    assert "## Where Art's results come from" in debrief.guide
    assert "### Conversion: winning more of the same deals" in debrief.guide
    assert debrief.profile["pattern"]["kind"] == "conversion"


def test_a_star_profile_from_an_export_without_behaviours_says_what_is_missing(
    client: Client, world: World
) -> None:
    # An export without activities, contact roles or stage history: nothing to place the star on.
    link_crm_ids(world)
    missing = [
        {
            "behavior": "meetings_per_opportunity",
            "label": "Meetings per opportunity",
            "kind": "behaviour",
            "reason": "this export has no activities",
        },
        {
            "behavior": "conversion_by_stage",
            "label": "Conversion from stage to stage",
            "kind": "outcome",
            "reason": "this export has no stage history",
        },
    ]
    star = {**star_document(world.bob), "behaviours": [], "distinctive": [], "unusual": []}
    profiles = {
        "as_of": RANKED_AS_OF,
        "window": {"start": "2025-04-01", "end": RANKED_AS_OF},
        "rule": RULE,
        "rule_text": RULE_TEXT,
        "n_star": 2,
        "n_core": 40,
        "caution": "Describes, not causes.",
        "profiles": [star],
        "teams": ["Beta"],
        "drivers": [],
        "missing": missing,
    }
    analysis_store(organisation=world.org, parts={**documents(), "star-profiles": profiles})
    client.force_login(world.lou)
    html = client.get(f"/stars/{world.bob.pk}/").text
    distinctive = html.split('data-testid="distinctive"', 1)[1].split("</p>", 1)[0]
    assert "none of the behaviours Uplift compares stars on" in distinctive
    assert "meetings per opportunity (this export has no activities)" in distinctive
    assert "Nothing is distinctive by the rule" not in html  # no rule was applied to anything
    assert "too few deals or too few core reps" not in html
    placed = html.split('data-testid="standings"', 1)[1].split("</table>", 1)[0]
    assert "Not measured in this export: Meetings per opportunity (this export has no" in placed
    assert "stage history" not in distinctive  # an outcome, not a behaviour
    # The list of stars says the same, once, and no star reads as "nothing distinctive".
    html = client.get("/stars/").text
    assert 'data-testid="none-measured"' in html
    assert 'data-testid="none-clear"' not in html  # not "none of 0 behaviours differ"
    assert "not measured in this export" in html
    assert "nothing distinctive" not in html
    csv = client.get("/stars/stars.csv").content.decode()
    assert "not measured in this export" in csv
