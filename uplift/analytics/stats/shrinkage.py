"""Empirical Bayes shrinkage: how much of a small sample's extreme result to believe.

A rep who won 4 of 5 deals has an 80 % raw win rate, yet most of that is luck. Empirical Bayes
treats every rep's true value as a draw from a team-wide distribution (the *prior*), estimates
that distribution from all reps together, and pulls each raw estimate towards the team centre by
an amount that depends on how noisy it is. The pulled-in value (the *posterior mean*) predicts the
rep's future results better than the raw one, which is what Efron & Morris (1975) showed with 18
baseball players after 45 at-bats.

Two models are here:

- normal-normal, for estimates with known sampling variances (mix-adjusted metrics with standard
  errors; batting or win rates on a common number of trials), in the James-Stein form for equal
  variances and with a fitted prior variance for unequal ones;
- beta-binomial, for rates built from counts (wins out of closed deals).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import optimize, special, stats

from uplift.analytics.stats._arrays import FloatArray, finite_vector, same_length

NormalPriorMethod = Literal["mle", "moments"]
BetaPriorMethod = Literal["mle", "moments"]

# A prior with no detectable spread between reps is capped at this many pseudo-observations, so
# that every rate is pulled (almost) all the way to the team mean instead of dividing by zero.
MAX_CONCENTRATION = 1e6


@dataclass(frozen=True)
class NormalShrinkage:
    """Posterior summaries under a normal prior fitted to the estimates themselves.

    ``shrinkage[i]`` is B_i, the weight the posterior puts on the prior mean: 0 keeps the raw
    estimate, 1 replaces it by the prior mean. ``posterior_mean[i] = prior_mean + (1 - B_i) *
    (estimates[i] - prior_mean)``; ``kept`` is 1 - B_i, Efron & Morris's "shrinkage factor".
    ``posterior_sd`` includes the uncertainty of the estimated prior mean (see each fitter).
    """

    estimates: FloatArray
    variances: FloatArray
    prior_mean: float
    prior_variance: float
    shrinkage: FloatArray
    posterior_mean: FloatArray
    posterior_sd: FloatArray
    method: str

    @property
    def kept(self) -> FloatArray:
        """The fraction of each estimate's distance from the prior mean that survives."""
        return 1.0 - self.shrinkage


def james_stein(estimates: npt.ArrayLike, variance: float) -> NormalShrinkage:
    """Positive-part James-Stein shrinkage towards the grand mean, for equal variances.

    With k estimates y_i of common sampling variance ``variance`` (σ²) and S = Σ(y_i - ȳ)²,
    B = min(1, (k - 3)σ²/S) and the shrunk estimate is ȳ + (1 - B)(y_i - ȳ). The k - 3 (rather than
    k - 1) makes 1/(σ² + τ²) unbiased once the mean is estimated. ``posterior_sd`` is Morris's
    (1983) estimate, which adds the uncertainty of ȳ and of B:
    σ²(1 - (k - 1)B/k) + 2B²(y_i - ȳ)²/(k - 3).
    """
    values = finite_vector(estimates, "estimates")
    k = len(values)
    if k < 4:
        raise ValueError("James-Stein shrinkage needs at least 4 estimates")
    if not variance > 0:
        raise ValueError("variance must be positive")
    centre = float(values.mean())
    spread = float(np.sum((values - centre) ** 2))
    weight = 1.0 if spread == 0 else min(1.0, (k - 3) * variance / spread)
    deviations = values - centre
    posterior_var = variance * (1 - (k - 1) * weight / k) + 2 * weight**2 * deviations**2 / (k - 3)
    prior_variance = math.inf if weight == 0 else variance * (1 - weight) / weight
    return NormalShrinkage(
        estimates=values,
        variances=np.full(k, variance),
        prior_mean=centre,
        prior_variance=prior_variance,
        shrinkage=np.full(k, weight),
        posterior_mean=centre + (1 - weight) * deviations,
        posterior_sd=np.sqrt(posterior_var),
        method="james-stein",
    )


def normal_shrinkage(
    estimates: npt.ArrayLike,
    variances: npt.ArrayLike,
    *,
    method: NormalPriorMethod = "mle",
) -> NormalShrinkage:
    """Normal-normal empirical Bayes for estimates with unequal, known sampling variances.

    Model: y_i ~ N(θ_i, v_i), θ_i ~ N(μ, τ²). The prior variance τ² is estimated by

    - ``"mle"``: maximum marginal likelihood, y_i ~ N(μ, v_i + τ²) with μ profiled out;
    - ``"moments"``: the DerSimonian-Laird method of moments (the meta-analysis standard).

    Given τ², μ is the precision-weighted mean with weights w_i = 1/(v_i + τ²),
    B_i = v_i/(v_i + τ²), and the posterior variance is v_i(1 - B_i) + B_i²/Σw (the second term is
    the uncertainty of μ; the uncertainty of τ² itself is ignored, so intervals are slightly
    narrow for very few reps).
    """
    values = finite_vector(estimates, "estimates")
    noise = finite_vector(variances, "variances")
    same_length(estimates=values, variances=noise)
    if len(values) < 3:
        raise ValueError("empirical Bayes needs at least 3 estimates")
    if np.any(noise <= 0):
        raise ValueError("variances must be positive")
    if method == "mle":
        tau2 = _tau2_marginal_ml(values, noise)
    elif method == "moments":
        tau2 = _tau2_dersimonian_laird(values, noise)
    else:
        raise ValueError(f"unknown method {method!r}")
    weights = 1.0 / (noise + tau2)
    centre = float(np.sum(weights * values) / np.sum(weights))
    shrink = noise * weights
    posterior_var = noise * (1 - shrink) + shrink**2 / float(np.sum(weights))
    return NormalShrinkage(
        estimates=values,
        variances=noise,
        prior_mean=centre,
        prior_variance=tau2,
        shrinkage=shrink,
        posterior_mean=centre + (1 - shrink) * (values - centre),
        posterior_sd=np.sqrt(posterior_var),
        method=method,
    )


def _tau2_dersimonian_laird(values: FloatArray, noise: FloatArray) -> float:
    weights = 1.0 / noise
    centre = np.sum(weights * values) / np.sum(weights)
    q = float(np.sum(weights * (values - centre) ** 2))
    scale = float(np.sum(weights) - np.sum(weights**2) / np.sum(weights))
    return max(0.0, (q - (len(values) - 1)) / scale)


def _negative_profile_loglik(tau2: float, values: FloatArray, noise: FloatArray) -> float:
    total = noise + tau2
    weights = 1.0 / total
    centre = np.sum(weights * values) / np.sum(weights)
    return 0.5 * float(np.sum(np.log(total) + weights * (values - centre) ** 2))


def _tau2_marginal_ml(values: FloatArray, noise: FloatArray) -> float:
    upper = float(np.ptp(values)) ** 2 + float(noise.max())
    if upper == 0:
        return 0.0
    found = optimize.minimize_scalar(
        _negative_profile_loglik,
        bounds=(0.0, upper),
        args=(values, noise),
        method="bounded",
        options={"xatol": upper * 1e-10},
    )
    best = float(found.x)
    # The bounded search never evaluates the boundary itself; no spread at all is common.
    if _negative_profile_loglik(0.0, values, noise) <= _negative_profile_loglik(
        best, values, noise
    ):
        return 0.0
    return best


@dataclass(frozen=True)
class BetaPrior:
    """A Beta(alpha, beta) prior for rates: mean alpha/(alpha + beta), worth alpha + beta trials."""

    alpha: float
    beta: float
    method: str

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)

    @property
    def concentration(self) -> float:
        """alpha + beta: how many trials of a rep's own record weigh as much as the team prior."""
        return self.alpha + self.beta


def _counts(successes: npt.ArrayLike, trials: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    wins = finite_vector(successes, "successes")
    tries = finite_vector(trials, "trials")
    same_length(successes=wins, trials=tries)
    if np.any(wins < 0) or np.any(wins > tries):
        raise ValueError("every count must satisfy 0 <= successes <= trials")
    return wins, tries


def fit_beta_prior(
    successes: npt.ArrayLike,
    trials: npt.ArrayLike,
    *,
    method: BetaPriorMethod = "mle",
) -> BetaPrior:
    """Fit the team-wide Beta prior of per-rep rates (e.g. wins out of closed deals).

    ``"moments"``: m = Σx/Σn and the intra-class correlation rho from
    E[Σ n_i(p_i - m)²] = m(1 - m)[(k - 1) + rho(N - Σn_i²/N - (k - 1))], N = Σn (Kleinman 1973);
    then alpha + beta = (1 - rho)/rho. ``"mle"``: maximise the beta-binomial marginal likelihood
    Σ [ln B(x_i + alpha, n_i - x_i + beta) - ln B(alpha, beta)] over the mean and the log
    concentration, starting from the moments fit. Reps with no trials carry no information and
    are ignored. When the rates vary no more than chance alone would make them, the
    concentration is capped at ``MAX_CONCENTRATION`` (every rep is pulled to the team mean).
    """
    wins, tries = _counts(successes, trials)
    informative = tries > 0
    wins, tries = wins[informative], tries[informative]
    if len(wins) < 2:
        raise ValueError("fitting a prior needs at least 2 reps with trials")
    mean = float(wins.sum() / tries.sum())
    if mean in (0.0, 1.0):
        raise ValueError("cannot fit a prior when every rate is 0 or every rate is 1")
    moments = _beta_moments(wins, tries, mean)
    if method == "moments":
        return moments
    if method == "mle":
        return _beta_marginal_ml(wins, tries, moments)
    raise ValueError(f"unknown method {method!r}")


def _beta_moments(wins: FloatArray, tries: FloatArray, mean: float) -> BetaPrior:
    k = len(wins)
    total = float(tries.sum())
    dispersion = float(np.sum(tries * (wins / tries - mean) ** 2)) / (mean * (1 - mean))
    denominator = total - float(np.sum(tries**2)) / total - (k - 1)
    rho = (dispersion - (k - 1)) / denominator if denominator > 0 else 0.0
    concentration = MAX_CONCENTRATION if rho <= 0 else min(MAX_CONCENTRATION, (1 - rho) / rho)
    return BetaPrior(alpha=mean * concentration, beta=(1 - mean) * concentration, method="moments")


def _beta_marginal_ml(wins: FloatArray, tries: FloatArray, start: BetaPrior) -> BetaPrior:
    losses = tries - wins

    def objective(params: FloatArray) -> tuple[float, FloatArray]:
        mean, concentration = special.expit(params[0]), math.exp(params[1])
        a, b = mean * concentration, (1 - mean) * concentration
        loglik = np.sum(special.betaln(wins + a, losses + b) - special.betaln(a, b))
        common = special.digamma(tries + a + b) - special.digamma(a + b)
        d_a = np.sum(special.digamma(wins + a) - special.digamma(a) - common)
        d_b = np.sum(special.digamma(losses + b) - special.digamma(b) - common)
        slope = concentration * mean * (1 - mean) * (d_a - d_b)
        grad = np.array([slope, a * d_a + b * d_b])
        return -float(loglik), -grad

    start_point = np.array(
        [special.logit(start.mean), math.log(min(start.concentration, MAX_CONCENTRATION / 2))]
    )
    found = optimize.minimize(
        objective,
        start_point,
        jac=True,
        method="L-BFGS-B",
        bounds=[(None, None), (math.log(1e-3), math.log(MAX_CONCENTRATION))],
    )
    mean, concentration = float(special.expit(found.x[0])), math.exp(float(found.x[1]))
    return BetaPrior(alpha=mean * concentration, beta=(1 - mean) * concentration, method="mle")


@dataclass(frozen=True)
class BetaPosteriors:
    """Per-rep Beta(alpha_i, beta_i) posteriors of a rate and their equal-tailed intervals."""

    prior: BetaPrior
    alpha: FloatArray
    beta: FloatArray
    mean: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    credibility: float


def beta_binomial_posteriors(
    successes: npt.ArrayLike,
    trials: npt.ArrayLike,
    *,
    prior: BetaPrior | None = None,
    method: BetaPriorMethod = "mle",
    credibility: float = 0.95,
) -> BetaPosteriors:
    """Shrunk rates: the posterior Beta(alpha + x_i, beta + n_i - x_i) of each rep's true rate.

    The posterior mean (x_i + alpha)/(n_i + alpha + beta) is the rep's own rate pulled towards the
    prior mean, the more so the fewer trials the rep has. ``ci_low``/``ci_high`` bound the central
    ``credibility`` share of the posterior. Without ``prior``, it is fitted with ``method``.
    """
    wins, tries = _counts(successes, trials)
    if not 0 < credibility < 1:
        raise ValueError("credibility must be between 0 and 1")
    fitted = prior if prior is not None else fit_beta_prior(wins, tries, method=method)
    alpha = fitted.alpha + wins
    beta = fitted.beta + tries - wins
    tail = (1 - credibility) / 2
    return BetaPosteriors(
        prior=fitted,
        alpha=alpha,
        beta=beta,
        mean=alpha / (alpha + beta),
        ci_low=np.asarray(stats.beta.ppf(tail, alpha, beta), dtype=np.float64),
        ci_high=np.asarray(stats.beta.ppf(1 - tail, alpha, beta), dtype=np.float64),
        credibility=credibility,
    )
