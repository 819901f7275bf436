"""The impact pages on a stored analysis: what each role sees, and the numbers on the page."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.conftest import World
from tests.impact.builders import stored_analysis
from tests.practices.builders import approved
from uplift.insights.models import Snapshot
from uplift.practices.models import Practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(world: World) -> Practice:
    card = approved(world.ann, world.lou)
    other = approved(world.art, world.lou, title="Discovery agenda")
    stored_analysis(world, [card, other])
    return card


def _chart(html: str, chart_id: str) -> dict[str, object]:
    start = html.index(f'<script id="{chart_id}" type="application/json">') + len(
        f'<script id="{chart_id}" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_the_leaders_dashboard_lists_effects_credit_and_the_iq(
    world: World, measured: Practice, client: Client
) -> None:
    client.force_login(world.lou)
    html = client.get("/leader/impact/").content.decode()
    assert "Mutual close plan" in html
    assert "+6.0 pts" in html  # the win-rate effect of 0.06
    assert "+2.0 pts to +10.0 pts" in html
    assert "likely better" in html  # the plain reading of an interval above zero
    assert "Ann Test" in html  # the contributor credited
    effects = _chart(html, "chart-effects")
    assert [r["label"] for r in effects["rows"]] == ["Mutual close plan", "Discovery agenda"]
    assert [r["clear"] for r in effects["rows"]] == [True, False]
    iq = _chart(html, "chart-iq")
    assert iq["labels"] == ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]
    assert iq["series"][0]["values"][0] == 100.0
    assert {s["key"] for s in iq["series"]} == {
        "team_iq",
        "capability",
        "knowledge_flow",
        "results",
    }
    assert 'data-team="all"' in html
    assert "not a validated psychometric measure" in html


def test_credit_on_the_dashboard_is_the_measured_value_split_between_contributors(
    world: World, measured: Practice, client: Client
) -> None:
    client.force_login(world.lou)
    html = client.get("/leader/impact/").content.decode()
    # bookings +800 a month x 12 adopters x 12 months = 115,200, all to Ann (sole contributor)
    assert "<strong>$115k</strong>" in html
    assert "$28.8k to $202k" in html  # the interval, 200 and 1,400 a month, carried through
    # win rate +6 points x 3 closed deals per rep-month (72 deals, 2 reps, 12 months) x 12 x 12
    assert "25.9 won deals" in html
    assert "8.7 to 43.2" in html


def test_a_manager_sees_only_their_teams_iq(
    world: World, measured: Practice, client: Client
) -> None:
    client.force_login(world.mia)
    html = client.get("/team/iq/").content.decode()
    assert 'data-team="Alpha"' in html
    assert '<option value="Beta"' not in html
    assert '<option value="all"' not in html
    assert client.get("/impact/iq/?team=Gamma").status_code == 404


def test_the_team_fragment_switches_team_for_a_leader(
    world: World, measured: Practice, client: Client
) -> None:
    client.force_login(world.lou)
    html = client.get("/impact/iq/?team=Beta", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-team="Beta"' in html
    assert "<html" not in html
    assert "Gap closure over time" in html


def test_a_reps_practice_impact_reading_with_interval_sample_and_credit(
    world: World, measured: Practice, client: Client
) -> None:
    client.force_login(world.bob)
    html = client.get(f"/practices/{measured.pk}/impact/").content.decode()
    assert "+6.0 pts" in html
    assert "12 / 40" in html  # adopters / comparison reps
    win_rate = html.split('data-testid="effect-win_rate"')[1].split("</section>")[0]
    plain, statistics = win_rate.split("How is this computed?")
    assert "likely better" in plain
    assert "12 reps who adopted it: win rate +6.0 pts against similar reps" in plain
    assert "interval" not in plain
    assert "p = 0.61" in statistics
    assert "no sign of different trends" in statistics
    assert "+2.0 pts to +10.0 pts" in statistics
    assert "Ann Test" in html
    assert "share 100%" in html
    event = _chart(html, "chart-event-win_rate")
    assert event["labels"] == ["-3", "-2", "-1", "0", "1", "2", "3"]
    assert event["series"][0]["values"][3] == pytest.approx(0.06)


def test_a_practice_whose_interval_rules_out_an_effect_says_no_effect_detected(
    world: World, client: Client
) -> None:
    cards = [
        approved(world.ann, world.lou),
        approved(world.art, world.lou, title="Discovery agenda"),
        approved(world.art, world.lou, title="Friday pipeline hygiene"),
    ]
    stored_analysis(world, cards)
    client.force_login(world.bob)
    html = client.get(f"/practices/{cards[2].pk}/impact/").content.decode()
    win_rate = html.split('data-testid="effect-win_rate"')[1].split("</section>")[0]
    plain, statistics = win_rate.split("How is this computed?")
    assert "no effect detected" in plain
    assert "an effect worth having is ruled out" in plain
    assert "likely better" not in plain
    assert "Before adopting, the adopters moved like the others (p = 0.61)." in statistics
    assert 'data-testid="pre-trend-words"' in statistics


def test_a_practice_without_an_estimate_says_not_measured_yet(
    world: World, measured: Practice, client: Client
) -> None:
    later = approved(world.art, world.lou, title="Friday pipeline hygiene")
    client.force_login(world.ann)
    html = client.get(f"/practices/{later.pk}/impact/").content.decode()
    assert "Not measured yet" in html
    assert "No dated adoptions in the analysis window" in html


def test_pages_before_any_analysis_say_so(world: World, client: Client) -> None:
    client.force_login(world.lou)
    assert "No analysis yet" in client.get("/leader/impact/").content.decode()
    client.force_login(world.mia)
    assert "No analysis yet" in client.get("/team/iq/").content.decode()


def test_nav_entries(world: World, client: Client) -> None:
    client.force_login(world.lou)
    assert 'href="/leader/impact/"' in client.get("/leader/").content.decode()
    client.force_login(world.mia)
    assert 'href="/team/iq/"' in client.get("/team/").content.decode()


def test_coaching_estimates_have_their_own_table(
    world: World, measured: Practice, client: Client
) -> None:
    from tests.impact.builders import impact_row
    from uplift.insights.models import Snapshot

    snapshot = Snapshot.objects.get(kind="impact")
    row = impact_row(measured, "win_rate", 0.03, [-0.01, 0.07], "too early to say")
    row["programme"] = "Coaching: 1:1"
    snapshot.data["coaching"] = [row]
    snapshot.save()
    client.force_login(world.lou)
    html = client.get("/leader/impact/").content.decode()
    table = html[html.index('data-testid="coaching-table"') :].split("</table>")[0]
    assert '<th scope="row" class="dt-first ">1:1' in table
    assert "+3.0 pts" in table


def test_the_practice_card_links_to_its_impact(
    world: World, measured: Practice, client: Client
) -> None:
    client.force_login(world.bob)
    html = client.get(f"/practices/{measured.pk}/").content.decode()
    assert f'href="/practices/{measured.pk}/impact/"' in html


def test_an_analysis_from_before_credit_and_the_iq_shows_what_it_has(
    world: World, measured: Practice, client: Client
) -> None:
    Snapshot.objects.filter(kind__in=["credit", "team-iq"]).delete()
    client.force_login(world.lou)
    html = client.get("/leader/impact/").content.decode()
    assert "Mutual close plan" in html
    assert "+6.0 pts" in html
    assert "not recorded" in html  # no credit part: no contributors named
    summary = client.get("/api/impact/summary").json()
    assert {r["credit_status"] for r in summary["practices"]} == {"not measured yet"}
    assert summary["credit"] == []
    client.force_login(world.mia)
    assert "No analysis yet" in client.get("/team/iq/").content.decode()
    assert client.get("/api/impact/team-iq").json()["series"] == []


def test_an_analysis_from_before_impact_says_not_measured_yet(
    world: World, measured: Practice, client: Client
) -> None:
    Snapshot.objects.filter(kind="impact").delete()
    client.force_login(world.ann)
    html = client.get(f"/practices/{measured.pk}/impact/").content.decode()
    assert "Not measured yet" in html
    client.force_login(world.lou)
    assert 'data-testid="n-practices">0<' in client.get("/leader/impact/").content.decode()
    assert client.get("/api/impact/summary").json()["method"] is None
