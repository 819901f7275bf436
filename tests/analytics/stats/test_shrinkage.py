"""Empirical Bayes shrinkage against Efron & Morris (1975) and hand-computed cases."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import special, stats

from uplift.analytics.stats import (
    BetaPrior,
    NormalShrinkage,
    beta_binomial_posteriors,
    fit_beta_prior,
    james_stein,
    normal_shrinkage,
)
from uplift.analytics.stats.shrinkage import MAX_CONCENTRATION

AT_BATS = 45


@pytest.fixture(scope="module")
def baseball(reference_data: Path) -> pd.DataFrame:
    return pd.read_csv(reference_data / "efron-morris-75.tsv", sep="\t")


def _pooled_james_stein(averages: np.ndarray) -> NormalShrinkage:
    mean = averages.mean()
    return james_stein(averages, mean * (1 - mean) / AT_BATS)


def test_efron_morris_shrinkage_factor(baseball: pd.DataFrame) -> None:
    from_hits = _pooled_james_stein(baseball["Hits"].to_numpy() / AT_BATS)
    from_published_averages = _pooled_james_stein(baseball["BattingAverage"].to_numpy())

    assert from_hits.kept[0] == pytest.approx(0.212, abs=5e-4)
    assert from_published_averages.kept[0] == pytest.approx(0.2124, abs=5e-5)
    assert from_hits.prior_mean == pytest.approx(0.265, abs=5e-4)


def test_efron_morris_clemente(baseball: pd.DataFrame) -> None:
    result = _pooled_james_stein(baseball["Hits"].to_numpy() / AT_BATS)
    clemente = baseball.index[baseball["LastName"] == "Clemente"][0]

    assert result.estimates[clemente] == pytest.approx(0.400)
    assert result.posterior_mean[clemente] == pytest.approx(0.294, abs=5e-4)


def test_efron_morris_predicts_the_rest_of_the_season_better(baseball: pd.DataFrame) -> None:
    raw = baseball["Hits"].to_numpy() / AT_BATS
    rest = baseball["RemainingAverage"].to_numpy()
    shrunk = _pooled_james_stein(raw).posterior_mean

    assert int(np.sum(np.abs(shrunk - rest) < np.abs(raw - rest))) == 16
    assert np.sum((raw - rest) ** 2) == pytest.approx(0.086, abs=5e-4)
    assert np.sum((shrunk - rest) ** 2) == pytest.approx(0.027, abs=5e-4)


def test_james_stein_hand_computed() -> None:
    # ȳ = 2.5, S = 5, B = (4 - 3)·1/5 = 0.2: every deviation keeps 80 %.
    result = james_stein([1.0, 2.0, 3.0, 4.0], 1.0)

    np.testing.assert_allclose(result.shrinkage, 0.2)
    np.testing.assert_allclose(result.posterior_mean, [1.3, 2.1, 2.9, 3.7])
    assert result.prior_variance == pytest.approx(4.0)  # σ²(1 - B)/B
    # Morris: σ²(1 - (k - 1)B/k) + 2B²(y - ȳ)²/(k - 3) = 0.85 + 0.08·(y - ȳ)²
    np.testing.assert_allclose(result.posterior_sd**2, [1.03, 0.87, 0.87, 1.03])


def test_james_stein_pulls_everything_in_when_spread_is_noise() -> None:
    result = james_stein([0.0, 0.1, 0.2, 0.3, 0.4], 10.0)

    np.testing.assert_allclose(result.posterior_mean, 0.2)
    assert result.prior_variance == 0


def test_normal_shrinkage_moments_with_equal_variances_is_hand_computed() -> None:
    # DerSimonian-Laird with v = 1: ȳ = 0.5, S = 13, τ² = S/(k - 1) - v = 10/3, so B = 3/13.
    values = np.array([-2.0, 0.0, 1.0, 3.0])
    result = normal_shrinkage(values, np.ones(4), method="moments")

    assert result.prior_variance == pytest.approx(10 / 3)
    np.testing.assert_allclose(result.shrinkage, 3 / 13)
    np.testing.assert_allclose(result.posterior_mean, 0.5 + (10 / 13) * (values - 0.5))
    # v(1 - B) + B²/Σw with Σw = 4/(13/3)
    np.testing.assert_allclose(result.posterior_sd**2, 10 / 13 + (3 / 13) ** 2 * 13 / 12)


def test_normal_shrinkage_mle_maximises_the_marginal_likelihood() -> None:
    rng = np.random.default_rng(3)
    variances = rng.uniform(0.2, 3.0, size=30)
    values = rng.normal(1.0, 1.5, size=30) + rng.normal(0, np.sqrt(variances))
    result = normal_shrinkage(values, variances, method="mle")

    grid = np.linspace(0, 10, 20001)[:, None]
    total = variances[None, :] + grid
    centre = np.sum(values / total, axis=1, keepdims=True) / np.sum(
        1 / total, axis=1, keepdims=True
    )
    loglik = np.sum(stats.norm.logpdf(values[None, :], centre, np.sqrt(total)), axis=1)
    best_on_grid = grid[np.argmax(loglik), 0]
    assert result.prior_variance == pytest.approx(best_on_grid, abs=1e-3)
    # Noisier estimates are pulled in harder.
    assert np.all(np.diff(result.shrinkage[np.argsort(variances)]) > 0)


def test_beta_prior_method_of_moments_hand_computed() -> None:
    # m = 0.5; Σn(p - m)²/(m(1 - m)) = 12.8; rho = (12.8 - 2)/(30 - 10 - 2) = 0.6;
    # alpha + beta = (1 - rho)/rho = 2/3.
    prior = fit_beta_prior([1, 5, 9], [10, 10, 10], method="moments")

    assert prior.alpha == pytest.approx(1 / 3)
    assert prior.beta == pytest.approx(1 / 3)


def test_beta_posterior_mean_hand_computed() -> None:
    prior = BetaPrior(alpha=1 / 3, beta=1 / 3, method="given")
    result = beta_binomial_posteriors([1, 5, 9, 0], [10, 10, 10, 0], prior=prior)

    np.testing.assert_allclose(result.mean, [0.125, 0.5, 0.875, 0.5])
    np.testing.assert_allclose(result.ci_low, stats.beta.ppf(0.025, result.alpha, result.beta))
    np.testing.assert_allclose(result.ci_high, stats.beta.ppf(0.975, result.alpha, result.beta))


def test_beta_prior_mle_beats_moments_and_is_stationary() -> None:
    rng = np.random.default_rng(11)
    trials = rng.integers(3, 60, size=80)
    wins = rng.binomial(trials, rng.beta(6, 14, size=80))
    mle = fit_beta_prior(wins, trials, method="mle")
    moments = fit_beta_prior(wins, trials, method="moments")

    def loglik(a: float, b: float) -> float:
        return float(np.sum(special.betaln(wins + a, trials - wins + b) - special.betaln(a, b)))

    assert loglik(mle.alpha, mle.beta) >= loglik(moments.alpha, moments.beta)
    for da, db in [(1e-3, 0), (-1e-3, 0), (0, 1e-3), (0, -1e-3)]:
        assert loglik(mle.alpha, mle.beta) >= loglik(mle.alpha + da, mle.beta + db) - 1e-9
    assert mle.mean == pytest.approx(0.3, abs=0.03)


def test_beta_prior_recovers_the_truth_on_a_large_team() -> None:
    rng = np.random.default_rng(5)
    trials = rng.integers(20, 80, size=2000)
    wins = rng.binomial(trials, rng.beta(8, 12, size=2000))

    for method in ("mle", "moments"):
        prior = fit_beta_prior(wins, trials, method=method)
        assert prior.mean == pytest.approx(0.4, abs=0.01)
        assert prior.concentration == pytest.approx(20, rel=0.2)


def test_beta_prior_without_spread_pulls_everyone_to_the_mean() -> None:
    prior = fit_beta_prior([5, 5, 5, 5], [10, 10, 10, 10])
    posteriors = beta_binomial_posteriors([5, 5, 5, 5], [10, 10, 10, 10], prior=prior)

    assert prior.concentration > MAX_CONCENTRATION / 10
    np.testing.assert_allclose(posteriors.mean, 0.5)


def test_small_samples_shrink_more() -> None:
    result = beta_binomial_posteriors([4, 40, 10, 30, 20], [5, 50, 40, 60, 50])

    # Both the 4/5 and the 40/50 rep have an 80 % raw rate; the 5-deal rep is pulled further.
    assert result.mean[0] < result.mean[1] < 0.8
    assert result.ci_high[0] - result.ci_low[0] > result.ci_high[1] - result.ci_low[1]


@pytest.mark.parametrize(
    ("successes", "trials", "message"),
    [
        ([3, 1], [2, 5], "successes <= trials"),
        ([0, 0, 0], [5, 6, 7], "every rate is 0"),
        ([1], [3], "at least 2 reps"),
    ],
)
def test_beta_prior_rejects_bad_counts(
    successes: list[int], trials: list[int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        fit_beta_prior(successes, trials)


def test_james_stein_needs_four_estimates() -> None:
    with pytest.raises(ValueError, match="at least 4"):
        james_stein([0.1, 0.2, 0.3], 0.01)
    assert math.isfinite(james_stein([0.1, 0.2, 0.3, 0.5], 0.01).prior_mean)
