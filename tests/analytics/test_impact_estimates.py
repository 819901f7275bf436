"""The impact estimator on small panels made in memory: hand counts, the ratio estimator against
``att_gt``, small cohorts, the readings, and a planted effect of a generic treatment."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from uplift.analytics.impact import (
    ImpactConfig,
    RepMonthPanel,
    TreatmentEvent,
    estimate_impact,
    ratio_att_gt,
)
from uplift.analytics.impact.config import Estimator
from uplift.analytics.impact.inference import (
    PreTrendCheck,
    merge_small_cohorts,
    pre_trend_check,
    with_small_sample_correction,
)
from uplift.analytics.impact.results import reading_for
from uplift.analytics.metrics import Window
from uplift.analytics.metrics.periods import add_months
from uplift.analytics.stats import Inference, aggregate, att_gt

ANALYTICAL = Inference(draws=0)


def test_the_ratio_estimator_matches_a_hand_count() -> None:
    # Units 0-1 adopt in period 2, units 2-3 never do. Won / closed per unit and period:
    won = [[1, 3], [1, 1], [1, 2], [1, 0]]
    closed = [[2, 4], [2, 2], [4, 4], [1, 1]]
    result = ratio_att_gt(
        unit_ids=[0, 1, 2, 3],
        numerator=won,
        denominator=closed,
        first_treated=[2, 2, 0, 0],
        inference=ANALYTICAL,
    )
    (cell,) = result.cells
    # adopters 2/4 -> 4/6, comparison reps 2/5 -> 2/5: the effect is 4/6 - 1/2 = 1/6
    assert cell.estimate == pytest.approx(1 / 6)
    assert (cell.group, cell.period, cell.base_period, cell.event_time) == (2, 2, 1, 0)
    assert (cell.n_treated, cell.n_control) == (2, 2)


def test_with_one_deal_per_rep_and_month_it_is_att_gt() -> None:
    rng = np.random.default_rng(3)
    n, periods = 120, 6
    groups = rng.choice([0, 0, 3, 4, 5], n)
    won = rng.integers(0, 2, (n, periods))
    ours = ratio_att_gt(
        unit_ids=np.arange(n),
        numerator=won,
        denominator=np.ones((n, periods)),
        first_treated=groups,
        inference=ANALYTICAL,
    )
    reference = att_gt(
        unit=np.repeat(np.arange(n), periods),
        period=np.tile(np.arange(1, periods + 1), n),
        outcome=won.ravel(),
        first_treated=np.repeat(groups, periods),
        inference=ANALYTICAL,
    )
    assert [(c.group, c.period, c.base_period) for c in ours.cells] == [
        (c.group, c.period, c.base_period) for c in reference.cells
    ]
    assert [c.estimate for c in ours.cells] == pytest.approx([c.estimate for c in reference.cells])
    assert [c.se for c in ours.cells] == pytest.approx([c.se_analytic for c in reference.cells])
    mine, theirs = aggregate(ours, "simple"), aggregate(reference, "simple")
    assert mine.estimate == pytest.approx(theirs.estimate)
    assert mine.se == pytest.approx(theirs.se)


def test_a_group_without_closed_deals_in_a_month_skips_that_comparison() -> None:
    won = [[0, 1, 1], [0, 0, 1], [1, 1, 1]]
    closed = [[0, 2, 2], [0, 1, 2], [2, 2, 2]]  # the adopters closed nothing in period 1
    result = ratio_att_gt(
        unit_ids=[0, 1, 2],
        numerator=won,
        denominator=closed,
        first_treated=[3, 3, 0],
        inference=ANALYTICAL,
    )
    assert [(c.period, c.base_period) for c in result.cells] == [(3, 2)]


def test_small_adoption_months_merge_into_the_next() -> None:
    adopted = np.array([0, 3, 3, 4, 6, 6, 7])
    assert merge_small_cohorts(adopted, 2).tolist() == [0, 3, 3, 4, 4, 4, 4]
    assert merge_small_cohorts(adopted, 1).tolist() == adopted.tolist()
    assert merge_small_cohorts(np.array([0, 5]), 3).tolist() == [0, 5]


def test_the_small_sample_correction_scales_by_n_over_n_minus_one() -> None:
    rng = np.random.default_rng(0)
    n = 12
    won = rng.integers(0, 3, (n, 2))
    closed = won + rng.integers(0, 3, (n, 2))
    groups = np.array([2] * 3 + [0] * 9)
    raw = ratio_att_gt(
        unit_ids=np.arange(n),
        numerator=won,
        denominator=closed + 1,
        first_treated=groups,
        inference=ANALYTICAL,
    )
    fixed = with_small_sample_correction(raw)
    treated = groups == 2
    column = raw.influence[:, 0]
    assert fixed.influence[treated, 0] == pytest.approx(column[treated] * math.sqrt(3 / 2))
    assert fixed.influence[~treated, 0] == pytest.approx(column[~treated] * math.sqrt(9 / 8))


@pytest.mark.parametrize(
    ("low", "high", "p_value", "months", "expected"),
    [
        (0.01, 0.09, 0.5, 6, "likely positive"),
        (-0.09, -0.01, 0.5, 6, "likely negative"),
        (-0.01, 0.09, 0.5, 6, "too early to say"),
        (0.01, 0.09, 0.5, 2, "too early to say"),
        (0.01, 0.09, 0.01, 6, "pre-trends differ: treat with caution"),
        (math.nan, math.nan, 0.5, 6, "too early to say"),
    ],
)
def test_readings(low: float, high: float, p_value: float, months: int, expected: str) -> None:
    check = PreTrendCheck(drift=0.0, se=1.0, p_value=p_value, cells=10)
    config = ImpactConfig()
    got = reading_for(
        ci_low=low, ci_high=high, pretrend=check, median_post_months=months, config=config
    )
    assert got == expected


START = date(2024, 11, 1)


def simulated_panel(
    *, reps: int = 400, months: int = 24, effect: float = 0.08, seed: int = 1, drift: float = 0
) -> tuple[RepMonthPanel, list[TreatmentEvent]]:
    """Reps close Poisson(6) deals a month and win each with their own rate, plus ``effect``
    from the month a third of them start a coaching programme (months 7-21) on. With
    ``drift``, those who start improve by that much a month beforehand too."""
    rng = np.random.default_rng(seed)
    month_keys = tuple(add_months(START, i) for i in range(months))
    keys = tuple(("salesforce", f"R{i:04d}") for i in range(reps))
    skill = rng.uniform(0.15, 0.45, reps)
    adopted = np.where(rng.random(reps) < 1 / 3, rng.integers(6, 21, reps), 0)
    period = np.arange(1, months + 1)
    after = (adopted[:, None] > 0) & (period[None, :] > adopted[:, None])
    trend = drift * np.where(adopted[:, None] > 0, period[None, :] - months, 0)
    rate = np.clip(skill[:, None] + effect * after + trend, 0.01, 0.99)
    closed = rng.poisson(6, (reps, months))
    won = rng.binomial(closed, rate)
    panel = RepMonthPanel(
        window=Window(month_keys[0], add_months(month_keys[-1], 1).replace(day=1)),
        months=month_keys,
        reps=keys,
        deals_closed=closed.astype(np.int64),
        deals_won=won.astype(np.int64),
        bookings_cents=(won * 1_000_000).astype(np.int64),
        activities=np.zeros((reps, months), dtype=np.int64),
        excluded_reps=0,
    )
    events = [
        # the first day of the first month with the effect
        TreatmentEvent(keys[i], "Coaching programme", add_months(month_keys[g - 1], 1))
        for i, g in enumerate(adopted)
        if g
    ]
    return panel, events


METHODS = {
    "imputation": "imputation_rep_month_closed",
    "callaway_santanna": "callaway_santanna_not_yet_treated",
}


@pytest.mark.parametrize("estimator", ["imputation", "callaway_santanna"])
def test_a_planted_effect_of_any_dated_treatment_is_recovered(estimator: Estimator) -> None:
    panel, events = simulated_panel()
    analysis = estimate_impact(panel, events, config=ImpactConfig(draws=499, estimator=estimator))
    win_rate, bookings = analysis.estimates
    assert (win_rate.treatment, win_rate.metric, bookings.metric) == (
        "Coaching programme",
        "win_rate",
        "bookings",
    )
    assert win_rate.ci_low < 0.08 < win_rate.ci_high
    assert win_rate.ci_high - win_rate.ci_low < 0.1
    assert win_rate.reading == "likely positive"
    assert win_rate.method == METHODS[estimator]
    assert win_rate.to_dict()["estimator"] == estimator
    assert win_rate.sizes.adopters == len(events)
    assert win_rate.sizes.rep_months == 400 * 24
    post = [p for p in win_rate.event_study if p.event_time >= 1]
    # six pointwise 95% intervals: one may miss by chance (here month 3 for the narrower one)
    assert sum(p.ci_low < 0.08 < p.ci_high for p in post[:6]) >= 5
    assert bookings.reading == "likely positive"  # more wins, each worth 10,000


@pytest.mark.parametrize("estimator", ["imputation", "callaway_santanna"])
def test_adopters_already_improving_before_adopting_get_a_warning(estimator: Estimator) -> None:
    panel, events = simulated_panel(effect=0.0, drift=0.01, seed=2)
    (win_rate,) = estimate_impact(
        panel,
        events,
        config=ImpactConfig(draws=199, metrics=("win_rate",), estimator=estimator),
    ).estimates
    assert win_rate.pretrend is not None
    assert win_rate.pretrend.drift == pytest.approx(0.01, abs=0.005)
    assert win_rate.reading == "pre-trends differ: treat with caution"


def test_never_treated_comparisons_use_fewer_reps() -> None:
    panel, events = simulated_panel(seed=2)
    config = ImpactConfig(draws=0, metrics=("win_rate",), estimator="callaway_santanna")
    (later,) = estimate_impact(panel, events, config=config).estimates
    (never,) = estimate_impact(
        panel,
        events,
        config=replace(config, control_group="never_treated"),
    ).estimates
    assert never.method == "callaway_santanna_never_treated"
    assert never.sizes.comparison_reps == never.sizes.never_adopted
    assert later.sizes.comparison_reps > never.sizes.comparison_reps
    assert never.ci_low < 0.08 < never.ci_high


def test_who_is_left_out_and_why() -> None:
    panel, events = simulated_panel(reps=60, seed=4)
    first = panel.reps[0]
    extra = [
        TreatmentEvent(("salesforce", "nobody"), "Coaching programme", date(2025, 6, 1)),
        TreatmentEvent(first, "Rare practice", date(2025, 6, 1)),
        TreatmentEvent(panel.reps[1], "Rare practice", date(2024, 11, 20)),  # first month
        TreatmentEvent(panel.reps[2], "Rare practice", date(2027, 1, 1)),  # after the window
        TreatmentEvent(first, "Rare practice", date(2025, 9, 1)),  # later record: ignored
    ]
    analysis = estimate_impact(panel, [*events, *extra], config=ImpactConfig(draws=0))
    counts = analysis.adopters["Rare practice"]
    assert (counts.recorded, counts.in_estimate, counts.before_window, counts.after_window) == (
        3,
        1,
        1,
        1,
    )
    assert analysis.adopters["Coaching programme"].outside_panel == 1
    (skipped,) = analysis.not_estimated
    assert skipped.treatment == "Rare practice"
    assert "at least 5" in skipped.reason
    document = analysis.to_dict()
    assert {row["treatment"] for row in document["estimates"]} == {"Coaching programme"}
    assert all(
        row["pre_trend_p"] is None or 0 <= row["pre_trend_p"] <= 1 for row in document["estimates"]
    )


def test_the_pre_trend_check_needs_months_before_adoption() -> None:
    won = [[1, 1], [1, 1], [1, 0]]
    closed = [[2, 2], [2, 2], [2, 2]]
    result = ratio_att_gt(
        unit_ids=[0, 1, 2],
        numerator=won,
        denominator=closed,
        first_treated=[2, 2, 0],
        inference=ANALYTICAL,
    )
    assert pre_trend_check(result, 12) is None
