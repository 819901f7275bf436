"""Baselines and 'did it move' read from the monthly scorecards of the latest analysis."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import World
from tests.development.helpers import analysis_store, month_row
from tests.stored_snapshots import scorecards_document
from uplift.development.metrics import (
    METRICS,
    metric_baseline,
    metric_movement,
    metric_since,
    pooled_value,
)

pytestmark = pytest.mark.django_db


def test_pooled_ratio_is_a_ratio_of_sums_not_a_mean_of_ratios() -> None:
    rows = [{"deals_won": 1, "deals_closed": 1}, {"deals_won": 1, "deals_closed": 9}]
    assert pooled_value(METRICS["win_rate"], rows) == pytest.approx(2 / 10)
    assert (
        pooled_value(METRICS["bookings"], [{"bookings_cents": 100_00}, {"bookings_cents": 300_00}])
        == 200
    )
    cycle = [
        {"median_cycle_days": 30.0, "deals_won": 1},
        {"median_cycle_days": 60.0, "deals_won": 3},
    ]
    assert pooled_value(METRICS["sales_cycle_days"], cycle) == pytest.approx((30 + 180) / 4)
    assert pooled_value(METRICS["win_rate"], [{"deals_won": 0, "deals_closed": 0}]) is None


def test_baseline_is_the_three_full_months_before_the_start(world: World) -> None:
    email = world.ann.email
    monthly = [
        month_row(email, "2026-03", deals_won=9, deals_closed=9),  # four months before: ignored
        month_row(email, "2026-04", deals_won=1, deals_closed=4),
        month_row(email, "2026-05", deals_won=1, deals_closed=4),
        month_row(email, "2026-06", deals_won=2, deals_closed=2),
        month_row(email, "2026-07", deals_won=3, deals_closed=4),  # the start month: neither
        month_row(email, "2026-08", deals_won=3, deals_closed=5),
        month_row(email, "2026-09", deals_won=2, deals_closed=5),
        month_row(world.art.email, "2026-08", deals_won=0, deals_closed=5),  # someone else
    ]
    analysis_store(
        organisation=world.org,
        as_of=date(2026, 9, 30),
        parts={"scorecards": scorecards_document(monthly=monthly, currency="USD")},
    )
    start = date(2026, 7, 10)
    baseline = metric_baseline(organisation=world.org, rep=world.ann, key="win_rate", start=start)
    assert (baseline.value, baseline.months) == (pytest.approx(4 / 10), 3)
    since = metric_since(organisation=world.org, rep=world.ann, key="win_rate", start=start)
    assert (since.value, since.months) == (pytest.approx(5 / 10), 2)
    assert (baseline.deals, since.deals) == (10, 10)


def test_a_month_still_running_at_the_analysis_day_is_not_read(world: World) -> None:
    monthly = [
        month_row(world.ann.email, "2026-08", deals_won=1, deals_closed=2),
        month_row(world.ann.email, "2026-09", deals_won=2, deals_closed=2),
    ]
    analysis_store(
        organisation=world.org,
        as_of=date(2026, 9, 15),
        parts={"scorecards": scorecards_document(monthly=monthly)},
    )
    since = metric_since(
        organisation=world.org, rep=world.ann, key="win_rate", start=date(2026, 7, 1)
    )
    assert (since.value, since.months) == (0.5, 1)


def test_no_analysis_means_no_reading(world: World) -> None:
    reading = metric_baseline(
        organisation=world.org, rep=world.ann, key="win_rate", start=date(2026, 7, 1)
    )
    assert reading.value is None
    assert reading.months == 0


@pytest.mark.parametrize(
    ("baseline", "target", "current", "status", "progress"),
    [
        (0.20, 0.30, 0.25, "moved", 0.5),
        (0.20, 0.30, 0.205, "not_yet", 0.05),
        (0.20, 0.30, 0.192, "not_yet", -0.08),
        (0.20, 0.30, 0.17, "moved_away", -0.3),
        (0.20, 0.30, 0.35, "moved", 1.5),
    ],
)
def test_moved_means_a_tenth_of_the_way_to_the_target(
    baseline: float, target: float, current: float, status: str, progress: float
) -> None:
    movement = metric_movement(
        key="win_rate", baseline=baseline, target=target, current=current, months_since=2
    )
    assert movement.status == status
    assert movement.progress == pytest.approx(progress, abs=1e-6)


def test_lower_is_better_metrics_move_down() -> None:
    down = metric_movement(
        key="sales_cycle_days", baseline=100, target=80, current=90, months_since=1
    )
    assert down.status == "moved"
    assert down.progress == pytest.approx(0.5)
    untargeted = metric_movement(
        key="sales_cycle_days", baseline=100, target=None, current=85, months_since=1
    )
    assert untargeted.status == "moved"
    worse = metric_movement(
        key="sales_cycle_days", baseline=100, target=None, current=120, months_since=1
    )
    assert worse.status == "moved_away"


def test_no_month_since_the_start_is_no_reading() -> None:
    movement = metric_movement(
        key="win_rate", baseline=0.2, target=0.3, current=0.5, months_since=0
    )
    assert movement.status == "no_data"
