"""How big is the star-vs-core gap, and how sure are we? Effect sizes with confidence intervals.

Each comparison can be fed either the per-rep values of the two groups or their sufficient
statistics (:class:`GroupSummary`: n, mean, variance, e.g. from n, Σx and Σx² computed in the
engine). Intervals are two-sided at ``confidence`` (0.95 by default).

- :func:`mean_difference`: star mean minus core mean, Welch's t interval (no equal-variance
  assumption).
- :func:`ratio_of_means`: the gap as a percentage, star/core - 1, by the delta method on the log
  scale with Welch-Satterthwaite degrees of freedom.
- :func:`hedges_g`: the standardised difference, bias-corrected (Hedges & Olkin 1985).
- :func:`adjusted_difference`: the gap after adjusting for segment mix, by OLS with HC3 robust
  standard errors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special, stats

from uplift.analytics.stats._arrays import finite_vector, same_length


@dataclass(frozen=True)
class GroupSummary:
    """Sufficient statistics of one group: size, mean and sample variance (ddof = 1)."""

    n: int
    mean: float
    variance: float

    @classmethod
    def from_values(cls, values: npt.ArrayLike) -> GroupSummary:
        data = finite_vector(values, "values")
        if len(data) < 2:
            raise ValueError("a group needs at least 2 values")
        return cls(n=len(data), mean=float(data.mean()), variance=float(data.var(ddof=1)))

    @classmethod
    def from_sums(cls, n: int, total: float, total_of_squares: float) -> GroupSummary:
        """From n, Σx and Σx², as aggregated by the engine."""
        if n < 2:
            raise ValueError("a group needs at least 2 values")
        mean = total / n
        variance = max(0.0, (total_of_squares - n * mean**2) / (n - 1))
        return cls(n=n, mean=mean, variance=variance)


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its standard error, confidence interval and two-sided p-value.

    ``df`` is the degrees of freedom of the reference t distribution (``inf`` for a normal one).
    For :func:`ratio_of_means` the estimate and interval are on the gap scale (star/core - 1)
    while ``se`` is that of the log ratio.
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    df: float
    confidence: float


GroupInput = GroupSummary | npt.ArrayLike


def _summary(group: GroupInput) -> GroupSummary:
    return group if isinstance(group, GroupSummary) else GroupSummary.from_values(group)


def _critical(confidence: float, df: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    return float(stats.t.ppf(0.5 + confidence / 2, df))


def _welch_df(parts: tuple[float, float], sizes: tuple[int, int]) -> float:
    numerator = (parts[0] + parts[1]) ** 2
    denominator = sum(part**2 / (size - 1) for part, size in zip(parts, sizes, strict=True))
    return math.inf if denominator == 0 else numerator / denominator


def _two_sided_p(statistic: float, df: float) -> float:
    return float(2 * stats.t.sf(abs(statistic), df))


def mean_difference(star: GroupInput, core: GroupInput, *, confidence: float = 0.95) -> Estimate:
    """Star mean minus core mean with Welch's t interval and p-value."""
    a, b = _summary(star), _summary(core)
    parts = (a.variance / a.n, b.variance / b.n)
    se = math.sqrt(sum(parts))
    df = _welch_df(parts, (a.n, b.n))
    diff = a.mean - b.mean
    half = _critical(confidence, df) * se
    p_value = (1.0 if diff == 0 else 0.0) if se == 0 else _two_sided_p(diff / se, df)
    return Estimate(diff, se, diff - half, diff + half, p_value, df, confidence)


def ratio_of_means(star: GroupInput, core: GroupInput, *, confidence: float = 0.95) -> Estimate:
    """The gap ``star/core - 1`` (0.5 = stars are 50 % higher), with a delta-method interval.

    On the log scale, Var(log x̄) ≈ s²/(n x̄²); the interval log(x̄_s/x̄_c) ± t·se, with
    Welch-Satterthwaite df, is mapped back by exp(·) - 1, so it is asymmetric and never
    below -100 %. Both means must be positive.
    """
    a, b = _summary(star), _summary(core)
    if a.mean <= 0 or b.mean <= 0:
        raise ValueError("a ratio of means needs positive means in both groups")
    parts = (a.variance / (a.n * a.mean**2), b.variance / (b.n * b.mean**2))
    se = math.sqrt(sum(parts))
    df = _welch_df(parts, (a.n, b.n))
    log_ratio = math.log(a.mean / b.mean)
    half = _critical(confidence, df) * se
    p_value = (1.0 if log_ratio == 0 else 0.0) if se == 0 else _two_sided_p(log_ratio / se, df)
    return Estimate(
        math.expm1(log_ratio),
        se,
        math.expm1(log_ratio - half),
        math.expm1(log_ratio + half),
        p_value,
        df,
        confidence,
    )


def hedges_g(star: GroupInput, core: GroupInput, *, confidence: float = 0.95) -> Estimate:
    """Hedges' g: the difference in means in pooled standard deviations, small-sample corrected.

    d = (x̄_s - x̄_c)/s_pooled, g = J·d with the exact J = Γ(m/2)/(√(m/2) Γ((m-1)/2)),
    m = n_s + n_c - 2. SE² = (n_s + n_c)/(n_s n_c) + g²/(2(n_s + n_c)) and a normal interval
    (Hedges & Olkin 1985). The p-value is the pooled two-sample t-test's, whose null is g = 0.
    Rough reading: 0.2 small, 0.5 medium, 0.8 large.
    """
    a, b = _summary(star), _summary(core)
    m = a.n + b.n - 2
    pooled = math.sqrt(((a.n - 1) * a.variance + (b.n - 1) * b.variance) / m)
    if pooled == 0:
        raise ValueError("Hedges' g is undefined when both groups have zero variance")
    correction = math.exp(special.gammaln(m / 2) - special.gammaln((m - 1) / 2)) / math.sqrt(m / 2)
    d = (a.mean - b.mean) / pooled
    g = correction * d
    total = a.n + b.n
    se = math.sqrt(total / (a.n * b.n) + g**2 / (2 * total))
    half = _critical(confidence, math.inf) * se
    t_stat = d / math.sqrt(1 / a.n + 1 / b.n)
    return Estimate(g, se, g - half, g + half, _two_sided_p(t_stat, m), math.inf, confidence)


def adjusted_difference(
    outcome: npt.ArrayLike,
    star: npt.ArrayLike,
    covariates: npt.ArrayLike | None = None,
    *,
    confidence: float = 0.95,
) -> Estimate:
    """The star-vs-core difference in a per-rep metric, holding segment mix fixed.

    Fits ``outcome ~ 1 + star + covariates`` by OLS (one row per rep; ``star`` is 0/1; covariates
    are e.g. the shares of a rep's deals in each segment, with one share left out because the
    shares sum to one). Returns the star coefficient with HC3 heteroscedasticity-robust standard
    errors and a t interval on the residual degrees of freedom (conservative for small teams).
    """
    y = finite_vector(outcome, "outcome")
    flag = finite_vector(star, "star")
    same_length(outcome=y, star=flag)
    if not np.all(np.isin(flag, (0.0, 1.0))):
        raise ValueError("star must be 0/1")
    n_star = int(flag.sum())
    if n_star < 2 or len(flag) - n_star < 2:
        raise ValueError("need at least 2 stars and 2 core reps")
    columns = [np.ones_like(y), flag]
    if covariates is not None:
        extra = np.asarray(covariates, dtype=np.float64)
        extra = extra.reshape(len(y), -1) if extra.ndim == 1 else extra
        if extra.shape[0] != len(y) or not np.all(np.isfinite(extra)):
            raise ValueError("covariates must be finite, one row per rep")
        columns.extend(extra.T)
    design = np.column_stack(columns)
    if np.linalg.matrix_rank(design) < design.shape[1]:
        raise ValueError(
            "the covariates are collinear with each other or with the intercept "
            "(leave one segment share out)"
        )
    if design.shape[0] <= design.shape[1] + 1:
        raise ValueError("too few reps for the number of covariates")
    # Imported here: statsmodels takes seconds to import, and most commands never fit a model.
    from statsmodels.regression.linear_model import OLS

    fit = OLS(y, design).fit(cov_type="HC3", use_t=True)
    estimate = float(fit.params[1])
    se = float(fit.bse[1])
    if not math.isfinite(se):
        raise ValueError("HC3 is undefined when one rep alone determines a coefficient")
    df = float(fit.df_resid)
    half = _critical(confidence, df) * se
    return Estimate(
        estimate, se, estimate - half, estimate + half, float(fit.pvalues[1]), df, confidence
    )
