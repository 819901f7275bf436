"""What an impact analysis returns, and how each estimate is read in plain language."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from uplift.analytics.impact.config import ImpactConfig, ImpactMetric
from uplift.analytics.impact.inference import PreTrendCheck
from uplift.analytics.metrics.periods import Window
from uplift.analytics.stats import ControlGroup

Reading = Literal[
    "likely positive",
    "likely negative",
    "no effect detected",
    "too early to say",
    "pre-trends differ: treat with caution",
]
READINGS: tuple[Reading, ...] = (
    "likely positive",
    "likely negative",
    "no effect detected",
    "too early to say",
    "pre-trends differ: treat with caution",
)
# How each estimate's observations were exposed to the treatment (see ``impact/deals.py``).
EXPOSURES = {
    "deal_created": "each closed deal once, by the month it was created: deals created on or "
    "after the adoption day are treated, deals closed before it are 'before' deals, and a deal "
    "in flight at adoption is treated when at least half of its open life came after adoption, "
    "otherwise left out",
    "rep_month": "rep-months, treated from the adoption month on",
    "rep_month_closed": "deals by close month, treated from the adoption month on",
}
Unit = Literal["fraction", "currency", "count"]
METRIC_UNITS: dict[ImpactMetric, Unit] = {
    "win_rate": "fraction",
    "bookings": "currency",
    "deals_closed": "count",
    "deals_won": "count",
    "activities": "count",
}
METRIC_LABELS: dict[ImpactMetric, str] = {
    "win_rate": "win rate",
    "bookings": "bookings per month",
    "deals_closed": "deals closed per month",
    "deals_won": "deals won per month",
    "activities": "activities per month",
}


def finite(value: float | None) -> float | None:
    """``value``, or None when it is missing or not a finite number (JSON has no NaN)."""
    return None if value is None or not math.isfinite(value) else float(value)


@dataclass(frozen=True)
class EventStudyPoint:
    """The average effect ``event_time`` months after adoption (negative: before, where it
    should be near zero), with its pointwise interval and the simultaneous band."""

    event_time: int
    att: float
    ci_low: float
    ci_high: float
    band_low: float
    band_high: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_time": self.event_time,
            "att": finite(self.att),
            "ci": [finite(self.ci_low), finite(self.ci_high)],
            "band": [finite(self.band_low), finite(self.band_high)],
        }


@dataclass(frozen=True)
class SampleSizes:
    """Who the estimate rests on.

    ``adopters``: reps whose adoption entered the estimate; ``comparison_reps``: reps used as a
    comparison in at least one post-adoption month (with not-yet-treated comparisons this
    includes later adopters before they adopt); ``never_adopted``: panel reps who never adopted
    in the window; ``rep_months``: rep-months of the reps in the estimate; ``cohorts``: distinct
    adoption months; ``median_post_months``: the adopters' median months of follow-up,
    counting the adoption month.
    """

    adopters: int
    comparison_reps: int
    never_adopted: int
    rep_months: int
    cohorts: int
    median_post_months: float
    counted_early: int


@dataclass(frozen=True)
class TreatmentImpact:
    """The effect of one treatment (a practice, a coaching programme) on one metric.

    ``att`` is the average effect on the adopters over all months after adoption (the
    cohort-size-weighted "simple" aggregation of Callaway & Sant'Anna). It is a causal effect
    only under parallel trends: absent adoption, adopters would have moved like the comparison
    reps — the pre-trend test and the event study's pre-adoption points are the evidence for it.
    Rates are fractions (0.06 = six points); bookings are currency units per rep and month.
    """

    treatment: str
    metric: ImpactMetric
    control_group: ControlGroup
    att: float
    se: float
    ci_low: float
    ci_high: float
    confidence: float
    event_study: tuple[EventStudyPoint, ...]
    sizes: SampleSizes
    pretrend: PreTrendCheck | None
    reading: Reading
    estimator: str = "callaway_santanna"
    exposure: str = "rep_month"

    @property
    def method(self) -> str:
        if self.estimator == "imputation":
            return f"imputation_{self.exposure}"
        return f"callaway_santanna_{self.control_group}"

    @property
    def unit(self) -> Unit:
        return METRIC_UNITS[self.metric]

    @property
    def summary(self) -> str:
        """One sentence a sales leader can read."""
        compared = (
            "reps who had not adopted yet"
            if self.control_group == "not_yet_treated"
            else "reps who never adopted"
        )
        label = METRIC_LABELS[self.metric]
        interval = (
            f"{self.confidence:.0%} interval {_amount(self.ci_low, self.unit)} to "
            f"{_amount(self.ci_high, self.unit)}"
        )
        sentence = (
            f"After adopting, the {self.sizes.adopters} adopters' {label} changed by "
            f"{_amount(self.att, self.unit)} ({interval}) compared with "
            f"{self.sizes.comparison_reps} {compared}."
        )
        return f"{sentence} {_REASONS[self.reading]}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "treatment": self.treatment,
            "metric": self.metric,
            "unit": self.unit,
            "att": finite(self.att),
            "se": finite(self.se),
            "ci": [finite(self.ci_low), finite(self.ci_high)],
            "confidence": self.confidence,
            "method": self.method,
            "adopters": self.sizes.adopters,
            "comparison_reps": self.sizes.comparison_reps,
            "never_adopted": self.sizes.never_adopted,
            "rep_months": self.sizes.rep_months,
            "cohorts": self.sizes.cohorts,
            "median_post_months": self.sizes.median_post_months,
            "counted_early": self.sizes.counted_early,
            "pre_trend_p": None if self.pretrend is None else finite(self.pretrend.p_value),
            "pre_trend_drift": None if self.pretrend is None else finite(self.pretrend.drift),
            "event_study": [point.to_dict() for point in self.event_study],
            "reading": self.reading,
            "summary": self.summary,
            "estimator": self.estimator,
            "exposure": self.exposure,
            "exposure_rule": EXPOSURES.get(self.exposure, self.exposure),
            "pre_trend": pre_trend_words(self.pretrend),
        }


_REASONS: dict[Reading, str] = {
    "likely positive": "The whole interval is above zero.",
    "likely negative": "The whole interval is below zero.",
    "no effect detected": "The interval includes zero and, after enough time since adopting, "
    "rules out an effect worth having.",
    "too early to say": "The interval includes zero, or the adopters have had too little "
    "time since adopting, so the data cannot tell yet.",
    "pre-trends differ: treat with caution": "Before adopting, the adopters were already "
    "moving differently from the comparison reps, so this may not be the practice's doing.",
}


def _amount(value: float, unit: Unit) -> str:
    if not math.isfinite(value):
        return "unknown"
    if unit == "fraction":
        return f"{value * 100:+.1f} points"
    if unit == "currency":
        return f"{value:+,.0f}"
    return f"{value:+,.2f}"


def pre_trend_words(pretrend: PreTrendCheck | None, alpha: float = 0.05) -> str:
    """The pre-trend check in one sentence a leader can read."""
    if pretrend is None:
        return "Not checked: too few months before adopting to compare."
    if pretrend.p_value < alpha:
        return (
            "Before adopting, the adopters were already drifting away from the others "
            f"(p = {pretrend.p_value:.2f}), so part of the change may not be the practice's doing."
        )
    return (
        "Before adopting, the adopters moved like the others "
        f"(no drift detected, p = {pretrend.p_value:.2f})."
    )


def reading_for(
    *,
    ci_low: float,
    ci_high: float,
    pretrend: PreTrendCheck | None,
    median_post_months: float,
    config: ImpactConfig,
    metric: ImpactMetric = "win_rate",
) -> Reading:
    """The one place an impact estimate is read. A rejected pre-trend test outranks everything
    (the estimate's premise is in doubt); then too little follow-up says "too early to say";
    an interval wholly above (below) zero says "likely positive" ("likely negative"); a win-rate
    interval around zero within ± ``config.no_effect_within`` says "no effect detected"; any
    other interval (around zero but too wide to rule out a real effect) is "too early to say"."""
    if pretrend is not None and pretrend.p_value < config.pretrend_alpha:
        return "pre-trends differ: treat with caution"
    readable = math.isfinite(ci_low) and math.isfinite(ci_high)
    if median_post_months < config.min_post_months or not readable:
        return "too early to say"
    if ci_low > 0:
        return "likely positive"
    if ci_high < 0:
        return "likely negative"
    margin = config.no_effect_within
    if metric == "win_rate" and -margin <= ci_low and ci_high <= margin:
        return "no effect detected"
    return "too early to say"


@dataclass(frozen=True)
class NotEstimated:
    """A treatment left out, and why (too few adopters, no comparison reps, …)."""

    treatment: str
    adopters: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"treatment": self.treatment, "adopters": self.adopters, "reason": self.reason}


@dataclass(frozen=True)
class AdopterCounts:
    """What happened to one treatment's recorded adopters before estimation."""

    recorded: int  # distinct reps with an adoption date
    outside_panel: int  # not in the panel: unknown to the CRM, joined or left in the window
    before_window: int  # adopted in the panel's first month or earlier: no "before" to compare
    after_window: int  # adopted after the window: still comparison reps
    in_estimate: int
    also_other: int  # of those in the estimate: reps who also received another treatment


@dataclass(frozen=True)
class ImpactAnalysis:
    """Every estimate for every treatment and metric, over one rep-month panel."""

    window: Window
    months: int
    panel_reps: int
    excluded_reps: int
    config: ImpactConfig
    estimates: tuple[TreatmentImpact, ...]
    not_estimated: tuple[NotEstimated, ...]
    adopters: dict[str, AdopterCounts] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "window": self.window.to_dict(),
            "months": self.months,
            "panel_reps": self.panel_reps,
            "excluded_reps": self.excluded_reps,
            "config": self.config.to_dict(),
            "estimates": [estimate.to_dict() for estimate in self.estimates],
            "not_estimated": [item.to_dict() for item in self.not_estimated],
            "adopter_counts": {
                name: {
                    "recorded": counts.recorded,
                    "outside_panel": counts.outside_panel,
                    "before_window": counts.before_window,
                    "after_window": counts.after_window,
                    "in_estimate": counts.in_estimate,
                    "also_other": counts.also_other,
                }
                for name, counts in self.adopters.items()
            },
            "notes": list(self.notes),
        }
