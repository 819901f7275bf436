"""Probability of being a star and rank intervals, on hand-checkable and planted cases."""

from __future__ import annotations

import numpy as np
import pytest

from uplift.analytics.stats import (
    beta_top_fraction_probability,
    rank_estimates,
    rank_rates,
    top_count,
    top_fraction_probability,
)


@pytest.mark.parametrize(
    ("n_units", "fraction", "expected"),
    [(10, 0.2, 2), (6, 0.2, 1), (13, 0.2, 3), (2, 0.2, 1), (1, 0.2, 1), (5, 1.0, 5), (7, 0.5, 4)],
)
def test_top_count_rounds_half_up_and_keeps_one(
    n_units: int, fraction: float, expected: int
) -> None:
    assert top_count(n_units, fraction) == expected


def test_every_draw_fills_the_top_band_exactly() -> None:
    rng = np.random.default_rng(1)
    means, sds = rng.normal(size=23), rng.uniform(0.1, 2, size=23)
    result = top_fraction_probability(means, sds, fraction=0.2, draws=2000, seed=4)

    assert result.p_top.sum() == pytest.approx(top_count(23, 0.2))
    assert np.all((result.rank_low >= 1) & (result.rank_low <= result.rank_high))
    assert np.all(result.rank_high <= 23)


def test_certain_values_give_certain_ranks() -> None:
    result = top_fraction_probability([3.0, 1.0, 2.0, 0.0, -1.0], [0, 0, 0, 0, 0], fraction=0.4)

    np.testing.assert_array_equal(result.p_top, [1, 0, 1, 0, 0])
    np.testing.assert_array_equal(result.rank_low, [1, 3, 2, 4, 5])
    np.testing.assert_array_equal(result.rank_high, [1, 3, 2, 4, 5])


def test_two_equal_reps_split_the_single_top_slot() -> None:
    result = top_fraction_probability([1.0, 1.0], [1.0, 1.0], fraction=0.5, draws=20000, seed=0)

    np.testing.assert_allclose(result.p_top, 0.5, atol=0.02)
    np.testing.assert_array_equal(result.rank_low, [1, 1])
    np.testing.assert_array_equal(result.rank_high, [2, 2])


def test_lower_is_better_reverses_the_order() -> None:
    means, sds = [10.0, 30.0, 20.0], [1.0, 1.0, 1.0]
    faster = top_fraction_probability(means, sds, fraction=0.34, higher_is_better=False)

    assert faster.p_top[0] > 0.99
    assert faster.rank_low[1] == 3


def test_the_seed_makes_runs_repeatable() -> None:
    args = ([0.1, 0.2, 0.15, 0.3], [0.1, 0.1, 0.2, 0.05])
    first = top_fraction_probability(*args, fraction=0.25, draws=500, seed=7)
    again = top_fraction_probability(*args, fraction=0.25, draws=500, seed=7)

    np.testing.assert_array_equal(first.p_top, again.p_top)


def test_beta_draws_rank_a_lucky_small_sample_below_a_proven_star() -> None:
    # 5 wins of 5 deals versus 65 of 100: posteriors under a Beta(8, 12) prior.
    alpha = np.array([8 + 5, 8 + 65, 8 + 40, 8 + 38])
    beta = np.array([12 + 0, 12 + 35, 12 + 60, 12 + 62])
    result = beta_top_fraction_probability(alpha, beta, fraction=0.25, draws=4000, seed=0)

    assert result.p_top[1] > 0.75
    assert result.p_top[0] < 0.25
    # The lucky rep could be anywhere; the proven one is first or second.
    assert (result.rank_low[0], result.rank_high[0]) == (1, 4)
    assert (result.rank_low[1], result.rank_high[1]) == (1, 2)


def _planted_team(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n_core, n_star = 54, 6
    true_rate = np.concatenate([rng.beta(8, 12, size=n_core), np.full(n_star, 0.7)])
    trials = np.concatenate([rng.integers(8, 120, size=n_core), rng.integers(80, 120, size=n_star)])
    wins = rng.binomial(trials, true_rate)
    return wins, trials, true_rate


def test_planted_stars_get_high_probability_and_covered_ranks() -> None:
    wins, trials, true_rate = _planted_team(seed=2026)
    result = rank_rates(wins, trials, fraction=0.2, draws=4000, seed=0)

    stars = np.arange(54, 60)
    assert result.n_top == 12
    assert np.all(result.p_top[stars] > 0.9)
    assert np.median(result.p_top[:54]) < 0.1
    true_rank = np.empty(60)
    true_rank[np.argsort(-true_rate)] = np.arange(1, 61)
    covered = (result.rank_low <= true_rank) & (true_rank <= result.rank_high)
    assert covered.mean() >= 0.8  # nominal 90 % intervals


def test_planted_stars_with_the_normal_approximation() -> None:
    rng = np.random.default_rng(8)
    truth = np.concatenate([rng.normal(100, 15, size=45), np.full(5, 160.0)])
    se = rng.uniform(3, 10, size=50)
    estimates = truth + rng.normal(0, se)
    result = rank_estimates(estimates, se, fraction=0.1, draws=4000, seed=0)

    assert result.n_top == 5
    assert np.all(result.p_top[45:] > 0.5)
    assert np.all(result.p_top[:45] < 0.5)
    true_rank = np.empty(50)
    true_rank[np.argsort(-truth)] = np.arange(1, 51)
    covered = (result.rank_low <= true_rank) & (true_rank <= result.rank_high)
    assert covered.mean() >= 0.8
    # The noisiest reps are pulled furthest towards the team mean.
    pull = np.abs(result.posterior_mean - estimates) / np.abs(estimates - estimates.mean())
    assert np.corrcoef(pull, se)[0, 1] > 0.5


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="same length"):
        top_fraction_probability([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="fraction"):
        top_fraction_probability([1.0, 2.0], [1.0, 1.0], fraction=0)
    with pytest.raises(ValueError, match="negative"):
        top_fraction_probability([1.0, 2.0], [1.0, -1.0])
