"""The multiplier bootstrap on influence functions, clustered by unit.

Each estimator here is asymptotically linear: estimate - truth ≈ (1/n) Σ_i ψ_i, one influence
value ψ_i per unit (a rep, a county). Multiplying every unit's ψ_i by an independent random weight
v_i with mean 0 and variance 1 and re-averaging reproduces the sampling distribution of the
estimate without re-estimating anything, and keeps all of a unit's periods together (clustering by
unit). This is the procedure of the ``did`` package: Mammen weights, standard errors from the
bootstrap interquartile range, and a uniform critical value from the maximum t-statistic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats

from uplift.analytics.stats._arrays import FloatArray

BootstrapWeights = Literal["mammen", "rademacher"]

_BLOCK_VALUES = 4_000_000
_MAMMEN_LOW = (1 - math.sqrt(5)) / 2
_MAMMEN_HIGH = (1 + math.sqrt(5)) / 2
_MAMMEN_P_LOW = (math.sqrt(5) + 1) / (2 * math.sqrt(5))
# Below this a standard error is numerically zero (a cell with no variation): reported as NaN.
DEGENERATE_SE = math.sqrt(np.finfo(np.float64).eps) * 10


@dataclass(frozen=True)
class Inference:
    """How uncertainty is computed: ``draws`` = 0 uses the analytical variance only."""

    draws: int = 1000
    seed: int = 0
    weights: BootstrapWeights = "mammen"
    confidence: float = 0.95

    def __post_init__(self) -> None:
        if self.draws < 0:
            raise ValueError("draws must not be negative")
        if not 0 < self.confidence < 1:
            raise ValueError("confidence must be between 0 and 1")
        if self.weights not in ("mammen", "rademacher"):
            raise ValueError(f"unknown bootstrap weights {self.weights!r}")

    @property
    def z(self) -> float:
        """The two-sided normal critical value for pointwise intervals."""
        return float(stats.norm.ppf(0.5 + self.confidence / 2))


def analytical_se(influence: FloatArray) -> FloatArray:
    """sqrt(Σψ²/n²) per column of an (n units x m estimates) influence matrix."""
    n = influence.shape[0]
    return np.asarray(np.sqrt(np.sum(influence**2, axis=0)) / n, dtype=np.float64)


def _draw_weights(rng: np.random.Generator, shape: tuple[int, int], kind: str) -> FloatArray:
    uniform = rng.random(shape)
    if kind == "mammen":
        return np.where(uniform < _MAMMEN_P_LOW, _MAMMEN_LOW, _MAMMEN_HIGH)
    return np.where(uniform < 0.5, -1.0, 1.0)


def bootstrap_se(influence: FloatArray, inference: Inference) -> tuple[FloatArray, float]:
    """Bootstrap standard errors per column, and the uniform critical value across columns.

    Returns (se, critical_value). With ``inference.draws == 0`` the standard errors are
    analytical and the critical value is the pointwise normal one (no simultaneous band).
    Columns whose standard error is numerically zero get NaN and are left out of the band.
    """
    n, m = influence.shape
    if inference.draws == 0:
        se = analytical_se(influence)
        return np.where(se > DEGENERATE_SE, se, np.nan), inference.z
    rng = np.random.default_rng(inference.seed)
    draws = np.empty((inference.draws, m))
    block = max(1, _BLOCK_VALUES // max(n, 1))
    for start in range(0, inference.draws, block):
        stop = min(inference.draws, start + block)
        weights = _draw_weights(rng, (stop - start, n), inference.weights)
        draws[start:stop] = weights @ influence / math.sqrt(n)
    upper, lower = np.quantile(draws, [0.75, 0.25], axis=0, method="inverted_cdf")
    sigma = (upper - lower) / (stats.norm.ppf(0.75) - stats.norm.ppf(0.25))
    se = sigma / math.sqrt(n)
    usable = se > DEGENERATE_SE
    if not np.any(usable):
        return np.full(m, np.nan), math.nan
    t_max = np.max(np.abs(draws[:, usable] / sigma[usable]), axis=1)
    critical = float(np.quantile(t_max, inference.confidence, method="inverted_cdf"))
    return np.where(usable, se, np.nan), critical
