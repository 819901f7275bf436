"""Posteriors of a rep's index on the log scale, as a weighted sum of independent parts.

Every lens is a product of parts, each with a closed-form posterior:

- a **count** part, a rate ratio λ with a Gamma(shape, rate) posterior (wins or closed deals
  against what an average rep would have; :mod:`uplift.analytics.stats.counts`);
- a **size** part, a multiplier e^δ with δ ~ Normal(mean, sd) (the typical won deal against the
  organisation's on the same mix, shrunk by normal empirical Bayes on log amounts).

The bookings index is λ_wins x e^δ, attainment the same against the quota, win rate and volume a
single count part, average deal a single size part, and a composite lens a weighted geometric
mean of lenses: log index = Σ w_k log part_k. Means and sds of the index (not its log) are exact
for products of independent parts: E[λ^w] = Γ(a + w) / (Γ(a) b^w), E[e^{wδ}] = e^{w m + w² s²/2}.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

from uplift.analytics.stats.counts import GammaPosteriors

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class GammaPart:
    shape: FloatArray
    rate: FloatArray

    @classmethod
    def of(cls, posteriors: GammaPosteriors) -> GammaPart:
        return cls(posteriors.shape, posteriors.rate)

    def take(self, idx: IntArray) -> GammaPart:
        return GammaPart(self.shape[idx], self.rate[idx])

    def sample_log(self, rng: np.random.Generator, size: int) -> FloatArray:
        draws = rng.gamma(self.shape, 1.0 / self.rate, size=(size, len(self.shape)))
        return np.asarray(np.log(np.maximum(draws, 1e-300)), dtype=np.float64)

    def log_mean(self) -> FloatArray:
        return np.asarray(special.digamma(self.shape) - np.log(self.rate), dtype=np.float64)

    def power_mean(self, w: float) -> FloatArray:
        """E[λ^w]."""
        log_ratio = special.gammaln(self.shape + w) - special.gammaln(self.shape)
        return np.asarray(np.exp(log_ratio - w * np.log(self.rate)), dtype=np.float64)


@dataclass(frozen=True)
class NormalPart:
    mean: FloatArray
    sd: FloatArray

    def take(self, idx: IntArray) -> NormalPart:
        return NormalPart(self.mean[idx], self.sd[idx])

    def sample_log(self, rng: np.random.Generator, size: int) -> FloatArray:
        noise = rng.standard_normal((size, len(self.mean)))
        return np.asarray(self.mean + self.sd * noise, dtype=np.float64)

    def log_mean(self) -> FloatArray:
        return self.mean

    def power_mean(self, w: float) -> FloatArray:
        """E[(e^δ)^w]."""
        return np.asarray(np.exp(w * self.mean + 0.5 * w**2 * self.sd**2), dtype=np.float64)


Part = GammaPart | NormalPart


@dataclass(frozen=True)
class LogPosterior:
    """log index = Σ weight x log part, the parts independent a posteriori."""

    terms: tuple[tuple[float, Part], ...]

    def __len__(self) -> int:
        first = self.terms[0][1]
        return len(first.shape) if isinstance(first, GammaPart) else len(first.mean)

    def take(self, idx: IntArray) -> LogPosterior:
        return LogPosterior(tuple((w, part.take(idx)) for w, part in self.terms))

    def scaled(self, weight: float) -> LogPosterior:
        return LogPosterior(tuple((weight * w, part) for w, part in self.terms))

    def plus(self, other: LogPosterior) -> LogPosterior:
        return LogPosterior(self.terms + other.terms)

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """``size`` draws of the log index for every rep: an array (size, reps)."""
        total = np.zeros((size, len(self)), dtype=np.float64)
        for w, part in self.terms:
            total += w * part.sample_log(rng, size)
        return total

    def log_mean(self) -> FloatArray:
        return np.asarray(sum(w * part.log_mean() for w, part in self.terms), dtype=np.float64)

    def mean(self) -> FloatArray:
        """The posterior mean of the index itself."""
        out = np.ones(len(self))
        for w, part in self.terms:
            out = out * part.power_mean(w)
        return out

    def sd(self) -> FloatArray:
        second = np.ones(len(self))
        for w, part in self.terms:
            second = second * part.power_mean(2 * w)
        return np.asarray(np.sqrt(np.maximum(second - self.mean() ** 2, 0.0)), dtype=np.float64)
