"""Capability 9, "Impact": did adopting a practice (or being coached) move the adopters' results?

    from uplift.analytics.impact import analyse_impact, TreatmentEvent

    events = [TreatmentEvent(("salesforce", "005…"), "Mutual close plan", date(2026, 3, 14)), …]
    analysis = analyse_impact(con, events, as_of=date(2026, 10, 31))
    analysis.to_dict()["estimates"]  # one row per treatment and metric

The engine builds a balanced rep x month panel (:mod:`.panel`); each treatment is estimated with
Callaway & Sant'Anna's staggered difference-in-differences (:mod:`uplift.analytics.stats.did`),
comparing adopters with reps who have not adopted yet, on the deal-weighted win rate
(:mod:`.ratio`) and on bookings per rep and month. The method and its limits: ``docs/impact.md``.
"""

from uplift.analytics.impact.config import IMPACT_METRICS, ImpactConfig, ImpactMetric
from uplift.analytics.impact.estimate import (
    TreatmentEvent,
    analyse_impact,
    estimate_impact,
)
from uplift.analytics.impact.panel import (
    PANEL_COLUMNS,
    RepMonthPanel,
    crm_rep_keys,
    impact_window,
    panel_reps_expr,
    rep_month_panel,
    rep_month_panel_expr,
)
from uplift.analytics.impact.ratio import ratio_att_gt
from uplift.analytics.impact.results import (
    AdopterCounts,
    EventStudyPoint,
    ImpactAnalysis,
    NotEstimated,
    Reading,
    SampleSizes,
    TreatmentImpact,
)

__all__ = [
    "IMPACT_METRICS",
    "PANEL_COLUMNS",
    "AdopterCounts",
    "EventStudyPoint",
    "ImpactAnalysis",
    "ImpactConfig",
    "ImpactMetric",
    "NotEstimated",
    "Reading",
    "RepMonthPanel",
    "SampleSizes",
    "TreatmentEvent",
    "TreatmentImpact",
    "analyse_impact",
    "crm_rep_keys",
    "estimate_impact",
    "impact_window",
    "panel_reps_expr",
    "ratio_att_gt",
    "rep_month_panel",
    "rep_month_panel_expr",
]
