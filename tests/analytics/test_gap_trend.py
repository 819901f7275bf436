"""The gap on one metric, and the monthly trend, computed by hand."""

from __future__ import annotations

from datetime import date

import pytest

from uplift.analytics.metrics import trailing_window
from uplift.analytics.performance import PerformanceConfig
from uplift.analytics.performance.gap import GAP_METRICS, metric_gap
from uplift.analytics.performance.results import (
    BandRule,
    RepIdentity,
    RepSegment,
    ScorecardRow,
    Segments,
)
from uplift.analytics.performance.trend import trend_analysis
from uplift.analytics.stats import ratio_of_means

WINDOW = trailing_window(date(2026, 2, 28), 2)
WIN_RATE = next(spec for spec in GAP_METRICS if spec.metric == "win_rate")


def test_the_gap_is_the_ratio_of_group_means_with_its_interval() -> None:
    star, core = [0.45, 0.5, 0.4], [0.3, 0.25, 0.3, 0.35]
    row = metric_gap(star, core, WIN_RATE, 0.95)
    reference = ratio_of_means(star, core)
    assert row.star == pytest.approx(0.45)
    assert row.core == pytest.approx(0.3)
    assert row.gap_pct == pytest.approx(0.5)
    assert (row.ci_low, row.ci_high) == (reference.ci_low, reference.ci_high)
    assert (row.n_star, row.n_core) == (3, 4)


def test_a_gap_needs_two_reps_a_side_and_positive_means() -> None:
    assert metric_gap([0.4], [0.3, 0.2], WIN_RATE, 0.95).gap_pct is None
    undefined = metric_gap([0.4, 0.5], [0.0, 0.0], WIN_RATE, 0.95)
    assert undefined.gap_pct is None
    assert undefined.to_dict()["ci"] == [None, None]


def person(rep: str, team: str) -> RepIdentity:
    return RepIdentity("sf", rep, None, rep, team, None, active=True)


def segment(rep: str, team: str, band: str) -> RepSegment:
    return RepSegment(
        rep=person(rep, team),
        segment=band,
        p_star=0.5,
        rank=1,
        rank_low=1,
        rank_high=1,  # type: ignore[arg-type]
        metric="win_rate",
        raw=0.0,
        expected=0.0,
        adjusted_raw=1.0,
        adjusted=1.0,
        adjusted_sd=0.1,
        n=10,
        wins=1,
        bookings_cents=0,
        mix=(),
        why="",
    )


def month(rep: str, team: str, key: date, closed: int, won: int, cents: int) -> ScorecardRow:
    values: dict[str, int | float | None] = {
        "deals_closed": closed,
        "deals_won": won,
        "bookings_cents": cents,
    }
    end = date(key.year, key.month, 28)
    return ScorecardRow(person(rep, team), key.strftime("%Y-%m"), key, end, values)


def segments() -> Segments:
    reps = (
        segment("s1", "East", "star"),
        segment("s2", "West", "star"),
        segment("c1", "East", "core"),
        segment("c2", "West", "core"),
        segment("t1", "East", "tail"),
    )
    bands = BandRule(0.2, 0.2, 5, 2, 2, 1, "")
    return Segments(WINDOW.end, WINDOW, "win_rate", "", bands, reps, ())


JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)
ROWS = [
    month("s1", "East", JAN, 10, 5, 5000),
    month("s2", "West", JAN, 30, 12, 9000),
    month("c1", "East", JAN, 20, 5, 2000),
    month("c2", "West", JAN, 20, 5, 4000),
    month("t1", "East", JAN, 20, 1, 100),
    month("s1", "East", FEB, 0, 0, 0),
    month("c1", "East", FEB, 10, 3, 3000),
]


def test_the_trend_pools_each_band_per_month_for_all_and_per_team() -> None:
    trend = trend_analysis(segments(), ROWS, window=WINDOW, metric="win_rate")
    points = {(p.period, p.team): p for p in trend.series}
    assert len(trend.series) == 2 * 3  # two months for "all", East and West
    jan = points[("2026-01", "all")]
    assert jan.star == pytest.approx(17 / 40)  # tail reps are left out
    assert jan.core == pytest.approx(10 / 40)
    assert jan.gap_pct == pytest.approx((17 / 40) / (10 / 40) - 1)
    assert (jan.n_star, jan.n_core) == (2, 2)
    east = points[("2026-01", "East")]
    assert (east.star, east.core) == (pytest.approx(0.5), pytest.approx(0.25))
    feb = points[("2026-02", "all")]
    assert feb.star is None  # no star closed anything in February
    assert feb.gap_pct is None
    assert feb.to_dict()["star"] is None


def test_the_bookings_trend_averages_over_reps_who_closed_deals() -> None:
    trend = trend_analysis(segments(), ROWS, window=WINDOW, metric="bookings")
    jan = next(p for p in trend.series if p.period == "2026-01" and p.team == "all")
    assert jan.star == pytest.approx((5000 + 9000) / 2 / 100)
    assert jan.core == pytest.approx((2000 + 4000) / 2 / 100)
    assert trend.unit == "currency"


def test_the_config_rejects_impossible_settings() -> None:
    with pytest.raises(ValueError, match="primary_metric"):
        PerformanceConfig(primary_metric="revenue")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cannot exceed 1"):
        PerformanceConfig(star_fraction=0.6, tail_fraction=0.5)
    with pytest.raises(ValueError, match="unknown mix keys"):
        PerformanceConfig(mix_by=("colour",))
