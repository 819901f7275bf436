"""How sure are we that a rep is a star? Probabilities of being in the top band, and rank intervals.

A bare rank hides how much luck is in it. Here each rep's true value is drawn many times from its
posterior (normal, or Beta for rates); in every draw the reps are ranked (1 = best), and we report

- ``p_top``: the share of draws in which the rep is among the top ``top_count(k, fraction)``;
- ``rank_low``/``rank_high``: an interval of the rep's rank across draws (by default the 5th and
  95th percentiles, so a 90 % interval; rank_low is the better end).

The draws come from a seeded generator, so a rerun on the same data gives the same answer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from uplift.analytics.stats._arrays import FloatArray, finite_vector, same_length
from uplift.analytics.stats.shrinkage import (
    BetaPrior,
    BetaPriorMethod,
    NormalPriorMethod,
    beta_binomial_posteriors,
    normal_shrinkage,
)

# Draws are made in blocks of about this many values so memory stays flat for large teams.
_BLOCK_VALUES = 2_000_000

Sampler = Callable[[np.random.Generator, int], FloatArray]


class TopFraction(NamedTuple):
    """Per-rep probability of being in the top band, and the rank interval (1 = best)."""

    p_top: FloatArray
    rank_low: FloatArray
    rank_high: FloatArray


def top_count(n_units: int, fraction: float) -> int:
    """How many reps form the top ``fraction`` of ``n_units``: rounded half up, at least one.

    "Top 20 %" of 6 reps is 1.2 reps; this rule makes it 1 (and 3 of 13 reps, 2.6). Ties never
    arise inside a draw because the draws are continuous.
    """
    if n_units < 1:
        raise ValueError("n_units must be at least 1")
    if not 0 < fraction <= 1:
        raise ValueError("fraction must be in (0, 1]")
    return max(1, min(n_units, math.floor(fraction * n_units + 0.5)))


def top_fraction_probability(
    means: npt.ArrayLike,
    sds: npt.ArrayLike,
    fraction: float = 0.2,
    draws: int = 4000,
    seed: int = 0,
    *,
    interval: float = 0.9,
    higher_is_better: bool = True,
) -> TopFraction:
    """P(rep is in the top ``fraction``) and a rank interval, from normal posteriors N(mean, sd²).

    Use posterior means and sds (e.g. from :func:`normal_shrinkage`), not raw estimates, or noisy
    reps will look like stars. Set ``higher_is_better=False`` for metrics such as cycle time.
    """
    centre = finite_vector(means, "means")
    spread = finite_vector(sds, "sds")
    same_length(means=centre, sds=spread)
    if np.any(spread < 0):
        raise ValueError("sds must not be negative")
    sign = 1.0 if higher_is_better else -1.0

    def sample(rng: np.random.Generator, size: int) -> FloatArray:
        noise = rng.standard_normal((size, len(centre)))
        return np.asarray(sign * (centre + spread * noise), dtype=np.float64)

    return _summarise_ranks(
        sample, len(centre), fraction=fraction, draws=draws, seed=seed, interval=interval
    )


def beta_top_fraction_probability(
    alpha: npt.ArrayLike,
    beta: npt.ArrayLike,
    fraction: float = 0.2,
    draws: int = 4000,
    seed: int = 0,
    *,
    interval: float = 0.9,
) -> TopFraction:
    """Like :func:`top_fraction_probability`, with each rate drawn from Beta(alpha_i, beta_i)."""
    a = finite_vector(alpha, "alpha")
    b = finite_vector(beta, "beta")
    same_length(alpha=a, beta=b)
    if np.any(a <= 0) or np.any(b <= 0):
        raise ValueError("Beta parameters must be positive")

    def sample(rng: np.random.Generator, size: int) -> FloatArray:
        return rng.beta(a, b, size=(size, len(a)))

    return _summarise_ranks(
        sample, len(a), fraction=fraction, draws=draws, seed=seed, interval=interval
    )


def top_fraction_from_draws(
    sample: Sampler,
    n_units: int,
    *,
    fraction: float = 0.2,
    draws: int = 4000,
    seed: int = 0,
    interval: float = 0.9,
) -> TopFraction:
    """Like :func:`top_fraction_probability` for any posterior: ``sample(rng, size)`` returns
    ``size`` draws of every unit's value (higher is better) as an array (size, n_units)."""
    return _summarise_ranks(
        sample, n_units, fraction=fraction, draws=draws, seed=seed, interval=interval
    )


def _summarise_ranks(
    sample: Sampler, n_units: int, *, fraction: float, draws: int, seed: int, interval: float
) -> TopFraction:
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if not 0 < interval < 1:
        raise ValueError("interval must be between 0 and 1")
    n_top = top_count(n_units, fraction)
    rng = np.random.default_rng(seed)
    rank_type = np.uint16 if n_units < np.iinfo(np.uint16).max else np.int32
    ranks = np.empty((draws, n_units), dtype=rank_type)
    block = max(1, _BLOCK_VALUES // n_units)
    for start in range(0, draws, block):
        stop = min(draws, start + block)
        values = sample(rng, stop - start)
        order = np.argsort(-values, axis=1)
        block_ranks = np.empty_like(order)
        np.put_along_axis(block_ranks, order, np.arange(1, n_units + 1)[None, :], axis=1)
        ranks[start:stop] = block_ranks
    tail = (1 - interval) / 2
    low, high = np.quantile(ranks, [tail, 1 - tail], axis=0, method="inverted_cdf")
    return TopFraction(
        p_top=np.mean(ranks <= n_top, axis=0),
        rank_low=np.asarray(low, dtype=np.float64),
        rank_high=np.asarray(high, dtype=np.float64),
    )


@dataclass(frozen=True)
class RankedReps:
    """Shrunk per-rep values with the probability of being in the top band and a rank interval."""

    posterior_mean: FloatArray
    posterior_sd: FloatArray
    p_top: FloatArray
    rank_low: FloatArray
    rank_high: FloatArray
    n_top: int


def rank_rates(
    successes: npt.ArrayLike,
    trials: npt.ArrayLike,
    *,
    fraction: float = 0.2,
    draws: int = 4000,
    seed: int = 0,
    prior: BetaPrior | None = None,
    method: BetaPriorMethod = "mle",
) -> RankedReps:
    """Beta-binomial empirical Bayes for rates, then top-band probabilities from the posteriors."""
    posteriors = beta_binomial_posteriors(successes, trials, prior=prior, method=method)
    a, b = posteriors.alpha, posteriors.beta
    top = beta_top_fraction_probability(a, b, fraction, draws, seed)
    sd = np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    return RankedReps(
        posteriors.mean, sd, top.p_top, top.rank_low, top.rank_high, top_count(len(a), fraction)
    )


def rank_estimates(
    estimates: npt.ArrayLike,
    standard_errors: npt.ArrayLike,
    *,
    fraction: float = 0.2,
    draws: int = 4000,
    seed: int = 0,
    method: NormalPriorMethod = "mle",
    higher_is_better: bool = True,
) -> RankedReps:
    """Normal empirical Bayes for (mix-adjusted) estimates with standard errors, then ranks."""
    se = finite_vector(standard_errors, "standard_errors")
    shrunk = normal_shrinkage(estimates, se**2, method=method)
    top = top_fraction_probability(
        shrunk.posterior_mean,
        shrunk.posterior_sd,
        fraction,
        draws,
        seed,
        higher_is_better=higher_is_better,
    )
    return RankedReps(
        shrunk.posterior_mean,
        shrunk.posterior_sd,
        top.p_top,
        top.rank_low,
        top.rank_high,
        top_count(len(se), fraction),
    )
