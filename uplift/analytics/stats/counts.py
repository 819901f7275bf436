"""Empirical Bayes for counts against an expectation: the Poisson-gamma (negative binomial) model.

Each unit i has an observed count y_i (wins, closed deals) and an expected count e_i (what an
average rep would have on the same exposure and mix). Its true rate ratio lambda_i (1.0 = as
expected) is drawn from Gamma(shape a, rate a/μ) (mean μ, coefficient of variation 1/√a), and
y_i ~ Poisson(lambda_i e_i). Marginally y_i is negative binomial; a and μ are fitted to all units by
maximum likelihood, and each unit's posterior is Gamma(a + y_i, a/μ + e_i) in closed form.

This is the standard model for standardised ratios of counts (Clayton & Kaldor, 1987): a rep
with 5 wins against 1.2 expected keeps most of the prior's doubt, a rep with 550 wins against
500 expected barely moves. Unlike a normal approximation, the posterior stays skewed and
positive for small counts, and it never declares a rep near-certain on a handful of events.

``dispersion`` (phi) sets the sampling noise relative to Poisson: above 1 for counts lumpier
than Poisson, 1 - p for wins out of a known number of deals: y and e are divided by phi, the
quasi-likelihood device.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize, special

from uplift.analytics.stats._arrays import FloatArray, finite_vector, same_length

MAX_SHAPE = 1e6  # no measurable spread between units: everyone is pooled to the mean


@dataclass(frozen=True)
class GammaPrior:
    """The fitted spread of true rate ratios: Gamma with ``mean`` and ``shape`` (CV 1/√shape)."""

    mean: float
    shape: float

    @property
    def rate(self) -> float:
        return self.shape / self.mean


@dataclass(frozen=True)
class GammaPosteriors:
    """Per-unit Gamma(shape, rate) posteriors of the rate ratio, and the prior behind them."""

    prior: GammaPrior
    shape: FloatArray
    rate: FloatArray

    @property
    def mean(self) -> FloatArray:
        return np.asarray(self.shape / self.rate, dtype=np.float64)

    @property
    def sd(self) -> FloatArray:
        return np.asarray(np.sqrt(self.shape) / self.rate, dtype=np.float64)


def _negative_loglik(params: FloatArray, y: FloatArray, e: FloatArray) -> float:
    log_mu, log_alpha = float(params[0]), float(params[1])
    mu, alpha = math.exp(log_mu), math.exp(log_alpha)
    m = mu * e
    loglik = (
        special.gammaln(y + alpha)
        - special.gammaln(alpha)
        - special.gammaln(y + 1)
        + alpha * np.log(alpha / (alpha + m))
        + y * np.log(np.where(m > 0, m / (alpha + m), 1.0))
    )
    return -float(np.sum(loglik))


def fit_gamma_prior(counts: npt.ArrayLike, expected: npt.ArrayLike) -> GammaPrior:
    """Maximum-likelihood mean and shape of the rate ratios behind ``counts`` ~ NB(μ e, a).

    With no spread beyond Poisson noise the shape runs to infinity; it is capped at
    :data:`MAX_SHAPE` (every unit is then estimated at the common mean).
    """
    y = finite_vector(counts, "counts")
    e = finite_vector(expected, "expected")
    same_length(counts=y, expected=e)
    if np.any(y < 0) or np.any(e <= 0):
        raise ValueError("counts must be non-negative and expected counts positive")
    if len(y) < 2:
        raise ValueError("a prior needs at least two units")
    mu0 = max(float(y.sum() / e.sum()), 1e-6)
    ratio = y / e
    spread = float(np.var(ratio)) - float(np.mean(mu0 / e))
    cv2 = max(spread / mu0**2, 1e-4)
    start = np.array([math.log(mu0), math.log(min(1.0 / cv2, MAX_SHAPE))])
    fitted = optimize.minimize(
        _negative_loglik,
        start,
        args=(y, e),
        method="L-BFGS-B",
        bounds=[(math.log(mu0) - 5, math.log(mu0) + 5), (math.log(1e-3), math.log(MAX_SHAPE))],
    )
    log_mu, log_alpha = (float(v) for v in fitted.x)
    return GammaPrior(mean=math.exp(log_mu), shape=math.exp(log_alpha))


def gamma_posteriors(
    counts: npt.ArrayLike,
    expected: npt.ArrayLike,
    *,
    prior: GammaPrior | None = None,
    dispersion: npt.ArrayLike | float = 1.0,
) -> GammaPosteriors:
    """Posterior Gamma(a + y/phi, a/mu + e/phi) of each unit's rate ratio (module docstring).

    ``dispersion`` (phi, per unit or one for all) is the count's variance over its mean: 1 for
    Poisson counts, above 1 for lumpy ones, and 1 - p for wins out of a known number of deals
    won with probability p (binomial counts are less noisy than Poisson ones; at a 60 % win
    rate, much less). Counts and expectations are divided by it, the quasi-likelihood device.
    """
    phi = np.broadcast_to(np.asarray(dispersion, dtype=np.float64), np.shape(counts))
    if np.any(~np.isfinite(phi)) or np.any(phi <= 0):
        raise ValueError("dispersion must be positive")
    y = finite_vector(counts, "counts") / phi
    e = finite_vector(expected, "expected") / phi
    same_length(counts=y, expected=e)
    fitted = prior or fit_gamma_prior(y, e)
    return GammaPosteriors(prior=fitted, shape=fitted.shape + y, rate=fitted.rate + e)
