"""Estimators on small in-memory tables: shrinkage, ranks, effect sizes, FDR, staggered DiD
(Callaway & Sant'Anna; the imputation estimator and two-stage DiD).

Everything here is pure numpy/scipy/statsmodels. The engine aggregates CRM rows into per-rep or
per-rep-period tables first; these functions never touch a database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from uplift.analytics.lazy import lazy_attributes

if TYPE_CHECKING:
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

# Each name is imported from its module on first use, so that reading one small part (a typed
# document, a table's columns) does not load the statistics and the engine behind the others.
_WHERE = {
    "BootstrapWeights": "uplift.analytics.stats._multiplier",
    "Inference": "uplift.analytics.stats._multiplier",
    "ControlGroup": "uplift.analytics.stats.did",
    "GroupTimeATT": "uplift.analytics.stats.did",
    "GroupTimeResult": "uplift.analytics.stats.did",
    "PreTrendTest": "uplift.analytics.stats.did",
    "att_gt": "uplift.analytics.stats.did",
    "Aggregate": "uplift.analytics.stats.did_aggregate",
    "AggregateElement": "uplift.analytics.stats.did_aggregate",
    "AggregationKind": "uplift.analytics.stats.did_aggregate",
    "aggregate": "uplift.analytics.stats.did_aggregate",
    "Estimate": "uplift.analytics.stats.effects",
    "GroupSummary": "uplift.analytics.stats.effects",
    "adjusted_difference": "uplift.analytics.stats.effects",
    "hedges_g": "uplift.analytics.stats.effects",
    "mean_difference": "uplift.analytics.stats.effects",
    "ratio_of_means": "uplift.analytics.stats.effects",
    "benjamini_hochberg": "uplift.analytics.stats.fdr",
    "benjamini_yekutieli": "uplift.analytics.stats.fdr",
    "qvalues": "uplift.analytics.stats.fdr",
    "DriftTest": "uplift.analytics.stats.imputation",
    "ImputationResult": "uplift.analytics.stats.imputation",
    "Variance": "uplift.analytics.stats.imputation",
    "imputation_att": "uplift.analytics.stats.imputation",
    "pre_trend_drift": "uplift.analytics.stats.imputation",
    "RankedReps": "uplift.analytics.stats.ranking",
    "TopFraction": "uplift.analytics.stats.ranking",
    "beta_top_fraction_probability": "uplift.analytics.stats.ranking",
    "rank_estimates": "uplift.analytics.stats.ranking",
    "rank_rates": "uplift.analytics.stats.ranking",
    "top_count": "uplift.analytics.stats.ranking",
    "top_fraction_probability": "uplift.analytics.stats.ranking",
    "BetaPosteriors": "uplift.analytics.stats.shrinkage",
    "BetaPrior": "uplift.analytics.stats.shrinkage",
    "NormalShrinkage": "uplift.analytics.stats.shrinkage",
    "beta_binomial_posteriors": "uplift.analytics.stats.shrinkage",
    "fit_beta_prior": "uplift.analytics.stats.shrinkage",
    "james_stein": "uplift.analytics.stats.shrinkage",
    "normal_shrinkage": "uplift.analytics.stats.shrinkage",
}


__getattr__ = lazy_attributes(__name__, _WHERE, globals())


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
