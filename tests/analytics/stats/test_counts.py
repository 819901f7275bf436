"""Poisson-gamma empirical Bayes: the fitted spread, shrinkage of small counts, dispersion."""

from __future__ import annotations

import numpy as np
import pytest

from uplift.analytics.stats.counts import (
    MAX_SHAPE,
    GammaPrior,
    fit_gamma_prior,
    gamma_posteriors,
)


def test_the_fitted_prior_recovers_a_planted_spread() -> None:
    rng = np.random.default_rng(3)
    expected = rng.uniform(5, 50, 2000)
    rates = rng.gamma(4.0, 1.2 / 4.0, 2000)  # mean 1.2, shape 4
    prior = fit_gamma_prior(rng.poisson(rates * expected), expected)
    assert prior.mean == pytest.approx(1.2, rel=0.05)
    assert prior.shape == pytest.approx(4.0, rel=0.2)


def test_no_spread_beyond_poisson_pools_everyone() -> None:
    rng = np.random.default_rng(5)
    expected = np.full(500, 40.0)
    prior = fit_gamma_prior(rng.poisson(expected), expected)
    assert 1 / np.sqrt(prior.shape) < 0.05  # a spread of under 5 % left: noise
    assert prior.shape <= MAX_SHAPE


def test_a_few_lucky_events_are_pulled_back_and_many_are_not() -> None:
    counts = np.array([5.0, 600.0, *[50.0] * 30, *[40.0] * 30, *[60.0] * 30])
    expected = np.array([1.25, 500.0, *[50.0] * 90])
    post = gamma_posteriors(counts, expected)
    small, large = (post.shape / post.rate)[:2]
    assert small < 5 / 1.25 * 0.6  # a raw ratio of 4 keeps little of its lead
    assert large == pytest.approx(1.2, abs=0.05)  # 600 of 500 is known well
    sd = np.sqrt(post.shape) / post.rate
    assert sd[0] > 2 * sd[1]  # the lucky unit keeps the most doubt


def test_binomial_dispersion_narrows_the_posterior() -> None:
    # Against one prior: with no spread among these four the fitted prior's shape sits on a flat
    # likelihood (its optimum is "infinite"), so two fits would compare where the optimiser
    # happened to stop rather than what the dispersion does.
    counts, expected = np.array([60.0, 55.0, 65.0, 58.0]), np.full(4, 60.0)
    prior = GammaPrior(mean=1.0, shape=20.0)
    poisson = gamma_posteriors(counts, expected, prior=prior)
    binomial = gamma_posteriors(counts, expected, prior=prior, dispersion=0.4)
    assert np.all(binomial.shape > poisson.shape)
    assert np.all(binomial.shape / binomial.rate**2 < poisson.shape / poisson.rate**2), (
        "wins out of known deals are less noisy than Poisson counts: a narrower posterior"
    )
    with pytest.raises(ValueError, match="dispersion"):
        gamma_posteriors(counts, expected, dispersion=0.0)
