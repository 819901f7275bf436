"""Star-vs-core effect sizes: hand-computed cases and interval coverage on simulated teams."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from uplift.analytics.stats import (
    GroupSummary,
    adjusted_difference,
    hedges_g,
    mean_difference,
    ratio_of_means,
)

STAR = [1.0, 2.0, 3.0, 4.0, 5.0]  # n 5, mean 3, variance 2.5
CORE = [2.0, 4.0, 6.0]  # n 3, mean 4, variance 4
REPLICATIONS = 400


def test_group_summary_from_engine_sums_equals_from_values() -> None:
    from_values = GroupSummary.from_values(STAR)
    from_sums = GroupSummary.from_sums(5, 15.0, 55.0)

    assert from_values == GroupSummary(n=5, mean=3.0, variance=2.5)
    assert from_sums.mean == from_values.mean
    assert from_sums.variance == pytest.approx(from_values.variance)


def test_welch_difference_hand_computed() -> None:
    result = mean_difference(STAR, CORE)
    se = math.sqrt(2.5 / 5 + 4 / 3)
    df = (2.5 / 5 + 4 / 3) ** 2 / ((2.5 / 5) ** 2 / 4 + (4 / 3) ** 2 / 2)
    low, high = CompareMeans(DescrStatsW(STAR), DescrStatsW(CORE)).tconfint_diff(usevar="unequal")

    assert result.estimate == -1.0
    assert result.se == pytest.approx(se)
    assert result.df == pytest.approx(df)
    assert (result.ci_low, result.ci_high) == pytest.approx((low, high))
    assert result.p_value == pytest.approx(stats.ttest_ind(STAR, CORE, equal_var=False).pvalue)


def test_ratio_of_means_hand_computed() -> None:
    result = ratio_of_means(STAR, CORE)
    se = math.sqrt(2.5 / (5 * 9) + 4 / (3 * 16))
    parts = (2.5 / (5 * 9), 4 / (3 * 16))
    df = sum(parts) ** 2 / (parts[0] ** 2 / 4 + parts[1] ** 2 / 2)
    half = stats.t.ppf(0.975, df) * se

    assert result.estimate == pytest.approx(-0.25)
    assert result.se == pytest.approx(se)
    assert result.ci_low == pytest.approx(0.75 * math.exp(-half) - 1)
    assert result.ci_high == pytest.approx(0.75 * math.exp(half) - 1)


def test_hedges_g_hand_computed() -> None:
    # Pooled variance (4·2.5 + 2·4)/6 = 3; d = -1/√3; J(6) = Γ(3)/(√3 Γ(2.5)).
    result = hedges_g(STAR, CORE)
    correction = 2 / (math.sqrt(3) * math.gamma(2.5))
    g = correction * -1 / math.sqrt(3)

    assert correction == pytest.approx(1 - 3 / (4 * 8 - 9), abs=1e-3)
    assert result.estimate == pytest.approx(g)
    assert result.se == pytest.approx(math.sqrt(8 / 15 + g**2 / 16))
    assert result.ci_low == pytest.approx(g - 1.959964 * result.se)
    assert result.p_value == pytest.approx(stats.ttest_ind(STAR, CORE).pvalue)


def test_adjusted_difference_without_covariates_is_the_hc3_two_group_case() -> None:
    # With only a star dummy, HC3 gives Var = s²_star/(n_star - 1) + s²_core/(n_core - 1).
    outcome = np.array(STAR + CORE)
    star = np.array([1] * 5 + [0] * 3)
    result = adjusted_difference(outcome, star)

    assert result.estimate == pytest.approx(-1.0)
    assert result.se == pytest.approx(math.sqrt(2.5 / 4 + 4 / 2))
    assert result.df == 6


def test_adjusted_difference_removes_segment_mix() -> None:
    # Stars hold more enterprise deals, which are worth more; their own edge is 5.
    rng = np.random.default_rng(21)
    n = 300
    star = (rng.random(n) < 0.2).astype(float)
    enterprise_share = np.clip(rng.normal(0.3 + 0.4 * star, 0.1), 0, 1)
    outcome = 50 + 40 * enterprise_share + 5 * star + rng.normal(0, 4, n)

    raw = mean_difference(outcome[star == 1], outcome[star == 0])
    adjusted = adjusted_difference(outcome, star, enterprise_share)

    assert raw.ci_low > 15  # mostly mix
    assert adjusted.ci_low < 5 < adjusted.ci_high
    assert adjusted.p_value < 1e-4


def test_collinear_shares_are_refused_with_a_hint() -> None:
    shares = np.array([[0.2, 0.8], [0.5, 0.5], [0.1, 0.9], [0.7, 0.3], [0.4, 0.6], [0.3, 0.7]])
    with pytest.raises(ValueError, match="leave one segment share out"):
        adjusted_difference([1, 2, 3, 4, 5, 6], [1, 1, 0, 0, 0, 0], shares)


def _coverage(hits: list[bool]) -> float:
    return float(np.mean(hits))


def test_welch_and_ratio_intervals_cover_the_truth_95_percent_of_the_time() -> None:
    rng = np.random.default_rng(2024)
    welch, ratio = [], []
    for _ in range(REPLICATIONS):
        stars = rng.gamma(shape=4.0, scale=30.0, size=12)  # mean 120
        core = rng.gamma(shape=4.0, scale=20.0, size=40)  # mean 80
        diff = mean_difference(stars, core)
        gap = ratio_of_means(stars, core)
        welch.append(diff.ci_low <= 40 <= diff.ci_high)
        ratio.append(gap.ci_low <= 0.5 <= gap.ci_high)

    assert 0.92 <= _coverage(welch) <= 0.98
    assert 0.92 <= _coverage(ratio) <= 0.98


def test_hedges_g_interval_covers_the_true_standardised_difference() -> None:
    rng = np.random.default_rng(7)
    hits = []
    for _ in range(REPLICATIONS):
        result = hedges_g(rng.normal(0.5, 1, 20), rng.normal(0, 1, 40))
        hits.append(result.ci_low <= 0.5 <= result.ci_high)

    assert 0.92 <= _coverage(hits) <= 0.98


def test_adjusted_difference_interval_covers_under_heteroscedasticity() -> None:
    rng = np.random.default_rng(99)
    hits = []
    for _ in range(REPLICATIONS):
        star = np.r_[np.ones(15), np.zeros(45)]
        share = rng.uniform(0, 1, 60)
        noise = rng.normal(0, 1 + 3 * star + 2 * share)  # stars are more variable
        outcome = 10 + 6 * share + 2 * star + noise
        result = adjusted_difference(outcome, star, share)
        hits.append(result.ci_low <= 2 <= result.ci_high)

    assert 0.92 <= _coverage(hits) <= 0.985


def test_ratio_of_means_needs_positive_means() -> None:
    with pytest.raises(ValueError, match="positive means"):
        ratio_of_means([-1.0, 0.5], [1.0, 2.0])
