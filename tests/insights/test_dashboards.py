"""What the performance pages show, checked as data against the hand-made analysis in
`tests/insights/snapshots.py`."""

from __future__ import annotations

import copy
import json
import math
from dataclasses import asdict
from typing import Any, get_args

import pytest

from tests.conftest import World
from tests.insights.snapshots import (
    CRM_ONLY,
    OPPORTUNITY_CENTS,
    REPS,
    analysis_in_memory,
    analysis_store,
    bookings_documents,
    documents,
    member,
)
from uplift.analytics.performance.gap import Opportunity
from uplift.analytics.performance.results import ExclusionReason
from uplift.insights.models import Snapshot
from uplift.insights.snapshots import SnapshotKind
from uplift.presenters import dashboards
from uplift.presenters.dashboards.leader import NOT_SELLING_LABEL

IN_SCOPE = [member("ANN", 1), member("ART", 2), member("BOB", 3), member("GIL", 4)]


def test_numbers_read_as_people_read_them() -> None:
    assert dashboards.value_text(0.253, "fraction") == "25.3%"
    assert dashboards.value_text(1_234_567.0, "currency", "USD") == "$1.2M"
    assert dashboards.value_text(72.4, "days") == "72 days"
    assert dashboards.value_text(18.0, "count") == "18"
    assert dashboards.value_text(33.6, "count") == "33.6"
    assert dashboards.value_text(1.4195, "index") == "1.42"
    assert dashboards.value_text(2.0625, "per_opportunity") == "2.06"
    assert dashboards.value_text(None, "fraction") == "—"
    assert dashboards.value_text(math.nan, "currency", "USD") == "—"
    assert dashboards.change_text(0.6816) == "+68%"
    assert dashboards.change_text(-0.19) == "-19%"
    assert dashboards.change_text(-0.001) == "0%"  # a difference that rounds away has no sign
    assert dashboards.probability_text(0.9998) == ">99%"
    assert dashboards.probability_text(0.004) == "<1%"
    assert dashboards.probability_text(0.934) == "93%"


def test_the_calculator_is_linear_in_the_close_fraction() -> None:
    opportunity = Opportunity.from_dict(documents()["gap"]["opportunity"])
    quarter = dashboards.opportunity_at(opportunity=opportunity, close_fraction=0.25)
    half = dashboards.opportunity_at(opportunity=opportunity, close_fraction=0.5)
    whole = dashboards.opportunity_at(opportunity=opportunity, close_fraction=1.0)
    assert quarter.annual_value == OPPORTUNITY_CENTS / 100  # the stored value, unchanged
    assert half.annual_value == pytest.approx(2 * quarter.annual_value)
    assert whole.annual_value == pytest.approx(4 * quarter.annual_value)
    assert (half.low, half.high) == pytest.approx((2 * quarter.low, 2 * quarter.high))
    assert half.percent == 50
    assert half.value_text == "$240k"
    assert half.exact_text == "240,000 USD"


@pytest.mark.parametrize(
    ("asked", "used"),
    [(0.0, 0.05), (-3, 0.05), (0.33, 0.35), (0.5, 0.5), (7, 1.0), (math.nan, 0.05)],
)
def test_the_close_fraction_stays_on_the_sliders_steps(asked: float, used: float) -> None:
    assert dashboards.clamp_fraction(asked) == used


def test_the_leader_sees_the_bands_and_only_the_reps_in_their_scope() -> None:
    board = dashboards.leader_dashboard(analysis=analysis_in_memory(), people=IN_SCOPE)
    assert [r.name for r in board.reps] == ["Art Test", "Bob Test", "Ann Test", "Gil Test"]
    assert [r.rank for r in board.reps] == [1, 2, 4, 8]
    assert [r.person_id for r in board.reps] == [2, 3, 1, 4]
    assert board.hidden_reps == len(CRM_ONLY)
    assert (board.bands["n_star"], board.bands["n_core"], board.bands["n_tail"]) == (3, 4, 2)
    assert board.reps[0].why.startswith("win rate 50% on 20 closed deals")
    assert board.reps[0].raw == "50.0%"
    assert board.reps[0].p_star_text == "91%"
    assert board.metric_label == "win rate"
    # Who was left out: only people in scope by name (Mia is not in this scope), all by count.
    assert board.excluded == []
    assert board.excluded_counts == {
        "no closed deals in the window": 1,
        "owns deals but is not in the CRM's user list": 1,
    }
    # The primary gap is the shrunk, mix-adjusted index row.
    assert board.primary_gap is not None
    assert board.primary_gap.metric == "win_rate_index"
    assert board.primary_gap.gap == "+81%"
    assert board.opportunity.annual_value == 120_000


def test_managers_without_deals_of_their_own_are_not_listed_as_reps_left_out() -> None:
    # Mia has no closed deals; as a manager she is not a rep left out of the ranking.
    mia = dashboards.Member(
        person_id=5, name="Mia Test", crm_user_id="MIA", team="", role="manager"
    )
    board = dashboards.leader_dashboard(
        analysis=analysis_in_memory(), people=[*IN_SCOPE, mia], not_selling=frozenset({"MIA"})
    )
    assert board.excluded == []
    assert board.excluded_counts == {
        "owns deals but is not in the CRM's user list": 1,
        NOT_SELLING_LABEL: 1,
    }
    # Outside the viewer's scope her role still tells: the page counts her the same way.
    board = dashboards.leader_dashboard(
        analysis=analysis_in_memory(), people=IN_SCOPE, not_selling=frozenset({"MIA"})
    )
    assert board.excluded_counts[NOT_SELLING_LABEL] == 1
    assert "no closed deals in the window" not in board.excluded_counts
    # As a rep she is listed, with the reason.
    rep = dashboards.Member(person_id=5, name="Mia Test", crm_user_id="MIA", team="")
    board = dashboards.leader_dashboard(analysis=analysis_in_memory(), people=[*IN_SCOPE, rep])
    assert [(e["name"], e["reason"]) for e in board.excluded] == [
        ("Mia Test", "no closed deals in the window")
    ]
    assert board.excluded_counts["no closed deals in the window"] == 1


def test_the_leaders_rank_chart_carries_each_rep_in_scope_with_band_and_interval() -> None:
    board = dashboards.leader_dashboard(analysis=analysis_in_memory(), people=IN_SCOPE)
    chart = board.charts["ranks"]
    assert chart["kind"] == "ranks"
    assert chart["n"] == len(REPS)
    assert chart["cuts"] == [3.5, 7.5]
    assert [(p["label"], p["band"]) for p in chart["points"]] == [
        ("Art Test", "star"),
        ("Bob Test", "star"),
        ("Ann Test", "core"),
        ("Gil Test", "tail"),
    ]
    assert chart["points"][2] == {
        "label": "Ann Test",
        "rank": 4,
        "low": 2,
        "high": 6,
        "band": "core",
        "p_star": 0.12,
    }
    index = board.charts["index"]
    assert [p["x"] for p in index["points"]] == [0.5, 0.45, 0.3, 0.1]
    assert index["points"][0]["y"] == pytest.approx(0.5 / 0.3)


def test_the_gap_chart_and_table_carry_each_metric_with_its_interval() -> None:
    gap = documents()["gap"]
    board = dashboards.leader_dashboard(analysis=analysis_in_memory(), people=IN_SCOPE)
    rows = {r.metric: r for r in board.gap_rows}
    assert len(board.gap_rows) == len(gap["metrics"])
    win = rows["win_rate"]
    assert (win.star, win.core, win.gap) == ("45.0%", "25.0%", "+80%")
    assert win.clear
    assert (win.n_star, win.n_core) == (3, 4)
    # Every rep has the same calls per opportunity: no difference, and no clear one.
    calls = rows["calls_per_opportunity"]
    assert calls.gap == "0%"
    assert not calls.clear
    forest = board.charts["gap"]
    assert forest["kind"] == "forest"
    labels = [m["label"] for m in gap["metrics"] if m["gap_pct"] is not None]
    labels[1] = "Win rate index (shrunk)"  # short enough for a phone's axis; the table has it all
    assert [r["label"] for r in forest["rows"]] == labels
    assert rows["win_rate_index"].label == "Win rate vs expected for the deal mix (shrunk)"
    first = forest["rows"][0]
    assert (first["estimate"], first["low"], first["high"]) == (
        pytest.approx(0.8),
        gap["metrics"][0]["ci"][0],
        gap["metrics"][0]["ci"][1],
    )


def test_the_trend_is_offered_for_teams_wholly_in_scope() -> None:
    analysis = analysis_in_memory()
    board = dashboards.leader_dashboard(analysis=analysis, people=IN_SCOPE)
    assert board.trend_teams == ["Alpha", "Beta", "Gamma"]  # Delta's reps are not in scope
    assert board.trend.team == "all"
    everyone = [p for p in documents()["trend"]["series"] if p["team"] == "all"]
    assert board.trend.chart["labels"] == ["2026-01", "2026-02", "2026-03"]
    assert board.trend.chart["series"][0]["values"] == [p["star"] for p in everyone]
    assert board.trend.chart["series"][1]["values"] == [p["core"] for p in everyone]
    alpha = dashboards.trend_for_viewer(analysis=analysis, people=IN_SCOPE, team="Alpha")
    assert alpha is not None
    assert [row["star"] for row in alpha.rows] == ["50.0%", "42.9%", "57.1%"]
    assert dashboards.trend_for_viewer(analysis=analysis, people=IN_SCOPE, team="Delta") is None
    assert dashboards.trend_for_viewer(analysis=analysis, people=IN_SCOPE, team="Nope") is None


def test_the_team_view_sets_each_rep_against_the_team_average_and_the_star_benchmark() -> None:
    members = [member("ANN", 1), member("ART", 2)]
    members.append(dashboards.Member(person_id=9, name="New Hire", crm_user_id="", team="Alpha"))
    members.append(
        dashboards.Member(person_id=8, name="A Manager", crm_user_id="", team="", role="manager")
    )
    board = dashboards.team_dashboard(analysis=analysis_in_memory(), members=members)
    assert [(r.name, r.segment) for r in board.reps] == [("Art Test", "star"), ("Ann Test", "core")]
    assert [r.name for r in board.without_numbers] == ["New Hire"]
    assert board.team_average["win_rate"] == "40.0%"  # (0.50 + 0.30) / 2
    assert board.star_benchmark["win_rate"] == "45.0%"
    assert board.core_average["win_rate"] == "25.0%"
    assert board.team_average["bookings"] == "$80.0k"
    assert board.reps[1].values["win_rate"] == "30.0%"
    assert board.band_counts == {"star": 1, "core": 1, "tail": 0}
    charts = {c["title"]: c for c in board.charts}
    assert list(charts) == ["Win rate", "Bookings", "Average won deal", "Median sales cycle (days)"]
    win = charts["Win rate"]
    assert [(r["label"], r["value"], r["band"]) for r in win["rows"]] == [
        ("Art Test", 0.5, "star"),
        ("Ann Test", 0.3, "core"),
    ]
    refs = {r["key"]: r["value"] for r in win["references"]}
    assert refs["team"] == pytest.approx(0.4)
    assert refs["star"] == pytest.approx(0.45)
    assert charts["Median sales cycle (days)"]["lower_is_better"]


def _strings(value: Any) -> str:
    return json.dumps(value, default=str)


def test_a_reps_page_carries_their_own_numbers_and_no_one_elses() -> None:
    board = dashboards.rep_dashboard(analysis=analysis_in_memory(), crm_user_id="ANN")
    assert board.has_numbers
    mine = {m.metric: m for m in board.metrics}
    assert (mine["win_rate"].mine, mine["win_rate"].core, mine["win_rate"].star) == (
        "30.0%",
        "25.0%",
        "45.0%",
    )
    assert mine["win_rate_index"].mine == "1.00"
    assert (board.segment, board.p_star_text) == ("core", "12%")
    trend = board.charts["trend"]
    assert [s["key"] for s in trend["series"]] == ["me", "star", "core"]
    assert trend["series"][0]["values"] == [2 / 6, 2 / 7, 2 / 7]  # Ann won 2, 2 and 2
    bars = board.charts["metrics"][0]
    assert [(r["label"], r["value"]) for r in bars["rows"]] == [
        ("You", 0.3),
        ("Core average", 0.25),
        ("Star benchmark", 0.45),
    ]
    everything = _strings(asdict(board))
    for other in (r for r in REPS if r.rep_id != "ANN"):
        assert other.name not in everything
        assert other.email not in everything
        assert f'"{other.rep_id}"' not in everything


def test_a_benchmark_behind_fewer_than_two_other_reps_is_withheld() -> None:
    parts = copy.deepcopy(documents())
    for metric in parts["gap"]["metrics"]:
        metric["n_star"] = 3 if metric["metric"] == "win_rate" else 2
    for point in parts["trend"]["series"]:
        point["n_star"] = 2
    board = dashboards.rep_dashboard(analysis=analysis_in_memory(parts), crm_user_id="ART")
    mine = {m.metric: m for m in board.metrics}
    assert mine["win_rate"].star == "45.0%"  # Art and two other stars
    assert mine["bookings"].star == "—"  # Art and one other star: that one's number would show
    assert board.charts["trend"]["series"][1]["values"] == [None, None, None]
    assert mine["bookings"].mine == "$100k"
    # A core rep is not part of the stars, so two stars are two others.
    ann = dashboards.rep_dashboard(analysis=analysis_in_memory(parts), crm_user_id="ANN")
    assert {m.metric: m for m in ann.metrics}["bookings"].star == "$90.0k"


def test_someone_without_crm_numbers_gets_an_empty_page_not_someone_elses() -> None:
    for crm_user_id in ("", "NOBODY"):
        board = dashboards.rep_dashboard(analysis=analysis_in_memory(), crm_user_id=crm_user_id)
        assert not board.has_numbers
        assert board.segment is None
        assert all(m.mine == "—" for m in board.metrics)
        assert board.charts["trend"]["series"][0]["values"] == [None, None, None]
    excluded = dashboards.rep_dashboard(analysis=analysis_in_memory(), crm_user_id="MIA")
    assert excluded.not_ranked == "no closed deals in the window"


def test_the_headline_counts_the_bands_overall_and_among_the_people_given() -> None:
    headline = dashboards.headline(analysis=analysis_in_memory(), people=IN_SCOPE[:2])
    assert headline.bands == {"star": 3, "core": 4, "tail": 2}
    assert headline.bands_in_scope == {"star": 1, "core": 1, "tail": 0}
    assert headline.gap == "+81%"
    assert headline.opportunity.value_text == "$120k"


def test_pages_read_the_latest_finished_analysis_or_nothing(world: World) -> None:
    kinds = ("segments", "gap")
    assert dashboards.analysis_for_pages(organisation=world.org, kinds=kinds) is None
    run = analysis_store(organisation=world.org)
    found = dashboards.analysis_for_pages(organisation=world.org, kinds=kinds)
    assert found is not None
    assert found.run == run
    read = {kind for kind in SnapshotKind if found.snapshots.has(kind)}
    assert read == {SnapshotKind.SEGMENTS, SnapshotKind.GAP, SnapshotKind.SUMMARY}
    assert [r.rep.rep_id for r in found.segments.reps][:2] == ["ART", "BOB"]
    assert (found.as_of, found.currency) == ("2026-03-31", "USD")
    assert found.window == {"start": "2026-01-01", "end": "2026-03-31"}
    with pytest.raises(LookupError, match="trend"):
        _ = found.trend  # not asked for
    assert dashboards.analysis_for_pages(organisation=world.other_org, kinds=kinds) is None
    Snapshot.objects.filter(run=run, kind="gap").delete()
    assert dashboards.analysis_for_pages(organisation=world.org, kinds=kinds) is None


def test_people_in_scope_follow_the_access_layer(world: World) -> None:
    world.ann.crm_user_id = "ANN"
    world.ann.save()
    mia = {m.name for m in dashboards.members_visible(viewer=world.mia, include_viewer=False)}
    assert mia == {"Ann Test", "Art Test"}
    ann = dashboards.members_visible(viewer=world.ann)
    assert [(m.name, m.crm_user_id, m.team) for m in ann] == [("Ann Test", "ANN", "Alpha")]


def test_the_fixture_headlines_agree_in_number_with_their_metric() -> None:
    """The hand-made analysis words its headline as the analytics do: a plural label takes
    "are", a singular one "is"."""
    win_rate = documents()["gap"]["headline"]["sentence"]
    bookings = bookings_documents()["gap"]["headline"]["sentence"]
    assert win_rate.startswith("Stars' win rate is 80% above the core's (95% interval ")
    assert bookings.startswith("Stars' bookings are 80% above the core's (95% interval ")
    assert bookings.endswith("stars are +81% on bookings (95% interval +40% to +100%).")


def test_every_reason_a_rep_is_not_ranked_reads_in_words() -> None:
    assert set(dashboards.EXCLUSION_LABELS) == set(get_args(ExclusionReason))
    parts = documents()
    parts["segments"]["excluded"][0].update(reason="too_new", detail="sold 2.0 months")
    parts["segments"]["excluded_counts"] = {"too_new": 1, "not_in_crm_users": 1}  # as written
    board = dashboards.leader_dashboard(analysis=analysis_in_memory(parts), people=IN_SCOPE)
    assert "too new to rank: sold too little of the window" in board.excluded_counts
    assert "too_new" not in board.excluded_counts
