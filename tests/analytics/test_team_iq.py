"""The Team Sales IQ on hand-made inputs: levels, baseline = 100, renormalisation, evenness."""

from __future__ import annotations

from datetime import date

import pytest

from uplift.analytics.metrics.periods import Window
from uplift.analytics.teamiq import (
    AdoptionRecord,
    ContributionRecord,
    Member,
    ResultsRecord,
    SkillObservation,
    TeamIQConfig,
    TeamIQInputs,
    capability_level,
    combine,
    evenness,
    gap_closure,
    gini,
    knowledge_flow_level,
    linear_trend,
    results_level,
    team_iq_series,
)

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def test_gini_of_equal_and_concentrated_values() -> None:
    assert gini([3, 3, 3, 3]) == 0
    assert gini([0, 0, 0, 8]) == pytest.approx(3 / 4)  # (n-1)/n: one has everything
    # sorted 1, 2, 3: sum (2i-n-1) x = -2*1 + 0*2 + 2*3 = 4; / (3 * 6)
    assert gini([3, 1, 2]) == pytest.approx(4 / 18)


def test_evenness_runs_from_zero_to_one_and_is_undefined_without_two_items() -> None:
    assert evenness([5, 5]) == pytest.approx(1.0)
    assert evenness([0, 0, 7]) == pytest.approx(0.0)
    assert evenness([3, 1, 2]) == pytest.approx(1 - (4 / 18) * 3 / 2)
    assert evenness([4]) is None
    assert evenness([0, 0]) is None


def test_capability_takes_each_reps_latest_rating_per_competency_and_source() -> None:
    skills = [
        SkillObservation(1, "discovery", "assessment", date(2026, 1, 5), 2),
        SkillObservation(1, "discovery", "assessment", date(2026, 2, 5), 4),  # replaces the 2
        SkillObservation(1, "closing", "role_play", date(2026, 1, 9), 3),
        SkillObservation(2, "discovery", "assessment", date(2026, 1, 7), 5),
        SkillObservation(3, "discovery", "assessment", date(2026, 1, 7), 1),  # not in the group
        SkillObservation(2, "closing", "role_play", date(2026, 4, 1), 1),  # after the end
    ]
    level = capability_level(skills, {1, 2}, date(2026, 3, 31))
    # ratings 4, 3, 5: mean 4 -> (4 - 1) / 4
    assert level.value == pytest.approx(0.75)
    assert level.parts["mean_rating"] == pytest.approx(4.0)
    assert level.parts["mean_assessment"] == pytest.approx(4.5)
    assert level.parts["mean_role_play"] == pytest.approx(3.0)
    assert level.n == {"ratings": 3, "reps": 2, "assessment_ratings": 2, "role_play_scores": 1}
    assert capability_level(skills, {1, 2}, date(2025, 12, 31)).value is None


def test_knowledge_flow_breadth_and_evenness() -> None:
    contributions = [
        ContributionRecord(1, "agenda", date(2025, 12, 1)),
        ContributionRecord(2, "close plan", date(2025, 12, 1)),
        ContributionRecord(9, "close plan", date(2025, 12, 1)),  # co-author in another team
    ]
    adoptions = [
        AdoptionRecord(2, "agenda", date(2026, 1, 10)),
        AdoptionRecord(3, "agenda", date(2026, 1, 12)),
        AdoptionRecord(3, "close plan", date(2026, 2, 2)),
        AdoptionRecord(1, "agenda", date(2026, 1, 2)),  # own practice: not knowledge flow
        AdoptionRecord(4, "agenda", date(2026, 5, 1)),  # after the end
    ]
    people = {1, 2, 3, 4}
    level = knowledge_flow_level(
        adoptions=adoptions, contributions=contributions, people=people, end=date(2026, 3, 31)
    )
    assert level.parts["adopted_share"] == pytest.approx(2 / 4)  # reps 2 and 3
    assert level.parts["contributed_share"] == pytest.approx(2 / 4)  # reps 1 and 2
    # credited adoptions per contributor: 1 -> 2, 2 -> 0.5, 9 -> 0.5
    expected_evenness = evenness([2.0, 0.5, 0.5])
    assert level.parts["evenness"] == pytest.approx(expected_evenness)
    assert level.value == pytest.approx((0.5 + 0.5 + expected_evenness) / 3)  # type: ignore[operator]
    assert level.n["adoptions"] == 3
    assert level.n["contributors_in_organisation"] == 3


def test_knowledge_flow_without_two_contributors_averages_the_shares_it_has() -> None:
    level = knowledge_flow_level(
        adoptions=[AdoptionRecord(2, "agenda", JAN)],
        contributions=[ContributionRecord(1, "agenda", JAN)],
        people={1, 2},
        end=MAR,
    )
    assert level.parts["evenness"] is None
    assert level.value == pytest.approx((0.5 + 0.5) / 2)


def test_results_is_the_cores_pooled_result_as_a_share_of_the_stars() -> None:
    records = [
        ResultsRecord("s1", "A", "star", JAN, closed=10, won=5, bookings_cents=0),
        ResultsRecord("s1", "A", "star", FEB, closed=10, won=3, bookings_cents=0),
        ResultsRecord("c1", "A", "core", JAN, closed=20, won=4, bookings_cents=0),
        ResultsRecord("c2", "A", "core", FEB, closed=10, won=2, bookings_cents=0),
        ResultsRecord("c3", "A", "core", MAR, closed=10, won=9, bookings_cents=0),  # not asked
    ]
    level = results_level(records, {JAN, FEB}, "win_rate")
    assert level.parts["star"] == pytest.approx(8 / 20)
    assert level.parts["core"] == pytest.approx(6 / 30)
    assert level.value == pytest.approx((6 / 30) / (8 / 20))
    assert level.n == {"stars": 1, "core": 2, "closed_deals": 50}


def test_combine_renormalises_the_weights_of_the_components_with_data() -> None:
    weights = {"capability": 0.5, "knowledge_flow": 0.25, "results": 0.25}
    value, used = combine({"capability": None, "knowledge_flow": 110.0, "results": 90.0}, weights)
    assert used == {"capability": 0.0, "knowledge_flow": 0.5, "results": 0.5}
    assert value == pytest.approx(100.0)
    value, used = combine({"capability": 120.0, "knowledge_flow": 100.0, "results": 100.0}, weights)
    assert value == pytest.approx(110.0)
    assert (
        combine({"capability": None, "knowledge_flow": None, "results": None}, weights)[0] is None
    )


def _inputs() -> TeamIQInputs:
    return TeamIQInputs(
        members=(Member(1, "A"), Member(2, "A"), Member(3, "B"), Member(4, "B")),
        skills=(
            SkillObservation(1, "discovery", "assessment", date(2026, 1, 15), 3),
            SkillObservation(1, "discovery", "assessment", date(2026, 2, 15), 4),
        ),
        adoptions=(AdoptionRecord(2, "agenda", date(2026, 2, 10)),),
        contributions=(ContributionRecord(1, "agenda", date(2026, 1, 3)),),
        results=(
            ResultsRecord("s", "A", "star", JAN, 10, 5, 0),
            ResultsRecord("c", "A", "core", JAN, 10, 2, 0),
            ResultsRecord("s", "A", "star", FEB, 10, 5, 0),
            ResultsRecord("c", "A", "core", FEB, 10, 3, 0),
            ResultsRecord("s", "A", "star", MAR, 10, 5, 0),
            ResultsRecord("c", "A", "core", MAR, 10, 4, 0),
        ),
    )


def test_the_series_starts_at_100_and_moves_one_point_per_point_of_level() -> None:
    iq = team_iq_series(_inputs(), Window(JAN, date(2026, 3, 31)), TeamIQConfig(grain="month"))
    team_a = [p.to_dict() for p in iq.series if p.team == "A"]
    assert [p["period"] for p in team_a] == ["2026-01", "2026-02", "2026-03"]
    assert team_a[0]["team_iq"] == 100.0
    for component in ("capability", "knowledge_flow", "results"):
        assert team_a[0]["components"][component]["index"] == 100.0
    # results: core/star 0.4 -> 0.6 -> 0.8: +20 points a month
    assert [p["components"]["results"]["index"] for p in team_a] == [100.0, 120.0, 140.0]
    # capability: rating 3 -> 4 is (4-3)/4 = +25 points
    assert [p["components"]["capability"]["index"] for p in team_a] == [100.0, 125.0, 125.0]
    # knowledge flow in January: adopted 0/2, contributed 1/2, one contributor (no evenness)
    # -> 0.25; from February adopted 1/2 -> 0.5: +25 points
    assert [p["components"]["knowledge_flow"]["index"] for p in team_a] == [100.0, 125.0, 125.0]
    assert team_a[2]["team_iq"] == pytest.approx((140 + 125 + 125) / 3, abs=0.05)
    assert team_a[1]["components"]["results"]["n"] == {"stars": 1, "core": 1, "closed_deals": 20}


def test_a_component_without_data_is_said_and_its_weight_spread_over_the_others() -> None:
    iq = team_iq_series(_inputs(), Window(JAN, date(2026, 3, 31)), TeamIQConfig(grain="month"))
    team_b = [p.to_dict() for p in iq.series if p.team == "B"]
    for point in team_b:  # team B: no ratings and no deals, only its roster's adoptions (none)
        assert point["missing"] == ["capability", "results"]
        assert point["weights_used"] == {"capability": 0.0, "knowledge_flow": 1.0, "results": 0.0}
        assert point["components"]["capability"]["status"] == "no data"
        assert point["team_iq"] == point["components"]["knowledge_flow"]["index"]


def test_a_component_without_data_says_why_in_plain_words() -> None:
    iq = team_iq_series(_inputs(), Window(JAN, date(2026, 3, 31)), TeamIQConfig(grain="month"))
    reasons = [
        {c: p["components"][c]["reason"] for c in ("capability", "knowledge_flow", "results")}
        for p in (point.to_dict() for point in iq.series if point.team == "B")
    ]
    every_month = {
        "capability": "none of its reps had a manager assessment or a scored role play by the "
        "period's end",
        "knowledge_flow": None,  # measured: no reason
        "results": "no star and no core rep closed a deal in the period",
    }
    assert reasons == [every_month] * 3


def test_results_without_one_group_or_without_a_star_win_say_which() -> None:
    star = ResultsRecord("s", "A", "star", JAN, closed=10, won=0, bookings_cents=0)
    core = ResultsRecord("c", "A", "core", JAN, closed=10, won=2, bookings_cents=50_000)
    assert results_level([core], {JAN}, "win_rate").reason == "no star closed a deal in the period"
    assert results_level([star], {JAN}, "bookings").reason == (
        "no core rep closed a deal in the period"
    )
    assert results_level([star, core], {JAN}, "win_rate").reason == (
        "the stars won no deal in the period, so there is nothing to measure the core against"
    )
    assert results_level([star, core], {JAN}, "bookings").reason == (
        "the stars booked nothing in the period, so there is nothing to measure the core against"
    )
    measured = ResultsRecord("s", "A", "star", JAN, closed=10, won=4, bookings_cents=90_000)
    assert results_level([measured, core], {JAN}, "win_rate").reason is None


def test_a_team_without_reps_in_uplift_says_so() -> None:
    end = date(2026, 3, 31)
    assert capability_level([], set(), end).reason == (
        "no active rep in Uplift is on this team (reps count once they have a team)"
    )
    flow = knowledge_flow_level(adoptions=[], contributions=[], people=set(), end=end)
    assert flow.value is None
    assert flow.reason == capability_level([], set(), end).reason


def test_a_component_whose_data_starts_late_has_its_own_baseline() -> None:
    inputs = TeamIQInputs(
        members=(Member(1, "A"),),
        skills=(SkillObservation(1, "closing", "role_play", date(2026, 2, 20), 2),),
    )
    iq = team_iq_series(inputs, Window(JAN, date(2026, 3, 31)), TeamIQConfig(grain="month"))
    points = [p.to_dict() for p in iq.series if p.team == "all"]
    capability = [p["components"]["capability"] for p in points]
    assert [c["index"] for c in capability] == [None, 100.0, 100.0]
    assert capability[1]["baseline_period"] == "2026-02"


def test_quarters_and_the_organisation_first() -> None:
    iq = team_iq_series(_inputs(), Window(JAN, date(2026, 6, 30)))
    data = iq.to_dict()
    assert [p["period"] for p in data["series"][:2]] == ["2026-Q1", "2026-Q2"]
    assert data["series"][0]["team"] == "all"
    assert data["teams"] == ["A", "B"]
    assert {"period", "team_iq", "components"} <= set(data["series"][0])


def test_weights_are_checked() -> None:
    with pytest.raises(ValueError, match="weights"):
        TeamIQConfig(weights={"capability": 1.0})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="grain"):
        TeamIQConfig(grain="week")  # type: ignore[arg-type]


def test_linear_trend_of_a_straight_line_is_exact() -> None:
    slope, low, high, n = linear_trend([0.5, None, 0.4, 0.35, 0.3])
    assert n == 4
    assert slope == pytest.approx(-0.05)
    assert low == pytest.approx(-0.05)  # no scatter around the line: no width
    assert high == pytest.approx(-0.05)
    slope, low, high, n = linear_trend([0.5, 0.44, 0.41, 0.34, 0.31])
    # x = 0..4, y mean 0.40: slope = sum((x-2)(y-0.4)) / 10 = -0.48 / 10
    assert slope == pytest.approx(-0.048)
    assert low is not None
    assert high is not None
    assert low < -0.048 < high < 0
    assert linear_trend([0.5, 0.4, None]) == (None, None, None, 2)


def test_gap_closure_reads_a_steadily_closing_gap() -> None:
    rows = [
        {
            "team": "all",
            "period": f"2026-{m:02d}",
            "star": 0.5,
            "core": 0.25 + 0.02 * m,
            "gap_pct": 0.5 / (0.25 + 0.02 * m) - 1,
            "n_star": 4,
            "n_core": 12,
        }
        for m in range(1, 9)
    ] + [
        {
            "team": "A",
            "period": "2026-01",
            "star": None,
            "core": 0.3,
            "gap_pct": None,
            "n_star": 0,
            "n_core": 3,
        }
    ]
    closures = {c.team: c.to_dict() for c in gap_closure(rows)}
    everyone = closures["all"]
    assert everyone["direction"] == "closing"
    assert everyone["slope_ci"][1] < 0
    assert everyone["months"][0]["core_to_star"] == pytest.approx(0.54)
    assert closures["A"]["direction"] == "too few months"
