"""Estimators on small in-memory tables: shrinkage, ranks, effect sizes, FDR, staggered DiD
(Callaway & Sant'Anna; the imputation estimator and two-stage DiD).

Everything here is pure numpy/scipy/statsmodels. The engine aggregates CRM rows into per-rep or
per-rep-period tables first; these functions never touch a database.
"""

from uplift.analytics.stats._multiplier import BootstrapWeights, Inference
from uplift.analytics.stats.did import (
    ControlGroup,
    GroupTimeATT,
    GroupTimeResult,
    PreTrendTest,
    att_gt,
)
from uplift.analytics.stats.did_aggregate import (
    Aggregate,
    AggregateElement,
    AggregationKind,
    aggregate,
)
from uplift.analytics.stats.effects import (
    Estimate,
    GroupSummary,
    adjusted_difference,
    hedges_g,
    mean_difference,
    ratio_of_means,
)
from uplift.analytics.stats.fdr import benjamini_hochberg, benjamini_yekutieli, qvalues
from uplift.analytics.stats.imputation import (
    DriftTest,
    ImputationResult,
    Variance,
    imputation_att,
    pre_trend_drift,
)
from uplift.analytics.stats.ranking import (
    RankedReps,
    TopFraction,
    beta_top_fraction_probability,
    rank_estimates,
    rank_rates,
    top_count,
    top_fraction_probability,
)
from uplift.analytics.stats.shrinkage import (
    BetaPosteriors,
    BetaPrior,
    NormalShrinkage,
    beta_binomial_posteriors,
    fit_beta_prior,
    james_stein,
    normal_shrinkage,
)

__all__ = [
    "Aggregate",
    "AggregateElement",
    "AggregationKind",
    "BetaPosteriors",
    "BetaPrior",
    "BootstrapWeights",
    "ControlGroup",
    "DriftTest",
    "Estimate",
    "GroupSummary",
    "GroupTimeATT",
    "GroupTimeResult",
    "ImputationResult",
    "Inference",
    "NormalShrinkage",
    "PreTrendTest",
    "RankedReps",
    "TopFraction",
    "Variance",
    "adjusted_difference",
    "aggregate",
    "att_gt",
    "benjamini_hochberg",
    "benjamini_yekutieli",
    "beta_binomial_posteriors",
    "beta_top_fraction_probability",
    "fit_beta_prior",
    "hedges_g",
    "imputation_att",
    "james_stein",
    "mean_difference",
    "normal_shrinkage",
    "pre_trend_drift",
    "qvalues",
    "rank_estimates",
    "rank_rates",
    "ratio_of_means",
    "top_count",
    "top_fraction_probability",
]
